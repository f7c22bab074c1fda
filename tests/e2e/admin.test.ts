import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { MINUTE } from "~/domain/time";
import { saveKind } from "~/models/kinds.server";
import { applyStaffImport } from "~/models/staff-import.server";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { seriousAxeViolations } from "../support/axe";
import { demoCompanyInBrowser, screenshot, signInThroughForm } from "../support/browser";

const admin = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Admin")!;
const demo = demoCompanyInBrowser();

const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const STAFF_HEADER = "name,email,department,title,manager_email,time_zone,roles";

/** Opens a page, checks it has its heading and no serious axe findings, and keeps a screenshot at both widths. */
async function visit(page: Page, path: string, heading: string, name: string) {
  await page.setViewportSize(DESKTOP);
  await page.goto(`${demo.origin}${path}`);
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

/** The demo admin, signed in through the form. */
async function signInAsAdmin(): Promise<Page> {
  await signInThroughForm(demo.page, demo.origin, admin.email);
  return demo.page;
}

async function adminId(db: Db): Promise<number> {
  const [row] = await db
    .select({ id: schema.people.id })
    .from(schema.people)
    .where(eq(schema.people.email, admin.email));
  return row.id;
}

/** A trade-show booth kind, added by the admin as the kinds page would. */
async function addBooth(db: Db, now: number) {
  const saved = await saveKind(db, {
    kind: { name: "Trade-show booth", description: "", defaultMinutes: 240, onSite: true, active: true },
    actorId: await adminId(db),
    now,
  });
  if (!saved.ok) throw new Error(`The booth was refused: ${saved.reason.code}`);
}

describe("an admin finds their way", () => {
  it("reaches every admin area from the overview", async () => {
    const page = await signInAsAdmin();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await page.getByRole("heading", { level: 1, name: "Company overview" }).waitFor();
    const areas = page.getByRole("navigation", { name: "Admin areas" });
    for (const label of ["People", "Departments", "Session kinds", "Modules", "Audit log"]) {
      await areas.getByRole("link", { name: label }).waitFor();
    }
    await areas.getByRole("link", { name: "Session kinds" }).click();
    await page.getByRole("heading", { level: 1, name: "Session kinds" }).waitFor();
  });

  it.each([
    ["/admin", "Company overview", "admin-overview"],
    ["/admin/people", "People", "admin-people"],
    ["/admin/departments", "Departments", "admin-departments"],
    ["/admin/kinds", "Session kinds", "admin-kinds"],
    ["/admin/modules", "Service modules", "admin-modules"],
    ["/admin/people/new", "Add a person", "admin-person-new"],
    ["/admin/modules/new", "Add a module", "admin-module-new"],
    ["/admin/people/import", "Import the staff directory", "admin-import"],
    ["/admin/audit", "Audit log", "admin-audit"],
  ])("reads %s cleanly at both widths", async (path, heading, name) => {
    await visit(await signInAsAdmin(), path, heading, name);
  });

  it("tells someone who isn't an admin why the admin pages are closed to them", async () => {
    const employee = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Employee")!;
    await signInThroughForm(demo.page, demo.origin, employee.email);
    await demo.page.goto(`${demo.origin}/admin/people`);
    await demo.page.getByRole("heading", { level: 1, name: "You don't have access to this page" }).waitFor();
    await demo.page.getByText("The admin pages are for admins.").waitFor();
  });
});

describe("an admin keeps the directory", () => {
  it("finds a person, opens their page and changes their title", async () => {
    const page = await signInAsAdmin();
    await page.goto(`${demo.origin}/admin/people`);
    await page.getByLabel("Name or email").fill("korhonen");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=korhonen/);
    await page.getByRole("link", { name: "Emma Korhonen" }).click();
    await page.getByRole("heading", { level: 1, name: "Emma Korhonen" }).waitFor();
    await visit(page, new URL(page.url()).pathname, "Emma Korhonen", "admin-person");
    await page.getByLabel("Job title").fill("Senior accountant");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Saved Emma Korhonen." }).waitFor();
    expect(await page.getByLabel("Job title").inputValue()).toBe("Senior accountant");
  });

  it("adds a session kind through the form, and is told at once what a refused one lacks", async () => {
    const page = await signInAsAdmin();
    await page.goto(`${demo.origin}/admin/kinds`);
    await page.getByLabel("Usual length in minutes").fill("");
    await page.getByLabel("Usual length in minutes").blur();
    await page.getByText("Give the usual length in whole minutes, for example 60.").waitFor();
    await page.getByRole("button", { name: "Add session kind" }).click();
    await page.getByText("Give the session kind a name.").waitFor();
    await page.getByText("2 things need fixing before this can be saved.").waitFor();

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
    await addBooth(demo.db, demo.clock.now());
    const page = await signInAsAdmin();
    await page.goto(`${demo.origin}/admin/modules`);
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
    const preview = page.getByRole("region", { name: "The guide as people read it" });
    await preview.getByRole("listitem").filter({ hasText: "the first question people ask" }).waitFor();
    expect(await page.getByText("1 attended trade-show booth, with a reflection; valid for 12 months.").count()).toBe(
      1,
    );
    await visit(page, new URL(page.url()).pathname, "Work the stand", "admin-module");
  });

  it("previews an import, shows a bad line's problem, then imports", async () => {
    const page = await signInAsAdmin();
    await page.goto(`${demo.origin}/admin/people/import`);
    await page
      .getByLabel("Staff directory (CSV)")
      .fill(
        `${STAFF_HEADER}\nSaga Holm,saga.holm@example.com,Finance,Analyst,,Europe/Stockholm,\nIvo Petrov,ivo.petrov@example.com,Marketing,Planner,,Europe/Sofia,`,
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
        `${STAFF_HEADER}\nSaga Holm,saga.holm@example.com,Finance,Analyst,,Europe/Stockholm,\nIvo Petrov,ivo.petrov@example.com,Sales,Planner,saga.holm@example.com,Europe/Sofia,host`,
      );
    await page.getByRole("button", { name: "Check again" }).click();
    await page.getByRole("heading", { name: "Ready to import" }).waitFor();
    await screenshot(page, "admin-import-ready-desktop");
    await page.getByRole("button", { name: "Import: add 2, update 0" }).click();
    await page.getByRole("heading", { level: 1, name: "People" }).waitFor();
    await page.getByRole("status").filter({ hasText: "Imported the staff directory: 2 added, 0 updated" }).waitFor();
  });

  it("filters the audit log", async () => {
    const { db, clock } = demo;
    await addBooth(db, clock.now());
    const imported = await applyStaffImport(db, {
      text: `${STAFF_HEADER}\nSaga Holm,saga.holm@example.com,Finance,Analyst,,Europe/Stockholm,`,
      actorId: await adminId(db),
      now: clock.now() + MINUTE,
    });
    expect(imported.ok).toBe(true);

    const page = await signInAsAdmin();
    await page.goto(`${demo.origin}/admin/audit`);
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
