/**
 * Time and the calendar of days, in one place.
 *
 * Instants are UTC milliseconds. A day is a calendar day written YYYY-MM-DD; which instant it
 * starts at depends on a zone. Days are half-open: a day ends at the instant the next one starts
 * (`endOfDay`), and "by the end of Friday" means "before Saturday starts there".
 *
 * Local instants are computed from the zone's own offset rules (as Intl reads them), never from the
 * server's zone, so a server on Europe/Helsinki gets the same answers as one on UTC.
 */
import { TZDate } from "@date-fns/tz";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A calendar day, YYYY-MM-DD. */
export type Day = string;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The first and last years a day may have: anything else is a typing slip, not a plan. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 9999;

/** A real calendar day written YYYY-MM-DD within the years Frontline accepts, or null. */
export function parseDay(text: string): { year: number; month: number; date: number } | null {
  const match = DAY_PATTERN.exec(text);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < FIRST_YEAR || year > LAST_YEAR) return null;
  const check = new Date(Date.UTC(year, month - 1, date));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) return null;
  return { year, month, date };
}

export function isDay(text: string): boolean {
  return parseDay(text) !== null;
}

/** A local time written HH:MM (24-hour). */
export function isLocalTime(text: string): boolean {
  return TIME_PATTERN.test(text);
}

function requireDay(day: Day) {
  const parsed = parseDay(day);
  if (!parsed) throw new RangeError(`Not a calendar day: ${day}`);
  return parsed;
}

export function inZone(ms: number, timeZone: string): TZDate {
  return new TZDate(ms, timeZone);
}

/** What a clock on the wall in the zone shows at an instant; `weekday` 0 is Sunday. */
interface WallClock {
  year: number;
  month: number;
  date: number;
  hour: number;
  minute: number;
  weekday: number;
}

// Making a formatter costs many times more than using one, and a company has few zones.
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY_OF: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function formattedWallClock(ms: number, timeZone: string): WallClock {
  let formatter = wallClockFormats.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    wallClockFormats.set(timeZone, formatter);
  }
  const clock: WallClock = { year: 0, month: 0, date: 0, hour: 0, minute: 0, weekday: 0 };
  for (const part of formatter.formatToParts(ms)) {
    if (part.type === "year") clock.year = Number(part.value);
    else if (part.type === "month") clock.month = Number(part.value);
    else if (part.type === "day") clock.date = Number(part.value);
    else if (part.type === "hour") clock.hour = Number(part.value);
    else if (part.type === "minute") clock.minute = Number(part.value);
    else if (part.type === "weekday") clock.weekday = WEEKDAY_OF[part.value];
  }
  return clock;
}

/** The zone's offset from UTC at a whole minute, read from what its wall clock shows then. */
function offsetAt(minuteMs: number, timeZone: string): number {
  const c = formattedWallClock(minuteMs, timeZone);
  return Date.UTC(c.year, c.month - 1, c.date, c.hour, c.minute) - minuteMs;
}

/**
 * Offsets by zone and UTC hour: the offset in force through the whole hour, or null when it
 * changes within the hour (a daylight-saving switch), where each instant is read on its own.
 * A page shows many times in the same few hours, so most readings are two additions and a Date.
 */
const hourOffsets = new Map<string, Map<number, number | null>>();
const HOURS_KEPT_PER_ZONE = 20_000;

function hourOffset(hour: number, timeZone: string): number | null {
  return keptForHour(hourOffsets, hour, timeZone, offsetAt);
}

/**
 * What `at` reads in the zone through a whole UTC hour, kept per zone and hour; null when it
 * reads otherwise at the hour's last minute than at its start.
 */
function keptForHour<T>(
  kept: Map<string, Map<number, T | null>>,
  hour: number,
  timeZone: string,
  at: (ms: number, timeZone: string) => T,
): T | null {
  let zone = kept.get(timeZone);
  if (!zone) {
    zone = new Map();
    kept.set(timeZone, zone);
  }
  let value = zone.get(hour);
  if (value === undefined) {
    const first = at(hour * HOUR, timeZone);
    value = first === at(hour * HOUR + HOUR - MINUTE, timeZone) ? first : null;
    if (zone.size >= HOURS_KEPT_PER_ZONE) zone.clear();
    zone.set(hour, value);
  }
  return value;
}

/** The zone's offset from UTC at an instant, through the hours already read where it can. */
function offsetOf(ms: number, timeZone: string): number {
  return hourOffset(Math.floor(ms / HOUR), timeZone) ?? offsetAt(Math.floor(ms / MINUTE) * MINUTE, timeZone);
}

function wallClock(ms: number, timeZone: string): WallClock {
  const offset = hourOffset(Math.floor(ms / HOUR), timeZone);
  if (offset === null) return formattedWallClock(ms, timeZone);
  const local = new Date(ms + offset);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    date: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    weekday: local.getUTCDay(),
  };
}

