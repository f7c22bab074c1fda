/**
 * The outbox's counts by state (`outbox_counts`, migration 0007) stay equal to a count of the
 * messages themselves, whatever happens to them: written, sent, kept, skipped, retried, given up
 * and removed.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { MAX_ATTEMPTS } from "~/domain/mail/delivery";
import { claimDueMessages, countByState, enqueueMail, settleMessages } from "~/models/mail/outbox.server";
import { aDepartment, aPerson } from "../support/builders";
import { freshDatabase } from "../support/db";

const NOW = Date.UTC(2030, 0, 7, 9);

/** The counts made the slow way, from every message. */
async function counted(db: Db) {
  const rows = await db.all<{ state: string; n: number }>(
    sql`select state, count(*) as n from outbox_messages group by state`,
  );
  const counts: Record<string, number> = { pending: 0, sent: 0, failed: 0, kept: 0, skipped: 0 };
  for (const row of rows) counts[row.state] = Number(row.n);
  return counts;
}

describe("the outbox's counts by state", () => {
  it("follow every message through writing, sending, retrying, giving up and removal", async () => {
    const { db } = await freshDatabase();
    const person = await aPerson(db, { department: await aDepartment(db) });
    expect(await countByState(db)).toEqual(await counted(db));

    const messages = Array.from({ length: 8 }, (_, i) => ({
      kind: "password_reset" as const,
      personId: person.id,
      changeKey: `password_reset:${i}`,
      payload: {},
    }));
    await db.write((tx) => enqueueMail(tx, messages, NOW));
    expect(await countByState(db)).toMatchObject({ pending: 8, sent: 0 });

    const claimed = await claimDueMessages(db, { owner: "one", now: NOW, limit: 8 });
    const [a, b, c, d, e] = claimed.map((m) => m.id);
    await settleMessages(db, {
      owner: "one",
      now: NOW,
      outcomes: [
        { id: a, state: "sent" },
        { id: b, state: "kept" },
        { id: c, state: "skipped", reason: "Turned off." },
        { id: d, state: "retry", error: "Connection refused.", attempts: 1 },
        { id: e, state: "retry", error: "Connection refused.", attempts: MAX_ATTEMPTS },
      ],
    });
    expect(await countByState(db)).toEqual(await counted(db));
    expect(await countByState(db)).toMatchObject({ sent: 1, kept: 1, skipped: 1, failed: 1 });

    await db.delete(schema.outboxMessages).where(eq(schema.outboxMessages.id, a));
    await db.update(schema.outboxMessages).set({ attempts: 2 }).where(eq(schema.outboxMessages.id, b));
    expect(await countByState(db)).toEqual(await counted(db));
  });
});
