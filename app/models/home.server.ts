import { and, asc, desc, eq, gt, inArray, lt } from "drizzle-orm";
import { schema, type Queryable } from "~/db.server";
import { bookedSessions } from "~/models/booked-sessions.server";

/** The person's live bookings on sessions that have not ended, soonest first. */
export async function upcomingBookingsOf(db: Queryable, personId: number, now: number, limit = 6) {
  return bookedSessions(db)
    .where(
      and(
        eq(schema.bookings.personId, personId),
        inArray(schema.bookings.status, ["booked", "waitlisted"]),
        gt(schema.sessions.endsAt, now),
      ),
    )
    .orderBy(asc(schema.sessions.startsAt))
    .limit(limit);
}

/** Attended sessions still waiting for the person's reflection, most recent first. */
export async function followUpsOf(db: Queryable, personId: number, now: number, limit = 5) {
  return bookedSessions(db)
    .where(
      and(
        eq(schema.bookings.personId, personId),
        eq(schema.bookings.status, "attended"),
        eq(schema.bookings.reflection, ""),
        lt(schema.sessions.startsAt, now),
      ),
    )
    .orderBy(desc(schema.sessions.startsAt))
    .limit(limit);
}
