/**
 * The planner's input and output. Instants are UTC milliseconds, ids are the database's.
 * See README.md in this folder for the model these types carry.
 */

import type { Day, Span } from "../time";

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
  /** Named in the reasons; "module <id>" when absent. */
  moduleTitle?: string;
  /** The session kind the module's completion rule counts; null means any kind. */
  kindId: number | null;
  /** Sessions the rule still needs after attended evidence and live future bookings. */
  remaining: number;
  /**
   * The instant the assignment is due (end of the due day in the assignee's zone). At or before
   * `now` the assignment is overdue.
   */
  dueAt: number;
  /** The due day as the assignee picked it (YYYY-MM-DD); when absent, the reader's day of `dueAt − 1`. */
  dueOn?: Day;
  /**
   * Live booked seats of the right kind, on sessions not yet ended, that `remaining` already
   * counts: when they bring `remaining` to 0 the reason says the bookings cover the assignment.
   */
  bookedSeats?: number;
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
  /** The open assignment this booking counts for: the one due first that the session can serve. */
  assignmentId: number;
  moduleId: number;
  hostId: number;
  startsAt: number;
  endsAt: number;
  dueAt: number;
  /** Whole days from `now` to `dueAt`, negative when overdue (the urgency term of this placement). */
  daysUntilDue: number;
  /** New shadows the host gets in the whole plan, this one included. */
  hostNewShadows: number;
  /** Which assignment the booking serves and why this one, as data (`placementSentence` words it). */
  reason: PlacementReason;
}

/** An open assignment as the reasons name it. */
export interface NeedRef {
  assignmentId: number;
  moduleId: number;
  moduleTitle: string;
  dueAt: number;
  dueOn?: Day;
  /** Due at or before the instant of planning. */
  overdue: boolean;
}

export interface PlacementReason extends NeedRef {
  /** The instant the plan was made at: a due day in another year is written with its year. */
  plannedAt: number;
  /**
   * The person's earliest-due open assignment when the session cannot serve it (another kind, or
   * the session ends after its due instant), so a later one is served; null when the served one
   * is the earliest.
   */
  earlier: NeedRef | null;
}

/** Sessions of the needed kinds, each counted once under the first rule it fails. */
export interface SessionCounts {
  /** Sessions of a kind the person's open assignments need, in the horizon. */
  ofKind: number;
  /** Already started (or, for an overdue assignment, starting at the instant of planning). */
  started: number;
  /** Ending after the due instant of every not-yet-due assignment of their kind. */
  endAfterDue: number;
  full: number;
  departmentCap: number;
  ownDepartment: number;
  overlap: number;
}

/** One open assignment that needs no further session, and the booked seats that cover it. */
export interface CoveredAssignment {
  assignmentId: number;
  moduleId: number;
  moduleTitle: string;
  /** Booked seats counted for it; undefined when the input does not say. */
  bookedSeats?: number;
}

/**
 * Why a person gets no proposal, as data (`unplacedSentence` words it). The codes, in the order
 * they are decided:
 * - `no_open_assignment`: the input holds no open assignment of theirs;
 * - `enough_seats_booked`: their one open assignment needs no further session, their bookings
 *   (or attended sessions) already cover it;
 * - `all_covered`: the same for each of their several open assignments;
 * - `no_session_of_kind`: no session of a kind their open assignments need is in the horizon;
 * - `none_before_due`: sessions of that kind exist, but each has started or ends after the due
 *   instant of every not-yet-due assignment it could serve (overdue ones take any session that
 *   starts after the instant of planning);
 * - `sessions_unavailable`: the sessions in time are each full, at their department's cap,
 *   hosted by their own department, or overlap one of their bookings (counted by the first);
 * - `seats_taken`: sessions fit them, but in the optimal plan each is filled by others.
 */
export type UnplacedReason =
  | { code: "no_open_assignment" }
  | { code: "enough_seats_booked"; assignment: CoveredAssignment }
  | { code: "all_covered"; assignments: CoveredAssignment[] }
  | { code: "no_session_of_kind"; plannedAt: number; needs: NeedRef[] }
  | { code: "none_before_due"; plannedAt: number; needs: NeedRef[]; sessions: SessionCounts }
  | { code: "sessions_unavailable"; plannedAt: number; needs: NeedRef[]; sessions: SessionCounts }
  | { code: "seats_taken"; plannedAt: number; needs: NeedRef[]; eligibleSessions: number };

export type UnplacedCode = UnplacedReason["code"];

export interface UnplacedPerson {
  personId: number;
  reason: UnplacedReason;
}

export interface PlannerDiagnostics {
  /** Classes of interchangeable people that the network carries as one node. */
  groups: number;
  /** Pairs (person, session) that satisfy every eligibility rule. */
  eligiblePairs: number;
  networkNodes: number;
  networkArcs: number;
  /** Network simplex pivots the solver made. */
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

/** The size of a plan, as the review page shows it. */
export interface PlanSummary {
  /** People who get a proposed booking. */
  placed: number;
  /** Of them, people whose booking serves an overdue assignment. */
  overduePlaced: number;
  /** People not placed, by the reason's code. */
  notPlaced: Partial<Record<UnplacedCode, number>>;
}
