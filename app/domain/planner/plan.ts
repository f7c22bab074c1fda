import { demandOf } from "./groups";
import { solveMinCostFlow } from "./min-cost-flow";
import { pairingNetwork } from "./network";
import { checkPair, daysUntil, hoursUntil, servedAssignment, type Refusal } from "./rules";
import type {
  PlannerAssignment,
  PlannerInput,
  PlannerPerson,
  PlannerResult,
  PlanObjective,
  ProposedBooking,
  UnplacedPerson,
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

  const objective: PlanObjective = { placed: 0, urgency: 0, hostLoad: 0, earliness: 0 };
  for (const n of newShadows.values()) objective.hostLoad += n * n;
  const proposals: ProposedBooking[] = [];
  const unplaced: UnplacedPerson[] = [];
  const refusalSentences = new Map<string, string>();
  for (let p = 0; p < people.length; p++) {
    const person = people[p];
    const i = sessionOfPerson[p];
    if (i >= 0) {
      const session = offered[i];
      const serves = servedAssignment(needs[p], session)!;
      const days = daysUntil(now, serves.dueAt);
      const hostNewShadows = newShadows.get(session.hostId)!;
      objective.placed++;
      objective.urgency += days;
      objective.earliness += hoursUntil(now, session.startsAt);
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
        hostNewShadows,
        why: proposalSentence(serves, days, hostNewShadows),
      });
    } else if (needs[p].length === 0) {
      unplaced.push({
        personId: person.id,
        reason: "no_open_need",
        eligibleSessions: 0,
        why: "No open assignment still needs a session.",
      });
    } else if (groupOf[p] < 0) {
      const key = refusalKey(person, needs[p]);
      let why = refusalSentences.get(key);
      if (why === undefined) {
        why = noSessionSentence(input, person, needs[p]);
        refusalSentences.set(key, why);
      }
      unplaced.push({ personId: person.id, reason: "no_eligible_session", eligibleSessions: 0, why });
    } else {
      const eligible = groups[groupOf[p]].eligible;
      unplaced.push({
        personId: person.id,
        reason: "seats_taken",
        eligibleSessions: eligible,
        why:
          `${eligible === 1 ? "The one session that fits" : `All ${eligible} sessions that fit`} went to others ` +
          "in this plan, which places as many people as possible, most urgent first.",
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

function proposalSentence(serves: PlannerAssignment, days: number, hostNewShadows: number): string {
  const title = serves.moduleTitle ?? `module ${serves.moduleId}`;
  const due = days <= 0 ? "due within a day" : `due in ${days} day${days === 1 ? "" : "s"}`;
  const shadows = `${hostNewShadows} new shadow${hostNewShadows === 1 ? "" : "s"}`;
  return `Earliest-due open assignment ‘${title}’ (${due}); the session ends before the due date; host has ${shadows}.`;
}

function refusalKey(person: PlannerPerson, needs: readonly PlannerAssignment[]): string {
  const parts = [person.departmentId.toString()];
  for (const n of needs) parts.push(`${n.kindId ?? "*"}@${n.dueAt}`);
  parts.push("|");
  for (const b of person.bookings) parts.push(`${b.startsAt}-${b.endsAt}`);
  return parts.join(",");
}

/** What each refusal says about a number of sessions: [one, several]. */
const refusalWords: Record<Exclude<Refusal, "not_needed">, [string, string]> = {
  started: ["has already started", "have already started"],
  full: ["has no seat left", "have no seat left"],
  after_due: ["ends after the due date", "end after the due date"],
  own_department: ["is hosted by their own department", "are hosted by their own department"],
  department_cap: ["has reached their department's cap", "have reached their department's cap"],
  overlap: ["overlaps a booking they hold", "overlap a booking they hold"],
};

/** Counts, per first failing rule, the sessions of the needed kinds, in one sentence. */
function noSessionSentence(input: PlannerInput, person: PlannerPerson, needs: readonly PlannerAssignment[]): string {
  const counts = new Map<Refusal, number>();
  let considered = 0;
  for (const session of input.sessions) {
    const check = checkPair(input.now, person, needs, session);
    if (check.ok || check.reason === "not_needed") continue;
    considered++;
    counts.set(check.reason, (counts.get(check.reason) ?? 0) + 1);
  }
  if (considered === 0) return "No session of a kind their open assignments need is scheduled in the horizon.";
  const parts: string[] = [];
  for (const [reason, [one, several]] of Object.entries(refusalWords) as [
    Exclude<Refusal, "not_needed">,
    [string, string],
  ][]) {
    const n = counts.get(reason);
    if (n) parts.push(`${n} ${n === 1 ? one : several}`);
  }
  const total = considered === 1 ? "the one session" : `the ${considered} sessions`;
  return `None of ${total} of the kinds needed fits: ${parts.join(", ")}.`;
}
