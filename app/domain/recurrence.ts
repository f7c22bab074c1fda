/**
 * Weekly recurrence of sessions: "every Tuesday 10:00–11:00, six times" as plain data.
 *
 * A series keeps the host's wall-clock time, not a fixed UTC interval: 10:00 in Helsinki stays
 * 10:00 in Helsinki after the clocks change, so its UTC instant moves by an hour. Every local day
 * and time goes through the day module (`./time`).
 */
import {
  addDays,
  dayOf,
  endOfDay,
  formatDay,
  isDay,
  localInstant,
  MINUTE,
  outsideKeptYears,
  timeOf,
  weekdayName,
  type Day,
  type OutsideKeptYears,
} from "./time";

/** The most occurrences one series may have (a year of weeks). */
export const MAX_OCCURRENCES = 52;
/** A series is at least two sessions; one session does not repeat. */
export const MIN_OCCURRENCES = 2;

const SECOND = 1000;

/** How a weekly series ends: after a number of sessions, or on a last local day (inclusive). */
export type SeriesEnd = { count: number } | { untilDate: Day };

export interface WeeklyPlan {
  /** The first session's local day. */
  firstDate: Day;
  /** The local start time, HH:MM (24-hour). */
  startTime: string;
  timeZone: string;
  durationMinutes: number;
  end: SeriesEnd;
}

export interface Occurrence {
  /** Local day of the occurrence. */
  date: Day;
  startsAt: number;
  endsAt: number;
}

/** One occurrence at a local day and time, lasting `durationMinutes`. */
export function occurrenceAt(date: Day, startTime: string, timeZone: string, durationMinutes: number): Occurrence {
  const startsAt = localInstant(date, startTime, timeZone);
  return { date, startsAt, endsAt: startsAt + durationMinutes * MINUTE };
}

/**
 * Every occurrence of a weekly plan, same local time each week. An open-ended "until" stops at
 * `limit` occurrences; callers pass one more than they allow to tell "too many".
 */
export function weeklyOccurrences(plan: WeeklyPlan, limit = MAX_OCCURRENCES + 1): Occurrence[] {
  const occurrences: Occurrence[] = [];
  // The last day is included: an occurrence may start any time before the next day starts.
  const until = "untilDate" in plan.end ? endOfDay(plan.end.untilDate, plan.timeZone) : null;
  const count = "count" in plan.end ? Math.min(plan.end.count, limit) : limit;
  for (let week = 0; occurrences.length < count; week++) {
    const date = addDays(plan.firstDate, 7 * week);
    // No day past 9999 is placed in a zone: a series stops there (`planOutsideKeptYears` tells it).
    if (!isDay(date)) break;
    const next = occurrenceAt(date, plan.startTime, plan.timeZone, plan.durationMinutes);
    if (until !== null && next.startsAt >= until) break;
    occurrences.push(next);
  }
  return occurrences;
}

/** Where a plan leaves the years Frontline keeps: at its first session, or where the series ends. */
export interface PlanOutsideKeptYears {
  part: "first" | "end";
  side: OutsideKeptYears;
}

/**
 * Whether every instant a plan makes falls within the years Frontline keeps: each session's start
 * and end, and a series' UNTIL. A series whose count runs past 9999 is told before its sessions
 * are made, since their days are past the calendar Frontline can place in a zone.
 */
