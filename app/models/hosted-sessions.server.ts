/**
 * What a host works from: their sessions as "Sessions you host" lists them, one session with its seat
 * counts and series, and its roster.
 */
import { aliasedTable, and, asc, countDistinct, eq, gt, gte, inArray, sql } from "drizzle-orm";
import { oncePer, schema, type Queryable } from "~/db.server";
import { SEATED_STATUSES, waitlistPlaceOf, type BookingStatus } from "~/domain/bookings";
import type { KindFacts } from "~/domain/hosting";
import { DAY } from "~/domain/time";

const seatedList = sql.raw(SEATED_STATUSES.map((s) => `'${s}'`).join(", "));
const countOf = (condition: ReturnType<typeof sql>) =>
  sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`.mapWith(Number);

/** Per-session counts of seats taken, people waiting and seats still waiting for attendance. */
function bookingCounts() {
  const status = schema.bookings.status;
  return {
    seated: countOf(sql`${status} in (${seatedList})`),
    waitlisted: countOf(sql`${status} = 'waitlisted'`),
    awaiting: countOf(sql`${status} = 'booked'`),
    attended: countOf(sql`${status} = 'attended'`),
    reflections: countOf(sql`${status} = 'attended' and ${schema.bookings.reflection} <> ''`),
  };
}

export interface HostedSession {
  id: number;
  seriesId: number | null;
  kindName: string;
  onSite: boolean;
  startsAt: number;
  endsAt: number;
  status: "scheduled" | "cancelled";
  cancelReason: string;
  location: string;
  customerName: string;
  customerConfidential: boolean;
  seats: number;
  seated: number;
  waitlisted: number;
  /** Seats whose attendance the host has not confirmed yet. */
  awaiting: number;
  attended: number;
  reflections: number;
}

const PAST_DAYS = 60;

// The host's sessions from `since` on, and older ones still waiting for attendance: built once per database.
const hostedRead = oncePer((q: Queryable) =>
  q
    .select({
      id: schema.sessions.id,
      seriesId: schema.sessions.seriesId,
      kindName: schema.sessionKinds.name,
      onSite: schema.sessionKinds.onSite,
      startsAt: schema.sessions.startsAt,
      endsAt: schema.sessions.endsAt,
      status: schema.sessions.status,
      cancelReason: schema.sessions.cancelReason,
      location: schema.sessions.location,
      customerName: schema.sessions.customerName,
      customerConfidential: schema.sessions.customerConfidential,
      seats: schema.sessions.seats,
      ...bookingCounts(),
    })
    .from(schema.sessions)
    .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.sessions.kindId))
    .leftJoin(schema.bookings, eq(schema.bookings.sessionId, schema.sessions.id))
    .where(
      and(
        eq(schema.sessions.hostId, sql.placeholder("hostId")),
        // Old sessions matter only while their attendance is still open.
        sql`(${schema.sessions.endsAt} > ${sql.placeholder("since")} or exists (select 1 from bookings pending where pending.session_id = ${schema.sessions.id} and pending.status = 'booked'))`,
      ),
    )
    .groupBy(schema.sessions.id)
    .orderBy(asc(schema.sessions.startsAt))
    .prepare(),
);

/**
 * The host's sessions as the "Sessions you host" page lists them: past seats still waiting for attendance
 * (the host's to-do), everything that has not ended yet (cancelled ones included), and the recent past.
 */
export async function hostedSessions(q: Queryable, hostId: number, now: number) {
  const rows: HostedSession[] = await hostedRead(q).all({ hostId, since: now - PAST_DAYS * DAY });

  const toConfirm = rows
    .filter((s) => s.status === "scheduled" && s.startsAt <= now && s.awaiting > 0)
    .sort((a, b) => b.startsAt - a.startsAt);
  const pending = new Set(toConfirm.map((s) => s.id));
  const upcoming = rows.filter((s) => s.endsAt > now && !pending.has(s.id));
  const past = rows
    .filter((s) => s.endsAt <= now && !pending.has(s.id))
    .sort((a, b) => b.startsAt - a.startsAt)
    .slice(0, 20);
  return { toConfirm, upcoming, past };
}

/**
 * A session with what its host's pages show about it: kind, host, series and seat counts;
 * undefined when there is no such session.
 */
export async function managedSession(q: Queryable, sessionId: number) {
  const row = await q.query.sessions.findFirst({
    where: eq(schema.sessions.id, sessionId),
    with: {
      kind: { columns: { id: true, name: true, defaultMinutes: true, onSite: true } },
      host: { columns: { name: true } },
      series: true,
    },
  });
  if (!row) return undefined;
  const { kind, host, series, ...session } = row;
  const [counts] = await q
    .select(bookingCounts())
    .from(schema.bookings)
    .where(eq(schema.bookings.sessionId, sessionId));
  const [inSeries] = series
    ? await q
        .select({
          all: sql<number>`count(*)`.mapWith(Number),
          following: countOf(
            sql`${schema.sessions.startsAt} >= ${session.startsAt} and ${schema.sessions.status} = 'scheduled'`,
          ),
          cancelled: countOf(sql`${schema.sessions.status} = 'cancelled'`),
        })
        .from(schema.sessions)
        .where(eq(schema.sessions.seriesId, series.id))
    : [];
  return {
    session,
    kind: kind satisfies KindFacts,
    hostName: host.name,
    series,
    title: `${kind.name} with ${host.name}`,
    counts: counts ?? { seated: 0, waitlisted: 0, awaiting: 0, attended: 0, reflections: 0 },
    /** Scheduled sessions of the series from this one on, this one included. */
    followingInSeries: inSeries?.following ?? 0,
    seriesSize: inSeries?.all ?? 0,
    /** Sessions of the series that were called off. */
    seriesCancelled: inSeries?.cancelled ?? 0,
  };
}

export interface RosterEntry {
  bookingId: number;
  personId: number;
  personName: string;
  departmentName: string;
  status: BookingStatus;
  /** 1 = next in line; null unless waitlisted. */
  waitlistPlace: number | null;
  bookedByName: string;
  bookedBySelf: boolean;
  source: "self" | "manager" | "planner";
  reflection: string;
  reflectedAt: number | null;
  hostNote: string;
  bookedAt: number;
  cancelledAt: number | null;
}

const bookedBy = aliasedTable(schema.people, "booked_by");

/** Who booked the session: seats first, then the waitlist in order, then cancellations. */
export async function roster(q: Queryable, sessionId: number): Promise<RosterEntry[]> {
  const rows = await q
    .select({
      booking: schema.bookings,
      personName: schema.people.name,
      departmentName: schema.departments.name,
      bookedByName: bookedBy.name,
    })
    .from(schema.bookings)
    .innerJoin(schema.people, eq(schema.people.id, schema.bookings.personId))
    .innerJoin(schema.departments, eq(schema.departments.id, schema.people.departmentId))
    .innerJoin(bookedBy, eq(bookedBy.id, schema.bookings.bookedById))
    .where(eq(schema.bookings.sessionId, sessionId))
    .orderBy(
      sql`case ${schema.bookings.status} when 'cancelled' then 2 when 'waitlisted' then 1 else 0 end`,
      asc(schema.bookings.waitlistPosition),
      asc(schema.people.name),
    );
  const tickets = rows.flatMap((r) =>
    r.booking.status === "waitlisted" && r.booking.waitlistPosition !== null ? [r.booking.waitlistPosition] : [],
  );
  return rows.map(({ booking, personName, departmentName, bookedByName }) => ({
    bookingId: booking.id,
    personId: booking.personId,
    personName,
    departmentName,
    status: booking.status,
    waitlistPlace:
      booking.status === "waitlisted" && booking.waitlistPosition !== null
        ? waitlistPlaceOf(booking.waitlistPosition, tickets)
        : null,
    bookedByName,
    bookedBySelf: booking.bookedById === booking.personId,
    source: booking.source,
    reflection: booking.reflection,
    reflectedAt: booking.reflectedAt,
    hostNote: booking.hostNote,
    bookedAt: booking.createdAt,
    cancelledAt: booking.cancelledAt,
  }));
}

/** Which session a booking is on, to keep a roster's buttons to that session's own bookings. */
export async function sessionOfBooking(q: Queryable, bookingId: number): Promise<number | null> {
  const [row] = await q
    .select({ sessionId: schema.bookings.sessionId })
    .from(schema.bookings)
    .where(eq(schema.bookings.id, bookingId));
  return row?.sessionId ?? null;
}

/** What cancelling would touch: how many sessions, and how many people booked or waiting on them. */
export interface CancelReach {
  sessions: number;
  people: number;
}

/**
 * The sessions a host's cancel reaches from one session: only it, or it and the scheduled
 * sessions of its series from it on that have not started. Earlier and past sessions are never in it.
 */
export async function sessionsToCancel(
  q: Queryable,
  session: { id: number; seriesId: number | null; startsAt: number },
  scope: "one" | "following",
  now: number,
): Promise<number[]> {
  if (scope === "one" || session.seriesId === null) return [session.id];
  const rows = await q
    .select({ id: schema.sessions.id })
    .from(schema.sessions)
    .where(
      and(
        eq(schema.sessions.seriesId, session.seriesId),
        eq(schema.sessions.status, "scheduled"),
        gte(schema.sessions.startsAt, session.startsAt),
        gt(schema.sessions.startsAt, now),
      ),
    )
    .orderBy(asc(schema.sessions.startsAt));
  return rows.map((r) => r.id);
}

/** How many sessions and people (each counted once) a cancel of these sessions tells. */
export async function cancelReach(q: Queryable, sessionIds: readonly number[]): Promise<CancelReach> {
  if (sessionIds.length === 0) return { sessions: 0, people: 0 };
  const [row] = await q
    .select({ people: countDistinct(schema.bookings.personId) })
    .from(schema.bookings)
    .where(
      and(
        inArray(schema.bookings.sessionId, [...sessionIds]),
        inArray(schema.bookings.status, ["booked", "waitlisted"]),
      ),
    );
  return { sessions: sessionIds.length, people: row?.people ?? 0 };
}
