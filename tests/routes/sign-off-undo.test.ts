/**
 * Undoing a manager's sign-off by hand: an admin may undo any, the manager who signed it off
 * their own; the completion ends (the record stays), the assignment goes back to where it stood,
 * and the audit log says who undid it, when and why. Everyone else is refused in words.
 */
import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema, type Db } from "~/db.server";
import { HOUR } from "~/domain/time";
import { testApp, TEST_NOW, type TestClient } from "../support/app";
import { aDepartment, aKind, aModule, anAssignment, aPerson, aSession, type Person } from "../support/builders";
import { fieldValue, textOf, visibleText } from "../support/html";

const PASSWORD = "a long undoing password";
const passwordHash = await hashPassword(PASSWORD);
const SIGN_OFF_REASON = "Ran the care line for two years before moving to Accounting.";

/**
 * Beatrice manages Liam, who manages Alice; Olga manages Oscar; Ada is an admin. Alice has
 * "Care line basics" assigned, due a week ago, so it is overdue until someone signs it off.
 */
async function aCompany() {
  const app = await testApp({ now: TEST_NOW });
  const { db } = app;
  const accounting = await aDepartment(db, { name: "Accounting" });
  const login = (name: string) => ({ email: `${name}@example.com`, passwordHash });
  const boss = await aPerson(db, {
    name: "Beatrice Boss",
    ...login("beatrice"),
    department: accounting,
    isManager: true,
  });
  const lead = await aPerson(db, {
    name: "Liam Lead",
    ...login("liam"),
    department: accounting,
    manager: boss,
    isManager: true,
  });
  const alice = await aPerson(db, { name: "Alice Aalto", ...login("alice"), department: accounting, manager: lead });
  const olga = await aPerson(db, { name: "Olga Other", ...login("olga"), department: accounting, isManager: true });
  const admin = await aPerson(db, { name: "Ada Admin", ...login("ada"), department: accounting, isAdmin: true });
  const listenIn = await aKind(db, { name: "Call-centre listen-in" });
  const module = await aModule(db, { title: "Care line basics", kind: listenIn, requiredCount: 1 });
  const dueAt = TEST_NOW - 7 * 24 * HOUR;
  const assignment = await anAssignment(db, {
    person: alice,
    module,
    assignedBy: lead,
    dueAt,
    dueOn: new Date(dueAt - 1).toISOString().slice(0, 10),
  });
  const signedIn = async (person: Person): Promise<TestClient> => {
    const client = app.client.another();
    await client.signIn(person.email, PASSWORD);
    return client;
  };
  /** Signs Alice's module off through the page, confirmed, as `by`; returns the completion. */
  const signOff = async (by: Person) => {
    const client = await signedIn(by);
    const response = await client.post(`/team/${alice.id}`, {
      intent: "sign-off",
      moduleId: module.id,
      reason: SIGN_OFF_REASON,
      confirm: "1",
    });
    expect(response.status).toBe(302);
    const [completion] = await db
      .select()
      .from(schema.completions)
      .where(and(eq(schema.completions.personId, alice.id), eq(schema.completions.source, "manual")))
      .orderBy(desc(schema.completions.id));
    return completion;
  };
  return { ...app, boss, lead, alice, olga, admin, listenIn, module, assignment, signedIn, signOff };
}

async function assignmentRow(db: Db, id: number) {
  const [row] = await db.select().from(schema.assignments).where(eq(schema.assignments.id, id));
  return row;
}

async function completionRow(db: Db, id: number) {
  const [row] = await db.select().from(schema.completions).where(eq(schema.completions.id, id));
  return row;
}

/** The module's line on Alice's team page, in words. */
async function standingOnPage(client: TestClient, personId: number): Promise<string> {
  const words = await textOf(await client.get(`/team/${personId}`));
  const at = words.indexOf("Care line basics");
  return words.slice(at, at + 60);
}

