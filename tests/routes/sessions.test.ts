import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema } from "~/db.server";
import { DAY, dayOf, HOUR } from "~/domain/time";
import { testApp, TEST_NOW, type TestClient } from "../support/app";
import { aDepartment, aKind, aModule, anAssignment, aPerson, aSession, type Person } from "../support/builders";
import { fieldValue, linksIn, textOf, visibleText } from "../support/html";

const PASSWORD = "correct horse battery";
const passwordHash = await hashPassword(PASSWORD);
const NOW = TEST_NOW;

/** An app on an empty company of this test's own, with helpers to add people and sign them in. */
async function employeesApp() {
  const app = await testApp({ now: NOW });
  const signedIn = async (person: Person): Promise<TestClient> => {
    const client = app.client.another();
    await client.signIn(person.email, PASSWORD);
    return client;
  };
  const anEmployee = (fields: Parameters<typeof aPerson>[1] = {}) =>
    aPerson(app.db, { passwordHash, timeZone: "Europe/Helsinki", ...fields });
  const rowCounts = async () => {
    const [[bookings], [audit]] = await Promise.all([
      app.db.select({ n: count() }).from(schema.bookings),
      app.db.select({ n: count() }).from(schema.auditLog),
    ]);
    return { bookings: bookings.n, audit: audit.n };
  };
  return { ...app, signedIn, anEmployee, rowCounts };
}

const sessionLink = (id: number) => `/sessions/${id}`;

