/**
 * `feedBytes` and `inviteFor` write the events of a feed and of an invite themselves, straight into
 * UTF-8, for speed; these properties hold them to exactly the bytes of ical-generator's text for the
 * same calendar, over every field an event has, including broken text (lone surrogates, control
 * characters, every escape), and to the same refusals.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  feedBytes,
  feedCalendar,
  feedFor,
  inviteCalendar,
  inviteFor,
  type AttendeeStatus,
  type CalendarEventData,
  type FeedCalendarData,
  type InviteMethod,
} from "~/domain/calendar";
import { parseIcs } from "./ics";

const unit = fc.constantFrom(
  "a",
  "Z",
  "0",
  " ",
  ",",
  ";",
  ":",
  "\\",
  "\n",
  "\r",
  "\r\n",
  '"',
  "'",
  "é",
  "ß",
  "中",
  "😀",
  "\ud83d",
  "\ude00",
  "\u0007",
  "\t",
  "x".repeat(40),
);
const words = (maxLength: number, minLength = 0) => fc.string({ unit, minLength, maxLength });
const ascii = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom("a", "b", "-", ".", "@", "1"), minLength: 1, maxLength });
// From the year 0 to beyond 9999, where dates are no longer four digits.
const instant = fc.integer({ min: -62_167_219_200_000, max: 253_402_400_000_000 });
const address = fc.oneof(ascii(60), words(60, 1));

const aPartstat = fc.constantFrom<AttendeeStatus>("accepted", "tentative", "declined", "needs-action");
const anAttendee = fc.record({ name: words(60), email: address, partstat: aPartstat });

const anEvent: fc.Arbitrary<CalendarEventData> = fc.record({
  uid: fc.oneof(ascii(80), words(80, 1)),
  sequence: fc.nat({ max: 1_000_000 }),
  start: instant,
  end: instant,
  timeZone: fc.constantFrom("Europe/Helsinki", "America/New_York", "Asia/Kolkata"),
  summary: words(200),
  description: words(600),
  location: words(120),
  url: fc.oneof(fc.constant(""), fc.webUrl(), words(100)),
  organizer: fc.record({ name: words(60), email: address }),
  // Feeds leave attendees out; invites write every one.
  attendees: fc.array(anAttendee, { maxLength: 3 }),
  status: fc.constantFrom("confirmed", "tentative", "cancelled"),
  lastModified: instant,
  created: instant,
});

describe("the feed writer", () => {
  it("writes every event byte for byte as ical-generator does", () => {
    fc.assert(
      fc.property(fc.array(anEvent, { maxLength: 4 }), words(60), (events, name) => {
        const feed: FeedCalendarData = { name: name || "Frontline", events, refreshMinutes: 15 };
        const expected = Buffer.from(feedCalendar(feed).toString(), "utf8");
        expect(Buffer.from(feedBytes(feed)).equals(expected)).toBe(true);
        expect(feedFor(feed)).toBe(expected.toString("utf8"));
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same text as ical-generator where the text is well formed", () => {
    const wellFormed = fc.string({
      unit: fc.constantFrom("a", " ", ",", ";", "\\", "\n", "\r\n", '"', "é", "中", "😀", "👩🏽‍🔧", "x".repeat(30)),
      maxLength: 400,
    });
    fc.assert(
      fc.property(wellFormed, wellFormed, (summary, description) => {
        const feed: FeedCalendarData = {
          name: "Frontline",
          events: [
            {
              uid: "booking-1@frontline",
              sequence: 3,
              start: Date.UTC(2026, 9, 20, 7),
              end: Date.UTC(2026, 9, 20, 8),
              timeZone: "Europe/Helsinki",
              summary,
              description,
              location: summary,
              url: "https://frontline.example/sessions/1",
              organizer: { name: [...description].slice(0, 20).join("") || "Aino", email: "aino@frontline.example" },
              attendees: [],
              status: "confirmed",
              lastModified: Date.UTC(2026, 8, 1),
              created: Date.UTC(2026, 8, 1),
            },
          ],
          refreshMinutes: 15,
        };
        expect(feedFor(feed)).toBe(feedCalendar(feed).toString());
      }),
      { numRuns: 300 },
    );
  });

  it("writes realistic feeds and invites that parse, with every line within 75 octets", () => {
    fc.assert(
      fc.property(fc.array(anEvent, { minLength: 1, maxLength: 3 }), (events) => {
        const sane = events.map((event) => ({
          ...event,
          uid: `booking-${event.sequence}@frontline`,
          start: Date.UTC(2026, 9, 20, 7),
          end: Date.UTC(2026, 9, 20, 8),
        }));
        const feed: FeedCalendarData = { name: "Frontline: my bookings", events: sane, refreshMinutes: 15 };
        const bytes = feedBytes(feed);
        expect(Buffer.from(bytes).equals(Buffer.from(feedCalendar(feed).toString(), "utf8"))).toBe(true);
        parseIcs(new TextDecoder().decode(bytes));
        // An invite carries its attendees: the same events, one at a time, with each METHOD.
        for (const method of ["REQUEST", "CANCEL"] as const) {
          const invite = inviteFor(sane[0], { method });
          expect(invite).toBe(new TextDecoder().decode(Buffer.from(inviteCalendar(sane[0], { method }).toString())));
          parseIcs(invite);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("refuses what ical-generator refuses", () => {
    const event: CalendarEventData = {
      uid: "booking-1@frontline",
      sequence: 0,
      start: Date.UTC(2026, 9, 20, 7),
      end: Date.UTC(2026, 9, 20, 8),
      timeZone: "Europe/Helsinki",
      summary: "Sales call",
      description: "",
      location: "",
      url: "",
      organizer: { name: "", email: "" },
      attendees: [],
      status: "confirmed",
      lastModified: Date.UTC(2026, 8, 1),
      created: Date.UTC(2026, 8, 1),
    };
    const feed = (e: CalendarEventData): FeedCalendarData => ({ name: "x", events: [e], refreshMinutes: 15 });
    expect(() => feedCalendar(feed(event)).toString()).toThrow();
    expect(() => feedFor(feed(event))).toThrow();
    const invalidDate = { ...event, organizer: { name: "A", email: "a@x.example" }, start: Number.NaN };
    expect(() => feedCalendar(feed(invalidDate)).toString()).toThrow();
    expect(() => feedFor(feed(invalidDate))).toThrow();
    // A made-up UID would change on every poll, so a feed refuses an event without one.
    expect(() => feedFor(feed({ ...event, organizer: { name: "A", email: "a@x.example" }, uid: "" }))).toThrow("UID");
  });
});

const METHODS: InviteMethod[] = ["REQUEST", "CANCEL"];
const aMethod = fc.constantFrom(...METHODS);

/** The text a writer gives, or the words of its refusal. */
function outcome(write: () => string): { text: string } | { refusal: string } {
  try {
    return { text: write() };
  } catch (error) {
    return { refusal: error instanceof Error ? error.message : String(error) };
  }
}

