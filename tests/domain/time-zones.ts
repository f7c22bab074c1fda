/**
 * Typed local times become the right instants whatever the server's own zone: the same checks,
 * run by one test file per server zone (time-zones-*.test.ts), each setting process.env.TZ before
 * it makes a Date. vitest runs each file in its own process.
 *
 * The right instant is worked out here without the code under test: every quarter hour around
 * each 2027 clock change is written as wall time by Intl.DateTimeFormat in the session's zone, so
 * a typed wall time has one instant, two (clocks went back: the first is taken, as RFC 5545 says)
 * or none (clocks went forward: it moves forward by the gap, keeping the offset from before).
 */
import { describe, expect, it } from "vitest";
import { occurrenceAt, occurrencesOfRule, rruleForPlan, weeklyOccurrences } from "~/domain/recurrence";
import { addDays, dayOf, endOfDay, localInstant, mondayOf, startOfDay, timeOf, type Day } from "~/domain/time";
import { newSessionSchema } from "~/schemas/hosting";

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The zones sessions are held in: both hemispheres, a half-hour offset, and two without clock changes. */
export const SESSION_ZONES = [
  "Europe/Helsinki",
  "Europe/London",
  "America/New_York",
  "America/Sao_Paulo",
  "Asia/Kolkata",
  "Australia/Sydney",
  "Pacific/Auckland",
] as const;

const walls = new Map<string, Intl.DateTimeFormat>();

