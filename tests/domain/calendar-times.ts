/**
 * The same calendar-time checks, run by one test file per server zone (calendar-tz-*.test.ts): each
 * file sets process.env.TZ before it makes a Date, and vitest runs each file in its own process.
 * A session planned at 10:00 in Helsinki must read 10:00 in Helsinki whatever the server's zone,
 * on both sides of a daylight-saving change.
 */
import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import { bookingUid, feedFor, inviteFor, type CalendarEventData } from "~/domain/calendar";
import { HOUR } from "~/domain/time";
import { feedCalendarFor } from "~/models/calendar/feeds.server";
import { bookingInvite } from "~/models/calendar/invites.server";
import { findFeedByToken, issueFeed } from "~/models/calendar/tokens.server";
import { calendarBuilders } from "../models/calendar-builders";
import { freshDatabase } from "../support/db";
import { eventByUid, eventsOf, instantOf, parseIcs, wallTime } from "./ics";

/** 10:00 on a day in a zone, as a UTC instant, computed without the server's zone. */
export function tenOClock(year: number, month: number, day: number, timeZone: string): number {
  return new TZDate(year, month - 1, day, 10, 0, 0, timeZone).getTime();
}

/** Sessions on both sides of each change: Helsinki 29 Mar and 25 Oct 2026, New York 1 Nov 2026. */
export const SESSIONS = [
  { id: 1, timeZone: "Europe/Helsinki", date: [2026, 3, 24], utc: Date.UTC(2026, 2, 24, 8) },
  { id: 2, timeZone: "Europe/Helsinki", date: [2026, 3, 31], utc: Date.UTC(2026, 2, 31, 7) },
  { id: 3, timeZone: "Europe/Helsinki", date: [2026, 10, 20], utc: Date.UTC(2026, 9, 20, 7) },
  { id: 4, timeZone: "Europe/Helsinki", date: [2026, 10, 27], utc: Date.UTC(2026, 9, 27, 8) },
  { id: 5, timeZone: "America/New_York", date: [2026, 10, 30], utc: Date.UTC(2026, 9, 30, 14) },
  { id: 6, timeZone: "America/New_York", date: [2026, 11, 6], utc: Date.UTC(2026, 10, 6, 15) },
  { id: 7, timeZone: "Asia/Kolkata", date: [2026, 10, 27], utc: Date.UTC(2026, 9, 27, 4, 30) },
] as const;

const day = (date: readonly number[]) =>
  `${date[0]}-${String(date[1]).padStart(2, "0")}-${String(date[2]).padStart(2, "0")}`;

function eventAt(session: (typeof SESSIONS)[number]): CalendarEventData {
  const start = tenOClock(session.date[0], session.date[1], session.date[2], session.timeZone);
  return {
    uid: bookingUid(session.id),
    sequence: 0,
    start,
    end: start + HOUR,
    timeZone: session.timeZone,
    summary: `Listen-in ${session.id}`,
    description: "",
    location: "",
    url: "",
    organizer: { name: "Aino Virtanen", email: "aino@frontline.example" },
    attendees: [{ name: "Bertil Berg", email: "bertil@frontline.example", partstat: "accepted" }],
    status: "confirmed",
    lastModified: Date.UTC(2026, 0, 5),
    created: Date.UTC(2026, 0, 5),
  };
}

export function checkCalendarTimesIn(serverZone: string, januaryOffsetMinutes: number): void {
  describe(`calendar times with the server in ${serverZone}`, () => {
    it("really runs in that zone", () => {
      expect(process.env.TZ).toBe(serverZone);
      expect(new Date(2026, 0, 15, 12).getTimezoneOffset()).toBe(januaryOffsetMinutes);
    });

    it("computes each session's instant from its own zone", () => {
      for (const session of SESSIONS) expect(eventAt(session).start).toBe(session.utc);
    });

    it("writes invites that read 10:00 in the session's zone", () => {
      for (const session of SESSIONS) {
        const event = eventsOf(parseIcs(inviteFor(eventAt(session), { method: "REQUEST" })))[0];
        expect(wallTime(instantOf(event, "dtstart"), session.timeZone)).toBe(`${day(session.date)} 10:00`);
        expect(wallTime(instantOf(event, "dtend"), session.timeZone)).toBe(`${day(session.date)} 11:00`);
        expect(wallTime(instantOf(event, "dtstart"), "Europe/Helsinki")).toBe(wallTime(session.utc, "Europe/Helsinki"));
      }
    });

    it("writes feeds that read 10:00 in the session's zone across daylight-saving changes", () => {
      const ics = feedFor({ name: "Frontline: my bookings", events: SESSIONS.map(eventAt), refreshMinutes: 30 });
      expect(ics).not.toMatch(/TZID/);
      const calendar = parseIcs(ics);
      for (const session of SESSIONS) {
        const event = eventByUid(calendar, bookingUid(session.id));
        expect(instantOf(event, "dtstart")).toBe(session.utc);
        expect(wallTime(instantOf(event, "dtstart"), session.timeZone)).toBe(`${day(session.date)} 10:00`);
      }
    });

    describe("from the database", () => {
      it("gives feeds and invites that read 10:00 in Helsinki on both sides of the autumn change", async () => {
        const { db } = await freshDatabase();
        const build = calendarBuilders(db);
        const host = await build.aPerson({ isHost: true });
        const shadow = await build.aPerson();
        const bookingIds: number[] = [];
        for (const date of [
          [2026, 10, 20],
          [2026, 10, 27],
        ] as const) {
          const startsAt = tenOClock(date[0], date[1], date[2], "Europe/Helsinki");
          const session = await build.aSession({
            hostId: host.id,
            startsAt,
            endsAt: startsAt + HOUR,
            timeZone: "Europe/Helsinki",
          });
          bookingIds.push((await build.aBooking({ sessionId: session.id, personId: shadow.id })).id);
        }
        const now = Date.UTC(2026, 9, 1);
        const issued = await issueFeed(db, { personId: shadow.id, scope: "bookings", actorId: shadow.id, now });
        if (!issued.ok) throw new Error(issued.reason);
        const feed = await findFeedByToken(db, issued.token);
        const calendar = parseIcs(
          feedFor(await feedCalendarFor(db, feed!, { now, origin: "https://frontline.example" })),
        );
        const starts = eventsOf(calendar).map((event) => wallTime(instantOf(event, "dtstart"), "Europe/Helsinki"));
        expect(starts).toEqual(["2026-10-20 10:00", "2026-10-27 10:00"]);

        const invite = await bookingInvite(db, bookingIds[1], { origin: "https://frontline.example", reader: shadow });
        const event = eventsOf(parseIcs(inviteFor(invite!.event, { method: invite!.method })))[0];
        expect(wallTime(instantOf(event, "dtstart"), "Europe/Helsinki")).toBe("2026-10-27 10:00");
      });
    });
  });
}
