/**
 * The .ics of a subscription feed, written straight into UTF-8 bytes: exactly the bytes of
 * ical-generator's text of `feedCalendar(feed)` (property tests hold it to that, broken text
 * included), about a hundred times faster. ical-generator writes the calendar's head; the events
 * are written here, by `writeCalendar`, which writes the invites too (`invite-writer.ts`).
 * ical-generator's own path builds an object per event and folds lines with a TextEncoder per
 * character (about a second for 500 events), and building the text first would copy half a
 * megabyte several times over.
 */
import type { ICalCalendar } from "ical-generator";
import { DAY } from "../time";
import type { AttendeeStatus, CalendarContact, CalendarEventData, CalendarEventStatus } from "./event";
import type { FeedCalendarData } from "./feeds";
import {
  ATTENDEE_ROLE,
  ATTENDEE_RSVP,
  ATTENDEE_STATUS,
  BUSY_STATUS,
  EVENT_STATUS,
  feedShell,
  parameterText,
} from "./ical";

const END_OF_CALENDAR = "END:VCALENDAR";

/**
 * A calendar without events as ical-generator writes it (folded), up to where its events go:
 * a handful of constants per kind of calendar, so each is written once and kept.
 */
export function headOf(shell: ICalCalendar): string {
  const text = shell.toString();
  if (!text.endsWith(`\r\n${END_OF_CALENDAR}`)) throw new Error("Unexpected calendar layout from ical-generator");
  return text.slice(0, -END_OF_CALENDAR.length);
}

/** The calendar's head (VERSION to X-PUBLISHED-TTL) of each feed, by name, description and refresh. */
const feedHeads = new Map<string, string>();

function feedHead(feed: FeedCalendarData): string {
  const key = JSON.stringify([feed.name, feed.description ?? null, feed.refreshMinutes]);
  let head = feedHeads.get(key);
  if (head === undefined) {
    head = headOf(feedShell(feed));
    if (feedHeads.size >= 64) feedHeads.clear();
    feedHeads.set(key, head);
  }
  return head;
}

const utf8 = new TextDecoder();

/**
 * The .ics text of a subscription feed: exactly `feedCalendar(feed).toString()` (tests hold it to
 * that), written by `feedBytes`.
 */
export function feedFor(feed: FeedCalendarData): string {
  return utf8.decode(feedBytes(feed));
}

/** The .ics of a subscription feed as UTF-8: the bytes of ical-generator's text of `feedCalendar(feed)`. */
export function feedBytes(feed: FeedCalendarData): Uint8Array<ArrayBuffer> {
  return writeCalendar(feedHead(feed), feed.events, false);
}

/**
 * A calendar as UTF-8: its head from `headOf`, then each event as ical-generator 10 writes it for
 * `eventData(event, withAttendees)` in a calendar without a time zone (the same properties in the
 * same order, the same escapes and folds), then its end. Feeds carry no attendees; invites do.
 */
export function writeCalendar(
  head: string,
  events: readonly CalendarEventData[],
  withAttendees: boolean,
): Uint8Array<ArrayBuffer> {
  // Room for what is usual (ASCII text, a few escapes and folds); the writer grows if a calendar needs more.
  let capacity = head.length * 3;
  for (const event of events) {
    capacity +=
      480 +
      event.uid.length +
      event.summary.length +
      event.description.length +
      event.location.length +
      event.url.length;
    capacity += event.organizer.name.length + event.organizer.email.length;
    if (withAttendees) {
      for (const attendee of event.attendees) capacity += 80 + attendee.name.length + 2 * attendee.email.length;
    }
  }
  const out = new IcsWriter(Math.ceil(capacity * 1.1));
  out.verbatim(head);
  const organizers = new Map<string, string>();
  for (const event of events) writeEvent(out, event, organizers, withAttendees);
  out.verbatim(END_OF_CALENDAR);
  return out.bytes();
}

