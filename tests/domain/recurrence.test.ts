import { describe, expect, it } from "vitest";
import {
  describeRule,
  formatRrule,
  occurrencesOfRule,
  parseRrule,
  rruleEndingBefore,
  rruleForPlan,
  weeklyOccurrences,
} from "~/domain/recurrence";
import { dayOf, endOfDay, HOUR, localInstant, timeOf } from "~/domain/time";

const HELSINKI = "Europe/Helsinki";
const LONDON = "Europe/London";

describe("local wall time", () => {
  it("names the instant of a local date and time in the zone", () => {
    expect(localInstant("2027-03-16", "10:00", HELSINKI)).toBe(Date.UTC(2027, 2, 16, 8, 0));
    expect(localInstant("2027-07-13", "10:00", HELSINKI)).toBe(Date.UTC(2027, 6, 13, 7, 0));
    expect(localInstant("2027-03-16", "10:00", LONDON)).toBe(Date.UTC(2027, 2, 16, 10, 0));
  });

  it("moves a time skipped when the clocks go forward to after the gap", () => {
    // Helsinki skips 03:00–04:00 on 28 March 2027.
    const ms = localInstant("2027-03-28", "03:30", HELSINKI);
    expect(timeOf(ms, HELSINKI)).toBe("04:30");
    expect(ms).toBe(Date.UTC(2027, 2, 28, 1, 30));
  });

  it("takes the first of a time that happens twice when the clocks go back", () => {
    // Helsinki repeats 03:00–04:00 on 31 October 2027: first at +03:00, then at +02:00.
    expect(localInstant("2027-10-31", "03:30", HELSINKI)).toBe(Date.UTC(2027, 9, 31, 0, 30));
  });

  it("ends a local day when the next one starts there", () => {
    expect(endOfDay("2027-03-31", HELSINKI)).toBe(Date.UTC(2027, 2, 31, 21, 0));
  });
});

describe("weekly occurrences", () => {
  it("repeats a given number of times, a week apart", () => {
    const occurrences = weeklyOccurrences({
      firstDate: "2027-03-02",
      startTime: "14:30",
      timeZone: LONDON,
      durationMinutes: 60,
      end: { count: 6 },
    });
    expect(occurrences.map((o) => o.date)).toEqual([
      "2027-03-02",
      "2027-03-09",
      "2027-03-16",
      "2027-03-23",
      "2027-03-30",
      "2027-04-06",
    ]);
    for (const o of occurrences) {
      expect(timeOf(o.startsAt, LONDON)).toBe("14:30");
      expect(o.endsAt - o.startsAt).toBe(HOUR);
    }
  });

  it("keeps 10:00 in Helsinki at 10:00 across the end of daylight saving, so the UTC instant moves an hour", () => {
    const occurrences = weeklyOccurrences({
      firstDate: "2027-10-19",
      startTime: "10:00",
      timeZone: HELSINKI,
      durationMinutes: 60,
      end: { count: 4 },
    });
    expect(occurrences.map((o) => timeOf(o.startsAt, HELSINKI))).toEqual(["10:00", "10:00", "10:00", "10:00"]);
    expect(occurrences.map((o) => new Date(o.startsAt).toISOString())).toEqual([
      "2027-10-19T07:00:00.000Z",
      "2027-10-26T07:00:00.000Z",
      "2027-11-02T08:00:00.000Z",
      "2027-11-09T08:00:00.000Z",
    ]);
    // The week across the change is 169 hours long, not 168.
    expect(occurrences[2].startsAt - occurrences[1].startsAt).toBe(169 * HOUR);
    expect(occurrences[2].endsAt - occurrences[2].startsAt).toBe(HOUR);
  });

  it("keeps local time across the start of daylight saving too", () => {
    const occurrences = weeklyOccurrences({
      firstDate: "2027-03-23",
      startTime: "09:00",
      timeZone: LONDON,
      durationMinutes: 90,
      end: { count: 2 },
    });
    expect(occurrences.map((o) => new Date(o.startsAt).toISOString())).toEqual([
      "2027-03-23T09:00:00.000Z",
      "2027-03-30T08:00:00.000Z",
    ]);
  });

  it("includes a last-day session that starts just before midnight, and none from the next day", () => {
    const plan = {
      firstDate: "2027-03-02",
      startTime: "23:59",
      timeZone: HELSINKI,
      durationMinutes: 30,
    };
    expect(weeklyOccurrences({ ...plan, end: { untilDate: "2027-03-16" } }).map((o) => o.date)).toEqual([
      "2027-03-02",
      "2027-03-09",
      "2027-03-16",
    ]);
    expect(
      weeklyOccurrences({ ...plan, startTime: "00:00", end: { untilDate: "2027-03-15" } }).map((o) => o.date),
    ).toEqual(["2027-03-02", "2027-03-09"]);
  });

  it("runs until a last date, that date included", () => {
    const occurrences = weeklyOccurrences({
      firstDate: "2027-03-02",
      startTime: "23:30",
      timeZone: HELSINKI,
      durationMinutes: 60,
      end: { untilDate: "2027-03-23" },
    });
    expect(occurrences.map((o) => o.date)).toEqual(["2027-03-02", "2027-03-09", "2027-03-16", "2027-03-23"]);
    expect(dayOf(occurrences[3].startsAt, HELSINKI)).toBe("2027-03-23");
  });

  it("stops an over-long series at the limit, so callers can tell it is too long", () => {
    const occurrences = weeklyOccurrences(
      {
        firstDate: "2027-01-05",
        startTime: "10:00",
        timeZone: LONDON,
        durationMinutes: 60,
        end: { untilDate: "2029-01-01" },
      },
      53,
    );
    expect(occurrences).toHaveLength(53);
  });
});

