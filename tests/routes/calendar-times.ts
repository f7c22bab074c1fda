/**
 * The calendar routes' time checks, run by one test file per server zone (calendar-tz-*.test.ts),
 * each of which sets process.env.TZ before anything makes a Date. Through the real request handler:
 * a person books two listen-ins at 10:00 in Helsinki, one on each side of the autumn change, turns
 * on their feed on the page and downloads an invite; every calendar must read 10:00 in Helsinki.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { eventByUid, eventsOf, instantOf, parseIcs, text, wallTime } from "../domain/ics";
import { appWithFreshDatabase, TestClient } from "../support/app";
import { aDepartment, aKind, aPerson, aSession, type Person, type Session } from "../support/builders";
import { aroundAutumnChange, fetchFeed, HELSINKI, turnOnFeed, type ChangeDay } from "./calendar-support";

const PASSWORD = "calendar-zone-password";
const HOUR = 3_600_000;

export function checkRouteTimesIn(serverZone: string, januaryOffsetMinutes: number): void {
  describe(`calendar routes with the server in ${serverZone}`, () => {
    let app: Awaited<ReturnType<typeof appWithFreshDatabase>>;
    let client: TestClient;
    let host: Person;
    let sessions: Session[];
    let days: [ChangeDay, ChangeDay];

    beforeAll(async () => {
      app = await appWithFreshDatabase();
      const passwordHash = await hashPassword(PASSWORD);
      host = await aPerson(app.db, {
        name: "Hanna Host",
        department: await aDepartment(app.db, { kind: "customer_facing" }),
        isHost: true,
        timeZone: HELSINKI,
        passwordHash,
      });
      // The shadow lives in New York: neither their zone nor the server's may move the time.
      const shadow = await aPerson(app.db, { timeZone: "America/New_York", passwordHash });
      const kind = await aKind(app.db, { name: "Call-line listen-in" });
      days = aroundAutumnChange(Date.now());
      sessions = [];
      for (const day of days) {
        sessions.push(
          await aSession(app.db, { host, kind, timeZone: HELSINKI, startsAt: day.at, endsAt: day.at + HOUR }),
        );
      }
      client = new TestClient(app.handle);
      await client.signIn(shadow.email, PASSWORD);
      for (const session of sessions)
        expect((await client.post(`/sessions/${session.id}`, { intent: "book" })).status).toBe(302);
    });

    it("really runs in that zone", () => {
      expect(process.env.TZ).toBe(serverZone);
      expect(new Date(2026, 0, 15, 12).getTimezoneOffset()).toBe(januaryOffsetMinutes);
    });

    it("serves a feed that reads 10:00 in Helsinki on both sides of the autumn change", async () => {
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

      const hosted = await turnOnFeed(await signedInHost(), "hosting");
      const hostCalendar = parseIcs(await (await fetchFeed(app.handle, hosted.token)).text());
      for (const [i, session] of sessions.entries()) {
        const event = eventByUid(hostCalendar, `session-${session.id}@frontline`);
        expect(wallTime(instantOf(event, "dtstart"), HELSINKI)).toBe(`${days[i].date} 10:00`);
      }
    });

    it("writes invites that read 10:00 in Helsinki on both sides of the autumn change", async () => {
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

    async function signedInHost(): Promise<TestClient> {
      const hostClient = new TestClient(app.handle);
      await hostClient.signIn(host.email, PASSWORD);
      return hostClient;
    }
  });
}
