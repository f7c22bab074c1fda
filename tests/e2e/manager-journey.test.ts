import { and, asc, eq, gt } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { addDays, dayOf, HOUR } from "~/domain/time";
import { assignModule } from "~/models/assignments.server";
import { bookSeat, recordAttendance, saveReflection } from "~/models/bookings.server";
import { personDetail } from "~/models/team-person.server";
import { reportsOf } from "~/models/team.server";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { seriousAxeViolations } from "../support/axe";
import { demoCompanyInBrowser, screenshot, signInThroughForm } from "../support/browser";
import type { TestClock } from "../support/clock";

const MODULE = "Sit in on a sales call";
const REFLECTION = "The customer was really deciding whether to trust us with the next fifteen winters.";

// Oskar Lindqvist runs Accounting, a back-office department whose people all report to him.
const manager = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Manager")!;
const app = demoCompanyInBrowser();

async function theManager(db: Db) {
  const [me] = await db.select().from(schema.people).where(eq(schema.people.email, manager.email));
  return me;
}

async function theModule(db: Db) {
  const [module] = await db.select().from(schema.serviceModules).where(eq(schema.serviceModules.title, MODULE));
  return module;
}

/** Opens the team page from the main navigation. */
async function openTeam(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Your team's training" }).waitFor();
}

/** The matrix cell of one person and one module, found by the row's and the column's headers. */
async function matrixCell(page: Page, personName: string, moduleTitle: string) {
  const headers = await page.getByRole("columnheader").allTextContents();
  const column = headers.findIndex((h) => h.startsWith(moduleTitle));
  expect(column).toBeGreaterThan(0);
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: personName }) });
  // The person's name is the row header, so data cells start one column later.
  return row.getByRole("cell").nth(column - 1);
}

async function atPhoneWidth(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, name);
}

async function atDesktopWidth(page: Page) {
  await page.setViewportSize({ width: 1280, height: 860 });
}

/**
 * The manager assigns the module to Accounting through the real rules; the first report it is new
 * for then shadows a sales call: booked by the manager, attended as the host confirms, reflected on.
 */
async function aReportWhoMetTheModule(db: Db, clock: TestClock) {
  const me = await theManager(db);
  const module = await theModule(db);
  const [accounting] = await db.select().from(schema.departments).where(eq(schema.departments.name, "Accounting"));
  const assigned = await assignModule(db, {
    actorId: me.id,
    moduleId: module.id,
    dueOn: addDays(dayOf(clock.now(), me.timeZone), 14),
    personIds: [],
    everyone: false,
    departmentId: accounting.id,
    now: clock.now(),
  });
  if (!assigned.ok || assigned.created.length === 0) throw new Error("The demo manager could not assign the module.");
  const report = assigned.created[0];

  const salesCalls = await db
    .select({ session: schema.sessions })
    .from(schema.sessions)
    .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.sessions.kindId))
    .where(
      and(
        eq(schema.sessionKinds.name, "Sales call"),
        eq(schema.sessions.status, "scheduled"),
        gt(schema.sessions.startsAt, clock.now()),
      ),
    )
    .orderBy(asc(schema.sessions.startsAt));
  for (const { session } of salesCalls) {
    const seat = await bookSeat(db, {
      sessionId: session.id,
      personId: report.personId,
      actorId: me.id,
      source: "manager",
      now: clock.now(),
    });
    if (!seat.ok || seat.status !== "booked") continue;
    clock.set(session.endsAt + HOUR);
    const attended = await recordAttendance(db, {
      bookingId: seat.booking.id,
      actorId: session.hostId,
      status: "attended",
      now: clock.now(),
    });
    expect(attended.ok).toBe(true);
    const reflected = await saveReflection(db, {
      bookingId: seat.booking.id,
      personId: report.personId,
      text: REFLECTION,
      now: clock.now(),
    });
    expect(reflected.ok).toBe(true);
    return { name: report.personName, personId: report.personId };
  }
  throw new Error("No upcoming sales call took the report.");
}

/** A report of the manager whose page suggests sessions that would count for them. */
async function aReportWithSuggestions(db: Db, now: number) {
  const me = await theManager(db);
  for (const report of await reportsOf(db, me.id, { directOnly: true })) {
    const detail = await personDetail(db, report, now);
    if (detail.suggestions.length > 0) return report;
  }
  throw new Error("No report of the demo manager has a session to book.");
}

