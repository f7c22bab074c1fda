import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema } from "~/db.server";
import { appWithFreshDatabase, TestClient } from "../support/app";
import { aDepartment, aKind, aModule, anAssignment, aPerson, aSession, type Person } from "../support/builders";

const PASSWORD = "correct horse battery";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let app: Awaited<ReturnType<typeof appWithFreshDatabase>>;
let passwordHash: string;

beforeAll(async () => {
  app = await appWithFreshDatabase();
  passwordHash = await hashPassword(PASSWORD);
});

async function signedIn(person: Person) {
  const client = new TestClient(app.handle);
  await client.signIn(person.email, PASSWORD);
  return client;
}

/** A manager with reports in a back-office department who each need one listen-in, and sessions to take. */
async function aTeamWithNeeds(options: { reports: number; seats: number }) {
  const accounting = await aDepartment(app.db, { name: `Accounting ${Math.random().toString(36).slice(2, 7)}` });
  const care = await aDepartment(app.db, { kind: "customer_facing" });
  const manager = await aPerson(app.db, { department: accounting, isManager: true, passwordHash });
  const reports = await Promise.all(
    Array.from({ length: options.reports }, () => aPerson(app.db, { department: accounting, manager, passwordHash })),
  );
  const kind = await aKind(app.db);
  const module = await aModule(app.db, { kind, title: `Listen-in ${Math.random().toString(36).slice(2, 7)}` });
  for (const report of reports) {
    await anAssignment(app.db, { person: report, module, assignedBy: manager, dueAt: Date.now() + 20 * DAY, dueOn: "2030-01-01" });
  }
  const host = await aPerson(app.db, { department: care, isHost: true });
  const start = Date.now() + 3 * DAY;
  const session = await aSession(app.db, { kind, host, seats: options.seats, startsAt: start, endsAt: start + HOUR });
  return { manager, reports, session, module };
}

describe("the planner page", () => {
  it("is for managers and admins only", async () => {
    const employee = await aPerson(app.db, { passwordHash });
    const hostOnly = await aPerson(app.db, { passwordHash, isHost: true });
    expect((await (await signedIn(employee)).get("/planner")).status).toBe(403);
    expect((await (await signedIn(hostOnly)).get("/planner")).status).toBe(403);
    expect((await new TestClient(app.handle).get("/planner")).status).toBe(302);
  });

  it("proposes a session for each report who needs one, with the reason in words", async () => {
    const { manager, reports, session } = await aTeamWithNeeds({ reports: 2, seats: 3 });
    const page = await (await signedIn(manager)).get("/planner?run=1&scope=team&weeks=4");
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const report of reports) {
      expect(html).toContain(report.name);
      expect(html).toContain(`value="${report.id}:${session.id}"`);
    }
    expect(html).toContain("Apply ticked bookings");
  });

  it("says why someone is not placed when seats run out", async () => {
    const { manager, reports } = await aTeamWithNeeds({ reports: 3, seats: 1 });
    const html = await (await (await signedIn(manager)).get("/planner?run=1&scope=team")).text();
    expect(html).toContain("Not placed this time (2)");
    expect(reports.filter((r) => html.includes(r.name))).toHaveLength(3);
  });

  it("books the ticked lines in one step, as the planner for the manager", async () => {
    const { manager, reports, session } = await aTeamWithNeeds({ reports: 2, seats: 2 });
    const client = await signedIn(manager);
    const response = await client.post("/planner", { line: `${reports[0].id}:${session.id}` });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("1 person booked");
    const bookings = await app.db.select().from(schema.bookings).where(eq(schema.bookings.sessionId, session.id));
    expect(bookings).toHaveLength(1);
    expect(bookings[0]).toMatchObject({ personId: reports[0].id, status: "booked", source: "planner", bookedById: manager.id });
    const [audit] = await app.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.entityType, "booking"), eq(schema.auditLog.entityId, bookings[0].id)));
    expect(audit.summary).toContain(`The planner for ${manager.name}`);
  });

  it("reports a seat taken meanwhile instead of overbooking or waitlisting", async () => {
    const { manager, reports, session } = await aTeamWithNeeds({ reports: 2, seats: 1 });
    const client = await signedIn(manager);
    const outsider = await aPerson(app.db);
    await app.db.insert(schema.bookings).values({ sessionId: session.id, personId: outsider.id, bookedById: outsider.id, status: "booked" });

    const body = new URLSearchParams([["line", `${reports[0].id}:${session.id}`]]);
    const response = await client.request("/planner", {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: client.origin },
    });
    const html = await response.text();
    expect(html).toContain("0 people booked");
    expect(html).toContain(`Every seat was taken before ${reports[0].name} could be booked.`);
    const onSession = await app.db.select().from(schema.bookings).where(eq(schema.bookings.sessionId, session.id));
    expect(onSession).toHaveLength(1);
  });

  it("refuses to book someone who is not the manager's report", async () => {
    const { manager, session } = await aTeamWithNeeds({ reports: 1, seats: 3 });
    const stranger = await aPerson(app.db);
    const html = await (await (await signedIn(manager)).post("/planner", { line: `${stranger.id}:${session.id}` })).text();
    expect(html).toContain("0 people booked");
    const theirs = await app.db.select().from(schema.bookings).where(eq(schema.bookings.personId, stranger.id));
    expect(theirs).toHaveLength(0);
  });

  it("asks for at least one ticked line", async () => {
    const { manager } = await aTeamWithNeeds({ reports: 1, seats: 1 });
    const response = await (await signedIn(manager)).post("/planner", {});
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Tick at least one proposed booking to apply.");
  });
});
