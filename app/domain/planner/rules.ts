/**
 * The eligibility rule for one pair (person, session), written once and read literally.
 * The planner's network encodes the same rule in bulk; this form explains refusals.
 */
import { DAY, HOUR, overlaps } from "../time";
import type { PlannerAssignment, PlannerPerson, PlannerSession } from "./types";

/** Whole days from `now` to `at`, rounded down (negative when `at` has passed). */
export function daysUntil(now: number, at: number): number {
  return Math.floor((at - now) / DAY);
}

/** Whole hours from `now` to `at`, rounded down. */
export function hoursUntil(now: number, at: number): number {
  return Math.floor((at - now) / HOUR);
}

/** New shadows a department may still add to a session; Infinity when the session has no cap. */
export function departmentRoom(session: PlannerSession, departmentId: number): number {
  if (session.departmentCap === null || session.departmentCap === undefined) return Infinity;
  return session.departmentCap - (session.bookedByDepartment[departmentId] ?? 0);
}

/** Orders needs so that the first match is the one a placement serves: earliest due, then id. */
export function byDueThenId(a: PlannerAssignment, b: PlannerAssignment): number {
  return a.dueAt - b.dueAt || a.id - b.id;
}

/** Whether the assignment is overdue at `now`: a due instant equal to `now` has passed. */
export function isOverdue(now: number, need: PlannerAssignment): boolean {
  return need.dueAt <= now;
}

/**
 * Whether a session of the right kind is in time for the assignment: a not-yet-due one needs the
 * session to end by its due instant, an overdue one takes any session that starts after `now`.
 */
export function inTime(now: number, need: PlannerAssignment, session: PlannerSession): boolean {
  return isOverdue(now, need) ? session.startsAt > now : session.endsAt <= need.dueAt;
}

function kindMatches(need: PlannerAssignment, session: PlannerSession): boolean {
  return need.kindId === null || need.kindId === session.kindId;
}

/**
 * The open assignment a booking on `session` would serve: among `needs` (remaining > 0,
 * sorted by `byDueThenId`) the first whose kind matches and that the session is in time for.
 */
export function servedAssignment(
  now: number,
  needs: readonly PlannerAssignment[],
  session: PlannerSession,
): PlannerAssignment | undefined {
  for (const need of needs) {
    if (kindMatches(need, session) && inTime(now, need, session)) return need;
  }
  return undefined;
}

/**
 * Why a session of a needed kind cannot be proposed to a person, in the order checked: timing
 * first (started, after the due instant), then room (full, the department's cap), then the
 * person (own department, overlap).
 */
export type Refusal = "not_needed" | "started" | "after_due" | "full" | "department_cap" | "own_department" | "overlap";

export type PairCheck = { ok: true; serves: PlannerAssignment } | { ok: false; reason: Refusal };

/** The full rule for one pair; `needs` as for `servedAssignment`. */
export function checkPair(
  now: number,
  person: PlannerPerson,
  needs: readonly PlannerAssignment[],
  session: PlannerSession,
): PairCheck {
  const ofKind = needs.filter((n) => kindMatches(n, session));
  if (ofKind.length === 0) return { ok: false, reason: "not_needed" };
  // Booking after the start is not allowed, so a started session is never offered.
  if (session.startsAt < now) return { ok: false, reason: "started" };
  const serves = ofKind.find((n) => inTime(now, n, session));
  if (!serves) {
    // Only an overdue assignment can be out of time for a session that has not started: the
    // session starts at the very instant of planning.
    return { ok: false, reason: ofKind.some((n) => !isOverdue(now, n)) ? "after_due" : "started" };
  }
  if (session.seatsLeft <= 0) return { ok: false, reason: "full" };
  if (departmentRoom(session, person.departmentId) <= 0) return { ok: false, reason: "department_cap" };
  if (session.hostDepartmentId === person.departmentId) return { ok: false, reason: "own_department" };
  if (person.bookings.some((b) => overlaps(b, session))) return { ok: false, reason: "overlap" };
  return { ok: true, serves };
}