/** One VEVENT: its properties in ical-generator's order, ATTENDEE lines after the ORGANIZER. */
function writeEvent(
  out: IcsWriter,
  event: CalendarEventData,
  organizers: Map<string, string>,
  withAttendees: boolean,
): void {
  // A feed has a few hosts and many events: each host's name is made fit for CN="…" once.
  let organizerName = organizers.get(event.organizer.name);
  if (organizerName === undefined)
    organizers.set(event.organizer.name, (organizerName = parameterText(event.organizer.name)));
  const organizer = { name: organizerName || event.organizer.email, email: event.organizer.email };
  refuseUnwritable(event, organizer, withAttendees);
  // ical-generator swaps a start that comes after the end.
  const start = Math.min(event.start, event.end);
  const end = Math.max(event.start, event.end);
  out.ascii("BEGIN:VEVENT\r\n");
  out.field("UID:", event.uid, RAW);
  out.field("SEQUENCE:", String(event.sequence), RAW);
  out.dateLine("DTSTAMP:", event.lastModified);
  out.dateLine("DTSTART:", start);
  out.dateLine("DTEND:", end);
  out.field("SUMMARY:", event.summary || "", TEXT);
  if (event.location) out.field("LOCATION:", event.location, TEXT);
  if (event.description) out.field("DESCRIPTION:", event.description, TEXT);
  out.field('ORGANIZER;CN="', organizer.name, QUOTED, '":mailto:', organizer.email);
  if (withAttendees) {
    for (const attendee of event.attendees) {
      const name = parameterText(attendee.name) || attendee.email;
      out.field(ATTENDEE_HEADS[attendee.partstat], name, QUOTED, '":MAILTO:', attendee.email);
    }
  }
  if (event.url) out.field("URL;VALUE=URI:", event.url, TEXT);
  out.ascii(STATUS_LINES[event.status]);
  out.dateLine("CREATED:", event.created);
  out.dateLine("LAST-MODIFIED:", event.lastModified);
  out.ascii("END:VEVENT\r\n");
}

/**
 * Refuses what ical-generator refuses, in its order and in its words, so a broken event fails the
 * same way on either path; and an event without a UID, for which ical-generator would make up a
 * random one: a feed's UIDs must stay the same from poll to poll, and a cancellation must carry
 * the UID of the invite it cancels.
 */
function refuseUnwritable(event: CalendarEventData, organizer: CalendarContact, withAttendees: boolean): void {
  if (!event.uid) throw new Error("Every calendar event needs a UID.");
  if (Number.isNaN(Number.parseInt(String(event.sequence), 10))) throw new Error("`sequence` must be a number!");
  refuseInvalidDate(event.start, "start");
  refuseInvalidDate(event.end, "end");
  refuseInvalidDate(event.lastModified, "stamp");
  if (!organizer.name) throw new Error("`organizer.name` is empty!");
  if (!organizer.email) throw new Error("`organizer.email` is empty!");
  if (withAttendees) {
    for (const attendee of event.attendees) {
      if (!attendee.email) throw new Error("No value for `email` in ICalAttendee given!");
    }
  }
  refuseInvalidDate(event.created, "created");
}

function refuseInvalidDate(ms: number, name: string): void {
  // The range of valid Dates (ECMA-262 TimeClip).
  if (!(Math.abs(ms) <= 8.64e15)) throw new Error(`\`${name}\` has to be a valid date!`);
}

/** The start of an attendee's line, up to the name, by the person's answer. */
const ATTENDEE_HEADS = Object.fromEntries(
  (["accepted", "tentative", "declined", "needs-action"] as const).map((partstat) => [
    partstat,
    `ATTENDEE;ROLE=${ATTENDEE_ROLE};PARTSTAT=${ATTENDEE_STATUS[partstat]};RSVP=${String(ATTENDEE_RSVP).toUpperCase()};CN="`,
  ]),
) as Record<AttendeeStatus, string>;

const STATUS_LINES = Object.fromEntries(
  (["confirmed", "tentative", "cancelled"] as const).map((status) => [
    status,
    `STATUS:${EVENT_STATUS[status].toUpperCase()}\r\nX-MICROSOFT-CDO-BUSYSTATUS:${BUSY_STATUS[status].toUpperCase()}\r\n`,
  ]),
) as Record<CalendarEventStatus, string>;

const utcDays = new Map<number, string>();

/** The UTC date of a day number (days since 1970) as ical-generator writes it: "20261020". */
function utcDay(dayNumber: number): string {
  let day = utcDays.get(dayNumber);
  if (day === undefined) {
    const date = new Date(dayNumber * DAY);
    day = `${date.getUTCFullYear().toString().padStart(4, "0")}${String(date.getUTCMonth() + 1).padStart(2, "0")}${String(date.getUTCDate()).padStart(2, "0")}`;
    // The days of a few years; beyond that the cache starts again rather than grow.
    if (utcDays.size > 4096) utcDays.clear();
    utcDays.set(dayNumber, day);
  }
  return day;
}

