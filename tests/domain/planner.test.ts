import { describe, expect, it } from "vitest";
import {
  planPairings,
  type PlannerAssignment,
  type PlannerInput,
  type PlannerPerson,
  type PlannerSession,
} from "~/domain/planner";
import { DAY, HOUR } from "~/domain/time";

const NOW = Date.UTC(2027, 2, 1, 9, 0);

const SALES = 1;
const LISTEN_IN = 2;
const ACCOUNTING = 10;
const LEGAL = 11;
const SALES_TEAM = 20;

let nextId = 1;

function aPerson(fields: Partial<PlannerPerson> = {}): PlannerPerson {
  return { id: nextId++, departmentId: ACCOUNTING, bookings: [], ...fields };
}

function aSession(fields: Partial<PlannerSession> & { startsIn?: number; hours?: number } = {}): PlannerSession {
  const { startsIn = DAY, hours = 1, ...rest } = fields;
  const startsAt = rest.startsAt ?? NOW + startsIn;
  return {
    id: nextId++,
    kindId: SALES,
    hostId: 900,
    hostDepartmentId: SALES_TEAM,
    startsAt,
    endsAt: startsAt + hours * HOUR,
    seatsLeft: 1,
    departmentCap: null,
    bookedByDepartment: {},
    ...rest,
  };
}

function anAssignment(person: PlannerPerson, fields: Partial<PlannerAssignment> = {}): PlannerAssignment {
  return {
    id: nextId++,
    personId: person.id,
    moduleId: 1,
    moduleTitle: "Sit in on a sales call",
    kindId: SALES,
    remaining: 1,
    dueAt: NOW + 14 * DAY,
    ...fields,
  };
}

function plan(people: PlannerPerson[], sessions: PlannerSession[], assignments: PlannerAssignment[]) {
  const input: PlannerInput = { now: NOW, people, sessions, assignments };
  return planPairings(input);
}

