/**
 * The confirmation steps in a browser with JavaScript on: each opens in place, takes the focus,
 * never raises a browser dialog, and works by its visible labels; the pages pass axe and fit a
 * phone. Also the reflection box, found by its label alone.
 */
import { and, asc, eq, gt, isNotNull } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { HOUR } from "~/domain/time";
import { bookSeat, recordAttendance, sessionCounts } from "~/models/bookings.server";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { axeViolations } from "../support/axe";
import { DESKTOP, demoCompanyInBrowser, PHONE, screenshot, signInThroughForm } from "../support/browser";

const account = (roleLabel: string) => DEMO_ACCOUNTS.find((a) => a.roleLabel === roleLabel)!;
const employee = account("Employee");
const manager = account("Manager");
const admin = account("Admin");
const app = demoCompanyInBrowser();

async function personByEmail(db: Db, email: string) {
  const [person] = await db.select().from(schema.people).where(eq(schema.people.email, email));
  return person;
}

/** Upcoming scheduled sessions, soonest first. */
async function upcomingSessions(db: Db, now: number) {
  return db
    .select()
    .from(schema.sessions)
    .where(and(eq(schema.sessions.status, "scheduled"), gt(schema.sessions.startsAt, now)))
    .orderBy(asc(schema.sessions.startsAt));
}

/** Books the employee onto the first upcoming session that gives them a seat, through the real rules. */
async function aSeatOfTheEmployee(db: Db, now: number) {
  const person = await personByEmail(db, employee.email);
  for (const session of await upcomingSessions(db, now)) {
    const seat = await bookSeat(db, {
      sessionId: session.id,
      personId: person.id,
      actorId: person.id,
      source: "self",
      now,
    });
    if (seat.ok && seat.status === "booked") return { session, booking: seat.booking };
  }
  throw new Error("No session ahead gives the employee a seat.");
}

/** Puts the employee on the waitlist of a session whose seats were all taken, behind one other person. */
async function aWaitlistPlaceOfTheEmployee(db: Db, now: number) {
  const person = await personByEmail(db, employee.email);
  const others = await db
    .select()
    .from(schema.people)
    .where(and(eq(schema.people.active, true), isNotNull(schema.people.managerId)));
  for (const session of await upcomingSessions(db, now)) {
    const { seated } = await sessionCounts(db, session.id);
    await db
      .update(schema.sessions)
      .set({ seats: Math.max(seated, 1), departmentCap: null })
      .where(eq(schema.sessions.id, session.id));
    const ahead = others.find((o) => o.id !== person.id && o.id !== session.hostId);
    if (!ahead) continue;
    await bookSeat(db, { sessionId: session.id, personId: ahead.id, actorId: ahead.id, source: "self", now });
    const mine = await bookSeat(db, {
      sessionId: session.id,
      personId: person.id,
      actorId: person.id,
      source: "self",
      now,
    });
    if (mine.ok && mine.status === "waitlisted") return { session, place: mine.place };
  }
  throw new Error("No session ahead could put the employee on its waitlist.");
}

/** A browser dialog (alert, confirm) is never how Frontline asks: any one fails the test. */
function noDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on("dialog", (dialog) => {
    seen.push(dialog.message());
    void dialog.dismiss();
  });
  return seen;
}

