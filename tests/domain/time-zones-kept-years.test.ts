/**
 * The years Frontline keeps, 2000 to 9999 in UTC, at the two ends of the world's zones: Pago Pago
 * (UTC−11) is the last place a day ends, Kiritimati (UTC+14) the first place it starts. A day
 * typed within 2000–9999 can name an instant outside them, and that is refused beside its field.
 */
import { describe, expect, it } from "vitest";
import { movedOccurrence, sessionUpdateMessage } from "~/domain/hosting";
import { planOutsideKeptYears } from "~/domain/recurrence";
import { assignRefusalField, assignRefusalMessage, decideAssignment } from "~/domain/team";
import { endOfDay, KEPT_FROM, KEPT_UNTIL, localInstant, outsideKeptYears } from "~/domain/time";
import { editSessionSchema, newSessionSchema } from "~/schemas/hosting";

const PAGO_PAGO = "Pacific/Pago_Pago";
const KIRITIMATI = "Pacific/Kiritimati";
const NOW = Date.UTC(2027, 2, 1, 9);
const iso = (ms: number) => new Date(ms).toISOString();

const TOO_LATE = "Pick an earlier date: Frontline keeps dates up to the end of 9999, counted in UTC.";

describe("the kept years", () => {
  it("run from the start of 2000 up to, not including, the start of 10000 in UTC", () => {
    expect(iso(KEPT_FROM)).toBe("2000-01-01T00:00:00.000Z");
    expect(KEPT_UNTIL).toBe(Date.UTC(10000, 0, 1));
    expect(outsideKeptYears(KEPT_FROM - 1)).toBe("too_early");
    expect(outsideKeptYears(KEPT_FROM)).toBeNull();
    expect(outsideKeptYears(KEPT_UNTIL - 1)).toBeNull();
    expect(outsideKeptYears(KEPT_UNTIL)).toBe("too_late");
    expect(outsideKeptYears(Number.NaN)).toBe("too_late");
  });

  it("leave 23:30 on the last day of 9999 in Pago Pago, and keep it in Kiritimati", () => {
    const pago = localInstant("9999-12-31", "23:30", PAGO_PAGO);
    const kiri = localInstant("9999-12-31", "23:30", KIRITIMATI);
    expect(pago).toBe(Date.UTC(10000, 0, 1, 10, 30));
    expect(outsideKeptYears(pago)).toBe("too_late");
    expect(iso(kiri)).toBe("9999-12-31T09:30:00.000Z");
    expect(outsideKeptYears(kiri)).toBeNull();
  });

  it("leave midnight on the first day of 2000 in Kiritimati, and keep it in Pago Pago", () => {
    expect(iso(localInstant("2000-01-01", "00:00", KIRITIMATI))).toBe("1999-12-31T10:00:00.000Z");
    expect(outsideKeptYears(localInstant("2000-01-01", "00:00", KIRITIMATI))).toBe("too_early");
    expect(iso(localInstant("2000-01-01", "00:00", PAGO_PAGO))).toBe("2000-01-01T11:00:00.000Z");
  });

  it("give the last day of 9999 an end, for the check to judge", () => {
    expect(endOfDay("9999-12-31", PAGO_PAGO)).toBe(Date.UTC(10000, 0, 1, 11));
    expect(iso(endOfDay("9999-12-31", KIRITIMATI))).toBe("9999-12-31T10:00:00.000Z");
    expect(endOfDay("9999-12-31", "UTC")).toBe(KEPT_UNTIL);
  });
});