describe("an admin undoes a sign-off", () => {
  it("asks first, then ends the completion, reopens the assignment as before and writes who, when and why", async () => {
    const { db, alice, lead, admin, assignment, signedIn, signOff, clock } = await aCompany();
    const adminClient = await signedIn(admin);
    expect(await standingOnPage(adminClient, alice.id)).toContain("Overdue");
    const completion = await signOff(lead);
    expect(await assignmentRow(db, assignment.id)).toMatchObject({ status: "completed", completionId: completion.id });
    expect(await standingOnPage(adminClient, alice.id)).toContain("Done");

    clock.set(TEST_NOW + HOUR);
    const page = await (await adminClient.get(`/team/${alice.id}`)).text();
    expect(page).toContain(`href="/team/${alice.id}?undo=${completion.id}#confirm"`);

    const step = await textOf(await adminClient.get(`/team/${alice.id}?undo=${completion.id}`));
    expect(step).toContain("Undo the sign-off of “Care line basics”?");
    expect(step).toContain(`Signed off by Liam Lead on`);
    expect(step).toContain(SIGN_OFF_REASON);
    expect(step).toContain("opens again as overdue");
    expect(step).toContain("Why are you undoing it? (optional)");
    expect(step).toContain("Yes, undo the sign-off");

    const auditBefore = await db.$count(schema.auditLog);
    const unconfirmed = await adminClient.post(`/team/${alice.id}`, {
      intent: "undo-sign-off",
      completionId: completion.id,
    });
    expect(unconfirmed.status).toBe(200);
    expect(await textOf(unconfirmed)).toContain("Undo the sign-off of “Care line basics”?");
    expect((await completionRow(db, completion.id)).revokedAt).toBeNull();
    expect(await db.$count(schema.auditLog)).toBe(auditBefore);

    const why = "Signed off the wrong module: she worked the sales line, not the care line.";
    const undone = await adminClient.post(`/team/${alice.id}`, {
      intent: "undo-sign-off",
      completionId: completion.id,
      confirm: "1",
      reason: why,
    });
    expect(undone.status).toBe(302);
    expect(await textOf(await adminClient.get(undone.headers.get("Location")!))).toContain(
      'Undid the sign-off of "Care line basics" for Alice Aalto.',
    );

    const ended = await completionRow(db, completion.id);
    expect(ended.revokedAt).toBe(TEST_NOW + HOUR);
    expect(ended.revokedReason).toBe(`The sign-off was undone by Ada Admin: ${why}`);
    expect(await assignmentRow(db, assignment.id)).toMatchObject({ status: "open", completionId: null });
    expect(await standingOnPage(adminClient, alice.id)).toContain("Overdue");
    expect(await textOf(await (await signedIn(alice)).get("/progress"))).toContain("Overdue");

    const [row] = await db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.action, "completion.sign_off_undone"));
    expect(row).toMatchObject({
      actorId: admin.id,
      at: TEST_NOW + HOUR,
      entityType: "completion",
      entityId: completion.id,
    });
    expect(row.summary).toContain('Ada Admin undid the sign-off of "Care line basics" for Alice Aalto');
    expect(row.details).toMatchObject({ reason: why, signedOffById: lead.id, signOffReason: SIGN_OFF_REASON });
    const reopened = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, "assignment.reopened"), eq(schema.auditLog.entityId, assignment.id)));
    expect(reopened).toHaveLength(1);

    // Nothing is left to undo, and saying so twice changes nothing.
    expect(await (await adminClient.get(`/team/${alice.id}`)).text()).not.toContain("?undo=");
    const again = await adminClient.post(`/team/${alice.id}`, {
      intent: "undo-sign-off",
      completionId: completion.id,
      confirm: "1",
    });
    expect(again.status).toBe(400);
    expect(await textOf(again)).toContain("This sign-off has already been undone.");
  });

  it("keeps the module complete when attended sessions meet the rule by the time it is undone", async () => {
    const { db, alice, lead, admin, listenIn, assignment, signedIn, signOff } = await aCompany();
    const completion = await signOff(lead);
    const session = await aSession(db, { kind: listenIn, startsAt: TEST_NOW - 3 * HOUR, endsAt: TEST_NOW - 2 * HOUR });
    const [booking] = await db
      .insert(schema.bookings)
      .values({ sessionId: session.id, personId: alice.id, bookedById: alice.id, status: "attended" })
      .returning();
    const undone = await (
      await signedIn(admin)
    ).post(`/team/${alice.id}`, { intent: "undo-sign-off", completionId: completion.id, confirm: "1" });
    expect(undone.status).toBe(302);
    const [live] = await db
      .select()
      .from(schema.completions)
      .where(and(eq(schema.completions.personId, alice.id), eq(schema.completions.source, "evidence")));
    expect(live).toMatchObject({ evidence: [booking.id], revokedAt: null });
    expect(await assignmentRow(db, assignment.id)).toMatchObject({ status: "completed", completionId: live.id });
    const [row] = await db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.action, "completion.sign_off_undone"));
    expect(row.summary).toContain("(no reason given)");
    expect(row.details).not.toHaveProperty("reason");
  });

  it("refuses a reason that is too long, keeping the step, what was typed and the sign-off", async () => {
    const { db, alice, lead, admin, signedIn, signOff } = await aCompany();
    const completion = await signOff(lead);
    const reason = "Far too much to say about this. ".repeat(40);
    const refused = await (
      await signedIn(admin)
    ).post(`/team/${alice.id}`, { intent: "undo-sign-off", completionId: completion.id, confirm: "1", reason });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(visibleText(html)).toContain("Keep the reason to at most 1000 characters.");
    expect(visibleText(html)).toContain("Undo the sign-off of “Care line basics”?");
    expect(fieldValue(html, "Why are you undoing it? (optional)")).toBe(reason);
    expect((await completionRow(db, completion.id)).revokedAt).toBeNull();
  });

  it("refuses to undo a completion that came from attended sessions", async () => {
    const { db, alice, admin, listenIn, signedIn } = await aCompany();
    const session = await aSession(db, { kind: listenIn, startsAt: TEST_NOW - 3 * HOUR, endsAt: TEST_NOW - 2 * HOUR });
    await db
      .insert(schema.bookings)
      .values({ sessionId: session.id, personId: alice.id, bookedById: alice.id, status: "attended" });
    const [evidence] = await db
      .insert(schema.completions)
      .values({ personId: alice.id, moduleId: (await aModule(db)).id, source: "evidence", completedAt: TEST_NOW })
      .returning();
    const refused = await (
      await signedIn(admin)
    ).post(`/team/${alice.id}`, { intent: "undo-sign-off", completionId: evidence.id, confirm: "1" });
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain("not signed off by hand, so there is no sign-off to undo");
    expect((await completionRow(db, evidence.id)).revokedAt).toBeNull();
  });
});