/** A day's calendar read without any zone, as UTC dates do. */
function calendarOf(day: Day): WallClock {
  const { year, month, date } = requireDay(day);
  return { year, month, date, hour: 0, minute: 0, weekday: new Date(Date.UTC(year, month - 1, date)).getUTCDay() };
}

const SHORT_WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/** "2026-12-05" */
const isoDay = (c: Pick<WallClock, "year" | "month" | "date">): Day =>
  `${String(c.year).padStart(4, "0")}-${two(c.month)}-${two(c.date)}`;
/** "10:00" */
const hhmm = (c: WallClock) => `${two(c.hour)}:${two(c.minute)}`;
/** "Tue 24 Nov" */
const weekdayDayMonth = (c: WallClock) => `${SHORT_WEEKDAYS[c.weekday]} ${c.date} ${SHORT_MONTHS[c.month - 1]}`;

/** The day an instant falls on in the zone. */
export function dayOf(ms: number, timeZone: string): Day {
  return isoDay(wallClock(ms, timeZone));
}

/** The local time of an instant in the zone, HH:MM. */
export function timeOf(ms: number, timeZone: string): string {
  return hhmm(wallClock(ms, timeZone));
}

/** The day `days` after `day` (negative: before). */
export function addDays(day: Day, days: number): Day {
  const { year, month, date } = requireDay(day);
  const moved = new Date(Date.UTC(year, month - 1, date + days));
  return isoDay({ year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, date: moved.getUTCDate() });
}

/** Whole days from one day to another (negative when `to` is earlier). */
export function daysBetween(from: Day, to: Day): number {
  const utc = (day: Day) => {
    const { year, month, date } = requireDay(day);
    return Date.UTC(year, month - 1, date);
  };
  return Math.round((utc(to) - utc(from)) / DAY);
}

/** The Monday on or before a day. */
export function mondayOf(day: Day): Day {
  const { weekday } = calendarOf(day);
  return addDays(day, -((weekday + 6) % 7));
}

/**
 * The instant a local day and time names in a zone. A time skipped when clocks go forward moves
 * forward by the gap (02:30 becomes 03:30), as calendar programs do; a time that happens twice
 * when clocks go back is the first of the two (RFC 5545, 3.3.5).
 */
export function localInstant(day: Day, time: string, timeZone: string): number {
  const { year, month, date } = requireDay(day);
  const match = TIME_PATTERN.exec(time);
  if (!match) throw new RangeError(`Not a time: ${time}`);
  return instantOfWall(Date.UTC(year, month - 1, date, Number(match[1]), Number(match[2])), timeZone);
}

/** The instant a wall-clock time (written as if it were UTC) names in the zone, by its offset rules. */
function instantOfWall(wall: number, timeZone: string): number {
  // A zone changes its offset at most once within a day either side of any wall time.
  const before = offsetOf(wall - DAY, timeZone);
  const after = offsetOf(wall + DAY, timeZone);
  const candidates = [wall - before, wall - after].filter((instant) => offsetOf(instant, timeZone) === wall - instant);
  // None: the time was skipped, so keep the offset from before the change. Two: take the first.
  return candidates.length ? Math.min(...candidates) : wall - before;
}

/** The instant a day starts in the zone. */
export function startOfDay(day: Day, timeZone: string): number {
  return localInstant(day, "00:00", timeZone);
}

/**
 * The instant a day ends in the zone: when the next day starts (days are half-open). The last
 * day of 9999 has an end too, in the year 10000, for `outsideKeptYears` to refuse.
 */
export function endOfDay(day: Day, timeZone: string): number {
  const { year, month, date } = requireDay(day);
  return instantOfWall(Date.UTC(year, month - 1, date + 1), timeZone);
}

// ---- The years Frontline keeps -----------------------------------------------------------------

/**
 * Every instant Frontline keeps is from the start of 2000 up to, not including, the start of
 * 10000, in UTC: calendar files write years in four digits, so one instant in the year 10000
 * breaks the whole feed of everyone who sees it. A day typed within 2000–9999 can still name
 * such an instant (23:30 on 31 Dec 9999 in Pago Pago is 10:30 on 1 Jan 10000 in UTC), so every
 * instant made from a typed day is checked here before it is kept.
 */
export const KEPT_FROM = Date.UTC(FIRST_YEAR, 0, 1);
/** The first instant past the years Frontline keeps. */
export const KEPT_UNTIL = Date.UTC(LAST_YEAR + 1, 0, 1);

export type OutsideKeptYears = "too_early" | "too_late";

/** Whether an instant falls before or after the years Frontline keeps; null when it is within them. */
export function outsideKeptYears(ms: number): OutsideKeptYears | null {
  if (ms < KEPT_FROM) return "too_early";
  return ms < KEPT_UNTIL ? null : "too_late";
}

/** The sentence beside a date whose instant falls outside the kept years; `what` is "date", "due date"… */
export function outsideKeptYearsMessage(side: OutsideKeptYears, what: string): string {
  return side === "too_late"
    ? `Pick an earlier ${what}: Frontline keeps dates up to the end of ${LAST_YEAR}, counted in UTC.`
    : `Pick a later ${what}: Frontline keeps dates from the start of ${FIRST_YEAR}, counted in UTC.`;
}