describe("booking a seat through the session page", () => {
  it("books exactly 3 of 50 people who take a 3-seat session at once; the rest wait in order", async () => {
    const { db, signedIn, anEmployee } = await employeesApp();
    const host = await aPerson(db, { department: await aDepartment(db, { kind: "customer_facing" }), isHost: true });
    const session = await aSession(db, { host, seats: 3 });
    const accounting = await aDepartment(db, { name: "Accounting (rush)" });
    const people = await Promise.all(Array.from({ length: 50 }, () => anEmployee({ department: accounting })));
    const clients = await Promise.all(people.map(signedIn));

    const responses = await Promise.all(clients.map((c) => c.post(`/sessions/${session.id}`, { intent: "book" })));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(302));

    const rows = await db
      .select()
      .from(schema.bookings)
      .where(eq(schema.bookings.sessionId, session.id))
      .orderBy(schema.bookings.id);
    expect(rows.filter((b) => b.status === "booked")).toHaveLength(3);
    const waiting = rows.filter((b) => b.status === "waitlisted");
    expect(waiting).toHaveLength(47);
    // Tickets follow the order the bookings were written: first come, first served.
    const tickets = waiting.map((b) => b.waitlistPosition!);
    expect(tickets).toEqual([...tickets].sort((a, b) => a - b));
    expect(new Set(rows.map((b) => b.personId)).size).toBe(50);
  });

  it("tells a person their waitlist place, and moves the first waiting person up when a seat frees", async () => {
    const { db, signedIn, anEmployee } = await employeesApp();
    const session = await aSession(db, { seats: 1 });
    const [first, second, third] = await Promise.all([anEmployee(), anEmployee(), anEmployee()]);
    const a = await signedIn(first);
    const b = await signedIn(second);
    const c = await signedIn(third);
    await a.post(`/sessions/${session.id}`, { intent: "book" });
    await b.post(`/sessions/${session.id}`, { intent: "book" });
    await c.post(`/sessions/${session.id}`, { intent: "book" });

    expect(await textOf(await c.get(`/sessions/${session.id}`))).toContain("You're number 2 on the waitlist");

    const cancelled = await a.post(`/sessions/${session.id}`, { intent: "cancel", confirm: "1" });
    expect(cancelled.status).toBe(302);
    const statuses = await db
      .select({ personId: schema.bookings.personId, status: schema.bookings.status })
      .from(schema.bookings)
      .where(eq(schema.bookings.sessionId, session.id));
    const statusOf = (p: Person) => statuses.find((s) => s.personId === p.id)?.status;
    expect(statusOf(first)).toBe("cancelled");
    expect(statusOf(second)).toBe("booked");
    expect(statusOf(third)).toBe("waitlisted");
    expect(await textOf(await c.get(`/sessions/${session.id}`))).toContain("You're number 1 on the waitlist");
  });

  it("says the booking worked on the page it returns to, and lets the person cancel it there", async () => {
    const { db, signedIn, anEmployee } = await employeesApp();
    const session = await aSession(db);
    const client = await signedIn(await anEmployee());
    const booked = await client.post(`/sessions/${session.id}`, { intent: "book" });
    expect(booked.headers.get("Location")).toBe(`/sessions/${session.id}`);
    const page = await textOf(await client.get(`/sessions/${session.id}`));
    expect(page).toContain("You're booked.");
    expect(page).toContain("You have a seat.");
    expect(page).toContain("Cancel my seat");

    expect((await client.post(`/sessions/${session.id}`, { intent: "cancel", confirm: "1" })).status).toBe(302);
    const after = await textOf(await client.get(`/sessions/${session.id}`));
    expect(after).toContain("Your seat is cancelled. Thanks for letting the next person have it.");
    expect(after).toContain("Your earlier booking was cancelled.");
    expect(after).toContain("Book a seat");
  });

  it("refuses a booking that overlaps another, in words, and writes nothing", async () => {
    const { db, signedIn, anEmployee, rowCounts } = await employeesApp();
    const person = await anEmployee();
    const start = NOW + 10 * DAY;
    const one = await aSession(db, { startsAt: start, endsAt: start + HOUR });
    const other = await aSession(db, { startsAt: start + HOUR / 2, endsAt: start + 2 * HOUR });
    const client = await signedIn(person);
    expect((await client.post(`/sessions/${one.id}`, { intent: "book" })).status).toBe(302);

    const before = await rowCounts();
    const refused = await client.post(`/sessions/${other.id}`, { intent: "book" });
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain("You already have a booking at that time");
    expect(await rowCounts()).toEqual(before);
  });

  it("allows back-to-back sessions: one ending as the other starts does not overlap", async () => {
    const { db, signedIn, anEmployee } = await employeesApp();
    const person = await anEmployee();
    const start = NOW + 11 * DAY;
    const one = await aSession(db, { startsAt: start, endsAt: start + HOUR });
    const next = await aSession(db, { startsAt: start + HOUR, endsAt: start + 2 * HOUR });
    const client = await signedIn(person);
    expect((await client.post(`/sessions/${one.id}`, { intent: "book" })).status).toBe(302);
    expect((await client.post(`/sessions/${next.id}`, { intent: "book" })).status).toBe(302);
  });

  it("refuses shadowing one's own department's work", async () => {
    const { db, signedIn, anEmployee, rowCounts } = await employeesApp();
    const sales = await aDepartment(db, { name: "Sales (own)", kind: "customer_facing" });
    const host = await aPerson(db, { department: sales, isHost: true });
    const colleague = await anEmployee({ department: sales });
    const session = await aSession(db, { host });
    const before = await rowCounts();
    const refused = await (await signedIn(colleague)).post(`/sessions/${session.id}`, { intent: "book" });
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toMatch(/your own department/);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses the host a seat on their own session", async () => {
    const { db, signedIn, anEmployee, rowCounts } = await employeesApp();
    const hostDepartment = await aDepartment(db, { kind: "customer_facing" });
    const host = await anEmployee({ department: hostDepartment, isHost: true });
    const session = await aSession(db, { host });
    const client = await signedIn(host);
    expect(await textOf(await client.get(`/sessions/${session.id}`))).toContain("You host this session.");
    const before = await rowCounts();
    const refused = await client.post(`/sessions/${session.id}`, { intent: "book" });
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain("You can't shadow your own session.");
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a booking once the session has started", async () => {
    const { db, signedIn, anEmployee, rowCounts } = await employeesApp();
    const session = await aSession(db, { startsAt: NOW - HOUR, endsAt: NOW + HOUR });
    const client = await signedIn(await anEmployee());
    expect(await textOf(await client.get(`/sessions/${session.id}`))).toContain(
      "This session has started, so bookings are closed.",
    );
    const before = await rowCounts();
    const refused = await client.post(`/sessions/${session.id}`, { intent: "book" });
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain("has already started");
    expect(await rowCounts()).toEqual(before);
  });

  it("closes bookings the moment the clock reaches the start", async () => {
    const { db, clock, signedIn, anEmployee } = await employeesApp();
    const session = await aSession(db, { startsAt: NOW + HOUR, endsAt: NOW + 2 * HOUR });
    const client = await signedIn(await anEmployee());
    clock.set(session.startsAt - 1);
    expect(await textOf(await client.get(`/sessions/${session.id}`))).toContain("Book a seat");
    clock.set(session.startsAt);
    const refused = await client.post(`/sessions/${session.id}`, { intent: "book" });
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain("This session has already started — bookings close at the start time.");
  });

  it("keeps a sales call from filling up with one department beyond its cap", async () => {
    const { db, signedIn, anEmployee, rowCounts } = await employeesApp();
    const session = await aSession(db, { seats: 4, departmentCap: 2 });
    const legal = await aDepartment(db, { name: "Legal (cap)" });
    const lawyers = await Promise.all([1, 2, 3].map(() => anEmployee({ department: legal })));
    for (const lawyer of lawyers.slice(0, 2)) {
      expect((await (await signedIn(lawyer)).post(`/sessions/${session.id}`, { intent: "book" })).status).toBe(302);
    }
    const before = await rowCounts();
    const refused = await (await signedIn(lawyers[2])).post(`/sessions/${session.id}`, { intent: "book" });
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain("at most 2 from one department");
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a cancelled session", async () => {
    const { db, signedIn, anEmployee } = await employeesApp();
    const session = await aSession(db, { status: "cancelled" });
    const client = await signedIn(await anEmployee());
    expect(await textOf(await client.get(`/sessions/${session.id}`))).toContain(
      "This session was cancelled, so it can't be booked.",
    );
    const refused = await client.post(`/sessions/${session.id}`, { intent: "book" });
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain("This session has been cancelled, so it takes no bookings.");
  });

  it("refuses to cancel a seat the person does not hold", async () => {
    const { db, signedIn, anEmployee, rowCounts } = await employeesApp();
    const session = await aSession(db);
    const client = await signedIn(await anEmployee());
    const before = await rowCounts();
    const refused = await client.post(`/sessions/${session.id}`, { intent: "cancel" });
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain("You have no booking on this session to cancel.");
    expect(await rowCounts()).toEqual(before);
  });

  it("answers a form it does not know with a 400 that says so", async () => {
    const { db, signedIn, anEmployee } = await employeesApp();
    const session = await aSession(db);
    const refused = await (await signedIn(await anEmployee())).post(`/sessions/${session.id}`, { intent: "teleport" });
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain("That action isn't available here.");
  });

  it("answers 404 for a session that does not exist, and says so", async () => {
    const { signedIn, anEmployee } = await employeesApp();
    const client = await signedIn(await anEmployee());
    const missing = await client.get("/sessions/999999");
    expect(missing.status).toBe(404);
    expect(await textOf(missing)).toContain("No such session.");
    expect((await client.get("/sessions/not-a-number")).status).toBe(404);
    expect((await client.post("/sessions/999999", { intent: "book" })).status).toBe(404);
  });
});

