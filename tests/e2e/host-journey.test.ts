import { and, asc, eq, lt, ne, sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { localDate, localInstant, shiftDate } from "~/domain/recurrence";
import { formatSpan } from "~/domain/time";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoCompany } from "../../db/seed";
import { seriousAxeViolations } from "../support/axe";
import { openBrowser, screenshot, startServer } from "../support/browser";
import { freshDatabase } from "../support/db";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Awaited<ReturnType<typeof openBrowser>>;
const lead = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Host and manager")!;
let leadZone: string;
let pastSession: { id: number; shadowName: string };

/**
 * One of the lead's past sessions with a seat whose attendance is still open; the demo company
 * usually has one, otherwise one is added the way the product would have left it.
 */
async function pastSessionAwaitingAttendance(db: Db, now: number) {
  const [leadRow] = await db
    .select()
    .from(schema.people)
    .where(eq(schema.people.email, lead.email));
  leadZone = leadRow.timeZone;
  const [found] = await db
    .select({ id: schema.sessions.id, shadowName: schema.people.name })
    .from(schema.sessions)
    .innerJoin(
      schema.bookings,
      eq(schema.bookings.sessionId, schema.sessions.id),
    )
    .innerJoin(schema.people, eq(schema.people.id, schema.bookings.personId))
    .where(
      and(
        eq(schema.sessions.hostId, leadRow.id),
        eq(schema.sessions.status, "scheduled"),
        lt(schema.sessions.endsAt, now),
        eq(schema.bookings.status, "booked"),
      ),
    )
    .orderBy(asc(schema.sessions.startsAt))
    .limit(1);
  if (found) return found;

  const [kind] = await db
    .select()
    .from(schema.sessionKinds)
    .where(eq(schema.sessionKinds.name, "Call-centre listen-in"));
  const [shadow] = await db
    .select({ id: schema.people.id, name: schema.people.name })
    .from(schema.people)
    .innerJoin(
      schema.departments,
      eq(schema.departments.id, schema.people.departmentId),
    )
    .where(
      and(
        eq(schema.departments.kind, "back_office"),
        eq(schema.people.active, true),
        ne(schema.people.id, leadRow.id),
      ),
    )
    .orderBy(sql`${schema.people.id}`)
    .limit(1);
  const startsAt = localInstant(
    shiftDate(localDate(now, leadZone), -1),
    "07:00",
    leadZone,
  );
  const [session] = await db
    .insert(schema.sessions)
    .values({
      kindId: kind.id,
      hostId: leadRow.id,
      startsAt,
      endsAt: startsAt + HOUR,
      timeZone: leadZone,
      seats: 2,
      meetingUrl: "https://meet.northwind-energy.example/listen-in-e2e",
      createdAt: now - 5 * DAY,
      updatedAt: now - 5 * DAY,
    })
    .returning();
  await db.insert(schema.bookings).values({
    sessionId: session.id,
    personId: shadow.id,
    bookedById: shadow.id,
    status: "booked",
    createdAt: now - 4 * DAY,
    updatedAt: now - 4 * DAY,
  });
  return { id: session.id, shadowName: shadow.name };
}