// ---- Showing times to people -------------------------------------------------------------------

/** "Tue 24 Nov, 10:00–11:00", or across midnight "Tue 24 Nov 22:00 – Wed 25 Nov 01:00". */
export function formatSpan(startMs: number, endMs: number, timeZone: string): string {
  const start = wallClock(startMs, timeZone);
  const end = wallClock(endMs, timeZone);
  if (isoDay(start) === isoDay(end)) return `${weekdayDayMonth(start)}, ${hhmm(start)}–${hhmm(end)}`;
  return `${weekdayDayMonth(start)} ${hhmm(start)} – ${weekdayDayMonth(end)} ${hhmm(end)}`;
}

/** "Tue 24 Nov 2026" in the zone. */
export function formatDay(ms: number, timeZone: string): string {
  const clock = wallClock(ms, timeZone);
  return `${weekdayDayMonth(clock)} ${clock.year}`;
}

/** "Tue 24 Nov, 10:00" in the zone. */
export function formatDayTime(ms: number, timeZone: string): string {
  const clock = wallClock(ms, timeZone);
  return `${weekdayDayMonth(clock)}, ${hhmm(clock)}`;
}

/** "24 Nov 2026, 10:00" in the zone. */
export function formatDateTime(ms: number, timeZone: string): string {
  const clock = wallClock(ms, timeZone);
  return `${clock.date} ${SHORT_MONTHS[clock.month - 1]} ${clock.year}, ${hhmm(clock)}`;
}

/** A day shown as "Fri 4 Dec 2026". */
export function formatDueDay(day: Day): string {
  return formatCalendarDay(day, { weekday: true, year: true });
}

/** A calendar day as "Fri 4 Dec 2026", leaving out the weekday or the year when asked: "4 Dec". */
export function formatCalendarDay(day: Day, show: { weekday: boolean; year: boolean }): string {
  const clock = calendarOf(day);
  const dayMonth = show.weekday ? weekdayDayMonth(clock) : `${clock.date} ${SHORT_MONTHS[clock.month - 1]}`;
  return show.year ? `${dayMonth} ${clock.year}` : dayMonth;
}

/** "4 Dec", or "4 Dec 2028" when the year is not the one `now` is in. */
export function formatShortDay(ms: number, now: number, timeZone: string): string {
  const clock = wallClock(ms, timeZone);
  const dayMonth = `${clock.date} ${SHORT_MONTHS[clock.month - 1]}`;
  return clock.year === wallClock(now, timeZone).year ? dayMonth : `${dayMonth} ${clock.year}`;
}

/** The weekday's name, "Tuesday", in the zone. */
export function weekdayName(ms: number, timeZone: string): string {
  return WEEKDAYS[wallClock(ms, timeZone).weekday];
}

/** "10:00–11:00" in the zone. */
export function formatTimeRange(startMs: number, endMs: number, timeZone: string): string {
  return `${timeOf(startMs, timeZone)}–${timeOf(endMs, timeZone)}`;
}

/** "today", "tomorrow", "in 5 days", "3 days ago", counted in calendar days of the zone. */
export function relativeDay(ms: number, now: number, timeZone: string): string {
  const days = daysBetween(dayOf(now, timeZone), dayOf(ms, timeZone));
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  if (days === -1) return "yesterday";
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** The short zone name people recognise, e.g. "EET" or "GMT+2", for labels beside times. */
export function zoneLabel(ms: number, timeZone: string): string {
  return hourLabel(Math.floor(ms / HOUR), timeZone) ?? formattedZoneLabel(ms, timeZone);
}

function formattedZoneLabel(ms: number, timeZone: string): string {
  const part = zoneNameFormat(timeZone)
    .formatToParts(new Date(ms))
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

/**
 * Zone names by zone and UTC hour, kept as the offsets are. A list of messages or sessions names
 * the zone beside each time, mostly in the same few hours.
 */
const hourLabels = new Map<string, Map<number, string | null>>();

function hourLabel(hour: number, timeZone: string): string | null {
  return keptForHour(hourLabels, hour, timeZone, formattedZoneLabel);
}

// Making a formatter costs many times more than using one, and a company has few zones.
const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();

function zoneNameFormat(timeZone: string): Intl.DateTimeFormat {
  let formatter = zoneNameFormats.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" });
    zoneNameFormats.set(timeZone, formatter);
  }
  return formatter;
}

// ---- Spans of time -----------------------------------------------------------------------------

/** A stretch of time between two instants, start included and end excluded. */
export interface Span {
  startsAt: number;
  endsAt: number;
}

/**
 * Whether two spans share any instant. Spans are half-open, so a session ending at 10:00 does not
 * overlap one starting at 10:00: back-to-back bookings are allowed.
 */
export function overlaps(a: Span, b: Span): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}
