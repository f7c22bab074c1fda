/**
 * My bookings: the seats a person holds on sessions still ahead, the waitlists they are on with
 * their place in line, and the sessions they went to (or were booked on), a page at a time.
 */
import { and, asc, desc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { schema, type Queryable } from "~/db.server";
import { SEATED_STATUSES } from "~/domain/bookings";
import { pageOf } from "~/domain/paging";
import { bookedSessions } from "~/models/booked-sessions.server";

export const PAST_PAGE_SIZE = 25;

/** Everyone waiting on the same session with a ticket up to this one's: the place in line. */
const placeInLine =
  sql<number>`(select count(*) from ${schema.bookings} ahead where ahead.session_id = ${schema.bookings.sessionId} and ahead.status = 'waitlisted' and ahead.waitlist_position <= ${schema.bookings.waitlistPosition})`.mapWith(
    Number,
  );

/** Seats held on sessions that have not ended, soonest first (a session its host cancelled included). */
export async function upcomingSeatsOf(db: Queryable, personId: number, now: number) {
  return bookedSessions(db)
    .where(
      and(
        eq(schema.bookings.personId, personId),
        inArray(schema.bookings.status, [...SEATED_STATUSES]),
        gt(schema.sessions.endsAt, now),
      ),
    )
    .orderBy(asc(schema.sessions.startsAt), asc(schema.bookings.id));
}

/** Waitlists the person is on for sessions that have not ended, soonest first, with their place. */
export async function waitlistsOf(db: Queryable, personId: number, now: number) {
  const rows = await bookedSessions(db)
    .where(
      and(
        eq(schema.bookings.personId, personId),
        eq(schema.bookings.status, "waitlisted"),
        gt(schema.sessions.endsAt, now),
      ),
    )
    .orderBy(asc(schema.sessions.startsAt), asc(schema.bookings.id));
  if (rows.length === 0) return [];
  const places = await db
    .select({ bookingId: schema.bookings.id, place: placeInLine })
    .from(schema.bookings)
    .where(
      inArray(
        schema.bookings.id,
        rows.map((r) => r.bookingId),
      ),
    );
  const placeOf = new Map(places.map((p) => [p.bookingId, p.place]));
  return rows.map((row) => ({ ...row, place: placeOf.get(row.bookingId) ?? null }));
}

const heldAndEnded = (personId: number, now: number) =>
  and(
    eq(schema.bookings.personId, personId),
    inArray(schema.bookings.status, [...SEATED_STATUSES]),
    lte(schema.sessions.endsAt, now),
  );

/** One page of the sessions the person held a seat on that have ended, latest first, and how many there are. */
export async function pastSeatsOf(db: Queryable, personId: number, now: number, askedPage: number) {
  const [all] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .where(heldAndEnded(personId, now));
  const total = all?.n ?? 0;
  const { page, pages, offset } = pageOf(total, askedPage, PAST_PAGE_SIZE);
  const bookings =
    total === 0
      ? []
      : await bookedSessions(db)
          .where(heldAndEnded(personId, now))
          .orderBy(desc(schema.sessions.startsAt), desc(schema.bookings.id))
          .limit(PAST_PAGE_SIZE)
          .offset(offset);
  return { total, page, pages, perPage: PAST_PAGE_SIZE, bookings };
}
