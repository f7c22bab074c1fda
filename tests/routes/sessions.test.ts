import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema } from "~/db.server";
import { appWithFreshDatabase, TestClient } from "../support/app";
import { aDepartment, aKind, aModule, anAssignment, aPerson, aSession, type Person } from "../support/builders";

const PASSWORD = "correct horse battery";
let app: Awaited<ReturnType<typeof appWithFreshDatabase>>;
let passwordHash: string;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  app = await appWithFreshDatabase();
  passwordHash = await hashPassword(PASSWORD);
});

async function signedIn(person: Person): Promise<TestClient> {
  const client = new TestClient(app.handle);
  await client.signIn(person.email, PASSWORD);
  return client;
}

async function anEmployee(fields: Parameters<typeof aPerson>[1] = {}) {
  return aPerson(app.db, { passwordHash, timeZone: "Europe/Helsinki", ...fields });
}

async function rowCounts() {
  const [[bookings], [audit]] = await Promise.all([
    app.db.select({ n: count() }).from(schema.bookings),
    app.db.select({ n: count() }).from(schema.auditLog),
  ]);
  return { bookings: bookings.n, audit: audit.n };
}

describe("booking a seat through the session page", () => {
  it("books exactly 3 of 50 people who take a 3-seat session at once; the rest wait in order", async () => {
    const host = await aPerson(app.db, { department: await aDepartment(app.db, { kind: "customer_facing" }), isHost: true });
    const session = await aSession(app.db, { host, seats: 3 });
    const accounting = await aDepartment(app.db, { name: "Accounting (rush)" });
    const people = await Promise.all(Array.from({ length: 50 }, () => anEmployee({ department: accounting })));
    const clients = await Promise.all(people.map(signedIn));

    const responses = await Promise.all(clients.map((c) => c.post(`/sessions/${session.id}`, { intent: "book" })));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(302));

    const rows = await app.db
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
    const session = await aSession(app.db, { seats: 1 });
    const [first, second, third] = await Promise.all([anEmployee(), anEmployee(), anEmployee()]);
    const a = await signedIn(first);
    const b = await signedIn(second);
    const c = await signedIn(third);
    await a.post(`/sessions/${session.id}`, { intent: "book" });
    await b.post(`/sessions/${session.id}`, { intent: "book" });
    await c.post(`/sessions/${session.id}`, { intent: "book" });

    const page = await (await c.get(`/sessions/${session.id}`)).text();
    expect(page).toContain("You&#x27;re number 2 on the waitlist");

    const cancelled = await a.post(`/sessions/${session.id}`, { intent: "cancel" });
    expect(cancelled.status).toBe(302);
    const statuses = await app.db
      .select({ personId: schema.bookings.personId, status: schema.bookings.status })
      .from(schema.bookings)
      .where(eq(schema.bookings.sessionId, session.id));
    const statusOf = (p: Person) => statuses.find((s) => s.personId === p.id)?.status;
    expect(statusOf(first)).toBe("cancelled");
    expect(statusOf(second)).toBe("booked");
    expect(statusOf(third)).toBe("waitlisted");
    expect(await (await c.get(`/sessions/${session.id}`)).text()).toContain("You&#x27;re number 1 on the waitlist");
  });

  it("refuses a booking that overlaps another, in words, and writes nothing", async () => {
    const person = await anEmployee();
    const start = Date.now() + 10 * DAY;
    const one = await aSession(app.db, { startsAt: start, endsAt: start + HOUR });
    const other = await aSession(app.db, { startsAt: start + HOUR / 2, endsAt: start + 2 * HOUR });
    const client = await signedIn(person);
    expect((await client.post(`/sessions/${one.id}`, { intent: "book" })).status).toBe(302);

    const before = await rowCounts();
    const refused = await client.post(`/sessions/${other.id}`, { intent: "book" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("You already have a booking at that time");
    expect(await rowCounts()).toEqual(before);
  });

  it("allows back-to-back sessions: one ending as the other starts does not overlap", async () => {
    const person = await anEmployee();
    const start = Date.now() + 11 * DAY;
    const one = await aSession(app.db, { startsAt: start, endsAt: start + HOUR });
    const next = await aSession(app.db, { startsAt: start + HOUR, endsAt: start + 2 * HOUR });
    const client = await signedIn(person);
    expect((await client.post(`/sessions/${one.id}`, { intent: "book" })).status).toBe(302);
    expect((await client.post(`/sessions/${next.id}`, { intent: "book" })).status).toBe(302);
  });

  it("refuses shadowing one's own department's work", async () => {
    const sales = await aDepartment(app.db, { name: "Sales (own)", kind: "customer_facing" });
    const host = await aPerson(app.db, { department: sales, isHost: true });
    const colleague = await anEmployee({ department: sales });
    const session = await aSession(app.db, { host });
    const before = await rowCounts();
    const refused = await (await signedIn(colleague)).post(`/sessions/${session.id}`, { intent: "book" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/your own department/);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses the host a seat on their own session", async () => {
    const hostDepartment = await aDepartment(app.db, { kind: "customer_facing" });
    const host = await anEmployee({ department: hostDepartment, isHost: true });
    const session = await aSession(app.db, { host });
    const refused = await (await signedIn(host)).post(`/sessions/${session.id}`, { intent: "book" });
    expect(refused.status).toBe(400);
  });

  it("refuses a booking once the session has started", async () => {
    const session = await aSession(app.db, { startsAt: Date.now() - HOUR, endsAt: Date.now() + HOUR });
    const before = await rowCounts();
    const refused = await (await signedIn(await anEmployee())).post(`/sessions/${session.id}`, { intent: "book" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("has already started");
    expect(await rowCounts()).toEqual(before);
  });

  it("keeps a sales call from filling up with one department beyond its cap", async () => {
    const session = await aSession(app.db, { seats: 4, departmentCap: 2 });
    const legal = await aDepartment(app.db, { name: "Legal (cap)" });
    const lawyers = await Promise.all([1, 2, 3].map(() => anEmployee({ department: legal })));
    for (const lawyer of lawyers.slice(0, 2)) {
      expect((await (await signedIn(lawyer)).post(`/sessions/${session.id}`, { intent: "book" })).status).toBe(302);
    }
    const before = await rowCounts();
    const refused = await (await signedIn(lawyers[2])).post(`/sessions/${session.id}`, { intent: "book" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("at most 2 from one department");
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a cancelled session", async () => {
    const session = await aSession(app.db, { status: "cancelled" });
    const refused = await (await signedIn(await anEmployee())).post(`/sessions/${session.id}`, { intent: "book" });
    expect(refused.status).toBe(400);
  });

  it("answers 404 for a session that does not exist", async () => {
    const client = await signedIn(await anEmployee());
    expect((await client.get("/sessions/999999")).status).toBe(404);
    expect((await client.get("/sessions/not-a-number")).status).toBe(404);
  });
});

describe("reflections", () => {
  it("takes a reflection on an attended session and refuses an empty one beside the field", async () => {
    const person = await anEmployee();
    const session = await aSession(app.db, { startsAt: Date.now() - 3 * HOUR, endsAt: Date.now() - 2 * HOUR });
    await app.db.insert(schema.bookings).values({
      sessionId: session.id,
      personId: person.id,
      bookedById: person.id,
      status: "attended",
    });
    const client = await signedIn(person);
    const page = await (await client.get(`/sessions/${session.id}`)).text();
    expect(page).toContain("Your reflection");

    const empty = await client.post(`/sessions/${session.id}`, { intent: "reflect", reflection: "   " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Write a sentence or two about what you saw.");

    const saved = await client.post(`/sessions/${session.id}`, {
      intent: "reflect",
      reflection: "Customers ask about payback time first; the rep answered with numbers.",
    });
    expect(saved.status).toBe(302);
    const [booking] = await app.db
      .select()
      .from(schema.bookings)
      .where(and(eq(schema.bookings.sessionId, session.id), eq(schema.bookings.personId, person.id)));
    expect(booking.reflection).toContain("payback time");
  });

  it("does not offer a reflection before attendance is confirmed", async () => {
    const person = await anEmployee();
    const session = await aSession(app.db);
    const client = await signedIn(person);
    await client.post(`/sessions/${session.id}`, { intent: "book" });
    const refused = await client.post(`/sessions/${session.id}`, { intent: "reflect", reflection: "Too early" });
    expect(refused.status).toBe(400);
  });
});

describe("finding sessions", () => {
  it("filters by kind, free seats and what counts towards my open assignments", async () => {
    const listenIn = await aKind(app.db, { name: "Listen-in (filters)" });
    const install = await aKind(app.db, { name: "Install (filters)", onSite: true });
    const start = Date.now() + 3 * DAY;
    const open = await aSession(app.db, { kind: listenIn, startsAt: start, endsAt: start + HOUR, seats: 2 });
    const full = await aSession(app.db, { kind: listenIn, startsAt: start + 2 * HOUR, endsAt: start + 3 * HOUR, seats: 1 });
    const onSite = await aSession(app.db, { kind: install, startsAt: start + 4 * HOUR, endsAt: start + 5 * HOUR, location: "Main Street 1" });
    const taker = await anEmployee();
    await app.db.insert(schema.bookings).values({ sessionId: full.id, personId: taker.id, bookedById: taker.id, status: "booked" });

    const viewer = await anEmployee();
    const module = await aModule(app.db, { title: "Listen (filters)", kind: listenIn });
    await anAssignment(app.db, { person: viewer, module, dueAt: Date.now() + 30 * DAY, dueOn: "2030-01-01" });
    const client = await signedIn(viewer);

    const byKind = await (await client.get(`/sessions?kind=${listenIn.id}`)).text();
    expect(byKind).toContain(`/sessions/${open.id}"`);
    expect(byKind).toContain(`/sessions/${full.id}"`);
    expect(byKind).not.toContain(`/sessions/${onSite.id}"`);

    const free = await (await client.get(`/sessions?kind=${listenIn.id}&free=1`)).text();
    expect(free).toContain(`/sessions/${open.id}"`);
    expect(free).not.toContain(`/sessions/${full.id}"`);

    const remote = await (await client.get(`/sessions?where=on_site&kind=${install.id}`)).text();
    expect(remote).toContain(`/sessions/${onSite.id}"`);

    const mine = await (await client.get(`/sessions?mine=1`)).text();
    expect(mine).toContain(`/sessions/${open.id}"`);
    expect(mine).not.toContain(`/sessions/${onSite.id}"`);

    const week = await (await client.get(`/sessions?view=week&kind=${listenIn.id}&week=${new Date(start).toISOString().slice(0, 10)}`)).text();
    expect(week).toContain(`/sessions/${open.id}"`);
  });

  it("hides a confidential customer's name from everyone but the host, booked shadows and admins", async () => {
    const session = await aSession(app.db, { customerName: "Secret Pharma Oy", customerConfidential: true });
    const outsider = await anEmployee();
    const shadow = await anEmployee();
    const admin = await anEmployee({ isAdmin: true });
    const shadowClient = await signedIn(shadow);
    await shadowClient.post(`/sessions/${session.id}`, { intent: "book" });

    const outsiderPage = await (await (await signedIn(outsider)).get(`/sessions/${session.id}`)).text();
    expect(outsiderPage).not.toContain("Secret Pharma");
    expect(outsiderPage).toContain("Confidential customer");
    expect(await (await shadowClient.get(`/sessions/${session.id}`)).text()).toContain("Secret Pharma Oy");
    expect(await (await (await signedIn(admin)).get(`/sessions/${session.id}`)).text()).toContain("Secret Pharma Oy");
    const list = await (await (await signedIn(outsider)).get(`/sessions`)).text();
    expect(list).not.toContain("Secret Pharma");
  });

  it("shows times in the viewer's own time zone", async () => {
    const start = Date.UTC(2030, 0, 15, 8, 0);
    const session = await aSession(app.db, { startsAt: start, endsAt: start + HOUR });
    const helsinki = await anEmployee({ timeZone: "Europe/Helsinki" });
    const newYork = await anEmployee({ timeZone: "America/New_York" });
    expect(await (await (await signedIn(helsinki)).get(`/sessions/${session.id}`)).text()).toContain("10:00–11:00");
    expect(await (await (await signedIn(newYork)).get(`/sessions/${session.id}`)).text()).toContain("03:00–04:00");
  });
});
