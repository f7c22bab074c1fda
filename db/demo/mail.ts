/**
 * The demo company's outbox: the messages its last week would have sent (an invitation for each
 * seat booked, a notice for each waitlist place taken or left, a cancellation for each seat given
 * up, a message for each module assigned), written by the app's own builders inside the seeding
 * transaction, in the order the changes were made. The demo has no mail server, so they are
 * kept, as the app keeps mail when SMTP_URL is not set; one shows what a message looks like when
 * the mail server could not be reached and it was given up.
 */
import { and, eq, gte, inArray, ne, or, sql } from "drizzle-orm";
import { schema, type Tx } from "../../app/db.server";
import { waitlistPlaceOf } from "../../app/domain/bookings";
import { MAX_ATTEMPTS, retryDelay } from "../../app/domain/mail/delivery";
import { DAY } from "../../app/domain/time";
import { mailAssignments } from "../../app/models/mail/module-mail.server";
import { mailSeat } from "../../app/models/mail/seat-mail.server";

/** How far back the outbox reaches. */
const MAIL_DAYS = 7;
/** At most this many messages of each sort, the most recent, so a company of any size seeds fast. */
const MOST_SEAT_MESSAGES = 150;
const MOST_ASSIGNMENT_MESSAGES = 50;

/** What the given-up message says went wrong: nobody answered on the mail server's port. */
export const FAILED_MAIL_ERROR = "connect ECONNREFUSED 127.0.0.1:587";

interface Change {
  at: number;
  write: () => Promise<void>;
}

/** Writes the outbox of the company in `tx` as it stands at `now`, and says how many messages it holds. */
export async function seedDemoMail(tx: Tx, now: number): Promise<number> {
  const since = now - MAIL_DAYS * DAY;
  const changes = [...(await seatChanges(tx, since)), ...(await assignmentChanges(tx, since))];
  changes.sort((a, b) => a.at - b.at);
  for (const change of changes) await change.write();

  const o = schema.outboxMessages;
  // The dispatcher took each up within a second of its change and kept it.
  const keptAt = sql`min(${o.createdAt} + 1000, ${now})`;
  await tx.update(o).set({ state: "kept", attempts: 1, sentAt: keptAt, updatedAt: keptAt });
  await giveUpOne(tx, now);
  return tx.$count(o);
}

async function namesOf(tx: Tx): Promise<Map<number, string>> {
  const people = await tx.select({ id: schema.people.id, name: schema.people.name }).from(schema.people);
  return new Map(people.map((p) => [p.id, p.name]));
}

/** The seats booked, waited for and given up in the last days, the most recent first taken. */
async function seatChanges(tx: Tx, since: number): Promise<Change[]> {
  const b = schema.bookings;
  const names = await namesOf(tx);
  const bookings = await tx
    .select()
    .from(b)
    .where(
      or(
        and(ne(b.status, "cancelled"), gte(b.createdAt, since)),
        and(eq(b.status, "cancelled"), gte(b.cancelledAt, since)),
      ),
    );
  const waiting = await tx
    .select({ sessionId: b.sessionId, ticket: b.waitlistPosition })
    .from(b)
    .where(eq(b.status, "waitlisted"));
  const ticketsOf = (sessionId: number) =>
    waiting.filter((w) => w.sessionId === sessionId && w.ticket !== null).map((w) => w.ticket as number);
  const givenUp = bookings.filter((x) => x.status === "cancelled");
  const heldSeat = await seatHolders(tx, givenUp);

  const changes = bookings.map((booking): Change => {
    const { id: bookingId, personId } = booking;
    if (booking.status === "cancelled") {
      const at = booking.cancelledAt ?? booking.updatedAt;
      const byId = booking.cancelledById ?? personId;
      const told = { byName: names.get(byId) ?? "", selfCancelled: byId === personId };
      if (heldSeat(booking)) {
        return { at, write: () => mailSeat(tx, { bookingId, kind: "seat_cancelled", extra: told, now: at }) };
      }
      const extra = { ...told, sessionCancelled: false, reason: "" };
      return { at, write: () => mailSeat(tx, { bookingId, kind: "waitlist_left", extra, now: at }) };
    }
    const at = booking.createdAt;
    const told = { byName: names.get(booking.bookedById) ?? "", selfBooked: booking.bookedById === personId };
    if (booking.status === "waitlisted") {
      const place = waitlistPlaceOf(booking.waitlistPosition ?? 0, ticketsOf(booking.sessionId)) || 1;
      return { at, write: () => mailSeat(tx, { bookingId, kind: "waitlisted", extra: { ...told, place }, now: at }) };
    }
    const extra = { ...told, source: booking.source };
    return { at, write: () => mailSeat(tx, { bookingId, kind: "seat_booked", extra, now: at }) };
  });
  return changes.sort((x, y) => y.at - x.at).slice(0, MOST_SEAT_MESSAGES);
}

