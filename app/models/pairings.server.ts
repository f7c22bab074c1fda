/**
 * Applying the planner's proposal, and the names and times a proposal mentions, for its review.
 */
import { inArray } from "drizzle-orm";
import type { Db, Queryable } from "~/db.server";
import type { BookingRefusal } from "~/domain/bookings";
import { bookSeatWithin } from "~/models/bookings.server";

export interface PlannedPerson {
  id: number;
  name: string;
  departmentName: string;
}

export interface PlannedSession {
  id: number;
  startsAt: number;
  endsAt: number;
  kindName: string;
  hostName: string;
}

/** Names and times for the ids a plan mentions, for the review page. */
export async function namesForPlan(
  db: Queryable,
  personIds: readonly number[],
  sessionIds: readonly number[],
): Promise<{ people: Record<number, PlannedPerson>; sessions: Record<number, PlannedSession> }> {
  const [people, sessions] = await Promise.all([
    personIds.length === 0
      ? []
      : db.query.people.findMany({
          columns: { id: true, name: true },
          where: (p) => inArray(p.id, [...personIds]),
          with: { department: { columns: { name: true } } },
          orderBy: (p, { asc }) => [asc(p.name)],
        }),
    sessionIds.length === 0
      ? []
      : db.query.sessions.findMany({
          columns: { id: true, startsAt: true, endsAt: true },
          where: (s) => inArray(s.id, [...sessionIds]),
          with: { kind: { columns: { name: true } }, host: { columns: { name: true } } },
        }),
  ]);
  return {
    people: Object.fromEntries(
      people.map((p): [number, PlannedPerson] => [p.id, { id: p.id, name: p.name, departmentName: p.department.name }]),
    ),
    sessions: Object.fromEntries(
      sessions.map((s): [number, PlannedSession] => [
        s.id,
        { id: s.id, startsAt: s.startsAt, endsAt: s.endsAt, kindName: s.kind.name, hostName: s.host.name },
      ]),
    ),
  };
}

export interface PairingLine {
  personId: number;
  sessionId: number;
}

export interface AppliedPairings {
  booked: { personId: number; sessionId: number; bookingId: number }[];
  refused: { personId: number; sessionId: number; reason: BookingRefusal }[];
}

/**
 * Books a reviewed proposal in one write transaction, each line through the same rules as a
 * person booking by hand. A line whose seat was taken meanwhile, or that no longer fits, is
 * reported and skipped; nobody is overbooked or put on a waitlist they did not ask for.
 */
export async function applyPairings(
  db: Db,
  input: { lines: readonly PairingLine[]; actorId: number; now: number },
): Promise<AppliedPairings> {
  const result: AppliedPairings = { booked: [], refused: [] };
  if (input.lines.length === 0) return result;
  await db.write(async (tx) => {
    for (const line of input.lines) {
      const outcome = await bookSeatWithin(tx, {
        ...line,
        actorId: input.actorId,
        source: "planner",
        now: input.now,
        waitlist: false,
      });
      if (outcome.ok) result.booked.push({ ...line, bookingId: outcome.booking.id });
      else result.refused.push({ ...line, reason: outcome.reason });
    }
  });
  return result;
}
