/**
 * What a host may publish: the rules of a session's form, for one session, a weekly series and an
 * edit, as zod schemas that return every problem at once, each as a sentence beside its field.
 */
import { z } from "zod";
import {
  daysBetween,
  isLocalTime,
  localInstant,
  MAX_OCCURRENCES,
  MIN_OCCURRENCES,
  occurrenceAt,
  rruleForPlan,
  weeklyOccurrences,
  type Occurrence,
  type SeriesEnd,
} from "./recurrence";
import { isCalendarDate } from "./time";

export const SEATS_MAX = 50;
export const MINUTES_MIN = 5;
export const MINUTES_MAX = 1440;
export const CUSTOMER_MAX = 200;
export const LOCATION_MAX = 300;
export const LINK_MAX = 500;
export const NOTES_MAX = 2000;

export interface KindFacts {
  id: number;
  name: string;
  defaultMinutes: number;
  onSite: boolean;
}

/** The details a session (and its series) hands to shadows. */
export interface SessionDetailsFields {
  location: string;
  meetingUrl: string;
  customerName: string;
  customerConfidential: boolean;
  seats: number;
  departmentCap: number | null;
  notes: string;
}

/** The host runs their own sessions; an admin may run anyone's. */
export function mayManageSession(
  viewer: { id: number; isAdmin: boolean },
  session: { hostId: number },
): boolean {
  return viewer.id === session.hostId || viewer.isAdmin;
}

export const REPEAT_CHOICES = ["none", "weekly_count", "weekly_until"] as const;
export type RepeatChoice = (typeof REPEAT_CHOICES)[number];

export const EDIT_SCOPES = ["one", "following"] as const;
export type EditScope = (typeof EDIT_SCOPES)[number];

export interface NewSessionPlan {
  kind: KindFacts;
  firstDate: string;
  startTime: string;
  durationMinutes: number;
  details: SessionDetailsFields;
  occurrences: Occurrence[];
  /** Null for a session that does not repeat. */
  rrule: string | null;
}

export interface SessionEdit {
  scope: EditScope;
  date: string;
  startTime: string;
  durationMinutes: number;
  details: SessionDetailsFields;
}

const text = z.string().optional().default("");
const isDate = isCalendarDate;

function wholeNumber(value: string): number | null {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  return Number(trimmed);
}

/** A meeting link people can open from anywhere: https, with a real host name. */
export function isMeetingLink(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      url.protocol === "https:" &&
      url.hostname.includes(".") &&
      !url.username &&
      !url.password
    );
  } catch {
    return false;
  }
}

type Issue = (field: string, message: string) => void;

const detailFields = {
  location: text,
  meetingUrl: text,
  customerName: text,
  customerConfidential: text,
  seats: text,
  departmentCap: text,
  notes: text,
  durationMinutes: text,
  date: text,
  startTime: text,
};

type DetailRaw = { [K in keyof typeof detailFields]: string };

