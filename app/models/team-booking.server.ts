/**
 * Booking a report onto a session: the session as a manager sees it, and the people they may put
 * on it, each with what the session would count toward and whether they already hold a place.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import { schema, type Queryable } from "~/db.server";
import { isDone } from "~/domain/completion";
import { sessionCounts } from "~/models/bookings.server";
import { inSlices, progressOfPeople, reportsOf, teamMember, type TeamMember } from "~/models/team.server";

export interface BookingCandidate {
  id: number;
  name: string;
  departmentName: string;
  /** Unfinished modules (assigned or core) this session's kind counts toward. */
  countsFor: string[];
  /** The person already holds a seat or a waitlist place on this session. */
  alreadyOn: "booked" | "waitlisted" | "attended" | "no_show" | null;
}

export interface BookingPage {
  session: {
    id: number;
    kindName: string;
    onSite: boolean;
    hostName: string;
    hostDepartmentName: string;
    startsAt: number;
    endsAt: number;
    location: string;
    customerName: string;
    customerConfidential: boolean;
    hostId: number;
    seats: number;
    seated: number;
    waitlisted: number;
    departmentCap: number | null;
    status: "scheduled" | "cancelled";
    notes: string;
  };
  candidates: BookingCandidate[];
}

/** The bookings these people already hold on the session, by person. */
async function placesOnSession(q: Queryable, sessionId: number, personIds: readonly number[]) {
  const alreadyOn = new Map<number, BookingCandidate["alreadyOn"]>();
  for (const part of inSlices(personIds)) {
    const rows = await q
      .select({ personId: schema.bookings.personId, status: schema.bookings.status })
      .from(schema.bookings)
      .where(
        and(
          eq(schema.bookings.sessionId, sessionId),
          inArray(schema.bookings.personId, part),
          ne(schema.bookings.status, "cancelled"),
        ),
      );
    for (const row of rows) alreadyOn.set(row.personId, row.status as BookingCandidate["alreadyOn"]);
  }
  return alreadyOn;
}

/**
 * The session with the people the viewer may book onto it: their reports, and `alsoPersonId`
 * (a person named in the link whom the viewer may manage) when they are active. Undefined when
 * there is no such session.
 */
export async function bookingPage(
  q: Queryable,
  viewer: { id: number },
  sessionId: number,
  options: { alsoPersonId: number | null; now: number },
): Promise<BookingPage | undefined> {
  const session = await q.query.sessions.findFirst({
    where: eq(schema.sessions.id, sessionId),
    with: {
      kind: { columns: { name: true, onSite: true } },
      host: { columns: { name: true }, with: { department: { columns: { name: true } } } },
    },
  });
  if (!session) return undefined;
  const counts = await sessionCounts(q, sessionId);

  const people: TeamMember[] = await reportsOf(q, viewer.id);
  const named = options.alsoPersonId;
  if (named !== null && !people.some((p) => p.id === named)) {
    const person = await teamMember(q, named);
    if (person?.active) people.unshift(person);
  }

  const progress = await progressOfPeople(
    q,
    people.map((p) => p.id),
    options.now,
  );
  const countsFor = (personId: number) =>
    (progress.get(personId) ?? [])
      .filter((p) => !isDone(p.standing))
      .filter((p) => p.module.ruleKindId === null || p.module.ruleKindId === session.kindId)
      .map((p) => p.module.title);
  const alreadyOn = await placesOnSession(
    q,
    sessionId,
    people.map((p) => p.id),
  );

  return {
    session: {
      id: session.id,
      kindName: session.kind.name,
      onSite: session.kind.onSite,
      hostName: session.host.name,
      hostDepartmentName: session.host.department.name,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      location: session.location,
      customerName: session.customerName,
      customerConfidential: session.customerConfidential,
      hostId: session.hostId,
      seats: session.seats,
      seated: counts.seated,
      waitlisted: counts.waitlisted,
      departmentCap: session.departmentCap,
      status: session.status,
      notes: session.notes,
    },
    candidates: people.map((p) => ({
      id: p.id,
      name: p.name,
      departmentName: p.departmentName,
      countsFor: countsFor(p.id),
      alreadyOn: alreadyOn.get(p.id) ?? null,
    })),
  };
}
