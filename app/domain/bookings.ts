/**
 * The booking rules (README.md, "The rules": seats, one place at a time, department cap), as one
 * pure decision. The booking form, a manager's booking on behalf of a report and the planner's
 * apply all go through `decideBooking`; `refusalMessage` turns a refusal into the sentence a page
 * shows.
 */
import { can, type Actor } from "./permissions";
import { formatSpan, overlaps, type Span } from "./time";

export type LiveBookingStatus = "booked" | "waitlisted" | "attended" | "no_show";
export type BookingStatus = LiveBookingStatus | "cancelled";
export type BookingSource = "self" | "manager" | "planner";

/** Statuses that hold a place: they block overlapping bookings and count toward a department cap. */
export const LIVE_BOOKING_STATUSES: readonly LiveBookingStatus[] = ["booked", "waitlisted", "attended", "no_show"];

/** Statuses that occupy one of the session's seats. */
export const SEATED_STATUSES: readonly LiveBookingStatus[] = ["booked", "attended", "no_show"];

export function isLive(status: BookingStatus): status is LiveBookingStatus {
  return status !== "cancelled";
}

export function isSeated(status: BookingStatus): boolean {
  return status === "booked" || status === "attended" || status === "no_show";
}

export interface SessionFacts extends Span {
  id: number;
  hostId: number;
  hostDepartmentId: number;
  seats: number;
  /** Most shadows from one department, or null for no cap. */
  departmentCap: number | null;
  status: "scheduled" | "cancelled";
}

export interface PersonFacts {
  id: number;
  departmentId: number;
  departmentName: string;
  active: boolean;
}

/** Who is making the booking, and what they may do for the person being booked. */
export interface ActorFacts {
  id: number;
  isAdmin: boolean;
  /** The actor is the person's manager, directly or further up the line. */
  managesPerson: boolean;
}

/** One of the person's own live bookings, with the session it is on. */
export interface PersonBooking extends Span {
  bookingId: number;
  sessionId: number;
  status: LiveBookingStatus;
  sessionStatus: "scheduled" | "cancelled";
  /** How the session is named in a sentence, e.g. "Sales call with Maria Lopez". */
  title: string;
}

export interface SessionCounts {
  /** Bookings holding a seat (booked, attended, no-show). */
  seated: number;
  waitlisted: number;
  /** Live bookings (seated or waiting) of people from the booking person's department. */
  fromPersonsDepartment: number;
}

export type BookingRefusal =
  | { code: "session_not_found" }
  | { code: "person_not_found" }
  | { code: "session_cancelled" }
  | { code: "session_started" }
  | { code: "person_inactive" }
  | { code: "not_allowed" }
  | { code: "own_session" }
  | { code: "own_department" }
  | { code: "already_booked"; status: LiveBookingStatus }
  | {
      code: "overlap";
      conflict: { bookingId: number; sessionId: number; title: string; startsAt: number; endsAt: number };
    }
  | { code: "department_full"; departmentName: string; cap: number; count: number }
  /** Only when the caller asked for a seat or nothing (the planner's apply). */
  | { code: "session_full" };

export type BookingDecision = { ok: true; status: "booked" | "waitlisted" } | { ok: false; reason: BookingRefusal };

export interface BookingRequest {
  session: SessionFacts;
  person: PersonFacts;
  /** The person's live bookings on sessions whose times meet this one's (more do no harm). */
  liveBookingsOfPerson: readonly PersonBooking[];
  sessionCounts: SessionCounts;
  now: number;
  actor: ActorFacts;
}

/**
 * Whether the person gets a seat, a waitlist place, or a refusal.
 *
 * The department cap counts waiting people as well as seated ones, so the waitlist can always be
 * promoted strictly in order without a department going over its cap.
 */
export function decideBooking({
  session,
  person,
  liveBookingsOfPerson,
  sessionCounts,
  now,
  actor,
}: BookingRequest): BookingDecision {
  const refuse = (reason: BookingRefusal): BookingDecision => ({ ok: false, reason });

  if (session.status === "cancelled") return refuse({ code: "session_cancelled" });
  if (now >= session.startsAt) return refuse({ code: "session_started" });
  if (!(actor.id === person.id || actor.isAdmin || actor.managesPerson)) return refuse({ code: "not_allowed" });
  if (!person.active) return refuse({ code: "person_inactive" });
  if (person.id === session.hostId) return refuse({ code: "own_session" });
  if (person.departmentId === session.hostDepartmentId) return refuse({ code: "own_department" });

  const onThisSession = liveBookingsOfPerson.find((b) => b.sessionId === session.id);
  if (onThisSession) return refuse({ code: "already_booked", status: onThisSession.status });

  // A booking on a cancelled session no longer takes up the person's time.
  const conflict = liveBookingsOfPerson
    .filter((b) => b.sessionStatus === "scheduled" && overlaps(b, session))
    .sort((a, b) => a.startsAt - b.startsAt)[0];
  if (conflict) {
    return refuse({
      code: "overlap",
      conflict: {
        bookingId: conflict.bookingId,
        sessionId: conflict.sessionId,
        title: conflict.title,
        startsAt: conflict.startsAt,
        endsAt: conflict.endsAt,
      },
    });
  }

  if (session.departmentCap !== null && sessionCounts.fromPersonsDepartment >= session.departmentCap) {
    return refuse({
      code: "department_full",
      departmentName: person.departmentName,
      cap: session.departmentCap,
      count: sessionCounts.fromPersonsDepartment,
    });
  }

  // A free seat goes to the waitlist's first person, never past them.
  const seatFree = sessionCounts.seated < session.seats && sessionCounts.waitlisted === 0;
  return { ok: true, status: seatFree ? "booked" : "waitlisted" };
}

