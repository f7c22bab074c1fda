/**
 * A row's event as its reader sees it: a shadow's own seat (in "my bookings" or their invite), a
 * report's seat in their manager's team feed, and a host's own session. Who may read a
 * confidential customer's name is decided here, per reader, by the access rule.
 */
import { maySeeCustomer } from "~/domain/access";
import { isSeated } from "~/domain/bookings";
import {
  attendeeStatusFor,
  bookingSequence,
  bookingUid,
  customerLabel,
  describeHostedSession,
  describeSeat,
  describeTeamSeat,
  hostedSessionSequence,
  hostedSummary,
  latest,
  seatEventStatus,
  seatSummary,
  sessionLocation,
  sessionPageUrl,
  sessionUid,
  teamSeatSummary,
  type CalendarEventData,
  type SessionText,
  type ShadowText,
} from "~/domain/calendar";
import { givenTextDetails } from "~/domain/hosting";
import type { HostedSeatRow, SeatRow, SessionRow } from "./rows.server";

/** The reader of an event: whose calendar it is in. */
export interface Reader {
  id: number;
  isAdmin: boolean;
}

/**
 * The session as a description states it, with the host's name and the customer the reader may
 * see. Each field is copied by name (a spread of the wide row costs far more, 500 times a feed);
 * a field of `SessionText` left out here, or not among the row's columns, is a type error.
 */
function sessionText(row: SessionRow, hostName: string, customer: string): SessionText {
  return {
    id: row.sessionId,
    kindName: row.kindName,
    hostName,
    onSite: row.onSite,
    location: row.location,
    meetingUrl: row.meetingUrl,
    customer,
    notes: row.notes,
    details: givenTextDetails(row),
    timeZone: row.timeZone,
    cancelled: row.sessionStatus === "cancelled",
    cancelReason: row.cancelReason,
  };
}

/**
 * The seat's event as the person themselves sees it. The invite names them as attendee with their
 * answer; "my bookings" is a PUBLISH feed and names nobody. `maySee`: whether the reader may read
 * a confidential customer's name (the booked person's own access when left out).
 */
export function ownSeatEvent(
  row: SeatRow,
  guide: string | null,
  origin: string,
  withAttendee: boolean,
  maySee: boolean = shadowMaySeeCustomer(row),
): CalendarEventData {
  const booking = row.bookingStatus;
  const session = sessionText(row, row.hostName, customerLabel(row.customerName, row.customerConfidential, maySee));
  return seatEvent(row, origin, {
    summary: seatSummary(session, booking),
    description: describeSeat({ session, booking, guide, origin }),
    attendees: withAttendee
      ? [{ name: row.shadowName, email: row.shadowEmail, partstat: attendeeStatusFor(booking) }]
      : [],
    status: seatEventStatus(booking, session.cancelled),
  });
}

/** Whether the booked person may read the session's confidential customer name. */
export function shadowMaySeeCustomer(row: SeatRow): boolean {
  return maySeeCustomer(
    { id: row.personId, isAdmin: Boolean(row.shadowIsAdmin) },
    { hostId: row.hostId, customerConfidential: row.customerConfidential },
    isSeated(row.bookingStatus),
  );
}

/** A report's seat as their manager sees it. */
export function teamSeatEvent(row: SeatRow, manager: Reader, origin: string): CalendarEventData {
  const booking = row.bookingStatus;
  const maySee = maySeeCustomer(
    manager,
    { hostId: row.hostId, customerConfidential: row.customerConfidential },
    Boolean(row.viewerSeated),
  );
  const session = sessionText(row, row.hostName, customerLabel(row.customerName, row.customerConfidential, maySee));
  const shadowText: ShadowText = { name: row.shadowName, departmentName: row.shadowDepartment };
  return seatEvent(row, origin, {
    summary: teamSeatSummary(session, shadowText, booking),
    description: describeTeamSeat({ session, shadow: shadowText, booking, origin }),
    attendees: [],
    status: seatEventStatus(booking, session.cancelled),
  });
}

/** A seat's event: what every reader's event shares, with what the reader sees of it. */
function seatEvent(
  row: SeatRow,
  origin: string,
  seen: Pick<CalendarEventData, "summary" | "description" | "attendees" | "status">,
): CalendarEventData {
  return {
    uid: bookingUid(row.bookingId),
    sequence: bookingSequence(
      { version: row.sessionVersion, cancelled: row.sessionStatus === "cancelled" },
      { version: row.bookingVersion, cancelled: row.bookingStatus === "cancelled" },
    ),
    start: row.startsAt,
    end: row.endsAt,
    timeZone: row.timeZone,
    summary: seen.summary,
    description: seen.description,
    location: sessionLocation(row),
    url: sessionPageUrl(origin, row.sessionId),
    organizer: { name: row.hostName, email: row.hostEmail },
    attendees: seen.attendees,
    status: seen.status,
    lastModified: latest(row.sessionUpdatedAt, row.bookingUpdatedAt, row.sessionCancelledAt, row.bookingCancelledAt),
    created: row.bookingCreatedAt,
  };
}

/** The host's own event of a session, with who is coming and who is waiting. */
export function hostedEvent(
  row: SessionRow,
  onSession: readonly HostedSeatRow[],
  organizer: { name: string; email: string },
  origin: string,
): CalendarEventData {
  const coming = onSession.filter((seat) => isSeated(seat.status));
  const waiting = onSession.filter((seat) => seat.status === "waitlisted");
  // The host always sees their own customer's name.
  const session = sessionText(row, organizer.name, row.customerName);
  return {
    uid: sessionUid(row.sessionId),
    sequence: hostedSessionSequence(
      { version: row.sessionVersion, cancelled: session.cancelled },
      onSession.map((seat) => ({ version: seat.version, cancelled: seat.status === "cancelled" })),
    ),
    start: row.startsAt,
    end: row.endsAt,
    timeZone: row.timeZone,
    summary: hostedSummary(session, row.seats, coming.length),
    description: describeHostedSession({ session, seats: row.seats, coming, waiting, origin }),
    location: sessionLocation(row),
    url: sessionPageUrl(origin, row.sessionId),
    organizer,
    attendees: [],
    status: session.cancelled ? "cancelled" : "confirmed",
    lastModified: latest(
      row.sessionUpdatedAt,
      row.sessionCancelledAt,
      ...onSession.map((seat) => latest(seat.updatedAt, seat.cancelledAt)),
    ),
    created: row.sessionCreatedAt,
  };
}
