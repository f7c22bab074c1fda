import { schema, type Queryable } from "~/db.server";

export interface AuditEntry {
  at: number;
  actorId: number | null;
  /** A dotted verb, e.g. "booking.created", "session.cancelled". */
  action: string;
  entityType: "booking" | "session" | "series" | "assignment" | "completion" | "person" | "department" | "kind" | "module" | "feed" | "company";
  entityId: number | null;
  /** One sentence a person can read in the audit log. */
  summary: string;
  details?: Record<string, unknown>;
}

/** Every change to bookings, sessions, assignments and completions is written here, in the same transaction. */
export async function recordAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.insert(schema.auditLog).values({ ...entry, details: entry.details ?? {} });
}