describe("reflections", () => {
  async function attendedSession() {
    const app = await employeesApp();
    const person = await app.anEmployee();
    const session = await aSession(app.db, { startsAt: NOW - 3 * HOUR, endsAt: NOW - 2 * HOUR });
    await app.db.insert(schema.bookings).values({
      sessionId: session.id,
      personId: person.id,
      bookedById: person.id,
      status: "attended",
    });
    return { ...app, person, session, client: await app.signedIn(person) };
  }

  it("takes a reflection on an attended session and refuses an empty one beside the field", async () => {
    const { db, person, session, client } = await attendedSession();
    expect(await textOf(await client.get(`/sessions/${session.id}`))).toContain("Your reflection");

    const empty = await client.post(`/sessions/${session.id}`, { intent: "reflect", reflection: "   " });
    expect(empty.status).toBe(400);
    expect(await textOf(empty)).toContain("Write a sentence or two about what you saw.");

    const saved = await client.post(`/sessions/${session.id}`, {
      intent: "reflect",
      reflection: "Customers ask about payback time first; the rep answered with numbers.",
    });
    expect(saved.status).toBe(302);
    const [booking] = await db
      .select()
      .from(schema.bookings)
      .where(and(eq(schema.bookings.sessionId, session.id), eq(schema.bookings.personId, person.id)));
    expect(booking.reflection).toContain("payback time");
    const page = await client.get(`/sessions/${session.id}`);
    const html = await page.text();
    expect(visibleText(html)).toContain("Your reflection is saved.");
    expect(fieldValue(html, "Reflection")).toContain("payback time");
  });

  it("keeps what was typed when a reflection is too long, and saves nothing", async () => {
    const { db, session, client } = await attendedSession();
    const typed = `Long. ${"x".repeat(4000)}`;
    const refused = await client.post(`/sessions/${session.id}`, { intent: "reflect", reflection: typed });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(visibleText(html)).toContain("Keep it under 4000 characters.");
    expect(fieldValue(html, "Reflection")).toBe(typed);
    const [booking] = await db.select().from(schema.bookings).where(eq(schema.bookings.sessionId, session.id));
    expect(booking.reflection).toBe("");
  });

  it("does not offer a reflection before attendance is confirmed", async () => {
    const { db, signedIn, anEmployee } = await employeesApp();
    const session = await aSession(db);
    const client = await signedIn(await anEmployee());
    await client.post(`/sessions/${session.id}`, { intent: "book" });
    expect(await textOf(await client.get(`/sessions/${session.id}`))).not.toContain("Your reflection");
    const refused = await client.post(`/sessions/${session.id}`, { intent: "reflect", reflection: "Too early" });
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain("You can write a reflection once the host has confirmed you attended.");
  });
});