export interface RefusalContext {
  /** The zone the reader sees times in. */
  timeZone: string;
  /** The name of the person being booked, when the reader is booking someone else. */
  personName?: string;
}

const NUMBER_WORDS = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"];

function countInWords(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
}

/** The plain sentence a page shows for a refusal, addressed to the reader. */
export function refusalMessage(reason: BookingRefusal, context: RefusalContext): string {
  const other = context.personName;
  switch (reason.code) {
    case "session_not_found":
      return "That session doesn't exist any more.";
    case "person_not_found":
      return "That person isn't in the company directory.";
    case "session_cancelled":
      return "This session has been cancelled, so it takes no bookings.";
    case "session_started":
      return "This session has already started — bookings close at the start time.";
    case "not_allowed":
      return "You can book yourself, or people who report to you, but not this person.";
    case "person_inactive":
      return other
        ? `${other} is no longer active, so they can't be booked.`
        : "Your account is no longer active, so you can't book.";
    case "own_session":
      return other ? `${other} hosts this session, so they can't shadow it.` : "You can't shadow your own session.";
    case "own_department":
      return other
        ? `${other} can't shadow their own department's work.`
        : "You can't shadow your own department's work.";
    case "already_booked":
      if (reason.status === "waitlisted") {
        return other
          ? `${other} is already on the waitlist for this session.`
          : "You are already on the waitlist for this session.";
      }
      return other ? `${other} already has a seat on this session.` : "You already have a seat on this session.";
    case "overlap": {
      const when = formatSpan(reason.conflict.startsAt, reason.conflict.endsAt, context.timeZone);
      const who = other ? `${other} already has` : "You already have";
      return `${who} a booking at that time: ${reason.conflict.title}, ${when}.`;
    }
    case "department_full": {
      const people = reason.count === 1 ? "person" : "people";
      const verb = reason.count === 1 ? "is" : "are";
      return `${countInWords(reason.count)} ${people} from ${reason.departmentName} ${verb} already coming — this session takes at most ${reason.cap} from one department.`;
    }
    case "session_full":
      return other ? `Every seat was taken before ${other} could be booked.` : "Every seat was taken meanwhile.";
  }
}

/** "You're booked." or "This session is full — you are number 2 on the waitlist." */
export function bookedMessage(
  result: { status: "booked" | "waitlisted"; place: number | null },
  personName?: string,
): string {
  if (result.status === "booked") return personName ? `${personName} is booked.` : "You're booked.";
  const place = result.place ?? 1;
  return personName
    ? `This session is full — ${personName} is number ${place} on the waitlist.`
    : `This session is full — you are number ${place} on the waitlist.`;
}

export type CancelRefusal =
  | { code: "booking_not_found" }
  | { code: "not_allowed" }
  | { code: "already_cancelled" }
  | { code: "attendance_recorded" }
  | { code: "session_started" };

/** Who may give up a place: the person, their managers and admins; a seat only before the start. */
export function decideCancellation(input: {
  booking: { personId: number; status: BookingStatus };
  session: Span;
  actor: ActorFacts;
  now: number;
}): { ok: true } | { ok: false; reason: CancelRefusal } {
  const { booking, session, actor, now } = input;
  if (!(actor.id === booking.personId || actor.isAdmin || actor.managesPerson)) {
    return { ok: false, reason: { code: "not_allowed" } };
  }
  if (booking.status === "cancelled") return { ok: false, reason: { code: "already_cancelled" } };
  if (booking.status === "attended" || booking.status === "no_show") {
    return { ok: false, reason: { code: "attendance_recorded" } };
  }
  // Leaving the waitlist is always possible; a seat is the host's to mark once the session runs.
  if (booking.status === "booked" && now >= session.startsAt) return { ok: false, reason: { code: "session_started" } };
  return { ok: true };
}

