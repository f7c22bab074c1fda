/**
 * The planner's demand side: who needs what, which sessions each person may take, and which
 * people are interchangeable.
 */
import { overlaps } from "../time";
import { byDueThenId, daysUntil, departmentRoom, isOverdue } from "./rules";
import type { PlannerAssignment, PlannerInput, PlannerSession } from "./types";

/**
 * The sessions of one kind that one department may be offered (host from another department,
 * room under the department cap), sorted by end then id. A person's sessions of that kind that
 * end by a due instant are a prefix of it, which is what keeps the network small.
 */
export interface SessionList {
  id: number;
  departmentId: number;
  /** Indexes into the offered sessions, increasing (the offered sessions are sorted alike). */
  sessions: Int32Array;
  ends: Float64Array;
  /** Positions of sessions starting at the very instant of planning, which no overdue need takes. */
  startingAtNow: number[];
}

/** People with exactly the same eligible sessions at the same urgency: one node in the network. */
export interface Group {
  /** Indexes into `input.people`. */
  members: number[];
  /**
   * Flattened quadruples (list id, from position, to position exclusive, days until due):
   * disjoint ranges of list positions this group may take, each at one urgency.
   */
  ranges: number[];
  /** Eligible sessions of one member. */
  eligible: number;
}

export interface Demand {
  /** Per person (input order): open assignments with sessions still needed, earliest due first. */
  needs: PlannerAssignment[][];
  /** Sessions anyone could take (not started, a seat free), sorted by end then id. */
  offered: PlannerSession[];
  lists: SessionList[];
  groups: Group[];
  /** Per person: index of their group, or -1 when they have no need or no eligible session. */
  groupOf: Int32Array;
}