describe("publishing a session", () => {
  const kinds = [{ id: 1, name: "Listen-in", defaultMinutes: 60, onSite: false }];
  const form = (fields: Record<string, string>) => ({
    kindId: "1",
    date: "9999-12-31",
    startTime: "23:30",
    meetingUrl: "https://meet.example.com/abc",
    seats: "3",
    repeat: "none",
    ...fields,
  });
  const publish = (timeZone: string, fields: Record<string, string> = {}, now = NOW) =>
    newSessionSchema({ kinds, timeZone, now }).safeParse(form(fields));
  const errorsOf = (result: ReturnType<typeof publish>) => {
    const errors: Record<string, string[]> = {};
    for (const issue of result.error?.issues ?? []) (errors[String(issue.path[0])] ??= []).push(issue.message);
    return errors;
  };

  it("refuses 23:30 on 31 Dec 9999 in Pago Pago beside the date, and takes it in Kiritimati", () => {
    expect(errorsOf(publish(PAGO_PAGO))).toEqual({ date: [TOO_LATE] });
    const kiri = publish(KIRITIMATI);
    expect(kiri.success && iso(kiri.data.occurrences[0].startsAt)).toBe("9999-12-31T09:30:00.000Z");
  });

  it("refuses a session that starts in 9999 and ends in 10000, an end on the very start of it included", () => {
    expect(errorsOf(publish("UTC", { startTime: "23:30" }))).toEqual({ date: [TOO_LATE] });
    expect(errorsOf(publish("UTC", { startTime: "23:00" }))).toEqual({ date: [TOO_LATE] });
    const lastHour = publish("UTC", { startTime: "22:59" });
    expect(lastHour.success && iso(lastHour.data.occurrences[0].endsAt)).toBe("9999-12-31T23:59:00.000Z");
  });

  it("refuses a first session before 2000 in UTC, as a date too early", () => {
    const early = publish(KIRITIMATI, { date: "2000-01-01", startTime: "09:00" }, Date.UTC(1999, 0, 1));
    expect(errorsOf(early)).toEqual({
      date: ["Pick a later date: Frontline keeps dates from the start of 2000, counted in UTC."],
    });
  });

  it("refuses a weekly series whose count runs past 9999 beside the count", () => {
    const result = publish(KIRITIMATI, { date: "9999-12-01", startTime: "10:00", repeat: "weekly_count", count: "10" });
    expect(errorsOf(result)).toEqual({
      count: ["The series would run past the end of 9999, counted in UTC: give it fewer sessions."],
    });
  });

  it("refuses a last date whose end is in 10000 in UTC beside the last date, and takes it in Kiritimati", () => {
    const fields = { date: "9999-12-03", startTime: "10:00", repeat: "weekly_until", untilDate: "9999-12-31" };
    expect(errorsOf(publish(PAGO_PAGO, fields))).toEqual({
      untilDate: ["Pick an earlier last date: Frontline keeps dates up to the end of 9999, counted in UTC."],
    });
    const kiri = publish(KIRITIMATI, fields);
    expect(kiri.success && kiri.data.rrule).toBe("FREQ=WEEKLY;UNTIL=99991231T095959Z");
    expect(kiri.success && kiri.data.occurrences.map((o) => o.date)).toEqual([
      "9999-12-03",
      "9999-12-10",
      "9999-12-17",
      "9999-12-24",
      "9999-12-31",
    ]);
  });

  it("says where a plan leaves the kept years", () => {
    const plan = { firstDate: "9999-12-31", startTime: "23:30", timeZone: PAGO_PAGO, durationMinutes: 30 };
    expect(planOutsideKeptYears({ ...plan, end: null })).toEqual({ part: "first", side: "too_late" });
    expect(planOutsideKeptYears({ ...plan, timeZone: KIRITIMATI, end: null })).toBeNull();
    expect(planOutsideKeptYears({ ...plan, firstDate: "9999-06-01", end: { count: 52 } })).toEqual({
      part: "end",
      side: "too_late",
    });
  });

  it("refuses moving a session to that time in Pago Pago", () => {
    const schema = editSessionSchema({ kind: kinds[0], timeZone: PAGO_PAGO, now: NOW, inSeries: false });
    const result = schema.safeParse({ ...form({}), scope: "one" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([["date", TOO_LATE]]);
  });
});

describe("a due day", () => {
  const decide = (timeZone: string) =>
    decideAssignment({
      module: { title: "Follow up", active: true },
      dueOn: "9999-12-31",
      assignerToday: "2027-03-01",
      assignees: [{ id: 7, name: "Pat", timeZone }],
      now: NOW,
    });

  it("is refused beside the due date when it ends in 10000 in UTC where the person is", () => {
    const decision = decide(PAGO_PAGO);
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    expect(decision.reasons.map(assignRefusalField)).toEqual(["dueOn"]);
    expect(decision.reasons.map(assignRefusalMessage)).toEqual([
      "Pick an earlier due date: Frontline keeps dates up to the end of 9999, counted in UTC.",
    ]);
    expect(decide("UTC").ok).toBe(false);
  });

  it("is taken where the person's day ends within 9999", () => {
    const decision = decide(KIRITIMATI);
    expect(decision.ok && iso(decision.dueAtOf.get(7)!)).toBe("9999-12-31T10:00:00.000Z");
  });
});

describe("moving the following sessions of a series", () => {
  const move = (timeZone: string, from: string) =>
    movedOccurrence({ from, days: 7, startTime: "23:30", timeZone, durationMinutes: 60 });

  it("refuses a move that takes a session past 9999 in UTC, beside the date", () => {
    const moved = move(PAGO_PAGO, "9999-12-24");
    expect(moved).toEqual({ ok: false, reason: { code: "outside_kept_years", side: "too_late" } });
    if (moved.ok) return;
    expect(sessionUpdateMessage(moved.reason, String)).toEqual({ field: "date", message: TOO_LATE });
    // Past the last day of 9999 itself, too, without placing that day in a zone.
    expect(move(KIRITIMATI, "9999-12-28")).toEqual({
      ok: false,
      reason: { code: "outside_kept_years", side: "too_late" },
    });
  });

  it("moves a session that stays within the kept years", () => {
    const moved = move(KIRITIMATI, "9999-12-24");
    expect(moved.ok && iso(moved.occurrence.startsAt)).toBe("9999-12-31T09:30:00.000Z");
  });
});
