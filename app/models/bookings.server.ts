/**
 * Bookings: seats, the waitlist, attendance, notes and reflections, and calling off a session.
 *
 * Each change is one `db.write` transaction that reads the current state, asks the pure rules in
 * `~/domain/bookings`, writes, and records the audit row. Counting inside the transaction is safe:
 * the embedded file's writers are queued in the process and a libSQL server serialises writers.
 */
import { and, asc, eq, gt, inArray, lt, lte, ne, sql } from "drizzle-orm";
import { oncePer, schema, sqliteCode, type Db, type Queryable, type Tx } from "~/db.server";
import {
  decideAttendance,
  decideBooking,
  decideCancellation,
  decideReflection,
  decideSessionCancellation,
  HOST_NOTE_MAX,
  isSeated,
  LIVE_BOOKING_STATUSES,
  SEATED_STATUSES,
  waitlistPlaceOf,
  type AttendanceStatus,
  type BookingRefusal,
  type BookingSource,
  type CancelRefusal,
  type HostActionRefusal,
  type LiveBookingStatus,
  type ReflectionRefusal,
  type SessionCancelRefusal,
} from "~/domain/bookings";
import { recordAudit } from "~/models/audit.server";
import { bookedSessions } from "~/models/booked-sessions.server";
import { recomputeCompletionsAfterEvidence, type CompletionUpdate } from "~/models/completion.server";
import { mailReflectionRequests } from "~/models/mail/scheduled.server";
import { mailSeat, mailSeats } from "~/models/mail/seat-mail.server";
import { actorFacts } from "~/models/reporting-line.server";

// Callers that read the reporting line through this module keep working.
export { actorFacts, managesPerson } from "~/models/reporting-line.server";

export type Booking = typeof schema.bookings.$inferSelect;
export type Session = typeof schema.sessions.$inferSelect;

/** A short, zone-free name for a moment in an audit summary. */
function auditTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A session with its kind and host, as the booking rules and audit summaries read it. */
export async function sessionDetails(q: Queryable, sessionId: number) {
  const row = await q.query.sessions.findFirst({
    where: eq(schema.sessions.id, sessionId),
    with: { kind: { columns: { name: true } }, host: { columns: { name: true, departmentId: true } } },
  });
  if (!row) return undefined;
  const { kind, host, ...session } = row;
  return {
    session,
    kindName: kind.name,
    hostName: host.name,
    hostDepartmentId: host.departmentId,
    title: `${kind.name} with ${host.name}`,
  };
}

async function personDetails(q: Queryable, personId: number) {
  const row = await q.query.people.findFirst({
    where: eq(schema.people.id, personId),
    columns: { id: true, name: true, active: true, departmentId: true },
    with: { department: { columns: { name: true } } },
  });
  if (!row) return undefined;
  const { department, ...person } = row;
  return { ...person, departmentName: department.name };
}

/** The person's live bookings on sessions whose times meet [startsAt, endsAt). */
async function liveBookingsAround(q: Queryable, personId: number, span: { startsAt: number; endsAt: number }) {
  const rows = await bookedSessions(q).where(
    and(
      eq(schema.bookings.personId, personId),
      ne(schema.bookings.status, "cancelled"),
      lt(schema.sessions.startsAt, span.endsAt),
      gt(schema.sessions.endsAt, span.startsAt),
    ),
  );
  return rows.map((r) => ({
    ...r,
    status: r.status as LiveBookingStatus,
    title: `${r.kindName} with ${r.hostName}`,
  }));
}

const inStatuses = (statuses: readonly string[]) => sql.raw(statuses.map((s) => `'${s}'`).join(", "));

