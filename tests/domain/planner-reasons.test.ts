/**
 * The reasons a manager reads beside each line of a plan: each situation built on its own, the
 * reason the planner gives as data, and the sentence the page writes from it.
 */
import { describe, expect, it } from "vitest";
import {
  placementSentence,
  planPairings,
  planSummary,
  unplacedSentence,
  type PlannerAssignment,
  type PlannerPerson,
  type PlannerSession,
  type UnplacedReason,
} from "~/domain/planner";
import { DAY, HOUR } from "~/domain/time";

/** Saturday 5 December 2026, 09:00 UTC. */
const NOW = Date.UTC(2026, 11, 5, 9, 0);
const HELSINKI = { timeZone: "Europe/Helsinki" };

const INSTALL = 1;
const SALES = 2;
const ACCOUNTING = 10;
const FIELD = 20;

let nextId = 1;

function aPerson(fields: Partial<PlannerPerson> = {}): PlannerPerson {
  return { id: nextId++, departmentId: ACCOUNTING, bookings: [], ...fields };
}

function aSession(fields: Partial<PlannerSession> & { startsIn?: number } = {}): PlannerSession {
  const { startsIn = 2 * DAY, ...rest } = fields;
  const startsAt = rest.startsAt ?? NOW + startsIn;
  return {
    id: nextId++,
    kindId: INSTALL,
    hostId: 900,
    hostDepartmentId: FIELD,
    startsAt,
    endsAt: startsAt + 4 * HOUR,
    seatsLeft: 1,
    departmentCap: null,
    bookedByDepartment: {},
    ...rest,
  };
}

/** Ride-along: install day, due on the given day (the end of that day in Helsinki). */
function aRideAlong(person: PlannerPerson, dueOn: string, fields: Partial<PlannerAssignment> = {}): PlannerAssignment {
  const [y, m, d] = dueOn.split("-").map(Number);
  return {
    id: nextId++,
    personId: person.id,
    moduleId: 2,
    moduleTitle: "Ride-along: install day",
    kindId: INSTALL,
    remaining: 1,
    dueAt: Date.UTC(y, m - 1, d + 1) - 2 * HOUR,
    dueOn,
    ...fields,
  };
}

function reasonFor(
  person: PlannerPerson,
  sessions: PlannerSession[],
  assignments: PlannerAssignment[],
  others: PlannerPerson[] = [],
): UnplacedReason {
  const result = planPairings({ now: NOW, people: [person, ...others], sessions, assignments });
  const line = result.unplaced.find((u) => u.personId === person.id);
  if (!line) throw new Error("The person was placed.");
  return line.reason;
}

describe("why a person is placed", () => {
  it("names the overdue module it serves and the day it was due", () => {
    const emma = aPerson();
    const rideAlong = aRideAlong(emma, "2026-12-02");
    const complaints = aRideAlong(emma, "2027-01-15", { kindId: SALES, moduleId: 3, moduleTitle: "Complaints" });
    const result = planPairings({
      now: NOW,
      people: [emma],
      sessions: [aSession({ kindId: SALES, startsIn: DAY }), aSession({ startsIn: 5 * DAY })],
      assignments: [complaints, rideAlong],
    });
    expect(result.proposals).toHaveLength(1);
    const { reason } = result.proposals[0];
    expect(reason).toMatchObject({ assignmentId: rideAlong.id, overdue: true, dueOn: "2026-12-02", earlier: null });
    expect(placementSentence(reason, HELSINKI)).toBe(
      "Serves ‘Ride-along: install day’, overdue since 2 Dec: the most overdue of their open assignments comes first.",
    );
  });

  it("says when the session serves a later assignment than the person's earliest", () => {
    const ana = aPerson();
    const overdue = aRideAlong(ana, "2026-12-02");
    const sales = aRideAlong(ana, "2026-12-10", { kindId: SALES, moduleId: 3, moduleTitle: "Sit in on a sales call" });
    // The install session is full, so only the sales call is left.
    const result = planPairings({
      now: NOW,
      people: [ana],
      sessions: [aSession({ seatsLeft: 0 }), aSession({ kindId: SALES })],
      assignments: [overdue, sales],
    });
    expect(placementSentence(result.proposals[0].reason, HELSINKI)).toBe(
      "Serves ‘Sit in on a sales call’, due Thu 10 Dec, the earliest that this session can serve (it cannot serve ‘Ride-along: install day’, overdue since 2 Dec).",
    );
  });

  it("writes the year of a due day outside the plan's year, and the reader's day when the day is not given", () => {
    const ana = aPerson();
    const due = aRideAlong(ana, "2027-01-04", { dueOn: undefined });
    const result = planPairings({
      now: NOW,
      people: [ana],
      sessions: [aSession()],
      assignments: [due],
    });
    // Due at 22:00 UTC on 4 Jan: still 4 Jan in Helsinki, already 4 Jan in Tokyo's next morning.
    expect(placementSentence(result.proposals[0].reason, HELSINKI)).toBe(
      "Serves ‘Ride-along: install day’, due Mon 4 Jan 2027, their earliest-due open assignment.",
    );
    expect(placementSentence(result.proposals[0].reason, { timeZone: "Asia/Tokyo" })).toContain("due Tue 5 Jan 2027");
  });
});

