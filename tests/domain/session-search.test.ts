import { describe, expect, it } from "vitest";
import { PAGE_SIZE, searchWindow } from "~/domain/session-search";

const TODAY = "2027-03-03"; // a Wednesday

describe("searchWindow", () => {
  it("lists four weeks from today, a page at a time", () => {
    expect(searchWindow({ view: "list", page: 1 }, TODAY)).toEqual({
      from: TODAY,
      until: "2027-03-31",
      limit: PAGE_SIZE,
      offset: 0,
    });
    expect(searchWindow({ view: "list", page: 3 }, TODAY).offset).toBe(2 * PAGE_SIZE);
  });

  it("includes the chosen last day, and starts from a chosen first day", () => {
    expect(searchWindow({ view: "list", from: "2027-04-01", to: "2027-04-10", page: 1 }, TODAY)).toMatchObject({
      from: "2027-04-01",
      until: "2027-04-11",
    });
    expect(searchWindow({ view: "list", from: "2027-04-01", page: 1 }, TODAY)).toMatchObject({ until: "2027-04-29" });
  });

  it("shows a whole week from its Monday, whichever day of it was asked for, on one page", () => {
    expect(searchWindow({ view: "week", page: 4 }, TODAY)).toMatchObject({
      from: "2027-03-01",
      until: "2027-03-08",
      offset: 0,
    });
    expect(searchWindow({ view: "week", week: "2027-03-28", page: 1 }, TODAY)).toMatchObject({
      from: "2027-03-22",
      until: "2027-03-29",
    });
  });
});
