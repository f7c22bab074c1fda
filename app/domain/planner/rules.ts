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

/**
 * The open assignment a booking on `session` would serve: among `needs` (remaining > 0,
 * sorted by `byDueThenId`) the first whose kind matches and whose due instant the session
 * ends by.
 */
export function servedAssignment(
  needs: readonly PlannerAssignment[],
  session: PlannerSession,
): PlannerAssignment | undefined {
  for (const need of needs) {
    if (need.kindId !== null && need.kindId !== session.kindId) continue;
    if (session.endsAt <= need.dueAt) return need;
  }
  return undefined;
}

/** Why a session of a needed kind cannot be proposed to a person, in the order checked. */
export type Refusal = "not_needed" | "started" | "full" | "after_due" | "own_department" | "department_cap" | "overlap";

export type PairCheck = { ok: true; serves: PlannerAssignment } | { ok: false; reason: Refusal };

/** The full rule for one pair; `needs` as for `servedAssignment`. */
export function checkPair(
  now: number,
  person: PlannerPerson,
  needs: readonly PlannerAssignment[],
  session: PlannerSession,
): PairCheck {
  if (!needs.some((n) => n.kindId === null || n.kindId === session.kindId)) {
    return { ok: false, reason: "not_needed" };
  }
  // Booking after the start is not allowed, so a started session is never offered.
  if (session.startsAt < now) return { ok: false, reason: "started" };
  if (session.seatsLeft <= 0) return { ok: false, reason: "full" };
  const serves = servedAssignment(needs, session);
  if (!serves) return { ok: false, reason: "after_due" };
  if (session.hostDepartmentId === person.departmentId) return { ok: false, reason: "own_department" };
  if (departmentRoom(session, person.departmentId) <= 0) return { ok: false, reason: "department_cap" };
  if (person.bookings.some((b) => overlaps(b, session))) return { ok: false, reason: "overlap" };
  return { ok: true, serves };
}
