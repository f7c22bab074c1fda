/**
 * Writing the audit log: every change to bookings, sessions, assignments, completions and the
 * directory, in the same transaction as the change. Admins read it a page at a time through
 * `~/models/admin.server`, and whole (with the same filters) through `auditLogEntries` here.
 */
import { and, desc, eq, lt, lte, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { schema, type Queryable } from "~/db.server";
import type { AuditEntityType, AuditQuery } from "~/domain/audit";
import { auditConditions } from "~/models/admin.server";

export interface AuditEntry {
  at: number;
  actorId: number | null;
  /** A dotted verb, e.g. "booking.created", "session.cancelled". */
  action: string;
  entityType: AuditEntityType;
  entityId: number | null;
  /** One sentence a person can read in the audit log. */
  summary: string;
  details?: Record<string, unknown>;
}

/** Every change to bookings, sessions, assignments and completions is written here, in the same transaction. */
export async function recordAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await recordAuditRows(tx, [entry]);
}

/**
 * Many audit rows at once, a few hundred a statement: for an import of thousands of people that
 * must not hold the write queue for long.
 */
export async function recordAuditRows(tx: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) {
    await tx.insert(schema.auditLog).values(entries.slice(i, i + 500).map((e) => ({ ...e, details: e.details ?? {} })));
  }
}

/** An entry as the download gives it, with who made the change (nobody for Frontline's own). */
export interface AuditLogEntry {
  id: number;
  at: number;
  action: string;
  entityType: string;
  entityId: number | null;
  summary: string;
  actorName: string | null;
  actorEmail: string | null;
}

/** How many entries the download reads at once. */
const ENTRIES_AT_ONCE = 2000;
const actor = alias(schema.people, "actor");

/**
 * Every entry the filters find, newest first as the page lists them: the audit log's download.
 * Read in slices that each start where the last ended (by time and id, along the time index), so
 * a long log never becomes one huge read or an ever slower OFFSET.
 */
export async function auditLogEntries(db: Queryable, query: AuditQuery): Promise<AuditLogEntry[]> {
  const where = auditConditions(db, query);
  const entries: AuditLogEntry[] = [];
  let after: { at: number; id: number } | null = null;
  for (;;) {
    // "At or before the last one, and not it or anything already read": the first part lets the
    // time index start where the last slice ended.
    const from: SQL | undefined = after
      ? and(lte(schema.auditLog.at, after.at), or(lt(schema.auditLog.at, after.at), lt(schema.auditLog.id, after.id)))
      : undefined;
    const slice: AuditLogEntry[] = await db
      .select({
        id: schema.auditLog.id,
        at: schema.auditLog.at,
        action: schema.auditLog.action,
        entityType: schema.auditLog.entityType,
        entityId: schema.auditLog.entityId,
        summary: schema.auditLog.summary,
        actorName: actor.name,
        actorEmail: actor.email,
      })
      .from(schema.auditLog)
      .leftJoin(actor, eq(actor.id, schema.auditLog.actorId))
      .where(and(where, from))
      .orderBy(desc(schema.auditLog.at), desc(schema.auditLog.id))
      .limit(ENTRIES_AT_ONCE);
    entries.push(...slice);
    if (slice.length < ENTRIES_AT_ONCE) return entries;
    const last = slice[slice.length - 1];
    after = { at: last.at, id: last.id };
  }
}
