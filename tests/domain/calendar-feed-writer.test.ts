/**
 * `feedBytes` writes the events of a feed itself, straight into UTF-8, for speed; these properties
 * hold it to exactly the bytes of ical-generator's text for the same calendar, over every field an
 * event has, including broken text (lone surrogates, control characters, every escape).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { feedBytes, feedCalendar, feedFor, type CalendarEventData, type FeedCalendarData } from "~/domain/calendar";
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
  organizer: fc.record({ name: words(60), email: ascii(60) }),
  attendees: fc.constant([]),
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

  it("writes realistic events that parse, with every line within 75 octets", () => {
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
