/**
 * The private subscription feeds: which a person may turn on, what each lists and for how long,
 * what it is called, and where it lives. Plain data: the rows are read by app/models/calendar.
 */
import type { RoleFlags } from "../access";
import { DAY } from "../time";
import type { CalendarEventData } from "./event";

export const FEED_SCOPES = ["bookings", "hosting", "team"] as const;
export type FeedScope = (typeof FEED_SCOPES)[number];

export const FEED_SCOPE_LABELS: Record<FeedScope, string> = {
  bookings: "My bookings",
  hosting: "Sessions I host",
  team: "My team's bookings",
};

/** The feeds a person may turn on: their bookings; what they host; their team's, if they manage. */
export function feedScopesFor(person: RoleFlags): FeedScope[] {
  const scopes: FeedScope[] = ["bookings"];
  if (person.isHost) scopes.push("hosting");
  if (person.isManager) scopes.push("team");
  return scopes;
}

/** A team feed exists only while its person manages; otherwise it lists nothing. */
export function feedListsNothing(scope: FeedScope, person: Pick<RoleFlags, "isManager">): boolean {
  return scope === "team" && !person.isManager;
}

/** How long a cancelled event stays in a feed as STATUS:CANCELLED, so clients remove it. */
export const CANCELLED_KEPT_DAYS = 30;
/** Past events stay in a person's own feeds this long after they end, as their recent history. */
export const FEED_HISTORY_DAYS = 365;
/**
 * A manager's team feed looks back only a month: near the top of a large company it covers
 * thousands of people, and the progress pages, not a calendar, are where a team's history is read.
 */
export const TEAM_HISTORY_DAYS = 30;
/**
 * The refresh hint. Clients treat it as a minimum (Google ignores it); a revalidation costs one
 * small query and answers 304, so a short interval is affordable and changes arrive sooner.
 */
export const FEED_REFRESH_MINUTES = 15;

/**
 * Feeds list by whole UTC days: the start of `now`'s day, from which a feed's window is counted.
 * A UTC day is always DAY long, so this is arithmetic: it runs on every feed request, 304s included.
 */
export function listingDayStart(now: number): number {
  return Math.floor(now / DAY) * DAY;
}

/** The earliest end of a live event still listed at `now`. */
export function historyStart(now: number, days: number = FEED_HISTORY_DAYS): number {
  return now - days * DAY;
}

/** The earliest cancellation still listed (as STATUS:CANCELLED) at `now`. */
export function cancellationsSince(now: number): number {
  return now - CANCELLED_KEPT_DAYS * DAY;
}

/** What a feed lists on the day of `now`. */
export interface FeedWindow {
  /** The start of the UTC day: what the feed lists at `now` is what it listed then. */
  day: number;
  /** Live events are listed until this long after they end. */
  listedSince: number;
  /** Cancelled events are listed until this long after their first cancellation. */
  cancelledSince: number;
}

export function feedWindow(scope: FeedScope, now: number): FeedWindow {
  const day = listingDayStart(now);
  return {
    day,
    listedSince: historyStart(day, scope === "team" ? TEAM_HISTORY_DAYS : FEED_HISTORY_DAYS),
    cancelledSince: cancellationsSince(day),
  };
}

/** A feed as a calendar: its name, its refresh hint and its events, oldest first. */
export interface FeedCalendarData {
  /** X-WR-CALNAME, e.g. "Frontline: my bookings". */
  name: string;
  description?: string;
  events: readonly CalendarEventData[];
  /** Refresh hint (REFRESH-INTERVAL, X-PUBLISHED-TTL); clients treat it as a minimum. */
  refreshMinutes: number;
}

const FEED_NAMES: Record<FeedScope, string> = {
  bookings: "Frontline: my bookings",
  hosting: "Frontline: sessions I host",
  team: "Frontline: my team's bookings",
};

// Clients may not unescape X-WR-CALDESC, so these sentences avoid commas and semicolons.
const SLOW_CLIENTS =
  "Google Calendar may take hours to refresh a subscription: for urgent changes open the invite on the session page.";

const FEED_DESCRIPTIONS: Record<FeedScope, string> = {
  bookings: `Your shadowing bookings in Frontline. ${SLOW_CLIENTS}`,
  hosting: `The sessions you host in Frontline and who is coming. ${SLOW_CLIENTS}`,
  team: `The shadowing bookings of the people you manage in Frontline. ${SLOW_CLIENTS}`,
};

/** The calendar of a feed of this scope with these events. */
export function feedCalendarData(scope: FeedScope, events: CalendarEventData[]): FeedCalendarData {
  return {
    name: FEED_NAMES[scope],
    description: FEED_DESCRIPTIONS[scope],
    refreshMinutes: FEED_REFRESH_MINUTES,
    events,
  };
}

/**
 * A feed's two addresses: the web address (https://) to paste into Google Calendar or Outlook, and
 * the same address as webcal://, which opens the device's calendar app as a subscription.
 */
export function feedAddresses(origin: string, token: string): { web: string; webcal: string } {
  const base = origin.endsWith("/") ? origin.slice(0, -1) : origin;
  const web = `${base}/calendar/${token}.ics`;
  return { web, webcal: web.replace(/^https?:\/\//, "webcal://") };
}
