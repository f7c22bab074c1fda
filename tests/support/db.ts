import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, inject, onTestFinished } from "vitest";
import { openDatabase, type Db } from "~/db.server";

/** The migrated template files the global setup made: an empty company, and the demo company at TEST_NOW. */
export type Template = "empty" | "demo";

declare module "vitest" {
  export interface ProvidedContext {
    templates: Record<Template, string>;
  }
}

export interface TestDatabase {
  db: Db;
  url: string;
  folder: string;
}

/**
 * A database of this test's own: a copy of a migrated template file (the demo company's, or an
 * empty one), so no test sees another's rows and none depends on the order they run in.
 * Inside a test it is removed when the test finishes; in a `beforeAll`, when the file's tests do.
 */
export async function freshDatabase(template: Template = "empty"): Promise<TestDatabase> {
  const folder = mkdtempSync(path.join(os.tmpdir(), "frontline-test-"));
  const file = path.join(folder, "frontline.db");
  copyFileSync(inject("templates")[template], file);
  const url = `file:${file}`;
  const db = openDatabase(url);
  const cleanUp = () => {
    db.$client.close();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    onTestFinished(cleanUp);
  } catch {
    afterAll(cleanUp);
  }
  return { db, url, folder };
}
