import { describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema } from "~/db.server";
import { DAY, HOUR, MINUTE } from "~/domain/time";
import { testApp, TEST_NOW, type TestClient } from "../support/app";
import { aDepartment, aKind, aPerson, aSession, type Person, type Session } from "../support/builders";
import { linksIn, visibleText } from "../support/html";

const PASSWORD = "correct horse battery";
const passwordHash = await hashPassword(PASSWORD);
const NOW = TEST_NOW; // Mon 1 Mar 2027, 09:00 UTC; 11:00 in Helsinki

async function homeApp() {
  const app = await testApp({ now: NOW });
  const frontline = await aDepartment(app.db, { kind: "customer_facing", name: "Field service" });
  const host = await aPerson(app.db, {
    name: "Hanna Host",
    department: frontline,
    isHost: true,
    passwordHash,
    timeZone: "Europe/Helsinki",
  });
  const install = await aKind(app.db, { name: "Install day", onSite: true });
  const signedIn = async (person: Person): Promise<TestClient> => {
    const client = app.client.another();
    await client.signIn(person.email, PASSWORD);
    return client;
  };
  const aShadow = () => aPerson(app.db, { passwordHash, timeZone: "Europe/Helsinki" });
  const seat = (session: Session, person: Person, status: "booked" | "waitlisted" | "attended", place?: number) =>
    app.db.insert(schema.bookings).values({
      sessionId: session.id,
      personId: person.id,
      bookedById: person.id,
      status,
      waitlistPosition: status === "waitlisted" ? (place ?? 1) : null,
    });
  return { ...app, host, install, signedIn, aShadow, seat };
}

/** The visible text of the card headed by the heading with this id. */
function section(html: string, headingId: string): string {
  const match = new RegExp(`<section[^>]*aria-labelledby="${headingId}"[^>]*>([\\s\\S]*?)</section>`).exec(html);
  return match ? visibleText(match[1]) : "";
}