/** Seats taken, people waiting, and how many bookings the session has ever had. */
export async function sessionCounts(q: Queryable, sessionId: number, departmentId?: number) {
  const [row] = await q
    .select({
      seated:
        sql<number>`coalesce(sum(case when ${schema.bookings.status} in (${inStatuses(SEATED_STATUSES)}) then 1 else 0 end), 0)`.mapWith(
          Number,
        ),
      waitlisted:
        sql<number>`coalesce(sum(case when ${schema.bookings.status} = 'waitlisted' then 1 else 0 end), 0)`.mapWith(
          Number,
        ),
      fromDepartment:
        sql<number>`coalesce(sum(case when ${schema.bookings.status} <> 'cancelled' and ${schema.people.departmentId} = ${departmentId ?? -1} then 1 else 0 end), 0)`.mapWith(
          Number,
        ),
      everBooked: sql<number>`count(*)`.mapWith(Number),
    })
    .from(schema.bookings)
    .innerJoin(schema.people, eq(schema.people.id, schema.bookings.personId))
    .where(eq(schema.bookings.sessionId, sessionId));
  return row ?? { seated: 0, waitlisted: 0, fromDepartment: 0, everBooked: 0 };
}

export type BookSeatResult =
  | { ok: true; booking: Booking; status: "booked" | "waitlisted"; place: number | null }
  | { ok: false; reason: BookingRefusal };

