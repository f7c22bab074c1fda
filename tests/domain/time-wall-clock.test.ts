import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayOf, HOUR, MINUTE, timeOf, zoneLabel } from "~/domain/time";

/**
 * Times are read in a zone from an offset kept per UTC hour, and instant by instant in an hour
 * where the offset changes. Both must read exactly what the zone's own calendar says, around
 * every switch and in zones whose offsets are not whole hours.
 */
const ZONES = [
  "Europe/Helsinki",
  "America/New_York",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "America/St_Johns",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "Antarctica/Troll",
  "Europe/London",
  "UTC",
];

const formats = new Map<string, Intl.DateTimeFormat>();

/** The zone's calendar at an instant, from Intl on its own. */
function expected(ms: number, timeZone: string): { day: string; time: string } {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(ms);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { day: `${part("year")}-${part("month")}-${part("day")}`, time: `${part("hour")}:${part("minute")}` };
}

/** Minutes the zone is ahead of UTC at a whole minute. */
function offsetMinutes(ms: number, timeZone: string): number {
  const { day, time } = expected(ms, timeZone);
  const [y, mo, d] = day.split("-").map(Number);
  const [h, mi] = time.split(":").map(Number);
  return (Date.UTC(y, mo - 1, d, h, mi) - ms) / MINUTE;
}

const read = (ms: number, timeZone: string) => ({ day: dayOf(ms, timeZone), time: timeOf(ms, timeZone) });

describe("reading an instant in a zone", () => {
  it("reads every minute around each offset change of 2026 and 2027 as the zone's calendar does", () => {
    let switches = 0;
    for (const zone of ZONES) {
      for (let hour = Date.UTC(2026, 0, 1); hour < Date.UTC(2028, 0, 1); hour += HOUR) {
        if (offsetMinutes(hour, zone) === offsetMinutes(hour + HOUR, zone)) continue;
        switches++;
        for (let ms = hour - HOUR; ms <= hour + 2 * HOUR; ms += MINUTE) {
          expect(read(ms, zone), `${zone} at ${new Date(ms).toISOString()}`).toEqual(expected(ms, zone));
        }
      }
    }
    // Two switches a year in each zone with daylight saving time (all but Kolkata, Kathmandu, UTC).
    expect(switches).toBe(28);
  });

  it("reads any instant from 2000 to 2100, to the millisecond, as the zone's calendar does", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom(...ZONES),
        (ms, zone) => {
          expect(read(ms, zone)).toEqual(expected(ms, zone));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

describe("naming the zone at an instant", () => {
  const names = new Map<string, Intl.DateTimeFormat>();
  const expectedName = (ms: number, timeZone: string) => {
    let format = names.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" });
      names.set(timeZone, format);
    }
    return format.formatToParts(ms).find((p) => p.type === "timeZoneName")?.value;
  };

  it("names every minute around each offset change of 2026 as the zone's calendar does", () => {
    for (const zone of ZONES) {
      for (let hour = Date.UTC(2026, 0, 1); hour < Date.UTC(2027, 0, 1); hour += HOUR) {
        if (offsetMinutes(hour, zone) === offsetMinutes(hour + HOUR, zone)) continue;
        for (let ms = hour - HOUR; ms <= hour + 2 * HOUR; ms += MINUTE) {
          expect(zoneLabel(ms, zone), `${zone} at ${new Date(ms).toISOString()}`).toBe(expectedName(ms, zone));
        }
      }
    }
    expect(zoneLabel(Date.UTC(2026, 0, 15, 12), "Europe/Helsinki")).toBe("EET");
    expect(zoneLabel(Date.UTC(2026, 6, 15, 12), "Europe/Helsinki")).toBe("EEST");
  });

  it("names any instant from 2000 to 2100 as the zone's calendar does", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom(...ZONES),
        (ms, zone) => {
          expect(zoneLabel(ms, zone)).toBe(expectedName(ms, zone));
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