describe("a manager and their own sign-off", () => {
  it("lets the manager who signed it off undo it", async () => {
    const { db, alice, lead, assignment, signedIn, signOff } = await aCompany();
    const completion = await signOff(lead);
    const client = await signedIn(lead);
    expect(await (await client.get(`/team/${alice.id}`)).text()).toContain(`?undo=${completion.id}`);
    const undone = await client.post(`/team/${alice.id}`, {
      intent: "undo-sign-off",
      completionId: completion.id,
      confirm: "1",
      reason: "Signed off too early.",
    });
    expect(undone.status).toBe(302);
    expect(await assignmentRow(db, assignment.id)).toMatchObject({ status: "open" });
  });

  it("refuses another manager up the line with a 403 in words, and offers them no undo", async () => {
    const { db, alice, lead, boss, signedIn, signOff } = await aCompany();
    const completion = await signOff(lead);
    const client = await signedIn(boss);
    const page = await (await client.get(`/team/${alice.id}`)).text();
    expect(page).not.toContain("?undo=");
    expect(await textOf(await client.get(`/team/${alice.id}?undo=${completion.id}`))).not.toContain(
      "Undo the sign-off of",
    );
    const auditBefore = await db.$count(schema.auditLog);
    for (const confirm of [{}, { confirm: "1" }] as Record<string, string>[]) {
      const refused = await client.post(`/team/${alice.id}`, {
        intent: "undo-sign-off",
        completionId: completion.id,
        ...confirm,
      });
      expect(refused.status).toBe(403);
      expect(await textOf(refused)).toContain(
        "Only an admin, or the manager who signed this module off, can undo the sign-off.",
      );
    }
    expect((await completionRow(db, completion.id)).revokedAt).toBeNull();
    expect(await db.$count(schema.auditLog)).toBe(auditBefore);
  });

  it("refuses a manager of someone else, and the person themselves, with the team pages' words", async () => {
    const { db, alice, lead, olga, signedIn, signOff } = await aCompany();
    const completion = await signOff(lead);
    const undo = { intent: "undo-sign-off", completionId: completion.id, confirm: "1" };
    const byOlga = await (await signedIn(olga)).post(`/team/${alice.id}`, undo);
    expect(byOlga.status).toBe(403);
    expect(await textOf(byOlga)).toContain("This person isn't one of your reports");
    const byAlice = await (await signedIn(alice)).post(`/team/${alice.id}`, undo);
    expect(byAlice.status).toBe(403);
    expect(await textOf(byAlice)).toContain("The team pages are for managers.");
    expect((await completionRow(db, completion.id)).revokedAt).toBeNull();
  });
});

describe("the admin's way to a person's sign-offs", () => {
  it("links the admin's person page to the page where sign-offs are seen and undone", async () => {
    const { alice, admin, signedIn } = await aCompany();
    const html = await (await (await signedIn(admin)).get(`/admin/people/${alice.id}`)).text();
    expect(html).toContain(`href="/team/${alice.id}"`);
    expect(html).toContain("Modules, completions and sign-offs");
  });
});
