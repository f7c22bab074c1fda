/**
 * Clean text and kept years through the real request handler: a form holding a control character,
 * or a date whose instant falls past 9999 in UTC, answers 400 with the sentence beside its field,
 * keeps what was typed, and writes nothing.
 */
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema, type Db } from "~/db.server";
import { testApp, type TestClient } from "../support/app";
import { aDepartment, aKind, aModule, aPerson, type Person } from "../support/builders";
import { fieldValue, textOf, visibleText } from "../support/html";

const PASSWORD = "a long enough password";
let passwordHash: Promise<string> | undefined;

/** A small company of this test's own: an admin, a manager with reports, and hosts far apart. */
async function company() {
  const app = await testApp();
  const { db } = app;
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const care = await aDepartment(db, { name: "Customer Care", kind: "customer_facing" });
  const person = (name: string, fields: Parameters<typeof aPerson>[1] = {}) =>
    aPerson(db, { name, email: `${name.split(" ")[0].toLowerCase()}@example.com`, passwordHash: hash, ...fields });
  const admin = await person("Aino Admin", { department: care, isAdmin: true, timeZone: "UTC" });
  const manager = await person("Maija Manager", { department: care, isManager: true, timeZone: "UTC" });
  const inLondon = await person("Liam London", { department: care, manager, timeZone: "Europe/London" });
  const inKiritimati = await person("Kiri Kiritimati", { department: care, manager, timeZone: "Pacific/Kiritimati" });
  const pagoHost = await person("Pago Host", { department: care, isHost: true, timeZone: "Pacific/Pago_Pago" });
  const kiriHost = await person("Tarawa Host", { department: care, isHost: true, timeZone: "Pacific/Kiritimati" });
  const listenIn = await aKind(db, { name: "Call-centre listen-in", defaultMinutes: 60, onSite: false });
  const module = await aModule(db, { title: "Follow up" });

  async function signedIn(who: Person): Promise<TestClient> {
    const client = app.client.another();
    await client.signIn(who.email, PASSWORD);
    return client;
  }

  function sessionForm(fields: Record<string, string> = {}): Record<string, string> {
    return {
      kindId: String(listenIn.id),
      date: "2027-03-16",
      startTime: "10:00",
      durationMinutes: "",
      meetingUrl: "https://meet.example.com/listen-in",
      seats: "3",
      notes: "Bring a notebook.",
      repeat: "none",
      ...fields,
    };
  }

  return { ...app, admin, manager, inLondon, inKiritimati, pagoHost, kiriHost, module, signedIn, sessionForm };
}

async function rows(db: Db, table: typeof schema.departments | typeof schema.sessions | typeof schema.assignments) {
  const [{ n }] = await db.select({ n: count() }).from(table);
  return n;
}

describe("control characters sent in a form", () => {
  it("refuses a department name holding a NUL, beside the field, and adds nothing", async () => {
    const { db, admin, signedIn } = await company();
    const client = await signedIn(admin);
    const before = await rows(db, schema.departments);
    const response = await client.post("/admin/departments", {
      intent: "create",
      name: "Sales\u0000",
      kind: "customer_facing",
      description: "",
    });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain("Remove the invisible control character from the name.");
    expect(await rows(db, schema.departments)).toBe(before);
  });

  it("refuses a job title turned round by U+202E, and keeps the person's other answers", async () => {
    const { db, admin, signedIn } = await company();
    const department = await aDepartment(db, { name: "Legal" });
    const client = await signedIn(admin);
    const response = await client.post("/admin/people/new", {
      name: "Nina New",
      email: "nina@example.com",
      title: "Agent \u202eexe.fdp",
      departmentId: String(department.id),
      timeZone: "Europe/Helsinki",
      active: "on",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(visibleText(html)).toContain("Remove the invisible control character from the job title.");
    expect(fieldValue(html, "Name")).toBe("Nina New");
    expect(await db.query.people.findFirst({ where: eq(schema.people.email, "nina@example.com") })).toBeUndefined();
  });

  it("refuses a session's notes holding an escape sequence and shows the notes as typed", async () => {
    const { db, kiriHost, signedIn, sessionForm } = await company();
    const client = await signedIn(kiriHost);
    const notes = "Bring a headset.\r\n\u001b[2JSpare batteries.";
    const response = await client.post("/hosting/new", sessionForm({ notes }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(visibleText(html)).toContain("Remove the invisible control character from the notes.");
    expect(fieldValue(html, "Notes for shadows")).toBe(notes);
    expect(await rows(db, schema.sessions)).toBe(0);
  });

  it("refuses a staff file with a BEL in a name, on the line that has it, and imports nobody", async () => {
    const { db, admin, signedIn } = await company();
    const client = await signedIn(admin);
    const csv =
      "name,email,department\nOla Okay,ola@example.com,Customer Care\nAnn\u0007 Lee,ann@example.com,Customer Care\n";
    const response = await client.post("/admin/people/import", { intent: "preview", csv });
    expect(response.status).toBe(400);
    const text = await textOf(response);
    expect(text).toContain("3 Ann\uFFFD Lee ann@example.com Remove the invisible control character from the name.");
    expect(await db.query.people.findFirst({ where: eq(schema.people.email, "ola@example.com") })).toBeUndefined();
  });
});

describe("dates past the years Frontline keeps", () => {
  it("refuses 23:30 on 31 Dec 9999 in Pago Pago, which is already the year 10000 in UTC", async () => {
    const { db, pagoHost, signedIn, sessionForm } = await company();
    const client = await signedIn(pagoHost);
    const response = await client.post("/hosting/new", sessionForm({ date: "9999-12-31", startTime: "23:30" }));
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain(
      "Pick an earlier date: Frontline keeps dates up to the end of 9999, counted in UTC.",
    );
    expect(await rows(db, schema.sessions)).toBe(0);
  });

  it("publishes the same wall time in Kiritimati, where it is still 9999 in UTC", async () => {
    const { db, kiriHost, signedIn, sessionForm } = await company();
    const client = await signedIn(kiriHost);
    const response = await client.post("/hosting/new", sessionForm({ date: "9999-12-31", startTime: "23:30" }));
    expect(response.status).toBe(302);
    const [session] = await db.select().from(schema.sessions);
    expect(new Date(session.startsAt).toISOString()).toBe("9999-12-31T09:30:00.000Z");
  });

  it("refuses a due day of 31 Dec 9999 for someone in London, and assigns nothing", async () => {
    const { db, manager, inLondon, module, signedIn } = await company();
    const client = await signedIn(manager);
    const response = await client.post("/team/assign", {
      moduleId: String(module.id),
      dueOn: "9999-12-31",
      personIds: String(inLondon.id),
    });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain(
      "Pick an earlier due date: Frontline keeps dates up to the end of 9999, counted in UTC.",
    );
    expect(await rows(db, schema.assignments)).toBe(0);
  });

  it("assigns that due day to someone in Kiritimati, whose day ends within 9999", async () => {
    const { db, manager, inKiritimati, module, signedIn } = await company();
    const client = await signedIn(manager);
    const response = await client.post("/team/assign", {
      moduleId: String(module.id),
      dueOn: "9999-12-31",
      personIds: String(inKiritimati.id),
    });
    expect(response.status).toBe(302);
    const [assignment] = await db.select().from(schema.assignments);
    expect(new Date(assignment.dueAt).toISOString()).toBe("9999-12-31T10:00:00.000Z");
  });
});