type BookingRow = typeof schema.bookings.$inferSelect;

/**
 * Whether a place given up was a seat rather than a waitlist place: its session had a seat free
 * when it was taken. The demo moves nobody up from a waitlist, so the places held before it say so.
 */
async function seatHolders(tx: Tx, givenUp: readonly BookingRow[]): Promise<(booking: BookingRow) => boolean> {
  const sessionIds = [...new Set(givenUp.map((x) => x.sessionId))];
  if (!sessionIds.length) return () => true;
  const b = schema.bookings;
  const places = await tx.select().from(b).where(inArray(b.sessionId, sessionIds));
  const sessions = await tx
    .select({ id: schema.sessions.id, seats: schema.sessions.seats })
    .from(schema.sessions)
    .where(inArray(schema.sessions.id, sessionIds));
  const seatsOf = new Map(sessions.map((x) => [x.id, x.seats]));
  return (booking) => {
    const seatedBefore = places.filter(
      (other) =>
        other.sessionId === booking.sessionId &&
        other.id !== booking.id &&
        other.createdAt < booking.createdAt &&
        other.status !== "waitlisted" &&
        (other.cancelledAt === null || other.cancelledAt > booking.createdAt),
    ).length;
    return seatedBefore < (seatsOf.get(booking.sessionId) ?? 0);
  };
}

/** The modules assigned in the last days, the most recent first taken. */
async function assignmentChanges(tx: Tx, since: number): Promise<Change[]> {
  const a = schema.assignments;
  const names = await namesOf(tx);
  const assignments = await tx
    .select()
    .from(a)
    .where(and(gte(a.createdAt, since), inArray(a.status, ["open", "completed"])))
    .orderBy(sql`${a.createdAt} desc`, a.id)
    .limit(MOST_ASSIGNMENT_MESSAGES);
  return assignments.map((assignment) => ({
    at: assignment.createdAt,
    write: () =>
      mailAssignments(tx, {
        moduleId: assignment.moduleId,
        dueOn: assignment.dueOn,
        assignedByName: names.get(assignment.assignedById) ?? "",
        assignments: [{ assignmentId: assignment.id, personId: assignment.personId, dueAt: assignment.dueAt }],
        now: assignment.createdAt,
      }),
  }));
}

/**
 * The latest invitation old enough to have been tried MAX_ATTEMPTS times, waiting longer after
 * each try, is shown as given up: the admin Outbox then has a failure to read and send again.
 */
async function giveUpOne(tx: Tx, now: number): Promise<void> {
  const o = schema.outboxMessages;
  let waited = 0;
  for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) waited += retryDelay(attempt);
  const [message] = await tx
    .select({ id: o.id, createdAt: o.createdAt })
    .from(o)
    .where(and(eq(o.kind, "seat_booked"), sql`${o.createdAt} + ${waited} <= ${now}`))
    .orderBy(sql`${o.createdAt} desc`, sql`${o.id} desc`)
    .limit(1);
  if (!message) return;
  const lastTry = message.createdAt + waited;
  await tx
    .update(o)
    .set({
      state: "failed",
      attempts: MAX_ATTEMPTS,
      lastError: FAILED_MAIL_ERROR,
      sentAt: null,
      nextAttemptAt: lastTry + retryDelay(MAX_ATTEMPTS),
      updatedAt: lastTry,
    })
    .where(eq(o.id, message.id));
}
