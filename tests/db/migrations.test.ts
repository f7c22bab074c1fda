import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema, sqliteCode } from "~/db.server";
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
});
