/**
 * What My bookings says about a seat: where it stands and, once the session is over, whether
 * attendance was confirmed and the reflection written. Words and tones only; the page draws them.
 */
import type { BookingStatus } from "./bookings";

export type Tone = "ok" | "warn" | "danger" | "info" | "muted";

export interface SeatState {
  label: string;
  tone: Tone;
}

interface SeatFacts {
  status: BookingStatus;
  sessionStatus: "scheduled" | "cancelled";
  reflection: string;
}

/** A seat on a session that has not ended. */
export function upcomingState(seat: SeatFacts): SeatState {
  if (seat.sessionStatus === "cancelled") return { label: "Cancelled by host", tone: "danger" };
  if (seat.status === "waitlisted") return { label: "Waitlisted", tone: "warn" };
  if (seat.status === "attended") return { label: "Attended", tone: "ok" };
  if (seat.status === "no_show") return { label: "Marked absent", tone: "danger" };
  return { label: "Booked", tone: "ok" };
}

/** Whether the host has said who came to a session that is over. */
export function attendanceState(seat: SeatFacts): SeatState {
  if (seat.sessionStatus === "cancelled") return { label: "Cancelled by host", tone: "muted" };
  if (seat.status === "attended") return { label: "Attended", tone: "ok" };
  if (seat.status === "no_show") return { label: "Marked absent", tone: "danger" };
  return { label: "Attendance not confirmed yet", tone: "warn" };
}

export type ReflectionState = "written" | "to_write" | "not_yet" | "none";

/**
 * A reflection is written once attendance is confirmed; before that there is nothing to write
 * yet, and after an absence or a cancelled session nothing at all.
 */
export function reflectionState(seat: SeatFacts): ReflectionState {
  if (seat.sessionStatus === "cancelled" || seat.status === "no_show") return "none";
  if (seat.status !== "attended") return "not_yet";
  return seat.reflection.trim() === "" ? "to_write" : "written";
}
