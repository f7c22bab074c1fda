/**
 * Weekly recurrence of sessions: "every Tuesday 10:00–11:00, six times" as plain data.
 *
 * A series keeps the host's wall-clock time, not a fixed UTC interval: 10:00 in Helsinki stays
 * 10:00 in Helsinki after the clocks change, so its UTC instant moves by an hour. All arithmetic on
 * local dates and times goes through `TZDate` in the series' zone.
 */
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/** The most occurrences one series may have (a year of weeks). */
export const MAX_OCCURRENCES = 52;
/** A series is at least two sessions; one session does not repeat. */
export const MIN_OCCURRENCES = 2;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** How a weekly series ends: after a number of sessions, or on a last local day (inclusive). */
export type SeriesEnd = { count: number } | { untilDate: string };

export interface WeeklyPlan {
  /** The first session's local day, YYYY-MM-DD. */
  firstDate: string;
  /** The local start time, HH:MM (24-hour). */
  startTime: string;
  timeZone: string;
  durationMinutes: number;
  end: SeriesEnd;
}

export interface Occurrence {
  /** Local day of the occurrence, YYYY-MM-DD. */
  date: string;
  startsAt: number;
  endsAt: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isLocalTime(text: string): boolean {
  return TIME.test(text);
}

function dateParts(date: string): [number, number, number] {
  const match = DATE.exec(date);
  if (!match) throw new RangeError(`Not a date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function timeParts(time: string): [number, number] {
  const match = TIME.exec(time);
  if (!match) throw new RangeError(`Not a time: ${time}`);
  return [Number(match[1]), Number(match[2])];
}

/** The wall clock of an instant in a zone, "YYYY-MM-DD HH:mm". */
function wallClock(ms: number, timeZone: string): string {
  return format(new TZDate(ms, timeZone), "yyyy-MM-dd HH:mm");
}

/**
 * The instant a local date and time names in a zone.
 * A time skipped when clocks go forward moves forward by the gap (02:30 becomes 03:30), as
 * calendar programs do; a time that happens twice when clocks go back is the first of the two
 * (RFC 5545, 3.3.5).
 */
export function localInstant(
  date: string,
  time: string,
  timeZone: string,
): number {
  const [y, m, d] = dateParts(date);
  const [hh, mm] = timeParts(time);
  const ms = new TZDate(y, m - 1, d, hh, mm, timeZone).getTime();
  const earlier = ms - HOUR;
  return wallClock(earlier, timeZone) === wallClock(ms, timeZone)
    ? earlier
    : ms;
}

/** The local day of an instant, YYYY-MM-DD. */
export function localDate(ms: number, timeZone: string): string {
  return format(new TZDate(ms, timeZone), "yyyy-MM-dd");
}

/** The local time of an instant, HH:MM. */
export function localTime(ms: number, timeZone: string): string {
  return format(new TZDate(ms, timeZone), "HH:mm");
}

/** Calendar-day arithmetic on YYYY-MM-DD, no zone involved. */
export function shiftDate(date: string, days: number): string {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from one YYYY-MM-DD to another. */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = dateParts(from);
  const [y2, m2, d2] = dateParts(to);
  return Math.round(
    (Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / (24 * HOUR),
  );
}

/** The last instant of a local day: the end of "until this date". */
export function endOfLocalDay(date: string, timeZone: string): number {
  return localInstant(shiftDate(date, 1), "00:00", timeZone) - 1000;
}

/** One occurrence at a local day and time, lasting `durationMinutes`. */
export function occurrenceAt(
  date: string,
  startTime: string,
  timeZone: string,
  durationMinutes: number,
): Occurrence {
  const startsAt = localInstant(date, startTime, timeZone);
  return { date, startsAt, endsAt: startsAt + durationMinutes * MINUTE };
}

/**
 * Every occurrence of a weekly plan, same local time each week. An open-ended "until" stops at
 * `limit` occurrences; callers pass one more than they allow to tell "too many".
 */
export function weeklyOccurrences(
  plan: WeeklyPlan,
  limit = MAX_OCCURRENCES + 1,
): Occurrence[] {
  const occurrences: Occurrence[] = [];
  const until =
    "untilDate" in plan.end
      ? endOfLocalDay(plan.end.untilDate, plan.timeZone)
      : null;
  const count = "count" in plan.end ? Math.min(plan.end.count, limit) : limit;
  for (let week = 0; occurrences.length < count; week++) {
    const next = occurrenceAt(
      shiftDate(plan.firstDate, 7 * week),
      plan.startTime,
      plan.timeZone,
      plan.durationMinutes,
    );
    if (until !== null && next.startsAt > until) break;
    occurrences.push(next);
  }
  return occurrences;
}

// ---- RRULE text (RFC 5545) ------------------------------------------------------------------

export interface WeeklyRule {
  count: number | null;
  /** UNTIL as a UTC instant, inclusive. */
  until: number | null;
}

/** "20270331T215959Z" for an instant. */
function utcStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

function parseUtcStamp(text: string): number | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return null;
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isNaN(ms) ? null : ms;
}

/** `FREQ=WEEKLY;COUNT=6` or `FREQ=WEEKLY;UNTIL=20270331T215959Z` (UNTIL in UTC, as RFC 5545 asks beside a TZID). */
export function formatRrule(
  rule: { count: number } | { until: number },
): string {
  return "count" in rule
    ? `FREQ=WEEKLY;COUNT=${rule.count}`
    : `FREQ=WEEKLY;UNTIL=${utcStamp(rule.until)}`;
}

/** The RRULE for a plan's end: a count as it is, a last day as the end of that day in the zone. */
export function rruleForPlan(
  plan: Pick<WeeklyPlan, "end" | "timeZone">,
): string {
  return "count" in plan.end
    ? formatRrule({ count: plan.end.count })
    : formatRrule({ until: endOfLocalDay(plan.end.untilDate, plan.timeZone) });
}

/** Reads a weekly RRULE back; null for anything this product does not write (other FREQ, BYDAY, INTERVAL > 1). */
export function parseRrule(text: string): WeeklyRule | null {
  const parts = new Map<string, string>();
  for (const piece of text
    .trim()
    .replace(/^RRULE:/i, "")
    .split(";")) {
    if (!piece) continue;
    const at = piece.indexOf("=");
    if (at <= 0) return null;
    parts.set(
      piece.slice(0, at).toUpperCase(),
      piece.slice(at + 1).toUpperCase(),
    );
  }
  if (parts.get("FREQ") !== "WEEKLY") return null;
  const interval = parts.get("INTERVAL");
  if (interval !== undefined && interval !== "1") return null;
  for (const key of parts.keys())
    if (!["FREQ", "COUNT", "UNTIL", "INTERVAL", "WKST"].includes(key))
      return null;
  const countText = parts.get("COUNT");
  const untilText = parts.get("UNTIL");
  if (countText !== undefined && untilText !== undefined) return null;
  const count = countText === undefined ? null : Number(countText);
  if (count !== null && !(Number.isInteger(count) && count >= 1)) return null;
  const until = untilText === undefined ? null : parseUtcStamp(untilText);
  if (untilText !== undefined && until === null) return null;
  return { count, until };
}

/**
 * The occurrences a stored series describes: from its first start, weekly at the same local time.
 * An unbounded rule stops at `limit`.
 */
export function occurrencesOfRule(
  series: {
    firstStartsAt: number;
    durationMinutes: number;
    timeZone: string;
    rrule: string;
  },
  limit = MAX_OCCURRENCES,
): Occurrence[] {
  const rule = parseRrule(series.rrule);
  if (!rule) return [];
  const firstDate = localDate(series.firstStartsAt, series.timeZone);
  const startTime = localTime(series.firstStartsAt, series.timeZone);
  const all = weeklyOccurrences(
    {
      firstDate,
      startTime,
      timeZone: series.timeZone,
      durationMinutes: series.durationMinutes,
      end: { count: rule.count ?? limit },
    },
    limit,
  );
  return rule.until === null
    ? all
    : all.filter((o) => o.startsAt <= rule.until!);
}

const WEEKDAYS = [
  "Sundays",
  "Mondays",
  "Tuesdays",
  "Wednesdays",
  "Thursdays",
  "Fridays",
  "Saturdays",
];

/** "Weekly on Tuesdays at 10:00, 6 times" or "Weekly on Tuesdays at 10:00 until Tue 31 Mar 2027". */
export function describeRule(series: {
  firstStartsAt: number;
  timeZone: string;
  rrule: string;
}): string {
  const start = new TZDate(series.firstStartsAt, series.timeZone);
  const base = `Weekly on ${WEEKDAYS[start.getDay()]} at ${format(start, "HH:mm")}`;
  const rule = parseRrule(series.rrule);
  if (!rule) return base;
  if (rule.count !== null) return `${base}, ${rule.count} times`;
  if (rule.until !== null)
    return `${base} until ${format(new TZDate(rule.until, series.timeZone), "EEE d MMM yyyy")}`;
  return base;
}
