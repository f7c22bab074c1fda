import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema, type Db } from "~/db.server";
import { DAY, HOUR } from "~/domain/time";
import { testApp, TEST_NOW, type TestClient } from "../support/app";
import { aDepartment, aKind, aModule, anAssignment, aPerson, aSession, type Person } from "../support/builders";
import { textOf, visibleText } from "../support/html";

const PASSWORD = "correct horse battery";
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

/** Makes a plan as the signed-in client would with the form, and returns the plan's address. */
async function planFor(client: TestClient, fields: Record<string, string> = {}): Promise<string> {
  const response = await client.post("/planner", { intent: "plan", scope: "team", weeks: "4", ...fields });
  expect(response.status).toBe(302);
  const location = response.headers.get("Location")!;
  expect(location).toMatch(/^\/planner\?plan=\d+$/);
  return location;
}

/** The ids of the lines a review page offers to tick. */
function tickable(html: string): number[] {
  return [...html.matchAll(/<input type="checkbox"[^>]*name="line"[^>]*value="(\d+)"/g)].map((m) => Number(m[1]));
}

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
async function aTeamWithNeeds(db: Db, options: { reports: number; seats: number; department?: string }) {
  const accounting = await aDepartment(db, { name: options.department ?? "Accounting" });
  const care = await aDepartment(db, { kind: "customer_facing" });
  const manager = await aPerson(db, { department: accounting, isManager: true, passwordHash });
  const reports = await Promise.all(
    Array.from({ length: options.reports }, () => aPerson(db, { department: accounting, manager, passwordHash })),
  );
  const kind = await aKind(db);
  const module = await aModule(db, {
    kind,
    title: options.department ? `Listen-in for ${options.department}` : "Listen-in",
  });
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
    expect((await (await signedIn(employee)).post("/planner", { intent: "plan" })).status).toBe(403);
  });

  it("stores the plan it makes, and proposes a session for each report with the reason in words", async () => {
    const { db, signedIn } = await anApp();
    const { manager, reports, session } = await aTeamWithNeeds(db, { reports: 2, seats: 3 });
    const client = await signedIn(manager);
    const address = await planFor(client);
    const page = await client.get(address);
    expect(page.status).toBe(200);
    const html = await page.text();
    const lines = await db.select().from(schema.planLines);
    expect(lines.map((l) => [l.personId, l.sessionId]).sort()).toEqual(reports.map((r) => [r.id, session.id]).sort());
    expect(tickable(html).sort()).toEqual(lines.map((l) => l.id).sort());
    for (const report of reports) expect(html).toContain(report.name);
    const text = visibleText(html);
    expect(text).toContain("Serves ‘Listen-in’");
    expect(text).toContain("2 of 2 people with open training get a session");
    expect(text).toContain("Apply ticked bookings");
  });

  it("reads the same plan again on reload, and says when its sessions changed since", async () => {
    const { db, clock, signedIn } = await anApp();
    const { manager, reports, session } = await aTeamWithNeeds(db, { reports: 2, seats: 3 });
    const client = await signedIn(manager);
    const address = await planFor(client);
    const first = visibleText(await (await client.get(address)).text());

    // A new report with a need, and a seat booked by someone else: the stored plan stays as it was.
    clock.advance(HOUR);
    const [need] = await db.select().from(schema.assignments).limit(1);
    const newcomer = await aPerson(db, { department: reports[0].departmentId, manager, name: "Nina Newcomer" });
    await anAssignment(db, { person: newcomer, module: need.moduleId, assignedBy: manager, dueAt: need.dueAt });
    const outsider = await aPerson(db);
    await db.insert(schema.bookings).values({
      sessionId: session.id,
      personId: outsider.id,
      bookedById: outsider.id,
      status: "booked",
      createdAt: clock.now(),
      updatedAt: clock.now(),
    });

    const again = visibleText(await (await client.get(address)).text());
    expect(again).not.toContain("Nina Newcomer");
    expect(again).toContain("2 of 2 people with open training get a session");
    expect(first).not.toContain("changed after it was made");
    expect(again).toContain("1 session in this plan changed after it was made");
    expect(await db.select().from(schema.plans)).toHaveLength(1);
  });

  it("plans for the reports of one department only, when the manager chooses it", async () => {
    const { db, signedIn } = await anApp();
    const { manager, reports } = await aTeamWithNeeds(db, { reports: 1, seats: 3 });
    const legal = await aDepartment(db, { name: "Legal" });
    const counsel = await aPerson(db, { department: legal, manager, name: "Cora Counsel" });
    const [need] = await db.select().from(schema.assignments).where(eq(schema.assignments.personId, reports[0].id));
    await anAssignment(db, { person: counsel, module: need.moduleId, assignedBy: manager, dueAt: need.dueAt });
    const client = await signedIn(manager);

    const whole = await textOf(await client.get(await planFor(client)));
    expect(whole).toContain("Cora Counsel");
    expect(whole).toContain(reports[0].name);
    const narrowed = await textOf(await client.get(await planFor(client, { dept: String(legal.id) })));
    expect(narrowed).toContain("Cora Counsel");
    expect(narrowed).not.toContain(reports[0].name);
    expect(narrowed).toContain("your reports in Legal");
  });

  it("says why someone is not placed when seats run out", async () => {
    const { db, signedIn } = await anApp();
    const { manager, reports } = await aTeamWithNeeds(db, { reports: 3, seats: 1 });
    const client = await signedIn(manager);
    const address = await planFor(client);
    const proposal = await textOf(await client.get(address));
    expect(proposal).toContain("Not placed (2)");
    const placed = reports.filter((r) => proposal.includes(r.name));
    expect(placed).toHaveLength(1);
    // The people left out have a view of their own, each with the reason.
    const notPlaced = await textOf(await client.get(`${address}&group=unplaced`));
    expect(notPlaced).toContain("Not placed this time (2)");
    expect(reports.filter((r) => notPlaced.includes(r.name) && r !== placed[0])).toHaveLength(2);
    expect(notPlaced).not.toContain("Apply ticked bookings");
  });

  it("shows the people not placed straight away when nobody can be placed", async () => {
    const { db, signedIn } = await anApp();
    const { manager, reports, session } = await aTeamWithNeeds(db, { reports: 2, seats: 1 });
    await db
      .update(schema.sessions)
      .set({ status: "cancelled", cancelledAt: TEST_NOW, cancelReason: "Host away" })
      .where(eq(schema.sessions.id, session.id));
    const client = await signedIn(manager);
    const page = await textOf(await client.get(await planFor(client)));
    expect(page).toContain("No bookings to propose");
    expect(page).toContain("Not placed this time (2)");
    expect(reports.every((r) => page.includes(r.name))).toBe(true);
  });

  it("books exactly the ticked lines of the stored plan, as the planner for the manager", async () => {
    const { db, signedIn } = await anApp();
    const { manager, reports, session } = await aTeamWithNeeds(db, { reports: 3, seats: 3 });
    const client = await signedIn(manager);
    const address = await planFor(client);
    const planId = address.split("=")[1];
    const lines = await db.select().from(schema.planLines).orderBy(schema.planLines.id);
    const ticked = lines.slice(0, 2);

    const response = await client.post(address, [
      ["intent", "apply"],
      ["plan", planId],
      ...ticked.map((l): [string, string] => ["line", String(l.id)]),
    ]);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(visibleText(html)).toContain("2 people booked");
    const bookings = await db.select().from(schema.bookings).where(eq(schema.bookings.sessionId, session.id));
    expect(bookings.map((b) => b.personId).sort()).toEqual(ticked.map((l) => l.personId).sort());
    for (const booking of bookings) {
      expect(booking).toMatchObject({
        status: "booked",
        source: "planner",
        bookedById: manager.id,
        createdAt: TEST_NOW,
      });
    }
    const after = await db.select().from(schema.planLines).orderBy(schema.planLines.id);
    expect(after.map((l) => l.state)).toEqual(["booked", "booked", "proposed"]);
    expect(after[0].bookingId).not.toBeNull();
    // The page shows what was booked, and offers only the line still proposed.
    expect(tickable(html)).toEqual([lines[2].id]);
    expect(reports.filter((r) => visibleText(html).includes(r.name))).toHaveLength(3);
    const [audit] = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.entityType, "booking"), eq(schema.auditLog.entityId, bookings[0].id)));
    expect(audit.summary).toContain(`The planner for ${manager.name}`);

    // Applying a line again books nothing more.
    await client.post(address, { intent: "apply", plan: planId, line: String(ticked[0].id) });
    expect(await db.select().from(schema.bookings)).toHaveLength(2);
  });

  it("reports a seat taken meanwhile on its line instead of overbooking or waitlisting", async () => {
    const { db, signedIn } = await anApp();
    const { manager, reports, session } = await aTeamWithNeeds(db, { reports: 1, seats: 1 });
    const client = await signedIn(manager);
    const address = await planFor(client);
    const [line] = await db.select().from(schema.planLines);
    const outsider = await aPerson(db);
    await db
      .insert(schema.bookings)
      .values({ sessionId: session.id, personId: outsider.id, bookedById: outsider.id, status: "booked" });

    const page = await textOf(
      await client.post(address, { intent: "apply", plan: address.split("=")[1], line: String(line.id) }),
    );
    expect(page).toContain("0 people booked; 1 could not be booked");
    expect(page).toContain(`Every seat was taken before ${reports[0].name} could be booked.`);
    const onSession = await db.select().from(schema.bookings).where(eq(schema.bookings.sessionId, session.id));
    expect(onSession).toHaveLength(1);
    const [refused] = await db.select().from(schema.planLines);
    expect(refused.state).toBe("refused");
  });

  it("books nothing from a plan that is not the viewer's", async () => {
    const { db, signedIn } = await anApp();
    const { manager } = await aTeamWithNeeds(db, { reports: 1, seats: 3 });
    const other = await aTeamWithNeeds(db, { reports: 1, seats: 3, department: "Finance" });
    const theirs = await planFor(await signedIn(other.manager));
    const [line] = await db.select().from(schema.planLines);
    const client = await signedIn(manager);
    const response = await client.post("/planner", {
      intent: "apply",
      plan: theirs.split("=")[1],
      line: String(line.id),
    });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain("That plan is no longer kept");
    expect(await db.select().from(schema.bookings)).toHaveLength(0);
    expect(await textOf(await client.get(theirs))).toContain("That plan is no longer kept");
  });

  it("asks for at least one ticked line", async () => {
    const { db, signedIn } = await anApp();
    const { manager } = await aTeamWithNeeds(db, { reports: 1, seats: 1 });
    const client = await signedIn(manager);
    const address = await planFor(client);
    const response = await client.post(address, { intent: "apply", plan: address.split("=")[1] });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain("Tick at least one proposed booking to apply.");
  });

  it("reads a large plan page by page, and applies all of it at once", async () => {
    const { db, signedIn } = await anApp();
    const { manager, reports } = await aTeamWithNeeds(db, { reports: 60, seats: 60 });
    const client = await signedIn(manager);
    const address = await planFor(client);
    const seen: number[] = [];
    const shown = ["Showing 1–25 of 60 people", "Showing 26–50 of 60 people", "Showing 51–60 of 60 people"];
    for (const [i, words] of shown.entries()) {
      const html = await (await client.get(`${address}&group=person&page=${i + 1}`)).text();
      seen.push(...tickable(html));
      expect(visibleText(html)).toContain(words);
    }
    const lines = await db.select().from(schema.planLines);
    expect(seen.sort((a, b) => a - b)).toEqual(lines.map((l) => l.id).sort((a, b) => a - b));
    expect(await textOf(await client.get(`${address}&group=person`))).toContain("Apply all 60 proposed bookings");

    const applied = await textOf(await client.post(address, { intent: "apply-all", plan: address.split("=")[1] }));
    expect(applied).toContain("60 people booked.");
    const booked = await db.select().from(schema.bookings);
    expect(booked.map((b) => b.personId).sort()).toEqual(reports.map((r) => r.id).sort());
  });

  it("keeps the manager's five latest plans and says when an older one is gone", async () => {
    const { db, signedIn } = await anApp();
    const { manager } = await aTeamWithNeeds(db, { reports: 1, seats: 3 });
    const client = await signedIn(manager);
    const addresses: string[] = [];
    for (let i = 0; i < 6; i++) addresses.push(await planFor(client));
    expect(await db.select().from(schema.plans)).toHaveLength(5);
    expect(await textOf(await client.get(addresses[0]))).toContain("That plan is no longer kept");
    const home = await textOf(await client.get("/planner"));
    expect(home).toContain("Your recent plans");
  });
});
