import { describe, expect, it } from "vitest";
import {
  placementSentence,
  planPairings,
  unplacedSentence,
  type PlannerAssignment,
  type PlannerInput,
  type PlannerPerson,
  type PlannerSession,
} from "~/domain/planner";
import { DAY, HOUR } from "~/domain/time";

/** Monday 1 March 2027, 09:00 UTC. */
const NOW = Date.UTC(2027, 2, 1, 9, 0);
const IN_HELSINKI = { timeZone: "Europe/Helsinki" };

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
    expect(result.proposals[0].reason).toEqual({
      assignmentId: due.id,
      moduleId: due.moduleId,
      moduleTitle: "Sit in on a sales call",
      dueAt: due.dueAt,
      overdue: false,
      plannedAt: NOW,
      earlier: null,
    });
    expect(placementSentence(result.proposals[0].reason, IN_HELSINKI)).toBe(
      "Serves ‘Sit in on a sales call’, due Sat 6 Mar, their earliest-due open assignment.",
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
      { personId: ben.id, reason: expect.objectContaining({ code: "none_before_due" }) },
    ]);
  });

  it("treats bookings as half-open intervals: touching is fine, overlapping is not", () => {
    const call = aSession({ seatsLeft: 2 });
    const touching = aPerson({ bookings: [{ startsAt: call.startsAt - HOUR, endsAt: call.startsAt }] });
    const overlapping = aPerson({ bookings: [{ startsAt: call.endsAt - 1, endsAt: call.endsAt + HOUR }] });
    const result = plan([touching, overlapping], [call], [anAssignment(touching), anAssignment(overlapping)]);
    expect(result.proposals.map((p) => p.personId)).toEqual([touching.id]);
    expect(result.unplaced[0]).toMatchObject({
      personId: overlapping.id,
      reason: { code: "sessions_unavailable", sessions: { ofKind: 1, overlap: 1 } },
    });
  });

  it("never proposes a session hosted by the person's own department", () => {
    const rep = aPerson({ departmentId: SALES_TEAM });
    const result = plan([rep], [aSession({ hostDepartmentId: SALES_TEAM })], [anAssignment(rep)]);
    expect(result.proposals).toEqual([]);
    expect(result.unplaced[0].reason).toMatchObject({ code: "sessions_unavailable", sessions: { ownDepartment: 1 } });
  });

  it("never proposes a session that has started, even one with seats", () => {
    const ana = aPerson();
    const result = plan([ana], [aSession({ startsAt: NOW - 1 })], [anAssignment(ana)]);
    expect(result.proposals).toEqual([]);
    expect(result.unplaced[0].reason).toMatchObject({ code: "none_before_due", sessions: { started: 1 } });
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
    expect(result.unplaced).toEqual([
      expect.objectContaining({ reason: expect.objectContaining({ code: "seats_taken", eligibleSessions: 1 }) }),
    ]);
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
    const done = anAssignment(ana, { remaining: 0, bookedSeats: 1 });
    const result = plan([ana], [aSession()], [done]);
    expect(result.unplaced).toEqual([
      {
        personId: ana.id,
        reason: {
          code: "enough_seats_booked",
          assignment: { assignmentId: done.id, moduleId: 1, moduleTitle: "Sit in on a sales call", bookedSeats: 1 },
        },
      },
    ]);
  });

  it("serves an overdue assignment with any session of its kind that starts after now", () => {
    const emma = aPerson();
    const install = aSession({ kindId: LISTEN_IN, startsIn: 3 * DAY, hours: 4 });
    const complaints = aSession({ startsIn: 2 * DAY });
    const rideAlong = anAssignment(emma, {
      kindId: LISTEN_IN,
      moduleId: 2,
      moduleTitle: "Ride-along: install day",
      dueAt: NOW - 3 * DAY,
      dueOn: "2027-02-25",
    });
    const later = anAssignment(emma, { dueAt: NOW + 41 * DAY });
    const result = plan([emma], [install, complaints], [rideAlong, later]);
    expect(result.proposals).toEqual([
      expect.objectContaining({ sessionId: install.id, assignmentId: rideAlong.id, daysUntilDue: -3 }),
    ]);
    expect(result.proposals[0].reason).toMatchObject({ overdue: true, earlier: null });
    expect(placementSentence(result.proposals[0].reason, IN_HELSINKI)).toBe(
      "Serves ‘Ride-along: install day’, overdue since 25 Feb: the most overdue of their open assignments comes first.",
    );
  });

  it("counts an assignment due at this very instant as overdue", () => {
    const ana = aPerson();
    const due = anAssignment(ana, { dueAt: NOW });
    const result = plan([ana], [aSession({ startsIn: 5 * DAY })], [due]);
    expect(result.proposals).toEqual([expect.objectContaining({ assignmentId: due.id, daysUntilDue: 0 })]);
    expect(result.proposals[0].reason.overdue).toBe(true);
  });

  it("serves an overdue assignment only with a session starting after now", () => {
    const ana = aPerson();
    const atNow = aSession({ startsAt: NOW });
    const overdue = anAssignment(ana, { dueAt: NOW - HOUR });
    expect(plan([ana], [atNow], [overdue]).unplaced[0].reason).toMatchObject({
      code: "none_before_due",
      sessions: { ofKind: 1, started: 1 },
    });
    // The same session still serves a not-yet-due assignment that it ends in time for.
    const dueSoon = anAssignment(ana, { dueAt: NOW + DAY, moduleId: 2 });
    expect(plan([ana], [atNow], [overdue, dueSoon]).proposals).toEqual([
      expect.objectContaining({ assignmentId: dueSoon.id }),
    ]);
  });

  it("serves the most overdue assignment first, and says which earlier one a session cannot serve", () => {
    const ana = aPerson();
    const call = aSession({ startsIn: 2 * DAY });
    const weekLate = anAssignment(ana, { dueAt: NOW - 7 * DAY, moduleTitle: "Follow up" });
    const dayLate = anAssignment(ana, { dueAt: NOW - DAY });
    expect(plan([ana], [call], [dayLate, weekLate]).proposals[0]).toMatchObject({
      assignmentId: weekLate.id,
      daysUntilDue: -7,
    });

    const bo = aPerson();
    const listenInLate = anAssignment(bo, {
      kindId: LISTEN_IN,
      moduleTitle: "Hear the customer",
      dueAt: NOW - DAY,
      dueOn: "2027-02-27",
    });
    const salesDue = anAssignment(bo, { dueAt: NOW + 9 * DAY, dueOn: "2027-03-10" });
    const result = plan([bo], [call], [listenInLate, salesDue]);
    expect(result.proposals[0]).toMatchObject({ assignmentId: salesDue.id });
    expect(placementSentence(result.proposals[0].reason, IN_HELSINKI)).toBe(
      "Serves ‘Sit in on a sales call’, due Wed 10 Mar, the earliest that this session can serve (it cannot serve ‘Hear the customer’, overdue since 27 Feb).",
    );
  });

  it("gives a scarce seat to the overdue person before anyone due later", () => {
    const call = aSession();
    const late = aPerson();
    const soon = aPerson();
    const result = plan(
      [soon, late],
      [call],
      [anAssignment(soon, { dueAt: NOW + 2 * DAY }), anAssignment(late, { dueAt: NOW - 10 * DAY })],
    );
    expect(result.proposals.map((p) => p.personId)).toEqual([late.id]);
    expect(result.objective.urgency).toBe(-10);
  });

  it("says so when no session of the kind needed is scheduled", () => {
    const ana = aPerson();
    const result = plan([ana], [aSession({ kindId: LISTEN_IN })], [anAssignment(ana, { dueOn: "2027-03-15" })]);
    expect(result.unplaced[0].reason.code).toBe("no_session_of_kind");
    expect(unplacedSentence(result.unplaced[0].reason, IN_HELSINKI)).toBe(
      "No session of a kind that ‘Sit in on a sales call’ (due Mon 15 Mar) needs is scheduled in the horizon.",
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
    expect(result.unplaced).toEqual([
      expect.objectContaining({ personId: relaxed.id, reason: expect.objectContaining({ code: "seats_taken" }) }),
    ]);
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
