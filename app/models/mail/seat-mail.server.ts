/**
 * The messages a change to a seat sends, written into the outbox inside the change's own
 * transaction. Each carries the seat as the invite and the feed read it (`readSeats`), so the
 * e-mailed invite has the same UID and SEQUENCE as the download and the feed.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { schema, type Queryable } from "~/db.server";
import { bookingSequence } from "~/domain/calendar";
import type { MailKind } from "~/domain/mail/kinds";
import type { NewMessage, Payloads, SeatPayload } from "~/mail/payloads.server";
import { guidesForKinds, readSeats, type SeatRow } from "~/models/calendar/rows.server";
import { enqueueMail } from "./outbox.server";

type SeatKind = Extract<
  MailKind,
  | "seat_booked"
  | "seat_promoted"
  | "seat_updated"
  | "seat_cancelled"
  | "session_cancelled"
  | "waitlisted"
  | "waitlist_left"
>;

/** The extra facts of each seat message, besides the seat itself. */
export type SeatExtra<K extends SeatKind> = Omit<Payloads[K], keyof SeatPayload>;

/** The seat's SEQUENCE now: every change to the seat or its session raises it, so it names the change. */
function sequenceOf(row: SeatRow): number {
  return bookingSequence(
    { version: row.sessionVersion, cancelled: row.sessionStatus === "cancelled" },
    { version: row.bookingVersion, cancelled: row.bookingStatus === "cancelled" },
  );
}

/** Each booking's seat as its invite reads it, with the guide of the module its kind counts toward. */
export async function seatPayloads(q: Queryable, bookingIds: readonly number[]): Promise<SeatPayload[]> {
  const rows: SeatRow[] = [];
  for (const bookingId of bookingIds) rows.push(...(await readSeats(q, "booking", { bookingId })));
  const guides = await guidesForKinds(q, [...new Set(rows.map((r) => r.kindId))]);
  return rows.map((row) => ({ row, guide: guides.get(row.kindId) ?? null }));
}

/** Tells the booked person about a change to their seat: one message, keyed by the seat's SEQUENCE. */
export async function mailSeat<K extends SeatKind>(
  tx: Queryable,
  input: { bookingId: number; kind: K; extra: SeatExtra<K>; now: number },
): Promise<void> {
  await mailSeats(tx, { ...input, bookingIds: [input.bookingId] });
}

/** The same message about several seats (everyone on a session the host changed or called off). */
export async function mailSeats<K extends SeatKind>(
  tx: Queryable,
  input: { bookingIds: readonly number[]; kind: K; extra: SeatExtra<K>; now: number },
): Promise<void> {
  if (!input.bookingIds.length) return;
  const payloads = await seatPayloads(tx, input.bookingIds);
  const messages = payloads.map(
    (seat) =>
      ({
        kind: input.kind,
        personId: seat.row.personId,
        changeKey: `${input.kind}:booking-${seat.row.bookingId}:seq-${sequenceOf(seat.row)}`,
        payload: { ...seat, ...input.extra },
      }) as NewMessage,
  );
  await enqueueMail(tx, messages, input.now);
}

/** The bookings on a session that hold a seat or a waitlist place now. */
export async function liveSeatsOn(q: Queryable, sessionId: number) {
  return q
    .select({ id: schema.bookings.id, status: schema.bookings.status })
    .from(schema.bookings)
    .where(and(eq(schema.bookings.sessionId, sessionId), inArray(schema.bookings.status, ["booked", "waitlisted"])))
    .orderBy(asc(schema.bookings.id));
}
