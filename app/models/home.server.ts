/**
 * What Home shows a person: the seats they hold, the reflections they still owe, and, for a host,
 * the sessions they run and the attendance they still have to confirm.
 */
import { and, asc, desc, eq, gt, inArray, lt, lte, sql } from "drizzle-orm";
import { schema, type Queryable } from "~/db.server";
import { MINUTES_MAX } from "~/domain/hosting";
import { MINUTE } from "~/domain/time";
import { bookedSessions } from "~/models/booked-sessions.server";
import { seatCounts } from "~/models/sessions.server";

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

/** How many sessions the person holds a seat on, or waits for, that have not ended yet. */
export async function bookingCountsOf(db: Queryable, personId: number, now: number) {
  const [row] = await db
    .select({
      booked: sql<number>`coalesce(sum(case when ${schema.bookings.status} = 'booked' then 1 else 0 end), 0)`.mapWith(
        Number,
      ),
      waitlisted:
        sql<number>`coalesce(sum(case when ${schema.bookings.status} = 'waitlisted' then 1 else 0 end), 0)`.mapWith(
          Number,
        ),
    })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .where(
      and(
        eq(schema.bookings.personId, personId),
        inArray(schema.bookings.status, ["booked", "waitlisted"]),
        eq(schema.sessions.status, "scheduled"),
        gt(schema.sessions.endsAt, now),
      ),
    );
  return { booked: row?.booked ?? 0, waitlisted: row?.waitlisted ?? 0 };
}

// No session lasts longer than this, so one that has not ended started less than this long ago.
const LONGEST_SESSION = MINUTES_MAX * MINUTE;

const hostedNotEnded = (hostId: number, now: number) =>
  and(
    eq(schema.sessions.hostId, hostId),
    eq(schema.sessions.status, "scheduled"),
    gt(schema.sessions.startsAt, now - LONGEST_SESSION),
    gt(schema.sessions.endsAt, now),
  );

/**
 * The scheduled sessions a host runs that have not ended, soonest first, with the seats taken and
 * the people waiting on each, and how many there are in all.
 */
export async function hostingAheadOf(db: Queryable, hostId: number, now: number, limit = 6) {
  const [rows, [all]] = await Promise.all([
    db
      .select({
        id: schema.sessions.id,
        kindName: schema.sessionKinds.name,
        onSite: schema.sessionKinds.onSite,
        location: schema.sessions.location,
        startsAt: schema.sessions.startsAt,
        endsAt: schema.sessions.endsAt,
        seats: schema.sessions.seats,
      })
      .from(schema.sessions)
      .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.sessions.kindId))
      .where(hostedNotEnded(hostId, now))
      .orderBy(asc(schema.sessions.startsAt), asc(schema.sessions.id))
      .limit(limit),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(schema.sessions)
      .where(hostedNotEnded(hostId, now)),
  ]);
  const counts = await seatCounts(
    db,
    rows.map((r) => r.id),
  );
  return {
    total: all?.n ?? 0,
    sessions: rows.map((row) => ({ ...row, ...(counts.get(row.id) ?? { seated: 0, waitlisted: 0 }) })),
  };
}

const stillToConfirm = sql`exists (select 1 from ${schema.bookings} where ${schema.bookings.sessionId} = ${schema.sessions.id} and ${schema.bookings.status} = 'booked')`;

/**
 * The host's sessions that have started with seats whose attendance is still to confirm, the
 * latest first, with how many seats wait on each and how many such sessions there are in all.
 */
export async function attendanceToConfirmOf(db: Queryable, hostId: number, now: number, limit = 5) {
  const started = and(
    eq(schema.sessions.hostId, hostId),
    eq(schema.sessions.status, "scheduled"),
    lte(schema.sessions.startsAt, now),
    stillToConfirm,
  );
  const [sessions, [all]] = await Promise.all([
    db
      .select({
        id: schema.sessions.id,
        kindName: schema.sessionKinds.name,
        startsAt: schema.sessions.startsAt,
        endsAt: schema.sessions.endsAt,
        awaiting:
          sql<number>`(select count(*) from ${schema.bookings} where ${schema.bookings.sessionId} = ${schema.sessions.id} and ${schema.bookings.status} = 'booked')`.mapWith(
            Number,
          ),
      })
      .from(schema.sessions)
      .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.sessions.kindId))
      .where(started)
      .orderBy(desc(schema.sessions.startsAt), desc(schema.sessions.id))
      .limit(limit),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(schema.sessions)
      .where(started),
  ]);
  return { total: all?.n ?? 0, sessions };
}
