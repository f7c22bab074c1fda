import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema } from "~/db.server";
import { WEEK_DAY_PREVIEW } from "~/domain/session-search";
import { addDays, DAY, dayOf, HOUR, startOfDay } from "~/domain/time";
import { testApp, TEST_NOW, type TestClient } from "../support/app";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { aDepartment, aKind, aPerson, aSession } from "../support/builders";
import { checkAtBothWidths, demoCompanyInBrowser, signInThroughForm } from "../support/browser";
import { linksIn, visibleText } from "../support/html";

const PASSWORD = "correct horse battery";
const passwordHash = await hashPassword(PASSWORD);
const ZONE = "Europe/Helsinki";
/** The week after TEST_NOW's, Monday to Sunday in Helsinki. */
const MONDAY = "2027-03-08";
const WEEK = Array.from({ length: 7 }, (_, i) => addDays(MONDAY, i));

const sessionIdsIn = (html: string) =>
  linksIn(html)
    .map((href) => /^\/sessions\/(\d+)$/.exec(href)?.[1])
    .filter((id): id is string => id !== undefined)
    .map(Number);

function nextPageIn(html: string): string | undefined {
  const tag = [...html.matchAll(/<a\s[^>]*>/gi)].map((m) => m[0]).find((a) => a.includes('rel="next"'));
  return tag ? /href="([^"]*)"/.exec(tag)?.[1]?.replaceAll("&amp;", "&") : undefined;
}

async function shadowApp() {
  const app = await testApp({ now: TEST_NOW });
  const person = await aPerson(app.db, { passwordHash, timeZone: ZONE });
  const client: TestClient = app.client.another();
  await client.signIn(person.email, PASSWORD);
  const host = await aPerson(app.db, {
    department: await aDepartment(app.db, { kind: "customer_facing" }),
    isHost: true,
  });
  const kind = await aKind(app.db);
  return { ...app, client, host, kind };
}

/** Inserts `perDay[i]` sessions on the week's i-th day, spread from local midnight to just before the next. */
async function aBusyWeek(app: Awaited<ReturnType<typeof shadowApp>>, perDay: number[]) {
  const rows = WEEK.flatMap((day, i) => {
    const start = startOfDay(day, ZONE);
    const step = Math.floor(DAY / perDay[i]);
    return Array.from({ length: perDay[i] }, (_, n) => ({
      kindId: app.kind.id,
      hostId: app.host.id,
      startsAt: start + n * step,
      endsAt: start + n * step + HOUR,
      seats: 3,
      timeZone: ZONE,
    }));
  });
  const ids: number[] = [];
  for (let at = 0; at < rows.length; at += 200) {
    const inserted = await app.db
      .insert(schema.sessions)
      .values(rows.slice(at, at + 200))
      .returning({ id: schema.sessions.id, startsAt: schema.sessions.startsAt });
    ids.push(...inserted.map((r) => r.id));
  }
  const byDay = new Map<string, number[]>(WEEK.map((d) => [d, []]));
  rows.forEach((row, i) => byDay.get(dayOf(row.startsAt, ZONE))!.push(ids[i]));
  return byDay;
}

