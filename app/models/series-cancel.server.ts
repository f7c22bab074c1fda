/**
 * Calling off a session and the following sessions of its series, in one write transaction: each
 * session is cancelled as a single cancellation is (the record kept, its version raised, the
 * people booked sent the cancellation of their invite, the people waiting told), with an audit row
 * per session and one for the series. Earlier sessions, and any that have started, stay as they were.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { schema, type Db } from "~/db.server";
import { decideSessionCancellation, type SessionCancelRefusal } from "~/domain/bookings";
import { recordAudit } from "~/models/audit.server";
import { sessionCancelled, type Booking, type Session } from "~/models/bookings.server";
import { sessionsToCancel } from "~/models/hosted-sessions.server";
import { auditTime } from "~/models/hosting.server";
import { mailSeats } from "~/models/mail/seat-mail.server";

export type CancelFollowingResult =
  { ok: true; cancelled: Session[]; affected: Booking[] } | { ok: false; reason: SessionCancelRefusal };

/**
 * Cancels a session and the scheduled sessions of its series from it on. The session asked for
 * decides: if it may not be cancelled (another host's, already cancelled, started, a reason too
 * long), nothing is.
 */
export async function cancelFollowingSessions(
  db: Db,
  input: { sessionId: number; actorId: number; reason: string; now: number },
): Promise<CancelFollowingResult> {
  const { sessionId, actorId, now } = input;
  return db.write(async (tx): Promise<CancelFollowingResult> => {
    const target = await tx.query.sessions.findFirst({
      where: eq(schema.sessions.id, sessionId),
      with: { kind: { columns: { name: true } }, host: { columns: { name: true } } },
    });
    if (!target) return { ok: false, reason: { code: "session_not_found" } };
    const [actor] = await tx
      .select({ id: schema.people.id, isAdmin: schema.people.isAdmin })
      .from(schema.people)
      .where(eq(schema.people.id, actorId));
    const decision = decideSessionCancellation({
      session: target,
      actor: actor ?? { id: actorId, isAdmin: false },
      reason: input.reason,
      now,
    });
    if (!decision.ok) return decision;
    const reason = decision.reason;
    const title = `${target.kind.name} with ${target.host.name}`;

    const ids = await sessionsToCancel(tx, target, "following", now);
    const sessions = await tx
      .select()
      .from(schema.sessions)
      .where(inArray(schema.sessions.id, ids))
      .orderBy(asc(schema.sessions.startsAt));
    const cancelled: Session[] = [];
    const affected: Booking[] = [];
    for (const session of sessions) {
      const [row] = await tx
        .update(schema.sessions)
        .set(sessionCancelled(session, reason, now))
        .where(eq(schema.sessions.id, session.id))
        .returning();
      const live = await tx
        .select()
        .from(schema.bookings)
        .where(
          and(eq(schema.bookings.sessionId, session.id), inArray(schema.bookings.status, ["booked", "waitlisted"])),
        )
        .orderBy(asc(schema.bookings.id));
      await recordAudit(tx, {
        at: now,
        actorId,
        action: "session.cancelled",
        entityType: "session",
        entityId: session.id,
        summary: `${title}, ${auditTime(session.startsAt)}, was cancelled with the following sessions of its series${reason ? `: ${reason}` : ""}.`,
        details: { reason, scope: "following", seriesId: session.seriesId, affectedBookingIds: live.map((b) => b.id) },
      });
      const of = (status: string) => live.filter((b) => b.status === status).map((b) => b.id);
      await mailSeats(tx, { bookingIds: of("booked"), kind: "session_cancelled", extra: { reason }, now });
      await mailSeats(tx, {
        bookingIds: of("waitlisted"),
        kind: "waitlist_left",
        extra: { byName: "", selfCancelled: false, sessionCancelled: true, reason },
        now,
      });
      cancelled.push(row);
      affected.push(...live);
    }
    if (target.seriesId !== null) {
      await recordAudit(tx, {
        at: now,
        actorId,
        action: "series.cancelled_from",
        entityType: "series",
        entityId: target.seriesId,
        summary: `${title}: the weekly series was cancelled from ${auditTime(target.startsAt)} on, ${cancelled.length} ${cancelled.length === 1 ? "session" : "sessions"}${reason ? `: ${reason}` : ""}.`,
        details: { reason, fromSessionId: target.id, sessions: cancelled.map((s) => s.id) },
      });
    }
    return { ok: true, cancelled, affected };
  });
}
