/**
 * The invite of one booking (`/bookings/<id>/invite.ics`): a REQUEST while the seat or waitlist
 * place is live, a CANCEL with the same UID and a higher SEQUENCE once the booking or its session
 * is cancelled. Written for the booked person, with what the reader may see.
 */
import type { Queryable } from "~/db.server";
import { maySeeCustomer } from "~/domain/access";
import { inviteMethodFor, type CalendarEventData, type InviteMethod } from "~/domain/calendar";
import { managesPerson } from "~/models/bookings.server";
import { ownSeatEvent, shadowMaySeeCustomer, type Reader } from "./events.server";
import { guidesForKinds, holdsSeat, readSeats } from "./rows.server";

export interface BookingInvite {
  event: CalendarEventData;
  method: InviteMethod;
  /** The booked person, the session and its host. */
  personId: number;
  sessionId: number;
  hostId: number;
  /** The facts `booking:invite` is decided on for the reader. */
  readerFacts: { isOwnBooking: boolean; hostId: number; managesPerson: boolean };
}

/**
 * The invite of a booking as `reader` downloads it, or undefined for an unknown booking. When the
 * reader is not the booked person (their manager, the host, an admin) the customer's name follows
 * the reader's own access, so a manager never learns a confidential customer from a report's invite.
 * Whether the reader may download it at all is the route's to decide, from `readerFacts`.
 */
export async function bookingInvite(
  q: Queryable,
  bookingId: number,
  options: { origin: string; reader: Reader },
): Promise<BookingInvite | undefined> {
  const [row] = await readSeats(q, "booking", { bookingId });
  if (!row) return undefined;
  const { reader, origin } = options;
  const isOwnBooking = reader.id === row.personId;
  const guides = await guidesForKinds(q, [row.kindId]);
  const maySee = isOwnBooking
    ? shadowMaySeeCustomer(row)
    : maySeeCustomer(
        reader,
        { hostId: row.hostId, customerConfidential: row.customerConfidential },
        await holdsSeat(q, reader.id, row.sessionId),
      );
  const event = ownSeatEvent(row, guides.get(row.kindId) ?? null, origin, true, maySee);
  return {
    event,
    method: inviteMethodFor(event.status),
    personId: row.personId,
    sessionId: row.sessionId,
    hostId: row.hostId,
    readerFacts: {
      isOwnBooking,
      hostId: row.hostId,
      managesPerson: !isOwnBooking && (await managesPerson(q, reader.id, row.personId)),
    },
  };
}
