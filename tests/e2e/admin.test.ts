import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoCompany } from "../../db/seed";
import { seriousAxeViolations } from "../support/axe";
import { openBrowser, screenshot, startServer } from "../support/browser";
import { freshDatabase } from "../support/db";

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Awaited<ReturnType<typeof openBrowser>>;
const admin = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Admin")!;

const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  const { db, url } = await freshDatabase();
  await seedDemoCompany(db, { now: Date.now() });
  server = await startServer(url);
  browser = await openBrowser();
  const { page } = browser;
  await page.goto(`${server.origin}/login`);
  await page.getByLabel("Work email").fill(admin.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page
    .getByRole("heading", { level: 1 })
    .filter({ hasText: admin.name.split(" ")[0] })
    .waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens a page, checks it has its heading and no serious axe findings, and keeps a screenshot at both widths. */
async function visit(page: Page, path: string, heading: string, name: string) {
  await page.setViewportSize(DESKTOP);
  await page.goto(`${server.origin}${path}`);
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  expect(await seriousAxeViolations(page), path).toEqual([]);
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  await screenshot(page, `${name}-phone`);
  expect(await seriousAxeViolations(page), `${path} on a phone`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${path} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
  await page.setViewportSize(DESKTOP);
}

describe("an admin runs Frontline", () => {
  it("reaches every admin area from the overview", async () => {
    const { page } = browser;
    await page.goto(`${server.origin}/`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await page.getByRole("heading", { level: 1, name: "Company overview" }).waitFor();
    const areas = page.getByRole("navigation", { name: "Admin areas" });
    for (const label of ["People", "Departments", "Session kinds", "Modules", "Audit log"]) {
      await areas.getByRole("link", { name: label }).waitFor();
    }
    await visit(page, "/admin", "Company overview", "admin-overview");
    await visit(page, "/admin/people", "People", "admin-people");
    await visit(page, "/admin/departments", "Departments", "admin-departments");
    await visit(page, "/admin/kinds", "Session kinds", "admin-kinds");
    await visit(page, "/admin/modules", "Service modules", "admin-modules");
    await visit(page, "/admin/people/new", "Add a person", "admin-person-new");
    await visit(page, "/admin/modules/new", "Add a module", "admin-module-new");
    await visit(page, "/admin/people/import", "Import the staff directory", "admin-import");
    await visit(page, "/admin/audit", "Audit log", "admin-audit");
  });

  it("finds a person and opens their page", async () => {
    const { page } = browser;
    await page.goto(`${server.origin}/admin/people`);
    await page.getByLabel("Name or email").fill("korhonen");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=korhonen/);
    await page.getByRole("link", { name: "Emma Korhonen" }).click();
    await page.getByRole("heading", { level: 1, name: "Emma Korhonen" }).waitFor();
    await visit(page, new URL(page.url()).pathname, "Emma Korhonen", "admin-person");
    await page.getByLabel("Job title").fill("Senior accountant");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Saved Emma Korhonen." }).waitFor();
  });

  it("adds a session kind through the form", async () => {
    const { page } = browser;
    await page.goto(`${server.origin}/admin/kinds`);
    await page.getByLabel("Name", { exact: true }).fill("Trade-show booth");
    await page
      .getByLabel("What a shadow does (optional)")
      .fill("A day on our stand at a home-energy fair, answering visitors.");
    await page.getByLabel("Usual length in minutes").fill("240");
    await page.getByLabel(/On site/).check();
    await page.getByRole("button", { name: "Add session kind" }).click();
    await page.getByRole("status").filter({ hasText: "Added the session kind Trade-show booth." }).waitFor();
    await page.getByRole("link", { name: "Trade-show booth" }).waitFor();
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("");

    await page.getByLabel("Name", { exact: true }).fill("sales call");
    await page.getByLabel("Usual length in minutes").fill("60");
    await page.getByRole("button", { name: "Add session kind" }).click();
    await page.getByText('There is already a session kind called "Sales call". Pick another name.').waitFor();
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("sales call");
    await screenshot(page, "admin-kinds-refused-desktop");
  });

  it("adds a module through the form and sees its guide as people read it", async () => {
    const { page } = browser;
    await page.goto(`${server.origin}/admin/modules`);
    await page.getByRole("link", { name: "Add a module" }).click();
    await page.getByRole("heading", { level: 1, name: "Add a module" }).waitFor();
    await page.getByLabel("Title").fill("Work the stand");
    await page.getByLabel("Summary").fill("A day at a trade show beside our sales team.");
    await page
      .getByLabel("Guide")
      .fill(
        "Visitors come with one question and leave with three.\n\nWhat to watch for:\n- the first question people ask\n- what makes them stop",
      );
    await page.getByLabel("Sessions that count").selectOption({ label: "Trade-show booth" });
    await page.getByLabel("Attended sessions needed").fill("1");
    await page.getByLabel("Valid for (days)").fill("365");
    await page.getByLabel("A written reflection is needed on each session").check();
    await page.getByRole("button", { name: "Add module" }).click();
    await page.getByRole("heading", { level: 1, name: "Work the stand" }).waitFor();
    await page.getByRole("status").filter({ hasText: 'Added the module "Work the stand".' }).waitFor();
    const preview = page.getByRole("region", {
      name: "The guide as people read it",
    });
    await preview.getByRole("listitem").filter({ hasText: "the first question people ask" }).waitFor();
    expect(await page.getByText("1 attended trade-show booth, with a reflection; valid for 12 months.").count()).toBe(
      1,
    );
    await visit(page, new URL(page.url()).pathname, "Work the stand", "admin-module");
  });

  it("previews an import, shows a bad line's problem, then imports", async () => {
    const { page } = browser;
    await page.goto(`${server.origin}/admin/people/import`);
    const header = "name,email,department,title,manager_email,time_zone,roles";
    await page
      .getByLabel("Staff directory (CSV)")
      .fill(
        `${header}\nSaga Holm,saga.holm@example.com,Finance,Analyst,,Europe/Stockholm,\nIvo Petrov,ivo.petrov@example.com,Marketing,Planner,,Europe/Sofia,`,
      );
    await page.getByRole("button", { name: "Check the file" }).click();
    await page.getByRole("heading", { name: "Fix these lines first" }).waitFor();
    await page.getByText('There is no department called "Marketing".').first().waitFor();
    await screenshot(page, "admin-import-problems-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    await screenshot(page, "admin-import-problems-phone");
    await page.setViewportSize(DESKTOP);

    await page
      .getByLabel("Staff directory (CSV)")
      .fill(
        `${header}\nSaga Holm,saga.holm@example.com,Finance,Analyst,,Europe/Stockholm,\nIvo Petrov,ivo.petrov@example.com,Sales,Planner,saga.holm@example.com,Europe/Sofia,host`,
      );
    await page.getByRole("button", { name: "Check again" }).click();
    await page.getByRole("heading", { name: "Ready to import" }).waitFor();
    await screenshot(page, "admin-import-ready-desktop");
    await page.getByRole("button", { name: "Import: add 2, update 0" }).click();
    await page.getByRole("heading", { level: 1, name: "People" }).waitFor();
    await page.getByRole("status").filter({ hasText: "Imported the staff directory: 2 added, 0 updated" }).waitFor();
  });

  it("filters the audit log", async () => {
    const { page } = browser;
    await page.goto(`${server.origin}/admin/audit`);
    await page.getByLabel("Record", { exact: true }).selectOption({ label: "Session kind" });
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/type=kind/);
    await page.getByText("Added the session kind Trade-show booth").waitFor();
    expect(await page.getByText("Imported the staff directory").count()).toBe(0);

    await page.getByLabel("Record", { exact: true }).selectOption({ label: "All records" });
    await page.getByLabel("Who (name or email)").fill("Aino");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/actor=Aino/);
    await page.getByText("Imported the staff directory").first().waitFor();
    await visit(page, "/admin/audit?actor=Aino", "Audit log", "admin-audit-filtered");
  });
});