beforeAll(async () => {
  const { db, url } = await freshDatabase();
  const now = Date.now();
  await seedDemoCompany(db, { now });
  pastSession = await pastSessionAwaitingAttendance(db, now);
  server = await startServer(url);
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Screenshots at desktop and phone width, and no serious accessibility problems at either. */
async function lookAt(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 860 });
  await screenshot(page, `${name}-desktop`);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-phone`);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 860 });
}

describe("a call-centre lead hosting", () => {
  it("creates a weekly listen-in series and confirms a shadow's attendance", async () => {
    const { page } = browser;
    await page.goto(`${server.origin}/login`);
    await page.getByLabel("Work email").fill(lead.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.origin}/`);

    await page.goto(`${server.origin}/hosting`);
    await page
      .getByRole("heading", { level: 1, name: "My sessions" })
      .waitFor();
    await page.getByRole("heading", { name: "Confirm attendance" }).waitFor();
    await lookAt(page, "hosting-my-sessions");

    await page.getByRole("link", { name: "New session" }).first().click();
    await page
      .getByRole("heading", { level: 1, name: "New session" })
      .waitFor();
    await page
      .getByLabel("Kind of session")
      .selectOption({ label: "Call-centre listen-in" });
    // The length follows the kind's usual length.
    await expect
      .poll(() => page.getByLabel("Length in minutes").inputValue())
      .toBe("60");
    expect(
      await page.getByText(`Times are in your time zone`).textContent(),
    ).toContain(leadZone.replace(/_/g, " "));

    const firstDate = shiftDate(localDate(Date.now(), leadZone), 9);
    await page.getByLabel("Date", { exact: true }).fill(firstDate);
    await page.getByLabel("Start time").fill("16:15");
    await page
      .getByLabel("Repeat", { exact: true })
      .selectOption({ label: "Weekly, a number of times" });
    await page.getByLabel("Number of sessions").fill("4");
    await page
      .getByLabel("Meeting link")
      .fill("https://meet.northwind-energy.example/listen-in-weekly");
    await page.getByLabel("Seats", { exact: true }).fill("2");
    await page.getByLabel("Department cap").fill("1");
    await page
      .getByLabel("Notes for shadows")
      .fill("Headset on mute; questions between calls.");
    await lookAt(page, "hosting-new-session");

    // A slip first: the sentences appear beside the fields and the typed values stay.
    await page.getByLabel("Seats", { exact: true }).fill("0");
    await page.getByRole("button", { name: "Publish series" }).click();
    await page.getByRole("alert").filter({ hasText: "marked below" }).waitFor();
    await page.getByText("Seats must be a whole number from 1 to 50.").waitFor();
    expect(await page.getByLabel("Notes for shadows").inputValue()).toBe(
      "Headset on mute; questions between calls.",
    );
    await lookAt(page, "hosting-new-session-error");
    await page.getByLabel("Seats", { exact: true }).fill("2");

    await page.getByRole("button", { name: "Publish series" }).click();
    await page.waitForURL(`${server.origin}/hosting`);
    await page
      .getByText("Published 4 Call-centre listen-in sessions")
      .waitFor();
    const upcoming = page.getByRole("region", { name: "Upcoming" });
    for (let week = 0; week < 4; week++) {
      const day = shiftDate(firstDate, 7 * week);
      const startsAt = localInstant(day, "16:15", leadZone);
      await upcoming
        .getByText(formatSpan(startsAt, startsAt + HOUR, leadZone))
        .first()
        .waitFor();
    }
    await lookAt(page, "hosting-after-series");

    // Confirm attendance on a past session from the to-do list.
    await page
      .getByRole("region", { name: "Confirm attendance" })
      .locator(`a[href="/hosting/sessions/${pastSession.id}"].button`)
      .click();
    await page.waitForURL(
      `${server.origin}/hosting/sessions/${pastSession.id}`,
    );
    const seat = page
      .getByRole("listitem")
      .filter({ has: page.getByText(pastSession.shadowName, { exact: true }) });
    await expect
      .poll(() => seat.locator(".badge").first().textContent())
      .toBe("Booked");
    await lookAt(page, "hosting-session-roster");
    await seat.getByRole("button", { name: "Attended" }).click();
    await page.getByText(`${pastSession.shadowName} attended`).waitFor();
    await expect
      .poll(() => seat.locator(".badge").first().textContent())
      .toBe("Attended");
    await lookAt(page, "hosting-session-confirmed");

    // One of the new sessions: its page, the edit form, and the cancel confirmation.
    await page.goto(`${server.origin}/hosting`);
    await upcoming
      .getByRole("link", { name: "Call-centre listen-in" })
      .first()
      .waitFor();
    const firstStart = localInstant(firstDate, "16:15", leadZone);
    const newItem = upcoming
      .getByRole("listitem")
      .filter({ hasText: formatSpan(firstStart, firstStart + HOUR, leadZone) });
    await newItem.getByRole("link", { name: "Call-centre listen-in" }).click();
    await page.getByRole("heading", { name: "Who's coming" }).waitFor();
    await page.getByRole("link", { name: "Edit" }).click();
    await page
      .getByRole("heading", { level: 1, name: "Edit session" })
      .waitFor();
    await lookAt(page, "hosting-edit-session");
    await page.getByRole("link", { name: "Back without saving" }).click();
    await page.getByRole("link", { name: "Cancel session…" }).click();
    await page.getByRole("heading", { name: "Cancel this session?" }).waitFor();
    await lookAt(page, "hosting-cancel-confirm");
    await page.getByRole("link", { name: "Keep the session" }).click();
    await page.getByRole("heading", { name: "Who's coming" }).waitFor();
  });
});
