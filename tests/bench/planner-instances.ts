/**
 * Deterministic planner inputs: tiny adversarial ones for exhaustive checks, medium ones for
 * the MILP oracle, and a synthetic company at benchmark scale.
 */
import type { PlannerAssignment, PlannerInput, PlannerPerson, PlannerSession } from "~/domain/planner";

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Monday 2026-03-02 06:00 UTC: the instant every generated plan is made at. */
export const PLAN_NOW = Date.UTC(2026, 2, 2, 6, 0, 0);

/** A small, fast, seedable PRNG (mulberry32). */
export function randomSource(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const chance = (p: number): boolean => next() < p;
  return { next, int, pick, chance };
}

export type RandomSource = ReturnType<typeof randomSource>;

export interface TinyShape {
  people: number;
  sessions: number;
  departments?: number;
  kinds?: number;
  hosts?: number;
  /** Share of the assignments that are overdue; about a quarter unless given. */
  overdue?: number;
}

/**
 * A small instance that stresses every rule: touching intervals, ends equal to due instants,
 * started sessions and sessions starting at the instant of planning, full sessions, caps already
 * reached, own-department hosts, overdue needs (some due at that very instant, some days ago),
 * needs for any kind, zero remaining.
 */
export function tinyInstance(seed: number, shape: TinyShape): PlannerInput {
  const rng = randomSource(seed);
  const now = PLAN_NOW;
  const departments = shape.departments ?? rng.int(1, 3);
  const kinds = shape.kinds ?? rng.int(1, 2);
  const hostCount = shape.hosts ?? rng.int(1, 3);
  // Most hosts work in a customer-facing department nobody here belongs to; some in a shadow's own.
  const hosts = Array.from({ length: hostCount }, (_, h) => ({
    id: 1000 + h,
    departmentId: rng.chance(0.3) ? rng.int(1, departments) : 100 + rng.int(0, 1),
  }));

  // Times on a coarse grid so that boundaries often coincide exactly.
  const slot = (k: number) => now + k * 2 * HOUR;
  const sessions: PlannerSession[] = Array.from({ length: shape.sessions }, (_, s) => {
    const start = slot(rng.int(-1, 8));
    const host = rng.pick(hosts);
    const cap = rng.chance(0.5) ? rng.int(1, 2) : null;
    const bookedByDepartment: Record<number, number> = {};
    for (let d = 1; d <= departments; d++) if (rng.chance(0.3)) bookedByDepartment[d] = rng.int(0, 1);
    return {
      id: 500 + s,
      kindId: rng.int(1, kinds),
      hostId: host.id,
      hostDepartmentId: host.departmentId,
      startsAt: start,
      endsAt: start + rng.int(1, 3) * 2 * HOUR,
      seatsLeft: rng.pick([0, 1, 1, 1, 2, 2, 3]),
      departmentCap: cap,
      bookedByDepartment,
    };
  });

  const people: PlannerPerson[] = [];
  const assignments: PlannerAssignment[] = [];
  let assignmentId = 1;
  for (let p = 0; p < shape.people; p++) {
    const bookings = Array.from({ length: rng.pick([0, 0, 0, 1, 1, 2]) }, () => {
      const start = slot(rng.int(-1, 8));
      return { startsAt: start, endsAt: start + rng.int(1, 2) * 2 * HOUR };
    });
    people.push({ id: 1 + p, departmentId: rng.int(1, departments), bookings });
    for (let a = rng.int(0, 3); a > 0; a--) {
      const reference = sessions.length > 0 ? rng.pick(sessions) : undefined;
      const draw = rng.next();
      // A quarter overdue, some of them due at the very instant of planning.
      const dueAt =
        shape.overdue !== undefined && rng.chance(shape.overdue)
          ? now - rng.pick([0, 1, 5, 24, 30, 48, 100, 400]) * HOUR
          : reference && draw < 0.3
            ? reference.endsAt + rng.pick([-1, 0, 0, 1]) * HOUR
            : draw < 0.55
              ? now - rng.pick([0, 1, 5, 24, 30, 48, 100]) * HOUR
              : now + rng.int(0, 3) * DAY + rng.int(0, 23) * HOUR;
      assignments.push({
        id: assignmentId++,
        personId: 1 + p,
        moduleId: rng.int(1, 4),
        moduleTitle: `Module ${rng.int(1, 4)}`,
        kindId: rng.chance(0.25) ? null : rng.int(1, kinds),
        remaining: rng.chance(0.15) ? 0 : rng.int(1, 2),
        dueAt,
      });
    }
  }
  return { now, people, assignments, sessions };
}

