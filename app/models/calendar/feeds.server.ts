/**
 * A feed's calendar and its ETag. Nothing is kept in process memory: any app instance answers
 * any request the same way.
 *
 * The ETag is made from versions the database keeps by trigger (migration 0001) and read with
 * the token, so a revalidation (304) reads one row and never builds the calendar.
 */
import { createHash } from "node:crypto";
import type { Queryable } from "~/db.server";
import {
  feedCalendarData,
  feedListsNothing,
  feedWindow,
  type CalendarEventData,
  type FeedCalendarData,
} from "~/domain/calendar";
import { hostedEvent, ownSeatEvent, teamSeatEvent } from "./events.server";
import { guidesForKinds, listingValues, readHostedSessions, readSeats } from "./rows.server";
import type { Feed } from "./tokens.server";

export interface FeedReadOptions {
  now: number;
  /** Scheme and host of the app, e.g. "https://frontline.example", for links back. */
  origin: string;
}

/** The calendar of a feed: its name, refresh hint and events. */
export async function feedCalendarFor(q: Queryable, feed: Feed, options: FeedReadOptions): Promise<FeedCalendarData> {
  return feedCalendarData(feed.scope, await feedEventsFor(q, feed, options));
}

/** The events of a feed, oldest first. */
export async function feedEventsFor(
  q: Queryable,
  feed: Feed,
  { now, origin }: FeedReadOptions,
): Promise<CalendarEventData[]> {
  if (feedListsNothing(feed.scope, feed.person)) return [];
  const values = listingValues(feed, now);
  if (feed.scope === "hosting") {
    const organizer = { name: feed.person.name, email: feed.person.email };
    const sessions = await readHostedSessions(q, values);
    return sessions.map(({ session, seats }) => hostedEvent(session, seats, organizer, origin));
  }
  if (feed.scope === "team") {
    const rows = await readSeats(q, "team", values);
    return rows.map((row) => teamSeatEvent(row, feed.person, origin));
  }
  const rows = await readSeats(q, "bookings", values);
  const guides = await guidesForKinds(
    q,
    rows.map((row) => row.kindId),
  );
  return rows.map((row) => ownSeatEvent(row, guides.get(row.kindId) ?? null, origin, false));
}

/**
 * The feed's ETag, without building the calendar. A feed's body is made from its person, its
 * scope, the site's address, the day (the listing window moves by whole days) and rows whose every
 * change raises a version by trigger: the person's own `calendar_version` for their bookings, the
 * sessions they are booked on and the sessions they host; the shared version for names, kinds and
 * guides. A team feed adds the team version, which rises with the calendar of anyone in the team
 * (and who is in it changes a manager_id, which raises the shared version).
 * The tag is weak (W/): it stands for the feed's meaning rather than a hash of its bytes.
 */
export async function feedEtag(q: Queryable, feed: Feed, options: FeedReadOptions): Promise<string> {
  const { person } = feed;
  const parts: unknown[] = [
    FEED_FORMAT,
    feed.id,
    feed.scope,
    options.origin,
    person.id,
    person.name,
    person.email,
    person.isAdmin,
    person.isManager,
  ];
  if (!feedListsNothing(feed.scope, person)) {
    parts.push(feedWindow(feed.scope, options.now).day, feed.versions.own, feed.versions.shared);
    if (feed.scope === "team") parts.push(feed.versions.team);
  }
  return `W/"${createHash("sha256").update(JSON.stringify(parts)).digest("base64url")}"`;
}

/** Bumped when the calendar's layout changes, so clients fetch the new one. */
const FEED_FORMAT = 4;
