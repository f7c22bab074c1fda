import { describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema } from "~/db.server";
import { DAY, HOUR } from "~/domain/time";
import { testApp, TEST_NOW } from "../support/app";
import { aDepartment, aKind, aPerson, aSession, type Person, type Session } from "../support/builders";
import { linksIn, visibleText } from "../support/html";

const PASSWORD = "correct horse battery";
const passwordHash = await hashPassword(PASSWORD);
// Thursday 11 March 2027, 15:00 UTC: a clock of this test's own, ten days after the usual one.
const NOW = TEST_NOW + 10 * DAY + 6 * HOUR;

type SeatStatus = "booked" | "waitlisted" | "attended" | "no_show" | "cancelled";

async function bookingsApp() {
  const app = await testApp({ now: NOW });
  const host = await aPerson(app.db, {
    name: "Hanna Host",
    department: await aDepartment(app.db, { kind: "customer_facing" }),
    isHost: true,
  });
  const person = await aPerson(app.db, { passwordHash, timeZone: "Europe/Helsinki" });
  const client = app.client.another();
  await client.signIn(person.email, PASSWORD);
  const kind = (name: string) => aKind(app.db, { name });
  const session = (name: Awaited<ReturnType<typeof kind>>, startsAt: number, fields: Partial<Session> = {}) =>
    aSession(app.db, { host, kind: name, startsAt, endsAt: startsAt + HOUR, ...fields });
  const seat = (
    on: Session,
    status: SeatStatus,
    fields: { who?: Person; place?: number; reflection?: string; source?: "self" | "manager" } = {},
  ) =>
    app.db.insert(schema.bookings).values({
      sessionId: on.id,
      personId: (fields.who ?? person).id,
      bookedById: (fields.who ?? person).id,
      status,
      source: fields.source ?? "self",
      waitlistPosition: status === "waitlisted" ? (fields.place ?? 1) : null,
      reflection: fields.reflection ?? "",
      cancelledAt: status === "cancelled" ? NOW - DAY : null,
    });
  return { ...app, host, person, client, kind, session, seat };
}

/** The visible text of the card headed by the heading with this id. */
function section(html: string, headingId: string): string {
  const match = new RegExp(`<section[^>]*aria-labelledby="${headingId}"[^>]*>([\\s\\S]*?)</section>`).exec(html);
  return match ? visibleText(match[1]) : "";
}

