import { and, asc, eq, gt, lt, ne } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { weeklyOccurrences } from "~/domain/recurrence";
import { addDays, dayOf, DAY, formatSpan, HOUR, localInstant } from "~/domain/time";
import { createSessionOrSeries } from "~/models/hosting.server";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { seriousAxeViolations } from "../support/axe";
import { demoCompanyInBrowser, screenshot, signInThroughForm } from "../support/browser";

const lead = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Host and manager")!;
const demo = demoCompanyInBrowser();

/** The call-centre lead of the demo company: a host and a manager. */
async function theLead(db: Db) {
  const [row] = await db.select().from(schema.people).where(eq(schema.people.email, lead.email));
  return row;
}

/**
 * One of the lead's past sessions with a seat whose attendance is still open; the demo company
 * usually has one, otherwise one is added the way the product would have left it.
 */
async function pastSessionAwaitingAttendance(db: Db, now: number) {
  const leadRow = await theLead(db);
  const [found] = await db
    .select({ id: schema.sessions.id, shadowName: schema.people.name })
    .from(schema.sessions)
    .innerJoin(schema.bookings, eq(schema.bookings.sessionId, schema.sessions.id))
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
    .innerJoin(schema.departments, eq(schema.departments.id, schema.people.departmentId))
    .where(
      and(eq(schema.departments.kind, "back_office"), eq(schema.people.active, true), ne(schema.people.id, leadRow.id)),
    )
    .orderBy(asc(schema.people.id))
    .limit(1);
  const startsAt = localInstant(addDays(dayOf(now, leadRow.timeZone), -1), "07:00", leadRow.timeZone);
  const [session] = await db
    .insert(schema.sessions)
    .values({
      kindId: kind.id,
      hostId: leadRow.id,
      startsAt,
      endsAt: startsAt + HOUR,
      timeZone: leadRow.timeZone,
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

/** The first scheduled session that has not started yet, hosted by the lead or by another host. */
async function upcomingSession(db: Db, now: number, whose: "the lead's" | "another host's") {
  const leadRow = await theLead(db);
  const [session] = await db
    .select()
    .from(schema.sessions)
    .where(
      and(
        whose === "the lead's" ? eq(schema.sessions.hostId, leadRow.id) : ne(schema.sessions.hostId, leadRow.id),
        eq(schema.sessions.status, "scheduled"),
        gt(schema.sessions.startsAt, now),
      ),
    )
    .orderBy(asc(schema.sessions.startsAt))
    .limit(1);
  return session;
}

/** Fills the new-session form for four weekly listen-ins at 16:15 from `firstDate`. */
async function fillWeeklySeries(page: Page, firstDate: string) {
  await page.getByLabel("Date", { exact: true }).fill(firstDate);
  await page.getByLabel("Start time").fill("16:15");
  await page.getByLabel("Repeat", { exact: true }).selectOption({ label: "Weekly, a number of times" });
  await page.getByLabel("Number of sessions").fill("4");
  await page.getByLabel("Meeting link").fill("https://meet.northwind-energy.example/listen-in-weekly");
  await page.getByLabel("Seats", { exact: true }).fill("2");
  await page.getByLabel("Department cap").fill("1");
  await page.getByLabel("Notes for shadows").fill("Headset on mute; questions between calls.");
}

/** A shadow's entry on the roster. */
function seatOf(page: Page, shadowName: string) {
  return page.getByRole("listitem").filter({ has: page.getByText(shadowName, { exact: true }) });
}

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

/** Back-office people of the demo company who may shadow the lead (not in the lead's department). */
async function shadowsForTheLead(db: Db, count: number) {
  const leadRow = await theLead(db);
  return db
    .select({ id: schema.people.id, name: schema.people.name })
    .from(schema.people)
    .innerJoin(schema.departments, eq(schema.departments.id, schema.people.departmentId))
    .where(
      and(
        eq(schema.departments.kind, "back_office"),
        eq(schema.people.active, true),
        ne(schema.people.departmentId, leadRow.departmentId),
      ),
    )
    .orderBy(asc(schema.people.id))
    .limit(count);
}

/** A seat or waitlist place as the booking form would have left it. */
async function seatFor(db: Db, sessionId: number, personId: number, now: number, status: "booked" | "waitlisted") {
  await db.insert(schema.bookings).values({
    sessionId,
    personId,
    bookedById: personId,
    status,
    waitlistPosition: status === "waitlisted" ? 1 : null,
    createdAt: now - DAY,
    updatedAt: now - DAY,
  });
}

/** A weekly listen-in series of the lead's, published through the model, with people on its later weeks. */
async function leadSeriesWithPeople(db: Db, now: number) {
  const leadRow = await theLead(db);
  const [kind] = await db
    .select()
    .from(schema.sessionKinds)
    .where(eq(schema.sessionKinds.name, "Call-centre listen-in"));
  const result = await createSessionOrSeries(db, {
    hostId: leadRow.id,
    actorId: leadRow.id,
    kindId: kind.id,
    timeZone: leadRow.timeZone,
    details: {
      location: "",
      meetingUrl: "https://meet.northwind-energy.example/series-e2e",
      customerName: "",
      customerConfidential: false,
      seats: 1,
      departmentCap: null,
      notes: "",
    },
    occurrences: weeklyOccurrences({
      firstDate: addDays(dayOf(now, leadRow.timeZone), 20),
      startTime: "06:15",
      timeZone: leadRow.timeZone,
      durationMinutes: 45,
      end: { count: 4 },
    }),
    rrule: "FREQ=WEEKLY;COUNT=4",
    now,
  });
  if (!result.ok) throw new Error("The series could not be published.");
  const [one, two, three] = await shadowsForTheLead(db, 3);
  const [, week2, week3, week4] = result.sessions;
  await seatFor(db, week2.id, one.id, now, "booked");
  await seatFor(db, week3.id, one.id, now, "booked");
  await seatFor(db, week3.id, two.id, now, "waitlisted");
  await seatFor(db, week4.id, three.id, now, "booked");
  return result.sessions;
}

describe("a call-centre lead hosting", () => {
  it("sees their sessions, with past seats to confirm first", async () => {
    const { page, origin, db, clock } = demo;
    await pastSessionAwaitingAttendance(db, clock.now());
    await signInThroughForm(page, origin, lead.email);
    await page.goto(`${origin}/hosting`);
    await page.getByRole("heading", { level: 1, name: "Sessions you host" }).waitFor();
    await page.getByRole("heading", { name: "Confirm attendance" }).waitFor();
    await page.getByRole("region", { name: "Upcoming" }).waitFor();
    await lookAt(page, "hosting-my-sessions");
  });

  it("fills in a weekly series: the length follows the kind, the times are in their zone", async () => {
    const { page, origin, db, clock } = demo;
    const leadZone = (await theLead(db)).timeZone;
    await signInThroughForm(page, origin, lead.email);
    await page.goto(`${origin}/hosting`);
    await page.getByRole("link", { name: "New session" }).first().click();
    await page.getByRole("heading", { level: 1, name: "New session" }).waitFor();
    await page.getByLabel("Kind of session").selectOption({ label: "Call-centre listen-in" });
    await expect.poll(() => page.getByLabel("Length in minutes").inputValue()).toBe("60");
    expect(await page.getByText("Times are in your time zone").textContent()).toContain(leadZone.replace(/_/g, " "));
    await fillWeeklySeries(page, addDays(dayOf(clock.now(), leadZone), 9));
    await expect.poll(() => page.getByLabel("Length in minutes").inputValue()).toBe("60");
    await lookAt(page, "hosting-new-session");
  });

  it("is shown a slip beside its field, keeps what was typed, and publishes the series once it is fixed", async () => {
    const { page, origin, db, clock } = demo;
    const leadZone = (await theLead(db)).timeZone;
    const firstDate = addDays(dayOf(clock.now(), leadZone), 9);
    await signInThroughForm(page, origin, lead.email);
    await page.goto(`${origin}/hosting/new`);
    await page.getByLabel("Kind of session").selectOption({ label: "Call-centre listen-in" });
    await fillWeeklySeries(page, firstDate);
    await page.getByLabel("Seats", { exact: true }).fill("0");
    await page.getByRole("button", { name: "Publish series" }).click();
    await page.getByRole("alert").filter({ hasText: "needs fixing before this session can be published" }).waitFor();
    await page.getByText("Seats must be a whole number from 1 to 50.").waitFor();
    expect(await page.getByLabel("Notes for shadows").inputValue()).toBe("Headset on mute; questions between calls.");
    await lookAt(page, "hosting-new-session-error");

    await page.getByLabel("Seats", { exact: true }).fill("2");
    await page.getByRole("button", { name: "Publish series" }).click();
    await page.waitForURL(`${origin}/hosting`);
    await page.getByText("Published 4 Call-centre listen-in sessions").waitFor();
    const upcoming = page.getByRole("region", { name: "Upcoming" });
    for (let week = 0; week < 4; week++) {
      const startsAt = localInstant(addDays(firstDate, 7 * week), "16:15", leadZone);
      await upcoming
        .getByText(formatSpan(startsAt, startsAt + HOUR, leadZone))
        .first()
        .waitFor();
    }
  });

  it("sees a past session's roster with a button to confirm each seat", async () => {
    const { page, origin, db, clock } = demo;
    const pastSession = await pastSessionAwaitingAttendance(db, clock.now());
    await signInThroughForm(page, origin, lead.email);
    await page.goto(`${origin}/hosting`);
    await page
      .getByRole("region", { name: "Confirm attendance" })
      .locator(`a[href="/hosting/sessions/${pastSession.id}"].button`)
      .click();
    await page.waitForURL(`${origin}/hosting/sessions/${pastSession.id}`);
    const seat = seatOf(page, pastSession.shadowName);
    await expect.poll(() => seat.locator(".badge").first().textContent()).toBe("Booked");
    await seat.getByRole("button", { name: "Attended" }).waitFor();
    await lookAt(page, "hosting-session-roster");
  });

  it("confirms a shadow's attendance", async () => {
    const { page, origin, db, clock } = demo;
    const pastSession = await pastSessionAwaitingAttendance(db, clock.now());
    await signInThroughForm(page, origin, lead.email);
    await page.goto(`${origin}/hosting/sessions/${pastSession.id}`);
    const seat = seatOf(page, pastSession.shadowName);
    await seat.getByRole("button", { name: "Attended" }).click();
    await page.getByText(`${pastSession.shadowName} attended`).waitFor();
    await expect.poll(() => seat.locator(".badge").first().textContent()).toBe("Attended");
    await seat.getByRole("button", { name: /^Undo/ }).waitFor();
    await lookAt(page, "hosting-session-confirmed");
  });

  it("opens an upcoming session's edit form with its details filled in", async () => {
    const { page, origin, db, clock } = demo;
    const session = await upcomingSession(db, clock.now(), "the lead's");
    await signInThroughForm(page, origin, lead.email);
    await page.goto(`${origin}/hosting/sessions/${session.id}`);
    await page.getByRole("heading", { name: "Who's coming" }).waitFor();
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByRole("heading", { level: 1, name: "Edit session" }).waitFor();
    expect(await page.getByLabel("Seats", { exact: true }).inputValue()).toBe(String(session.seats));
    await lookAt(page, "hosting-edit-session");
    await page.getByRole("link", { name: "Back without saving" }).click();
    await page.getByRole("heading", { name: "Who's coming" }).waitFor();
  });

  it("asks before cancelling an upcoming session, and keeps it", async () => {
    const { page, origin, db, clock } = demo;
    const session = await upcomingSession(db, clock.now(), "the lead's");
    await signInThroughForm(page, origin, lead.email);
    await page.goto(`${origin}/hosting/sessions/${session.id}`);
    await page.getByRole("link", { name: "Cancel session…" }).click();
    await page.getByRole("heading", { name: "Cancel this session?" }).waitFor();
    await lookAt(page, "hosting-cancel-confirm");
    await page.getByRole("link", { name: "Keep the session" }).click();
    await page.getByRole("heading", { name: "Who's coming" }).waitFor();
    const [kept] = await db.select().from(schema.sessions).where(eq(schema.sessions.id, session.id));
    expect(kept.status).toBe("scheduled");
  });

  it("is told, in plain words, that another host's session is not theirs to manage", async () => {
    const { page, origin, db, clock } = demo;
    const session = await upcomingSession(db, clock.now(), "another host's");
    await signInThroughForm(page, origin, lead.email);
    const response = await page.goto(`${origin}/hosting/sessions/${session.id}`);
    expect(response?.status()).toBe(403);
    await page.getByRole("heading", { level: 1, name: "You don't have access to this page" }).waitFor();
    await page.getByText("This session belongs to another host.").waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("cancels this and the following sessions of a series, after seeing who will be told", async () => {
    const { page, origin, db, clock } = demo;
    const sessions = await leadSeriesWithPeople(db, clock.now());
    await signInThroughForm(page, origin, lead.email);
    await page.goto(`${origin}/hosting/sessions/${sessions[1].id}`);
    await page.getByRole("link", { name: "Cancel session…" }).click();
    await page.getByRole("heading", { name: "Cancel this session?" }).waitFor();
    await page.getByLabel("This and the following sessions").check();
    await page.getByText("3 sessions, 3 people booked or waiting will be told").waitFor();
    await page.getByText("The 3 people booked or waiting will see them cancelled").waitFor();
    await page.getByLabel("Reason").fill("The call line moves to the new building.");
    await lookAt(page, "hosting-series-cancel");
    await page.getByRole("button", { name: "Yes, cancel 3 sessions" }).click();
    await page.getByText("3 sessions of the series are cancelled.").waitFor();
    const rows = await Promise.all(
      sessions.map(async (s) => (await db.select().from(schema.sessions).where(eq(schema.sessions.id, s.id)))[0]),
    );
    expect(rows.map((r) => r.status)).toEqual(["scheduled", "cancelled", "cancelled", "cancelled"]);
  });

  it("is shown whose other booking a new time overlaps, and saves once they confirm", async () => {
    const { page, origin, db, clock } = demo;
    const now = clock.now();
    const sessions = await leadSeriesWithPeople(db, now);
    const week2 = sessions[1];
    const [shadow] = await shadowsForTheLead(db, 1);
    const other = await upcomingSession(db, now, "another host's");
    const leadZone = (await theLead(db)).timeZone;
    // The shadow also holds a seat on another host's session, three hours after week 2 starts.
    const day = dayOf(week2.startsAt, leadZone);
    const [elsewhere] = await db
      .insert(schema.sessions)
      .values({
        kindId: other.kindId,
        hostId: other.hostId,
        startsAt: localInstant(day, "09:00", leadZone),
        endsAt: localInstant(day, "10:00", leadZone),
        timeZone: leadZone,
        seats: 2,
        meetingUrl: "https://meet.northwind-energy.example/elsewhere",
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await seatFor(db, elsewhere.id, shadow.id, now, "booked");

    await signInThroughForm(page, origin, lead.email);
    await page.goto(`${origin}/hosting/sessions/${week2.id}/edit`);
    await page.getByLabel("Start time").fill("09:30");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("heading", { name: "The new time overlaps another booking of 1 person" }).waitFor();
    await page.getByText(`${shadow.name} loses their seat`).waitFor();
    await lookAt(page, "hosting-overlap-warning");
    const [unchanged] = await db.select().from(schema.sessions).where(eq(schema.sessions.id, week2.id));
    expect(unchanged.startsAt).toBe(week2.startsAt);

    await page.getByRole("button", { name: "Save and release 1 place" }).click();
    await page.getByText("One place was released because the new time overlaps another booking").waitFor();
    const [moved] = await db.select().from(schema.sessions).where(eq(schema.sessions.id, week2.id));
    expect(moved.startsAt).toBe(localInstant(day, "09:30", leadZone));
  });

  it("shows the weekly hint only once the session repeats", async () => {
    const { page, origin } = demo;
    await signInThroughForm(page, origin, lead.email);
    await page.goto(`${origin}/hosting/new`);
    await page.getByLabel("Repeat", { exact: true }).waitFor();
    await expect.poll(() => page.getByText("Every week at the same time of day").count()).toBe(0);
    await page.getByLabel("Repeat", { exact: true }).selectOption({ label: "Weekly, a number of times" });
    await page.getByText("Every week at the same time of day, also after the clocks change.").waitFor();
  });
});
