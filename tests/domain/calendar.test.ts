import fc from "fast-check";
import { foldLines } from "ical-generator";
import { describe, expect, it } from "vitest";
import {
  attendeeStatusFor,
  bookingSequence,
  bookingUid,
  CONFIDENTIAL_CUSTOMER,
  customerLabel,
  describeHostedSession,
  describeSeat,
  describeTeamSeat,
  feedCalendar,
  feedFor,
  feedWindow,
  foldContentLines,
  guideInShort,
  hostedSessionSequence,
  hostedSummary,
  inviteFor,
  inviteMethodFor,
  seatEventStatus,
  seatSummary,
  sessionLocation,
  sessionUid,
  teamSeatSummary,
  type CalendarEventData,
  type FeedCalendarData,
  type SessionText,
} from "~/domain/calendar";
import { DAY, HOUR } from "~/domain/time";
import { eventByUid, eventsOf, instantOf, parameter, parseIcs, rawLine, text } from "./ics";

const HELSINKI = "Europe/Helsinki";

function anEvent(overrides: Partial<CalendarEventData> = {}): CalendarEventData {
  return {
    uid: bookingUid(7),
    sequence: 2,
    start: Date.UTC(2026, 9, 20, 7, 0),
    end: Date.UTC(2026, 9, 20, 8, 0),
    timeZone: HELSINKI,
    summary: "Shadowing: Sales call with Aino Virtanen",
    description: "Sales call with Aino Virtanen.\nYou have a seat.",
    location: "Acme office, Mannerheimintie 1",
    url: "https://frontline.example/sessions/3",
    organizer: { name: "Aino Virtanen", email: "aino@frontline.example" },
    attendees: [{ name: "Bertil Berg", email: "bertil@frontline.example", partstat: "accepted" }],
    status: "confirmed",
    lastModified: Date.UTC(2026, 8, 1, 12, 30),
    created: Date.UTC(2026, 7, 15, 9, 0),
    ...overrides,
  };
}

function aFeed(overrides: Partial<FeedCalendarData> = {}): FeedCalendarData {
  return { name: "Frontline: my bookings", events: [anEvent()], refreshMinutes: 30, ...overrides };
}

function aSession(overrides: Partial<SessionText> = {}): SessionText {
  return {
    id: 3,
    kindName: "Sales call",
    hostName: "Aino Virtanen",
    onSite: false,
    location: "",
    meetingUrl: "https://meet.example/abc",
    customer: "Acme Oy",
    notes: "Bring a notebook.",
    details: [],
    timeZone: HELSINKI,
    cancelled: false,
    cancelReason: "",
    ...overrides,
  };
}

