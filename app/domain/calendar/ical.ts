/**
 * The calendars as ical-generator writes them: the heads of invites and feeds, which the calendar
 * writer copies, and the whole invite (METHOD:REQUEST, or METHOD:CANCEL once the seat or its
 * session is cancelled) and feed, the references `invite-writer.ts` and `feed-writer.ts` are held
 * to byte for byte. Times are plain UTC instants: no event time zone, no VTIMEZONE (README.md in
 * this folder).
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

/** Every attendee is a required participant. */
export const ATTENDEE_ROLE = ICalAttendeeRole.REQ;
/** No RSVP: the seat is managed in Frontline; an e-mailed reply to the host would change nothing. */
export const ATTENDEE_RSVP = false;

export const ATTENDEE_STATUS: Record<AttendeeStatus, ICalAttendeeStatus> = {
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
          role: ATTENDEE_ROLE,
          status: ATTENDEE_STATUS[a.partstat],
          rsvp: ATTENDEE_RSVP,
        }))
      : [],
    status: EVENT_STATUS[event.status],
    busystatus: BUSY_STATUS[event.status],
  };
}

/**
 * The event as the invite states it. A cancellation must outrank the invite it cancels, so data
 * still marked live is cancelled here, one revision up.
 */
export function invitedEvent(event: CalendarEventData, method: InviteMethod): CalendarEventData {
  return method === "CANCEL" && event.status !== "cancelled"
    ? { ...event, status: "cancelled", sequence: event.sequence + 1 }
    : event;
}

/** An invite's calendar without its event: its head is written by ical-generator in every invite. */
export function inviteShell(options: InviteOptions): ICalCalendar {
  return ical({
    prodId: options.prodId ?? PROD_ID,
    method: options.method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
}

/**
 * The one-event calendar of a person's invite: the reference `inviteFor` is held to. `inviteFor`
 * writes exactly `inviteCalendar(event, options).toString()` (tests hold it to that), only faster.
 */
export function inviteCalendar(event: CalendarEventData, options: InviteOptions): ICalCalendar {
  const calendar = inviteShell(options);
  calendar.createEvent(eventData(invitedEvent(event, options.method), true));
  return calendar;
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