describe("My bookings", () => {
  it("sorts a person's seats into coming up, waitlisted with their place in line, and past", async () => {
    const { client, kind, session, seat, db } = await bookingsApp();
    const [listenIn, install, salesCall, demo, training, old] = await Promise.all(
      ["Listen-in", "Install day", "Sales call", "Product demo", "Trade-show booth", "Support queue"].map(kind),
    );
    const tomorrow = await session(listenIn, NOW + DAY);
    const underWay = await session(install, NOW - 30 * 60_000);
    const called = await session(salesCall, NOW + 2 * DAY, { status: "cancelled" });
    const full = await session(demo, NOW + 3 * DAY);
    const attendedNoReflection = await session(listenIn, NOW - 2 * DAY);
    const attendedWithReflection = await session(install, NOW - 3 * DAY);
    const unconfirmed = await session(salesCall, NOW - 4 * DAY);
    const absent = await session(training, NOW - 5 * DAY);
    const gaveUp = await session(old, NOW + 5 * DAY);

    await seat(tomorrow, "booked", { source: "manager" });
    await seat(underWay, "booked");
    await seat(called, "booked");
    const ahead = await aPerson(db);
    await seat(full, "waitlisted", { who: ahead, place: 1 });
    await seat(full, "waitlisted", { place: 3 });
    await seat(attendedNoReflection, "attended");
    await seat(attendedWithReflection, "attended", { reflection: "They double-checked the cabling." });
    await seat(unconfirmed, "booked");
    await seat(absent, "no_show");
    await seat(gaveUp, "cancelled");

    const response = await client.get("/bookings");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(visibleText(html)).toContain("You have 2 seats booked and are on one waitlist.");

    const upcoming = section(html, "upcoming-heading");
    expect(upcoming.indexOf("Install day")).toBeLessThan(upcoming.indexOf("Listen-in"));
    expect(upcoming).toContain("booked by your manager Booked");
    expect(upcoming).toContain("Sales call");
    expect(upcoming).toContain("Cancelled by host");
    expect(upcoming).not.toContain("Product demo");
    expect(upcoming).not.toContain("Support queue");

    const waiting = section(html, "waiting-heading");
    expect(waiting).toContain("Product demo");
    expect(waiting).toContain("Number 2 in line");

    const past = section(html, "past-heading");
    expect(past.indexOf("Listen-in")).toBeLessThan(past.indexOf("Trade-show booth"));
    expect(past).toContain("Listen-in");
    expect(past).toMatch(/Listen-in .* Write your reflection : Listen-in with Hanna Host Attended/);
    expect(past).toMatch(/Install day .* Reflection written Attended/);
    expect(past).toMatch(/Sales call .* Reflection once the host confirms you attended Attendance not confirmed yet/);
    expect(past).toMatch(/Trade-show booth .* Marked absent/);
    expect(past).toContain("Showing 1–4 of 4 past sessions");

    for (const s of [tomorrow, underWay, called, full, attendedNoReflection, unconfirmed, absent]) {
      expect(linksIn(html)).toContain(`/sessions/${s.id}`);
    }
    expect(linksIn(html)).toContain(`/sessions/${attendedNoReflection.id}#reflection`);
    expect(linksIn(html)).not.toContain(`/sessions/${gaveUp.id}`);
  });

  it("shows only the person's own seats", async () => {
    const { client, kind, session, seat, db } = await bookingsApp();
    const someoneElse = await aPerson(db);
    const theirs = await session(await kind("Listen-in"), NOW + DAY);
    await seat(theirs, "booked", { who: someoneElse });
    const html = await (await client.get("/bookings")).text();
    expect(linksIn(html)).not.toContain(`/sessions/${theirs.id}`);
  });

  it("pages the past, latest first, and brings a page past the end back to the last one", async () => {
    const { client, kind, session, seat } = await bookingsApp();
    const listenIn = await kind("Listen-in");
    const sessions: Session[] = [];
    for (let n = 1; n <= 30; n++) {
      const s = await session(listenIn, NOW - n * DAY);
      await seat(s, "attended", { reflection: "Seen." });
      sessions.push(s);
    }
    const first = await (await client.get("/bookings")).text();
    expect(visibleText(first)).toContain("Showing 1–25 of 30 past sessions · page 1 of 2");
    expect(linksIn(first)).toContain(`/sessions/${sessions[0].id}`);
    expect(linksIn(first)).not.toContain(`/sessions/${sessions[29].id}`);
    expect(linksIn(first)).toContain("/bookings?page=2");

    const second = await (await client.get("/bookings?page=2")).text();
    expect(visibleText(second)).toContain("Showing 26–30 of 30 past sessions · page 2 of 2");
    expect(linksIn(second)).toContain(`/sessions/${sessions[29].id}`);

    for (const page of ["9", "-1", "two"]) {
      const response = await client.get(`/bookings?page=${page}`);
      expect(response.status).toBe(200);
      expect(visibleText(await response.text())).toMatch(/Showing (26–30|1–25) of 30 past sessions/);
    }
  });

  it("says what to do next when there is nothing to show, with a way to Find sessions", async () => {
    const { client } = await bookingsApp();
    const html = await (await client.get("/bookings")).text();
    const text = visibleText(html);
    expect(text).toContain("You have no seats booked and you are not on any waitlist.");
    expect(section(html, "upcoming-heading")).toContain("No seats booked");
    expect(section(html, "waiting-heading")).toContain("Not waiting for any seat");
    expect(section(html, "past-heading")).toContain("No past sessions yet");
    expect(linksIn(html).filter((href) => href === "/sessions").length).toBeGreaterThanOrEqual(3);
  });

  it("is in the main menu for everyone, and asks a visitor to sign in", async () => {
    const { client, handle } = await bookingsApp();
    const html = await (await client.get("/")).text();
    expect(linksIn(html)).toContain("/bookings");
    const visitor = await handle(new Request("http://localhost:3000/bookings"));
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("Location")).toMatch(/^\/login/);
  });
});