describe("the invite of a booking", () => {
  it("is a REQUEST from the host to the person, with the seat accepted", () => {
    const ics = inviteFor(anEvent(), { method: "REQUEST" });
    const calendar = parseIcs(ics);
    expect(text(calendar, "method")).toBe("REQUEST");
    expect(text(calendar, "prodid")).toBe("-//Frontline//Frontline//EN");
    const [event] = eventsOf(calendar);
    expect(eventsOf(calendar)).toHaveLength(1);
    expect(text(event, "uid")).toBe("booking-7@frontline");
    expect(event.getFirstPropertyValue("sequence")).toBe(2);
    expect(text(event, "organizer")).toBe("mailto:aino@frontline.example");
    expect(parameter(event, "organizer", "cn")).toBe("Aino Virtanen");
    expect(text(event, "attendee").toLowerCase()).toBe("mailto:bertil@frontline.example");
    expect(parameter(event, "attendee", "cn")).toBe("Bertil Berg");
    expect(parameter(event, "attendee", "partstat")).toBe("ACCEPTED");
    expect(parameter(event, "attendee", "rsvp")).toBe("FALSE");
    expect(text(event, "status")).toBe("CONFIRMED");
    expect(text(event, "location")).toBe("Acme office, Mannerheimintie 1");
    expect(text(event, "description")).toBe("Sales call with Aino Virtanen.\nYou have a seat.");
    expect(text(event, "url")).toBe("https://frontline.example/sessions/3");
    expect(instantOf(event, "dtstart")).toBe(Date.UTC(2026, 9, 20, 7, 0));
    expect(instantOf(event, "dtend")).toBe(Date.UTC(2026, 9, 20, 8, 0));
  });

  it("always carries LAST-MODIFIED and CREATED, and a DTSTAMP in UTC", () => {
    const ics = inviteFor(anEvent(), { method: "REQUEST" });
    const event = eventsOf(parseIcs(ics))[0];
    expect(instantOf(event, "last-modified")).toBe(Date.UTC(2026, 8, 1, 12, 30));
    expect(instantOf(event, "created")).toBe(Date.UTC(2026, 7, 15, 9, 0));
    expect(rawLine(ics, "DTSTAMP")).toBe("DTSTAMP:20260901T123000Z");
  });

  it("marks a waitlist place as tentative", () => {
    const ics = inviteFor(
      anEvent({ status: "tentative", attendees: [{ name: "B", email: "b@x.example", partstat: "tentative" }] }),
      {
        method: "REQUEST",
      },
    );
    const event = eventsOf(parseIcs(ics))[0];
    expect(text(event, "status")).toBe("TENTATIVE");
    expect(parameter(event, "attendee", "partstat")).toBe("TENTATIVE");
  });

  it("is cancelled by METHOD:CANCEL with the same UID and a higher SEQUENCE", () => {
    const live = anEvent();
    const request = eventsOf(parseIcs(inviteFor(live, { method: "REQUEST" })))[0];
    const cancelledData = anEvent({
      status: seatEventStatus("cancelled", false),
      sequence: bookingSequence({ version: 0, cancelled: false }, { version: 3, cancelled: true }),
      attendees: [{ ...live.attendees[0], partstat: attendeeStatusFor("cancelled") }],
    });
    const cancel = parseIcs(inviteFor(cancelledData, { method: inviteMethodFor(cancelledData.status) }));
    expect(text(cancel, "method")).toBe("CANCEL");
    const event = eventsOf(cancel)[0];
    expect(text(event, "uid")).toBe(text(request, "uid"));
    expect(Number(event.getFirstPropertyValue("sequence"))).toBeGreaterThan(
      Number(request.getFirstPropertyValue("sequence")),
    );
    expect(text(event, "status")).toBe("CANCELLED");
    expect(text(event, "organizer")).toBe("mailto:aino@frontline.example");
  });

  it("raises SEQUENCE when asked to cancel data that is still live", () => {
    const live = anEvent({ sequence: 4 });
    const event = eventsOf(parseIcs(inviteFor(live, { method: "CANCEL" })))[0];
    expect(event.getFirstPropertyValue("sequence")).toBe(5);
    expect(text(event, "status")).toBe("CANCELLED");
  });

  it("keeps names with quotes and backslashes readable in CN parameters", () => {
    const ics = inviteFor(
      anEvent({
        organizer: { name: 'Aino "Ace" Virtanen', email: "aino@x.example" },
        attendees: [{ name: "Lee; Bo, Jr.\\", email: "bo@x.example", partstat: "accepted" }],
      }),
      { method: "REQUEST" },
    );
    const event = eventsOf(parseIcs(ics))[0];
    expect(parameter(event, "organizer", "cn")).toBe("Aino 'Ace' Virtanen");
    expect(parameter(event, "attendee", "cn")).toBe("Lee; Bo, Jr./");
  });
});

