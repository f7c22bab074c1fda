/**
 * What each message carries in the outbox: the facts as they were when the change was made. The
 * message is written from them when it is delivered, in the recipient's own zone, with the
 * app's address of that moment.
 */
import type { BookingSource } from "~/domain/bookings";
import type { MailKind } from "~/domain/mail/kinds";
import type { Day } from "~/domain/time";
import type { SeatRow } from "~/models/calendar/rows.server";

/** A seat as its invite shows it: the same row the downloadable invite and the feed are made of. */
export interface SeatPayload {
  row: SeatRow;
  guide: string | null;
}

/** A session named in a message (the sessions that count toward a module, say). */
export interface SessionLine {
  id: number;
  kindName: string;
  hostName: string;
  startsAt: number;
  endsAt: number;
  timeZone: string;
}

/** The booking a person keeps when a session's new time overlaps it, so their place there was released. */
export interface OverlapNote {
  sessionId: number;
  /** "Install with Olli Other". */
  title: string;
  startsAt: number;
  endsAt: number;
}

export interface DigestLine {
  personId: number;
  personName: string;
  moduleTitle: string;
  dueOn: Day;
}

export interface Payloads {
  seat_booked: SeatPayload & { source: BookingSource; byName: string; selfBooked: boolean };
  seat_promoted: SeatPayload;
  seat_updated: SeatPayload & { changes: string[] };
  seat_cancelled: SeatPayload & { byName: string; selfCancelled: boolean; overlap?: OverlapNote };
  session_cancelled: SeatPayload & { reason: string };
  waitlisted: SeatPayload & { place: number; byName: string; selfBooked: boolean };
  waitlist_left: SeatPayload & {
    byName: string;
    selfCancelled: boolean;
    sessionCancelled: boolean;
    reason: string;
    overlap?: OverlapNote;
  };
  module_assigned: {
    assignmentId: number;
    moduleId: number;
    moduleTitle: string;
    summary: string;
    rule: string;
    dueOn: Day;
    assignedByName: string;
    sessions: SessionLine[];
  };
  session_reminder: SeatPayload;
  module_due_soon: {
    assignmentId: number;
    moduleId: number;
    moduleTitle: string;
    rule: string;
    dueOn: Day;
    sessions: SessionLine[];
  };
  manager_digest: {
    weekOf: Day;
    overdue: DigestLine[];
    dueSoon: DigestLine[];
    /** Lines left out of the message (it names at most a screenful); the team page has them all. */
    moreOverdue: number;
    moreDueSoon: number;
  };
  reflection_request: { bookingId: number; session: SessionLine };
  attendance_request: { session: SessionLine; unconfirmed: number };
  account_invitation: { invitedByName: string | null };
  password_reset: Record<string, never>;
}

/** One message to write into the outbox. */
export type NewMessage = {
  [K in MailKind]: {
    kind: K;
    personId: number;
    /** The change and the recipient, unique: writing it twice writes one message. */
    changeKey: string;
    payload: Payloads[K];
  };
}[MailKind];
