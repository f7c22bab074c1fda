/**
 * A real calendar client reads our files: khal (Debian's command-line calendar, built on the
 * icalendar library) imports a feed and an invite, and lists the events in its own local zone.
 * Skipped, saying why, where khal is not installed (`apt-get install khal`).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bookingUid, feedFor, inviteFor, type CalendarEventData } from "~/domain/calendar";
import { HOUR } from "~/domain/time";
import { SESSIONS, tenOClock } from "./calendar-times";

const hasKhal = spawnSync("khal", ["--version"], { encoding: "utf8" }).status === 0;
const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** Imports the files into a fresh khal calendar and lists every event in `localZone`. */
function khalList(files: Record<string, string>, localZone: string): string[] {
  const folder = mkdtempSync(path.join(os.tmpdir(), "frontline-khal-"));
  folders.push(folder);
  mkdirSync(path.join(folder, "calendar"));
  const config = path.join(folder, "config");
  writeFileSync(
    config,
    [
      "[calendars]",
      "[[frontline]]",
      `path = ${path.join(folder, "calendar")}`,
      "type = calendar",
      "[locale]",
      `local_timezone = ${localZone}`,
      `default_timezone = ${localZone}`,
      "timeformat = %H:%M",
      "dateformat = %Y-%m-%d",
      "longdateformat = %Y-%m-%d",
      "datetimeformat = %Y-%m-%d %H:%M",
      "longdatetimeformat = %Y-%m-%d %H:%M",
      "[sqlite]",
      `path = ${path.join(folder, "khal.db")}`,
      "",
    ].join("\n"),
  );
  // khal runs with a server zone unlike any of the sessions', so only the files' own times count.
  const env = { ...process.env, TZ: "America/Los_Angeles", LANG: "C.UTF-8", LC_ALL: "C.UTF-8" };
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(folder, name);
    writeFileSync(file, text);
    const imported = spawnSync("khal", ["-c", config, "import", "--batch", "-a", "frontline", file], {
      encoding: "utf8",
      env,
    });
    expect(imported.status, imported.stderr).toBe(0);
  }
  const listed = spawnSync(
    "khal",
    ["-c", config, "list", "--format", "{start} {end} {title}", "--day-format", "", "2026-01-01", "400d"],
    { encoding: "utf8", env },
  );
  expect(listed.status, listed.stderr).toBe(0);
  return listed.stdout
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

function eventAt(session: (typeof SESSIONS)[number], overrides: Partial<CalendarEventData> = {}): CalendarEventData {
  const start = tenOClock(session.date[0], session.date[1], session.date[2], session.timeZone);
  return {
    uid: bookingUid(session.id),
    sequence: 1,
    start,
    end: start + HOUR,
    timeZone: session.timeZone,
    summary: `Listen-in ${session.id}`,
    description: "Notes, with; punctuation\\ and a new line\nand an emoji 😀",
    location: "Call centre, floor 2",
    url: "https://frontline.example/sessions/1",
    organizer: { name: "Aino Virtanen", email: "aino@frontline.example" },
    attendees: [{ name: "Bertil Berg", email: "bertil@frontline.example", partstat: "accepted" }],
    status: "confirmed",
    lastModified: Date.UTC(2026, 0, 5),
    created: Date.UTC(2026, 0, 5),
    ...overrides,
  };
}

const helsinki = SESSIONS.filter((s) => s.timeZone === "Europe/Helsinki");
const feed = () =>
  feedFor({ name: "Frontline: my bookings", events: helsinki.map((s) => eventAt(s)), refreshMinutes: 30 });

describe.skipIf(!hasKhal)(`khal, a real calendar client${hasKhal ? "" : " (skipped: khal is not installed)"}`, () => {
  it("shows a feed's sessions at 10:00 in Helsinki, on both sides of both daylight-saving changes", () => {
    expect(khalList({ "feed.ics": feed() }, "Europe/Helsinki")).toEqual([
      "2026-03-24 10:00 2026-03-24 11:00 Listen-in 1",
      "2026-03-31 10:00 2026-03-31 11:00 Listen-in 2",
      "2026-10-20 10:00 2026-10-20 11:00 Listen-in 3",
      "2026-10-27 10:00 2026-10-27 11:00 Listen-in 4",
    ]);
  });

  it("shows the same sessions at the right time for someone in New York", () => {
    expect(khalList({ "feed.ics": feed() }, "America/New_York")).toEqual([
      "2026-03-24 04:00 2026-03-24 05:00 Listen-in 1",
      "2026-03-31 03:00 2026-03-31 04:00 Listen-in 2",
      "2026-10-20 03:00 2026-10-20 04:00 Listen-in 3",
      "2026-10-27 04:00 2026-10-27 05:00 Listen-in 4",
    ]);
  });

  it("imports an invite at 10:00 in its session's zone", () => {
    const newYork = SESSIONS.find((s) => s.id === 6)!;
    const invite = inviteFor(eventAt(newYork, { summary: "Sales call, with Acme; Oy" }), { method: "REQUEST" });
    expect(khalList({ "invite.ics": invite }, "America/New_York")).toEqual([
      "2026-11-06 10:00 2026-11-06 11:00 Sales call, with Acme; Oy",
    ]);
  });
});

if (!hasKhal) {
  describe("khal, a real calendar client", () => {
    it.skip("is not installed here (apt-get install khal), so the real-client check did not run", () => undefined);
  });
}
