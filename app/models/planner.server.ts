/**
 * Loads what the planner needs for one scope, in a handful of set-based queries (never one per
 * person), and hands it to `planPairings` as a plain `PlannerInput`.
 *
 * Decisions:
 * - People: active people of the scope who hold an open assignment; the rest have nothing to
 *   plan. A team is the manager's reports, direct and indirect, not the manager; a manager may
 *   narrow it to the reports in one department.
 * - Needs: open assignments. A module still needs `requiredCount` minus the bookings that count
 *   as evidence now (the completion engine's own test: attended, right kind, reflection when
 *   the rule asks, inside the validity window) minus live `booked` bookings of the right kind on
 *   sessions that have not ended, since those will count once attended.
 * - Sessions: scheduled, starting after `now` (a session starting at this very instant can no
 *   longer be booked) and before `now + horizonDays`. Seats left are the seats minus seated
 *   (booked, attended, no-show) and waitlisted bookings, never below zero; the department counts
 *   are live bookings, as the booking rules count them toward a cap.
 * - Intervals: a person's live bookings on scheduled sessions that have not ended; nothing
 *   earlier can overlap an upcoming session.
 */
import { and, eq, gt, inArray, lt, ne, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { schema, type Queryable } from "~/db.server";
import type { Viewer } from "~/domain/access";
import { LIVE_BOOKING_STATUSES } from "~/domain/bookings";
import { countingEvidence, type CompletionRule, type EvidenceBooking } from "~/domain/completion";
import {
  DEFAULT_HORIZON_DAYS,
  type Interval,
  type PlannerAssignment,
  type PlannerInput,
  type PlannerSession,
} from "~/domain/planner";
import { DAY } from "~/domain/time";
import { bookedSessions } from "~/models/booked-sessions.server";
import { reportIds } from "~/models/team.server";

export type PlannerScope =
  | { kind: "team"; managerId: number; departmentId?: number | null }
  | { kind: "department"; departmentId: number }
  | { kind: "everyone" };

/** What the planner form asks: whose plan, and for a department, which one. */
export interface ScopeChoice {
  scope: "team" | "everyone" | "department";
  dept?: number;
}

/** The "Plan for" choices a person has: their team as a manager, the company or a department as an admin. */
export function scopeChoices(
  viewer: Pick<Viewer, "isAdmin" | "isManager">,
): { value: ScopeChoice["scope"]; label: string }[] {
  return [
    ...(viewer.isManager ? [{ value: "team" as const, label: "My team" }] : []),
    ...(viewer.isAdmin
      ? [
          { value: "everyone" as const, label: "Everyone in the company" },
          { value: "department" as const, label: "One department" },
        ]
      : []),
  ];
}

/**
 * Who the plan is for. A manager plans for their reports (optionally those in one department);
 * an admin for everyone, or for one department's people. An admin who manages nobody plans for
 * everyone whatever the form says.
 */
export function plannerScope(viewer: Pick<Viewer, "id" | "isAdmin" | "isManager">, choice: ScopeChoice): PlannerScope {
  if (viewer.isAdmin && choice.scope === "everyone") return { kind: "everyone" };
  if (viewer.isAdmin && choice.scope === "department" && choice.dept) {
    return { kind: "department", departmentId: choice.dept };
  }
  if (!viewer.isManager && viewer.isAdmin) return { kind: "everyone" };
  return { kind: "team", managerId: viewer.id, departmentId: choice.dept ?? null };
}

export interface PlannerLoadOptions {
  /** The instant the plan is made at (UTC ms). */
  now: number;
  /** How far ahead sessions are offered; four weeks unless said otherwise. */
  horizonDays?: number;
}

/** The ids of the scope's active people, as a subquery. */
function scopeIds(scope: PlannerScope): SQL {
  switch (scope.kind) {
    case "team":
      return sql`select id from people where active = 1 and id in (${reportIds(scope.managerId, false)})${
        scope.departmentId ? sql` and department_id = ${scope.departmentId}` : sql``
      }`;
    case "department":
      return sql`select id from people where active = 1 and department_id = ${scope.departmentId}`;
    case "everyone":
      return sql`select id from people where active = 1`;
  }
}

export async function loadPlannerInput(
  db: Queryable,
  scope: PlannerScope,
  options: PlannerLoadOptions,
): Promise<PlannerInput> {
  const { now } = options;
  const horizonEnd = now + (options.horizonDays ?? DEFAULT_HORIZON_DAYS) * DAY;
  const inScope = (column: SQLWrapper) => sql`${column} in (${scopeIds(scope)})`;

  const people = await db
    .select({ id: schema.people.id, departmentId: schema.people.departmentId })
    .from(schema.people)
    .where(
      and(
        inScope(schema.people.id),
        sql`${schema.people.id} in (select person_id from assignments where status = 'open')`,
      ),
    )
    .orderBy(schema.people.id);

  const openAssignments = await db
    .select({
      id: schema.assignments.id,
      personId: schema.assignments.personId,
      moduleId: schema.assignments.moduleId,
      dueAt: schema.assignments.dueAt,
      dueOn: schema.assignments.dueOn,
      moduleTitle: schema.serviceModules.title,
      ruleKindId: schema.serviceModules.ruleKindId,
      requiredCount: schema.serviceModules.requiredCount,
      reflectionRequired: schema.serviceModules.reflectionRequired,
      validityDays: schema.serviceModules.validityDays,
    })
    .from(schema.assignments)
    .innerJoin(schema.serviceModules, eq(schema.serviceModules.id, schema.assignments.moduleId))
    .where(and(eq(schema.assignments.status, "open"), inScope(schema.assignments.personId)))
    .orderBy(schema.assignments.id);

  // Every live booking of the scope's people: evidence, pending bookings and busy intervals.
  const liveBookings = await bookedSessions(db).where(
    and(inArray(schema.bookings.status, [...LIVE_BOOKING_STATUSES]), inScope(schema.bookings.personId)),
  );

  const bookingsOf = new Map<number, typeof liveBookings>();
  for (const b of liveBookings) {
    const list = bookingsOf.get(b.personId);
    if (list) list.push(b);
    else bookingsOf.set(b.personId, [b]);
  }

  const assignments: PlannerAssignment[] = openAssignments.map((a) => {
    const rule: CompletionRule = {
      ruleKindId: a.ruleKindId,
      requiredCount: a.requiredCount,
      reflectionRequired: a.reflectionRequired,
      validityDays: a.validityDays,
    };
    const mine = bookingsOf.get(a.personId) ?? [];
    const evidence: EvidenceBooking[] = mine.filter((b) => b.status === "attended");
    const counted = Math.min(countingEvidence(rule, evidence, now).length, rule.requiredCount);
    const pending = mine.filter(
      (b) =>
        b.status === "booked" &&
        b.sessionStatus === "scheduled" &&
        b.endsAt > now &&
        (rule.ruleKindId === null || b.kindId === rule.ruleKindId),
    ).length;
    return {
      id: a.id,
      personId: a.personId,
      moduleId: a.moduleId,
      moduleTitle: a.moduleTitle,
      kindId: a.ruleKindId,
      remaining: rule.requiredCount - counted - pending,
      dueAt: a.dueAt,
      dueOn: a.dueOn,
      bookedSeats: pending,
    };
  });

  const plannerPeople = people.map((p) => {
    const bookings: Interval[] = (bookingsOf.get(p.id) ?? [])
      .filter((b) => b.sessionStatus === "scheduled" && b.endsAt > now)
      .map((b) => ({ startsAt: b.startsAt, endsAt: b.endsAt }));
    return { id: p.id, departmentId: p.departmentId, bookings };
  });

  const upcoming = and(
    eq(schema.sessions.status, "scheduled"),
    gt(schema.sessions.startsAt, now),
    lt(schema.sessions.startsAt, horizonEnd),
  );
  const sessionRows = await db
    .select({
      id: schema.sessions.id,
      kindId: schema.sessions.kindId,
      hostId: schema.sessions.hostId,
      hostDepartmentId: schema.people.departmentId,
      startsAt: schema.sessions.startsAt,
      endsAt: schema.sessions.endsAt,
      seats: schema.sessions.seats,
      departmentCap: schema.sessions.departmentCap,
    })
    .from(schema.sessions)
    .innerJoin(schema.people, eq(schema.people.id, schema.sessions.hostId))
    .where(upcoming)
    .orderBy(schema.sessions.startsAt, schema.sessions.id);

  // Who already holds a place on those sessions, by department: everyone's bookings count,
  // not only the scope's.
  const held = await db
    .select({
      sessionId: schema.bookings.sessionId,
      departmentId: schema.people.departmentId,
      live: sql<number>`count(*)`.mapWith(Number),
    })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .innerJoin(schema.people, eq(schema.people.id, schema.bookings.personId))
    .where(and(upcoming, ne(schema.bookings.status, "cancelled")))
    .groupBy(schema.bookings.sessionId, schema.people.departmentId);

  const taken = new Map<number, number>();
  const byDepartment = new Map<number, Record<number, number>>();
  for (const h of held) {
    taken.set(h.sessionId, (taken.get(h.sessionId) ?? 0) + h.live);
    const counts = byDepartment.get(h.sessionId) ?? {};
    counts[h.departmentId] = h.live;
    byDepartment.set(h.sessionId, counts);
  }

  const sessions: PlannerSession[] = sessionRows.map((s) => ({
    id: s.id,
    kindId: s.kindId,
    hostId: s.hostId,
    hostDepartmentId: s.hostDepartmentId,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    // Seated and waitlisted bookings both stand before a new one.
    seatsLeft: Math.max(0, s.seats - (taken.get(s.id) ?? 0)),
    departmentCap: s.departmentCap,
    bookedByDepartment: byDepartment.get(s.id) ?? {},
  }));

  return { now, people: plannerPeople, assignments, sessions };
}