/** Reads the fields every session form shares; undefined where a field has a problem. */
function readDetails(
  raw: DetailRaw,
  kind: KindFacts | undefined,
  issue: Issue,
) {
  const date = raw.date.trim();
  if (!date) issue("date", "Enter the date of the session.");
  else if (!isDate(date)) issue("date", "Enter a real date, like 2027-03-16.");

  const startTime = raw.startTime.trim();
  if (!startTime) issue("startTime", "Enter the start time, like 10:00.");
  else if (!isLocalTime(startTime))
    issue(
      "startTime",
      "Enter the start time as hours and minutes, like 10:00.",
    );

  let durationMinutes: number | null = null;
  if (raw.durationMinutes.trim() === "")
    durationMinutes = kind?.defaultMinutes ?? null;
  else {
    durationMinutes = wholeNumber(raw.durationMinutes);
    if (
      durationMinutes === null ||
      durationMinutes < MINUTES_MIN ||
      durationMinutes > MINUTES_MAX
    ) {
      issue(
        "durationMinutes",
        `Enter the length in whole minutes, from ${MINUTES_MIN} to ${MINUTES_MAX}.`,
      );
      durationMinutes = null;
    }
  }

  const seats = wholeNumber(raw.seats);
  if (raw.seats.trim() === "")
    issue("seats", "Say how many shadows can join (1 to 50).");
  else if (seats === null || seats < 1 || seats > SEATS_MAX)
    issue("seats", `Seats must be a whole number from 1 to ${SEATS_MAX}.`);
  const seatsOk = seats !== null && seats >= 1 && seats <= SEATS_MAX;

  let departmentCap: number | null = null;
  if (raw.departmentCap.trim() !== "") {
    departmentCap = wholeNumber(raw.departmentCap);
    if (departmentCap === null || departmentCap < 1) {
      issue(
        "departmentCap",
        "The department cap is a whole number of people, 1 or more — or leave it empty for no cap.",
      );
    } else if (seatsOk && departmentCap > seats!) {
      issue(
        "departmentCap",
        `The department cap can't be more than the seats (${seats}).`,
      );
    }
  }

  const location = raw.location.trim();
  const meetingUrl = raw.meetingUrl.trim();
  if (kind?.onSite) {
    if (!location)
      issue(
        "location",
        "Say where the session takes place: an address or a site name.",
      );
    else if (location.length > LOCATION_MAX)
      issue("location", `Keep the location to ${LOCATION_MAX} characters.`);
  } else if (kind) {
    if (!meetingUrl)
      issue(
        "meetingUrl",
        "Paste the meeting link shadows will join, starting with https://.",
      );
    else if (meetingUrl.length > LINK_MAX || !isMeetingLink(meetingUrl)) {
      issue(
        "meetingUrl",
        "That isn't a valid meeting link — paste the whole address, starting with https://.",
      );
    }
  }

  const customerName = raw.customerName.trim();
  if (customerName.length > CUSTOMER_MAX)
    issue(
      "customerName",
      `Keep the customer name to ${CUSTOMER_MAX} characters.`,
    );
  const customerConfidential = raw.customerConfidential !== "";
  if (customerConfidential && !customerName) {
    issue(
      "customerName",
      "Enter the customer's name, or untick “confidential”.",
    );
  }

  const notes = raw.notes.trim();
  if (notes.length > NOTES_MAX)
    issue("notes", `Keep the notes to ${NOTES_MAX} characters.`);

  return {
    date,
    startTime,
    durationMinutes,
    details: {
      // Only the field the kind uses is kept, so a switched kind leaves no stale address or link behind.
      location: kind?.onSite ? location : "",
      meetingUrl: kind && !kind.onSite ? meetingUrl : "",
      customerName,
      customerConfidential,
      seats: seats ?? 0,
      departmentCap,
      notes,
    } satisfies SessionDetailsFields,
  };
}

function startsInFuture(
  date: string,
  startTime: string,
  timeZone: string,
  now: number,
): boolean | null {
  if (!isDate(date) || !isLocalTime(startTime)) return null;
  return localInstant(date, startTime, timeZone) > now;
}