describe("a subscription feed", () => {
  it("carries its name, refresh hint and PUBLISH method", () => {
    const calendar = parseIcs(feedFor(aFeed({ description: "Your shadowing bookings in Frontline." })));
    expect(text(calendar, "method")).toBe("PUBLISH");
    expect(text(calendar, "x-wr-calname")).toBe("Frontline: my bookings");
    expect(text(calendar, "x-wr-caldesc")).toBe("Your shadowing bookings in Frontline.");
    expect(String(calendar.getFirstPropertyValue("refresh-interval"))).toBe("PT30M");
    expect(text(calendar, "x-published-ttl")).toBe("PT30M");
  });

  it("escapes a calendar name ical-generator would write as given", () => {
    const ics = feedFor(aFeed({ name: "Frontline: Lee, Bo; team\\x" }));
    expect(rawLine(ics, "X-WR-CALNAME")).toBe("X-WR-CALNAME:Frontline: Lee\\, Bo\\; team\\\\x");
  });

  it("lists each event with its organizer and no attendees", () => {
    const events = [anEvent(), anEvent({ uid: bookingUid(8), status: "cancelled", sequence: 5 })];
    const calendar = parseIcs(feedFor(aFeed({ events })));
    expect(eventsOf(calendar).map((e) => text(e, "uid"))).toEqual(["booking-7@frontline", "booking-8@frontline"]);
    const cancelled = eventByUid(calendar, "booking-8@frontline");
    expect(text(cancelled, "status")).toBe("CANCELLED");
    expect(cancelled.getFirstPropertyValue("sequence")).toBe(5);
    for (const event of eventsOf(calendar)) {
      expect(event.getAllProperties("attendee")).toHaveLength(0);
      expect(text(event, "organizer")).toBe("mailto:aino@frontline.example");
      expect(text(event, "last-modified")).not.toBe("");
    }
  });

  it("is byte for byte what ical-generator writes for the same calendar", () => {
    const unit = fc.constantFrom(
      "a",
      "Z",
      " ",
      ",",
      ";",
      ":",
      "\\",
      "\n",
      "\r\n",
      '"',
      "é",
      "ß",
      "中",
      "😀",
      "👩🏽‍🔧",
      "\u{10FFFF}",
    );
    const words = fc.string({ unit, maxLength: 300 });
    fc.assert(
      fc.property(words, words, words, words, (summary, description, location, name) => {
        const feed = aFeed({
          name: name || "x",
          description: description || undefined,
          events: [anEvent({ summary, description, location }), anEvent({ uid: sessionUid(1), summary: location })],
        });
        expect(feedFor(feed)).toBe(feedCalendar(feed).toString());
      }),
      { numRuns: 200 },
    );
  });

  it("folds lines exactly as ical-generator does, lone surrogates included", () => {
    const unit = fc.constantFrom("a", "é", "中", "😀", "\ud83d", "\ude00", "\r\n", " ", "x".repeat(70));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 400 }), (input) => {
        expect(foldContentLines(input)).toBe(foldLines(input));
      }),
      { numRuns: 500 },
    );
  });
});

