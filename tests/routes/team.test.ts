import { and, eq, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema, type Db } from "~/db.server";
import { addDays, DAY, dayOf, HOUR } from "~/domain/time";
import { signOffManually } from "~/models/completion.server";
import { testApp, TEST_NOW, type TestClient } from "../support/app";
import { aDepartment, aKind, aModule, anAssignment, aPerson, aSession, type Person } from "../support/builders";
import { fieldValue, textOf, visibleText } from "../support/html";

const PASSWORD = "a long team password";
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

/**
 * Beatrice manages Liam (who manages Alice), Bob and Carol directly; Gina has left. Olga manages
 * Oscar, who sits in Accounting too. Nora manages nobody. Sam hosts sales calls; Hana hosts in Accounting.
 */
async function buildCompany(db: Db) {
  const accounting = await aDepartment(db, { name: "Accounting" });
  const legal = await aDepartment(db, { name: "Legal" });
  const sales = await aDepartment(db, { name: "Sales", kind: "customer_facing" });
  const signIn = (name: string) => ({ email: `${name.toLowerCase()}@example.com`, passwordHash });
  const boss = await aPerson(db, {
    name: "Beatrice Boss",
    ...signIn("Beatrice"),
    department: accounting,
    isManager: true,
    timeZone: "Europe/London",
  });
  const lead = await aPerson(db, {
    name: "Liam Lead",
    ...signIn("Liam"),
    department: accounting,
    manager: boss,
    isManager: true,
    timeZone: "Europe/London",
  });
  const alice = await aPerson(db, {
    name: "Alice Aalto",
    ...signIn("Alice"),
    department: accounting,
    manager: lead,
    timeZone: "Europe/Helsinki",
  });
  const bob = await aPerson(db, {
    name: "Bob Brown",
    department: accounting,
    manager: boss,
    timeZone: "America/New_York",
  });
  const carol = await aPerson(db, { name: "Carol Clark", department: legal, manager: boss, timeZone: "Europe/London" });
  const gina = await aPerson(db, { name: "Gina Gone", department: accounting, manager: boss, active: false });
  const olga = await aPerson(db, { name: "Olga Other", ...signIn("Olga"), department: legal, isManager: true });
  const oscar = await aPerson(db, { name: "Oscar Outsider", department: accounting, manager: olga });
  const nora = await aPerson(db, { name: "Nora Nobody", ...signIn("Nora"), department: legal, isManager: true });
  const admin = await aPerson(db, { name: "Ada Admin", ...signIn("Ada"), department: legal, isAdmin: true });
  const sam = await aPerson(db, { name: "Sam Seller", department: sales, isHost: true });
  const hana = await aPerson(db, { name: "Hana Host", department: accounting, isHost: true });
  const salesCall = await aKind(db, { name: "Sales call" });
  const sitIn = await aModule(db, { title: "Sit in on a sales call", kind: salesCall, reflectionRequired: true });
  return {
    accounting,
    legal,
    sales,
    boss,
    lead,
    alice,
    bob,
    carol,
    gina,
    olga,
    oscar,
    nora,
    admin,
    sam,
    hana,
    salesCall,
    sitIn,
  };
}

/** This test's own app and company, with a way to sign in as anyone in it. */
async function aCompany() {
  const app = await testApp();
  const org = await buildCompany(app.db);
  const signedIn = async (person: Person): Promise<TestClient> => {
    const client = app.client.another();
    await client.signIn(person.email, PASSWORD);
    return client;
  };
  const liveAssignments = (moduleId: number) =>
    app.db
      .select()
      .from(schema.assignments)
      .where(and(eq(schema.assignments.moduleId, moduleId), ne(schema.assignments.status, "withdrawn")));
  const count = async (table: typeof schema.assignments | typeof schema.auditLog | typeof schema.completions) =>
    (await app.db.select().from(table)).length;
  return { ...app, org, signedIn, liveAssignments, count };
}

/** Follows a redirect and returns the words of the page it lands on, with its one-time notice. */
async function follow(client: TestClient, response: Response): Promise<string> {
  expect(response.status).toBe(302);
  const page = await client.get(response.headers.get("Location") ?? "/");
  expect(page.status).toBe(200);
  return textOf(page);
}

