import { and, asc, eq, ne } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { addDays, todayIn } from "~/domain/team";
import { recordAttendance, saveReflection } from "~/models/bookings.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoCompany } from "../../db/seed";
import { seriousAxeViolations } from "../support/axe";
import { openBrowser, screenshot, startServer } from "../support/browser";
import { freshDatabase } from "../support/db";

const MODULE = "Sit in on a sales call";
const HOUR = 60 * 60 * 1000;

let db: Db;
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Awaited<ReturnType<typeof openBrowser>>;

// Oskar Lindqvist runs Accounting, a back-office department whose people all report to him.
const manager = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Manager")!;

beforeAll(async () => {
  const database = await freshDatabase();
  db = database.db;
  await seedDemoCompany(db, { now: Date.now() });
  server = await startServer(database.url);
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The matrix cell of one person and one module, found by the row's and the column's headers. */
async function matrixCell(page: Page, personName: string, moduleTitle: string) {
  const headers = await page.getByRole("columnheader").allTextContents();
  const column = headers.findIndex((h) => h.startsWith(moduleTitle));
  expect(column).toBeGreaterThan(0);
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: personName }) });
  // The person's name is the row header, so data cells start one column later.
  return row.getByRole("cell").nth(column - 1);
}

async function expectAccessible(page: Page) {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

describe("a manager's journey", () => {
  it("assigns a module to their department, and after attendance and a reflection the matrix shows it done", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(`${server.origin}/login`);
    await page.getByLabel("Work email").fill(manager.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1 }).filter({ hasText: manager.name.split(" ")[0] }).waitFor();

    // Team is in the main navigation for managers; the address works the same.
    const teamLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team", exact: true });
    if ((await teamLink.count()) > 0) await teamLink.click();
    else await page.goto(`${server.origin}/team`);
    await page.getByRole("heading", { level: 1, name: "Your team's training" }).waitFor();
    await page.getByRole("heading", { name: "Overdue" }).waitFor();
    await screenshot(page, "team-desktop");
    await expectAccessible(page);

    await page.getByRole("link", { name: "Assign a module" }).click();
    await page.getByRole("heading", { level: 1, name: "Assign a module" }).waitFor();
    await expectAccessible(page);

    // Submitting with nothing chosen explains every missing piece and assigns nothing.
    await page.getByRole("button", { name: "Assign module" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toContain("Nothing was assigned");
    expect(await page.locator("#moduleId-error").textContent()).toBe("Choose a module to assign.");

    const [me] = await db.select().from(schema.people).where(eq(schema.people.email, manager.email));
    const dueOn = addDays(todayIn(Date.now(), me.timeZone), 14);
    await page.getByLabel("Module").selectOption({ label: MODULE });
    await page.getByLabel("Due date").fill(dueOn);
    const department = page.getByLabel("Department");
    const accounting = (await department.locator("option", { hasText: "Accounting" }).textContent()) ?? "";
    await department.selectOption({ label: accounting });
    await screenshot(page, "team-assign-desktop");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "team-assign-phone");
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByRole("button", { name: "Assign module" }).click();

    await page.getByRole("heading", { level: 1, name: "Your team's training" }).waitFor();
    const notice = (await page.getByRole("status").first().textContent()) ?? "";
    expect(notice).toContain(`Assigned "${MODULE}"`);
    // Emma already had this module, so she is left as she was.
    expect(notice).toContain("already had this module assigned — left as");

    const [module] = await db.select().from(schema.serviceModules).where(eq(schema.serviceModules.title, MODULE));
    const fresh = await db
      .select({ personId: schema.assignments.personId, name: schema.people.name })
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
    const report = fresh[0];
    const cell = await matrixCell(page, report.name, MODULE);
    expect(await cell.textContent()).toContain("Due");

    // The report shadows a sales call that has just ended; the host confirms, the report reflects.
    const [kind] = await db.select().from(schema.sessionKinds).where(eq(schema.sessionKinds.name, "Sales call"));
    const [host] = await db
      .select({ id: schema.people.id, timeZone: schema.people.timeZone })
      .from(schema.people)
      .innerJoin(schema.departments, eq(schema.departments.id, schema.people.departmentId))
      .where(and(eq(schema.departments.name, "Sales"), eq(schema.people.isHost, true), ne(schema.people.id, report.personId)))
      .limit(1);
    const now = Date.now();
    const [session] = await db
      .insert(schema.sessions)
      .values({
        kindId: kind.id,
        hostId: host.id,
        startsAt: now - 3 * HOUR,
        endsAt: now - 2 * HOUR,
        timeZone: host.timeZone,
        seats: 2,
        meetingUrl: "https://meet.northwind-energy.example/sales-test-call",
        createdAt: now - 72 * HOUR,
        updatedAt: now - 72 * HOUR,
      })
      .returning();
    const [booking] = await db
      .insert(schema.bookings)
      .values({
        sessionId: session.id,
        personId: report.personId,
        status: "booked",
        bookedById: report.personId,
        source: "self",
        createdAt: now - 48 * HOUR,
        updatedAt: now - 48 * HOUR,
      })
      .returning();
    const attended = await recordAttendance(db, { bookingId: booking.id, actorId: host.id, status: "attended", now });
    expect(attended.ok).toBe(true);
    const reflection = "The customer was really deciding whether to trust us with the next fifteen winters.";
    const reflected = await saveReflection(db, {
      bookingId: booking.id,
      personId: report.personId,
      text: reflection,
      now: Date.now(),
    });
    expect(reflected.ok).toBe(true);

    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Your team's training" }).waitFor();
    const done = await matrixCell(page, report.name, MODULE);
    expect(await done.textContent()).toContain("Done");
    await screenshot(page, "team-matrix-done-desktop");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "team-phone");
    // On a phone the matrix scrolls inside its frame; the page itself stays the phone's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 860 });

    // The report's page: the module done on the evidence, with the reflection beside the session.
    await page.getByRole("rowheader", { name: report.name }).getByRole("link").click();
    await page.getByRole("heading", { level: 1, name: report.name }).waitFor();
    const moduleItem = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: MODULE }) });
    expect(await moduleItem.textContent()).toContain("Done");
    expect(await page.getByText(reflection).count()).toBe(1);
    await screenshot(page, "team-person-desktop");
    await expectAccessible(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "team-person-phone");
    await page.setViewportSize({ width: 1280, height: 860 });

    // From there, book them onto a session that would count for something still open.
    const bookLink = page.getByRole("link", { name: /^Book .+ onto / }).first();
    if ((await bookLink.count()) > 0) {
      await bookLink.click();
      await page.getByRole("heading", { name: "Who should go" }).waitFor();
      await screenshot(page, "team-book-desktop");
      await expectAccessible(page);
      await page.getByRole("button", { name: "Book seat" }).click();
      await page.getByRole("heading", { level: 1 }).waitFor();
      const answer = page.getByRole("status").or(page.getByRole("alert")).first();
      await answer.waitFor();
      expect((await answer.textContent())?.length ?? 0).toBeGreaterThan(10);
    }
  }, 120_000);
});