describe("what each event says", () => {
  const ORIGIN = "https://frontline.example";
  const GUIDE = "What to watch for (Hear the customer):\nListen first.";

  it("describes a seat line by line: the seat, the session, the notes, the guide and the way back", () => {
    expect(describeSeat({ session: aSession(), booking: "booked", guide: GUIDE, origin: ORIGIN })).toBe(
      [
        "Sales call with Aino Virtanen.",
        "You have a seat.",
        "Customer: Acme Oy",
        "Join: https://meet.example/abc",
        "Time zone of the session: Europe/Helsinki",
        "",
        "Notes from the host:",
        "Bring a notebook.",
        "",
        GUIDE,
        "",
        "Session page: https://frontline.example/sessions/3",
      ].join("\n"),
    );
  });

  it("keeps the guide for seats still ahead, and says why a session was cancelled", () => {
    const ahead = (booking: "booked" | "waitlisted" | "attended" | "no_show" | "cancelled") =>
      describeSeat({ session: aSession(), booking, guide: GUIDE, origin: ORIGIN }).includes(GUIDE);
    expect((["booked", "waitlisted", "attended", "no_show", "cancelled"] as const).map(ahead)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    const calledOff = aSession({ cancelled: true, cancelReason: "The customer moved the call" });
    const description = describeSeat({ session: calledOff, booking: "booked", guide: GUIDE, origin: ORIGIN });
    expect(description).toContain("This session was cancelled: The customer moved the call");
    expect(description).not.toContain(GUIDE);
    expect(seatSummary(calledOff, "booked")).toBe("Cancelled: Sales call with Aino Virtanen");
    expect(seatSummary(aSession(), "waitlisted")).toBe("Waitlisted: Sales call with Aino Virtanen");
  });

  it("gives each plain text detail a line of its own, after the place", () => {
    const session = aSession({ details: [{ label: "Dress code", text: "Safety boots" }] });
    const lines = describeSeat({ session, booking: "booked", guide: null, origin: ORIGIN }).split("\n");
    expect(lines.slice(3, 6)).toEqual([
      "Join: https://meet.example/abc",
      "Dress code: Safety boots",
      "Time zone of the session: Europe/Helsinki",
    ]);
    const hosted = describeHostedSession({ session, seats: 2, coming: [], waiting: [], origin: ORIGIN });
    expect(hosted).toContain("\nDress code: Safety boots\n");
  });

  it("puts the place first on site and the meeting link first for remote work", () => {
    const both = { location: "Keilaranta 1, Espoo", meetingUrl: "https://meet.example/abc" };
    expect(sessionLocation({ ...both, onSite: true })).toBe("Keilaranta 1, Espoo");
    expect(sessionLocation({ ...both, onSite: false })).toBe("https://meet.example/abc");
    expect(sessionLocation({ location: "Keilaranta 1", meetingUrl: "", onSite: false })).toBe("Keilaranta 1");
  });

  it("names a confidential customer only to those who may see it, and never in a title", () => {
    expect(customerLabel("Secret Bank Oyj", true, false)).toBe(CONFIDENTIAL_CUSTOMER);
    expect(customerLabel("Secret Bank Oyj", true, true)).toBe("Secret Bank Oyj");
    expect(customerLabel("Acme Oy", false, false)).toBe("Acme Oy");
    expect(customerLabel("", true, false)).toBe("");
    const session = aSession({ customer: "Secret Bank Oyj" });
    expect(seatSummary(session, "booked")).not.toContain("Secret");
    expect(hostedSummary(session, 3, 1)).not.toContain("Secret");
  });

  it("tells the host who is coming and who is waiting, in order", () => {
    const description = describeHostedSession({
      session: aSession(),
      seats: 2,
      coming: [{ name: "Ann Andersson", departmentName: "Legal" }],
      waiting: [
        { name: "Bob Berg", departmentName: "Legal" },
        { name: "Carl Carlsson", departmentName: "" },
      ],
      origin: ORIGIN,
    });
    expect(description).toContain("Coming (1 of 2 seats): Ann Andersson (Legal)");
    expect(description).toContain("Waitlist, in order: Bob Berg (Legal), Carl Carlsson");
    expect(hostedSummary(aSession(), 2, 1)).toBe("Hosting: Sales call (1 of 2 seats taken)");
    expect(describeHostedSession({ session: aSession(), seats: 2, coming: [], waiting: [], origin: ORIGIN })).toContain(
      "Coming: nobody yet (2 seats).",
    );
  });

  it("tells a manager which report is going, without the guide", () => {
    const shadow = { name: "Eeva Engineer", departmentName: "IT" };
    expect(teamSeatSummary(aSession(), shadow, "booked")).toBe(
      "Eeva Engineer shadowing: Sales call with Aino Virtanen",
    );
    const description = describeTeamSeat({ session: aSession(), shadow, booking: "waitlisted", origin: ORIGIN });
    expect(description.split("\n")[0]).toBe("Eeva Engineer (IT) is on the waitlist: Sales call with Aino Virtanen.");
    expect(description).not.toContain("Notes from the host");
  });

  it("shortens a module guide to its lead and first three points", () => {
    const guide = guideInShort({
      title: "Hear the customer",
      summary: "",
      guide: "Listen first.\n\n- One?\n- Two?\n- Three?\n- Four?",
    });
    expect(guide).toBe("What to watch for (Hear the customer):\nListen first.\n- One?\n- Two?\n- Three?");
  });
});

describe("SEQUENCE", () => {
  it("only rises: every revision of the session or the booking, and a cancellation above the live event", () => {
    const live = bookingSequence({ version: 2, cancelled: false }, { version: 1, cancelled: false });
    expect(bookingSequence({ version: 3, cancelled: false }, { version: 1, cancelled: false })).toBe(live + 1);
    expect(bookingSequence({ version: 2, cancelled: false }, { version: 1, cancelled: true })).toBe(live + 1);
    expect(bookingSequence({ version: 2, cancelled: true }, { version: 1, cancelled: false })).toBe(live + 1);
  });

  it("counts each booking's arrival and revisions in the host's event", () => {
    const session = { version: 1, cancelled: false };
    const before = hostedSessionSequence(session, [{ version: 0, cancelled: false }]);
    expect(
      hostedSessionSequence(session, [
        { version: 0, cancelled: false },
        { version: 0, cancelled: false },
      ]),
    ).toBe(before + 1);
    expect(hostedSessionSequence(session, [{ version: 0, cancelled: true }])).toBe(before + 1);
  });
});

describe("a feed's window", () => {
  it("moves by whole UTC days: the day of `now`, a year of history (a month for a team), 30 days of cancellations", () => {
    const day = Date.UTC(2027, 2, 1);
    for (const now of [day, day + 9 * HOUR, day + DAY - 1]) {
      expect(feedWindow("bookings", now)).toEqual({
        day,
        listedSince: day - 365 * DAY,
        cancelledSince: day - 30 * DAY,
      });
      expect(feedWindow("team", now).listedSince).toBe(day - 30 * DAY);
    }
    expect(feedWindow("hosting", day + DAY).day).toBe(day + DAY);
  });
});