describe("the week of sessions", () => {
  it("shows every one of 800 sessions in a busy week: each day's count, its first few, and the rest on its own pages", async () => {
    const app = await shadowApp();
    const perDay = [10, 45, 120, 313, 250, 40, 22];
    const byDay = await aBusyWeek(app, perDay);

    const response = await app.client.get(`/sessions?view=week&week=${MONDAY}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(Buffer.byteLength(html)).toBeLessThan(300_000);
    const text = visibleText(html);
    expect(text).toContain("800 sessions this week");
    expect(text).not.toContain("No sessions");
    expect(text).toContain("Show all 313 sessions on Thursday");
    expect(text).toContain(`Showing ${WEEK_DAY_PREVIEW} of 313`);

    const shown = new Set(sessionIdsIn(html));
    const seen: number[] = [];
    for (const [i, day] of WEEK.entries()) {
      const ids = byDay.get(day)!;
      expect(ids).toHaveLength(perDay[i]);
      expect(text).toContain(`${perDay[i]} sessions`);
      // Each day opens with its first sessions, in order of their start.
      for (const id of ids.slice(0, WEEK_DAY_PREVIEW)) expect(shown).toContain(id);
      if (ids.length <= WEEK_DAY_PREVIEW) {
        expect(linksIn(html).some((href) => href.includes(`day=${day}`))).toBe(false);
        seen.push(...ids);
        continue;
      }
      expect(shown).not.toContain(ids[WEEK_DAY_PREVIEW]);
      let next = linksIn(html).find((href) => href.includes(`day=${day}`));
      const onDayPages: number[] = [];
      let pages = 0;
      while (next) {
        const page = await (await app.client.get(next)).text();
        expect(Buffer.byteLength(page)).toBeLessThan(300_000);
        expect(visibleText(page)).toContain(`of ${ids.length} sessions on`);
        onDayPages.push(...sessionIdsIn(page));
        next = nextPageIn(page);
        pages += 1;
      }
      expect(pages).toBe(Math.ceil(ids.length / 50));
      expect(onDayPages).toEqual(ids);
      seen.push(...onDayPages);
    }
    expect(seen).toHaveLength(800);
    expect(new Set(seen).size).toBe(800);
  });

  it("counts a session on the viewer's own day, not the server's", async () => {
    const app = await shadowApp();
    // 23:30 UTC on Wednesday is already 01:30 on Thursday in Helsinki.
    const lateWednesday = Date.UTC(2027, 2, 10, 23, 30);
    const session = await aSession(app.db, {
      host: app.host,
      kind: app.kind,
      startsAt: lateWednesday,
      endsAt: lateWednesday + HOUR,
    });
    const text = visibleText(await (await app.client.get(`/sessions?view=week&week=${MONDAY}&day=2027-03-11`)).text());
    expect(text).toContain("Thu 11 Mar 2027");
    expect(text).toContain("Showing 1–1 of 1 sessions on Thu 11 Mar 2027");
    const wednesday = await (await app.client.get(`/sessions?view=week&week=${MONDAY}&day=2027-03-10`)).text();
    expect(sessionIdsIn(wednesday)).not.toContain(session.id);
  });

  it("still shows every session of a quiet week inline, with no page to open", async () => {
    const app = await shadowApp();
    const sessions = await Promise.all(
      [0, 2, 2, 6].map((d, n) =>
        aSession(app.db, {
          host: app.host,
          kind: app.kind,
          startsAt: startOfDay(WEEK[d], ZONE) + (9 + n) * HOUR,
          endsAt: startOfDay(WEEK[d], ZONE) + (10 + n) * HOUR,
        }),
      ),
    );
    const html = await (await app.client.get(`/sessions?view=week&week=${MONDAY}`)).text();
    expect(sessionIdsIn(html).sort((a, b) => a - b)).toEqual(sessions.map((s) => s.id).sort((a, b) => a - b));
    const text = visibleText(html);
    expect(text).toContain("4 sessions this week");
    expect(text).not.toContain("Show all");
    expect(text.match(/No sessions/g)).toHaveLength(4);
  });
});

describe("the week view at the weekend", () => {
  it("opens on the coming week on a Saturday, with the previous week one step back", async () => {
    // Saturday 6 March 2027, 10:00 in Helsinki.
    const saturday = Date.UTC(2027, 2, 6, 8, 0);
    const app = await testApp({ now: saturday });
    const person = await aPerson(app.db, { passwordHash, timeZone: ZONE });
    const client = app.client.another();
    await client.signIn(person.email, PASSWORD);
    const sunday = await aSession(app.db, { startsAt: saturday + DAY, endsAt: saturday + DAY + HOUR });
    const wednesday = await aSession(app.db, { startsAt: saturday + 4 * DAY, endsAt: saturday + 4 * DAY + HOUR });

    const html = await (await client.get("/sessions?view=week")).text();
    const text = visibleText(html);
    expect(text).toContain(`Week of Mon 8 Mar 2027`);
    expect(sessionIdsIn(html)).toEqual([wednesday.id]);
    expect(linksIn(html)).toContain("/sessions?view=week&week=2027-03-01");
    expect(linksIn(html)).toContain("/sessions?view=week&week=2027-03-15");
    expect(text).toContain("Coming week");

    const before = await (await client.get("/sessions?view=week&week=2027-03-01")).text();
    expect(visibleText(before)).toContain("Week of Mon 1 Mar 2027");
    expect(sessionIdsIn(before)).toEqual([sunday.id]);
  });

  it("opens on the week of today from Monday to Friday", async () => {
    const app = await shadowApp();
    const text = visibleText(await (await app.client.get("/sessions?view=week")).text());
    expect(text).toContain("Week of Mon 1 Mar 2027");
    expect(text).toContain("This week");
  });
});

describe("the list of sessions", () => {
  it("says when it stops early and offers the next page", async () => {
    const app = await shadowApp();
    await aBusyWeek(app, [5, 5, 5, 5, 5, 5, 0]);
    const first = await (await app.client.get("/sessions")).text();
    expect(visibleText(first)).toContain("Showing 1–25 of 30 sessions · page 1 of 2");
    const next = nextPageIn(first);
    expect(next).toBeDefined();
    const second = await (await app.client.get(next!)).text();
    expect(visibleText(second)).toContain("Showing 26–30 of 30 sessions · page 2 of 2");
    expect(new Set([...sessionIdsIn(first), ...sessionIdsIn(second)]).size).toBe(30);
  });

  it("leads a page past the end back to the last page instead of showing nothing", async () => {
    const app = await shadowApp();
    await aBusyWeek(app, [5, 5, 5, 5, 5, 5, 0]);
    const html = await (await app.client.get("/sessions?page=9")).text();
    expect(visibleText(html)).toContain("This page is past the last one 30 sessions fit on 2 pages.");
    expect(linksIn(html)).toContain("/sessions?page=2");

    const day = await (await app.client.get(`/sessions?view=week&day=${MONDAY}&page=3`)).text();
    expect(visibleText(day)).toContain("5 sessions fit on 1 page.");
    expect(linksIn(day)).toContain(`/sessions?view=week&day=${MONDAY}&page=1`);
  });
});

describe("a busy day in the browser", () => {
  const browser = demoCompanyInBrowser();
  const employee = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Employee")!;

  it("leads from the week to every page of a busy day, at desktop and phone widths", async () => {
    const { db, page, origin } = browser;
    const [person] = await db.select().from(schema.people).where(eq(schema.people.email, employee.email));
    const [host] = await db.select().from(schema.people).where(eq(schema.people.isHost, true)).limit(1);
    const [kind] = await db.select().from(schema.sessionKinds).limit(1);
    const thursday = startOfDay("2027-03-04", person.timeZone);
    await db.insert(schema.sessions).values(
      Array.from({ length: 120 }, (_, n) => ({
        kindId: kind.id,
        hostId: host.id,
        startsAt: thursday + 8 * HOUR + n * 5 * 60_000,
        endsAt: thursday + 9 * HOUR + n * 5 * 60_000,
        seats: 3,
        timeZone: person.timeZone,
      })),
    );

    await signInThroughForm(page, origin, employee.email);
    await page.goto(`${origin}/sessions?view=week`);
    await page.getByRole("heading", { name: /Week of/ }).waitFor();
    await checkAtBothWidths(page, "sessions-week-busy");

    await page.getByRole("link", { name: /^Show all \d+ sessions on Thursday$/ }).click();
    await page.getByRole("heading", { name: "Thu 4 Mar 2027" }).waitFor();
    await page.getByText(/^Showing 1–50 of \d+ sessions on Thu 4 Mar 2027/).waitFor();
    await checkAtBothWidths(page, "sessions-day");
    await page.getByRole("link", { name: "Next →" }).click();
    await page.getByText(/^Showing 51–100 of/).waitFor();
  });
});