/** The form to publish one session or a weekly series, in the host's zone. */
export function newSessionSchema(context: {
  kinds: readonly KindFacts[];
  timeZone: string;
  now: number;
}) {
  return z
    .object({
      ...detailFields,
      kindId: text,
      repeat: text,
      count: text,
      untilDate: text,
    })
    .transform((raw, ctx): NewSessionPlan => {
      let failed = false;
      const issue: Issue = (field, message) => {
        failed = true;
        ctx.addIssue({ code: "custom", path: [field], message });
      };
      const kind = context.kinds.find(
        (k) => String(k.id) === raw.kindId.trim(),
      );
      if (!kind) issue("kindId", "Choose what kind of session this is.");
      const read = readDetails(raw, kind, issue);

      const future = startsInFuture(
        read.date,
        read.startTime,
        context.timeZone,
        context.now,
      );
      if (future === false)
        issue(
          "startTime",
          "The session must start in the future — pick a later date or time.",
        );

      const repeat = (REPEAT_CHOICES as readonly string[]).includes(raw.repeat)
        ? (raw.repeat as RepeatChoice)
        : "none";
      let end: SeriesEnd | null = null;
      if (repeat === "weekly_count") {
        const count = wholeNumber(raw.count);
        if (
          count === null ||
          count < MIN_OCCURRENCES ||
          count > MAX_OCCURRENCES
        ) {
          issue(
            "count",
            `A weekly series has ${MIN_OCCURRENCES} to ${MAX_OCCURRENCES} sessions.`,
          );
        } else end = { count };
      } else if (repeat === "weekly_until") {
        const untilDate = raw.untilDate.trim();
        if (!untilDate)
          issue("untilDate", "Enter the date of the last session.");
        else if (!isDate(untilDate))
          issue("untilDate", "Enter a real date, like 2027-06-29.");
        else if (isDate(read.date)) {
          const days = daysBetween(read.date, untilDate);
          if (days <= 0)
            issue("untilDate", "The last date must be after the first date.");
          else if (days < 7) {
            issue(
              "untilDate",
              "Pick a last date at least a week after the first, so the series has two or more sessions.",
            );
          } else if (Math.floor(days / 7) + 1 > MAX_OCCURRENCES) {
            issue(
              "untilDate",
              `That would make more than ${MAX_OCCURRENCES} sessions — pick an earlier last date.`,
            );
          } else end = { untilDate };
        }
      }

      if (failed || !kind || read.durationMinutes === null) return z.NEVER;
      const plan = {
        firstDate: read.date,
        startTime: read.startTime,
        timeZone: context.timeZone,
        durationMinutes: read.durationMinutes,
      };
      const occurrences = end
        ? weeklyOccurrences({ ...plan, end })
        : [
            occurrenceAt(
              plan.firstDate,
              plan.startTime,
              plan.timeZone,
              plan.durationMinutes,
            ),
          ];
      return {
        kind,
        firstDate: read.date,
        startTime: read.startTime,
        durationMinutes: read.durationMinutes,
        details: read.details,
        occurrences,
        rrule: end ? rruleForPlan({ end, timeZone: context.timeZone }) : null,
      };
    });
}

/** The form to change one session, or it and the following ones of its series. */
export function editSessionSchema(context: {
  kind: KindFacts;
  timeZone: string;
  now: number;
  inSeries: boolean;
}) {
  return z
    .object({ ...detailFields, scope: text })
    .transform((raw, ctx): SessionEdit => {
      let failed = false;
      const issue: Issue = (field, message) => {
        failed = true;
        ctx.addIssue({ code: "custom", path: [field], message });
      };
      const read = readDetails(raw, context.kind, issue);
      const future = startsInFuture(
        read.date,
        read.startTime,
        context.timeZone,
        context.now,
      );
      if (future === false)
        issue(
          "startTime",
          "The session must start in the future — pick a later date or time.",
        );
      const scope: EditScope =
        context.inSeries && raw.scope === "following" ? "following" : "one";
      if (failed || read.durationMinutes === null) return z.NEVER;
      return {
        scope,
        date: read.date,
        startTime: read.startTime,
        durationMinutes: read.durationMinutes,
        details: read.details,
      };
    });
}

export type SessionUpdateRefusal =
  | { code: "session_not_found" }
  | { code: "not_host" }
  | { code: "session_cancelled" }
  | { code: "session_started" }
  | { code: "start_in_past" }
  | { code: "seats_below_taken"; seated: number; startsAt: number };

/** The field a refusal belongs beside, and its sentence. */
export function sessionUpdateMessage(
  reason: SessionUpdateRefusal,
  describeDay: (ms: number) => string,
): { field: string | null; message: string } {
  switch (reason.code) {
    case "session_not_found":
      return { field: null, message: "That session doesn't exist." };
    case "not_host":
      return {
        field: null,
        message: "Only the session's host or an admin can change it.",
      };
    case "session_cancelled":
      return {
        field: null,
        message: "This session was cancelled, so it can't be changed.",
      };
    case "session_started":
      return {
        field: null,
        message: "This session has already started, so it can't be changed.",
      };
    case "start_in_past":
      return {
        field: "startTime",
        message:
          "The session must start in the future — pick a later date or time.",
      };
    case "seats_below_taken": {
      const taken =
        reason.seated === 1 ? "1 seat is" : `${reason.seated} seats are`;
      return {
        field: "seats",
        message: `${taken} already taken on ${describeDay(reason.startsAt)}, so seats can't go below ${reason.seated}.`,
      };
    }
  }
}