/** The step on screen, at both widths: focused, free of axe findings, no sideways scrolling. */
async function checkStep(page: Page, heading: string, name: string) {
  const title = page.getByRole("heading", { name: heading });
  await title.waitFor();
  await expect.poll(() => title.evaluate((el) => el === document.activeElement)).toBe(true);
  for (const [width, size] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await screenshot(page, `${name}-${width}`);
    expect(await axeViolations(page), `${name} on a ${width}`).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} scrolls sideways on a ${width}`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize(DESKTOP);
}

describe("confirmation steps with JavaScript on", () => {
  it("asks before a seat is cancelled, keeps it on 'Keep my seat', and cancels with the reason", async () => {
    const { page, db, clock } = app;
    const dialogs = noDialogs(page);
    const { session, booking } = await aSeatOfTheEmployee(db, clock.now());
    await signInThroughForm(page, app.origin, employee.email);
    await page.goto(`${app.origin}/sessions/${session.id}`);

    await page.getByRole("button", { name: "Cancel my seat" }).click();
    await checkStep(page, "Cancel your seat?", "confirm-cancel-seat");
    await page.getByRole("link", { name: "Keep my seat" }).click();
    await page.getByRole("button", { name: "Cancel my seat" }).waitFor();
    const [kept] = await db.select().from(schema.bookings).where(eq(schema.bookings.id, booking.id));
    expect(kept.status).toBe("booked");

    await page.getByRole("button", { name: "Cancel my seat" }).click();
    // The step takes the focus once it opens, so the keyboard goes straight to its reason.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("confirm-heading");
    await page.keyboard.press("Tab");
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("reason");
    await page.getByLabel("Reason (optional)").fill("A customer escalation moved into that hour.");
    await page.getByRole("button", { name: "Yes, cancel my seat" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Your seat is cancelled");
    await page.getByRole("button", { name: "Book a seat" }).waitFor();

    const [row] = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, "booking.cancelled"), eq(schema.auditLog.entityId, booking.id)));
    expect(row.details).toMatchObject({ reason: "A customer escalation moved into that hour." });
    expect(dialogs).toEqual([]);
  });

  it("tells a waiting person the place they would give up, and lets them leave", async () => {
    const { page, db, clock } = app;
    const dialogs = noDialogs(page);
    const { session, place } = await aWaitlistPlaceOfTheEmployee(db, clock.now());
    await signInThroughForm(page, app.origin, employee.email);
    await page.goto(`${app.origin}/sessions/${session.id}`);

    await page.getByRole("button", { name: "Leave the waitlist" }).click();
    await checkStep(page, "Leave the waitlist?", "confirm-leave-waitlist");
    await page.getByText(/^You are \d+(st|nd|rd|th) in line; leaving gives up your place\.$/).waitFor();
    expect(await page.locator(".consequences").textContent()).toContain(`You are ${place}`);
    await page.getByRole("button", { name: "Yes, leave the waitlist" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("You've left the waitlist.");
    expect(dialogs).toEqual([]);
  });

  it("has a manager confirm a sign-off, and an admin undo it from the person's page", async () => {
    const { page, db } = app;
    const dialogs = noDialogs(page);
    const boss = await personByEmail(db, manager.email);
    const [open] = await db
      .select({ personId: schema.assignments.personId })
      .from(schema.assignments)
      .innerJoin(schema.people, eq(schema.people.id, schema.assignments.personId))
      .where(and(eq(schema.people.managerId, boss.id), eq(schema.assignments.status, "open")))
      .limit(1);
    expect(open).toBeDefined();

    const manualBefore = await db.$count(schema.completions, eq(schema.completions.source, "manual"));
    await signInThroughForm(page, app.origin, manager.email);
    await page.goto(`${app.origin}/team/${open.personId}`);
    const module = page.getByLabel("Module to sign off");
    const title = ((await module.locator("option:checked").textContent()) ?? "").replace(/ \([^)]*\)$/, "");
    await page.getByLabel("Reason", { exact: true }).fill("Ran the care line for two years.");
    await page.getByRole("button", { name: "Sign off", exact: true }).click();
    await checkStep(
      page,
      `Sign off “${title}” for ${/^\S+/.exec((await personName(db, open.personId)) ?? "")![0]}?`,
      "confirm-sign-off",
    );
    expect(await db.$count(schema.completions, eq(schema.completions.source, "manual"))).toBe(manualBefore);
    await page.getByRole("button", { name: "Yes, sign it off" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain(`Signed off "${title}"`);

    await page.context().clearCookies();
    await signInThroughForm(page, app.origin, admin.email);
    await page.goto(`${app.origin}/admin/people/${open.personId}`);
    await page.getByRole("link", { name: "Modules, completions and sign-offs" }).click();
    await page.getByRole("link", { name: `Undo sign-off of “${title}”` }).click();
    await checkStep(page, `Undo the sign-off of “${title}”?`, "confirm-undo-sign-off");
    await page.getByLabel("Why are you undoing it? (optional)").fill("Signed off the wrong module.");
    await page.getByRole("button", { name: "Yes, undo the sign-off" }).click();
    await expect
      .poll(() => page.getByRole("status").first().textContent())
      .toContain(`Undid the sign-off of "${title}"`);

    const [undone] = await db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.action, "completion.sign_off_undone"));
    expect(undone.details).toMatchObject({ reason: "Signed off the wrong module." });
    expect(dialogs).toEqual([]);
  });
});

async function personName(db: Db, id: number) {
  const [row] = await db.select({ name: schema.people.name }).from(schema.people).where(eq(schema.people.id, id));
  return row?.name;
}

describe("the session page after it took place", () => {
  it("names the reflection box 'Reflection', says who came, and offers no invite", async () => {
    const { page, db, clock } = app;
    const { session, booking } = await aSeatOfTheEmployee(db, clock.now());
    const attended = await recordAttendance(db, {
      bookingId: booking.id,
      actorId: session.hostId,
      status: "attended",
      now: session.endsAt,
    });
    expect(attended.ok).toBe(true);
    clock.set(session.endsAt + HOUR);
    await signInThroughForm(page, app.origin, employee.email);
    await page.goto(`${app.origin}/sessions/${session.id}`);

    const box = page.getByLabel("Reflection");
    expect(await box.count()).toBe(1);
    expect(await box.evaluate((el) => el.tagName)).toBe("TEXTAREA");
    await page.getByRole("heading", { name: "Who came" }).waitFor();
    expect(await page.getByRole("link", { name: /Add to calendar/ }).count()).toBe(0);
    await box.fill("The agent summed up the caller's problem before solving it.");
    await page.getByRole("button", { name: "Save reflection" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Your reflection is saved.");
    await screenshot(page, "session-took-place-desktop");
    expect(await axeViolations(page)).toEqual([]);
  });
});