describe("a host's Home", () => {
  it("lists today's and upcoming hosted sessions with seats taken and waiting, never 'no sessions booked'", async () => {
    const { db, host, install, signedIn, aShadow, seat } = await homeApp();
    const today = await aSession(db, {
      host,
      kind: install,
      startsAt: NOW + 3 * HOUR,
      endsAt: NOW + 5 * HOUR,
      seats: 2,
      location: "Harbour Street 4",
    });
    const friday = await aSession(db, { host, kind: install, startsAt: NOW + 4 * DAY, endsAt: NOW + 4 * DAY + HOUR });
    const [a, b, c] = [await aShadow(), await aShadow(), await aShadow()];
    await seat(today, a, "booked");
    await seat(today, b, "booked");
    await seat(today, c, "waitlisted");
    // Someone else's session is not the host's.
    await aSession(db, { kind: install, startsAt: NOW + 2 * DAY, endsAt: NOW + 2 * DAY + HOUR });

    const html = await (await (await signedIn(host)).get("/")).text();
    const text = visibleText(html);
    expect(text).toContain("You host 2 sessions coming up, one of them today.");
    expect(text).not.toContain("You have no sessions booked");
    const hosting = section(html, "hosting-heading");
    expect(hosting).toContain("Today Install day 2 of 2 seats taken · 1 waiting Today ·");
    expect(hosting).toContain("Harbour Street 4");
    expect(hosting).toContain("Coming up Install day 0 of 3 seats taken");
    expect(linksIn(html)).toContain(`/hosting/sessions/${today.id}`);
    expect(linksIn(html)).toContain(`/hosting/sessions/${friday.id}`);
  });

  it("asks the host to confirm attendance of started sessions, each with a link to confirm it", async () => {
    const { db, host, install, signedIn, aShadow, seat } = await homeApp();
    const yesterday = await aSession(db, { host, kind: install, startsAt: NOW - DAY, endsAt: NOW - DAY + HOUR });
    const confirmed = await aSession(db, {
      host,
      kind: install,
      startsAt: NOW - 2 * DAY,
      endsAt: NOW - 2 * DAY + HOUR,
    });
    const underWay = await aSession(db, { host, kind: install, startsAt: NOW - 30 * MINUTE, endsAt: NOW + HOUR });
    const [a, b] = [await aShadow(), await aShadow()];
    await seat(yesterday, a, "booked");
    await seat(yesterday, b, "booked");
    await seat(confirmed, a, "attended");
    await seat(underWay, b, "booked");

    const html = await (await (await signedIn(host)).get("/")).text();
    expect(visibleText(html)).toContain("2 past sessions are waiting for you to confirm who came.");
    const todo = section(html, "confirm-heading");
    expect(todo).toContain("Attendance to confirm");
    expect(todo).toContain("yesterday · 2 seats to confirm");
    expect(todo).toContain("Confirm attendance : Install day");
    const confirmLinks = [...html.matchAll(/<a[^>]*href="(\/hosting\/sessions\/\d+)"[^>]*>Confirm attendance/g)].map(
      (m) => m[1],
    );
    // Latest first; a session with every seat confirmed is not asked about again.
    expect(confirmLinks).toEqual([`/hosting/sessions/${underWay.id}`, `/hosting/sessions/${yesterday.id}`]);
  });

  it("shows a host who is also a shadow both, apart: the sessions they host and their own seats", async () => {
    const { db, host, install, signedIn, seat } = await homeApp();
    const hosted = await aSession(db, { host, kind: install, startsAt: NOW + DAY, endsAt: NOW + DAY + HOUR });
    const listenIn = await aKind(db, { name: "Call-line listen-in" });
    const booked = await aSession(db, { kind: listenIn, startsAt: NOW + 2 * DAY, endsAt: NOW + 2 * DAY + HOUR });
    await seat(booked, host, "booked");

    const html = await (await (await signedIn(host)).get("/")).text();
    expect(visibleText(html)).toContain("You host one session coming up. You have one session booked as a shadow.");
    const hosting = section(html, "hosting-heading");
    expect(hosting).toContain("Install day");
    expect(hosting).not.toContain("Call-line listen-in");
    const own = section(html, "upcoming-heading");
    expect(own).toContain("Seats you booked to shadow a colleague.");
    expect(own).toContain("Call-line listen-in Booked");
    expect(own).not.toContain("Install day");
    expect(linksIn(html)).toContain(`/hosting/sessions/${hosted.id}`);
    expect(linksIn(html)).toContain(`/sessions/${booked.id}`);
  });

  it("tells a host with nothing ahead how to publish a session", async () => {
    const { host, signedIn } = await homeApp();
    const html = await (await (await signedIn(host)).get("/")).text();
    expect(visibleText(html)).toContain("You have no sessions to host coming up.");
    expect(visibleText(html)).not.toContain("You have no sessions booked");
    expect(section(html, "hosting-heading")).toContain("Nothing to host coming up");
    expect(linksIn(html)).toContain("/hosting/new");
  });
});

describe("a shadow's Home", () => {
  it("says when nothing is booked and leads to Find sessions, with no hosting card", async () => {
    const { signedIn, aShadow } = await homeApp();
    const html = await (await (await signedIn(await aShadow())).get("/")).text();
    expect(visibleText(html)).toContain("You have no sessions booked.");
    expect(html).not.toContain("Sessions you host");
    expect(linksIn(html)).toContain("/sessions");
    expect(linksIn(html)).toContain("/bookings");
  });

  it("heads the reflections still to write 'Reflections to write', apart from any module's name", async () => {
    const { db, host, install, signedIn, aShadow, seat } = await homeApp();
    const person = await aShadow();
    const past = await aSession(db, { host, kind: install, startsAt: NOW - DAY, endsAt: NOW - DAY + HOUR });
    await seat(past, person, "attended");
    const html = await (await (await signedIn(person)).get("/")).text();
    const todo = section(html, "reflections-heading");
    expect(todo).toContain("Reflections to write");
    expect(todo).toContain("Write your reflection: Install day with Hanna Host");
    expect(visibleText(html)).not.toMatch(/\bFollow up\b/);
  });

  it("counts every seat ahead in its sentence, not only the ones listed", async () => {
    const { db, install, signedIn, aShadow, seat } = await homeApp();
    const person = await aShadow();
    for (let n = 0; n < 8; n++) {
      const session = await aSession(db, {
        kind: install,
        startsAt: NOW + (n + 1) * DAY,
        endsAt: NOW + (n + 1) * DAY + HOUR,
      });
      await seat(session, person, n === 7 ? "waitlisted" : "booked");
    }
    const text = visibleText(await (await (await signedIn(person)).get("/")).text());
    expect(text).toContain("You have 7 sessions booked, and you are on the waitlist for one session.");
  });
});