export function cancelRefusalMessage(reason: CancelRefusal): string {
  switch (reason.code) {
    case "booking_not_found":
      return "That booking doesn't exist.";
    case "not_allowed":
      return "Only the person booked, their manager or an admin can cancel this booking.";
    case "already_cancelled":
      return "This booking is already cancelled.";
    case "attendance_recorded":
      return "The host has already recorded attendance for this booking, so it can't be cancelled.";
    case "session_started":
      return "This session has already started — ask the host to record attendance instead.";
  }
}

export type AttendanceStatus = "attended" | "no_show" | "booked";

export type HostActionRefusal =
  | { code: "booking_not_found" }
  | { code: "not_host" }
  | { code: "session_cancelled" }
  | { code: "session_not_started" }
  | { code: "not_seated" }
  | { code: "note_too_long"; max: number };

/** Attendance is the host's (or an admin's) to confirm, once the session has started. */
export function decideAttendance(input: {
  booking: { status: BookingStatus };
  session: Span & { hostId: number; status: "scheduled" | "cancelled" };
  actor: { id: number; isAdmin: boolean };
  now: number;
}): { ok: true } | { ok: false; reason: HostActionRefusal } {
  const { booking, session, actor, now } = input;
  if (actor.id !== session.hostId && !actor.isAdmin) return { ok: false, reason: { code: "not_host" } };
  if (session.status === "cancelled") return { ok: false, reason: { code: "session_cancelled" } };
  if (now < session.startsAt) return { ok: false, reason: { code: "session_not_started" } };
  if (!isSeated(booking.status)) return { ok: false, reason: { code: "not_seated" } };
  return { ok: true };
}

export const HOST_NOTE_MAX = 2000;

export function hostActionMessage(reason: HostActionRefusal): string {
  switch (reason.code) {
    case "booking_not_found":
      return "That booking doesn't exist.";
    case "not_host":
      return "Only the session's host can do this.";
    case "session_cancelled":
      return "This session was cancelled.";
    case "session_not_started":
      return "Attendance can be confirmed once the session has started.";
    case "not_seated":
      return "This person has no seat on the session (they cancelled or are still on the waitlist).";
    case "note_too_long":
      return `A host note can be at most ${reason.max} characters.`;
  }
}

export const REFLECTION_MAX = 4000;

export type ReflectionRefusal =
  | { code: "booking_not_found" }
  | { code: "not_yours" }
  | { code: "not_attended" }
  | { code: "empty" }
  | { code: "too_long"; max: number };

/** A reflection belongs to the person who attended, and says something. */
export function decideReflection(input: {
  booking: { personId: number; status: BookingStatus };
  personId: number;
  text: string;
}): { ok: true; text: string } | { ok: false; reason: ReflectionRefusal } {
  const text = input.text.trim();
  if (input.booking.personId !== input.personId) return { ok: false, reason: { code: "not_yours" } };
  if (input.booking.status !== "attended") return { ok: false, reason: { code: "not_attended" } };
  if (text.length === 0) return { ok: false, reason: { code: "empty" } };
  if (text.length > REFLECTION_MAX) return { ok: false, reason: { code: "too_long", max: REFLECTION_MAX } };
  return { ok: true, text };
}

export function reflectionMessage(reason: ReflectionRefusal): string {
  switch (reason.code) {
    case "booking_not_found":
      return "That booking doesn't exist.";
    case "not_yours":
      return "You can only write a reflection on your own booking.";
    case "not_attended":
      return "You can write a reflection once the host has confirmed you attended.";
    case "empty":
      return "Write a few words about what you saw and learned.";
    case "too_long":
      return `A reflection can be at most ${reason.max} characters.`;
  }
}

export type SessionCancelRefusal =
  | { code: "session_not_found" }
  | { code: "not_host" }
  | { code: "already_cancelled" }
  | { code: "session_started" }
  | { code: "reason_too_long"; max: number };

export const CANCEL_REASON_MAX = 500;

/** A host (or an admin) may call off a session that has not started yet. */
export function decideSessionCancellation(input: {
  session: Span & { hostId: number; status: "scheduled" | "cancelled" };
  actor: { id: number; isAdmin: boolean };
  reason: string;
  now: number;
}): { ok: true; reason: string } | { ok: false; reason: SessionCancelRefusal } {
  const { session, actor, now } = input;
  const reason = input.reason.trim();
  if (actor.id !== session.hostId && !actor.isAdmin) return { ok: false, reason: { code: "not_host" } };
  if (session.status === "cancelled") return { ok: false, reason: { code: "already_cancelled" } };
  if (now >= session.startsAt) return { ok: false, reason: { code: "session_started" } };
  if (reason.length > CANCEL_REASON_MAX)
    return { ok: false, reason: { code: "reason_too_long", max: CANCEL_REASON_MAX } };
  return { ok: true, reason };
}

