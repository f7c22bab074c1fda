/**
 * The calendar routes' time checks, run by one test file per server zone (calendar-tz-*.test.ts),
 * each of which sets process.env.TZ before anything makes a Date. Through the real request handler:
 * a person books two listen-ins at 10:00 in Helsinki, one on each side of the autumn change, turns
 * on their feed on the page and downloads an invite; every calendar must read 10:00 in Helsinki.
 */
import { describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { HOUR } from "~/domain/time";
import { eventByUid, eventsOf, instantOf, parseIcs, text, wallTime } from "../domain/ics";
import { testApp } from "../support/app";
import { aDepartment, aKind, aPerson, aSession } from "../support/builders";
import { aroundAutumnChange, fetchFeed, HELSINKI, turnOnFeed } from "./calendar-support";

const PASSWORD = "calendar-zone-password";

/**
 * A host in Helsinki with two listen-ins at 10:00 there, one on each side of the autumn change,
 * both booked through the app by a shadow who lives in New York: neither their zone nor the
 * server's may move the time.
 */
async function twoListenInsAroundTheChange() {
  const app = await testApp();
  const passwordHash = await hashPassword(PASSWORD);
  const host = await aPerson(app.db, {
    name: "Hanna Host",
    department: await aDepartment(app.db, { kind: "customer_facing" }),
    isHost: true,
    timeZone: HELSINKI,
    passwordHash,
  });
  const shadow = await aPerson(app.db, { timeZone: "America/New_York", passwordHash });
  const kind = await aKind(app.db, { name: "Call-line listen-in" });
  const days = aroundAutumnChange(app.clock.now());
  const sessions = [];
  for (const day of days) {
    sessions.push(await aSession(app.db, { host, kind, timeZone: HELSINKI, startsAt: day.at, endsAt: day.at + HOUR }));
  }
  const client = app.client;
  await client.signIn(shadow.email, PASSWORD);
  for (const session of sessions)
    expect((await client.post(`/sessions/${session.id}`, { intent: "book" })).status).toBe(302);
  const hostClient = client.another();
  await hostClient.signIn(host.email, PASSWORD);
  return { app, client, hostClient, sessions, days };
}

export function checkRouteTimesIn(serverZone: string, januaryOffsetMinutes: number): void {
  describe(`calendar routes with the server in ${serverZone}`, () => {
    it("really runs in that zone", () => {
      expect(process.env.TZ).toBe(serverZone);
      expect(new Date(2026, 0, 15, 12).getTimezoneOffset()).toBe(januaryOffsetMinutes);
    });

    it("serves a feed that reads 10:00 in Helsinki on both sides of the autumn change", async () => {
      const { app, client, hostClient, sessions, days } = await twoListenInsAroundTheChange();
      const { token } = await turnOnFeed(client, "bookings");
      const response = await fetchFeed(app.handle, token);
      expect(response.status).toBe(200);
      const calendar = parseIcs(await response.text());
      const events = eventsOf(calendar);
      expect(events).toHaveLength(2);
      expect(events.map((event) => wallTime(instantOf(event, "dtstart"), HELSINKI))).toEqual(
        days.map((day) => `${day.date} 10:00`),
      );
      expect(events.map((event) => wallTime(instantOf(event, "dtend"), HELSINKI))).toEqual(
        days.map((day) => `${day.date} 11:00`),
      );
      expect(events.map((event) => instantOf(event, "dtstart"))).toEqual(sessions.map((session) => session.startsAt));

      const hosted = await turnOnFeed(hostClient, "hosting");
      const hostCalendar = parseIcs(await (await fetchFeed(app.handle, hosted.token)).text());
      for (const [i, session] of sessions.entries()) {
        const event = eventByUid(hostCalendar, `session-${session.id}@frontline`);
        expect(wallTime(instantOf(event, "dtstart"), HELSINKI)).toBe(`${days[i].date} 10:00`);
      }
    });

    it("writes invites that read 10:00 in Helsinki on both sides of the autumn change", async () => {
      const { client, sessions, days } = await twoListenInsAroundTheChange();
      for (const [i, session] of sessions.entries()) {
        const page = await (await client.get(`/sessions/${session.id}`)).text();
        const invite = page.match(/href="(\/bookings\/\d+\/invite\.ics)"/)?.[1];
        expect(invite, "the session page links the invite").toBeDefined();
        const calendar = parseIcs(await (await client.get(invite!)).text());
        expect(text(calendar, "method")).toBe("REQUEST");
        const [event] = eventsOf(calendar);
        expect(wallTime(instantOf(event, "dtstart"), HELSINKI)).toBe(`${days[i].date} 10:00`);
        expect(instantOf(event, "dtstart")).toBe(session.startsAt);
      }
    });
  });
}
