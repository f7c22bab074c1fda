import { describe, expect, it } from "vitest";
import {
  assignedMessage,
  assignRefusalMessage,
  daysLate,
  decideAssignment,
  decideWithdrawal,
  standingNote,
} from "~/domain/team";
import { DAY, dayOf } from "~/domain/time";

const module = { title: "Sit in on a sales call", active: true };

/** The instant each person's assignment falls due, for a due day set on 1 January 2030. */
function dueAtOf(dueOn: string, ...zones: string[]): number[] {
  const assignees = zones.map((timeZone, i) => ({ id: i + 1, name: `Person ${i + 1}`, timeZone }));
  const now = Date.UTC(2030, 0, 1, 12);
  const decision = decideAssignment({ module, dueOn, assignerToday: "2030-01-01", assignees, now });
  if (!decision.ok) throw new Error(decision.reasons.map(assignRefusalMessage).join(" "));
  return assignees.map((a) => decision.dueAtOf.get(a.id)!);
}

describe("due days", () => {
  it("ends a due day at the next local midnight of the assignee's zone", () => {
    expect(dueAtOf("2030-01-15", "Europe/Helsinki", "America/New_York", "UTC")).toEqual([
      Date.UTC(2030, 0, 15, 22),
      Date.UTC(2030, 0, 16, 5),
      Date.UTC(2030, 0, 16),
    ]);
  });

  it("ends a day on which the clocks change at that day's real midnight", () => {
    // London moves to summer time on 31 March 2030: that local day is 23 hours long.
    expect(dueAtOf("2030-03-31", "Europe/London")).toEqual([Date.UTC(2030, 2, 31, 23)]);
    expect(dueAtOf("2030-03-30", "Europe/London")).toEqual([Date.UTC(2030, 2, 31, 0)]);
  });

  it("reads only real calendar days", () => {
    const refusal = (dueOn: string) => {
      const decision = decideAssignment({
        module,
        dueOn,
        assignerToday: "2027-01-01",
        assignees: [{ id: 1, name: "Ana", timeZone: "UTC" }],
        now: Date.UTC(2027, 0, 1),
      });
      return decision.ok ? null : decision.reasons.map((r) => r.code);
    };
    expect(refusal("2030-02-29")).toEqual(["due_missing"]);
    expect(refusal("30-01-2030")).toEqual(["due_missing"]);
    expect(refusal("2028-02-29")).toBeNull();
    expect(refusal("2030-12-31")).toBeNull();
  });

  it("says which day it is where a person works", () => {
    const lateEvening = Date.UTC(2030, 0, 15, 23, 30);
    expect(dayOf(lateEvening, "Europe/London")).toBe("2030-01-15");
    expect(dayOf(lateEvening, "Europe/Helsinki")).toBe("2030-01-16");
  });

  it("counts the first day after the due day as one day late", () => {
    const dueAt = Date.UTC(2030, 0, 16);
    expect(daysLate(dueAt, dueAt - 1)).toBe(0);
    expect(daysLate(dueAt, dueAt)).toBe(1);
    expect(daysLate(dueAt, dueAt + DAY - 1)).toBe(1);
    expect(daysLate(dueAt, dueAt + 3 * DAY)).toBe(4);
  });
});

