/**
 * Shared pieces of the calendar route tests: reading a feed's token out of the page that issued it,
 * and sessions at 10:00 in Helsinki on both sides of the next autumn daylight-saving change.
 */
import { expect } from "vitest";
import { addDays, DAY, localInstant, startOfDay, type Day } from "~/domain/time";
import type { TestClient } from "../support/app";

export const HELSINKI = "Europe/Helsinki";

/** The last Sunday of October (the EU's autumn change) of a year. */
function lastSundayOfOctober(year: number): Day {
  const weekday = new Date(Date.UTC(year, 9, 31)).getUTCDay();
  return addDays(`${year}-10-31`, -weekday);
}

export interface ChangeDay {
  date: Day;
  /** The instant of 10:00 in Helsinki that day. */
  at: number;
}

/**
 * Two days on either side of the next Helsinki autumn change that is still ahead of `now` (with
 * room to book): the first at UTC+3, the second at UTC+2, both 10:00 on the wall clock.
 */
export function aroundAutumnChange(now: number): [ChangeDay, ChangeDay] {
  let year = new Date(now).getUTCFullYear();
  let change = lastSundayOfOctober(year);
  if (startOfDay(addDays(change, -3), "UTC") < now + 2 * DAY) change = lastSundayOfOctober(++year);
  const days = [addDays(change, -3), addDays(change, 3)].map((date): ChangeDay => ({
    date,
    at: localInstant(date, "10:00", HELSINKI),
  })) as [ChangeDay, ChangeDay];
  // The offsets really differ: the pair straddles the change.
  expect(days[0].at % DAY).not.toBe(days[1].at % DAY);
  return days;
}

const TOKEN_IN_PAGE = /(webcal|https?):\/\/([^/"<\s]+)\/calendar\/([A-Za-z0-9_-]{43})\.ics/g;

/** The feed addresses a page shows, as [scheme, host, token] triples. */
export function feedLinksIn(html: string): { scheme: string; host: string; token: string }[] {
  return [...html.matchAll(TOKEN_IN_PAGE)].map((m) => ({ scheme: m[1], host: m[2], token: m[3] }));
}

/** Turns a feed on (or gets a new link) through the Calendar feeds page; returns the token shown. */
export async function turnOnFeed(
  client: TestClient,
  scope: "bookings" | "hosting" | "team",
  intent: "turn-on" | "new-link" = "turn-on",
): Promise<{ token: string; html: string; response: Response }> {
  const response = await client.post("/calendar?index", { intent, scope });
  const html = await response.text();
  expect(response.status, html.slice(0, 400)).toBe(200);
  const tokens = new Set(feedLinksIn(html).map((link) => link.token));
  expect(tokens.size).toBe(1);
  return { token: [...tokens][0], html, response };
}

/** A calendar client: no cookie, only the URL (and If-None-Match once it has a copy). */
export function fetchFeed(handle: (request: Request) => Promise<Response>, token: string, headers: HeadersInit = {}) {
  return handle(new Request(`http://localhost:3000/calendar/${token}.ics`, { headers }));
}