describe("why a person is not placed", () => {
  it("no open assignment at all", () => {
    const ana = aPerson();
    const reason = reasonFor(ana, [aSession()], []);
    expect(reason).toEqual({ code: "no_open_assignment" });
    expect(unplacedSentence(reason, HELSINKI)).toBe("No open assignment.");
  });

  it("already has enough seats booked to complete their one assignment", () => {
    const ana = aPerson();
    const reason = reasonFor(ana, [aSession()], [aRideAlong(ana, "2026-12-20", { remaining: 0, bookedSeats: 1 })]);
    expect(reason.code).toBe("enough_seats_booked");
    expect(unplacedSentence(reason, HELSINKI)).toBe(
      "Already has enough seats booked to complete ‘Ride-along: install day’ (1 seat booked).",
    );
  });

  it("every open assignment is covered by bookings already", () => {
    const sophie = aPerson();
    const reason = reasonFor(
      sophie,
      [aSession()],
      [
        aRideAlong(sophie, "2026-12-20", { remaining: 0, bookedSeats: 1 }),
        aRideAlong(sophie, "2027-01-20", { remaining: -1, bookedSeats: 2, moduleId: 5, moduleTitle: "Follow up" }),
      ],
    );
    expect(reason).toMatchObject({ code: "all_covered" });
    expect(unplacedSentence(reason, HELSINKI)).toBe(
      "Every open assignment is covered by bookings already: ‘Ride-along: install day’ (1 seat booked) and ‘Follow up’ (2 seats booked).",
    );
  });

  it("no session of the needed kind in the horizon", () => {
    const ana = aPerson();
    const reason = reasonFor(ana, [aSession({ kindId: SALES })], [aRideAlong(ana, "2026-12-02")]);
    expect(reason).toMatchObject({ code: "no_session_of_kind", needs: [{ moduleTitle: "Ride-along: install day" }] });
    expect(unplacedSentence(reason, HELSINKI)).toBe(
      "No session of a kind that ‘Ride-along: install day’ (overdue since 2 Dec) needs is scheduled in the horizon.",
    );
  });

  it("none ends by the due day", () => {
    const ana = aPerson();
    const sessions = [aSession({ startsIn: 3 * DAY }), aSession({ startsIn: 6 * DAY })];
    const reason = reasonFor(ana, sessions, [aRideAlong(ana, "2026-12-07")]);
    expect(reason).toMatchObject({ code: "none_before_due", sessions: { ofKind: 2, endAfterDue: 2 } });
    expect(unplacedSentence(reason, HELSINKI)).toBe(
      "None of the 2 sessions of the kind needed for ‘Ride-along: install day’ (due Mon 7 Dec) ends by the due day.",
    );
  });

  it("all the sessions in time are full, capped, hosted by their department or overlapping, with counts", () => {
    const ana = aPerson({ bookings: [{ startsAt: NOW + 4 * DAY, endsAt: NOW + 4 * DAY + HOUR }] });
    const sessions = [
      aSession({ seatsLeft: 0 }),
      aSession({ seatsLeft: 0, startsIn: 2 * DAY + 5 * HOUR }),
      aSession({ seatsLeft: 3, departmentCap: 1, bookedByDepartment: { [ACCOUNTING]: 1 } }),
      aSession({ hostDepartmentId: ACCOUNTING }),
      aSession({ startsIn: 4 * DAY - HOUR }),
      aSession({ startsIn: 40 * DAY }),
    ];
    const reason = reasonFor(ana, sessions, [aRideAlong(ana, "2026-12-20")]);
    expect(reason).toMatchObject({
      code: "sessions_unavailable",
      sessions: { ofKind: 6, full: 2, departmentCap: 1, ownDepartment: 1, overlap: 1, endAfterDue: 1, started: 0 },
    });
    expect(unplacedSentence(reason, HELSINKI)).toBe(
      "All 5 sessions in time for ‘Ride-along: install day’ (due Sun 20 Dec) are unavailable: 2 are full, " +
        "1 is at their department's cap, 1 is hosted by their own department and 1 overlaps their bookings. " +
        "Of the other sessions of the kind, 1 ends after the due day.",
    );
  });

  it("every session that fits went to others in the plan", () => {
    const ana = aPerson();
    const urgent = aPerson();
    const reason = reasonFor(
      ana,
      [aSession()],
      [aRideAlong(ana, "2026-12-20"), aRideAlong(urgent, "2026-12-01")],
      [urgent],
    );
    expect(reason).toMatchObject({ code: "seats_taken", eligibleSessions: 1 });
    expect(unplacedSentence(reason, HELSINKI)).toBe(
      "The one session that fits ‘Ride-along: install day’ (due Sun 20 Dec) went to others in this plan, " +
        "which places as many people as possible, most overdue and most urgent first.",
    );
  });
});

describe("planSummary", () => {
  it("counts people placed, those serving an overdue assignment, and people not placed by reason", () => {
    const late = aPerson();
    const onTime = aPerson();
    const crowded = aPerson();
    const idle = aPerson();
    const result = planPairings({
      now: NOW,
      people: [late, onTime, crowded, idle],
      sessions: [aSession({ seatsLeft: 2 }), aSession({ kindId: SALES })],
      assignments: [
        aRideAlong(late, "2026-12-02"),
        aRideAlong(onTime, "2026-12-20"),
        aRideAlong(crowded, "2026-12-21"),
        aRideAlong(idle, "2026-12-21", { remaining: 0, bookedSeats: 1 }),
      ],
    });
    expect(planSummary(result)).toEqual({
      placed: 2,
      overduePlaced: 1,
      notPlaced: { seats_taken: 1, enough_seats_booked: 1 },
    });
  });
});