describe("planPairings", () => {
  it("books a person with an open assignment onto a session that fits and says why", () => {
    const ana = aPerson();
    const call = aSession({ hostId: 901 });
    const due = anAssignment(ana, { dueAt: NOW + 5 * DAY + HOUR });
    const result = plan([ana], [call], [due]);
    expect(result.proposals).toEqual([
      expect.objectContaining({
        personId: ana.id,
        sessionId: call.id,
        assignmentId: due.id,
        moduleId: due.moduleId,
        hostId: 901,
        daysUntilDue: 5,
        hostNewShadows: 1,
      }),
    ]);
    expect(result.proposals[0].why).toBe(
      "Earliest-due open assignment ‘Sit in on a sales call’ (due in 5 days); the session ends before the due date; host has 1 new shadow.",
    );
    expect(result.unplaced).toEqual([]);
    expect(result.objective).toEqual({ placed: 1, urgency: 5, hostLoad: 1, earliness: 24 });
  });

  it("accepts a session ending exactly at the due instant and refuses one ending later", () => {
    const ana = aPerson();
    const ben = aPerson();
    const call = aSession({ seatsLeft: 2 });
    const result = plan(
      [ana, ben],
      [call],
      [anAssignment(ana, { dueAt: call.endsAt }), anAssignment(ben, { dueAt: call.endsAt - 1 })],
    );
    expect(result.proposals.map((p) => p.personId)).toEqual([ana.id]);
    expect(result.unplaced).toEqual([
      {
        personId: ben.id,
        reason: "no_eligible_session",
        eligibleSessions: 0,
        why: "None of the one session of the kinds needed fits: 1 ends after the due date.",
      },
    ]);
  });

  it("treats bookings as half-open intervals: touching is fine, overlapping is not", () => {
    const call = aSession({ seatsLeft: 2 });
    const touching = aPerson({ bookings: [{ startsAt: call.startsAt - HOUR, endsAt: call.startsAt }] });
    const overlapping = aPerson({ bookings: [{ startsAt: call.endsAt - 1, endsAt: call.endsAt + HOUR }] });
    const result = plan([touching, overlapping], [call], [anAssignment(touching), anAssignment(overlapping)]);
    expect(result.proposals.map((p) => p.personId)).toEqual([touching.id]);
    expect(result.unplaced[0]).toMatchObject({ personId: overlapping.id, reason: "no_eligible_session" });
    expect(result.unplaced[0].why).toContain("1 overlaps a booking they hold");
  });

  it("never proposes a session hosted by the person's own department", () => {
    const rep = aPerson({ departmentId: SALES_TEAM });
    const result = plan([rep], [aSession({ hostDepartmentId: SALES_TEAM })], [anAssignment(rep)]);
    expect(result.proposals).toEqual([]);
    expect(result.unplaced[0].why).toContain("1 is hosted by their own department");
  });

  it("never proposes a session that has started, even one with seats", () => {
    const ana = aPerson();
    const result = plan([ana], [aSession({ startsAt: NOW - 1 })], [anAssignment(ana)]);
    expect(result.proposals).toEqual([]);
    expect(result.unplaced[0].why).toContain("1 has already started");
  });

  it("offers a session starting at the very instant of planning", () => {
    const ana = aPerson();
    const result = plan([ana], [aSession({ startsAt: NOW })], [anAssignment(ana)]);
    expect(result.proposals).toHaveLength(1);
  });

  it("fills no more seats than are left", () => {
    const people = [aPerson(), aPerson(), aPerson()];
    const call = aSession({ seatsLeft: 2 });
    const result = plan(
      people,
      [call],
      people.map((p) => anAssignment(p)),
    );
    expect(result.proposals).toHaveLength(2);
    expect(result.unplaced).toEqual([expect.objectContaining({ reason: "seats_taken", eligibleSessions: 1 })]);
    expect(result.unplaced[0].why).toBe(
      "The one session that fits went to others in this plan, which places as many people as possible, most urgent first.",
    );
  });

  it("counts a department's existing shadows against the session's cap", () => {
    const accountants = [aPerson(), aPerson(), aPerson()];
    const lawyer = aPerson({ departmentId: LEGAL });
    const call = aSession({ seatsLeft: 4, departmentCap: 2, bookedByDepartment: { [ACCOUNTING]: 1 } });
    const everyone = [...accountants, lawyer];
    const result = plan(
      everyone,
      [call],
      everyone.map((p) => anAssignment(p)),
    );
    const placed = result.proposals.map((p) => p.personId);
    // One more accountant reaches the cap of two; Legal has nobody there yet, so counts zero.
    expect(placed.filter((id) => accountants.some((a) => a.id === id))).toHaveLength(1);
    expect(placed).toContain(lawyer.id);
  });

  it("refuses a department already at the cap, and lets anyone in when there is no cap", () => {
    const ana = aPerson();
    const capped = aSession({ seatsLeft: 3, departmentCap: 1, bookedByDepartment: { [ACCOUNTING]: 1 } });
    const open = aSession({ seatsLeft: 3, departmentCap: null, bookedByDepartment: { [ACCOUNTING]: 7 } });
    const result = plan([ana], [capped, open], [anAssignment(ana)]);
    expect(result.proposals.map((p) => p.sessionId)).toEqual([open.id]);
  });

  it("proposes at most one booking per person", () => {
    const ana = aPerson();
    const sessions = [aSession({ seatsLeft: 3 }), aSession({ seatsLeft: 3, kindId: LISTEN_IN })];
    const needs = [anAssignment(ana), anAssignment(ana, { kindId: LISTEN_IN, moduleId: 2 })];
    expect(plan([ana], sessions, needs).proposals).toHaveLength(1);
  });

  it("serves the eligible assignment due first, the lowest id on a tie", () => {
    const ana = aPerson();
    const call = aSession({ startsIn: 2 * DAY });
    const later = anAssignment(ana, { moduleId: 1, dueAt: NOW + 20 * DAY });
    const anyKind = anAssignment(ana, { moduleId: 2, kindId: null, dueAt: NOW + 9 * DAY, moduleTitle: "Follow up" });
    const tooEarly = anAssignment(ana, { moduleId: 3, dueAt: NOW + DAY });
    const result = plan([ana], [call], [later, anyKind, tooEarly]);
    expect(result.proposals[0]).toMatchObject({ assignmentId: anyKind.id, daysUntilDue: 9 });

    const bo = aPerson();
    const first = anAssignment(bo, { moduleId: 1, dueAt: NOW + 9 * DAY });
    const second = anAssignment(bo, { moduleId: 2, dueAt: NOW + 9 * DAY });
    expect(plan([bo], [aSession()], [second, first]).proposals[0].assignmentId).toBe(first.id);
  });

  it("ignores assignments with nothing left to do", () => {
    const ana = aPerson();
    const result = plan([ana], [aSession()], [anAssignment(ana, { remaining: 0 })]);
    expect(result.unplaced).toEqual([
      {
        personId: ana.id,
        reason: "no_open_need",
        eligibleSessions: 0,
        why: "No open assignment still needs a session.",
      },
    ]);
  });

  it("cannot serve an overdue assignment with an upcoming session", () => {
    const ana = aPerson();
    const result = plan([ana], [aSession()], [anAssignment(ana, { dueAt: NOW - DAY })]);
    expect(result.proposals).toEqual([]);
    expect(result.unplaced[0].reason).toBe("no_eligible_session");
  });

  it("says so when no session of the kind needed is scheduled", () => {
    const ana = aPerson();
    const result = plan([ana], [aSession({ kindId: LISTEN_IN })], [anAssignment(ana)]);
    expect(result.unplaced[0].why).toBe(
      "No session of a kind their open assignments need is scheduled in the horizon.",
    );
  });

  it("places as many people as possible before looking at urgency", () => {
    // Ana is the most urgent and could take either call; Ben only fits the first one.
    const first = aSession({ startsIn: DAY });
    const second = aSession({ startsIn: 3 * DAY });
    const ana = aPerson();
    const ben = aPerson();
    const result = plan(
      [ana, ben],
      [first, second],
      [anAssignment(ana, { dueAt: NOW + 5 * DAY }), anAssignment(ben, { dueAt: first.endsAt })],
    );
    expect(result.proposals.map((p) => [p.personId, p.sessionId])).toEqual([
      [ana.id, second.id],
      [ben.id, first.id],
    ]);
  });

  it("gives a scarce seat to the person whose assignment is due first", () => {
    const call = aSession();
    const relaxed = aPerson();
    const urgent = aPerson();
    const result = plan(
      [relaxed, urgent],
      [call],
      [anAssignment(relaxed, { dueAt: NOW + 30 * DAY }), anAssignment(urgent, { dueAt: NOW + 3 * DAY })],
    );
    expect(result.proposals.map((p) => p.personId)).toEqual([urgent.id]);
    expect(result.unplaced).toEqual([expect.objectContaining({ personId: relaxed.id, reason: "seats_taken" })]);
  });

  it("spreads new shadows across hosts when urgency ties", () => {
    const people = [aPerson(), aPerson()];
    const busyHost = [aSession({ hostId: 1, startsIn: DAY }), aSession({ hostId: 1, startsIn: DAY + 2 * HOUR })];
    const otherHost = aSession({ hostId: 2, startsIn: 5 * DAY });
    const result = plan(
      people,
      [...busyHost, otherHost],
      people.map((p) => anAssignment(p)),
    );
    expect(new Set(result.proposals.map((p) => p.hostId))).toEqual(new Set([1, 2]));
    expect(result.objective.hostLoad).toBe(2);
  });

  it("prefers the earlier session when everything else ties", () => {
    const ana = aPerson();
    const late = aSession({ startsIn: 6 * DAY });
    const early = aSession({ startsIn: 2 * DAY });
    const result = plan([ana], [late, early], [anAssignment(ana)]);
    expect(result.proposals[0].sessionId).toBe(early.id);
    expect(result.objective.earliness).toBe(48);
  });

  it("treats interchangeable people alike but books each against their own assignment", () => {
    const team = [aPerson(), aPerson(), aPerson()];
    const needs = team.map((p) => anAssignment(p));
    const sessions = [aSession({ seatsLeft: 2, hostId: 1 }), aSession({ seatsLeft: 1, hostId: 2, startsIn: 2 * DAY })];
    const result = plan(team, sessions, needs);
    expect(result.diagnostics.groups).toBe(1);
    expect(result.proposals).toHaveLength(3);
    for (const p of result.proposals) {
      expect(p.assignmentId).toBe(needs.find((a) => a.personId === p.personId)!.id);
    }
  });

  it("returns an empty plan for an empty company", () => {
    expect(plan([], [], [])).toEqual({
      proposals: [],
      unplaced: [],
      objective: { placed: 0, urgency: 0, hostLoad: 0, earliness: 0 },
      diagnostics: { groups: 0, eligiblePairs: 0, networkNodes: 1, networkArcs: 0, pivots: 0 },
    });
  });
});
