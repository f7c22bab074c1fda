/**
 * Writing the audit log: every change to bookings, sessions, assignments, completions and the
 * directory, in the same transaction as the change. Admins read it through `~/models/admin.server`.
 */
import { schema, type Queryable } from "~/db.server";
import type { AuditEntityType } from "~/domain/audit";

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