describe("the team matrix", () => {
  it("shows a manager their direct and indirect reports and nobody else", async () => {
    const { db, org, signedIn } = await aCompany();
    await aModule(db, { title: "Everyone's module", core: true });
    const client = await signedIn(org.boss);
    const response = await client.get("/team");
    expect(response.status).toBe(200);
    const page = await textOf(response);
    for (const name of ["Liam Lead", "Alice Aalto", "Bob Brown", "Carol Clark"]) expect(page).toContain(name);
    for (const name of ["Oscar Outsider", "Olga Other", "Gina Gone", "Nora Nobody", "Sam Seller"]) {
      expect(page).not.toContain(name);
    }

    const direct = await textOf(await client.get("/team?direct=1"));
    for (const name of ["Liam Lead", "Bob Brown", "Carol Clark"]) expect(direct).toContain(name);
    expect(direct).not.toContain("Alice Aalto");
  });

  it("shows a middle manager only the people below them", async () => {
    const { db, org, signedIn } = await aCompany();
    await aModule(db, { title: "Everyone's module", core: true });
    const page = await textOf(await (await signedIn(org.lead)).get("/team"));
    expect(page).toContain("Alice Aalto");
    expect(page).not.toContain("Bob Brown");
    expect(page).not.toContain("Carol Clark");
  });

  it("gives an employee a 403 on every team page, in the rule's words", async () => {
    const { org, signedIn, count } = await aCompany();
    const client = await signedIn(org.alice);
    const team = await client.get("/team");
    expect(team.status).toBe(403);
    expect(await textOf(team)).toContain("The team pages are for managers.");
    expect((await client.get("/team/assign")).status).toBe(403);
    expect((await client.get(`/team/${org.bob.id}`)).status).toBe(403);
    const before = await count(schema.assignments);
    const post = await client.post("/team/assign", {
      moduleId: org.sitIn.id,
      dueOn: addDays(dayOf(TEST_NOW, "UTC"), 10),
      everyone: "1",
    });
    expect(post.status).toBe(403);
    expect(await count(schema.assignments)).toBe(before);
  });

  it("tells a manager with no reports what to do next", async () => {
    const { org, signedIn } = await aCompany();
    const page = await textOf(await (await signedIn(org.nora)).get("/team"));
    expect(page).toContain("Nobody reports to you yet");
    expect(page).toContain("Assign a module");
  });

  it("says each standing in words, with the date beside it", async () => {
    const { db, org, signedIn } = await aCompany();
    const module = await aModule(db, { title: "Matrix words module" });
    await anAssignment(db, {
      person: org.carol,
      module,
      assignedBy: org.boss,
      dueOn: "2020-01-10",
      dueAt: Date.UTC(2020, 0, 11),
    });
    const page = await textOf(await (await signedIn(org.boss)).get("/team"));
    expect(page).toContain("Matrix words module");
    expect(page).toContain("Overdue was due 10 Jan 2020");
    expect(page).toContain("Not assigned");
    // The overdue list names the person, the module, the due day and how late.
    expect(page).toMatch(/Carol Clark \d+ days late Matrix words module · was due Fri 10 Jan 2020/);
  });
});

