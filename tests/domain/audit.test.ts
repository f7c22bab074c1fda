import { describe, expect, it } from "vitest";
import { actionLabel, auditEntityPath, auditFiltersFrom, auditQueryOf } from "~/domain/audit";

describe("reading the audit log", () => {
  it("runs a day from midnight to midnight in the viewer's zone", () => {
    const filters = auditFiltersFrom(new URLSearchParams("from=2027-03-28&to=2027-03-28"));
    const query = auditQueryOf(filters, "Europe/Helsinki");
    // Helsinki moves to summer time on 28 March 2027: the day is 23 hours long.
    expect(query.fromAt).toBe(Date.UTC(2027, 2, 27, 22, 0));
    expect(query.toAt).toBe(Date.UTC(2027, 2, 28, 21, 0));
  });

  it("runs a single day in UTC from midnight to the next midnight", () => {
    const query = auditQueryOf(auditFiltersFrom(new URLSearchParams("from=2027-03-01&to=2027-03-01")), "UTC");
    expect(query.fromAt).toBe(Date.UTC(2027, 2, 1));
    expect(query.toAt).toBe(Date.UTC(2027, 2, 2));
  });

  it("ignores filters it can't read instead of failing", () => {
    expect(auditFiltersFrom(new URLSearchParams("type=spaceship&entityId=abc&from=2027-02-30&page=0"))).toEqual({
      entityType: null,
      action: null,
      actor: null,
      entityId: null,
      from: null,
      to: null,
      page: 1,
    });
    expect(auditFiltersFrom(new URLSearchParams("from=2027-13-01&to=1999-12-31")).from).toBeNull();
    expect(auditFiltersFrom(new URLSearchParams("to=1999-12-31")).to).toBeNull();
  });

  it("links the records that have a page", () => {
    expect(auditEntityPath("person", 4)).toBe("/admin/people/4");
    expect(auditEntityPath("module", 2)).toBe("/admin/modules/2");
    expect(auditEntityPath("department", 7)).toBe("/admin/departments?edit=7");
    expect(auditEntityPath("booking", 9)).toBeNull();
    expect(auditEntityPath("person", null)).toBeNull();
  });

  it("reads a dotted action as words", () => {
    expect(actionLabel("module.rule_changed")).toBe("Module rule changed");
  });
});