export function sessionCancelMessage(reason: SessionCancelRefusal): string {
  switch (reason.code) {
    case "session_not_found":
      return "That session doesn't exist.";
    case "not_host":
      return "Only the session's host or an admin can cancel it.";
    case "already_cancelled":
      return "This session is already cancelled.";
    case "session_started":
      return "This session has already started, so it can't be cancelled.";
    case "reason_too_long":
      return `Keep the reason to at most ${reason.max} characters.`;
  }
}

/** "1st", "2nd", "3rd", "11th", "22nd": a place in line as people say it. */
export function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  const suffix = { 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th";
  return `${n}${suffix}`;
}

/** What leaving the waitlist costs, said before the person confirms it. */
export function leaveWaitlistWarning(place: number | null): string {
  return place === null
    ? "Leaving gives up your place in line."
    : `You are ${ordinal(place)} in line; leaving gives up your place.`;
}

/**
 * The heading over a session's people: who is coming while it is ahead, who is booked while it
 * runs, and afterwards who came once the host recorded attendance, else who was booked.
 */
export function peopleHeading(timing: SessionTiming, attendanceRecorded: boolean): string {
  if (timing === "upcoming") return "Who is coming";
  if (timing === "under_way") return "Who is booked";
  return attendanceRecorded ? "Who came" : "Who was booked";
}

/** The place shown to a waiting person: how many waiting tickets are at or before theirs. */
export function waitlistPlaceOf(ticket: number, waitingTickets: readonly number[]): number {
  return waitingTickets.filter((t) => t <= ticket).length;
}

export type SessionTiming = "upcoming" | "under_way" | "took_place";

/** Where a session stands against now: bookings close at its start. */
export function timingOf(session: Span, now: number): SessionTiming {
  if (now < session.startsAt) return "upcoming";
  return now < session.endsAt ? "under_way" : "took_place";
}

/** What a session's page offers the viewer, decided here so the page only draws it. */
export interface SessionOptions {
  timing: SessionTiming;
  /** The host called the session off. */
  cancelled: boolean;
  /** The viewer hosts this session. */
  hosts: boolean;
  /** The viewer holds a place on it: a seat, a waitlist place, or a recorded attendance. */
  holdsPlace: boolean;
  /** A seat can be booked, or the waitlist joined when `joinsWaitlist`. */
  canBook: boolean;
  joinsWaitlist: boolean;
  /** The viewer can give up their seat or leave the waitlist from the page. */
  canCancel: boolean;
  /** The viewer attended, so their reflection can be written. */
  canReflect: boolean;
  /** The meeting link is for people with a place on a session that still runs. */
  seesMeetingLink: boolean;
  /** Which invite the viewer can download for their place: the invite, or the cancellation. */
  invite: "request" | "cancel" | null;
  /** The host's pages for this session are the viewer's to open. */
  canManage: boolean;
  /** The viewer can book their reports onto it. */
  canBookOthers: boolean;
}

/**
 * The session page's choices for one viewer. The actions behind them still go through
 * `decideBooking`, `decideCancellation` and `decideReflection`; this only decides what to offer.
 */
export function sessionOptions(input: {
  session: Span & { hostId: number; status: "scheduled" | "cancelled"; seatsLeft: number };
  /** The viewer's latest booking on the session, or null. */
  mine: { personId: number; status: BookingStatus } | null;
  viewer: Actor;
  now: number;
}): SessionOptions {
  const { session, mine, viewer, now } = input;
  const timing = timingOf(session, now);
  const cancelled = session.status === "cancelled";
  const hosts = session.hostId === viewer.id;
  const open = !cancelled && timing === "upcoming";
  const held = mine !== null && isLive(mine.status) ? mine : null;
  const self = { id: viewer.id, isAdmin: false, managesPerson: false };
  const canCancel = open && held !== null && decideCancellation({ booking: held, session, actor: self, now }).ok;
  let invite: SessionOptions["invite"] = null;
  if (held && cancelled) invite = "cancel";
  // A session that took place is no longer something to put in a calendar.
  else if (held && held.status !== "no_show" && timing !== "took_place") invite = "request";
  return {
    timing,
    cancelled,
    hosts,
    holdsPlace: held !== null,
    canBook: open && !hosts && held === null,
    joinsWaitlist: session.seatsLeft <= 0,
    canCancel,
    canReflect: held?.status === "attended",
    seesMeetingLink: held !== null && !cancelled,
    invite,
    canManage: can(viewer, "hosting:manage-session", { hostId: session.hostId }),
    canBookOthers: open && can(viewer, "team:book-others"),
  };
}
