/**
 * A connection that met SQLITE_BUSY is not used again. Another client on the same file (here in
 * the same process, as a second process or a sqlite3 shell would be) holds the write lock; the
 * app's write fails at once with SQLITE_BUSY, and on @libsql/client that failed connection would
 * refuse every later COMMIT ("SQL statements in progress"). The `Db` swaps in a fresh client, so
 * the next write succeeds as soon as the other writer is done.
 */
import { createClient } from "@libsql/client";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema, sqliteCode } from "~/db.server";
import { freshDatabase } from "../support/db";

async function withAnotherWriter(url: string) {
  const other = createClient({ url });
  const transaction = await other.transaction("write");
  await transaction.execute("insert into settings (key, value) values ('other', 'holds the write lock')");
  return {
    commit: async () => {
      await transaction.commit();
      other.close();
    },
  };
}

const setting = (key: string) => ({ key, value: key });

describe("a connection that failed with SQLITE_BUSY", () => {
  it("is replaced: the next write on the same Db succeeds", async () => {
    const { db, url } = await freshDatabase();
    const client = db.$client;
    const other = await withAnotherWriter(url);

    const refused = await db.write((tx) => tx.insert(schema.settings).values(setting("refused"))).catch((e) => e);
    expect(sqliteCode(refused)).toBe("SQLITE_BUSY");
    await other.commit();

    for (const key of ["first", "second", "third"])
      await db.write((tx) => tx.insert(schema.settings).values(setting(key)));
    const keys = (await db.select().from(schema.settings)).map((row) => row.key).sort();
    expect(keys).toEqual(["first", "other", "second", "third"]);
    expect(db.$client).toBe(client);
  });

  it("is replaced after a busy failure outside a write transaction too", async () => {
    const { db, url } = await freshDatabase();
    const other = await withAnotherWriter(url);
    const refused = await db
      .insert(schema.settings)
      .values(setting("refused"))
      .catch((e: unknown) => e);
    expect(sqliteCode(refused)).toBe("SQLITE_BUSY");
    await other.commit();

    await db.write((tx) => tx.insert(schema.settings).values(setting("after")));
    const [row] = await db.select().from(schema.settings).where(eq(schema.settings.key, "after"));
    expect(row.value).toBe("after");
  });

  it("is replaced while other writes wait their turn in the queue", async () => {
    const { db, url } = await freshDatabase();
    const other = await withAnotherWriter(url);
    const refused = db.write((tx) => tx.insert(schema.settings).values(setting("refused"))).catch((e: unknown) => e);
    // Queued behind the refused write; by its turn the other writer has committed.
    const queued = Array.from({ length: 20 }, (_, i) =>
      db.write((tx) => tx.insert(schema.settings).values(setting(`k${i}`))),
    );
    await refused.then(() => other.commit());
    expect(sqliteCode(await refused)).toBe("SQLITE_BUSY");
    await Promise.all(queued);
    expect(await db.$count(schema.settings)).toBe(21);
  });
});
