/**
 * What a host may publish and do with a session: the details a session carries, the limits on
 * them, when a session can still be changed or called off, and when attendance is confirmed.
 * The forms that read these details are in app/schemas/hosting.ts.
 */
import type { sessionDetails, sessions } from "../../db/schema";
import type { BookingStatus } from "./bookings";
import { occurrenceAt, type Occurrence } from "./recurrence";
import {
  addDays,
  isDay,
  outsideKeptYears,
  outsideKeptYearsMessage,
  overlaps,
  type Day,
  type OutsideKeptYears,
  type Span,
} from "./time";

export const SEATS_MAX = 50;
export const MINUTES_MIN = 5;
export const MINUTES_MAX = 1440;
export const CUSTOMER_MAX = 200;
export const LOCATION_MAX = 300;
export const LINK_MAX = 500;
export const NOTES_MAX = 2000;

/**
 * The details a host gives a session, and a weekly series hands each of its sessions: every
 * column of the database's `sessionDetails()` but the kind and the host. A column added there is
 * a field here, and everything keyed by these fields (the form, the page, what an edit compares
 * and records) fails to compile until it has an entry for it.
 */
export type SessionDetailField = Exclude<keyof ReturnType<typeof sessionDetails>, "kindId" | "hostId">;
export type SessionDetails = Pick<typeof sessions.$inferSelect, SessionDetailField>;

/** The details whose value is text: the only ones that can be a plain text detail. */
type TextValuedField = { [F in SessionDetailField]: SessionDetails[F] extends string ? F : never }[SessionDetailField];

export interface TextDetail {
  /** How the forms, the pages and calendar events name it: "Dress code". */
  label: string;
  /** The most characters it may have. */
  max: number;
  /** The line under the form's input; "Optional." when left out. */
  hint?: string;
}

/**
 * Optional free-text details a host may give a session, each shown as "Label: text" wherever the
 * session's details are: the host's form, both session pages, and calendar events. A new optional
 * text column of sessionDetails() (`text(…).notNull().default("")`) needs one entry here, and
 * nothing else outside the schema: every list keyed by the details takes these generically, and
 * a column that is neither here nor handled by name in each list is a type error.
 */
export const TEXT_DETAILS = {} satisfies Partial<Record<TextValuedField, TextDetail>>;
export type TextDetailField = keyof typeof TEXT_DETAILS;

/** TEXT_DETAILS as a list, in its order. */
export const TEXT_DETAIL_LIST = Object.entries(TEXT_DETAILS) as [TextDetailField, TextDetail][];

/** A plain text detail as it is shown: "Dress code: Safety boots." */
export interface TextDetailLine {
  label: string;
  text: string;
}

const NO_LINES: readonly TextDetailLine[] = Object.freeze([]);

/** The plain text details a session has (the empty ones left out), in TEXT_DETAILS order. */
export function givenTextDetails(session: Pick<SessionDetails, TextDetailField>): readonly TextDetailLine[] {
  if (TEXT_DETAIL_LIST.length === 0) return NO_LINES;
  const lines: TextDetailLine[] = [];
  for (const [field, { label }] of TEXT_DETAIL_LIST) {
    const text: string = session[field];
    if (text) lines.push({ label, text });
  }
  return lines;
}

export interface KindFacts {
  id: number;
  name: string;
  defaultMinutes: number;
  onSite: boolean;
}

/** A meeting link people can open from anywhere: https, with a real host name. */
export function isMeetingLink(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.includes(".") && !url.username && !url.password;
  } catch {
    return false;
  }
}

export const REPEAT_CHOICES = ["none", "weekly_count", "weekly_until"] as const;
export type RepeatChoice = (typeof REPEAT_CHOICES)[number];

export const EDIT_SCOPES = ["one", "following"] as const;
export type EditScope = (typeof EDIT_SCOPES)[number];

/** One session or a weekly series, as the host asked for it. */
export interface NewSessionPlan {
  kind: KindFacts;
  firstDate: string;
  startTime: string;
  durationMinutes: number;
  details: SessionDetails;
  occurrences: Occurrence[];
  /** Null for a session that does not repeat. */
  rrule: string | null;
}

/** A change to one session, or to it and the following sessions of its series. */
export interface SessionEdit {
  scope: EditScope;
  date: string;
  startTime: string;
  durationMinutes: number;
  details: SessionDetails;
}

type SessionState = { status: "scheduled" | "cancelled"; startsAt: number };

export type SessionUpdateRefusal =
  | { code: "session_not_found" }
  | { code: "not_host" }
  | { code: "session_cancelled" }
  | { code: "session_started" }
  | { code: "start_in_past" }
  | { code: "outside_kept_years"; side: OutsideKeptYears }
  | { code: "seats_below_taken"; seated: number; startsAt: number }
  /** The new time overlaps other bookings of people on the session: the host confirms first. */
  | { code: "overlaps_to_confirm"; releases: OverlapRelease[] };

/** A session can be changed until it starts, unless it was cancelled. */
export function editRefusal(session: SessionState, now: number): SessionUpdateRefusal | null {
  if (session.status === "cancelled") return { code: "session_cancelled" };
  if (session.startsAt <= now) return { code: "session_started" };
  return null;
}

/**
 * What the host can do with a session at `now`: change it or call it off before it starts,
 * confirm who came once it has started.
 */
export function hostActions(session: SessionState, now: number) {
  const scheduled = session.status === "scheduled";
  const started = session.startsAt <= now;
  return {
    edit: editRefusal(session, now) === null,
    cancel: scheduled && !started,
    confirmAttendance: scheduled && started,
  };
}