describe("assigning a module", () => {
  it("gives everyone in a department one assignment, skips who already has it, and audits each", async () => {
    const { db, org, signedIn, liveAssignments, count } = await aCompany();
    const client = await signedIn(org.boss);
    const existing = await anAssignment(db, {
      person: org.bob,
      module: org.sitIn,
      assignedBy: org.boss,
      dueOn: "2031-05-01",
      dueAt: Date.UTC(2031, 4, 2, 4),
    });
    const auditsBefore = await count(schema.auditLog);
    const dueOn = addDays(dayOf(TEST_NOW, "Europe/London"), 14);

    const response = await client.post("/team/assign", {
      moduleId: org.sitIn.id,
      dueOn,
      departmentId: org.accounting.id,
    });
    expect(response.headers.get("Location")).toBe("/team");
    const page = await follow(client, response);
    expect(page).toContain("to 2 people");
    expect(page).toContain("1 person already had this module assigned — left as it was.");

    const live = await liveAssignments(org.sitIn.id);
    // Liam and Alice are Beatrice's reports in Accounting; Oscar sits there too but reports to Olga.
    expect(live.map((a) => a.personId).sort()).toEqual([org.lead.id, org.alice.id, org.bob.id].sort());
    const kept = live.find((a) => a.id === existing.id);
    expect(kept?.dueOn).toBe("2031-05-01");
    const created = live.filter((a) => a.id !== existing.id);
    expect(created.every((a) => a.dueOn === dueOn && a.assignedById === org.boss.id && a.status === "open")).toBe(true);

    const audits = await db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "assignment.created"));
    expect(audits.map((a) => a.entityId).sort()).toEqual(created.map((a) => a.id).sort());
    expect(audits.every((a) => a.actorId === org.boss.id)).toBe(true);
    expect(await count(schema.auditLog)).toBe(auditsBefore + 2);
  });

  it("sets the due instant to the end of the due day in each assignee's own time zone", async () => {
    const { db, org, signedIn, liveAssignments } = await aCompany();
    const module = await aModule(db, { title: "Time zone module" });
    const client = await signedIn(org.boss);
    const response = await client.post("/team/assign", [
      ["moduleId", module.id],
      ["dueOn", "2030-01-15"],
      ["personIds", org.alice.id],
      ["personIds", org.bob.id],
    ]);
    expect(response.status).toBe(302);
    const rows = await liveAssignments(module.id);
    const dueAtOf = (person: Person) => rows.find((a) => a.personId === person.id)?.dueAt;
    // Helsinki is UTC+2 in January, New York UTC−5: each one's 15 January ends at their own midnight.
    expect(dueAtOf(org.alice)).toBe(Date.UTC(2030, 0, 15, 22, 0));
    expect(dueAtOf(org.bob)).toBe(Date.UTC(2030, 0, 16, 5, 0));
    expect(rows.every((a) => a.dueOn === "2030-01-15")).toBe(true);
  });

  it("refuses a past due date, a missing module or nobody chosen with sentences, and writes nothing", async () => {
    const { org, signedIn, count } = await aCompany();
    const client = await signedIn(org.boss);
    const before = { assignments: await count(schema.assignments), audit: await count(schema.auditLog) };
    const yesterday = addDays(dayOf(TEST_NOW, "Europe/London"), -1);

    const past = await client.post("/team/assign", { moduleId: org.sitIn.id, dueOn: yesterday, everyone: "1" });
    expect(past.status).toBe(400);
    const pastHtml = await past.text();
    expect(visibleText(pastHtml)).toContain("Nothing was assigned. Check the field marked below.");
    expect(visibleText(pastHtml)).toContain("The due date can't be in the past — choose today or a later day.");
    // What was typed stays in the form.
    expect(fieldValue(pastHtml, "Due date")).toBe(yesterday);

    const noModule = await client.post("/team/assign", { moduleId: "", dueOn: addDays(yesterday, 20), everyone: "1" });
    expect(noModule.status).toBe(400);
    expect(await textOf(noModule)).toContain("Choose a module to assign.");

    const nobody = await client.post("/team/assign", { moduleId: org.sitIn.id, dueOn: addDays(yesterday, 20) });
    expect(nobody.status).toBe(400);
    expect(await textOf(nobody)).toContain("Choose at least one person, or a department.");

    // An empty form names every missing piece at once.
    const empty = await client.post("/team/assign", {});
    expect(empty.status).toBe(400);
    const emptyText = await textOf(empty);
    expect(emptyText).toContain("Nothing was assigned. Check the fields marked below.");
    for (const sentence of [
      "Choose a module to assign.",
      "Choose the day it is due.",
      "Choose at least one person, or a department.",
    ]) {
      expect(emptyText).toContain(sentence);
    }

    expect(await count(schema.assignments)).toBe(before.assignments);
    expect(await count(schema.auditLog)).toBe(before.audit);
  });

  it("refuses to assign to someone who doesn't report to the manager", async () => {
    const { org, signedIn, count } = await aCompany();
    const client = await signedIn(org.boss);
    const before = await count(schema.assignments);
    const response = await client.post("/team/assign", [
      ["moduleId", org.sitIn.id],
      ["dueOn", "2030-02-01"],
      ["personIds", org.oscar.id],
    ]);
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain(
      "You can assign modules only to people who report to you, so not to Oscar Outsider.",
    );
    expect(await count(schema.assignments)).toBe(before);
  });

  it("marks the assignment done at once when the person already holds the module", async () => {
    const { db, org, signedIn, liveAssignments } = await aCompany();
    const module = await aModule(db, { title: "Already held module" });
    const signedOff = await signOffManually(db, {
      personId: org.carol.id,
      moduleId: module.id,
      actorId: org.boss.id,
      reason: "Ran the complaints desk for two years.",
      now: TEST_NOW,
    });
    expect(signedOff.ok).toBe(true);
    const client = await signedIn(org.boss);
    const response = await client.post("/team/assign", [
      ["moduleId", module.id],
      ["dueOn", "2030-03-01"],
      ["personIds", org.carol.id],
    ]);
    expect(await follow(client, response)).toContain("1 of them already holds it, so it is marked done.");
    const [assignment] = await liveAssignments(module.id);
    expect(assignment.status).toBe("completed");
    expect(assignment.completionId).not.toBeNull();
  });

  it("lets an admin assign to any department's active people", async () => {
    const { db, org, signedIn, liveAssignments } = await aCompany();
    const module = await aModule(db, { title: "Admin department module" });
    const client = await signedIn(org.admin);
    const response = await client.post("/team/assign", {
      moduleId: module.id,
      dueOn: "2030-04-01",
      departmentId: org.accounting.id,
    });
    expect(response.status).toBe(302);
    const ids = (await liveAssignments(module.id)).map((a) => a.personId).sort();
    expect(ids).toEqual([org.boss.id, org.lead.id, org.alice.id, org.bob.id, org.oscar.id, org.hana.id].sort());
  });

  it("ticks the person named in the link, and returns to their page", async () => {
    const { db, org, signedIn, liveAssignments } = await aCompany();
    const module = await aModule(db, { title: "Linked module" });
    const client = await signedIn(org.boss);
    const form = await client.get(`/team/assign?person=${org.alice.id}&module=${module.id}`);
    expect(form.status).toBe(200);
    const html = await form.text();
    const box = (personId: number) =>
      html
        .match(/<input[^>]*>/g)
        ?.find((input) => input.includes('name="personIds"') && input.includes(`value="${personId}"`));
    expect(box(org.alice.id)).toContain("checked");
    expect(box(org.bob.id)).not.toContain("checked");
    expect(html).toContain(`value="/team/${org.alice.id}"`);

    const response = await client.post("/team/assign", [
      ["moduleId", module.id],
      ["dueOn", "2030-05-01"],
      ["personIds", org.alice.id],
      ["returnTo", `/team/${org.alice.id}`],
    ]);
    expect(response.headers.get("Location")).toBe(`/team/${org.alice.id}`);
    expect((await liveAssignments(module.id)).map((a) => a.personId)).toEqual([org.alice.id]);
  });
});

