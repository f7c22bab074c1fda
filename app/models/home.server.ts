import { aliasedTable, and, asc, desc, eq, gt, inArray, lt } from "drizzle-orm";
import { schema, type Queryable } from "~/db.server";

const host = aliasedTable(schema.people, "host");

/** The person's live bookings on sessions that have not ended, soonest first. */
export async function upcomingBookingsOf(db: Queryable, personId: number, now: number, limit = 6) {
  return db
    .select({
      bookingId: schema.bookings.id,
      status: schema.bookings.status,
      sessionId: schema.sessions.id,
      sessionStatus: schema.sessions.status,
      startsAt: schema.sessions.startsAt,
      endsAt: schema.sessions.endsAt,
      kindName: schema.sessionKinds.name,
      onSite: schema.sessionKinds.onSite,
      location: schema.sessions.location,
      hostName: host.name,
    })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.sessions.kindId))
    .innerJoin(host, eq(host.id, schema.sessions.hostId))
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
  return db
    .select({
      bookingId: schema.bookings.id,
      sessionId: schema.sessions.id,
      startsAt: schema.sessions.startsAt,
      endsAt: schema.sessions.endsAt,
      kindName: schema.sessionKinds.name,
      hostName: host.name,
    })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.sessions.kindId))
    .innerJoin(host, eq(host.id, schema.sessions.hostId))
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