describe("finding sessions", () => {
  it("filters by kind, free seats and what counts towards my open assignments", async () => {
    const { db, signedIn, anEmployee } = await employeesApp();
    const listenIn = await aKind(db, { name: "Listen-in (filters)" });
    const install = await aKind(db, { name: "Install (filters)", onSite: true });
    const start = NOW + 3 * DAY;
    const open = await aSession(db, { kind: listenIn, startsAt: start, endsAt: start + HOUR, seats: 2 });
    const full = await aSession(db, {
      kind: listenIn,
      startsAt: start + 2 * HOUR,
      endsAt: start + 3 * HOUR,
      seats: 1,
    });
    const onSite = await aSession(db, {
      kind: install,
      startsAt: start + 4 * HOUR,
      endsAt: start + 5 * HOUR,
      location: "Main Street 1",
    });
    const taker = await anEmployee();
    await db
      .insert(schema.bookings)
      .values({ sessionId: full.id, personId: taker.id, bookedById: taker.id, status: "booked" });

    const viewer = await anEmployee();
    const module = await aModule(db, { title: "Listen (filters)", kind: listenIn });
    await anAssignment(db, { person: viewer, module, dueAt: NOW + 30 * DAY, dueOn: dayOf(NOW + 30 * DAY, "UTC") });
    const client = await signedIn(viewer);
    const links = async (path: string) => linksIn(await (await client.get(path)).text());

    const byKind = await links(`/sessions?kind=${listenIn.id}`);
    expect(byKind).toContain(sessionLink(open.id));
    expect(byKind).toContain(sessionLink(full.id));
    expect(byKind).not.toContain(sessionLink(onSite.id));

    const free = await links(`/sessions?kind=${listenIn.id}&free=1`);
    expect(free).toContain(sessionLink(open.id));
    expect(free).not.toContain(sessionLink(full.id));

    expect(await links(`/sessions?where=on_site&kind=${install.id}`)).toContain(sessionLink(onSite.id));

    const mine = await links(`/sessions?mine=1`);
    expect(mine).toContain(sessionLink(open.id));
    expect(mine).not.toContain(sessionLink(onSite.id));

    const week = await links(`/sessions?view=week&kind=${listenIn.id}&week=${dayOf(start, "Europe/Helsinki")}`);
    expect(week).toContain(sessionLink(open.id));
  });

  it("looks four weeks ahead from today in the viewer's zone, or up to and including a chosen day", async () => {
    const { db, signedIn, anEmployee } = await employeesApp();
    const inFourWeeks = await aSession(db, { startsAt: NOW + 27 * DAY, endsAt: NOW + 27 * DAY + HOUR });
    const later = await aSession(db, { startsAt: NOW + 29 * DAY, endsAt: NOW + 29 * DAY + HOUR });
    const client = await signedIn(await anEmployee());
    const page = await client.get("/sessions");
    const html = await page.text();
    expect(visibleText(html)).toContain("1 session from Mon 1 Mar 2027 to Sun 28 Mar 2027");
    expect(linksIn(html)).toContain(sessionLink(inFourWeeks.id));
    expect(linksIn(html)).not.toContain(sessionLink(later.id));

    const chosen = await (await client.get(`/sessions?to=${dayOf(later.startsAt, "Europe/Helsinki")}`)).text();
    expect(linksIn(chosen)).toContain(sessionLink(later.id));
  });

  it("ignores filters it cannot read, such as a day outside the years Frontline keeps", async () => {
    const { db, signedIn, anEmployee } = await employeesApp();
    const session = await aSession(db, { startsAt: NOW + 2 * DAY, endsAt: NOW + 2 * DAY + HOUR });
    const client = await signedIn(await anEmployee());
    for (const query of ["from=9999-12-31", "to=9999-12-31", "view=week&week=2000-01-01", "kind=abc&page=-2"]) {
      const response = await client.get(`/sessions?${query}`);
      expect(response.status).toBe(200);
      expect(linksIn(await response.text())).toContain(sessionLink(session.id));
    }
  });

  it("hides a confidential customer's name from everyone but the host, booked shadows and admins", async () => {
    const { db, signedIn, anEmployee } = await employeesApp();
    const session = await aSession(db, {
      customerName: "Secret Pharma Oy",
      customerConfidential: true,
      startsAt: NOW + 2 * DAY,
      endsAt: NOW + 2 * DAY + HOUR,
    });
    const outsider = await anEmployee();
    const shadow = await anEmployee();
    const admin = await anEmployee({ isAdmin: true });
    const shadowClient = await signedIn(shadow);
    await shadowClient.post(`/sessions/${session.id}`, { intent: "book" });

    // The name must not reach the outsider's browser at all, not even in the page's data.
    const outsiderPage = await (await (await signedIn(outsider)).get(`/sessions/${session.id}`)).text();
    expect(outsiderPage).not.toContain("Secret Pharma");
    expect(visibleText(outsiderPage)).toContain("Confidential customer");
    expect(await textOf(await shadowClient.get(`/sessions/${session.id}`))).toContain("Secret Pharma Oy");
    expect(await textOf(await (await signedIn(admin)).get(`/sessions/${session.id}`))).toContain("Secret Pharma Oy");
    // The list shows the session to everyone, with the name only for those who may read it.
    const list = await (await (await signedIn(outsider)).get(`/sessions`)).text();
    expect(linksIn(list)).toContain(sessionLink(session.id));
    expect(list).not.toContain("Secret Pharma");
    expect(visibleText(list)).toContain("Confidential customer");
    expect(await textOf(await shadowClient.get(`/sessions`))).toContain("Secret Pharma Oy");
  });

  it("shows times in the viewer's own time zone", async () => {
    const { db, signedIn, anEmployee } = await employeesApp();
    const start = Date.UTC(2030, 0, 15, 8, 0);
    const session = await aSession(db, { startsAt: start, endsAt: start + HOUR });
    const helsinki = await anEmployee({ timeZone: "Europe/Helsinki" });
    const newYork = await anEmployee({ timeZone: "America/New_York" });
    expect(await textOf(await (await signedIn(helsinki)).get(`/sessions/${session.id}`))).toContain("10:00–11:00");
    expect(await textOf(await (await signedIn(newYork)).get(`/sessions/${session.id}`))).toContain("03:00–04:00");
  });
});

