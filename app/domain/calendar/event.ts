/**
 * The event as a calendar shows it: one seat or one hosted session, its UID, its SEQUENCE and its
 * status, and the METHOD of the invite that carries it. Why each is so: README.md in this folder.
 */
import type { BookingStatus } from "../bookings";

export type CalendarEventStatus = "confirmed" | "tentative" | "cancelled";
export type AttendeeStatus = "accepted" | "tentative" | "declined" | "needs-action";

export interface CalendarContact {
  name: string;
  email: string;
}

export interface CalendarAttendee extends CalendarContact {
  partstat: AttendeeStatus;
}

/** One event of an invite or a feed. Instants are UTC milliseconds. */
export interface CalendarEventData {
  uid: string;
  sequence: number;
  start: number;
  end: number;
  /** The zone the session is planned in (IANA name); named in the description. */
  timeZone: string;
  summary: string;
  description: string;
  /** Where to go: the place, or the meeting link for remote work; "" for none. */
  location: string;
  /** The session's page in Frontline; "" for none. */
  url: string;
  organizer: CalendarContact;
  /** Written in invites only; feeds carry none (they are METHOD:PUBLISH). */
  attendees: CalendarAttendee[];
  status: CalendarEventStatus;
  lastModified: number;
  created: number;
}

export type InviteMethod = "REQUEST" | "CANCEL";

export function bookingUid(bookingId: number): string {
  return `booking-${bookingId}@frontline`;
}

export function sessionUid(sessionId: number): string {
  return `session-${sessionId}@frontline`;
}

/** A row's place in its history: its version, and whether it has been cancelled (final). */
export interface Revision {
  version: number;
  cancelled: boolean;
}

const revisions = (row: Revision): number => row.version + (row.cancelled ? 1 : 0);

/** SEQUENCE of a seat's event: rises with every change to the session or the booking. */
export function bookingSequence(session: Revision, booking: Revision): number {
  return revisions(session) + revisions(booking);
}

/**
 * SEQUENCE of the host's event: the session's revisions plus, for every booking it has ever had,
 * one for its arrival and its own revisions. Bookings are never deleted, so this only rises.
 */
export function hostedSessionSequence(session: Revision, bookings: readonly Revision[]): number {
  let sequence = revisions(session);
  for (const booking of bookings) sequence += 1 + revisions(booking);
  return sequence;
}

export function seatEventStatus(booking: BookingStatus, sessionCancelled: boolean): CalendarEventStatus {
  if (sessionCancelled || booking === "cancelled") return "cancelled";
  return booking === "waitlisted" ? "tentative" : "confirmed";
}

/** The person's answer as the invite states it: a seat is accepted, a waitlist place tentative. */
export function attendeeStatusFor(booking: BookingStatus): AttendeeStatus {
  if (booking === "cancelled") return "declined";
  return booking === "waitlisted" ? "tentative" : "accepted";
}

/** The invite's METHOD: a cancelled seat or session is a cancellation of the same event. */
export function inviteMethodFor(status: CalendarEventStatus): InviteMethod {
  return status === "cancelled" ? "CANCEL" : "REQUEST";
}

/** The latest of some instants (null for never), or 0: when an event was last revised. */
export function latest(...instants: (number | null)[]): number {
  let last = 0;
  for (const instant of instants) if (instant !== null && instant > last) last = instant;
  return last;
}
