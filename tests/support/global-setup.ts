import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "~/db.server";
import { seedDemoCompany } from "../../db/seed";
import { TEST_NOW } from "./clock";

/**
 * Once per run: the production build that route and browser tests load (as `npm run build` makes it), and two migrated
 * template databases that every test copies (an empty company, and the demo company built at
 * TEST_NOW). FRONTLINE_SKIP_BUILD=1 reuses an existing build while iterating on domain tests.
 */
export default async function setup(project: TestProject) {
  if (process.env.FRONTLINE_SKIP_BUILD !== "1") {
    // Without VITEST in its environment, vite.config.ts turns the Remix plugin on.
    const { VITEST: _vitest, VITEST_MODE: _mode, ...env } = process.env;
    execFileSync("node_modules/.bin/remix", ["vite:build"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...env, NODE_ENV: "production" },
    });
    execFileSync("node_modules/.bin/tsx", ["app/server/build-server.ts"], { stdio: ["ignore", "ignore", "inherit"] });
  }
  const folder = mkdtempSync(path.join(os.tmpdir(), "frontline-templates-"));
  const empty = await template(path.join(folder, "empty.db"));
  const demo = await template(path.join(folder, "demo.db"), (db) => seedDemoCompany(db, { now: TEST_NOW }));
  project.provide("templates", { empty, demo });
  return () => rmSync(folder, { recursive: true, force: true });
}

async function template(file: string, fill?: (db: ReturnType<typeof openDatabase>) => Promise<unknown>) {
  const db = openDatabase(`file:${file}`);
  await migrateDatabase(db);
  await fill?.(db);
  // Fold the write-ahead log into the file, so a plain copy of the file is the whole database.
  await db.$client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  db.$client.close();
  return file;
}
