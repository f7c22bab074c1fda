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
import { sql, type SQL } from "drizzle-orm";
import { schema, type Queryable } from "~/db.server";
import type { Viewer } from "~/domain/access";
import { LIVE_BOOKING_STATUSES } from "~/domain/bookings";
import {
  countingEvidence,
  countsHours,
  minutesOf,
  type CompletionRule,
  type EvidenceBooking,
} from "~/domain/completion";
import {
  DEFAULT_HORIZON_DAYS,
  type Interval,
  type PlannerAssignment,
  type PlannerInput,
  type PlannerSession,
} from "~/domain/planner";
import { DAY, type Day } from "~/domain/time";
import { jsonRows } from "~/models/json-rows.server";
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
  const inScope = scopeIds(scope);
  // Tens of thousands of rows each at company scale: read as JSON (./json-rows.server).
  // Whether a person holds an open assignment is answered by the assignments read below:
  // asking SQLite fetches every open assignment's row a second time.
  const scopePeople = await jsonRows<[id: number, departmentId: number]>(
    db,
    sql`id, department_id`,
    sql`from people where id in (${inScope})`,
  );

  const modules = new Map(
    (
      await db
        .select({
          id: schema.serviceModules.id,
          title: schema.serviceModules.title,
          ruleKindId: schema.serviceModules.ruleKindId,
          requiredCount: schema.serviceModules.requiredCount,
          requiredMinutes: schema.serviceModules.requiredMinutes,
          reflectionRequired: schema.serviceModules.reflectionRequired,
          validityDays: schema.serviceModules.validityDays,
        })
        .from(schema.serviceModules)
    ).map(({ id, title, ...rule }) => [id, { title, rule: rule satisfies CompletionRule }]),
  );

  const openAssignments = await jsonRows<
    [id: number, personId: number, moduleId: number, dueAt: number, dueOn: Day | null]
  >(
    db,
    sql`id, person_id, module_id, due_at, due_on`,
    // The index finds the ids; fetching the rows in id order then reads the table's pages in
    // order instead of jumping between them person by person (half the time at 100,000 rows).
    sql`from assignments where id in (
          select id from assignments where status = 'open' and person_id in (${inScope}))`,
  );
  openAssignments.sort((a, b) => a[0] - b[0]);
  const holdsOpen = new Set(openAssignments.map((a) => a[1]));
  const people = scopePeople.filter(([id]) => holdsOpen.has(id)).sort((a, b) => a[0] - b[0]);

  // Every live booking of the scope's people: evidence, pending bookings and busy intervals.
  const liveBookings = (
    await jsonRows<
      [
        bookingId: number,
        personId: number,
        status: EvidenceBooking["status"],
        sessionStatus: string,
        startsAt: number,
        endsAt: number,
        kindId: number,
        reflected: 0 | 1,
        reflectedAt: number | null,
      ]
    >(
      db,
      sql`b.id, b.person_id, b.status, s.status, s.starts_at, s.ends_at, s.kind_id,
          trim(b.reflection) <> '', b.reflected_at`,
      sql`from bookings b join sessions s on s.id = b.session_id
          where b.id in (select id from bookings where status in (${sql.join(
            LIVE_BOOKING_STATUSES.map((status) => sql`${status}`),
            sql`, `,
          )}) and person_id in (${inScope}))`,
    )
  ).map(([bookingId, personId, status, sessionStatus, startsAt, endsAt, kindId, reflected, reflectedAt]) => ({
    bookingId,
    personId,
    status,
    sessionStatus,
    startsAt,
    endsAt,
    kindId,
    // The engine only asks whether there is a reflection; its text stays in the database.
    reflection: reflected ? "written" : "",
    reflectedAt,
  }));

  const bookingsOf = new Map<number, typeof liveBookings>();
  for (const b of liveBookings) {
    const list = bookingsOf.get(b.personId);
    if (list) list.push(b);
    else bookingsOf.set(b.personId, [b]);
  }
  // Each person's attended bookings and the booked ones still ahead, sorted out once for all
  // of their assignments.
  const none: typeof liveBookings = [];
  const evidenceOf = new Map<number, typeof liveBookings>();
  const aheadOf = new Map<number, typeof liveBookings>();
  for (const [personId, mine] of bookingsOf) {
    evidenceOf.set(
      personId,
      mine.filter((b) => b.status === "attended"),
    );
    aheadOf.set(
      personId,
      mine.filter((b) => b.status === "booked" && b.sessionStatus === "scheduled" && b.endsAt > now),
    );
  }

  const assignments: PlannerAssignment[] = openAssignments.map(([id, personId, moduleId, dueAt, dueOn]) => {
    const module = modules.get(moduleId);
    if (!module) throw new Error(`Assignment ${id} names module ${moduleId}, which does not exist.`);
    const { rule } = module;
    const evidence = evidenceOf.get(personId) ?? none;
    const ahead = aheadOf.get(personId) ?? none;
    const pending =
      rule.ruleKindId === null || ahead.length === 0 ? ahead : ahead.filter((b) => b.kindId === rule.ruleKindId);
    return {
      id,
      personId,
      moduleId,
      moduleTitle: module.title,
      kindId: rule.ruleKindId,
      remaining: sessionsStillNeeded(
        rule,
        evidence.length === 0 ? none : countingEvidence(rule, evidence, now),
        pending,
      ),
      dueAt,
      ...(dueOn === null ? {} : { dueOn }),
      bookedSeats: pending.length,
    };
  });

  const plannerPeople = people.map(([id, departmentId]) => {
    const bookings: Interval[] = (bookingsOf.get(id) ?? [])
      .filter((b) => b.sessionStatus === "scheduled" && b.endsAt > now)
      .map((b) => ({ startsAt: b.startsAt, endsAt: b.endsAt }));
    return { id, departmentId, bookings };
  });

  const upcoming = sql`s.status = 'scheduled' and s.starts_at > ${now} and s.starts_at < ${horizonEnd}`;
  const sessionRows = await jsonRows<
    [
      id: number,
      kindId: number,
      hostId: number,
      hostDepartmentId: number,
      startsAt: number,
      endsAt: number,
      seats: number,
      departmentCap: number | null,
    ]
  >(
    db,
    sql`s.id, s.kind_id, s.host_id, h.department_id, s.starts_at, s.ends_at, s.seats, s.department_cap`,
    sql`from sessions s join people h on h.id = s.host_id where ${upcoming}`,
    sql`s.starts_at, s.id`,
  );

  // Who already holds a place on those sessions, by department: everyone's bookings count,
  // not only the scope's.
  const held = await jsonRows<[sessionId: number, departmentId: number, live: number]>(
    db,
    sql`session_id, department_id, live`,
    sql`from (
          select b.session_id, p.department_id, count(*) as live
          from bookings b
          join sessions s on s.id = b.session_id
          join people p on p.id = b.person_id
          where ${upcoming} and b.status <> 'cancelled'
          group by b.session_id, p.department_id
        )`,
    sql`session_id, department_id`,
  );

  const taken = new Map<number, number>();
  const byDepartment = new Map<number, Record<number, number>>();
  for (const [sessionId, departmentId, live] of held) {
    taken.set(sessionId, (taken.get(sessionId) ?? 0) + live);
    const counts = byDepartment.get(sessionId) ?? {};
    counts[departmentId] = live;
    byDepartment.set(sessionId, counts);
  }

  const sessions: PlannerSession[] = sessionRows.map(
    ([id, kindId, hostId, hostDepartmentId, startsAt, endsAt, seats, departmentCap]) => ({
      id,
      kindId,
      hostId,
      hostDepartmentId,
      startsAt,
      endsAt,
      // Seated and waitlisted bookings both stand before a new one.
      seatsLeft: Math.max(0, seats - (taken.get(id) ?? 0)),
      departmentCap,
      bookedByDepartment: byDepartment.get(id) ?? {},
    }),
  );

  return { now, people: plannerPeople, assignments, sessions };
}

/**
 * Seats the rule still needs after the evidence that counts now and the seats already booked
 * ahead. A rule counted in sessions needs one seat per session; a rule counted in hours needs
 * one more seat while its time is not reached (the plan offers one session at a time, and what
 * the person attends then counts toward the rest).
 */
function sessionsStillNeeded(
  rule: CompletionRule,
  counting: readonly EvidenceBooking[],
  pending: readonly EvidenceBooking[],
): number {
  if (countsHours(rule)) {
    const minutes = [...counting, ...pending].reduce((sum, b) => sum + minutesOf(b), 0);
    return minutes >= (rule.requiredMinutes ?? 0) ? 0 : 1;
  }
  return rule.requiredCount - Math.min(counting.length, rule.requiredCount) - pending.length;
}