describe("deciding an assignment", () => {
  const ana = { id: 1, name: "Ana", timeZone: "Europe/Helsinki" };
  const ben = { id: 2, name: "Ben", timeZone: "America/Los_Angeles" };
  const now = Date.UTC(2030, 0, 15, 12);

  it("gives each person the end of the due day in their own zone", () => {
    const decision = decideAssignment({
      module,
      dueOn: "2030-01-20",
      assignerToday: "2030-01-15",
      assignees: [ana, ben],
      now,
    });
    expect(decision.ok && [...decision.dueAtOf]).toEqual([
      [1, Date.UTC(2030, 0, 20, 22)],
      [2, Date.UTC(2030, 0, 21, 8)],
    ]);
  });

  it("names every missing piece at once", () => {
    const decision = decideAssignment({ module: null, dueOn: "", assignerToday: "2030-01-15", assignees: [], now });
    expect(decision.ok ? [] : decision.reasons.map((r) => r.code)).toEqual(["module_missing", "due_missing", "nobody"]);
  });

  it("refuses a day before the assigner's today, and a module no longer in use", () => {
    const decision = decideAssignment({
      module: { ...module, active: false },
      dueOn: "2030-01-14",
      assignerToday: "2030-01-15",
      assignees: [ana],
      now,
    });
    expect(decision.ok ? [] : decision.reasons.map(assignRefusalMessage)).toEqual([
      '"Sit in on a sales call" is no longer in use, so it can\'t be assigned.',
      "The due date can't be in the past — choose today or a later day.",
    ]);
  });

  it("refuses a day that has already ended where the assignee works", () => {
    // 23:30 in London is already the next day in Helsinki.
    const late = Date.UTC(2030, 0, 15, 23, 30);
    const decision = decideAssignment({
      module,
      dueOn: "2030-01-15",
      assignerToday: "2030-01-15",
      assignees: [ana, ben],
      now: late,
    });
    expect(decision.ok ? "" : assignRefusalMessage(decision.reasons[0])).toBe(
      "That day has already ended where Ana works — choose a later day.",
    );
  });
});

describe("withdrawing an assignment", () => {
  it("lets a manager or an admin withdraw an open assignment, never a done one", () => {
    const manager = { isAdmin: false, managesPerson: true };
    expect(decideWithdrawal({ assignment: { status: "open" }, actor: manager }).ok).toBe(true);
    expect(
      decideWithdrawal({ assignment: { status: "open" }, actor: { isAdmin: true, managesPerson: false } }).ok,
    ).toBe(true);
    expect(
      decideWithdrawal({ assignment: { status: "open" }, actor: { isAdmin: false, managesPerson: false } }),
    ).toEqual({
      ok: false,
      reason: { code: "not_allowed" },
    });
    expect(decideWithdrawal({ assignment: { status: "completed" }, actor: manager })).toEqual({
      ok: false,
      reason: { code: "completed" },
    });
    expect(decideWithdrawal({ assignment: { status: "withdrawn" }, actor: manager })).toEqual({
      ok: false,
      reason: { code: "already_withdrawn" },
    });
  });
});

describe("words for the matrix", () => {
  const now = Date.UTC(2030, 5, 1, 12);
  it("puts the date that matters under each standing", () => {
    const base = { dueOn: null, completedAt: null, expiresAt: null };
    expect(standingNote({ ...base, standing: "due", dueOn: "2030-06-20" }, now, "UTC")).toBe("by 20 Jun");
    expect(standingNote({ ...base, standing: "due" }, now, "UTC")).toBe("Core module, no due day");
    expect(standingNote({ ...base, standing: "overdue", dueOn: "2029-12-01" }, now, "UTC")).toBe("was due 1 Dec 2029");
    expect(standingNote({ ...base, standing: "done", expiresAt: Date.UTC(2031, 0, 2) }, now, "UTC")).toBe(
      "until 2 Jan 2031",
    );
    expect(standingNote({ ...base, standing: "expires_soon", expiresAt: Date.UTC(2030, 5, 20) }, now, "UTC")).toBe(
      "expires 20 Jun",
    );
    expect(standingNote({ ...base, standing: "expired", expiresAt: Date.UTC(2030, 4, 2) }, now, "UTC")).toBe(
      "on 2 May",
    );
  });

  it("says how many were assigned and how many were left as they were", () => {
    const message = (created: number, skipped: number, alreadyDone = 0) =>
      assignedMessage({
        moduleTitle: "Follow up",
        dueOn: "2030-06-20",
        dueText: "Thu 20 Jun 2030",
        created,
        skipped,
        alreadyDone,
      });
    expect(message(5, 3)).toBe(
      'Assigned "Follow up" to 5 people, due Thu 20 Jun 2030. 3 people already had this module assigned — left as they were.',
    );
    expect(message(1, 0, 1)).toBe(
      'Assigned "Follow up" to 1 person, due Thu 20 Jun 2030. 1 of them already holds it, so it is marked done.',
    );
    expect(message(0, 1)).toBe("That person already had this module assigned — left as it was.");
    expect(message(0, 2)).toBe("Both people already had this module assigned — left as they were.");
    expect(message(0, 3)).toBe("All 3 people already had this module assigned — left as they were.");
  });
});
