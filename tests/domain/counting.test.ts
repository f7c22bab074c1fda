import { describe, expect, it } from "vitest";
import { everyOne, plural } from "~/domain/counting";

describe("counts in words", () => {
  it("says a count with its noun, with thousands separated", () => {
    expect(plural(1, "person", "people")).toBe("1 person");
    expect(plural(0, "person", "people")).toBe("0 people");
    expect(plural(1204, "entry", "entries")).toBe("1,204 entries");
  });

  it("says every one of them as a person would: the one, both, all", () => {
    expect(everyOne(1, "person", "people")).toBe("The one person");
    expect(everyOne(1, "person", "people", "That person")).toBe("That person");
    expect(everyOne(2, "people", "people")).toBe("Both people");
    expect(everyOne(2, "overdue module", "overdue modules")).toBe("Both overdue modules");
    expect(everyOne(3, "entry", "entries")).toBe("All 3 entries");
    expect(everyOne(10000, "person", "people")).toBe("All 10,000 people");
  });
});