describe("searching for sessions", () => {
  /** Three sessions that differ in customer, host and place, seen by a Helsinki employee. */
  async function searchCompany() {
    const app = await employeesApp();
    const { db } = app;
    const field = await aDepartment(db, { kind: "customer_facing" });
    const kari = await aPerson(db, { name: "Kari Virtanen", department: field, isHost: true });
    const maija = await aPerson(db, { name: "Maija Lind", department: field, isHost: true });
    const start = NOW + 2 * DAY;
    const acme = await aSession(db, {
      host: kari,
      customerName: "Acme Logistics",
      location: "Harbour Road 2",
      startsAt: start,
      endsAt: start + HOUR,
    });
    const tampere = await aSession(db, {
      host: maija,
      customerName: "Bolt Bakery",
      location: "Hämeenkatu 5, Tampere",
      startsAt: start + 2 * HOUR,
      endsAt: start + 3 * HOUR,
    });
    const secret = await aSession(db, {
      host: maija,
      customerName: "Quiet Pharma 100%",
      customerConfidential: true,
      location: "Main Street 9",
      startsAt: start + 4 * HOUR,
      endsAt: start + 5 * HOUR,
    });
    const client = await app.signedIn(await app.anEmployee());
    const found = async (path: string) => {
      const html = await (await client.get(path)).text();
      return [acme, tampere, secret].filter((s) => linksIn(html).includes(sessionLink(s.id))).map((s) => s.id);
    };
    return { ...app, client, found, acme, tampere, secret, kari };
  }

  it("narrows the list by a piece of the customer's name, the host's name or the place, in any case", async () => {
    const { found, acme, tampere, secret } = await searchCompany();
    expect(await found("/sessions")).toEqual([acme.id, tampere.id, secret.id]);
    expect(await found("/sessions?q=acme")).toEqual([acme.id]);
    expect(await found("/sessions?q=MAIJA")).toEqual([tampere.id, secret.id]);
    expect(await found("/sessions?q=Tampere")).toEqual([tampere.id]);
    expect(await found("/sessions?q=%20%20harbour%20%20road%20")).toEqual([acme.id]);
  });

  it("finds a confidential customer only for those who may read its name", async () => {
    const { found, secret, signedIn, anEmployee } = await searchCompany();
    expect(await found("/sessions?q=Quiet%20Pharma")).toEqual([]);
    const admin = await signedIn(await anEmployee({ isAdmin: true }));
    const html = await (await admin.get("/sessions?q=Quiet%20Pharma")).text();
    expect(linksIn(html)).toContain(sessionLink(secret.id));
  });

  it("reads a typed % or _ as itself, not as a wildcard", async () => {
    const { found } = await searchCompany();
    expect(await found("/sessions?q=%25")).toEqual([]);
    expect(await found("/sessions?q=_")).toEqual([]);
  });

  it("says when nothing matches, keeps the words in the box and offers to clear the search", async () => {
    const { client } = await searchCompany();
    const html = await (await client.get("/sessions?q=Zebra%20Oy&free=1")).text();
    expect(visibleText(html)).toContain("Nothing matches “Zebra Oy”");
    expect(fieldValue(html, "Search customer, host or place")).toBe("Zebra Oy");
    expect(linksIn(html)).toContain("/sessions?free=1");
  });

  it("narrows the week view too", async () => {
    const { found, acme, kari } = await searchCompany();
    const week = `/sessions?view=week&week=${dayOf(acme.startsAt, "Europe/Helsinki")}`;
    expect(await found(`${week}&q=${encodeURIComponent(kari.name.slice(0, 4))}`)).toEqual([acme.id]);
  });
});