interface KindSpec {
  id: number;
  minutes: number;
  hostDepartment: number;
  share: number;
  /** Seat counts and their weights, as the demo company draws them. */
  seats: readonly number[];
  seatWeights: readonly number[];
}

const KINDS: KindSpec[] = [
  { id: 1, minutes: 60, hostDepartment: 1, share: 0.3, seats: [1, 2, 3], seatWeights: [4, 5, 1] },
  { id: 2, minutes: 240, hostDepartment: 2, share: 0.2, seats: [1, 2, 3], seatWeights: [3, 4, 2] },
  { id: 3, minutes: 60, hostDepartment: 3, share: 0.35, seats: [2, 3, 4], seatWeights: [3, 4, 3] },
  { id: 4, minutes: 90, hostDepartment: 3, share: 0.15, seats: [2, 3, 4], seatWeights: [4, 4, 2] },
];

const MODULES = [
  { id: 1, title: "Hear the customer: call-line listen-in", kindId: 3, required: 2 },
  { id: 2, title: "Ride-along: install day", kindId: 2, required: 1 },
  { id: 3, title: "Sit in on a sales call", kindId: 1, required: 1 },
  { id: 4, title: "What to do when a customer asks you for help", kindId: null, required: 1 },
  { id: 5, title: "Follow up", kindId: 4, required: 1 },
] as const;

/** Customer-facing departments host; the back office shadows (weights: relative headcount). */
const DEPARTMENTS = [
  { id: 1, weight: 8, customerFacing: true },
  { id: 2, weight: 6, customerFacing: true },
  { id: 3, weight: 8, customerFacing: true },
  { id: 4, weight: 10, customerFacing: false },
  { id: 5, weight: 6, customerFacing: false },
  { id: 6, weight: 4, customerFacing: false },
  { id: 7, weight: 9, customerFacing: false },
  { id: 8, weight: 14, customerFacing: false },
  { id: 9, weight: 7, customerFacing: false },
  { id: 10, weight: 5, customerFacing: false },
  { id: 11, weight: 8, customerFacing: false },
  { id: 12, weight: 15, customerFacing: false },
];

/** Due days as the demo company draws them: some overdue, a quarter within a week, most later. */
function dueOffset(rng: RandomSource): number {
  const r = rng.next();
  if (r < 0.15) return -rng.int(1, 10);
  if (r < 0.4) return rng.int(0, 7);
  return rng.int(8, 49);
}

function weighted<T>(rng: RandomSource, items: readonly T[], weights: readonly number[]): T {
  let draw = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) {
    draw -= weights[i];
    if (draw <= 0) return items[i];
  }
  return items[items.length - 1];
}

/** Assignees' zones as UTC offsets in hours: the due day ends at their local midnight. */
const ZONE_OFFSETS = [0, 1, 2, -5, -8, 5.5];

export interface CompanyShape {
  people: number;
  sessions: number;
  /** Open assignments in total; spread so that most people hold one to three. */
  assignments: number;
  seed: number;
  horizonDays?: number;
}

/**
 * A company as the planner sees it, drawn like the demo company (db/demo): people in teams of
 * 5–12, each assignment with its own due day (a quarter shared by the team), 1–4 seats per
 * session with a department cap on a third of the multi-seat ones, some seats already taken,
 * sessions on weekdays 08:00–17:00 UTC across the horizon, and a fifth of the people holding
 * bookings in the horizon.
 */
