/**
 * The host's forms: publishing one session or a weekly series, changing a session, and the
 * session page's attendance, note and cancel forms. The session forms read every field as text
 * and give every problem at once, each as a sentence beside its field; the action checks again.
 * A detail kept as text refuses control characters (./text.ts), and every session asked for must
 * start and end within the years Frontline keeps (`outsideKeptYears`, app/domain/time.ts).
 *
 * A session's details are one definition, `SESSION_DETAIL_FIELDS`, keyed by the database's
 * detail columns: the forms read it, an edit compares and records it, a series split copies it.
 * Adding an optional text field to sessions (say, a dress code) is edited by hand in:
 *   1. db/schema.ts, `sessionDetails()`: the column, `text("dress_code").notNull().default("")`
 *      (then `npm run db:generate` for the migration);
 *   2. app/domain/hosting.ts: its entry in `TEXT_DETAILS` (its label, its most characters, a hint;
 *      it is typed on one line);
 *   3. the demo company (db/demo), if some sessions should have one; and its tests.
 * From that entry it is read here (trimmed, at most its characters, its label as the audit log's
 * word), asked for on the host's form, shown on the host's and the shadow's session pages and in
 * calendar events. Any other column is handled by name in each list keyed by the details, and
 * does not compile until it is: the entries below, `DETAIL_INPUTS` (app/components/session-form.tsx),
 * `DETAIL_ROWS` (app/components/hosting/session-details.tsx) and the calendar's `detailColumns`
 * (app/models/calendar/rows.server.ts).
 */
import type { SubmissionResult } from "@conform-to/react";
import { z } from "zod";
import { CANCEL_REASON_MAX, HOST_NOTE_MAX } from "~/domain/bookings";
import {
  CUSTOMER_MAX,
  isMeetingLink,
  LINK_MAX,
  LOCATION_MAX,
  MINUTES_MAX,
  MINUTES_MIN,
  NOTES_MAX,
  REPEAT_CHOICES,
  SEATS_MAX,
  type EditScope,
  type KindFacts,
  type NewSessionPlan,
  type RepeatChoice,
  type SessionDetailField,
  type SessionDetails,
  type SessionEdit,
  type TextDetailField,
  TEXT_DETAIL_LIST,
} from "~/domain/hosting";
import {
  MAX_OCCURRENCES,
  MIN_OCCURRENCES,
  occurrenceAt,
  planOutsideKeptYears,
  rruleForPlan,
  weeklyOccurrences,
  type SeriesEnd,
} from "~/domain/recurrence";
import { normaliseLineBreaks, type TextShape } from "~/domain/text";
import { daysBetween, isDay, isLocalTime, localInstant, outsideKeptYearsMessage } from "~/domain/time";
import { multiLine, textIssue } from "./text";

type Issue = (field: string, message: string) => void;

/** What the person typed in each detail field, "" for a field left empty. */
type DetailText = Record<SessionDetailField, string>;

/** How a detail kept as text is typed: on one line or several, and how its sentences name it. */
interface Typing {
  shape: TextShape;
  /** "the location", as in "Remove the invisible control character from the location." */
  what: string;
}

type DetailField<Value> = {
  /** The word the audit log uses when it changes: "Session of … changed: seats, notes." */
  word: string;
  /** What the new-session form starts with. */
  fresh: Value;
  /** The value of the typed text; a problem is told with `issue`, beside the field. */
  read: (text: DetailText, kind: KindFacts | undefined, issue: Issue) => Value;
  // A detail kept as text says how it is typed, so its control characters are refused before it is read.
} & (Value extends string ? { typing: Typing } : { typing?: never });

