import { TZDate } from "@date-fns/tz";
import { differenceInCalendarDays, format } from "date-fns";

/** Instants are UTC milliseconds; these show them in a person's own time zone. */

export function inZone(ms: number, timeZone: string): TZDate {
  return new TZDate(ms, timeZone);
}

/** "Tue 24 Nov, 10:00–11:00", or across midnight "Tue 24 Nov 22:00 – Wed 25 Nov 01:00". */
export function formatSpan(startMs: number, endMs: number, timeZone: string): string {
  const start = inZone(startMs, timeZone);
  const end = inZone(endMs, timeZone);
  if (format(start, "yyyy-MM-dd") === format(end, "yyyy-MM-dd")) {
    return `${format(start, "EEE d MMM, HH:mm")}–${format(end, "HH:mm")}`;
  }
  return `${format(start, "EEE d MMM HH:mm")} – ${format(end, "EEE d MMM HH:mm")}`;
}

export function formatDay(ms: number, timeZone: string): string {
  return format(inZone(ms, timeZone), "EEE d MMM yyyy");
}

export function formatDateTime(ms: number, timeZone: string): string {
  return format(inZone(ms, timeZone), "d MMM yyyy, HH:mm");
}

/** A due day written YYYY-MM-DD, shown as "Fri 4 Dec 2026". */
export function formatDueDay(dueOn: string): string {
  const [y, m, d] = dueOn.split("-").map(Number);
  return format(new TZDate(Date.UTC(y, m - 1, d), "UTC"), "EEE d MMM yyyy");
}

/** "today", "tomorrow", "in 5 days", "3 days ago", counted in calendar days of the zone. */
export function relativeDay(ms: number, now: number, timeZone: string): string {
  const days = differenceInCalendarDays(inZone(ms, timeZone), inZone(now, timeZone));
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  if (days === -1) return "yesterday";
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** The short zone name people recognise, e.g. "EET" or "GMT+2", for labels beside times. */
export function zoneLabel(ms: number, timeZone: string): string {
  const part = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" })
    .formatToParts(new Date(ms))
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether text is a real calendar day written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** The instant a calendar day (YYYY-MM-DD) starts in the zone. */
export function startOfLocalDay(date: string, timeZone: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return new TZDate(y, m - 1, d, timeZone).getTime();
}

/** The calendar day (YYYY-MM-DD) an instant falls on in the zone. */
export function localDateOf(ms: number, timeZone: string): string {
  return format(inZone(ms, timeZone), "yyyy-MM-dd");
}

/** The day `days` after a calendar day, as YYYY-MM-DD (calendar arithmetic, no zone involved). */
export function addDaysToDate(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return next.toISOString().slice(0, 10);
}

/** The Monday on or before a calendar day. */
export function mondayOf(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return addDaysToDate(date, -((weekday + 6) % 7));
}

/** "10:00–11:00" in the zone. */
export function formatTimeRange(startMs: number, endMs: number, timeZone: string): string {
  return `${format(inZone(startMs, timeZone), "HH:mm")}–${format(inZone(endMs, timeZone), "HH:mm")}`;
}
