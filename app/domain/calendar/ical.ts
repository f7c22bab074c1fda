/**
 * Invites, and the reference feed, written with ical-generator: the one-event calendar of a
 * person's invite (METHOD:REQUEST, or METHOD:CANCEL once the seat or its session is cancelled),
 * and a feed as ical-generator writes it, which `feed-writer.ts` is held to byte for byte.
 * Times are plain UTC instants: no event time zone, no VTIMEZONE (README.md in this folder).
 */
import ical, {
  escape,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventBusyStatus,
  ICalEventStatus,
  type ICalCalendar,
  type ICalEventData,
} from "ical-generator";
import type { AttendeeStatus, CalendarContact, CalendarEventData, CalendarEventStatus, InviteMethod } from "./event";
import type { FeedCalendarData } from "./feeds";

/** The media type of every calendar Frontline serves; an invite adds its METHOD. */
export const ICS_CONTENT_TYPE = "text/calendar; charset=utf-8";

export interface InviteOptions {
  method: InviteMethod;
  /** Who wrote the file (PRODID "-//company//product//language"). */
  prodId?: ProdId;
}

export interface ProdId {
  company: string;
  product: string;
  language?: string;
}

/** PRODID:-//Frontline//Frontline//EN */
export const PROD_ID: ProdId = { company: "Frontline", product: "Frontline", language: "EN" };

export const EVENT_STATUS: Record<CalendarEventStatus, ICalEventStatus> = {
  confirmed: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
};

// Outlook reads its own busy flag rather than STATUS when it shows time as busy.
export const BUSY_STATUS: Record<CalendarEventStatus, ICalEventBusyStatus> = {
  confirmed: ICalEventBusyStatus.BUSY,
  tentative: ICalEventBusyStatus.TENTATIVE,
  cancelled: ICalEventBusyStatus.FREE,
};

const ATTENDEE_STATUS: Record<AttendeeStatus, ICalAttendeeStatus> = {
  accepted: ICalAttendeeStatus.ACCEPTED,
  tentative: ICalAttendeeStatus.TENTATIVE,
  declined: ICalAttendeeStatus.DECLINED,
  "needs-action": ICalAttendeeStatus.NEEDSACTION,
};

/**
 * A name for a quoted parameter (CN="…"). iCalendar parameters have no escapes, and
 * ical-generator writes `\"` for a quote, which parsers reject; so quotes become apostrophes.
 */
export function parameterText(name: string): string {
  return name.replace(/"/g, "'").replace(/\\/g, "/").replace(CONTROL_CHARACTERS, " ").trim();
}

// Control characters cannot stand in a parameter value (RFC 5545 §3.1).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]+/g;

function contact(person: CalendarContact): CalendarContact {
  return { name: parameterText(person.name) || person.email, email: person.email };
}

function eventData(event: CalendarEventData, withAttendees: boolean): ICalEventData {
  return {
    id: event.uid,
    sequence: event.sequence,
    // Plain Dates are written as UTC with "Z" (no event time zone is set), whatever the server's TZ.
    start: new Date(event.start),
    end: new Date(event.end),
    stamp: new Date(event.lastModified),
    created: new Date(event.created),
    lastModified: new Date(event.lastModified),
    summary: event.summary,
    description: event.description || null,
    location: event.location || null,
    url: event.url || null,
    organizer: contact(event.organizer),
    attendees: withAttendees
      ? event.attendees.map((a) => ({
          ...contact(a),
          role: ICalAttendeeRole.REQ,
          status: ATTENDEE_STATUS[a.partstat],
          // The seat is managed in Frontline; an emailed reply to the host would change nothing.
          rsvp: false,
        }))
      : [],
    status: EVENT_STATUS[event.status],
    busystatus: BUSY_STATUS[event.status],
  };
}

/** The one-event calendar of a person's invite. */
export function inviteCalendar(event: CalendarEventData, options: InviteOptions): ICalCalendar {
  // A cancellation must outrank the invite it cancels; data still marked live is cancelled here.
  const cancelled: CalendarEventData =
    options.method === "CANCEL" && event.status !== "cancelled"
      ? { ...event, status: "cancelled", sequence: event.sequence + 1 }
      : event;
  const calendar = ical({
    prodId: options.prodId ?? PROD_ID,
    method: options.method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent(eventData(cancelled, true));
  return calendar;
}

/** The .ics text of a person's invite (METHOD:REQUEST) or its cancellation (METHOD:CANCEL). */
export function inviteFor(event: CalendarEventData, options: InviteOptions): string {
  return inviteCalendar(event, options).toString();
}

/** A feed's calendar without its events: its head is written by ical-generator in every feed. */
export function feedShell(feed: FeedCalendarData): ICalCalendar {
  return ical({
    prodId: PROD_ID,
    method: ICalCalendarMethod.PUBLISH,
    // ical-generator writes NAME, X-WR-CALNAME and X-WR-CALDESC as given, so they are escaped here.
    name: escape(feed.name, false),
    description: feed.description ? escape(feed.description, false) : null,
    ttl: Math.max(1, Math.round(feed.refreshMinutes)) * 60,
  });
}

/**
 * The feed as an ical-generator calendar: the reference `feedBytes` is held to. `feedFor` writes
 * exactly `feedCalendar(feed).toString()` (tests hold it to that), only faster.
 */
export function feedCalendar(feed: FeedCalendarData): ICalCalendar {
  const calendar = feedShell(feed);
  for (const event of feed.events) calendar.createEvent(eventData(event, false));
  return calendar;
}