/** As given, except that CRLF ends the line (ical-generator folds line by line). */
const RAW = 0;
/** A TEXT value: `\ ; ,` get a backslash, every line break becomes `\n`. */
const TEXT = 1;
/** Inside a quoted parameter: `\ "` get a backslash, every line break becomes `\n`. */
const QUOTED = 2;
type WriteMode = typeof RAW | typeof TEXT | typeof QUOTED;

const PLAIN_BYTE = 0;
const ESCAPED_BYTE = 1;
const CONTINUATION_BYTE = 5;

/**
 * By mode, what each byte of UTF-8 is: plain ASCII, ASCII that is escaped, the first byte of a
 * character of 2, 3 or 4 octets (the number itself), or a continuation byte.
 */
const BYTE_KINDS: Record<WriteMode, Uint8Array> = {
  [RAW]: byteKinds(""),
  [TEXT]: byteKinds("\\;,\r\n"),
  [QUOTED]: byteKinds('\\"\r\n'),
};

function byteKinds(escaped: string): Uint8Array {
  const kinds = new Uint8Array(256);
  for (const char of escaped) kinds[char.charCodeAt(0)] = ESCAPED_BYTE;
  for (let byte = 0x80; byte < 0x100; byte++) {
    kinds[byte] = byte < 0xc0 ? CONTINUATION_BYTE : byte < 0xe0 ? 2 : byte < 0xf0 ? 3 : 4;
  }
  return kinds;
}

