import { describe, expect, it } from "vitest";
import type { SessionDetails } from "~/domain/hosting";
import { detailsAsText, editSessionSchema, FRESH_DETAILS, newSessionSchema } from "~/schemas/hosting";
import { localInstant, timeOf } from "~/domain/time";

const HELSINKI = "Europe/Helsinki";
const NOW = Date.UTC(2027, 8, 1, 9, 0);
const listenIn = { id: 1, name: "Call-centre listen-in", defaultMinutes: 60, onSite: false };
const install = { id: 2, name: "Install", defaultMinutes: 240, onSite: true };
const kinds = [listenIn, install];

const form = (fields: Record<string, string> = {}) => ({
  kindId: "1",
  date: "2027-10-19",
  startTime: "10:00",
  durationMinutes: "",
  meetingUrl: "https://meet.example.com/abc",
  location: "",
  customerName: "",
  seats: "3",
  departmentCap: "",
  notes: "",
  repeat: "none",
  count: "",
  untilDate: "",
  ...fields,
});

const parse = (fields: Record<string, string> = {}) =>
  newSessionSchema({ kinds, timeZone: HELSINKI, now: NOW }).safeParse(form(fields));

function errorsOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  const errors: Record<string, string[]> = {};
  for (const issue of result.error?.issues ?? []) (errors[String(issue.path[0])] ??= []).push(issue.message);
  return errors;
}

describe("the new-session form", () => {
  it("plans one session with the kind's usual length when the length is left empty", () => {
    const result = parse();
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.rrule).toBeNull();
    expect(result.data.occurrences).toEqual([
      {
        date: "2027-10-19",
        startsAt: localInstant("2027-10-19", "10:00", HELSINKI),
        endsAt: localInstant("2027-10-19", "11:00", HELSINKI),
      },
    ]);
    expect(result.data.details.location).toBe("");
  });

  it("plans a weekly series that keeps its local time after the clocks go back", () => {
    const result = parse({ repeat: "weekly_count", count: "4" });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.rrule).toBe("FREQ=WEEKLY;COUNT=4");
    expect(result.data.occurrences.map((o) => timeOf(o.startsAt, HELSINKI))).toEqual([
      "10:00",
      "10:00",
      "10:00",
      "10:00",
    ]);
    expect(result.data.occurrences[2].startsAt - result.data.occurrences[1].startsAt).toBe(169 * 3_600_000);
  });

  it("gives every problem at once, each as a sentence beside its field", () => {
    const errors = errorsOf(
      parse({
        date: "2027-08-01",
        seats: "60",
        departmentCap: "0",
        meetingUrl: "ftp://files",
        repeat: "weekly_count",
        count: "1",
      }),
    );
    expect(errors.startTime).toEqual(["The session must start in the future — pick a later date or time."]);
    expect(errors.seats).toEqual(["Seats must be a whole number from 1 to 50."]);
    expect(errors.departmentCap?.[0]).toMatch(/^The department cap is a whole number/);
    expect(errors.meetingUrl?.[0]).toMatch(/^That isn't a valid meeting link/);
    expect(errors.count).toEqual(["A weekly series has 2 to 52 sessions."]);
  });

  it("reads a field left out of the form as left empty", () => {
    const { seats: _seats, notes: _notes, ...rest } = form();
    const errors = errorsOf(newSessionSchema({ kinds, timeZone: HELSINKI, now: NOW }).safeParse(rest));
    expect(errors).toEqual({ seats: ["Say how many shadows can join (1 to 50)."] });
  });

  it("asks on-site kinds for a place and remote kinds for an https link", () => {
    expect(errorsOf(parse({ kindId: "2", meetingUrl: "" })).location?.[0]).toMatch(
      /^Say where the session takes place/,
    );
    expect(errorsOf(parse({ meetingUrl: "http://meet.example.com/abc" })).meetingUrl).toBeDefined();
    const onSite = parse({ kindId: "2", location: "Aleksanterinkatu 5" });
    expect(onSite.success && onSite.data.details).toMatchObject({ location: "Aleksanterinkatu 5", meetingUrl: "" });
  });

  it("keeps the department cap within the seats", () => {
    expect(errorsOf(parse({ seats: "2", departmentCap: "3" })).departmentCap).toEqual([
      "The department cap can't be more than the seats (2).",
    ]);
    expect(parse({ seats: "2", departmentCap: "2" }).success).toBe(true);
  });

  it("wants a last date a week or more after the first, and at most 52 sessions", () => {
    expect(errorsOf(parse({ repeat: "weekly_until", untilDate: "2027-10-19" })).untilDate).toEqual([
      "The last date must be after the first date.",
    ]);
    expect(errorsOf(parse({ repeat: "weekly_until", untilDate: "2027-10-22" })).untilDate?.[0]).toMatch(
      /at least a week/,
    );
    expect(errorsOf(parse({ repeat: "weekly_until", untilDate: "2028-12-31" })).untilDate?.[0]).toMatch(/more than 52/);
    const until = parse({ repeat: "weekly_until", untilDate: "2027-11-09" });
    expect(until.success && until.data.occurrences.length).toBe(4);
  });

  it("asks for a customer name when it is to be kept confidential", () => {
    expect(errorsOf(parse({ customerConfidential: "on" })).customerName).toBeDefined();
    const kept = parse({ customerConfidential: "on", customerName: "Acme Oy" });
    expect(kept.success && kept.data.details.customerConfidential).toBe(true);
  });

  it("starts a new session with two seats and nothing else filled in", () => {
    const filledIn = Object.entries(detailsAsText(FRESH_DETAILS)).filter(([, text]) => text !== "");
    expect(filledIn).toEqual([["seats", "2"]]);
  });
});

describe("the edit form", () => {
  const edit = (inSeries: boolean, fields: Record<string, string>) =>
    editSessionSchema({ kind: listenIn, timeZone: HELSINKI, now: NOW, inSeries }).safeParse(fields);

  it("edits the following sessions only for a session in a series", () => {
    const fields = { ...form(), scope: "following" };
    const inSeries = edit(true, fields);
    const alone = edit(false, fields);
    expect(inSeries.success && inSeries.data.scope).toBe("following");
    expect(alone.success && alone.data.scope).toBe("one");
  });

  it("reads every detail of a session back unchanged from the text it shows", () => {
    const details: SessionDetails = {
      location: "",
      meetingUrl: "https://meet.example.com/abc",
      customerName: "Acme Oy",
      customerConfidential: true,
      seats: 4,
      departmentCap: 2,
      notes: "Headset on mute.",
    };
    const result = edit(false, { scope: "one", date: "2027-10-19", startTime: "10:00", ...detailsAsText(details) });
    expect(result.success && result.data.details).toEqual(details);
  });
});
