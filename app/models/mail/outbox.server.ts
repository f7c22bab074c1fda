/**
 * The outbox table: messages are written here in the transaction of the change that causes them
 * (so a refused or rolled-back change sends nothing and a committed one is never lost), claimed by
 * a dispatcher with a lease in one UPDATE, and settled with what happened. Nothing is deleted.
 */
import { and, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { oncePer, schema, type Db, type Queryable } from "~/db.server";
import { LEASE_MS, MAX_ATTEMPTS, retryDelay } from "~/domain/mail/delivery";
import type { MailKind } from "~/domain/mail/kinds";
import type { NewMessage } from "~/mail/payloads.server";
import { recordAudit } from "~/models/audit.server";
import { nameOrEmailContains } from "~/models/people-search.server";

export type OutboxRow = typeof schema.outboxMessages.$inferSelect;
export type MailState = OutboxRow["state"];

const o = schema.outboxMessages;

/**
 * Writes messages in the caller's transaction. A message whose change key is already there is
 * left as it is: the same change is told once.
 */
export async function enqueueMail(tx: Queryable, messages: readonly NewMessage[], now: number): Promise<void> {
  for (let i = 0; i < messages.length; i += 200) {
    const rows = messages.slice(i, i + 200).map((m) => ({
      kind: m.kind,
      personId: m.personId,
      changeKey: m.changeKey,
      payload: m.payload as unknown as Record<string, unknown>,
      nextAttemptAt: now,
      createdAt: now,
      updatedAt: now,
    }));
    await tx.insert(o).values(rows).onConflictDoNothing({ target: o.changeKey });
  }
}

/**
 * Claims up to `limit` messages that are due and not held by a live lease, for `owner`, in one
 * UPDATE: two dispatchers never hold the same message, and a crashed one's lease runs out.
 */
export async function claimDueMessages(db: Db, input: { owner: string; now: number; limit: number }) {
  const { owner, now, limit } = input;
  const claimed = await db.write((tx) =>
    tx
      .update(o)
      .set({ leaseOwner: owner, leaseUntil: now + LEASE_MS, attempts: sql`${o.attempts} + 1`, updatedAt: now })
      .where(
        inArray(
          o.id,
          tx
            .select({ id: o.id })
            .from(o)
            .where(
              and(
                eq(o.state, "pending"),
                sql`${o.nextAttemptAt} <= ${now}`,
                sql`(${o.leaseUntil} is null or ${o.leaseUntil} <= ${now})`,
              ),
            )
            .orderBy(o.nextAttemptAt, o.id)
            .limit(limit),
        ),
      )
      .returning(),
  );
  return claimed.sort((a, b) => a.id - b.id);
}

export type Outcome =
  | { id: number; state: "sent" | "kept" }
  | { id: number; state: "skipped"; reason: string }
  | { id: number; state: "retry"; error: string; attempts: number };

/**
 * Records what became of claimed messages, only while `owner` still holds them. A failed try is
 * retried later with a growing wait, and given up as "failed" after MAX_ATTEMPTS tries.
 */
export async function settleMessages(
  db: Db,
  input: { owner: string; now: number; outcomes: readonly Outcome[] },
): Promise<void> {
  const { owner, now, outcomes } = input;
  if (!outcomes.length) return;
  const held = (ids: number[]) => and(inArray(o.id, ids), eq(o.leaseOwner, owner));
  const released = { leaseOwner: null, leaseUntil: null, updatedAt: now };
  await db.write(async (tx) => {
    for (const state of ["sent", "kept"] as const) {
      const ids = outcomes.filter((x) => x.state === state).map((x) => x.id);
      if (ids.length)
        await tx
          .update(o)
          .set({ ...released, state, sentAt: now, lastError: "" })
          .where(held(ids));
    }
    for (const outcome of outcomes) {
      if (outcome.state === "skipped") {
        await tx
          .update(o)
          .set({ ...released, state: "skipped", lastError: outcome.reason })
          .where(held([outcome.id]));
      } else if (outcome.state === "retry") {
        await tx
          .update(o)
          .set({
            ...released,
            state: outcome.attempts >= MAX_ATTEMPTS ? "failed" : "pending",
            nextAttemptAt: now + retryDelay(outcome.attempts),
            lastError: outcome.error.slice(0, 1000),
          })
          .where(held([outcome.id]));
      }
    }
  });
}

/** An admin sends a failed (or skipped, or kept) message again: it is due now, with fresh tries. */
export async function retryMessage(
  db: Db,
  input: { id: number; actorId: number; now: number },
): Promise<{ ok: true } | { ok: false; reason: "not_found" | "not_retryable" }> {
  const { id, actorId, now } = input;
  return db.write(async (tx) => {
    const [row] = await tx.select().from(o).where(eq(o.id, id));
    if (!row) return { ok: false, reason: "not_found" } as const;
    if (row.state === "sent" || row.state === "pending") return { ok: false, reason: "not_retryable" } as const;
    await tx
      .update(o)
      .set({ state: "pending", attempts: 0, nextAttemptAt: now, leaseOwner: null, leaseUntil: null, updatedAt: now })
      .where(eq(o.id, id));
    await recordAudit(tx, {
      at: now,
      actorId,
      action: "mail.retried",
      entityType: "mail",
      entityId: id,
      summary: `A ${row.state} message (number ${id}) was sent again.`,
      details: { kind: row.kind, personId: row.personId, previousState: row.state, attempts: row.attempts },
    });
    return { ok: true } as const;
  });
}

export interface OutboxFilter {
  personId?: number;
  /** Part of the recipient's name or e-mail address, whatever its case. */
  person?: string;
  kind?: MailKind;
  state?: MailState;
}

/**
 * The people whose name or address holds `text`: a subquery, so the outbox is read through its
 * (person, id) index for just those people.
 */
function recipientsMatching(q: Queryable, text: string) {
  return q.select({ id: schema.people.id }).from(schema.people).where(nameOrEmailContains(text));
}

function filterWhere(q: Queryable, filter: OutboxFilter): SQL | undefined {
  return and(
    filter.personId !== undefined ? eq(o.personId, filter.personId) : undefined,
    filter.person?.trim() ? inArray(o.personId, recipientsMatching(q, filter.person)) : undefined,
    filter.kind ? eq(o.kind, filter.kind) : undefined,
    filter.state ? eq(o.state, filter.state) : undefined,
  );
}

/**
 * A page of messages, newest first, with the recipient's name, address and zone (what the message
 * is written for); `before` (a message id) pages on to older ones.
 */
export async function listMessages(q: Queryable, filter: OutboxFilter, page: { before?: number; limit: number }) {
  const rows = await q
    .select({
      id: o.id,
      kind: o.kind,
      state: o.state,
      attempts: o.attempts,
      lastError: o.lastError,
      createdAt: o.createdAt,
      sentAt: o.sentAt,
      nextAttemptAt: o.nextAttemptAt,
      payload: o.payload,
      personId: o.personId,
      personName: schema.people.name,
      personEmail: schema.people.email,
      personTimeZone: schema.people.timeZone,
    })
    .from(o)
    .innerJoin(schema.people, eq(schema.people.id, o.personId))
    .where(and(filterWhere(q, filter), page.before !== undefined ? lt(o.id, page.before) : undefined))
    .orderBy(desc(o.id))
    .limit(page.limit + 1);
  return { rows: rows.slice(0, page.limit), more: rows.length > page.limit };
}

/**
 * How many messages are in each state (for the admin overview and the Outbox's filter): five rows
 * that triggers keep in step with every message (migration 0007), so the outbox itself is not read.
 */
export async function countByState(q: Queryable): Promise<Record<MailState, number>> {
  const rows = await countsRead(q).all();
  const counts: Record<MailState, number> = { pending: 0, sent: 0, failed: 0, kept: 0, skipped: 0 };
  for (const row of rows) counts[row.state] = row.n;
  return counts;
}

const countsRead = oncePer((q: Queryable) => q.select().from(schema.outboxCounts).prepare());

export async function messageById(q: Queryable, id: number) {
  const [row] = await q
    .select({
      message: o,
      personName: schema.people.name,
      personEmail: schema.people.email,
      personTimeZone: schema.people.timeZone,
    })
    .from(o)
    .innerJoin(schema.people, eq(schema.people.id, o.personId))
    .where(eq(o.id, id));
  return row;
}
