/**
 * The planner's model read literally, pair by pair, with no shared code: the yardstick the
 * planner is checked against (eligibility, constraints, objective, exhaustive optimum).
 */
import type { PlannerAssignment, PlannerInput, PlannerPerson, PlannerSession, PlanObjective } from "~/domain/planner";

export interface Option {
  session: PlannerSession;
  serves: PlannerAssignment;
  days: number;
  hours: number;
}

export interface PlacementLike {
  personId: number;
  sessionId: number;
  assignmentId: number;
}

/** Every eligible (person, session) pair, by person id, straight from the rule's wording. */
export function literalOptions(input: PlannerInput): Map<number, Option[]> {
  const options = new Map<number, Option[]>();
  for (const person of input.people) {
    const open = input.assignments.filter((a) => a.personId === person.id && a.remaining > 0);
    const mine: Option[] = [];
    for (const session of input.sessions) {
      const serves = servedBy(input, person, open, session);
      if (serves) {
        mine.push({
          session,
          serves,
          days: Math.floor((serves.dueAt - input.now) / 86_400_000),
          hours: Math.floor((session.startsAt - input.now) / 3_600_000),
        });
      }
    }
    options.set(person.id, mine);
  }
  return options;
}

/** The assignment a booking would serve, or undefined when the pair is not eligible. */
function servedBy(
  input: PlannerInput,
  person: PlannerPerson,
  open: PlannerAssignment[],
  session: PlannerSession,
): PlannerAssignment | undefined {
  if (session.startsAt < input.now) return undefined;
  if (!(session.seatsLeft > 0)) return undefined;
  if (session.hostDepartmentId === person.departmentId) return undefined;
  if (session.departmentCap !== null) {
    const already = session.bookedByDepartment[person.departmentId] ?? 0;
    if (!(already < session.departmentCap)) return undefined;
  }
  for (const b of person.bookings) {
    if (b.startsAt < session.endsAt && session.startsAt < b.endsAt) return undefined;
  }
  // Not yet due (dueAt > now): the session ends by the due instant. Overdue (dueAt <= now): any
  // session of its kind that starts after now.
  const fitting = open.filter(
    (a) =>
      (a.kindId === null || a.kindId === session.kindId) &&
      (a.dueAt > input.now ? session.endsAt <= a.dueAt : session.startsAt > input.now),
  );
  if (fitting.length === 0) return undefined;
  fitting.sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
  return fitting[0];
}

/** Lexicographic order of objectives: negative when `a` is the better plan. */
export function compareObjectives(a: PlanObjective, b: PlanObjective): number {
  return b.placed - a.placed || a.urgency - b.urgency || a.hostLoad - b.hostLoad || a.earliness - b.earliness;
}

/** Every broken rule of a proposal, in words, and its objective computed from scratch. */
export function evaluatePlan(
  input: PlannerInput,
  placements: readonly PlacementLike[],
  options = literalOptions(input),
): { violations: string[]; objective: PlanObjective } {
  const violations: string[] = [];
  const seen = new Set<number>();
  const perSession = new Map<number, number>();
  const perSessionDepartment = new Map<string, number>();
  const perHost = new Map<number, number>();
  const objective: PlanObjective = { placed: 0, urgency: 0, hostLoad: 0, earliness: 0 };
  const personById = new Map(input.people.map((p) => [p.id, p]));
  for (const placement of placements) {
    const person = personById.get(placement.personId);
    if (!person) {
      violations.push(`person ${placement.personId} is not in the input`);
      continue;
    }
    if (seen.has(person.id)) violations.push(`person ${person.id} is placed twice`);
    seen.add(person.id);
    const option = options.get(person.id)!.find((o) => o.session.id === placement.sessionId);
    if (!option) {
      violations.push(`person ${person.id} is not eligible for session ${placement.sessionId}`);
      continue;
    }
    if (option.serves.id !== placement.assignmentId) {
      violations.push(
        `person ${person.id} on session ${placement.sessionId} serves ${option.serves.id}, not ${placement.assignmentId}`,
      );
    }
    const session = option.session;
    perSession.set(session.id, (perSession.get(session.id) ?? 0) + 1);
    const key = `${session.id}:${person.departmentId}`;
    perSessionDepartment.set(key, (perSessionDepartment.get(key) ?? 0) + 1);
    perHost.set(session.hostId, (perHost.get(session.hostId) ?? 0) + 1);
    objective.placed++;
    objective.urgency += option.days;
    objective.earliness += option.hours;
  }
  for (const session of input.sessions) {
    const count = perSession.get(session.id) ?? 0;
    if (count > session.seatsLeft)
      violations.push(`session ${session.id} gets ${count} for ${session.seatsLeft} seats`);
    if (session.departmentCap === null) continue;
    for (const [key, n] of perSessionDepartment) {
      const [sid, did] = key.split(":").map(Number);
      if (sid !== session.id) continue;
      const already = session.bookedByDepartment[did] ?? 0;
      if (already + n > session.departmentCap) {
        violations.push(`session ${session.id} gets ${n} more from department ${did} over its cap`);
      }
    }
  }
  for (const n of perHost.values()) objective.hostLoad += n * n;
  return { violations, objective };
}

/**
 * The best objective over every plan (each person on one eligible session or none), by
 * depth-first enumeration; only plans that cannot place as many people as the best so far are
 * cut short.
 */
export function exhaustiveOptimum(input: PlannerInput): PlanObjective {
  const options = literalOptions(input);
  const people = input.people.filter((p) => options.get(p.id)!.length > 0);
  const departmentOf = people.map((p) => p.departmentId);
  const seatsUsed = new Map<number, number>();
  const capUsed = new Map<string, number>();
  const hostCount = new Map<number, number>();
  let best: PlanObjective = { placed: -1, urgency: 0, hostLoad: 0, earliness: 0 };

  const visit = (k: number, placed: number, urgency: number, earliness: number): void => {
    if (placed + (people.length - k) < best.placed) return;
    if (k === people.length) {
      let hostLoad = 0;
      for (const n of hostCount.values()) hostLoad += n * n;
      const candidate = { placed, urgency, hostLoad, earliness };
      if (compareObjectives(candidate, best) < 0) best = candidate;
      return;
    }
    for (const option of options.get(people[k].id)!) {
      const s = option.session;
      const used = seatsUsed.get(s.id) ?? 0;
      if (used >= s.seatsLeft) continue;
      const key = `${s.id}:${departmentOf[k]}`;
      const capTaken = capUsed.get(key) ?? 0;
      if (s.departmentCap !== null && (s.bookedByDepartment[departmentOf[k]] ?? 0) + capTaken >= s.departmentCap)
        continue;
      seatsUsed.set(s.id, used + 1);
      capUsed.set(key, capTaken + 1);
      hostCount.set(s.hostId, (hostCount.get(s.hostId) ?? 0) + 1);
      visit(k + 1, placed + 1, urgency + option.days, earliness + option.hours);
      hostCount.set(s.hostId, hostCount.get(s.hostId)! - 1);
      if (hostCount.get(s.hostId) === 0) hostCount.delete(s.hostId);
      capUsed.set(key, capTaken);
      seatsUsed.set(s.id, used);
    }
    visit(k + 1, placed, urgency, earliness);
  };
  visit(0, 0, 0, 0);
  return best;
}
