/**
 * My bookings: the seats a person holds on sessions still ahead, the waitlists they are on with
 * their place in line, and the sessions they went to (or were booked on), a page at a time.
 */
import { and, asc, desc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { schema, type Queryable } from "~/db.server";
import { SEATED_STATUSES } from "~/domain/bookings";
import { pageOf } from "~/domain/paging";
import { bookedSessions } from "~/models/booked-sessions.server";
import { waitlistPlace } from "~/models/bookings.server";

export const PAST_PAGE_SIZE = 25;

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
  // A person waits on a few sessions at most: each place is read by the one rule for it.
  return Promise.all(rows.map(async (row) => ({ ...row, place: await waitlistPlace(db, row.bookingId) })));
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