describe("a manager's journey", () => {
  it("sees the team's training and what is overdue", async () => {
    const { page, origin } = app;
    await signInThroughForm(page, origin, manager.email);
    await openTeam(page);
    await page.getByRole("heading", { name: "Overdue" }).waitFor();
    await page.getByRole("table").waitFor();
    await screenshot(page, "team-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("is told every missing piece when assigning with nothing chosen, and nothing is assigned", async () => {
    const { page, origin, db } = app;
    const before = (await db.select().from(schema.assignments)).length;
    await signInThroughForm(page, origin, manager.email);
    await openTeam(page);
    await page.getByRole("link", { name: "Assign a module" }).click();
    await page.getByRole("heading", { level: 1, name: "Assign a module" }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Assign module" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Nothing was assigned" });
    await alert.waitFor();
    expect(await alert.textContent()).toContain("Check the fields marked below.");
    const moduleField = page.getByLabel("Module");
    expect(await moduleField.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await moduleField.getAttribute("aria-describedby")) ?? "";
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe("Choose a module to assign.");
    await page.getByText("Choose the day it is due.").waitFor();
    await page.getByText("Choose at least one person, or a department.").waitFor();
    expect((await db.select().from(schema.assignments)).length).toBe(before);
  });

  it("assigns a module to their department, leaving who already had it as they were", async () => {
    const { page, origin, db, clock } = app;
    const me = await theManager(db);
    const dueOn = addDays(dayOf(clock.now(), me.timeZone), 14);
    await signInThroughForm(page, origin, manager.email);
    await page.goto(`${origin}/team/assign`);
    await page.getByRole("heading", { level: 1, name: "Assign a module" }).waitFor();
    await page.getByLabel("Module").selectOption({ label: MODULE });
    await page.getByLabel("Due date").fill(dueOn);
    const department = page.getByLabel("Department");
    const accounting = (await department.locator("option", { hasText: "Accounting" }).textContent()) ?? "";
    await department.selectOption({ label: accounting });
    await screenshot(page, "team-assign-desktop");
    await atPhoneWidth(page, "team-assign-phone");
    await atDesktopWidth(page);
    await page.getByRole("button", { name: "Assign module" }).click();

    await page.getByRole("heading", { level: 1, name: "Your team's training" }).waitFor();
    const notice = (await page.getByRole("status").first().textContent()) ?? "";
    expect(notice).toContain(`Assigned "${MODULE}"`);
    // Emma already had this module, so she is left as she was.
    expect(notice).toContain("already had this module assigned — left as");

    const module = await theModule(db);
    const fresh = await db
      .select({ name: schema.people.name })
      .from(schema.assignments)
      .innerJoin(schema.people, eq(schema.people.id, schema.assignments.personId))
      .where(
        and(
          eq(schema.assignments.moduleId, module.id),
          eq(schema.assignments.assignedById, me.id),
          eq(schema.assignments.dueOn, dueOn),
          eq(schema.assignments.status, "open"),
        ),
      )
      .orderBy(asc(schema.people.name));
    expect(fresh.length).toBeGreaterThan(0);
    expect(await (await matrixCell(page, fresh[0].name, MODULE)).textContent()).toContain("Due");
  });

  it("sees the module done in the matrix once the report attended and reflected", async () => {
    const { page, origin, db, clock } = app;
    const report = await aReportWhoMetTheModule(db, clock);
    await signInThroughForm(page, origin, manager.email);
    await openTeam(page);
    expect(await (await matrixCell(page, report.name, MODULE)).textContent()).toContain("Done");
    await screenshot(page, "team-matrix-done-desktop");
    await atPhoneWidth(page, "team-phone");
    // On a phone the matrix scrolls inside its frame; the page itself stays the phone's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await atDesktopWidth(page);
  });

  it("reads a report's evidence and reflection on their page", async () => {
    const { page, origin, db, clock } = app;
    const report = await aReportWhoMetTheModule(db, clock);
    await signInThroughForm(page, origin, manager.email);
    await openTeam(page);
    await page.getByRole("rowheader", { name: report.name }).getByRole("link").click();
    await page.getByRole("heading", { level: 1, name: report.name }).waitFor();
    const moduleItem = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: MODULE }) });
    expect(await moduleItem.textContent()).toContain("Done");
    expect(await page.getByText(REFLECTION).count()).toBe(1);
    await screenshot(page, "team-person-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await atPhoneWidth(page, "team-person-phone");
    await atDesktopWidth(page);
  });

  it("books a report onto a session suggested on their page", async () => {
    const { page, origin, db, clock } = app;
    const report = await aReportWithSuggestions(db, clock.now());
    await signInThroughForm(page, origin, manager.email);
    await page.goto(`${origin}/team/${report.id}`);
    await page.getByRole("heading", { level: 1, name: report.name }).waitFor();

    await page
      .getByRole("link", { name: /^Book .+ onto / })
      .first()
      .click();
    await page.getByRole("heading", { name: "Who should go" }).waitFor();
    expect(await page.getByLabel("Person").inputValue()).toBe(String(report.id));
    await screenshot(page, "team-book-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Book seat" }).click();
    await page.getByRole("heading", { level: 1, name: report.name }).waitFor();
    const notice = (await page.getByRole("status").first().textContent()) ?? "";
    expect(notice).toContain(report.name);
    const booked = await db
      .select()
      .from(schema.bookings)
      .where(and(eq(schema.bookings.personId, report.id), eq(schema.bookings.source, "manager")));
    expect(booked.length).toBeGreaterThan(0);
  });
});