export function syntheticCompany(shape: CompanyShape): PlannerInput {
  const rng = randomSource(shape.seed);
  const now = PLAN_NOW;
  const horizonDays = shape.horizonDays ?? 28;
  const totalWeight = DEPARTMENTS.reduce((sum, d) => sum + d.weight, 0);

  const people: PlannerPerson[] = [];
  const teamOf: number[] = [];
  let team = 0;
  let left = 0;
  let departmentId = 1;
  for (let p = 0; p < shape.people; p++) {
    if (left === 0) {
      team++;
      left = rng.int(5, 12);
      let draw = rng.next() * totalWeight;
      for (const d of DEPARTMENTS) {
        draw -= d.weight;
        if (draw <= 0) {
          departmentId = d.id;
          break;
        }
      }
    }
    left--;
    people.push({ id: p + 1, departmentId, bookings: [] });
    teamOf.push(team);
  }

  // Hosts come from the customer-facing department that does the work.
  const hostsByDepartment = new Map<number, number[]>();
  for (const person of people) {
    const dept = DEPARTMENTS[person.departmentId - 1];
    if (!dept.customerFacing) continue;
    const list = hostsByDepartment.get(person.departmentId) ?? [];
    if (list.length < Math.max(3, Math.ceil(shape.sessions / 30))) list.push(person.id);
    hostsByDepartment.set(person.departmentId, list);
  }
  let fallbackHost = shape.people + 1;
  for (const d of [1, 2, 3]) {
    if (!hostsByDepartment.has(d)) hostsByDepartment.set(d, [fallbackHost++, fallbackHost++]);
  }

  const workdays: number[] = [];
  for (let day = 0; day < horizonDays; day++) {
    const date = new Date(now + day * DAY);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6)
      workdays.push(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  }

  const backOffice = DEPARTMENTS.filter((d) => !d.customerFacing).map((d) => d.id);
  const sessions: PlannerSession[] = [];
  for (let s = 0; s < shape.sessions; s++) {
    let draw = rng.next();
    let kind = KINDS[0];
    for (const k of KINDS) {
      draw -= k.share;
      kind = k;
      if (draw <= 0) break;
    }
    const day = rng.pick(workdays);
    const latest = 17 - kind.minutes / 60;
    const startsAt = day + (8 + rng.int(0, Math.max(0, Math.floor(latest - 8)) * 2) / 2) * HOUR;
    const seats = weighted(rng, kind.seats, kind.seatWeights);
    // As in the demo company: a third of the multi-seat sessions cap each department.
    const cap = seats >= 2 && rng.chance(0.35) ? (seats >= 3 ? rng.pick([1, 2]) : 1) : null;
    const bookedByDepartment: Record<number, number> = {};
    let taken = 0;
    for (let t = rng.chance(0.4) ? rng.int(1, seats) : 0; t > 0; t--) {
      const dept = rng.pick(backOffice);
      if (cap !== null && (bookedByDepartment[dept] ?? 0) >= cap) continue;
      bookedByDepartment[dept] = (bookedByDepartment[dept] ?? 0) + 1;
      taken++;
    }
    const hostId = rng.pick(hostsByDepartment.get(kind.hostDepartment)!);
    sessions.push({
      id: s + 1,
      kindId: kind.id,
      hostId,
      hostDepartmentId: kind.hostDepartment,
      startsAt,
      endsAt: startsAt + kind.minutes * 60_000,
      seatsLeft: seats - taken,
      departmentCap: cap,
      bookedByDepartment,
    });
  }

  // Each team works through modules in its own order with one due day per module.
  const perPerson = shape.assignments / shape.people;
  const teamPlans = new Map<number, { order: number[]; due: number[]; zone: number }>();
  const dueAtFor = (dayOffset: number, zone: number): number => {
    const day = Date.UTC(2026, 2, 2) + dayOffset * DAY;
    return day + DAY - zone * HOUR;
  };
  const assignments: PlannerAssignment[] = [];
  let assignmentId = 1;
  let owed = 0;
  for (let p = 0; p < people.length; p++) {
    let plan = teamPlans.get(teamOf[p]);
    if (!plan) {
      const order = [0, 1, 2, 3, 4];
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(0, i);
        [order[i], order[j]] = [order[j], order[i]];
      }
      plan = { order, due: order.map(() => dueOffset(rng)), zone: rng.pick(ZONE_OFFSETS) };
      teamPlans.set(teamOf[p], plan);
    }
    owed += perPerson;
    const count = Math.min(5, Math.max(0, Math.round(owed)));
    owed -= count;
    for (let k = 0; k < count; k++) {
      const module = MODULES[plan.order[k]];
      const dueDay = rng.chance(0.75) ? dueOffset(rng) : plan.due[k];
      assignments.push({
        id: assignmentId++,
        personId: people[p].id,
        moduleId: module.id,
        moduleTitle: module.title,
        kindId: module.kindId,
        remaining: rng.chance(0.2) ? rng.int(1, module.required) : module.required,
        dueAt: dueAtFor(dueDay, plan.zone),
      });
    }
  }

  for (const person of people) {
    if (!rng.chance(0.2)) continue;
    const bookings = [];
    for (let b = rng.int(1, 2); b > 0; b--) {
      const s = rng.pick(sessions);
      bookings.push({ startsAt: s.startsAt, endsAt: s.endsAt });
    }
    person.bookings = bookings;
  }

  return { now, people, assignments, sessions };
}