/**
 * What the host can do with one shadow's booking: confirm (or undo) attendance of a seat once the
 * session has started; keep a note on a seat, except on a booked seat of a cancelled session.
 */
export function seatActions(session: SessionState, booking: { status: BookingStatus }, now: number) {
  const seated = booking.status === "booked" || booking.status === "attended" || booking.status === "no_show";
  return {
    confirmAttendance: seated && hostActions(session, now).confirmAttendance,
    note: seated && (session.status === "scheduled" || booking.status !== "booked"),
  };
}

/**
 * Where an edit of "this and following" moves one of the following sessions: the same number of
 * days on, at the new local time. Refused when that leaves the years Frontline keeps, so a series
 * near the end of 9999 cannot be pushed past it.
 */
export function movedOccurrence(move: {
  from: Day;
  days: number;
  startTime: string;
  timeZone: string;
  durationMinutes: number;
}): { ok: true; occurrence: Occurrence } | { ok: false; reason: SessionUpdateRefusal } {
  const date = addDays(move.from, move.days);
  if (!isDay(date))
    return { ok: false, reason: { code: "outside_kept_years", side: move.days < 0 ? "too_early" : "too_late" } };
  const occurrence = occurrenceAt(date, move.startTime, move.timeZone, move.durationMinutes);
  const side = outsideKeptYears(occurrence.startsAt) ?? outsideKeptYears(occurrence.endsAt);
  return side ? { ok: false, reason: { code: "outside_kept_years", side } } : { ok: true, occurrence };
}

/** The field a refusal belongs beside, and its sentence. */
export function sessionUpdateMessage(
  reason: SessionUpdateRefusal,
  describeDay: (ms: number) => string,
): { field: "date" | "startTime" | "seats" | null; message: string } {
  switch (reason.code) {
    case "session_not_found":
      return { field: null, message: "That session doesn't exist." };
    case "not_host":
      return { field: null, message: "Only the session's host or an admin can change it." };
    case "session_cancelled":
      return { field: null, message: "This session was cancelled, so it can't be changed." };
    case "session_started":
      return { field: null, message: "This session has already started, so it can't be changed." };
    case "start_in_past":
      return { field: "startTime", message: "The session must start in the future — pick a later date or time." };
    case "outside_kept_years":
      return { field: "date", message: outsideKeptYearsMessage(reason.side, "date") };
    case "overlaps_to_confirm": {
      const count = reason.releases.length;
      return {
        field: null,
        message: `The new time overlaps other bookings of ${count === 1 ? "one person" : `${count} people`}: confirm to save.`,
      };
    }
    case "seats_below_taken": {
      const taken = reason.seated === 1 ? "1 seat is" : `${reason.seated} seats are`;
      return {
        field: "seats",
        message: `${taken} already taken on ${describeDay(reason.startsAt)}, so seats can't go below ${reason.seated}.`,
      };
    }
  }
}

// ---- A new time against the shadows' other bookings ------------------------------------------

/** A seat or waitlist place on a session whose time an edit changes. */
export interface PlaceOnMovedSession {
  bookingId: number;
  personId: number;
  personName: string;
  sessionId: number;
  status: "booked" | "waitlisted";
}

/** One of a person's live bookings on a scheduled session, at its time before the edit. */
export interface HeldBooking extends Span {
  bookingId: number;
  personId: number;
  sessionId: number;
  /** "Install with Olli Other". */
  title: string;
}

/** A place the edit releases, because the session's new time overlaps another of the person's bookings. */
export interface OverlapRelease {
  bookingId: number;
  personId: number;
  personName: string;
  sessionId: number;
  status: "booked" | "waitlisted";
  /** The moved session's new time. */
  newTime: Span;
  /** The booking the person keeps, at its time after the edit. */
  kept: HeldBooking;
}

/**
 * Which places a change of time releases. A person never holds two bookings whose times overlap
 * (PRODUCT.md), so when a session moves onto the time of another of a shadow's bookings, their
 * place on the moved session gives way and the other booking stands: the host's change made the
 * clash, and what the person had arranged elsewhere is left as it was. `moved` holds the new time
 * of every session the edit moves, so bookings on two moved sessions are compared as they will be.
 */
export function placesReleasedByMove(input: {
  moved: ReadonlyMap<number, Span>;
  places: readonly PlaceOnMovedSession[];
  held: readonly HeldBooking[];
}): OverlapRelease[] {
  const { moved, places, held } = input;
  const timeOf = (booking: HeldBooking): Span => moved.get(booking.sessionId) ?? booking;
  const released = new Set<number>();
  const releases: OverlapRelease[] = [];
  const ordered = [...places].sort(
    (a, b) =>
      (moved.get(a.sessionId)?.startsAt ?? 0) - (moved.get(b.sessionId)?.startsAt ?? 0) || a.bookingId - b.bookingId,
  );
  for (const place of ordered) {
    const newTime = moved.get(place.sessionId);
    if (!newTime) continue;
    const kept = held
      .filter(
        (b) =>
          b.personId === place.personId &&
          b.sessionId !== place.sessionId &&
          !released.has(b.bookingId) &&
          overlaps(timeOf(b), newTime),
      )
      .sort((a, b) => timeOf(a).startsAt - timeOf(b).startsAt)[0];
    if (!kept) continue;
    released.add(place.bookingId);
    releases.push({ ...place, newTime, kept: { ...kept, ...timeOf(kept) } });
  }
  return releases;
}

/** What the host confirmed: the places they were shown, as one comparable text ("12,15"). */
export function releasesKey(releases: readonly Pick<OverlapRelease, "bookingId">[]): string {
  return releases
    .map((r) => r.bookingId)
    .sort((a, b) => a - b)
    .join(",");
}