/** SQLite reports a broken partial unique index by its columns, not its name. */
function isSecondLiveBooking(error: unknown): boolean {
  if (!sqliteCode(error)?.startsWith("SQLITE_CONSTRAINT")) return false;
  let current: unknown = error;
  while (current && typeof current === "object") {
    const message = (current as { message?: unknown }).message;
    if (typeof message === "string" && message.includes("bookings.session_id, bookings.person_id")) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Books the person onto the session, or puts them on its waitlist, or says why not.
 * The person themselves (source "self"), their manager ("manager") or the planner's apply
 * ("planner") all come through here; `actorId` is who pressed the button.
 */
export async function bookSeat(db: Db, input: BookSeatInput): Promise<BookSeatResult> {
  const { sessionId, personId } = input;
  try {
    return await db.write((tx) => bookSeatWithin(tx, input));
  } catch (error) {
    if (!isSecondLiveBooking(error)) throw error;
    const [existing] = await db
      .select({ status: schema.bookings.status })
      .from(schema.bookings)
      .where(
        and(
          eq(schema.bookings.sessionId, sessionId),
          eq(schema.bookings.personId, personId),
          ne(schema.bookings.status, "cancelled"),
        ),
      );
    const status = (existing?.status ?? "booked") as LiveBookingStatus;
    return { ok: false, reason: { code: "already_booked", status } };
  }
}

export interface BookSeatInput {
  sessionId: number;
  personId: number;
  actorId: number;
  source: BookingSource;
  now: number;
  /** When false, a full session is refused instead of joining its waitlist (the planner's apply). */
  waitlist?: boolean;
}

/** `bookSeat` inside a write transaction the caller holds, so several bookings commit together. */
export async function bookSeatWithin(tx: Tx, input: BookSeatInput): Promise<BookSeatResult> {
  const { sessionId, personId, actorId, source, now } = input;
  const details = await sessionDetails(tx, sessionId);
  if (!details) return { ok: false, reason: { code: "session_not_found" } };
  const person = await personDetails(tx, personId);
  if (!person) return { ok: false, reason: { code: "person_not_found" } };
  const { session } = details;
  const actor = await actorFacts(tx, actorId, personId);
  const counts = await sessionCounts(tx, sessionId, person.departmentId);
  const decision = decideBooking({
    session: { ...session, hostDepartmentId: details.hostDepartmentId },
    person,
    liveBookingsOfPerson: await liveBookingsAround(tx, personId, session),
    sessionCounts: {
      seated: counts.seated,
      waitlisted: counts.waitlisted,
      fromPersonsDepartment: counts.fromDepartment,
    },
    now,
    actor,
  });
  if (!decision.ok) return decision;
  if (decision.status === "waitlisted" && input.waitlist === false) {
    return { ok: false, reason: { code: "session_full" } };
  }

  // The ticket is the booking's ordinal within its session: rising, and never handed out twice.
  const ticket = decision.status === "waitlisted" ? counts.everBooked + 1 : null;
  const [booking] = await tx
    .insert(schema.bookings)
    .values({
      sessionId,
      personId,
      status: decision.status,
      bookedById: actorId,
      source,
      waitlistPosition: ticket,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const place = decision.status === "waitlisted" ? counts.waitlisted + 1 : null;
  const byWhom =
    source === "planner"
      ? `The planner for ${actor.name}, ${person.name}`
      : actorId === personId
        ? person.name
        : `${actor.name} for ${person.name}`;
  await recordAudit(tx, {
    at: now,
    actorId,
    action: decision.status === "booked" ? "booking.booked" : "booking.waitlisted",
    entityType: "booking",
    entityId: booking.id,
    summary:
      decision.status === "booked"
        ? `${byWhom}: booked a seat on ${details.title}, ${auditTime(session.startsAt)}.`
        : `${byWhom}: joined the waitlist (number ${place}) for ${details.title}, ${auditTime(session.startsAt)}.`,
    details: { sessionId, personId, source, status: decision.status, waitlistPosition: ticket },
  });
  const told = { byName: actor.name, selfBooked: actorId === personId };
  if (decision.status === "booked") {
    await mailSeat(tx, { bookingId: booking.id, kind: "seat_booked", extra: { ...told, source }, now });
  } else {
    await mailSeat(tx, { bookingId: booking.id, kind: "waitlisted", extra: { ...told, place: place ?? 1 }, now });
  }
  return { ok: true, booking, status: decision.status, place };
}

/**
 * Fills the session's free seats from its waitlist, first ticket first, while bookings are open.
 * Called after a seat frees; whoever raises a session's seats calls it too.
 */
export async function promoteWaitlist(
  tx: Tx,
  input: { sessionId: number; actorId: number | null; now: number },
): Promise<Booking[]> {
  const { sessionId, actorId, now } = input;
  const details = await sessionDetails(tx, sessionId);
  if (!details || details.session.status === "cancelled" || now >= details.session.startsAt) return [];
  const counts = await sessionCounts(tx, sessionId);
  const free = details.session.seats - counts.seated;
  if (free <= 0) return [];
  const waiting = await tx
    .select({ booking: schema.bookings, personName: schema.people.name })
    .from(schema.bookings)
    .innerJoin(schema.people, eq(schema.people.id, schema.bookings.personId))
    .where(and(eq(schema.bookings.sessionId, sessionId), eq(schema.bookings.status, "waitlisted")))
    .orderBy(asc(schema.bookings.waitlistPosition))
    .limit(free);
  const promoted: Booking[] = [];
  for (const { booking, personName } of waiting) {
    const [updated] = await tx
      .update(schema.bookings)
      .set({ status: "booked", waitlistPosition: null, version: booking.version + 1, updatedAt: now })
      .where(eq(schema.bookings.id, booking.id))
      .returning();
    await recordAudit(tx, {
      at: now,
      actorId,
      action: "booking.promoted",
      entityType: "booking",
      entityId: booking.id,
      summary: `${personName} moved up from the waitlist to a seat on ${details.title}, ${auditTime(details.session.startsAt)}.`,
      details: { sessionId, personId: booking.personId, fromWaitlistPosition: booking.waitlistPosition },
    });
    promoted.push(updated);
  }
  await mailSeats(tx, { bookingIds: promoted.map((b) => b.id), kind: "seat_promoted", extra: {}, now });
  return promoted;
}

async function bookingWithPeople(q: Queryable, bookingId: number) {
  const [row] = await q
    .select({ booking: schema.bookings, personName: schema.people.name })
    .from(schema.bookings)
    .innerJoin(schema.people, eq(schema.people.id, schema.bookings.personId))
    .where(eq(schema.bookings.id, bookingId));
  return row;
}

export type CancelBookingResult =
  { ok: true; booking: Booking; promoted: Booking[] } | { ok: false; reason: CancelRefusal };

/**
 * Cancels a seat or leaves the waitlist. The record stays (status "cancelled"), its version rises
 * so the calendar sees the cancellation, and a freed seat goes to the first person waiting.
 * `promoted` lists the bookings that moved up, so their invites can go out. The reason, when the
 * person gave one, is kept in the audit row.
 */
export async function cancelBooking(
  db: Db,
  input: { bookingId: number; actorId: number; now: number; reason?: string },
): Promise<CancelBookingResult> {
  const { bookingId, actorId, now } = input;
  const reason = input.reason?.trim() ?? "";
  return db.write(async (tx): Promise<CancelBookingResult> => {
    const found = await bookingWithPeople(tx, bookingId);
    if (!found) return { ok: false, reason: { code: "booking_not_found" } };
    const { booking, personName } = found;
    const details = await sessionDetails(tx, booking.sessionId);
    if (!details) return { ok: false, reason: { code: "booking_not_found" } };
    const decision = decideCancellation({
      booking,
      session: details.session,
      actor: await actorFacts(tx, actorId, booking.personId),
      now,
    });
    if (!decision.ok) return decision;

    const [cancelled] = await tx
      .update(schema.bookings)
      .set(bookingCancelled(booking, actorId, now))
      .where(eq(schema.bookings.id, bookingId))
      .returning();
    await recordAudit(tx, {
      at: now,
      actorId,
      action: "booking.cancelled",
      entityType: "booking",
      entityId: bookingId,
      summary:
        (booking.status === "waitlisted"
          ? `${personName} left the waitlist for ${details.title}, ${auditTime(details.session.startsAt)}.`
          : `${personName}'s seat on ${details.title}, ${auditTime(details.session.startsAt)}, was cancelled.`) +
        (reason ? ` Reason: ${reason}` : ""),
      details: {
        sessionId: booking.sessionId,
        personId: booking.personId,
        previousStatus: booking.status,
        ...(reason ? { reason } : {}),
      },
    });
    const actor = await actorFacts(tx, actorId, booking.personId);
    const told = { byName: actor.name, selfCancelled: actorId === booking.personId };
    if (booking.status === "waitlisted") {
      await mailSeat(tx, {
        bookingId,
        kind: "waitlist_left",
        extra: { ...told, sessionCancelled: false, reason: "" },
        now,
      });
    } else {
      await mailSeat(tx, { bookingId, kind: "seat_cancelled", extra: told, now });
    }
    const promoted = await promoteWaitlist(tx, { sessionId: booking.sessionId, actorId, now });
    return { ok: true, booking: cancelled, promoted };
  });
}

export type AttendanceResult =
  { ok: true; booking: Booking; completions: CompletionUpdate[] } | { ok: false; reason: HostActionRefusal };

/**
 * The host confirms attendance ("attended" / "no_show") or undoes it ("booked"). Completions that
 * follow from it appear or are withdrawn in the same transaction.
 */
export async function recordAttendance(
  db: Db,
  input: { bookingId: number; actorId: number; status: AttendanceStatus; now: number },
): Promise<AttendanceResult> {
  const { bookingId, actorId, status, now } = input;
  return db.write(async (tx): Promise<AttendanceResult> => {
    const found = await bookingWithPeople(tx, bookingId);
    if (!found) return { ok: false, reason: { code: "booking_not_found" } };
    const { booking, personName } = found;
    const details = await sessionDetails(tx, booking.sessionId);
    if (!details) return { ok: false, reason: { code: "booking_not_found" } };
    const actor = await actorFacts(tx, actorId, booking.personId);
    const decision = decideAttendance({ booking, session: details.session, actor, now });
    if (!decision.ok) return decision;
    if (booking.status === status) return { ok: true, booking, completions: [] };

    const [updated] = await tx
      .update(schema.bookings)
      .set({ status, version: booking.version + 1, updatedAt: now })
      .where(eq(schema.bookings.id, bookingId))
      .returning();
    const when = `${details.title}, ${auditTime(details.session.startsAt)}`;
    const summary = {
      attended: `${personName} attended ${when}.`,
      no_show: `${personName} did not come to ${when}.`,
      booked: `${personName}'s attendance record for ${when} was undone.`,
    }[status];
    await recordAudit(tx, {
      at: now,
      actorId,
      action: status === "booked" ? "booking.attendance_undone" : `booking.${status}`,
      entityType: "booking",
      entityId: bookingId,
      summary,
      details: { sessionId: booking.sessionId, personId: booking.personId, previousStatus: booking.status, status },
    });
    const completions = await recomputeCompletionsAfterEvidence(tx, {
      personId: booking.personId,
      bookingId,
      kindId: details.session.kindId,
      now,
      actorId,
    });
    // The reflection can be written from now on: asked for at once when the session ended over
    // an hour ago, else by the schedule an hour after the end.
    if (status === "attended") await mailReflectionRequests(tx, { bookingIds: [bookingId], now });
    return { ok: true, booking: updated, completions };
  });
}

export type HostNoteResult = { ok: true; booking: Booking } | { ok: false; reason: HostActionRefusal };

/** The host's note on a shadow's seat; an empty note clears it. */
export async function saveHostNote(
  db: Db,
  input: { bookingId: number; actorId: number; text: string; now: number },
): Promise<HostNoteResult> {
  const { bookingId, actorId, now } = input;
  const text = input.text.trim();
  return db.write(async (tx): Promise<HostNoteResult> => {
    const found = await bookingWithPeople(tx, bookingId);
    if (!found) return { ok: false, reason: { code: "booking_not_found" } };
    const { booking, personName } = found;
    const details = await sessionDetails(tx, booking.sessionId);
    if (!details) return { ok: false, reason: { code: "booking_not_found" } };
    const actor = await actorFacts(tx, actorId, booking.personId);
    if (actor.id !== details.session.hostId && !actor.isAdmin) return { ok: false, reason: { code: "not_host" } };
    if (booking.status === "cancelled" || booking.status === "waitlisted")
      return { ok: false, reason: { code: "not_seated" } };
    if (text.length > HOST_NOTE_MAX) return { ok: false, reason: { code: "note_too_long", max: HOST_NOTE_MAX } };
    if (text === booking.hostNote) return { ok: true, booking };

    const [updated] = await tx
      .update(schema.bookings)
      .set({ hostNote: text, updatedAt: now })
      .where(eq(schema.bookings.id, bookingId))
      .returning();
    await recordAudit(tx, {
      at: now,
      actorId,
      action: "booking.host_note",
      entityType: "booking",
      entityId: bookingId,
      summary: `The host ${text ? "wrote a note on" : "cleared the note on"} ${personName}'s seat on ${details.title}.`,
      details: { sessionId: booking.sessionId, personId: booking.personId },
    });
    return { ok: true, booking: updated };
  });
}

/** What a booking's row becomes when it is cancelled: the record stays, its place is given up. */
export function bookingCancelled(booking: Pick<Booking, "version">, actorId: number, now: number) {
  return {
    status: "cancelled" as const,
    waitlistPosition: null,
    cancelledAt: now,
    cancelledById: actorId,
    version: booking.version + 1,
    updatedAt: now,
  };
}

/** What a session's row becomes when it is called off: the record stays, with the reason. */
export function sessionCancelled(session: Pick<Session, "version">, reason: string, now: number) {
  return {
    status: "cancelled" as const,
    cancelledAt: now,
    cancelReason: reason,
    version: session.version + 1,
    updatedAt: now,
  };
}

export type ReflectionResult =
  { ok: true; booking: Booking; completions: CompletionUpdate[] } | { ok: false; reason: ReflectionRefusal };

/**
 * The shadow's reflection on an attended session. `reflectedAt` keeps the time it was first
 * written, so editing the words never moves a completion's date.
 */
export async function saveReflection(
  db: Db,
  input: { bookingId: number; personId: number; text: string; now: number },
): Promise<ReflectionResult> {
  const { bookingId, personId, now } = input;
  return db.write(async (tx): Promise<ReflectionResult> => {
    const found = await bookingWithPeople(tx, bookingId);
    if (!found) return { ok: false, reason: { code: "booking_not_found" } };
    const { booking, personName } = found;
    const decision = decideReflection({ booking, personId, text: input.text });
    if (!decision.ok) return decision;
    if (decision.text === booking.reflection) return { ok: true, booking, completions: [] };
    const details = await sessionDetails(tx, booking.sessionId);
    if (!details) return { ok: false, reason: { code: "booking_not_found" } };

    const [updated] = await tx
      .update(schema.bookings)
      .set({ reflection: decision.text, reflectedAt: booking.reflectedAt ?? now, updatedAt: now })
      .where(eq(schema.bookings.id, bookingId))
      .returning();
    await recordAudit(tx, {
      at: now,
      actorId: personId,
      action: booking.reflection ? "booking.reflection_edited" : "booking.reflection_written",
      entityType: "booking",
      entityId: bookingId,
      summary: `${personName} ${booking.reflection ? "edited their" : "wrote a"} reflection on ${details.title}, ${auditTime(details.session.startsAt)}.`,
      details: { sessionId: booking.sessionId, personId, length: decision.text.length },
    });
    const completions = await recomputeCompletionsAfterEvidence(tx, {
      personId,
      bookingId,
      kindId: details.session.kindId,
      now,
      actorId: personId,
    });
    return { ok: true, booking: updated, completions };
  });
}

export type CancelSessionResult =
  { ok: true; session: Session; affected: Booking[] } | { ok: false; reason: SessionCancelRefusal };

/**
 * The host calls off a session. Its bookings keep their own status (calendars read the session's),
 * and `affected` lists the live ones so their cancellations can go out.
 */
export async function cancelSession(
  db: Db,
  input: { sessionId: number; actorId: number; reason: string; now: number },
): Promise<CancelSessionResult> {
  const { sessionId, actorId, now } = input;
  return db.write(async (tx): Promise<CancelSessionResult> => {
    const details = await sessionDetails(tx, sessionId);
    if (!details) return { ok: false, reason: { code: "session_not_found" } };
    const [actor] = await tx
      .select({ id: schema.people.id, isAdmin: schema.people.isAdmin })
      .from(schema.people)
      .where(eq(schema.people.id, actorId));
    const decision = decideSessionCancellation({
      session: details.session,
      actor: actor ?? { id: actorId, isAdmin: false },
      reason: input.reason,
      now,
    });
    if (!decision.ok) return decision;

    const [session] = await tx
      .update(schema.sessions)
      .set(sessionCancelled(details.session, decision.reason, now))
      .where(eq(schema.sessions.id, sessionId))
      .returning();
    const affected = await tx
      .select()
      .from(schema.bookings)
      .where(and(eq(schema.bookings.sessionId, sessionId), inArray(schema.bookings.status, ["booked", "waitlisted"])))
      .orderBy(asc(schema.bookings.id));
    await recordAudit(tx, {
      at: now,
      actorId,
      action: "session.cancelled",
      entityType: "session",
      entityId: sessionId,
      summary: `${details.title}, ${auditTime(details.session.startsAt)}, was cancelled${decision.reason ? `: ${decision.reason}` : ""}.`,
      details: { reason: decision.reason, affectedBookingIds: affected.map((b) => b.id) },
    });
    const ids = (status: string) => affected.filter((b) => b.status === status).map((b) => b.id);
    await mailSeats(tx, {
      bookingIds: ids("booked"),
      kind: "session_cancelled",
      extra: { reason: decision.reason },
      now,
    });
    await mailSeats(tx, {
      bookingIds: ids("waitlisted"),
      kind: "waitlist_left",
      extra: { byName: "", selfCancelled: false, sessionCancelled: true, reason: decision.reason },
      now,
    });
    return { ok: true, session, affected };
  });
}

/** The place shown to a waiting person (1 = next in line), or null when the booking isn't waiting. */
export async function waitlistPlace(q: Queryable, bookingId: number): Promise<number | null> {
  const [booking] = await q.select().from(schema.bookings).where(eq(schema.bookings.id, bookingId));
  if (!booking || booking.status !== "waitlisted" || booking.waitlistPosition === null) return null;
  const ahead = await q
    .select({ ticket: schema.bookings.waitlistPosition })
    .from(schema.bookings)
    .where(
      and(
        eq(schema.bookings.sessionId, booking.sessionId),
        eq(schema.bookings.status, "waitlisted"),
        lte(schema.bookings.waitlistPosition, booking.waitlistPosition),
      ),
    );
  return waitlistPlaceOf(
    booking.waitlistPosition,
    ahead.map((r) => r.ticket ?? 0),
  );
}

export async function bookingById(q: Queryable, bookingId: number): Promise<Booking | undefined> {
  const [booking] = await q.select().from(schema.bookings).where(eq(schema.bookings.id, bookingId));
  return booking;
}

/** Every booking on a session, seats first, then the waitlist in order, then cancellations. */
export async function bookingsOnSession(q: Queryable, sessionId: number) {
  return q
    .select({ booking: schema.bookings, personName: schema.people.name, departmentName: schema.departments.name })
    .from(schema.bookings)
    .innerJoin(schema.people, eq(schema.people.id, schema.bookings.personId))
    .innerJoin(schema.departments, eq(schema.departments.id, schema.people.departmentId))
    .where(eq(schema.bookings.sessionId, sessionId))
    .orderBy(
      sql`case ${schema.bookings.status} when 'cancelled' then 2 when 'waitlisted' then 1 else 0 end`,
      asc(schema.bookings.waitlistPosition),
      asc(schema.bookings.id),
    );
}

/**
 * The people of a session that took place: whether the host recorded attendance, and who came
 * (or, until attendance is recorded, who held a seat).
 */
export async function attendanceOn(
  q: Queryable,
  sessionId: number,
): Promise<{ recorded: boolean; people: { name: string; departmentName: string }[] }> {
  const rows = (await bookingsOnSession(q, sessionId)).filter((r) => isSeated(r.booking.status));
  const recorded = rows.some((r) => r.booking.status !== "booked");
  return {
    recorded,
    people: rows
      .filter((r) => !recorded || r.booking.status === "attended")
      .map((r) => ({ name: r.personName, departmentName: r.departmentName }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The person's live bookings (seat or waitlist place), for the statuses that hold a place. */
export async function liveBookingsOf(q: Queryable, personId: number): Promise<Booking[]> {
  return q
    .select()
    .from(schema.bookings)
    .where(and(eq(schema.bookings.personId, personId), inArray(schema.bookings.status, [...LIVE_BOOKING_STATUSES])))
    .orderBy(asc(schema.bookings.id));
}

/** The person's booking on a session: the live one, else the latest cancelled one. */
export async function bookingOfPersonOn(
  q: Queryable,
  sessionId: number,
  personId: number,
): Promise<Booking | undefined> {
  return bookingReadsOf(q).ofPersonOn.get({ sessionId, personId });
}

const bookingReadsOf = oncePer((q: Queryable) => ({
  ofPersonOn: q
    .select()
    .from(schema.bookings)
    .where(
      and(
        eq(schema.bookings.sessionId, sql.placeholder("sessionId")),
        eq(schema.bookings.personId, sql.placeholder("personId")),
      ),
    )
    .orderBy(sql`${schema.bookings.status} = 'cancelled'`, sql`${schema.bookings.id} desc`)
    .limit(1)
    .prepare(),
}));
