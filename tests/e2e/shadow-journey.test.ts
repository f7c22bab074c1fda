import { and, asc, eq, gt } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { HOUR } from "~/domain/time";
import { bookSeat, recordAttendance } from "~/models/bookings.server";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { seriousAxeViolations } from "../support/axe";
import { demoCompanyInBrowser, screenshot, signInThroughForm } from "../support/browser";

const accountant = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Employee")!;
const app = demoCompanyInBrowser();

/** Finds upcoming listen-ins with free seats through the filters, as the accountant would. */
async function findFreeListenIns(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Find sessions" }).click();
  await page.getByRole("heading", { name: "Find a session" }).waitFor();
  await page.getByLabel("Kind of work").selectOption({ label: "Call-centre listen-in" });
  await page.getByLabel("Only with free seats").check();
  await page.getByRole("button", { name: "Show sessions" }).click();
  await page.waitForURL(/free=1/);
}

/** Opens the listed sessions in turn and books the first one that takes the accountant. */
async function bookAListenIn(page: Page) {
  const links = page.locator(".session-card-title a");
  expect(await links.count()).toBeGreaterThan(0);
  const listUrl = page.url();
  for (let i = 0; i < Math.min(6, await links.count()); i++) {
    await page.goto(listUrl);
    await page.locator(".session-card-title a").nth(i).click();
    await page.getByRole("heading", { name: "Your seat" }).waitFor();
    const book = page.getByRole("button", { name: "Book a seat" });
    if (!(await book.isVisible())) continue;
    await book.click();
    // The page answers with a seat, a waitlist place, or a refusal in words.
    const cancel = page.getByRole("button", { name: "Cancel my seat" });
    await cancel
      .or(page.getByRole("button", { name: "Leave the waitlist" }))
      .or(page.getByRole("alert"))
      .first()
      .waitFor();
    if (await cancel.isVisible()) return;
  }
  throw new Error("None of the first listed listen-ins could be booked.");
}

/** A listen-in the accountant has attended, booked and confirmed through the real rules. */
async function attendedListenIn(db: Db, now: number) {
  const [person] = await db.select().from(schema.people).where(eq(schema.people.email, accountant.email));
  const candidates = await db
    .select({ session: schema.sessions })
    .from(schema.sessions)
    .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.sessions.kindId))
    .where(
      and(
        eq(schema.sessionKinds.name, "Call-centre listen-in"),
        eq(schema.sessions.status, "scheduled"),
        gt(schema.sessions.startsAt, now),
      ),
    )
    .orderBy(asc(schema.sessions.startsAt));
  for (const { session } of candidates) {
    const seat = await bookSeat(db, {
      sessionId: session.id,
      personId: person.id,
      actorId: person.id,
      source: "self",
      now,
    });
    if (!seat.ok || seat.status !== "booked") continue;
    const attended = await recordAttendance(db, {
      bookingId: seat.booking.id,
      actorId: session.hostId,
      status: "attended",
      now: session.endsAt,
    });
    if (attended.ok) return session;
  }
  throw new Error("No listen-in ahead takes the accountant.");
}

describe("an accountant shadows the call line", () => {
  it("finds listen-ins with free seats", async () => {
    const { page } = app;
    await signInThroughForm(page, app.origin, accountant.email);
    await findFreeListenIns(page);
    expect(await page.locator(".session-card-title a").count()).toBeGreaterThan(0);
    await screenshot(page, "sessions-list-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("books a seat on a listen-in and reads what to watch for", async () => {
    const { page } = app;
    await signInThroughForm(page, app.origin, accountant.email);
    await findFreeListenIns(page);
    await bookAListenIn(page);
    await expect.poll(() => page.getByRole("status").first().textContent()).toMatch(/booked|seat/i);
    await page.getByRole("heading", { name: "What to watch for" }).waitFor();
    await screenshot(page, "session-booked-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "session-booked-phone");
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it("cancels a booked seat, and can book it again", async () => {
    const { page } = app;
    await signInThroughForm(page, app.origin, accountant.email);
    await findFreeListenIns(page);
    await bookAListenIn(page);

    await page.getByRole("button", { name: "Cancel my seat" }).click();
    await page.getByRole("button", { name: "Yes, cancel my seat" }).click();
    await page.getByRole("button", { name: "Book a seat" }).waitFor();
    expect(await page.getByRole("status").first().textContent()).toContain("Your seat is cancelled");
    await page.getByText("Your earlier booking was cancelled.").waitFor();
  });

  it("writes a reflection after attending, and is told when it is empty", async () => {
    const { page, db, clock } = app;
    const session = await attendedListenIn(db, clock.now());
    clock.set(session.endsAt + HOUR);
    await signInThroughForm(page, app.origin, accountant.email);
    await page.goto(`${app.origin}/sessions/${session.id}`);
    await page.getByRole("heading", { name: "Your reflection" }).waitFor();

    const reflection = page.getByLabel("Reflection", { exact: true });
    await reflection.fill("   ");
    await page.getByRole("button", { name: "Save reflection" }).click();
    await page.getByText("Write a sentence or two about what you saw.").waitFor();
    await expect.poll(() => reflection.evaluate((el) => el === document.activeElement)).toBe(true);

    await reflection.fill("The agent repeated the caller's problem back before solving it.");
    await page.getByRole("button", { name: "Save reflection" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Your reflection is saved.");
    await page.getByRole("button", { name: "Update reflection" }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("sees a week of sessions at a glance", async () => {
    const { page } = app;
    await signInThroughForm(page, app.origin, accountant.email);
    await page.goto(`${app.origin}/sessions?view=week`);
    await page.getByRole("heading", { name: /Week of/ }).waitFor();
    await screenshot(page, "sessions-week-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "sessions-week-phone");
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it("opens a session from the week in place, and a new tab when asked", async () => {
    const { page } = app;
    await signInThroughForm(page, app.origin, accountant.email);
    await page.goto(`${app.origin}/sessions?view=week`);
    await page.getByRole("heading", { name: /Week of/ }).waitFor();
    // A mark on the window outlives a move made by the router, not a reload of the document.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const first = page.locator(".week-session").first();
    const href = (await first.getAttribute("href"))!;
    await first.click();
    await page.waitForURL(`${app.origin}${href}`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);

    // Back in the week, a click with the modifier for a new tab leaves this page where it is.
    await page.goBack();
    await page.getByRole("heading", { name: /Week of/ }).waitFor();
    const opened = page.context().waitForEvent("page");
    await page
      .locator(".week-session")
      .first()
      .click({ modifiers: ["ControlOrMeta"] });
    const tab = await opened;
    expect(page.url()).toContain("/sessions?view=week");
    await tab.close();
  });

  it("sees their own training progress", async () => {
    const { page } = app;
    await signInThroughForm(page, app.origin, accountant.email);
    await page.goto(`${app.origin}/progress`);
    await page.getByRole("heading", { name: "My progress" }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "progress-phone");
    await page.setViewportSize({ width: 1280, height: 860 });
    await screenshot(page, "progress-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