function wholeNumber(value: string): number | null {
  const trimmed = value.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

function seatsOf(text: string): number | null {
  const seats = wholeNumber(text);
  return seats !== null && seats >= 1 && seats <= SEATS_MAX ? seats : null;
}

/** An optional line of text of at most `max` characters. */
function optionalText(field: SessionDetailField, max: number, tooLong: string): DetailField<string>["read"] {
  return (text, _kind, issue) => {
    const value = text[field].trim();
    if (value.length > max) issue(field, tooLong);
    return value;
  };
}

/** The details read by their own rules: every column of `sessionDetails()` not in TEXT_DETAILS. */
const SPECIAL_DETAIL_FIELDS = {
  location: {
    word: "location",
    typing: { shape: "line", what: "the location" },
    fresh: "",
    // Only the place the kind uses is kept, so a switched kind leaves no stale address or link behind.
    read: (text, kind, issue) => {
      if (!kind?.onSite) return "";
      const location = text.location.trim();
      if (!location) issue("location", "Say where the session takes place: an address or a site name.");
      else if (location.length > LOCATION_MAX) issue("location", `Keep the location to ${LOCATION_MAX} characters.`);
      return location;
    },
  },
  meetingUrl: {
    word: "meeting link",
    typing: { shape: "line", what: "the meeting link" },
    fresh: "",
    read: (text, kind, issue) => {
      if (!kind || kind.onSite) return "";
      const meetingUrl = text.meetingUrl.trim();
      // The hint beside the field says how a link looks; the error says only what is wrong with this one.
      if (!meetingUrl) issue("meetingUrl", "Enter the meeting link.");
      else if (meetingUrl.length > LINK_MAX) issue("meetingUrl", `Keep the meeting link to ${LINK_MAX} characters.`);
      else if (/^http:\/\//i.test(meetingUrl)) {
        issue("meetingUrl", "That isn't a valid meeting link: it starts with http://, not https://.");
      } else if (!isMeetingLink(meetingUrl)) issue("meetingUrl", "That isn't a valid meeting link.");
      return meetingUrl;
    },
  },
  customerName: {
    word: "customer",
    typing: { shape: "line", what: "the customer name" },
    fresh: "",
    read: (text, _kind, issue) => {
      const customerName = text.customerName.trim();
      if (customerName.length > CUSTOMER_MAX) {
        issue("customerName", `Keep the customer name to ${CUSTOMER_MAX} characters.`);
      } else if (text.customerConfidential !== "" && !customerName) {
        issue("customerName", "Enter the customer's name, or untick “confidential”.");
      }
      return customerName;
    },
  },
  customerConfidential: {
    word: "confidentiality",
    fresh: false,
    read: (text) => text.customerConfidential !== "",
  },
  seats: {
    word: "seats",
    fresh: 2,
    read: (text, _kind, issue) => {
      const seats = seatsOf(text.seats);
      if (text.seats.trim() === "") issue("seats", `Say how many shadows can join (1 to ${SEATS_MAX}).`);
      else if (seats === null) issue("seats", `Seats must be a whole number from 1 to ${SEATS_MAX}.`);
      return seats ?? 0;
    },
  },
  departmentCap: {
    word: "department cap",
    fresh: null,
    read: (text, _kind, issue) => {
      if (text.departmentCap.trim() === "") return null;
      const cap = wholeNumber(text.departmentCap);
      const seats = seatsOf(text.seats);
      if (cap === null || cap < 1) {
        issue(
          "departmentCap",
          "The department cap is a whole number of people, 1 or more — or leave it empty for no cap.",
        );
      } else if (seats !== null && cap > seats) {
        issue("departmentCap", `The department cap can't be more than the seats (${seats}).`);
      }
      return cap;
    },
  },
  notes: {
    word: "notes",
    typing: { shape: "lines", what: "the notes" },
    fresh: "",
    read: optionalText("notes", NOTES_MAX, `Keep the notes to ${NOTES_MAX} characters.`),
  },
} satisfies { [F in Exclude<SessionDetailField, TextDetailField>]: DetailField<SessionDetails[F]> };

/** The plain text details (TEXT_DETAILS): trimmed, at most their characters, empty when new. */
const TEXT_DETAIL_FIELDS = Object.fromEntries(
  TEXT_DETAIL_LIST.map(([field, { label, max }]) => {
    const word = label.toLowerCase();
    const read = optionalText(field, max, `Keep the ${word} to ${max} characters.`);
    const typing: Typing = { shape: "line", what: `the ${word}` };
    return [field, { word, typing, fresh: "", read }];
  }),
) as { [F in TextDetailField]: DetailField<string> };

/**
 * Every detail a host gives a session, one entry per column of `sessionDetails()` (db/schema.ts):
 * a column neither in TEXT_DETAILS nor given an entry above does not compile.
 */
export const SESSION_DETAIL_FIELDS: { [F in SessionDetailField]: DetailField<SessionDetails[F]> } = {
  ...SPECIAL_DETAIL_FIELDS,
  ...TEXT_DETAIL_FIELDS,
};

export const DETAIL_FIELD_NAMES = Object.keys(SESSION_DETAIL_FIELDS) as SessionDetailField[];

function eachDetail<T>(value: (field: SessionDetailField) => T): Record<SessionDetailField, T> {
  return Object.fromEntries(DETAIL_FIELD_NAMES.map((field) => [field, value(field)])) as Record<SessionDetailField, T>;
}

/** The details a new session's form starts with. */
export const FRESH_DETAILS = eachDetail((field) => SESSION_DETAIL_FIELDS[field].fresh) as SessionDetails;

/** A form field's text for a value: a ticked box is "on", no number is "". */
function asText(value: string | number | boolean | null): string {
  if (typeof value === "boolean") return value ? "on" : "";
  return value === null ? "" : String(value);
}

/** Just the details of a session (or series) row. */
export function detailsOf(row: SessionDetails): SessionDetails {
  return eachDetail((field) => row[field]) as SessionDetails;
}

/** The details as the session form shows them. */
export function detailsAsText(details: SessionDetails): DetailText {
  return eachDetail((field) => asText(details[field]));
}

function readDetails(typed: DetailText, kind: KindFacts | undefined, issue: Issue): SessionDetails {
  const text = { ...typed };
  const refused = new Set<SessionDetailField>();
  for (const field of DETAIL_FIELD_NAMES) {
    const { typing } = SESSION_DETAIL_FIELDS[field];
    if (!typing) continue;
    if (typing.shape === "lines") text[field] = normaliseLineBreaks(text[field]);
    const problem = textIssue(text[field], typing.shape, typing.what);
    if (problem) {
      issue(field, problem);
      refused.add(field);
    }
  }
  return eachDetail((field) => {
    const detail = SESSION_DETAIL_FIELDS[field];
    return refused.has(field) ? detail.fresh : detail.read(text, kind, issue);
  }) as SessionDetails;
}

// Conform hands an empty field over as undefined.
const typed = z.string().optional();
const textOf = <K extends string>(raw: Partial<Record<K, string>>, names: readonly K[]) =>
  Object.fromEntries(names.map((name) => [name, raw[name] ?? ""])) as Record<K, string>;

const WHEN_FIELDS = ["date", "startTime", "durationMinutes"] as const;
const SESSION_FIELDS = { ...eachDetail(() => typed), date: typed, startTime: typed, durationMinutes: typed };

/** The day, start time and length every session form asks for; null where there is a problem. */
function readWhen(text: Record<(typeof WHEN_FIELDS)[number], string>, kind: KindFacts | undefined, issue: Issue) {
  const date = text.date.trim();
  if (!date) issue("date", "Enter the date of the session.");
  else if (!isDay(date)) issue("date", "Enter a real date, like 2027-03-16.");

  const startTime = text.startTime.trim();
  if (!startTime) issue("startTime", "Enter the start time, like 10:00.");
  else if (!isLocalTime(startTime)) issue("startTime", "Enter the start time as hours and minutes, like 10:00.");

  let durationMinutes: number | null = kind?.defaultMinutes ?? null;
  if (text.durationMinutes.trim() !== "") {
    durationMinutes = wholeNumber(text.durationMinutes);
    if (durationMinutes === null || durationMinutes < MINUTES_MIN || durationMinutes > MINUTES_MAX) {
      issue("durationMinutes", `Enter the length in whole minutes, from ${MINUTES_MIN} to ${MINUTES_MAX}.`);
      durationMinutes = null;
    }
  }
  return { date, startTime, durationMinutes };
}

function mustStartInFuture(
  when: { date: string; startTime: string },
  context: { timeZone: string; now: number },
  issue: Issue,
) {
  if (!isDay(when.date) || !isLocalTime(when.startTime)) return;
  if (localInstant(when.date, when.startTime, context.timeZone) <= context.now) {
    issue("startTime", "The session must start in the future — pick a later date or time.");
  }
}

/**
 * Whether the sessions asked for fall within the years Frontline keeps, in UTC: told beside the
 * date, or beside how the series ends. True when they do.
 */
function withinKeptYears(plan: Parameters<typeof planOutsideKeptYears>[0], issue: Issue): boolean {
  const outside = planOutsideKeptYears(plan);
  if (!outside) return true;
  if (outside.part === "first") issue("date", outsideKeptYearsMessage(outside.side, "date"));
  else if (plan.end && "count" in plan.end) {
    issue("count", "The series would run past the end of 9999, counted in UTC: give it fewer sessions.");
  } else issue("untilDate", outsideKeptYearsMessage(outside.side, "last date"));
  return false;
}

/** Collects the problems of one submission; `failed` says whether there was any. */
function problems(ctx: z.RefinementCtx) {
  const state = { failed: false };
  const issue: Issue = (field, message) => {
    state.failed = true;
    ctx.addIssue({ code: "custom", path: [field], message });
  };
  return { state, issue };
}

/** How the weekly series ends, or null for a single session (or when that part has a problem). */
function readSeriesEnd(
  text: { repeat: string; count: string; untilDate: string },
  firstDate: string,
  issue: Issue,
): SeriesEnd | null {
  const repeat: RepeatChoice = (REPEAT_CHOICES as readonly string[]).includes(text.repeat)
    ? (text.repeat as RepeatChoice)
    : "none";
  if (repeat === "weekly_count") {
    const count = wholeNumber(text.count);
    if (count === null || count < MIN_OCCURRENCES || count > MAX_OCCURRENCES) {
      issue("count", `A weekly series has ${MIN_OCCURRENCES} to ${MAX_OCCURRENCES} sessions.`);
      return null;
    }
    return { count };
  }
  if (repeat === "weekly_until") {
    const untilDate = text.untilDate.trim();
    if (!untilDate) issue("untilDate", "Enter the date of the last session.");
    else if (!isDay(untilDate)) issue("untilDate", "Enter a real date, like 2027-06-29.");
    else if (isDay(firstDate)) {
      const days = daysBetween(firstDate, untilDate);
      if (days <= 0) issue("untilDate", "The last date must be after the first date.");
      else if (days < 7) {
        issue("untilDate", "Pick a last date at least a week after the first, so the series has two or more sessions.");
      } else if (Math.floor(days / 7) + 1 > MAX_OCCURRENCES) {
        issue("untilDate", `That would make more than ${MAX_OCCURRENCES} sessions — pick an earlier last date.`);
      } else return { untilDate };
    }
  }
  return null;
}

/** The form to publish one session or a weekly series, in the host's zone. */
export function newSessionSchema(context: { kinds: readonly KindFacts[]; timeZone: string; now: number }) {
  return z
    .object({ ...SESSION_FIELDS, kindId: typed, repeat: typed, count: typed, untilDate: typed })
    .transform((raw, ctx): NewSessionPlan => {
      const { state, issue } = problems(ctx);
      const kindId = (raw.kindId ?? "").trim();
      const kind = context.kinds.find((k) => String(k.id) === kindId);
      if (!kind) issue("kindId", "Choose what kind of session this is.");
      const when = readWhen(textOf(raw, WHEN_FIELDS), kind, issue);
      const details = readDetails(textOf(raw, DETAIL_FIELD_NAMES), kind, issue);
      mustStartInFuture(when, context, issue);
      const end = readSeriesEnd(textOf(raw, ["repeat", "count", "untilDate"] as const), when.date, issue);

      if (state.failed || !kind || when.durationMinutes === null) return z.NEVER;
      const { date, startTime, durationMinutes } = when;
      const { timeZone } = context;
      if (!withinKeptYears({ firstDate: date, startTime, timeZone, durationMinutes, end }, issue)) return z.NEVER;
      const occurrences = end
        ? weeklyOccurrences({ firstDate: date, startTime, timeZone, durationMinutes, end })
        : [occurrenceAt(date, startTime, timeZone, durationMinutes)];
      return {
        kind,
        firstDate: date,
        startTime,
        durationMinutes,
        details,
        occurrences,
        rrule: end ? rruleForPlan({ end, timeZone }) : null,
      };
    });
}

/** The form to change one session, or it and the following ones of its series. */
export function editSessionSchema(context: { kind: KindFacts; timeZone: string; now: number; inSeries: boolean }) {
  return z.object({ ...SESSION_FIELDS, scope: typed }).transform((raw, ctx): SessionEdit => {
    const { state, issue } = problems(ctx);
    const when = readWhen(textOf(raw, WHEN_FIELDS), context.kind, issue);
    const details = readDetails(textOf(raw, DETAIL_FIELD_NAMES), context.kind, issue);
    mustStartInFuture(when, context, issue);
    const scope: EditScope = context.inSeries && raw.scope === "following" ? "following" : "one";
    if (state.failed || when.durationMinutes === null) return z.NEVER;
    const { date, startTime, durationMinutes } = when;
    const plan = { firstDate: date, startTime, timeZone: context.timeZone, durationMinutes, end: null };
    if (!withinKeptYears(plan, issue)) return z.NEVER;
    return { scope, date: when.date, startTime: when.startTime, durationMinutes: when.durationMinutes, details };
  });
}

// ---- The session page's forms ------------------------------------------------------------------

const bookingId = z.number({ error: "That booking isn't on this session." }).int().positive();

/** The host confirms a seat was used ("attended"), not used ("no_show"), or undoes that ("booked"). */
export const AttendanceSchema = z.object({
  intent: z.literal("attendance"),
  bookingId,
  status: z.enum(["attended", "no_show", "booked"], { error: "Choose attended, no-show or undo." }),
});

/** The host's own note on a shadow's seat; an empty note removes it. */
export const HostNoteSchema = z.object({
  intent: z.literal("note"),
  bookingId,
  note: multiLine("the note").max(HOST_NOTE_MAX, `Keep the note to ${HOST_NOTE_MAX} characters.`).default(""),
});

/**
 * Calling a session off, or it and the following sessions of its series, with an optional reason
 * shown to the people booked. Anything but "following" is this session alone.
 */
export const CancelSessionSchema = z.object({
  intent: z.literal("cancel"),
  scope: z
    .string()
    .optional()
    .transform((scope): EditScope => (scope === "following" ? "following" : "one")),
  reason: multiLine("the reason")
    .default("")
    .refine(
      (reason) => reason.trim().length <= CANCEL_REASON_MAX,
      `Keep the reason to ${CANCEL_REASON_MAX} characters.`,
    ),
});

export type SessionPageIntent = "attendance" | "note" | "cancel";

/** What the session page's action answers when it refuses a form: which form, whose seat, and why. */
export interface SessionPageRefusal {
  intent: SessionPageIntent | null;
  bookingId: number | null;
  /** Conform's reply, for the form to show its errors and keep what was typed. */
  result: SubmissionResult<string[]> | null;
  /** The sentence shown at the top of the page for a roster form. */
  message: string | null;
}
