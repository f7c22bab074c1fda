import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { migrateDatabase, openDatabase, type Db } from "~/db.server";

/** A fresh database file in its own temp folder, migrated with the real migrations. */
export async function freshDatabase(): Promise<{ db: Db; url: string; folder: string }> {
  const folder = mkdtempSync(path.join(os.tmpdir(), "frontline-test-"));
  const url = `file:${path.join(folder, "frontline.db")}`;
  const db = openDatabase(url);
  await migrateDatabase(db);
  afterAll(() => {
    db.$client.close();
    rmSync(folder, { recursive: true, force: true });
  });
  return { db, url, folder };
}
