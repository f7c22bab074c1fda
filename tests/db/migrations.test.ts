import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/libsql/migrator";
import { describe, expect, it, onTestFinished } from "vitest";
import { migrateDatabase, migrationsFolder, openDatabase, schema, sqliteCode } from "~/db.server";
import { freshDatabase } from "../support/db";

describe("migrations", () => {
  it("create every table of the domain model in WAL mode", async () => {
    const { db } = await freshDatabase();
    const rows = await db.all<{ name: string }>(
      sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name`,
    );
    expect(rows.map((r) => r.name)).toEqual([
      "account_tokens",
      "assignments",
      "audit_log",
      "bookings",
      "calendar_feeds",
      "calendar_shared_version",
      "completions",
      "departments",
      "mail_preferences",
      "outbox_counts",
      "outbox_messages",
      "people",
      "people_search",
      "people_search_config",
      "people_search_data",
      "people_search_docsize",
      "people_search_idx",
      "plan_lines",
      "plans",
      "reporting_lines",
      "service_modules",
      "session_kinds",
      "session_series",
      "sessions",
      "settings",
      "sign_in_throttles",
      "sign_ins",
      "training_version",
    ]);
    const [mode] = await db.all<{ journal_mode: string }>(sql`pragma journal_mode`);
    expect(mode.journal_mode).toBe("wal");
  });

  it("serialise concurrent write transactions instead of failing with SQLITE_BUSY", async () => {
    const { db } = await freshDatabase();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.write(async (tx) => {
          await tx.insert(schema.settings).values({ key: `k${i}`, value: String(i) });
          await new Promise((resolve) => setTimeout(resolve, 1));
        }),
      ),
    );
    const rows = await db.select().from(schema.settings);
    expect(rows).toHaveLength(40);
  });

  it("refuse a department kind outside the product's words", async () => {
    const { db } = await freshDatabase();
    const error = await db
      .run(sql`insert into departments (name, kind) values ('Legal', 'somewhere')`)
      .catch((e: unknown) => e);
    expect(sqliteCode(error)).toMatch(/^SQLITE_CONSTRAINT/);
  });

  it("keep every existing module's rule counted in sessions when hour rules arrive", async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "frontline-migrations-"));
    const db = openDatabase(`file:${path.join(folder, "frontline.db")}`);
    onTestFinished(() => {
      db.$client.close();
      rmSync(folder, { recursive: true, force: true });
    });
    // The database as it was before hour rules: the migrations up to 0005 only.
    const before = path.join(folder, "before");
    const journal = JSON.parse(readFileSync(path.join(migrationsFolder(), "meta/_journal.json"), "utf8")) as {
      entries: { idx: number; tag: string }[];
    };
    const earlier = journal.entries.filter((e) => e.idx <= 5);
    for (const entry of earlier) {
      const file = `${entry.tag}.sql`;
      copyFileSync(path.join(migrationsFolder(), file), path.join(writeFolder(before), file));
    }
    writeFileSync(
      path.join(writeFolder(path.join(before, "meta")), "_journal.json"),
      JSON.stringify({ ...journal, entries: earlier }),
    );
    await migrate(db, { migrationsFolder: before });
    await db.run(
      sql`insert into session_kinds (name, default_minutes, on_site) values ('Call-centre listen-in', 60, 0)`,
    );
    await db.run(sql`insert into service_modules (title, rule_kind_id, required_count, reflection_required)
      values ('Hear the customer', 1, 2, 1), ('Any three', null, 3, 0)`);

    await migrateDatabase(db);
    const modules = await db.select().from(schema.serviceModules).orderBy(schema.serviceModules.id);
    expect(modules.map((m) => [m.title, m.requiredCount, m.requiredMinutes, m.reflectionRequired])).toEqual([
      ["Hear the customer", 2, null, true],
      ["Any three", 3, null, false],
    ]);
    // The triggers on modules survive: changing one still tells the calendars.
    const [{ version }] = await db.all<{ version: number }>(sql`select version from calendar_shared_version`);
    await db.run(sql`update service_modules set required_minutes = 120 where id = 1`);
    const [after] = await db.all<{ version: number }>(sql`select version from calendar_shared_version`);
    expect(after.version).toBe(version + 1);
    for (const minutes of [0, 45, 12030]) {
      const error = await db
        .run(sql`update service_modules set required_minutes = ${minutes} where id = 2`)
        .catch((e: unknown) => e);
      expect(sqliteCode(error), `${minutes} minutes`).toMatch(/^SQLITE_CONSTRAINT/);
    }
  });
});

function writeFolder(folder: string): string {
  mkdirSync(folder, { recursive: true });
  return folder;
}