/** Where `IcsWriter.field` puts a value's UTF-8 before escaping and folding it. */
let scratch = new Uint8Array(16_384);

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** String.prototype.isWellFormed (Node 20), with a regular expression where it is missing. */
function isWellFormed(value: string): boolean {
  const native = (value as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(value) : !LONE_SURROGATE.test(value);
}

/** By mode, the ASCII characters written as they are (1) rather than escaped or ending a line. */
const PLAIN: Record<WriteMode, Uint8Array> = {
  [RAW]: plainAscii("\r"),
  [TEXT]: plainAscii("\\;,\r\n"),
  [QUOTED]: plainAscii('\\"\r\n'),
};

function plainAscii(special: string): Uint8Array {
  const table = new Uint8Array(128).fill(1);
  for (const char of special) table[char.charCodeAt(0)] = 0;
  return table;
}

const LOW_SURROGATE_FIRST = 0xdc00;
const HIGH_SURROGATE_FIRST = 0xd800;

/**
 * Writes content lines as UTF-8, escaped and folded exactly as ical-generator's `escape` and
 * `foldLines` do with the text: folding counts the octets of each character, where a high
 * surrogate travels with whatever unit follows it (a pair, or a lone surrogate and its neighbour),
 * and the bytes are those of the resulting text, lone surrogates written as U+FFFD.
 */
class IcsWriter {
  // The fields are set in the constructor rather than declared with initialisers: a build that
  // lowers class fields defines each with Object.defineProperty, which slows the writer's loops.
  declare private buf: Uint8Array<ArrayBuffer>;
  declare private pos: number;
  /** Octets on the current physical line, as foldLines counts them. */
  declare private col: number;
  /** A high surrogate that waits for the next unit before it is counted (foldLines' grouping). */
  declare private pendingUnit: number;
  /** A high surrogate already placed in the text that waits to see whether a low one follows. */
  declare private pendingByte: number;

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(4096, capacity));
    this.pos = 0;
    this.col = 0;
    this.pendingUnit = -1;
    this.pendingByte = -1;
  }

  bytes(): Uint8Array<ArrayBuffer> {
    this.flushByte();
    return this.buf.subarray(0, this.pos);
  }

  /** Text that is already folded (the calendar's head from ical-generator). */
  verbatim(text: string): void {
    this.flushByte();
    this.ensure(text.length * 3);
    this.pos += encoder.encodeInto(text, this.buf.subarray(this.pos)).written;
  }

  /** `name` and an instant as UTC DATE-TIME ("20261020T070000Z", as ical-generator's `formatDate`), then CRLF. */
  dateLine(name: string, ms: number): void {
    // Checked with the event (refuseUnwritable); this guards the writer itself.
    if (!(Math.abs(ms) <= 8.64e15)) throw new Error("Dates in a calendar have to be valid dates.");
    const whole = Math.floor(ms / 1000) * 1000;
    const dayNumber = Math.floor(whole / DAY);
    const seconds = (whole - dayNumber * DAY) / 1000;
    this.ascii(name);
    this.ascii(utcDay(dayNumber));
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor(seconds / 60) % 60;
    const secs = seconds % 60;
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 0x54; // T
    buf[pos++] = 0x30 + Math.floor(hours / 10);
    buf[pos++] = 0x30 + (hours % 10);
    buf[pos++] = 0x30 + Math.floor(minutes / 10);
    buf[pos++] = 0x30 + (minutes % 10);
    buf[pos++] = 0x30 + Math.floor(secs / 10);
    buf[pos++] = 0x30 + (secs % 10);
    buf[pos++] = 0x5a; // Z
    buf[pos++] = 0x0d;
    buf[pos++] = 0x0a;
    this.pos = pos;
  }

  /** Whole short lines of ASCII with their CRLF, which need neither escapes nor folds. */
  ascii(text: string): void {
    this.ensure(text.length);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
    this.pos = pos;
  }

  /**
   * One content line, then CRLF: `name` (ASCII, as it is) and `value` in `mode`, and for the
   * organizer a `between` (ASCII) and an e-mail address (TEXT) after it. Well-formed text is escaped
   * and folded on its UTF-8 bytes, where a character's octets are plain to see; text with a lone
   * surrogate, or a CRLF in a raw value, takes the exact (slower) path of `put`.
   */
  field(name: string, value: string, mode: WriteMode, between?: string, email?: string): void {
    const start = this.pos;
    if (this.pendingUnit < 0 && this.pendingByte < 0 && this.col === 0 && !(mode === RAW && value.includes("\r\n"))) {
      // Property names are short ASCII of our own: copied as they are.
      this.ascii(name);
      let col = this.bytePart(value, mode, name.length);
      if (col >= 0 && between !== undefined) col = this.bytePart(between, RAW, col);
      if (col >= 0 && email !== undefined) col = this.bytePart(email, TEXT, col);
      if (col >= 0) {
        this.buf[this.pos++] = 0x0d;
        this.buf[this.pos++] = 0x0a;
        return;
      }
      // A lone surrogate: the line is written again on the exact path.
      this.pos = start;
    }
    this.put(name, RAW);
    this.put(value, mode);
    if (between !== undefined) this.put(between, RAW);
    if (email !== undefined) this.put(email, TEXT);
    this.endLine();
  }

  /**
   * Writes `value` escaped and folded, the line holding `col` octets already, and returns the new
   * count; or returns -1, having written nothing, when `value` holds a lone surrogate.
   */
  private bytePart(value: string, mode: WriteMode, col: number): number {
    this.ensure(value.length * 8 + 8);
    if (scratch.length < value.length * 3) scratch = new Uint8Array(value.length * 6);
    const source = scratch;
    let length = value.length;
    // Short values are copied by hand: encodeInto costs more to call than to run on them.
    let ascii = length <= 64;
    for (let i = 0; ascii && i < length; i++) {
      const code = value.charCodeAt(i);
      if (code >= 0x80) ascii = false;
      else source[i] = code;
    }
    if (!ascii) {
      if (!isWellFormed(value)) return -1;
      length = encoder.encodeInto(value, source).written;
    }
    const kinds = BYTE_KINDS[mode];
    const buf = this.buf;
    let pos = this.pos;
    let i = 0;
    while (i < length) {
      // A run of plain ASCII, as far as the line has room: copied with no other check.
      const stop = Math.min(length, i + LINE_OCTETS - col);
      const runStart = i;
      while (i < stop && kinds[source[i]] === PLAIN_BYTE) buf[pos++] = source[i++];
      col += i - runStart;
      if (i >= length) break;
      let byte = source[i++];
      const kind = kinds[byte];
      if (kind === ESCAPED_BYTE) {
        // An escape is two units, and a fold may fall between them, as in foldLines.
        if (++col > LINE_OCTETS) {
          buf[pos++] = 0x0d;
          buf[pos++] = 0x0a;
          buf[pos++] = 0x20;
          col = 1;
        }
        buf[pos++] = 0x5c;
        if (byte === 0x0d || byte === 0x0a) {
          if (byte === 0x0d && source[i] === 0x0a) i++;
          byte = 0x6e;
        }
        if (++col > LINE_OCTETS) {
          buf[pos++] = 0x0d;
          buf[pos++] = 0x0a;
          buf[pos++] = 0x20;
          col = 1;
        }
      } else if (kind === PLAIN_BYTE) {
        // The line is full: this character starts the next one.
        buf[pos++] = 0x0d;
        buf[pos++] = 0x0a;
        buf[pos++] = 0x20;
        col = 1;
      } else if (kind !== CONTINUATION_BYTE) {
        // The first byte of a character tells its length (the kind); continuation bytes follow it as they are.
        col += kind;
        if (col > LINE_OCTETS) {
          buf[pos++] = 0x0d;
          buf[pos++] = 0x0a;
          buf[pos++] = 0x20;
          col = kind;
        }
      }
      buf[pos++] = byte;
    }
    this.pos = pos;
    return col;
  }

  put(text: string, mode: WriteMode): void {
    // Each unit of text becomes at most 2 units of 3 octets, plus a fold every 24 units or more.
    this.ensure(text.length * 8 + 8);
    const plain = PLAIN[mode];
    const buf = this.buf;
    const length = text.length;
    let pos = this.pos;
    let col = this.col;
    let settled = this.pendingUnit < 0 && this.pendingByte < 0;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      // Most of a calendar is ASCII that needs no escape: written here, without the bookkeeping below.
      if (settled && code < 0x80 && plain[code] === 1) {
        if (++col > LINE_OCTETS) {
          buf[pos++] = 0x0d;
          buf[pos++] = 0x0a;
          buf[pos++] = 0x20;
          col = 1;
        }
        buf[pos++] = code;
        continue;
      }
      this.pos = pos;
      this.col = col;
      if (mode === RAW) {
        if (code === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
          this.endLine();
          i++;
        } else this.unit(code);
      } else if (code === 0x5c || (mode === TEXT ? code === 0x3b || code === 0x2c : code === 0x22)) {
        this.unit(0x5c);
        this.unit(code);
      } else if (code === 0x0d || code === 0x0a) {
        if (code === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
        this.unit(0x5c);
        this.unit(0x6e);
      } else this.unit(code);
      pos = this.pos;
      col = this.col;
      settled = this.pendingUnit < 0 && this.pendingByte < 0;
    }
    this.pos = pos;
    this.col = col;
  }

  private endLine(): void {
    if (this.pendingUnit >= 0) {
      // A high surrogate at the end of a line is a unit of its own.
      const high = this.pendingUnit;
      this.pendingUnit = -1;
      this.place(3);
      this.emit(high);
    }
    this.emit(0x0d);
    this.emit(0x0a);
    this.col = 0;
  }

  /** One UTF-16 unit of the escaped text: grouped, counted and folded as foldLines does. */
  private unit(code: number): void {
    if (this.pendingUnit >= 0) {
      const high = this.pendingUnit;
      this.pendingUnit = -1;
      this.place(code >= LOW_SURROGATE_FIRST && code <= 0xdfff ? 4 : 3 + octetsAlone(code));
      this.emit(high);
      this.emit(code);
    } else if (code >= HIGH_SURROGATE_FIRST && code < LOW_SURROGATE_FIRST) {
      this.pendingUnit = code;
    } else if (code < 0x80 && this.pendingByte < 0) {
      if (++this.col > LINE_OCTETS) this.fold(1);
      this.buf[this.pos++] = code;
    } else {
      this.place(octetsAlone(code));
      this.emit(code);
    }
  }

  /** Counts a unit of `octets`, folding before it when the line would grow past 74 octets. */
  private place(octets: number): void {
    this.col += octets;
    if (this.col > LINE_OCTETS) this.fold(octets);
  }

  private fold(octets: number): void {
    this.emit(0x0d);
    this.emit(0x0a);
    this.emit(0x20);
    this.col = octets;
  }

  /** Encodes one UTF-16 unit of the final text as UTF-8, pairing surrogates that meet. */
  private emit(code: number): void {
    const buf = this.buf;
    if (this.pendingByte >= 0) {
      const high = this.pendingByte;
      this.pendingByte = -1;
      if (code >= LOW_SURROGATE_FIRST && code <= 0xdfff) {
        const point = ((high - HIGH_SURROGATE_FIRST) << 10) + (code - LOW_SURROGATE_FIRST) + 0x10000;
        buf[this.pos++] = 0xf0 | (point >> 18);
        buf[this.pos++] = 0x80 | ((point >> 12) & 0x3f);
        buf[this.pos++] = 0x80 | ((point >> 6) & 0x3f);
        buf[this.pos++] = 0x80 | (point & 0x3f);
        return;
      }
      this.replacement();
    }
    if (code < 0x80) buf[this.pos++] = code;
    else if (code < 0x800) {
      buf[this.pos++] = 0xc0 | (code >> 6);
      buf[this.pos++] = 0x80 | (code & 0x3f);
    } else if (code >= HIGH_SURROGATE_FIRST && code < LOW_SURROGATE_FIRST) this.pendingByte = code;
    else if (code >= LOW_SURROGATE_FIRST && code <= 0xdfff) this.replacement();
    else {
      buf[this.pos++] = 0xe0 | (code >> 12);
      buf[this.pos++] = 0x80 | ((code >> 6) & 0x3f);
      buf[this.pos++] = 0x80 | (code & 0x3f);
    }
  }

  private flushByte(): void {
    if (this.pendingByte >= 0) {
      this.pendingByte = -1;
      this.replacement();
    }
  }

  /** U+FFFD, which TextEncoder writes for a lone surrogate. */
  private replacement(): void {
    this.buf[this.pos++] = 0xef;
    this.buf[this.pos++] = 0xbf;
    this.buf[this.pos++] = 0xbd;
  }

  private ensure(extra: number): void {
    if (this.pos + extra + 8 <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + extra + 8));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }
}