/** "2027-03-28 03:30": an instant's wall time in the zone, as Intl writes it. */
function wallOf(ms: number, timeZone: string): string {
  let format = walls.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    walls.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

/** A wall time as if it were UTC, for stepping through wall times a quarter hour at a time. */
function wallNumber(wall: string): number {
  const [date, time] = wall.split(" ");
  const [y, mo, d] = date.split("-").map(Number);
  const [h, mi] = time.split(":").map(Number);
  return Date.UTC(y, mo - 1, d, h, mi);
}

function wallText(wall: number): string {
  return new Date(wall).toISOString().slice(0, 16).replace("T", " ");
}

const changes = new Map<string, Day[]>();

/** The local days of 2027 on which the zone's clocks change, found by Intl hour by hour. */
function changeDays(timeZone: string): Day[] {
  const known = changes.get(timeZone);
  if (known) return known;
  const days = new Set<Day>();
  const offsetAt = (ms: number) => wallNumber(wallOf(ms, timeZone)) - ms;
  for (let ms = Date.UTC(2027, 0, 1), offset = offsetAt(ms); ms < Date.UTC(2028, 0, 1); ms += HOUR) {
    const next = offsetAt(ms + HOUR);
    if (next !== offset) days.add(wallOf(ms + HOUR, timeZone).slice(0, 10));
    offset = next;
  }
  changes.set(timeZone, [...days].sort());
  return changes.get(timeZone)!;
}

/** Every 2027 change day of every session zone: a zone that keeps its clock is checked on them all. */
const CHANGE_DAYS = [...new Set(SESSION_ZONES.flatMap(changeDays))].sort();

type Expected = { instant: number; kind: "once" | "twice" | "skipped" };

const oracles = new Map<string, (day: Day, time: string) => Expected>();

/**
 * The right instant of each typed wall time in the zone, worked out from Intl alone, for the
 * weeks around every change day.
 */
function expectedInZone(timeZone: string): (day: Day, time: string) => Expected {
  const known = oracles.get(timeZone);
  if (known) return known;
  const byWall = new Map<string, number[]>();
  for (const changeDay of CHANGE_DAYS) {
    const middle = wallNumber(`${changeDay} 00:00`);
    for (let ms = middle - 17 * DAY; ms < middle + 18 * DAY; ms += QUARTER) {
      const wall = wallOf(ms, timeZone);
      const instants = byWall.get(wall) ?? [];
      if (!instants.includes(ms)) byWall.set(wall, [...instants, ms]);
    }
  }
  const expected = (day: Day, time: string): Expected => {
    const typed = wallNumber(`${day} ${time}`);
    const found = byWall.get(wallText(typed));
    if (found?.length === 1) return { instant: found[0], kind: "once" };
    if (found) return { instant: Math.min(...found), kind: "twice" };
    // Skipped: the offset from before the change, i.e. the last wall time that happened, moved on.
    for (let back = QUARTER; back <= 3 * HOUR; back += QUARTER) {
      const before = byWall.get(wallText(typed - back));
      if (before) return { instant: Math.max(...before) + back, kind: "skipped" };
    }
    throw new Error(`No wall time before ${day} ${time} in ${timeZone}`);
  };
  oracles.set(timeZone, expected);
  return expected;
}

/** The quarter hours of a day, "00:00" to "23:45". */
const QUARTER_HOURS = Array.from(
  { length: 96 },
  (_, i) => `${String(Math.floor(i / 4)).padStart(2, "0")}:${String((i % 4) * 15).padStart(2, "0")}`,
);

export function checkLocalTimesUnder(serverZone: string, offsets: { january: number; july: number }): void {
  describe(`typed local times with the server in ${serverZone}`, () => {
    it("really runs in that zone", () => {
      expect(process.env.TZ).toBe(serverZone);
      expect(new Date(2027, 0, 15, 12).getTimezoneOffset()).toBe(offsets.january);
      expect(new Date(2027, 6, 15, 12).getTimezoneOffset()).toBe(offsets.july);
    });

    it("finds the 2027 clock changes of the zones that have them", () => {
      expect(changeDays("Europe/Helsinki")).toEqual(["2027-03-28", "2027-10-31"]);
      expect(changeDays("America/New_York")).toEqual(["2027-03-14", "2027-11-07"]);
      expect(changeDays("Pacific/Auckland")).toEqual(["2027-04-04", "2027-09-26"]);
      expect(changeDays("America/Sao_Paulo")).toEqual([]);
      expect(changeDays("Asia/Kolkata")).toEqual([]);
    });

    for (const timeZone of SESSION_ZONES) {
      it(`gives the right instant for every quarter hour around each change, in ${timeZone}`, () => {
        const expected = expectedInZone(timeZone);
        const wrong: string[] = [];
        const seen = { once: 0, twice: 0, skipped: 0 };
        for (const changeDay of CHANGE_DAYS) {
          for (const day of [addDays(changeDay, -1), changeDay, addDays(changeDay, 1)]) {
            for (const time of QUARTER_HOURS) {
              const { instant, kind } = expected(day, time);
              seen[kind]++;
              const occurrence = occurrenceAt(day, time, timeZone, 60);
              const shown = `${dayOf(instant, timeZone)} ${timeOf(instant, timeZone)}`;
              const problems = [
                localInstant(day, time, timeZone) !== instant && "localInstant",
                (occurrence.startsAt !== instant || occurrence.endsAt !== instant + HOUR) && "occurrenceAt",
                // Shown back in the zone: the typed wall time, or where a skipped one moved to.
                shown !== wallOf(instant, timeZone) && `shown as ${shown}`,
                kind !== "skipped" && wallOf(instant, timeZone) !== `${day} ${time}` && "not the typed wall time",
              ].filter(Boolean);
              if (problems.length) wrong.push(`${day} ${time} (${kind}): ${problems.join(", ")}`);
            }
            if (startOfDay(day, timeZone) !== expected(day, "00:00").instant) wrong.push(`${day}: startOfDay`);
            if (endOfDay(day, timeZone) !== expected(addDays(day, 1), "00:00").instant) wrong.push(`${day}: endOfDay`);
          }
        }
        expect(wrong).toEqual([]);
        // Each change skips or repeats an hour: four quarter hours.
        const changes = changeDays(timeZone).length;
        expect(seen).toMatchObject({ skipped: changes === 0 ? 0 : 4, twice: changes === 0 ? 0 : 4 });
      });
    }

    it("reads a typed date and time in the host's form as the same instant", () => {
      const now = Date.UTC(2026, 0, 1);
      const kinds = [{ id: 1, name: "Listen-in", defaultMinutes: 60, onSite: false }];
      const wrong: string[] = [];
      for (const timeZone of SESSION_ZONES) {
        const schema = newSessionSchema({ kinds, timeZone, now });
        const expected = expectedInZone(timeZone);
        for (const changeDay of changeDays(timeZone)) {
          for (const time of QUARTER_HOURS) {
            const result = schema.safeParse({
              kindId: "1",
              date: changeDay,
              startTime: time,
              meetingUrl: "https://meet.example.com/abc",
              seats: "3",
            });
            const startsAt = result.success ? result.data.occurrences[0].startsAt : null;
            if (startsAt !== expected(changeDay, time).instant) wrong.push(`${changeDay} ${time} in ${timeZone}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    });

    for (const timeZone of SESSION_ZONES) {
      it(`keeps a weekly series at its local time across each change, in ${timeZone}`, () => {
        const expected = expectedInZone(timeZone);
        const wrong: string[] = [];
        for (const changeDay of CHANGE_DAYS) {
          // Tuesdays at 10:00, from two weeks before the change to two weeks after.
          const firstTuesday = addDays(mondayOf(changeDay), 1 - 14);
          const tuesdays = weeklyOccurrences({
            firstDate: firstTuesday,
            startTime: "10:00",
            timeZone,
            durationMinutes: 60,
            end: { count: 5 },
          });
          expect(tuesdays.map((o) => wallOf(o.startsAt, timeZone))).toEqual(
            [0, 7, 14, 21, 28].map((days) => `${addDays(firstTuesday, days)} 10:00`),
          );

          // Every quarter hour of the change day's weekday, weekly across the change, and read back.
          const firstDay = addDays(changeDay, -14);
          for (const time of QUARTER_HOURS) {
            const plan = { firstDate: firstDay, startTime: time, timeZone, durationMinutes: 45, end: { count: 5 } };
            const made = weeklyOccurrences(plan).map((o) => o.startsAt);
            const right = [0, 7, 14, 21, 28].map((days) => expected(addDays(firstDay, days), time).instant);
            if (made.join() !== right.join()) wrong.push(`${firstDay} ${time} weekly`);
            const stored = { firstStartsAt: made[0], durationMinutes: 45, timeZone, rrule: rruleForPlan(plan) };
            // A stored series read back gives the same sessions (a first time that was skipped moved them all).
            const readBack = occurrencesOfRule(stored).map((o) => o.startsAt);
            if (expected(firstDay, time).kind !== "skipped" && readBack.join() !== right.join()) {
              wrong.push(`${firstDay} ${time} weekly, read back`);
            }
          }
        }
        expect(wrong).toEqual([]);
      });
    }
  });
}
