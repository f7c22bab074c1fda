/**
 * Reading calendars back the way a client does: every .ics the app writes goes through ical.js
 * (Mozilla's RFC 5545 parser) and the rules every client relies on are checked here once.
 */
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import ICAL from "ical.js";
import { expect } from "vitest";

export type Component = InstanceType<typeof ICAL.Component>;

/** Parses an .ics text after checking its lines: CRLF only, none over 75 octets. */
export function parseIcs(text: string): Component {
  expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  for (const line of text.split("\r\n")) {
    expect(new TextEncoder().encode(line).length, `line over 75 octets: ${line}`).toBeLessThanOrEqual(75);
  }
  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe("vcalendar");
  expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
  expectEveryTzidDefined(calendar);
  return calendar;
}

/** A TZID without its VTIMEZONE puts Outlook an hour off: every TZID must be defined in the file. */
export function expectEveryTzidDefined(calendar: Component): void {
  const defined = new Set(
    calendar.getAllSubcomponents("vtimezone").map((tz) => String(tz.getFirstPropertyValue("tzid"))),
  );
  for (const event of calendar.getAllSubcomponents("vevent")) {
    for (const property of event.getAllProperties()) {
      const tzid = property.getParameter("tzid");
      if (tzid) expect(defined.has(String(tzid)), `TZID ${String(tzid)} has no VTIMEZONE`).toBe(true);
    }
  }
}

export function eventsOf(calendar: Component): Component[] {
  return calendar.getAllSubcomponents("vevent");
}

export function eventByUid(calendar: Component, uid: string): Component {
  const event = eventsOf(calendar).find((e) => e.getFirstPropertyValue("uid") === uid);
  if (!event) throw new Error(`No event ${uid}`);
  return event;
}

export function text(component: Component, name: string): string {
  const value = component.getFirstPropertyValue(name);
  return value === null || value === undefined ? "" : String(value);
}

/** The instant of a DATE-TIME property, as the parser resolves it (UTC, or TZID via its VTIMEZONE). */
export function instantOf(component: Component, name: string): number {
  const value = component.getFirstPropertyValue(name);
  if (!(value instanceof ICAL.Time)) throw new Error(`${name} is not a date-time`);
  return value.toJSDate().getTime();
}

/** The wall-clock time of an instant in a zone, e.g. "2026-10-20 10:00" in Europe/Helsinki. */
export function wallTime(ms: number, timeZone: string): string {
  return format(new TZDate(ms, timeZone), "yyyy-MM-dd HH:mm");
}

/** The raw content line (unfolded) of the first property with this name in the text. */
export function rawLine(ics: string, name: string): string | undefined {
  const unfolded = ics.replace(/\r\n[ \t]/g, "");
  return unfolded.split("\r\n").find((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`));
}

export function parameter(component: Component, property: string, name: string): string {
  const value = component.getFirstProperty(property)?.getParameter(name);
  return value === undefined || value === null ? "" : String(value);
}