export function planOutsideKeptYears(
  plan: Omit<WeeklyPlan, "end"> & { end: SeriesEnd | null },
): PlanOutsideKeptYears | null {
  const { firstDate, startTime, timeZone, durationMinutes, end } = plan;
  const first = occurrenceAt(firstDate, startTime, timeZone, durationMinutes);
  const firstSide = outsideKeptYears(first.startsAt) ?? outsideKeptYears(first.endsAt);
  if (firstSide) return { part: "first", side: firstSide };
  if (!end) return null;
  if ("count" in end && !isDay(addDays(firstDate, 7 * (end.count - 1)))) return { part: "end", side: "too_late" };
  if ("untilDate" in end) {
    const untilSide = outsideKeptYears(untilOf(end.untilDate, timeZone));
    if (untilSide) return { part: "end", side: untilSide };
  }
  const last = weeklyOccurrences({ ...plan, end }).at(-1);
  const lastSide = last ? outsideKeptYears(last.endsAt) : null;
  return lastSide ? { part: "end", side: lastSide } : null;
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
export function formatRrule(rule: { count: number } | { until: number }): string {
  return "count" in rule ? `FREQ=WEEKLY;COUNT=${rule.count}` : `FREQ=WEEKLY;UNTIL=${utcStamp(rule.until)}`;
}

/**
 * The RRULE for a plan's end: a count as it is, a last day as the last second of that day in the
 * zone, because UNTIL is inclusive and counted in whole seconds (RFC 5545, 3.3.10).
 */
export function rruleForPlan(plan: Pick<WeeklyPlan, "end" | "timeZone">): string {
  return "count" in plan.end
    ? formatRrule({ count: plan.end.count })
    : formatRrule({ until: untilOf(plan.end.untilDate, plan.timeZone) });
}

/** A series' UNTIL for its last local day: that day's last second in the zone. */
function untilOf(untilDate: Day, timeZone: string): number {
  return endOfDay(untilDate, timeZone) - SECOND;
}

/** The RRULE of a series cut short so that its last occurrence is the one before `nextStartsAt`. */
export function rruleEndingBefore(rule: WeeklyRule | null, occurrencesKept: number, nextStartsAt: number): string {
  return rule?.count !== null && rule?.count !== undefined
    ? formatRrule({ count: occurrencesKept })
    : formatRrule({ until: nextStartsAt - SECOND });
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
    parts.set(piece.slice(0, at).toUpperCase(), piece.slice(at + 1).toUpperCase());
  }
  if (parts.get("FREQ") !== "WEEKLY") return null;
  const interval = parts.get("INTERVAL");
  if (interval !== undefined && interval !== "1") return null;
  for (const key of parts.keys()) if (!["FREQ", "COUNT", "UNTIL", "INTERVAL", "WKST"].includes(key)) return null;
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
  series: { firstStartsAt: number; durationMinutes: number; timeZone: string; rrule: string },
  limit = MAX_OCCURRENCES,
): Occurrence[] {
  const rule = parseRrule(series.rrule);
  if (!rule) return [];
  const all = weeklyOccurrences(
    {
      firstDate: dayOf(series.firstStartsAt, series.timeZone),
      startTime: timeOf(series.firstStartsAt, series.timeZone),
      timeZone: series.timeZone,
      durationMinutes: series.durationMinutes,
      end: { count: rule.count ?? limit },
    },
    limit,
  );
  const { until } = rule;
  return until === null ? all : all.filter((o) => o.startsAt <= until);
}

/** "Weekly on Tuesdays at 10:00": when a series happens, without how it ends. */
export function describeWeekly(series: { firstStartsAt: number; timeZone: string }): string {
  const weekday = weekdayName(series.firstStartsAt, series.timeZone);
  return `Weekly on ${weekday}s at ${timeOf(series.firstStartsAt, series.timeZone)}`;
}

/**
 * A series in one phrase: "Weekly on Tuesdays at 10:00, 6 sessions" or "Weekly on Tuesdays at
 * 10:00 until Tue 31 Mar 2027"; with how many of them were called off when some were.
 */
export function describeRule(
  series: { firstStartsAt: number; timeZone: string; rrule: string },
  sessions: { cancelled: number } = { cancelled: 0 },
): string {
  const base = describeWeekly(series);
  const rule = parseRrule(series.rrule);
  const cancelled = sessions.cancelled === 0 ? "" : ` (${sessions.cancelled} cancelled)`;
  if (rule?.count != null) return `${base}, ${rule.count} ${rule.count === 1 ? "session" : "sessions"}${cancelled}`;
  if (rule?.until != null) return `${base} until ${formatDay(rule.until, series.timeZone)}${cancelled}`;
  return `${base}${cancelled}`;
}
