import { describe, expect, it } from "vitest";
import { containsPattern, groupByDay, PAGE_SIZE, searchWindow, weekAhead } from "~/domain/session-search";

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

describe("the week the week view opens on", () => {
  it("is the week of today from Monday to Friday", () => {
    for (const day of ["2027-03-01", "2027-03-03", "2027-03-05"]) expect(weekAhead(day)).toBe("2027-03-01");
  });

  it("is the coming week on a Saturday or a Sunday", () => {
    expect(weekAhead("2027-03-06")).toBe("2027-03-08");
    expect(weekAhead("2027-03-07")).toBe("2027-03-08");
    expect(searchWindow({ view: "week", page: 1 }, "2027-03-06")).toMatchObject({
      from: "2027-03-08",
      until: "2027-03-15",
    });
  });

  it("still shows the week asked for at the weekend, so the previous week stays one step back", () => {
    expect(searchWindow({ view: "week", week: "2027-03-01", page: 1 }, "2027-03-06")).toMatchObject({
      from: "2027-03-01",
      until: "2027-03-08",
    });
  });
});

describe("containsPattern", () => {
  it("finds the words anywhere in a value", () => {
    expect(containsPattern("Acme")).toBe("%Acme%");
  });

  it("reads LIKE's wildcards and its escape character as themselves", () => {
    expect(containsPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});

describe("groupByDay", () => {
  it("cuts a list in order into one run per day", () => {
    const items = [
      { id: 1, day: "2027-03-02" },
      { id: 2, day: "2027-03-02" },
      { id: 3, day: "2027-03-04" },
    ];
    expect(groupByDay(items)).toEqual([
      { day: "2027-03-02", items: [items[0], items[1]] },
      { day: "2027-03-04", items: [items[2]] },
    ]);
    expect(groupByDay([])).toEqual([]);
  });
});
