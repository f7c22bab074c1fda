import { and, eq, inArray } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { schema } from "~/db.server";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { eventsOf, instantOf, parseIcs, text, wallTime } from "../domain/ics";
import { seriousAxeViolations } from "../support/axe";
import { demoCompanyInBrowser, screenshot, signInThroughForm } from "../support/browser";

const app = demoCompanyInBrowser();
const employee = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Employee")!;

/** Signs the demo employee in and opens Calendar feeds from the main navigation. */
async function openCalendarFeeds(page: Page) {
  await signInThroughForm(page, app.origin, employee.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Calendar feeds" }).click();
  await page.getByRole("heading", { level: 1, name: "Calendar feeds" }).waitFor();
}

/** Turns on "My bookings" and returns the two addresses the page shows, once. */
async function turnOnMyBookings(page: Page): Promise<{ webUrl: string; webcalUrl: string }> {
  await page.getByRole("region", { name: "My bookings" }).getByRole("button", { name: "Turn on" }).click();
  const webField = page.getByLabel("Web address (http://)");
  await webField.waitFor();
  return {
    webUrl: await webField.inputValue(),
    webcalUrl: await page.getByLabel("Calendar app link (webcal://)").inputValue(),
  };
}

describe("an employee subscribes to their bookings", () => {
  it("shows the feeds an employee may turn on, all off at first, and how quickly clients refresh", async () => {
    const { page } = app;
    await openCalendarFeeds(page);
    await page.getByRole("region", { name: "My bookings" }).getByText("Off", { exact: true }).waitFor();
    expect(await page.getByRole("region", { name: "Sessions I host" }).count()).toBe(0);
    await expect
      .poll(() => page.getByText("Google Calendar refreshes subscribed calendars only every 8–24 hours").count())
      .toBe(1);
    await screenshot(page, "calendar-feeds-off-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("turns on “My bookings” and is shown its two addresses once, with a copy button", async () => {
    const { page } = app;
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.origin });
    await openCalendarFeeds(page);
    const { webUrl, webcalUrl } = await turnOnMyBookings(page);
    expect(webUrl).toMatch(new RegExp(`^${app.origin}/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
    expect(webcalUrl).toBe(webUrl.replace(/^http:/, "webcal:"));
    // The token is shown in the page, never in its address.
    expect(page.url()).not.toContain(webUrl.split("/").pop()!.replace(".ics", ""));
    expect(await page.getByRole("status").first().textContent()).toContain("shown only this once");

    await page.getByRole("button", { name: "Copy" }).click();
    await expect.poll(() => page.locator(".copy-status").textContent()).toMatch(/Copied|Selected/);
    const copied = await page.evaluate(() => navigator.clipboard.readText().catch(() => ""));
    if (copied) expect(copied).toBe(webUrl);

    await screenshot(page, "calendar-feeds-on-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "calendar-feeds-on-phone");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it("gives a calendar client the feed at that address, and never shows the address again", async () => {
    const { page, db } = app;
    await openCalendarFeeds(page);
    const { webUrl } = await turnOnMyBookings(page);

    // A calendar client: no cookie, just the address.
    const response = await fetch(webUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("cache-control")).toMatch(/^private/);
    const calendar = parseIcs(await response.text());
    expect(text(calendar, "x-wr-calname")).toBe("Frontline: my bookings");
    const events = eventsOf(calendar);
    expect(events.length).toBeGreaterThan(0);

    const [person] = await db.select().from(schema.people).where(eq(schema.people.email, employee.email));
    const ids = events.map((event) => Number(/^booking-(\d+)@frontline$/.exec(text(event, "uid"))?.[1]));
    const rows = await db
      .select({
        id: schema.bookings.id,
        personId: schema.bookings.personId,
        startsAt: schema.sessions.startsAt,
        timeZone: schema.sessions.timeZone,
      })
      .from(schema.bookings)
      .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
      .where(and(inArray(schema.bookings.id, ids)));
    expect(rows).toHaveLength(events.length);
    for (const row of rows) expect(row.personId).toBe(person.id);
    for (const event of events) {
      const row = rows.find((r) => `booking-${r.id}@frontline` === text(event, "uid"))!;
      expect(instantOf(event, "dtstart")).toBe(row.startsAt);
      expect(wallTime(instantOf(event, "dtstart"), row.timeZone)).toBe(wallTime(row.startsAt, row.timeZone));
    }

    const again = await fetch(webUrl, { headers: { "If-None-Match": response.headers.get("etag")! } });
    expect(again.status).toBe(304);

    // The page never shows the address again; the feed stays on.
    await page.reload();
    await page.getByText("Your link is active. For safety we can't show it again").waitFor();
    expect(await page.content()).not.toContain(webUrl);
    await screenshot(page, "calendar-feeds-active-desktop");
  });

  it("offers the invite of a booking on its session page", async () => {
    const { page } = app;
    await signInThroughForm(page, app.origin, employee.email);
    const upcoming = page
      .getByRole("region", { name: "Your upcoming sessions" })
      .getByRole("list")
      .getByRole("link")
      .first();
    await upcoming.click();
    await page.getByRole("heading", { name: "Your seat" }).waitFor();
    const link = page.getByRole("link", { name: /Add to calendar \(\.ics\)|Download cancellation \(\.ics\)/ });
    await link.waitFor();
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/bookings\/\d+\/invite\.ics$/);
    const invite = await page.request.get(`${app.origin}${href}`);
    expect(invite.status()).toBe(200);
    expect(invite.headers()["content-disposition"]).toMatch(/^attachment; filename="frontline-session-\d+\.ics"$/);
    const calendar = parseIcs(await invite.text());
    expect(["REQUEST", "CANCEL"]).toContain(text(calendar, "method"));
    expect(invite.headers()["content-type"]).toBe(`text/calendar; charset=utf-8; method=${text(calendar, "method")}`);
    await screenshot(page, "session-add-to-calendar-desktop");
  });
});
