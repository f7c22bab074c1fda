import { demandOf } from "./groups";
import { solveMinCostFlow } from "./min-cost-flow";
import { pairingNetwork } from "./network";
import { byDueThenId, checkPair, daysUntil, hoursUntil, isOverdue, servedAssignment } from "./rules";
import type {
  CoveredAssignment,
  NeedRef,
  PlannerAssignment,
  PlannerInput,
  PlannerPerson,
  PlannerResult,
  PlannerSession,
  PlanObjective,
  PlanSummary,
  ProposedBooking,
  SessionCounts,
  UnplacedPerson,
  UnplacedReason,
} from "./types";

/**
 * Proposes at most one new booking per person with open assignments, optimal for the
 * lexicographic objective (placed ↑, urgency ↓, host load ↓, earliness ↓). See README.md.
 */
export function planPairings(input: PlannerInput): PlannerResult {
  const { now, people } = input;
  const { needs, offered, lists, groups, groupOf } = demandOf(input);
  const { network, initialTree, sessionsTaken } = pairingNetwork(now, offered, lists, groups);
  const { flow, pivots } = solveMinCostFlow(network, { initialTree });

  // Members of a group are interchangeable: hand out its sessions by person id and start.
  const sessionOfPerson = new Int32Array(people.length).fill(-1);
  sessionsTaken(flow).forEach((taken, gi) => {
    const members = [...groups[gi].members].sort((x, y) => people[x].id - people[y].id);
    taken.sort((x, y) => offered[x].startsAt - offered[y].startsAt || offered[x].id - offered[y].id);
    taken.forEach((i, k) => (sessionOfPerson[members[k]] = i));
  });

  let eligiblePairs = 0;
  for (const g of groups) eligiblePairs += g.eligible * g.members.length;

  const newShadows = new Map<number, number>();
  for (let p = 0; p < people.length; p++) {
    const i = sessionOfPerson[p];
    if (i < 0) continue;
    const hostId = offered[i].hostId;
    newShadows.set(hostId, (newShadows.get(hostId) ?? 0) + 1);
  }

  // Only people without a need are told about their open assignments.
  const assignmentsOf = openAssignmentsOf(
    input,
    people.filter((_, p) => needs[p].length === 0),
  );
  const explain = refusalCounter(input);
  const objective: PlanObjective = { placed: 0, urgency: 0, hostLoad: 0, earliness: 0 };
  for (const n of newShadows.values()) objective.hostLoad += n * n;
  const proposals: ProposedBooking[] = [];
  const unplaced: UnplacedPerson[] = [];
  for (let p = 0; p < people.length; p++) {
    const person = people[p];
    const i = sessionOfPerson[p];
    if (i >= 0) {
      const session = offered[i];
      const serves = servedAssignment(now, needs[p], session)!;
      const days = daysUntil(now, serves.dueAt);
      objective.placed++;
      objective.urgency += days;
      objective.earliness += hoursUntil(now, session.startsAt);
      const earliest = needs[p][0];
      proposals.push({
        personId: person.id,
        sessionId: session.id,
        assignmentId: serves.id,
        moduleId: serves.moduleId,
        hostId: session.hostId,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        dueAt: serves.dueAt,
        daysUntilDue: days,
        hostNewShadows: newShadows.get(session.hostId)!,
        reason: {
          ...needRef(now, serves),
          plannedAt: now,
          earlier: earliest === serves ? null : needRef(now, earliest),
        },
      });
    } else if (needs[p].length === 0) {
      unplaced.push({ personId: person.id, reason: nothingNeeded(assignmentsOf.get(person.id) ?? []) });
    } else if (groupOf[p] < 0) {
      unplaced.push({ personId: person.id, reason: explain(person, needs[p]) });
    } else {
      unplaced.push({
        personId: person.id,
        reason: {
          code: "seats_taken",
          plannedAt: now,
          needs: needs[p].map((n) => needRef(now, n)),
          eligibleSessions: groups[groupOf[p]].eligible,
        },
      });
    }
  }
  proposals.sort((a, b) => a.personId - b.personId);
  unplaced.sort((a, b) => a.personId - b.personId);

  return {
    proposals,
    unplaced,
    objective,
    diagnostics: {
      groups: groups.length,
      eligiblePairs,
      networkNodes: network.nodeCount,
      networkArcs: network.arcCount,
      pivots,
    },
  };
}

