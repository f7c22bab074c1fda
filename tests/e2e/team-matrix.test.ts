import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { axeViolations } from "../support/axe";
import { aModule } from "../support/builders";
import { DESKTOP, demoCompanyInBrowser, PHONE, screenshot, signInThroughForm } from "../support/browser";

// Oskar Lindqvist runs Accounting, a back-office department whose people all report to him.
const manager = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Manager")!;
const admin = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Admin")!;
const app = demoCompanyInBrowser();

/** How far the page is wider than the window: 0 or less when nothing scrolls sideways. */
function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Six more core modules, so everyone in view holds more modules than a wide screen shows at once. */
async function aWideMatrix(db: Db) {
  for (const title of ["Escalations", "Field safety", "Invoices explained", "Returns", "Warranty", "Data care"]) {
    await aModule(db, { title: `${title} basics`, core: true });
  }
}

async function openTeam(page: Page) {
  await signInThroughForm(page, app.origin, manager.email);
  await page.goto(`${app.origin}/team`);
  await page.getByRole("heading", { level: 1, name: "Your team's training" }).waitFor();
}

async function firstReportName(db: Db): Promise<string> {
  const [me] = await db.select().from(schema.people).where(eq(schema.people.email, manager.email));
  const reports = await db
    .select({ name: schema.people.name })
    .from(schema.people)
    .where(eq(schema.people.managerId, me.id))
    .orderBy(schema.people.name);
  return reports[0].name;
}

describe("the team matrix in a browser", () => {
  it("keeps the person column in sight while the modules scroll inside their own frame on a wide screen", async () => {
    const { page, db } = app;
    await aWideMatrix(db);
    await page.setViewportSize(DESKTOP);
    await openTeam(page);

    const regions = page.getByRole("region", { name: "Progress by person" });
    expect(await regions.count()).toBe(1);
    const frame = regions.first();
    await frame.waitFor();
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    const hint = page.getByText("Scroll sideways for more modules");
    await hint.waitFor();
    await screenshot(page, "team-matrix-desktop");

    const name = await firstReportName(db);
    const person = frame.getByRole("rowheader", { name }).first();
    const before = await person.boundingBox();
    // To the very end, as a keyboard or a trackpad would.
    await frame.evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
    await page.getByText("Scroll back for the first modules").waitFor();
    await screenshot(page, "team-matrix-desktop-scrolled");

    const box = (await frame.boundingBox())!;
    const after = (await person.boundingBox())!;
    expect(after.x).toBeCloseTo(before!.x, 0);
    expect(after.x).toBeGreaterThanOrEqual(box.x);
    // The last column is reachable whole, not cut off at the frame's edge.
    const done = (await frame.getByRole("columnheader", { name: "Done" }).boundingBox())!;
    expect(done.x + done.width).toBeLessThanOrEqual(box.x + box.width + 1);
    expect(done.x).toBeGreaterThan(after.x + after.width - 1);

    expect(await axeViolations(page)).toEqual([]);
  });

  it("draws each person as a card on a phone, naming each module they hold beside its standing", async () => {
    const { page, db } = app;
    await aWideMatrix(db);
    await page.setViewportSize(PHONE);
    await openTeam(page);

    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    const name = await firstReportName(db);
    const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name }) });
    const card = (await row.boundingBox())!;
    // The card takes the phone's width; nothing of it scrolls sideways.
    expect(card.width).toBeGreaterThan(PHONE.width * 0.8);
    expect(card.x + card.width).toBeLessThanOrEqual(PHONE.width);
    // No column headings on screen: each line names its module instead.
    expect(await page.getByRole("columnheader", { name: "Person" }).isVisible()).toBe(false);
    const line = row.locator("td[data-module='Field safety basics']");
    expect(await line.isVisible()).toBe(true);
    expect(await line.evaluate((cell) => getComputedStyle(cell, "::before").content)).toContain("Field safety basics");
    expect(await line.innerText()).toMatch(/Due\s+Core module, no due day/);
    // Modules the person doesn't hold take no line of the card.
    const notHeld = row.locator("td.matrix-none");
    for (let i = 0; i < (await notHeld.count()); i++) expect(await notHeld.nth(i).isVisible()).toBe(false);
    expect(await row.locator("td.matrix-done").innerText()).toMatch(/^\d+ of \d+$/);

    await screenshot(page, "team-matrix-phone");
    expect(await axeViolations(page)).toEqual([]);
    await expect
      .poll(() => page.getByRole("link", { name: "Download CSV" }).getAttribute("href"))
      .toBe("/team/matrix.csv");
  });

  it("offers the overdue list's download with the filters on screen", async () => {
    const { page } = app;
    await page.setViewportSize(DESKTOP);
    await signInThroughForm(page, app.origin, manager.email);
    await page.goto(`${app.origin}/team/overdue?direct=1`);
    await page.getByRole("heading", { level: 1, name: "Overdue training" }).waitFor();
    expect(await page.getByRole("link", { name: "Download CSV" }).getAttribute("href")).toBe(
      "/team/overdue.csv?direct=1",
    );
    await checkBothWidths(page, "team-overdue-download");
  });

  it("offers the directory's download with the filters on screen", async () => {
    const { page } = app;
    await page.setViewportSize(DESKTOP);
    await signInThroughForm(page, app.origin, admin.email);
    await page.goto(`${app.origin}/admin/people?status=all&role=manager`);
    await page.getByRole("heading", { level: 1, name: "People" }).waitFor();
    expect(await page.getByRole("link", { name: "Download CSV" }).getAttribute("href")).toBe(
      "/admin/people/export.csv?role=manager&status=all",
    );
    await checkBothWidths(page, "admin-people-download");
  });

  it("offers the audit log's download with the filters on screen", async () => {
    const { page } = app;
    await page.setViewportSize(DESKTOP);
    await signInThroughForm(page, app.origin, admin.email);
    await page.goto(`${app.origin}/admin/audit?type=company&from=2027-02-20`);
    await page.getByRole("heading", { level: 1, name: "Audit log" }).waitFor();
    expect(await page.getByRole("link", { name: "Download CSV" }).getAttribute("href")).toBe(
      "/admin/audit.csv?type=company&from=2027-02-20",
    );
    await checkBothWidths(page, "admin-audit-download");
  });
});

/** No axe finding and nothing wider than the screen, on a desktop and on a phone, with a screenshot of each. */
async function checkBothWidths(page: Page, name: string) {
  for (const [size, label] of [
    [DESKTOP, "desktop"],
    [PHONE, "phone"],
  ] as const) {
    await page.setViewportSize(size);
    await page.getByRole("link", { name: "Download CSV" }).waitFor();
    expect(await pageOverflow(page), `${name} on a ${label}`).toBeLessThanOrEqual(0);
    expect(await axeViolations(page), `${name} on a ${label}`).toEqual([]);
    await screenshot(page, `${name}-${label}`);
  }
  await page.setViewportSize(DESKTOP);
}
