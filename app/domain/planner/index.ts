/**
 * The planner: "Plan pairings" proposes the best set of new bookings for people with open
 * assignments. Pure: no database, no clock, no framework; `now` comes in with the input.
 *
 * The model (README.md in this folder states it with the proof of exactness):
 *
 * - A pair (person, session) is eligible when the session's kind is one the person still needs
 *   for an open assignment (remaining > 0; a module of any kind needs every kind) and is in time
 *   for it — a not-yet-due assignment (dueAt > now) needs the session to end by its due instant
 *   (end ≤ dueAt), an overdue one (dueAt ≤ now) takes any session that starts after now — it has
 *   not started (start ≥ now), it has a free seat, the person's department is under the
 *   session's cap (a department not on the session counts 0; no cap means no limit), the host is
 *   not in the person's department, and none of the person's bookings overlaps it (half-open
 *   [start, end)).
 *   The placement serves the assignment due first (then the lowest id) that the session is in
 *   time for; overdue assignments, due earliest, come first.
 * - At most one new booking per person; new placements on a session ≤ its seats left, and from
 *   one department ≤ cap − that department's shadows already there.
 * - Objective, lexicographic: (1) most people placed; (2) least Σ ⌊(dueAt − now) / 1 day⌋ of
 *   the served assignments (negative for overdue ones, which therefore weigh most); (3) least
 *   Σ over hosts of (new shadows)²; (4) least Σ ⌊(start − now) / 1 hour⌋.
 * - Method: one minimum-cost flow whose costs are vectors of the four levels compared
 *   lexicographically, solved exactly by the network simplex method.
 */
export { planPairings, planSummary } from "./plan";
export { placementSentence, unplacedSentence, type SentenceContext } from "./sentences";

/** How far ahead the planner offers sessions unless the manager says otherwise: four weeks. */
export const DEFAULT_HORIZON_DAYS = 28;

export { checkPair, inTime, isOverdue, servedAssignment, type PairCheck, type Refusal } from "./rules";
export type {
  CoveredAssignment,
  Interval,
  NeedRef,
  PlacementReason,
  PlannerAssignment,
  PlannerDiagnostics,
  PlannerInput,
  PlannerPerson,
  PlannerResult,
  PlannerSession,
  PlanObjective,
  PlanSummary,
  ProposedBooking,
  SessionCounts,
  UnplacedCode,
  UnplacedPerson,
  UnplacedReason,
} from "./types";
