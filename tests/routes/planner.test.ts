import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema, type Db } from "~/db.server";
import { DAY, HOUR } from "~/domain/time";
import { testApp, TEST_NOW, type TestClient } from "../support/app";
import { aDepartment, aKind, aModule, anAssignment, aPerson, aSession, type Person } from "../support/builders";
import { textOf } from "../support/html";

const PASSWORD = "correct horse battery";
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

/** This test's own app, with a way to sign in as anyone in it. */
async function anApp() {
  const app = await testApp();
  const signedIn = async (person: Person): Promise<TestClient> => {
    const client = app.client.another();
    await client.signIn(person.email, PASSWORD);
    return client;
  };
  return { ...app, signedIn };
}

/** A manager with reports in a back-office department who each need one listen-in, and sessions to take. */
async function aTeamWithNeeds(db: Db, options: { reports: number; seats: number }) {
  const accounting = await aDepartment(db, { name: "Accounting" });
  const care = await aDepartment(db, { kind: "customer_facing" });
  const manager = await aPerson(db, { department: accounting, isManager: true, passwordHash });
  const reports = await Promise.all(
    Array.from({ length: options.reports }, () => aPerson(db, { department: accounting, manager, passwordHash })),
  );
  const kind = await aKind(db);
  const module = await aModule(db, { kind, title: "Listen-in" });
  for (const report of reports) {
    await anAssignment(db, {
      person: report,
      module,
      assignedBy: manager,
      dueAt: TEST_NOW + 20 * DAY,
      dueOn: "2030-01-01",
    });
  }
  const host = await aPerson(db, { department: care, isHost: true });
  const start = TEST_NOW + 3 * DAY;
  const session = await aSession(db, { kind, host, seats: options.seats, startsAt: start, endsAt: start + HOUR });
  return { manager, reports, session, module };
}

describe("the planner page", () => {
  it("is for managers and admins only, and says so", async () => {
    const { db, client, signedIn } = await anApp();
    const employee = await aPerson(db, { passwordHash });
    const hostOnly = await aPerson(db, { passwordHash, isHost: true });
    const refused = await (await signedIn(employee)).get("/planner");
    expect(refused.status).toBe(403);
    expect(await textOf(refused)).toContain("The planner is for managers and admins.");
    expect((await (await signedIn(hostOnly)).get("/planner")).status).toBe(403);
    expect((await client.get("/planner")).status).toBe(302);
  });

  it("proposes a session for each report who needs one, with the reason in words", async () => {
    const { db, signedIn } = await anApp();
    const { manager, reports, session } = await aTeamWithNeeds(db, { reports: 2, seats: 3 });
    const page = await (await signedIn(manager)).get("/planner?run=1&scope=team&weeks=4");
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const report of reports) {
      expect(html).toContain(report.name);
      expect(html).toContain(`value="${report.id}:${session.id}"`);
    }
    expect(html).toContain("Apply ticked bookings");
  });

  it("plans for the reports of one department only, when the manager chooses it", async () => {
    const { db, signedIn } = await anApp();
    const { manager, reports, session } = await aTeamWithNeeds(db, { reports: 1, seats: 3 });
    const legal = await aDepartment(db, { name: "Legal" });
    const counsel = await aPerson(db, { department: legal, manager, name: "Cora Counsel" });
    const [need] = await db.select().from(schema.assignments).where(eq(schema.assignments.personId, reports[0].id));
    await anAssignment(db, { person: counsel, module: need.moduleId, assignedBy: manager, dueAt: need.dueAt });
    const client = await signedIn(manager);

    const whole = await textOf(await client.get("/planner?run=1&scope=team"));
    expect(whole).toContain("Cora Counsel");
    const html = await (await client.get(`/planner?run=1&scope=team&dept=${legal.id}`)).text();
    expect(html).toContain(`value="${counsel.id}:${session.id}"`);
    expect(html).not.toContain(reports[0].name);
  });

  it("says why someone is not placed when seats run out", async () => {
    const { db, signedIn } = await anApp();
    const { manager, reports } = await aTeamWithNeeds(db, { reports: 3, seats: 1 });
    const page = await textOf(await (await signedIn(manager)).get("/planner?run=1&scope=team"));
    expect(page).toContain("Not placed this time (2)");
    expect(reports.filter((r) => page.includes(r.name))).toHaveLength(3);
  });

  it("books the ticked lines in one step, as the planner for the manager", async () => {
    const { db, signedIn } = await anApp();
    const { manager, reports, session } = await aTeamWithNeeds(db, { reports: 2, seats: 2 });
    const client = await signedIn(manager);
    const response = await client.post("/planner", { line: `${reports[0].id}:${session.id}` });
    expect(response.status).toBe(200);
    expect(await textOf(response)).toContain("1 person booked");
    const bookings = await db.select().from(schema.bookings).where(eq(schema.bookings.sessionId, session.id));
    expect(bookings).toHaveLength(1);
    expect(bookings[0]).toMatchObject({
      personId: reports[0].id,
      status: "booked",
      source: "planner",
      bookedById: manager.id,
      createdAt: TEST_NOW,
    });
    const [audit] = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.entityType, "booking"), eq(schema.auditLog.entityId, bookings[0].id)));
    expect(audit.summary).toContain(`The planner for ${manager.name}`);
  });

  it("reports a seat taken meanwhile instead of overbooking or waitlisting", async () => {
    const { db, signedIn } = await anApp();
    const { manager, reports, session } = await aTeamWithNeeds(db, { reports: 2, seats: 1 });
    const client = await signedIn(manager);
    const outsider = await aPerson(db);
    await db
      .insert(schema.bookings)
      .values({ sessionId: session.id, personId: outsider.id, bookedById: outsider.id, status: "booked" });

    const page = await textOf(await client.post("/planner", [["line", `${reports[0].id}:${session.id}`]]));
    expect(page).toContain("0 people booked");
    expect(page).toContain(`Every seat was taken before ${reports[0].name} could be booked.`);
    const onSession = await db.select().from(schema.bookings).where(eq(schema.bookings.sessionId, session.id));
    expect(onSession).toHaveLength(1);
  });

  it("refuses to book someone who is not the manager's report", async () => {
    const { db, signedIn } = await anApp();
    const { manager, session } = await aTeamWithNeeds(db, { reports: 1, seats: 3 });
    const stranger = await aPerson(db);
    const page = await textOf(
      await (await signedIn(manager)).post("/planner", { line: `${stranger.id}:${session.id}` }),
    );
    expect(page).toContain("0 people booked");
    const theirs = await db.select().from(schema.bookings).where(eq(schema.bookings.personId, stranger.id));
    expect(theirs).toHaveLength(0);
  });

  it("asks for at least one ticked line", async () => {
    const { db, signedIn } = await anApp();
    const { manager } = await aTeamWithNeeds(db, { reports: 1, seats: 1 });
    const response = await (await signedIn(manager)).post("/planner", {});
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain("Tick at least one proposed booking to apply.");
  });
});
