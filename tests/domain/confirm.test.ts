import { describe, expect, it } from "vitest";
import type { Role } from "~/domain/access";
import { leaveWaitlistWarning, ordinal, peopleHeading } from "~/domain/bookings";
import { can } from "~/domain/permissions";
import { decideUndoSignOff, undoneRecordText, undoSignOffMessage } from "~/domain/sign-offs";

describe("what leaving the waitlist costs, in words", () => {
  it("says places as people say them", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "23rd",
      "101st",
      "111th",
    ]);
  });

  it("names the place given up", () => {
    expect(leaveWaitlistWarning(3)).toBe("You are 3rd in line; leaving gives up your place.");
    expect(leaveWaitlistWarning(null)).toBe("Leaving gives up your place in line.");
  });
});

describe("the heading over a session's people", () => {
  it("reads who is coming ahead, who came once attendance is in, who was booked until then", () => {
    expect(peopleHeading("upcoming", false)).toBe("Who is coming");
    expect(peopleHeading("under_way", false)).toBe("Who is booked");
    expect(peopleHeading("took_place", true)).toBe("Who came");
    expect(peopleHeading("took_place", false)).toBe("Who was booked");
  });
});

describe("undoing a sign-off", () => {
  const PERSON = 7;
  const manual = { source: "manual" as const, personId: PERSON, revokedAt: null };

  it("undoes a standing sign-off of this person, and nothing else", () => {
    expect(decideUndoSignOff(manual, PERSON)).toEqual({ ok: true });
    expect(decideUndoSignOff(null, PERSON)).toEqual({ ok: false, reason: { code: "not_found" } });
    expect(decideUndoSignOff(manual, 8)).toEqual({ ok: false, reason: { code: "not_found" } });
    expect(decideUndoSignOff({ ...manual, source: "evidence" }, PERSON)).toEqual({
      ok: false,
      reason: { code: "not_a_sign_off" },
    });
    expect(decideUndoSignOff({ ...manual, revokedAt: 1 }, PERSON)).toEqual({
      ok: false,
      reason: { code: "already_undone" },
    });
  });

  it("says each refusal in a sentence", () => {
    for (const code of ["not_found", "not_a_sign_off", "already_undone"] as const) {
      expect(undoSignOffMessage({ code })).toMatch(/^[A-Z].*\.$/);
    }
  });

  it("keeps who undid it and why on the ended record", () => {
    expect(undoneRecordText("Ada Admin", "Signed off the wrong module.")).toBe(
      "The sign-off was undone by Ada Admin: Signed off the wrong module.",
    );
    expect(undoneRecordText("Ada Admin", "")).toBe("The sign-off was undone by Ada Admin.");
  });

  it("lets an admin undo any sign-off, and a manager only their own while the person reports to them", () => {
    const as = (id: number, ...roles: Role[]) => ({ id, roles: ["employee", ...roles] as Role[] });
    const signedBy = (signedOffById: number, managesPerson: boolean) => ({
      signedOffById,
      personId: PERSON,
      managesPerson,
    });
    expect(can(as(1, "admin"), "sign-off:undo", signedBy(2, false))).toBe(true);
    expect(can(as(2, "manager"), "sign-off:undo", signedBy(2, true))).toBe(true);
    expect(can(as(3, "manager"), "sign-off:undo", signedBy(2, true))).toBe(false);
    expect(can(as(2, "manager"), "sign-off:undo", signedBy(2, false))).toBe(false);
    expect(can(as(2), "sign-off:undo", signedBy(2, true))).toBe(false);
    expect(can(as(PERSON, "manager"), "sign-off:undo", { ...signedBy(PERSON, true), personId: PERSON })).toBe(false);
  });
});
