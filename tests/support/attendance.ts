import type { Db } from "~/db.server";
import { DAY, MINUTE } from "~/domain/time";
import { bookSeat, recordAttendance } from "~/models/bookings.server";
import { aSession, type Person, type SessionKind } from "./builders";

/**
 * Evidence as it happens: the person books a new session of the kind a day ahead, through the
 * booking rules, and its host confirms they attended once it has ended.
 */
export async function anAttendedSession(
  db: Db,
  fields: { person: Person; kind: SessionKind | number; startsAt: number; minutes?: number },
) {
  const { person, kind, startsAt } = fields;
  const endsAt = startsAt + (fields.minutes ?? 60) * MINUTE;
  const session = await aSession(db, { kind, startsAt, endsAt });
  const seat = await bookSeat(db, {
    sessionId: session.id,
    personId: person.id,
    actorId: person.id,
    source: "self",
    now: startsAt - DAY,
  });
  if (!seat.ok) throw new Error(seat.reason.code);
  const attended = await recordAttendance(db, {
    bookingId: seat.booking.id,
    actorId: session.hostId,
    status: "attended",
    now: endsAt,
  });
  if (!attended.ok) throw new Error(attended.reason.code);
  return { session, booking: attended.booking, completions: attended.completions };
}