/** Octets of one UTF-16 unit on its own, as TextEncoder writes it (a lone surrogate is U+FFFD). */
function octetsAlone(code: number): number {
  return code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
}

// ---------------------------------------------------------------------------------------------
// Line folding (RFC 5545 §3.1), byte for byte as ical-generator's `foldLines`

const LINE_OCTETS = 74;
// Every unit below 0x80, control characters included.
// eslint-disable-next-line no-control-regex
const ASCII_ONLY = /^[\u0000-\u007f]*$/;
const encoder = new TextEncoder();

/** Folds every content line longer than 74 octets; continuation lines start with one space. */
export function foldContentLines(text: string): string {
  // Most lines are short: they are copied in long stretches, and only long lines are rebuilt.
  const pieces: string[] = [];
  let copiedUntil = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\r\n", lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    if (lineEnd - lineStart > 24) {
      const line = text.slice(lineStart, lineEnd);
      const folded = foldLine(line);
      if (folded !== line) {
        pieces.push(text.slice(copiedUntil, lineStart), folded);
        copiedUntil = lineEnd;
      }
    }
    lineStart = lineEnd + 2;
  }
  if (copiedUntil === 0) return text;
  pieces.push(text.slice(copiedUntil));
  return pieces.join("");
}

/** One line, folded; lines of 24 units or fewer always fit (a UTF-16 unit is at most 3 octets). */
function foldLine(line: string): string {
  if (ASCII_ONLY.test(line)) {
    if (line.length <= LINE_OCTETS) return line;
    const parts: string[] = [];
    for (let i = 0; i < line.length; i += LINE_OCTETS) parts.push(line.slice(i, i + LINE_OCTETS));
    return parts.join("\r\n ");
  }
  const parts: string[] = [];
  let segmentStart = 0;
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    const charStart = i;
    const code = line.charCodeAt(i);
    let size: number;
    if (code < 0x80) size = 1;
    else if (code < 0x800) size = 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A high surrogate travels with the unit after it, as in ical-generator, so a pair is never split.
      i++;
      size = encoder.encode(line.slice(charStart, i + 1)).length;
    } else size = 3;
    octets += size;
    if (octets > LINE_OCTETS) {
      parts.push(line.slice(segmentStart, charStart));
      segmentStart = charStart;
      octets = size;
    }
  }
  parts.push(line.slice(segmentStart));
  return parts.join("\r\n ");
}
