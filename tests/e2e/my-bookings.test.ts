import { aliasedTable, and, asc, eq, gt } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { DAY, HOUR } from "~/domain/time";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { axeViolations } from "../support/axe";
import {
  checkAtBothWidths,
  demoCompanyInBrowser,
  openBrowser,
  PHONE,
  screenshot,
  signInThroughForm,
} from "../support/browser";

const employee = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Employee")!;
const hostAndManager = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Host and manager")!;
const app = demoCompanyInBrowser();

/** The host of the first upcoming scheduled session: a name to search for. */
async function anUpcomingHost(db: Db, now: number) {
  const host = aliasedTable(schema.people, "host");
  const [row] = await db
    .select({ name: host.name })
    .from(schema.sessions)
    .innerJoin(host, eq(host.id, schema.sessions.hostId))
    .where(and(eq(schema.sessions.status, "scheduled"), gt(schema.sessions.startsAt, now)))
    .orderBy(asc(schema.sessions.startsAt))
    .limit(1);
  return row.name;
}

async function openFromMenu(page: Page, label: string) {
  await page.getByRole("button", { name: /^Menu/ }).click();
  await page.locator(".phone-menu").getByRole("link", { name: label, exact: true }).click();
}

async function fitsThePhone(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await axeViolations(page)).toEqual([]);
}

describe("Find sessions and My bookings on a phone", () => {
  it("searches by a host's name behind a folded filter panel whose date boxes fit", async () => {
    const { page, origin, db, clock } = app;
    const surname = (await anUpcomingHost(db, clock.now())).split(" ").at(-1)!;
    await page.setViewportSize(PHONE);
    await signInThroughForm(page, origin, employee.email);
    await openFromMenu(page, "Find sessions");
    await page.getByRole("heading", { level: 1, name: "Find a session" }).waitFor();

    // The filters fold away so the sessions come first; the search box stays in reach.
    expect(await page.getByLabel("Kind of work").isVisible()).toBe(false);
    await page.getByLabel("Search customer, host or place").fill(surname);
    await page.getByRole("button", { name: "Show sessions" }).click();
    await page.waitForURL(/q=/);
    await page.getByRole("heading", { level: 2, name: /sessions? from/ }).waitFor();
    const cards = page.locator(".session-card");
    await cards.filter({ hasText: surname }).first().waitFor();
    for (const text of await cards.allInnerTexts()) expect(text).toContain(surname);
    // Each day of the list has its heading.
    expect(await page.locator(".session-day-heading").count()).toBeGreaterThan(0);

    await page.getByText("Filters", { exact: true }).click();
    await page.getByLabel("Kind of work").waitFor();
    const panel = (await page.locator(".filters").boundingBox())!;
    for (const label of ["From", "To"]) {
      const box = (await page.getByLabel(label, { exact: true }).boundingBox())!;
      expect(box.width).toBeGreaterThan(150);
      expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width);
    }
    await fitsThePhone(page);
    await screenshot(page, "find-sessions-search-phone");

    await page.getByLabel("Search customer, host or place").fill("Nobody by this name");
    await page.getByRole("button", { name: "Show sessions" }).click();
    await page.getByText("Nothing matches “Nobody by this name”").waitFor();
    await page.getByRole("link", { name: "clear the search" }).click();
    await page.waitForURL((url) => !url.search.includes("q="));
    await page.locator(".session-card").first().waitFor();
    expect(await page.getByLabel("Search customer, host or place").inputValue()).toBe("");
  });

  it("opens the filters and searches without JavaScript", async () => {
    const browser = await openBrowser({ javaScriptEnabled: false, viewport: PHONE });
    try {
      const { page } = browser;
      await signInThroughForm(page, app.origin, employee.email);
      await page.goto(`${app.origin}/sessions`);
      expect(await page.getByLabel("Kind of work").isVisible()).toBe(false);
      await page.getByText("Filters", { exact: true }).click();
      await page.getByLabel("Kind of work").selectOption({ label: "Sales call" });
      await page.getByLabel("Search customer, host or place").fill("household");
      await page.getByRole("button", { name: "Show sessions" }).click();
      await page.waitForURL(/q=household/);
      const cards = await page.locator(".session-card").allInnerTexts();
      expect(cards.length).toBeGreaterThan(0);
      for (const text of cards) expect(text).toMatch(/^Sales call[\s\S]*household/);
      await screenshot(page, "find-sessions-without-script-phone");
    } finally {
      await browser.close();
    }
  });

  it("lists the employee's seats on My bookings and leads to each session", async () => {
    const { page, origin } = app;
    await page.setViewportSize(PHONE);
    await signInThroughForm(page, origin, employee.email);
    await openFromMenu(page, "My bookings");
    await page.getByRole("heading", { level: 1, name: "My bookings" }).waitFor();
    for (const name of ["Coming up", "On a waitlist", "Past sessions"]) {
      await page.getByRole("region", { name }).waitFor();
    }
    await fitsThePhone(page);
    await checkAtBothWidths(page, "my-bookings");

    await page.setViewportSize(PHONE);
    const seat = page.getByRole("region", { name: "Coming up" }).getByRole("link").first();
    const kind = await seat.innerText();
    await seat.click();
    await page.getByRole("heading", { level: 1, name: kind }).waitFor();
  });

  it("shows a host their hosting and their own seats apart on Home, at both widths", async () => {
    const { page, origin } = app;
    await page.setViewportSize(PHONE);
    await signInThroughForm(page, origin, hostAndManager.email);
    await page.getByRole("region", { name: "Sessions you host" }).waitFor();
    await page.getByRole("region", { name: "Your upcoming sessions" }).waitFor();
    expect(await page.getByText("You have no sessions booked").count()).toBe(0);
    await fitsThePhone(page);
    await checkAtBothWidths(page, "home-host");

    // A day on, the sessions the host ran are over and ask who came.
    app.clock.advance(DAY + 8 * HOUR);
    await page.goto(origin);
    const todo = page.getByRole("region", { name: "Attendance to confirm" });
    await todo
      .getByRole("link", { name: /^Confirm attendance/ })
      .first()
      .waitFor();
    await checkAtBothWidths(page, "home-host-to-confirm");
    await todo
      .getByRole("link", { name: /^Confirm attendance/ })
      .first()
      .click();
    await page.waitForURL(/\/hosting\/sessions\/\d+$/);

    await page.goto(`${origin}/sessions`);
    await checkAtBothWidths(page, "find-sessions-list");
    await page.goto(`${origin}/sessions?view=week`);
    await checkAtBothWidths(page, "find-sessions-week");
  });
});