describe("the list grouped by day", () => {
  it("heads each day in the viewer's zone: 23:30 UTC is under the next day in Helsinki", async () => {
    const { db, signedIn, anEmployee } = await employeesApp();
    const lateTuesday = Date.UTC(2027, 2, 2, 23, 30);
    const tuesday = await aSession(db, { startsAt: Date.UTC(2027, 2, 2, 12, 0), endsAt: Date.UTC(2027, 2, 2, 13, 0) });
    const late = await aSession(db, { startsAt: lateTuesday, endsAt: lateTuesday + HOUR });
    const html = await (
      await (await signedIn(await anEmployee({ timeZone: "Europe/Helsinki" }))).get("/sessions")
    ).text();
    const days = [...html.matchAll(/<li class="session-day">([\s\S]*?)<\/ul><\/li>/g)].map((m) => ({
      heading: visibleText(/<h3[^>]*>([\s\S]*?)<\/h3>/.exec(m[1])![1]),
      links: linksIn(m[1]),
    }));
    expect(days.map((d) => d.heading)).toEqual(["Tue 2 Mar 2027 · tomorrow", "Wed 3 Mar 2027 · in 2 days"]);
    expect(days[0].links).toContain(sessionLink(tuesday.id));
    expect(days[1].links).toEqual([sessionLink(late.id)]);

    const london = await (
      await (await signedIn(await anEmployee({ timeZone: "Europe/London" }))).get("/sessions")
    ).text();
    expect(visibleText(london)).toContain("Tue 2 Mar 2027 · tomorrow");
    expect(visibleText(london)).not.toContain("Wed 3 Mar 2027");
  });
});