describe("a report's page", () => {
  it("shows a report's modules and bookings to their manager, and 404 for an unknown person", async () => {
    const { db, org, signedIn } = await aCompany();
    await anAssignment(db, { person: org.alice, module: org.sitIn, assignedBy: org.boss });
    const client = await signedIn(org.boss);
    const response = await client.get(`/team/${org.alice.id}`);
    expect(response.status).toBe(200);
    const page = await textOf(response);
    expect(page).toContain("Alice Aalto");
    expect(page).toContain("Sit in on a sales call");
    expect(page).toContain("1 attended sales call, with a reflection");
    expect((await client.get("/team/99999")).status).toBe(404);
    expect((await client.get("/team/not-a-person")).status).toBe(404);
  });

  it("is 403 for another manager's report, with the reason, but open to an admin", async () => {
    const { org, signedIn } = await aCompany();
    const refused = await (await signedIn(org.olga)).get(`/team/${org.alice.id}`);
    expect(refused.status).toBe(403);
    expect(await textOf(refused)).toContain(
      "This person isn't one of your reports, so you can't see or change their training.",
    );
    expect((await (await signedIn(org.boss)).get(`/team/${org.oscar.id}`)).status).toBe(403);
    expect((await (await signedIn(org.admin)).get(`/team/${org.oscar.id}`)).status).toBe(200);
  });

  it("needs a reason for a manual sign-off, then keeps it on the record", async () => {
    const { db, org, signedIn, liveAssignments, count } = await aCompany();
    const module = await aModule(db, { title: "Sign-off module" });
    await anAssignment(db, { person: org.alice, module, assignedBy: org.boss });
    const client = await signedIn(org.boss);
    const completionsBefore = await count(schema.completions);

    const blank = await client.post(`/team/${org.alice.id}`, {
      intent: "sign-off",
      moduleId: module.id,
      reason: "   ",
    });
    expect(blank.status).toBe(400);
    expect(await textOf(blank)).toContain("Say why you are signing this off, for the record.");
    expect(await count(schema.completions)).toBe(completionsBefore);

    const reason = "Shadowed the care line for a week during onboarding.";
    const signed = await client.post(`/team/${org.alice.id}`, {
      intent: "sign-off",
      moduleId: module.id,
      reason,
      confirm: "1",
    });
    expect(signed.headers.get("Location")).toBe(`/team/${org.alice.id}`);
    expect(await follow(client, signed)).toContain('Signed off "Sign-off module" for Alice Aalto.');
    const [completion] = await db
      .select()
      .from(schema.completions)
      .where(and(eq(schema.completions.personId, org.alice.id), eq(schema.completions.moduleId, module.id)));
    expect(completion).toMatchObject({ source: "manual", manualReason: reason, signedOffById: org.boss.id });
    const [assignment] = await liveAssignments(module.id);
    expect(assignment.status).toBe("completed");
  });

  it("keeps the reason typed when a sign-off is refused", async () => {
    const { db, org, signedIn, count } = await aCompany();
    const module = await aModule(db, { title: "Long-winded module" });
    await anAssignment(db, { person: org.alice, module, assignedBy: org.boss });
    const reason = "Ran the install desk for a year. ".repeat(40);
    const refused = await (
      await signedIn(org.boss)
    ).post(`/team/${org.alice.id}`, {
      intent: "sign-off",
      moduleId: module.id,
      reason,
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(visibleText(html)).toContain("Keep the reason to at most 1000 characters.");
    expect(fieldValue(html, "Reason")).toBe(reason);
    expect(await count(schema.completions)).toBe(0);
  });

  it("refuses another manager's sign-off with a 403 and writes nothing", async () => {
    const { org, signedIn, count } = await aCompany();
    const before = await count(schema.completions);
    const response = await (
      await signedIn(org.olga)
    ).post(`/team/${org.alice.id}`, {
      intent: "sign-off",
      moduleId: org.sitIn.id,
      reason: "Trying my luck.",
    });
    expect(response.status).toBe(403);
    expect(await count(schema.completions)).toBe(before);
  });

  it("withdraws an open assignment after asking, and keeps the record", async () => {
    const { db, org, signedIn } = await aCompany();
    const module = await aModule(db, { title: "Withdrawn module" });
    const assignment = await anAssignment(db, { person: org.bob, module, assignedBy: org.boss });
    const client = await signedIn(org.boss);

    const confirm = await textOf(await client.get(`/team/${org.bob.id}?withdraw=${assignment.id}`));
    expect(confirm).toContain("Yes, withdraw it");
    expect(confirm).toContain("Withdraw “Withdrawn module”?");

    const response = await client.post(`/team/${org.bob.id}`, { intent: "withdraw", assignmentId: assignment.id });
    expect(await follow(client, response)).toContain('Withdrew "Withdrawn module" from Bob Brown.');
    const [row] = await db.select().from(schema.assignments).where(eq(schema.assignments.id, assignment.id));
    expect(row.status).toBe("withdrawn");
    expect(row.withdrawnAt).toBe(TEST_NOW);
    const audits = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, "assignment.withdrawn"), eq(schema.auditLog.entityId, assignment.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0].actorId).toBe(org.boss.id);
  });

  it("withdraws only from the person whose page it is, and never a done assignment", async () => {
    const { db, org, signedIn } = await aCompany();
    const module = await aModule(db, { title: "Someone else's module" });
    const carols = await anAssignment(db, { person: org.carol, module, assignedBy: org.boss });
    const client = await signedIn(org.boss);
    const elsewhere = await client.post(`/team/${org.bob.id}`, { intent: "withdraw", assignmentId: carols.id });
    expect(elsewhere.status).toBe(400);
    expect(await textOf(elsewhere)).toContain("That assignment doesn't exist.");

    await signOffManually(db, {
      personId: org.carol.id,
      moduleId: module.id,
      actorId: org.boss.id,
      reason: "Covered it in her previous role.",
      now: TEST_NOW,
    });
    const done = await client.post(`/team/${org.carol.id}`, { intent: "withdraw", assignmentId: carols.id });
    expect(done.status).toBe(400);
    expect(await textOf(done)).toContain("This assignment is already complete, so it stays on record.");
    const [row] = await db.select().from(schema.assignments).where(eq(schema.assignments.id, carols.id));
    expect(row.status).toBe("completed");
  });
});

