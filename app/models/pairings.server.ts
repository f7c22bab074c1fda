import { asc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { schema, type Db, type Queryable } from "~/db.server";
import { refusalMessage } from "~/domain/bookings";
import { bookSeatWithin } from "~/models/bookings.server";

const host = alias(schema.people, "host");

/** Names and times for the ids a plan mentions, for the review page. */
export async function namesForPlan(db: Queryable, personIds: number[], sessionIds: number[]) {
  const [people, sessions] = await Promise.all([
    personIds.length === 0
      ? []
      : db
          .select({
            id: schema.people.id,
            name: schema.people.name,
            departmentName: schema.departments.name,
          })
          .from(schema.people)
          .innerJoin(schema.departments, eq(schema.departments.id, schema.people.departmentId))
          .where(inArray(schema.people.id, personIds))
          .orderBy(asc(schema.people.name)),
    sessionIds.length === 0
      ? []
      : db
          .select({
            id: schema.sessions.id,
            startsAt: schema.sessions.startsAt,
            endsAt: schema.sessions.endsAt,
            kindName: schema.sessionKinds.name,
            hostName: host.name,
          })
          .from(schema.sessions)
          .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.sessions.kindId))
          .innerJoin(host, eq(host.id, schema.sessions.hostId))
          .where(inArray(schema.sessions.id, sessionIds)),
  ]);
  return {
    people: Object.fromEntries(people.map((p) => [p.id, p])),
    sessions: Object.fromEntries(sessions.map((s) => [s.id, s])),
  };
}

export interface PairingLine {
  personId: number;
  sessionId: number;
}

export interface AppliedPairings {
  booked: { personId: number; sessionId: number; bookingId: number }[];
  refused: { personId: number; sessionId: number; reason: string }[];
}

/**
 * Books a reviewed proposal in one write transaction, each line through the same rules as a
 * person booking by hand. A line whose seat was taken meanwhile, or that no longer fits, is
 * reported and skipped; nobody is overbooked or put on a waitlist they did not ask for.
 */
export async function applyPairings(
  db: Db,
  input: { lines: readonly PairingLine[]; actorId: number; now: number; timeZone: string },
): Promise<AppliedPairings> {
  const result: AppliedPairings = { booked: [], refused: [] };
  if (input.lines.length === 0) return result;
  const names = await namesForPlan(
    db,
    input.lines.map((l) => l.personId),
    [],
  );
  await db.write(async (tx) => {
    for (const line of input.lines) {
      const outcome = await bookSeatWithin(tx, {
        ...line,
        actorId: input.actorId,
        source: "planner",
        now: input.now,
        waitlist: false,
      });
      if (outcome.ok) {
        result.booked.push({ ...line, bookingId: outcome.booking.id });
      } else {
        const personName = names.people[line.personId]?.name ?? "This person";
        result.refused.push({
          ...line,
          reason: refusalMessage(outcome.reason, { timeZone: input.timeZone, personName }),
        });
      }
    }
  });
  return result;
}