describe("the invite writer", () => {
  it("writes every invite and cancellation byte for byte as ical-generator does", () => {
    fc.assert(
      fc.property(anEvent, aMethod, (event, method) => {
        const expected = Buffer.from(inviteCalendar(event, { method }).toString(), "utf8");
        expect(Buffer.from(inviteFor(event, { method }), "utf8").equals(expected)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("gives the same text as ical-generator where the text is well formed", () => {
    const wellFormed = fc.string({
      unit: fc.constantFrom("a", " ", ",", ";", "\\", "\n", "\r\n", '"', "é", "中", "😀", "👩🏽‍🔧", "x".repeat(30)),
      maxLength: 300,
    });
    fc.assert(
      fc.property(wellFormed, wellFormed, aPartstat, aMethod, (summary, name, partstat, method) => {
        const event: CalendarEventData = {
          uid: "booking-1@frontline",
          sequence: 3,
          start: Date.UTC(2026, 9, 20, 7),
          end: Date.UTC(2026, 9, 20, 8),
          timeZone: "Europe/Helsinki",
          summary,
          description: `${summary}\n${name}`,
          location: summary,
          url: "https://frontline.example/sessions/1",
          organizer: { name, email: "aino@frontline.example" },
          attendees: [{ name, email: "bertil@frontline.example", partstat }],
          status: "confirmed",
          lastModified: Date.UTC(2026, 8, 1),
          created: Date.UTC(2026, 8, 1),
        };
        expect(inviteFor(event, { method })).toBe(inviteCalendar(event, { method }).toString());
      }),
      { numRuns: 300 },
    );
  });

  it("writes each METHOD and PRODID head as ical-generator does", () => {
    const name = fc.string({ unit: fc.constantFrom("a", "Z", " ", ";", "é", "中", "x".repeat(30)), minLength: 1 });
    const prodId = fc.record({ company: name, product: name, language: fc.option(name, { nil: undefined }) });
    fc.assert(
      fc.property(anEvent, aMethod, prodId, (event, method, id) => {
        const expected = Buffer.from(inviteCalendar(event, { method, prodId: id }).toString(), "utf8");
        expect(Buffer.from(inviteFor(event, { method, prodId: id }), "utf8").equals(expected)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("refuses what ical-generator refuses, in its words, in an invite as in a feed", () => {
    // Each broken field on its own and together: dates outside the range of dates, a sequence that
    // is no number, an organizer or attendee without a name or address.
    const dateOrBroken = fc.oneof(
      { weight: 4, arbitrary: instant },
      { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, 8.64e15, -8.64e15, 8.64e15 + 1, -8.64e15 - 1) },
    );
    const nameOrNone = fc.oneof(words(20), fc.constantFrom("", '""', "\u0007"));
    const addressOrNone = fc.oneof({ weight: 4, arbitrary: address }, { weight: 1, arbitrary: fc.constant("") });
    const anyEvent = fc
      .tuple(
        anEvent,
        fc.record({
          sequence: fc.oneof({ weight: 4, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.constant(Number.NaN) }),
          start: dateOrBroken,
          end: dateOrBroken,
          lastModified: dateOrBroken,
          created: dateOrBroken,
          organizer: fc.record({ name: nameOrNone, email: addressOrNone }),
          attendees: fc.array(fc.record({ name: nameOrNone, email: addressOrNone, partstat: aPartstat }), {
            maxLength: 2,
          }),
        }),
      )
      .map(([event, broken]): CalendarEventData => ({ ...event, ...broken }));
    let refused = 0;
    fc.assert(
      fc.property(anyEvent, aMethod, (event, method) => {
        const expected = outcome(() => inviteCalendar(event, { method }).toString());
        const written = outcome(() => inviteFor(event, { method }));
        if ("refusal" in expected) {
          refused++;
          expect(written).toEqual(expected);
        } else {
          expect(written).toEqual({ text: new TextDecoder().decode(Buffer.from(expected.text, "utf8")) });
        }
        const feed: FeedCalendarData = { name: "Frontline", events: [event], refreshMinutes: 15 };
        const feedExpected = outcome(() => feedCalendar(feed).toString());
        const feedWritten = outcome(() => feedFor(feed));
        if ("refusal" in feedExpected) expect(feedWritten).toEqual(feedExpected);
        else expect(feedWritten).toEqual({ text: new TextDecoder().decode(Buffer.from(feedExpected.text, "utf8")) });
      }),
      { numRuns: 500 },
    );
    // The property has to meet refusals to say anything about them.
    expect(refused).toBeGreaterThan(50);
  });

  it("refuses an invite without a UID, which ical-generator would make up at random", () => {
    const event: CalendarEventData = {
      uid: "",
      sequence: 0,
      start: Date.UTC(2026, 9, 20, 7),
      end: Date.UTC(2026, 9, 20, 8),
      timeZone: "Europe/Helsinki",
      summary: "Sales call",
      description: "",
      location: "",
      url: "",
      organizer: { name: "Aino", email: "aino@frontline.example" },
      attendees: [{ name: "Bertil", email: "bertil@frontline.example", partstat: "accepted" }],
      status: "confirmed",
      lastModified: Date.UTC(2026, 8, 1),
      created: Date.UTC(2026, 8, 1),
    };
    // A cancellation with another UID than its invite would cancel nothing.
    for (const method of METHODS) expect(() => inviteFor(event, { method })).toThrow("UID");
  });
});