describe("RRULE text", () => {
  it("writes a count and reads it back", () => {
    const text = formatRrule({ count: 6 });
    expect(text).toBe("FREQ=WEEKLY;COUNT=6");
    expect(parseRrule(text)).toEqual({ count: 6, until: null });
  });

  it("writes UNTIL in UTC and reads it back to the same instant", () => {
    const until = Date.UTC(2027, 2, 31, 21, 59, 59);
    const text = formatRrule({ until });
    expect(text).toBe("FREQ=WEEKLY;UNTIL=20270331T215959Z");
    expect(parseRrule(text)).toEqual({ count: null, until });
    expect(parseRrule(`RRULE:${text}`)).toEqual({ count: null, until });
  });

  it("turns a plan's last day into the end of that day in the host's zone", () => {
    expect(rruleForPlan({ end: { untilDate: "2027-03-31" }, timeZone: HELSINKI })).toBe(
      "FREQ=WEEKLY;UNTIL=20270331T205959Z",
    );
    expect(rruleForPlan({ end: { count: 3 }, timeZone: HELSINKI })).toBe("FREQ=WEEKLY;COUNT=3");
  });

  it("cuts a series short before a session: by count when it counted, else until just before it", () => {
    const next = Date.UTC(2027, 3, 6, 7, 0);
    expect(rruleEndingBefore(parseRrule("FREQ=WEEKLY;COUNT=6"), 2, next)).toBe("FREQ=WEEKLY;COUNT=2");
    expect(rruleEndingBefore(parseRrule("FREQ=WEEKLY;UNTIL=20270531T205959Z"), 2, next)).toBe(
      "FREQ=WEEKLY;UNTIL=20270406T065959Z",
    );
  });

  it("refuses rules the product does not write", () => {
    expect(parseRrule("FREQ=DAILY;COUNT=3")).toBeNull();
    expect(parseRrule("FREQ=WEEKLY;INTERVAL=2;COUNT=3")).toBeNull();
    expect(parseRrule("FREQ=WEEKLY;BYDAY=MO,WE")).toBeNull();
    expect(parseRrule("FREQ=WEEKLY;COUNT=2;UNTIL=20270331T215959Z")).toBeNull();
    expect(parseRrule("FREQ=WEEKLY;COUNT=zero")).toBeNull();
    expect(parseRrule("FREQ=WEEKLY;UNTIL=20270331")).toBeNull();
  });

  it("expands a stored series into the same occurrences it was made from", () => {
    const plan = {
      firstDate: "2027-10-12",
      startTime: "10:00",
      timeZone: HELSINKI,
      durationMinutes: 45,
      end: { untilDate: "2027-11-09" },
    } as const;
    const made = weeklyOccurrences(plan);
    const stored = {
      firstStartsAt: made[0].startsAt,
      durationMinutes: 45,
      timeZone: HELSINKI,
      rrule: rruleForPlan(plan),
    };
    expect(occurrencesOfRule(stored)).toEqual(made);
    expect(made).toHaveLength(5);
    expect(occurrencesOfRule({ ...stored, rrule: "FREQ=WEEKLY;COUNT=2" })).toEqual(made.slice(0, 2));
  });

  it("reads back a series kept late in 9999 without placing a day past it", () => {
    const kiritimati = "Pacific/Kiritimati";
    const stored = {
      firstStartsAt: localInstant("9999-11-02", "10:00", kiritimati),
      durationMinutes: 60,
      timeZone: kiritimati,
      rrule: rruleForPlan({ end: { untilDate: "9999-12-31" }, timeZone: kiritimati }),
    };
    expect(stored.rrule).toBe("FREQ=WEEKLY;UNTIL=99991231T095959Z");
    const dates = occurrencesOfRule(stored).map((o) => o.date);
    expect(dates).toHaveLength(9);
    expect(dates.at(-1)).toBe("9999-12-28");
    // An open count stops at the calendar's end too.
    expect(occurrencesOfRule({ ...stored, rrule: "FREQ=WEEKLY" }).map((o) => o.date)).toEqual(dates);
  });

  it("describes a series in words", () => {
    const firstStartsAt = localInstant("2027-03-02", "10:00", LONDON);
    expect(
      describeRule({
        firstStartsAt,
        timeZone: LONDON,
        rrule: "FREQ=WEEKLY;COUNT=6",
      }),
    ).toBe("Weekly on Tuesdays at 10:00, 6 sessions");
    expect(describeRule({ firstStartsAt, timeZone: LONDON, rrule: "FREQ=WEEKLY;COUNT=6" }, { cancelled: 2 })).toBe(
      "Weekly on Tuesdays at 10:00, 6 sessions (2 cancelled)",
    );
    expect(
      describeRule({
        firstStartsAt,
        timeZone: LONDON,
        rrule: rruleForPlan({ end: { untilDate: "2027-03-30" }, timeZone: LONDON }),
      }),
    ).toBe("Weekly on Tuesdays at 10:00 until Tue 30 Mar 2027");
  });
});