describe("booking a report onto a session", () => {
  it("books a report, recorded as the manager's booking, and says so on the report's page", async () => {
    const { db, org, signedIn } = await aCompany();
    const session = await aSession(db, {
      kind: org.salesCall,
      host: org.sam,
      startsAt: TEST_NOW + 3 * DAY,
      endsAt: TEST_NOW + 3 * DAY + HOUR,
    });
    const client = await signedIn(org.boss);
    const form = await client.get(`/team/book/${session.id}?person=${org.alice.id}`);
    expect(form.status).toBe(200);
    expect(await textOf(form)).toContain("Sales call with Sam Seller");

    const response = await client.post(`/team/book/${session.id}`, { personId: org.alice.id });
    expect(response.headers.get("Location")).toBe(`/team/${org.alice.id}`);
    expect(await follow(client, response)).toContain("Alice Aalto is booked.");
    const [booking] = await db
      .select()
      .from(schema.bookings)
      .where(and(eq(schema.bookings.sessionId, session.id), eq(schema.bookings.personId, org.alice.id)));
    expect(booking).toMatchObject({ status: "booked", source: "manager", bookedById: org.boss.id });
  });

  it("gives the refusal sentence, with the person's name, for their own department's session", async () => {
    const { db, org, signedIn } = await aCompany();
    const session = await aSession(db, {
      kind: org.salesCall,
      host: org.hana,
      startsAt: TEST_NOW + 4 * DAY,
      endsAt: TEST_NOW + 4 * DAY + HOUR,
    });
    const before = (await db.select().from(schema.bookings)).length;
    const response = await (await signedIn(org.boss)).post(`/team/book/${session.id}`, { personId: org.bob.id });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain("Bob Brown can't shadow their own department's work.");
    expect((await db.select().from(schema.bookings)).length).toBe(before);
  });

  it("asks who to book when nobody is chosen", async () => {
    const { db, org, signedIn } = await aCompany();
    const session = await aSession(db, { kind: org.salesCall, host: org.sam });
    const response = await (await signedIn(org.boss)).post(`/team/book/${session.id}`, { personId: "" });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain("Choose who to book.");
    expect(await db.select().from(schema.bookings)).toEqual([]);
  });

  it("says bookings are closed once the session has started", async () => {
    const { db, org, signedIn } = await aCompany();
    const session = await aSession(db, {
      kind: org.salesCall,
      host: org.sam,
      startsAt: TEST_NOW - HOUR,
      endsAt: TEST_NOW + HOUR,
    });
    const page = await textOf(await (await signedIn(org.boss)).get(`/team/book/${session.id}`));
    expect(page).toContain("Bookings are closed");
  });

  it("is 404 for a session that doesn't exist", async () => {
    const { org, signedIn } = await aCompany();
    expect((await (await signedIn(org.boss)).get("/team/book/99999")).status).toBe(404);
  });
});
