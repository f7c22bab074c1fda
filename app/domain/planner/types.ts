/**
 * The planner's input and output. Instants are UTC milliseconds, ids are the database's.
 * See README.md in this folder for the model these types carry.
 */

import type { Span } from "../time";

/** A half-open time interval `[startsAt, endsAt)`: the day module's `Span`. */
export type Interval = Span;

export interface PlannerPerson {
  id: number;
  departmentId: number;
  /**
   * The person's live bookings (booked, waitlisted, attended) as intervals. A session that
   * overlaps one of them cannot be proposed; touching end to start is not an overlap.
   */
  bookings: readonly Interval[];
}

export interface PlannerAssignment {
  id: number;
  personId: number;
  moduleId: number;
  /** Shown in the proposal's sentence; "module <id>" when absent. */
  moduleTitle?: string;
  /** The session kind the module's completion rule counts; null means any kind. */
  kindId: number | null;
  /** Sessions the rule still needs after attended evidence and live future bookings. */
  remaining: number;
  /** The instant the assignment is due (end of the due day in the assignee's zone). */
  dueAt: number;
}

export interface PlannerSession {
  id: number;
  kindId: number;
  hostId: number;
  hostDepartmentId: number;
  startsAt: number;
  endsAt: number;
  /** Seats minus live bookings and the waitlist, never below 0. */
  seatsLeft: number;
  /** Most shadows one department may hold on this session; null means no limit. */
  departmentCap: number | null;
  /** Live shadows already on the session, by department id; a missing department counts 0. */
  bookedByDepartment: Readonly<Record<number, number>>;
}

export interface PlannerInput {
  /** The instant the plan is made at: ages, urgency and "not started yet" are measured from it. */
  now: number;
  people: readonly PlannerPerson[];
  /** Open assignments; those with `remaining <= 0` or of people not listed are not needs. */
  assignments: readonly PlannerAssignment[];
  /** Upcoming sessions in the horizon; sessions that start before `now` are never proposed. */
  sessions: readonly PlannerSession[];
}

/**
 * The lexicographic objective of a plan, best first by (1) most `placed`, then (2) least
 * `urgency`, (3) least `hostLoad`, (4) least `earliness`.
 */
export interface PlanObjective {
  /** People who get a new booking. */
  placed: number;
  /** Sum over placements of whole days from `now` to the served assignment's due instant. */
  urgency: number;
  /** Sum over hosts of the square of their new shadows. */
  hostLoad: number;
  /** Sum over placements of whole hours from `now` to the session's start. */
  earliness: number;
}

export interface ProposedBooking {
  personId: number;
  sessionId: number;
  /** The open assignment this booking counts for: the eligible one due first (then lowest id). */
  assignmentId: number;
  moduleId: number;
  hostId: number;
  startsAt: number;
  endsAt: number;
  dueAt: number;
  /** Whole days from `now` to `dueAt` (the urgency term of this placement). */
  daysUntilDue: number;
  /** New shadows the host gets in the whole plan, this one included. */
  hostNewShadows: number;
  /** One sentence for the review page: which assignment, why this session. */
  why: string;
}

export type UnplacedReason = "no_open_need" | "no_eligible_session" | "seats_taken";

export interface UnplacedPerson {
  personId: number;
  reason: UnplacedReason;
  /** Sessions this person could have taken had seats been free. */
  eligibleSessions: number;
  /** One sentence for the review page. */
  why: string;
}

export interface PlannerDiagnostics {
  /** Classes of interchangeable people that the network carries as one node. */
  groups: number;
  /** Pairs (person, session) that satisfy every eligibility rule. */
  eligiblePairs: number;
  networkNodes: number;
  networkArcs: number;
  pivots: number;
}

export interface PlannerResult {
  /** One per placed person, ordered by person id. */
  proposals: ProposedBooking[];
  /** Everyone in the input without a proposal, ordered by person id. */
  unplaced: UnplacedPerson[];
  objective: PlanObjective;
  diagnostics: PlannerDiagnostics;
}
