/**
 * What Home shows a person: the seats they hold, the reflections they still owe, and, for a host,
 * the sessions they run and the attendance they still have to confirm.
 */
import { and, asc, desc, eq, gt, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/sqlite-core";
import { oncePer, schema, type Queryable } from "~/db.server";
import { MINUTES_MAX } from "~/domain/hosting";
import { MINUTE } from "~/domain/time";
import { bookedSessions } from "~/models/booked-sessions.server";
import { seatsTakenOn } from "~/models/sessions.server";

/** What each visit fills in: whose Home it is, and when. */
const personParam = sql.placeholder("personId");
const hostParam = sql.placeholder("hostId");
const nowParam = sql.placeholder("now");

/** How many of the person's upcoming bookings Home lists, and of the reflections they owe. */
const UPCOMING_SHOWN = 6;
const FOLLOW_UPS_SHOWN = 5;
/** How many of a host's sessions Home lists, ahead and still to confirm. */
const HOSTING_SHOWN = 6;
const TO_CONFIRM_SHOWN = 5;

// No session lasts longer than this, so one that has not ended started less than this long ago.
const LONGEST_SESSION = MINUTES_MAX * MINUTE;

const hostedNotEnded = and(
  eq(schema.sessions.hostId, hostParam),
  eq(schema.sessions.status, "scheduled"),
  gt(schema.sessions.startsAt, sql.placeholder("startedAfter")),
  gt(schema.sessions.endsAt, nowParam),
);

const seatsAwaitingAttendance = sql<number>`(select count(*) from ${schema.bookings} where ${schema.bookings.sessionId} = ${schema.sessions.id} and ${schema.bookings.status} = 'booked')`;

const startedToConfirm = and(
  eq(schema.sessions.hostId, hostParam),
  eq(schema.sessions.status, "scheduled"),
  lte(schema.sessions.startsAt, nowParam),
  sql`exists (select 1 from ${schema.bookings} where ${schema.bookings.sessionId} = ${schema.sessions.id} and ${schema.bookings.status} = 'booked')`,
);

/** Every read Home makes, built once per database: each visit only fills in the person and the time. */
const homeReadsOf = oncePer((db: Queryable) => {
  const withKind = <Fields extends SelectedFields>(fields: Fields) =>
    db
      .select({ id: schema.sessions.id, kindName: schema.sessionKinds.name, ...fields })
      .from(schema.sessions)
      .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.sessions.kindId));
  const counted = (where: SQL | undefined) =>
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(schema.sessions)
      .where(where)
      .prepare();
  return {
    upcoming: bookedSessions(db)
      .where(
        and(
          eq(schema.bookings.personId, personParam),
          inArray(schema.bookings.status, ["booked", "waitlisted"]),
          gt(schema.sessions.endsAt, nowParam),
        ),
      )
      .orderBy(asc(schema.sessions.startsAt))
      .limit(UPCOMING_SHOWN)
      .prepare(),
    followUps: bookedSessions(db)
      .where(
        and(
          eq(schema.bookings.personId, personParam),
          eq(schema.bookings.status, "attended"),
          eq(schema.bookings.reflection, ""),
          lt(schema.sessions.startsAt, nowParam),
        ),
      )
      .orderBy(desc(schema.sessions.startsAt))
      .limit(FOLLOW_UPS_SHOWN)
      .prepare(),
    counts: db
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
          eq(schema.bookings.personId, personParam),
          inArray(schema.bookings.status, ["booked", "waitlisted"]),
          eq(schema.sessions.status, "scheduled"),
          gt(schema.sessions.endsAt, nowParam),
        ),
      )
      .prepare(),
    hosting: withKind({
      onSite: schema.sessionKinds.onSite,
      location: schema.sessions.location,
      startsAt: schema.sessions.startsAt,
      endsAt: schema.sessions.endsAt,
      seats: schema.sessions.seats,
      seated: seatsTakenOn(schema.sessions.id).mapWith(Number),
      waitlisted:
        sql<number>`(select count(*) from ${schema.bookings} where ${schema.bookings.sessionId} = ${schema.sessions.id} and ${schema.bookings.status} = 'waitlisted')`.mapWith(
          Number,
        ),
    })
      .where(hostedNotEnded)
      .orderBy(asc(schema.sessions.startsAt), asc(schema.sessions.id))
      .limit(HOSTING_SHOWN)
      .prepare(),
    hostingCount: counted(hostedNotEnded),
    toConfirm: withKind({
      startsAt: schema.sessions.startsAt,
      endsAt: schema.sessions.endsAt,
      awaiting: seatsAwaitingAttendance.mapWith(Number),
    })
      .where(startedToConfirm)
      .orderBy(desc(schema.sessions.startsAt), desc(schema.sessions.id))
      .limit(TO_CONFIRM_SHOWN)
      .prepare(),
    toConfirmCount: counted(startedToConfirm),
  };
});

/** The person's live bookings on sessions that have not ended, soonest first. */
export async function upcomingBookingsOf(db: Queryable, personId: number, now: number) {
  return homeReadsOf(db).upcoming.all({ personId, now });
}

/** Attended sessions still waiting for the person's reflection, most recent first. */
export async function followUpsOf(db: Queryable, personId: number, now: number) {
  return homeReadsOf(db).followUps.all({ personId, now });
}

/** How many sessions the person holds a seat on, or waits for, that have not ended yet. */
export async function bookingCountsOf(db: Queryable, personId: number, now: number) {
  const [row] = await homeReadsOf(db).counts.all({ personId, now });
  return { booked: row?.booked ?? 0, waitlisted: row?.waitlisted ?? 0 };
}

/**
 * The scheduled sessions a host runs that have not ended, soonest first, with the seats taken and
 * the people waiting on each, and how many there are in all.
 */
export async function hostingAheadOf(db: Queryable, hostId: number, now: number) {
  const reads = homeReadsOf(db);
  const values = { hostId, now, startedAfter: now - LONGEST_SESSION };
  const [sessions, [all]] = await Promise.all([reads.hosting.all(values), reads.hostingCount.all(values)]);
  return { total: all?.n ?? 0, sessions };
}

/**
 * The host's sessions that have started with seats whose attendance is still to confirm, the
 * latest first, with how many seats wait on each and how many such sessions there are in all.
 */
export async function attendanceToConfirmOf(db: Queryable, hostId: number, now: number) {
  const reads = homeReadsOf(db);
  const [sessions, [all]] = await Promise.all([
    reads.toConfirm.all({ hostId, now }),
    reads.toConfirmCount.all({ hostId, now }),
  ]);
  return { total: all?.n ?? 0, sessions };
}
