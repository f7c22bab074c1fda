/**
 * Publishing: the kinds a host can publish, and one session or a weekly series with one session
 * per occurrence, in one write transaction with its audit rows. What a host then reads about
 * their sessions is in hosted-sessions.server.ts; changing them, in hosting-edits.server.ts.
 */
import { and, asc, desc, eq, gt, lt } from "drizzle-orm";
import { schema, type Db, type Queryable } from "~/db.server";
import type { KindFacts, SessionDetails } from "~/domain/hosting";
import type { Occurrence } from "~/domain/recurrence";
import { MINUTE, overlaps } from "~/domain/time";
import { recordAudit } from "~/models/audit.server";
import type { Session } from "~/models/bookings.server";

export type SessionSeries = typeof schema.sessionSeries.$inferSelect;

/** A short, zone-free name for a moment in an audit summary. */
export function auditTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The kinds a host can publish, by name. */
export async function hostableKinds(q: Queryable): Promise<KindFacts[]> {
  return q.query.sessionKinds.findMany({
    columns: { id: true, name: true, defaultMinutes: true, onSite: true },
    where: eq(schema.sessionKinds.active, true),
    orderBy: asc(schema.sessionKinds.name),
  });
}

/** The kind the host published most recently, to start the form from; null for a new host. */
export async function usualKindOf(q: Queryable, hostId: number): Promise<number | null> {
  const [row] = await q
    .select({ kindId: schema.sessions.kindId })
    .from(schema.sessions)
    .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.sessions.kindId))
    .where(and(eq(schema.sessions.hostId, hostId), eq(schema.sessionKinds.active, true)))
    .orderBy(desc(schema.sessions.createdAt), desc(schema.sessions.id))
    .limit(1);
  return row?.kindId ?? null;
}

export type CreateSessionsRefusal = { code: "kind_not_found" } | { code: "not_host" } | { code: "no_occurrences" };

export type CreateSessionsResult =
  | { ok: true; series: SessionSeries | null; sessions: Session[]; clashes: number }
  | { ok: false; reason: CreateSessionsRefusal };

/**
 * Publishes one session, or a weekly series: the `sessionSeries` row with its RRULE and one
 * session per occurrence, each in the host's zone.
 */
export async function createSessionOrSeries(
  db: Db,
  input: {
    hostId: number;
    actorId: number;
    kindId: number;
    timeZone: string;
    details: SessionDetails;
    occurrences: readonly Occurrence[];
    /** The series' RRULE; null for a session that does not repeat. */
    rrule: string | null;
    now: number;
  },
): Promise<CreateSessionsResult> {
  const { hostId, actorId, kindId, timeZone, details, occurrences, rrule, now } = input;
  if (occurrences.length === 0) return { ok: false, reason: { code: "no_occurrences" } };
  return db.write(async (tx): Promise<CreateSessionsResult> => {
    const kind = await tx.query.sessionKinds.findFirst({ where: eq(schema.sessionKinds.id, kindId) });
    if (!kind || !kind.active) return { ok: false, reason: { code: "kind_not_found" } };
    const host = await tx.query.people.findFirst({
      columns: { name: true, isHost: true, active: true },
      where: eq(schema.people.id, hostId),
    });
    if (!host || !host.isHost || !host.active) return { ok: false, reason: { code: "not_host" } };

    // Overlaps with the host's other sessions are allowed (a lead may run two agents' blocks), but said.
    const clashes = await hostClashes(tx, hostId, occurrences);
    const first = occurrences[0];
    let series: SessionSeries | null = null;
    if (rrule !== null && occurrences.length > 1) {
      [series] = await tx
        .insert(schema.sessionSeries)
        .values({
          kindId,
          hostId,
          ...details,
          rrule,
          firstStartsAt: first.startsAt,
          durationMinutes: Math.round((first.endsAt - first.startsAt) / MINUTE),
          timeZone,
          createdAt: now,
        })
        .returning();
      await recordAudit(tx, {
        at: now,
        actorId,
        action: "series.created",
        entityType: "series",
        entityId: series.id,
        summary: `${host.name} published a weekly ${kind.name} series of ${occurrences.length} sessions from ${auditTime(first.startsAt)}.`,
        details: { rrule, timeZone, occurrences: occurrences.length },
      });
    }
    const sessions = await tx
      .insert(schema.sessions)
      .values(
        occurrences.map((o) => ({
          seriesId: series?.id ?? null,
          kindId,
          hostId,
          ...details,
          startsAt: o.startsAt,
          endsAt: o.endsAt,
          timeZone,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning();
    for (const session of sessions) {
      await recordAudit(tx, {
        at: now,
        actorId,
        action: "session.created",
        entityType: "session",
        entityId: session.id,
        summary: `${host.name} published ${kind.name}, ${auditTime(session.startsAt)}, with ${session.seats} ${session.seats === 1 ? "seat" : "seats"}.`,
        details: { seriesId: series?.id ?? null, seats: session.seats, departmentCap: session.departmentCap },
      });
    }
    return { ok: true, series, sessions, clashes };
  });
}

/** How many of the given times overlap a session the host already runs (a clash worth a warning). */
export async function hostClashes(q: Queryable, hostId: number, spans: readonly Occurrence[]): Promise<number> {
  if (spans.length === 0) return 0;
  const from = Math.min(...spans.map((s) => s.startsAt));
  const to = Math.max(...spans.map((s) => s.endsAt));
  const existing = await q
    .select({ startsAt: schema.sessions.startsAt, endsAt: schema.sessions.endsAt })
    .from(schema.sessions)
    .where(
      and(
        eq(schema.sessions.hostId, hostId),
        eq(schema.sessions.status, "scheduled"),
        lt(schema.sessions.startsAt, to),
        gt(schema.sessions.endsAt, from),
      ),
    );
  return spans.filter((span) => existing.some((session) => overlaps(session, span))).length;
}