/** Sorts out needs, offered sessions, per-department lists and groups of equivalent people. */
export function demandOf(input: PlannerInput): Demand {
  const { now, people } = input;

  const personIndex = new Map<number, number>();
  people.forEach((p, i) => personIndex.set(p.id, i));
  const needs: PlannerAssignment[][] = people.map(() => []);
  for (const assignment of input.assignments) {
    if (!(assignment.remaining > 0)) continue;
    const i = personIndex.get(assignment.personId);
    if (i !== undefined) needs[i].push(assignment);
  }
  for (const list of needs) list.sort(byDueThenId);

  // Booking after the start is not allowed, and a session without a free seat takes no one.
  const offered = input.sessions
    .filter((s) => s.startsAt >= now && s.seatsLeft > 0)
    .sort((a, b) => a.endsAt - b.endsAt || a.id - b.id);

  const offeredByKind = new Map<number, number[]>();
  offered.forEach((s, i) => {
    const list = offeredByKind.get(s.kindId);
    if (list) list.push(i);
    else offeredByKind.set(s.kindId, [i]);
  });
  const allKinds = [...offeredByKind.keys()];

  const lists: SessionList[] = [];
  const listByDepartment = new Map<number, Map<number, SessionList>>();
  const listFor = (departmentId: number, kindId: number): SessionList | undefined => {
    let ofDepartment = listByDepartment.get(departmentId);
    if (!ofDepartment) {
      ofDepartment = new Map();
      listByDepartment.set(departmentId, ofDepartment);
    }
    const known = ofDepartment.get(kindId);
    if (known) return known;
    const ofKind = offeredByKind.get(kindId);
    if (!ofKind) return undefined;
    const chosen = ofKind.filter((i) => {
      const s = offered[i];
      return s.hostDepartmentId !== departmentId && departmentRoom(s, departmentId) > 0;
    });
    const list: SessionList = {
      id: lists.length,
      departmentId,
      sessions: Int32Array.from(chosen),
      ends: Float64Array.from(chosen, (i) => offered[i].endsAt),
      startingAtNow: [],
    };
    chosen.forEach((i, position) => {
      if (offered[i].startsAt <= now) list.startingAtNow.push(position);
    });
    lists.push(list);
    ofDepartment.set(kindId, list);
    return list;
  };

  // Offered sessions by start, to find those a person's bookings overlap.
  const byStart = Int32Array.from(offered.keys()).sort((a, b) => offered[a].startsAt - offered[b].startsAt);
  const starts = Float64Array.from(byStart, (i) => offered[i].startsAt);
  let longest = 0;
  for (const s of offered) longest = Math.max(longest, s.endsAt - s.startsAt);
  // The person each offered session was last found blocked for, so each is listed once.
  const blockedFor = new Int32Array(offered.length).fill(-1);
  const blockedBy = (p: number): Int32Array => {
    const blocked: number[] = [];
    for (const booking of people[p].bookings) {
      // Only sessions starting after (booking start − longest session) can reach the booking.
      for (let k = upperBound(starts, booking.startsAt - longest); k < starts.length; k++) {
        if (starts[k] >= booking.endsAt) break;
        const i = byStart[k];
        if (blockedFor[i] !== p && overlaps(booking, offered[i])) {
          blockedFor[i] = p;
          blocked.push(i);
        }
      }
    }
    return Int32Array.from(blocked).sort();
  };

  // Where each offered session sits in a list (-1: not in it), made when a booking first asks.
  const positions = new Map<number, Int32Array>();
  const positionMap = (list: SessionList): Int32Array => {
    let map = positions.get(list.id);
    if (!map) {
      map = new Int32Array(offered.length).fill(-1);
      list.sessions.forEach((i, position) => (map![i] = position));
      positions.set(list.id, map);
    }
    return map;
  };

  const noneBlocked = new Int32Array(0);
  const groups: Group[] = [];
  const groupsByHash = new Map<number, number[]>();
  const groupOf = new Int32Array(people.length).fill(-1);
  for (let p = 0; p < people.length; p++) {
    const personNeeds = needs[p];
    if (personNeeds.length === 0) continue;
    const person = people[p];
    let kinds: number[] = [];
    for (const need of personNeeds) {
      if (need.kindId === null) {
        kinds = allKinds;
        break;
      }
      if (!kinds.includes(need.kindId)) kinds.push(need.kindId);
    }
    const blocked = person.bookings.length > 0 ? blockedBy(p) : noneBlocked;
    const ranges: number[] = [];
    let eligible = 0;
    for (const kindId of kinds) {
      const list = listFor(person.departmentId, kindId);
      if (!list || list.sessions.length === 0) continue;
      const blockedHoles = blocked.length > 0 ? positionsIn(positionMap(list), blocked) : [];
      let holes = blockedHoles;
      /** Adds the positions [from, to) except the holes, served at `days`. */
      const take = (from: number, to: number, days: number): void => {
        for (const hole of holes) {
          if (hole < from || hole >= to) continue;
          if (hole > from) ranges.push(list.id, from, hole, days);
          eligible += hole - from;
          from = hole + 1;
        }
        if (to > from) {
          ranges.push(list.id, from, to, days);
          eligible += to - from;
        }
      };
      let matching = personNeeds;
      if (personNeeds.some((n) => n.kindId !== null && n.kindId !== kindId)) {
        matching = personNeeds.filter((n) => n.kindId === null || n.kindId === kindId);
      }
      // Needs are sorted by due instant, so an overdue need of this kind comes first, and it is
      // served by every session of the list that starts after now. Only sessions starting at
      // the very instant of planning are left to the not-yet-due needs.
      const overdue = matching.length > 0 && isOverdue(now, matching[0]) ? matching[0] : undefined;
      if (overdue) {
        const atNow = list.startingAtNow;
        if (atNow.length > 0) holes = mergeSorted(holes, atNow);
        take(0, list.sessions.length, daysUntil(now, overdue.dueAt));
        if (atNow.length === 0) continue;
        holes = blockedHoles;
        for (const position of atNow) {
          const serves = matching.find((n) => !isOverdue(now, n) && list.ends[position] <= n.dueAt);
          if (serves) take(position, position + 1, daysUntil(now, serves.dueAt));
        }
        continue;
      }
      // A position is served by the first need (earliest due) whose prefix reaches it.
      let covered = 0;
      for (const need of matching) {
        const reach = upperBound(list.ends, need.dueAt);
        if (reach <= covered) continue;
        take(covered, reach, daysUntil(now, need.dueAt));
        covered = reach;
      }
    }
    if (ranges.length === 0) continue;
    // The ranges name the department (through the lists), the sessions and their urgency:
    // people with equal ranges are interchangeable in every plan.
    // Found by a hash of the numbers, then compared whole (no key string for each person).
    const key = hashOf(ranges);
    const candidates = groupsByHash.get(key);
    let g = candidates?.find((c) => sameNumbers(groups[c].ranges, ranges));
    if (g === undefined) {
      g = groups.length;
      groups.push({ members: [], ranges, eligible });
      if (candidates) candidates.push(g);
      else groupsByHash.set(key, [g]);
    }
    groups[g].members.push(p);
    groupOf[p] = g;
  }

  return { needs, offered, lists, groups, groupOf };
}

/** Index of the first value greater than `value` in an ascending array. */
export function upperBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A 32-bit hash of a list of integers (FNV-1a over the values). */
function hashOf(values: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) h = Math.imul(h ^ v, 0x01000193);
  return h;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The union of two ascending arrays of distinct numbers, ascending. */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j === b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
    else if (i === a.length || b[j] < a[i]) out.push(b[j++]);
    else {
      out.push(a[i++]);
      j++;
    }
  }
  return out;
}

/** Positions (ascending) of the offered sessions `wanted` (ascending) that a list holds. */
function positionsIn(positionOf: Int32Array, wanted: ArrayLike<number>): number[] {
  const found: number[] = [];
  for (let k = 0; k < wanted.length; k++) if (positionOf[wanted[k]] >= 0) found.push(positionOf[wanted[k]]);
  return found;
}