/** People placed, of them those serving an overdue assignment, and people not placed by reason. */
export function planSummary(result: Pick<PlannerResult, "proposals" | "unplaced">): PlanSummary {
  const notPlaced: PlanSummary["notPlaced"] = {};
  for (const u of result.unplaced) notPlaced[u.reason.code] = (notPlaced[u.reason.code] ?? 0) + 1;
  return {
    placed: result.proposals.length,
    overduePlaced: result.proposals.filter((p) => p.reason.overdue).length,
    notPlaced,
  };
}

function titleOf(assignment: PlannerAssignment): string {
  return assignment.moduleTitle ?? `module ${assignment.moduleId}`;
}

function needRef(now: number, need: PlannerAssignment): NeedRef {
  return {
    assignmentId: need.id,
    moduleId: need.moduleId,
    moduleTitle: titleOf(need),
    dueAt: need.dueAt,
    ...(need.dueOn === undefined ? {} : { dueOn: need.dueOn }),
    overdue: isOverdue(now, need),
  };
}

/** Every open assignment of each of these people, needed or not, earliest due first. */
function openAssignmentsOf(input: PlannerInput, people: readonly PlannerPerson[]): Map<number, PlannerAssignment[]> {
  const listed = new Set(people.map((p) => p.id));
  const byPerson = new Map<number, PlannerAssignment[]>();
  for (const a of input.assignments) {
    if (!listed.has(a.personId)) continue;
    const list = byPerson.get(a.personId);
    if (list) list.push(a);
    else byPerson.set(a.personId, [a]);
  }
  for (const list of byPerson.values()) list.sort(byDueThenId);
  return byPerson;
}

/** A person none of whose open assignments needs another session. */
function nothingNeeded(open: readonly PlannerAssignment[]): UnplacedReason {
  const covered = open.map((a): CoveredAssignment => ({
    assignmentId: a.id,
    moduleId: a.moduleId,
    moduleTitle: titleOf(a),
    ...(a.bookedSeats === undefined ? {} : { bookedSeats: a.bookedSeats }),
  }));
  if (covered.length === 0) return { code: "no_open_assignment" };
  if (covered.length === 1) return { code: "enough_seats_booked", assignment: covered[0] };
  return { code: "all_covered", assignments: covered };
}

/**
 * Explains a person with needs but no eligible session: counts the sessions of the needed kinds
 * by the first rule each fails. People with the same department, needs and bookings get the same
 * answer, so it is worked out once for them.
 */
function refusalCounter(input: PlannerInput): (person: PlannerPerson, needs: PlannerAssignment[]) => UnplacedReason {
  const { now } = input;
  const byKind = new Map<number, PlannerSession[]>();
  for (const s of input.sessions) {
    const list = byKind.get(s.kindId);
    if (list) list.push(s);
    else byKind.set(s.kindId, [s]);
  }
  const known = new Map<string, SessionCounts>();
  return (person, needs) => {
    const key = refusalKey(now, person, needs);
    let counts = known.get(key);
    if (!counts) {
      counts = { ofKind: 0, started: 0, endAfterDue: 0, full: 0, departmentCap: 0, ownDepartment: 0, overlap: 0 };
      const kinds = needs.some((n) => n.kindId === null)
        ? [...byKind.keys()]
        : [...new Set(needs.map((n) => n.kindId!))];
      for (const kindId of kinds) {
        for (const session of byKind.get(kindId) ?? []) {
          const check = checkPair(now, person, needs, session);
          counts.ofKind++;
          if (check.ok || check.reason === "not_needed") continue;
          if (check.reason === "after_due") counts.endAfterDue++;
          else if (check.reason === "department_cap") counts.departmentCap++;
          else if (check.reason === "own_department") counts.ownDepartment++;
          else counts[check.reason]++;
        }
      }
      known.set(key, counts);
    }
    const refs = needs.map((n) => needRef(now, n));
    if (counts.ofKind === 0) return { code: "no_session_of_kind", plannedAt: now, needs: refs };
    const code = counts.started + counts.endAfterDue === counts.ofKind ? "none_before_due" : "sessions_unavailable";
    return { code, plannedAt: now, needs: refs, sessions: { ...counts } };
  };
}

function refusalKey(now: number, person: PlannerPerson, needs: readonly PlannerAssignment[]): string {
  const parts = [person.departmentId.toString()];
  for (const n of needs) parts.push(`${n.kindId ?? "*"}@${isOverdue(now, n) ? "overdue" : n.dueAt}`);
  parts.push("|");
  for (const b of person.bookings) parts.push(`${b.startsAt}-${b.endsAt}`);
  return parts.join(",");
}
