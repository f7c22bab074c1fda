import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema, type Db } from "~/db.server";
import { DAY } from "~/domain/time";
import { testApp, type TestClient } from "../support/app";
import { aDepartment, aKind, aModule, anAssignment, aPerson, type Person } from "../support/builders";
import { TEST_NOW } from "../support/clock";
import { anAttendedSession } from "../support/attendance";
import { fieldValue, textOf, visibleText } from "../support/html";

const PASSWORD = "a long hour-rule password";
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

const moduleFields = (fields: Record<string, string> = {}) => ({
  title: "Two hours on the call line",
  summary: "Listen in on the customer call line.",
  guide: "Listen for the first sentence.",
  ruleKindId: "",
  ruleUnit: "hours",
  requiredCount: "1",
  requiredHours: "2",
  validityDays: "",
  active: "on",
  ...fields,
});

/** An empty company with its admin signed in, and the call line as a session kind. */
async function companyWithAdmin() {
  const app = await testApp();
  const admin = await aPerson(app.db, { name: "Ada Admin", email: "ada@example.com", passwordHash, isAdmin: true });
  const listenIn = await aKind(app.db, { name: "Call-centre listen-in", defaultMinutes: 60 });
  await app.client.signIn(admin.email, PASSWORD);
  return { ...app, admin: app.client, listenIn };
}

async function moduleTitled(db: Db, title: string) {
  const [module] = await db.select().from(schema.serviceModules).where(eq(schema.serviceModules.title, title));
  return module;
}

/** Whether the radio button with this visible label is checked on the page. */
function radioChecked(html: string, label: string): boolean {
  const labels = [...html.matchAll(/<label[^>]*>([\s\S]*?)<\/label>/gi)];
  const match = labels.find((m) => visibleText(m[1]) === label);
  if (!match) throw new Error(`No label "${label}"`);
  return /<input[^>]*type="radio"[^>]*checked/i.test(match[1]);
}

const HOURS_LABEL = "Hours of attended time — each session counts for its length";
const SESSIONS_LABEL = "Attended sessions — each session counts once";

describe("an admin's module form with a rule counted in hours", () => {
  it("adds a module counted in hours and shows the rule in words on the list and the module's page", async () => {
    const { db, admin, listenIn } = await companyWithAdmin();
    const response = await admin.post("/admin/modules/new", moduleFields({ ruleKindId: String(listenIn.id) }));
    expect(response.status).toBe(302);
    const module = await moduleTitled(db, "Two hours on the call line");
    expect(module).toMatchObject({ requiredMinutes: 120, requiredCount: 2, ruleKindId: listenIn.id });

    expect(await textOf(await admin.get("/admin/modules"))).toContain("2 hours of attended call-centre listen-ins");
    const page = await (await admin.get(`/admin/modules/${module.id}`)).text();
    expect(visibleText(page)).toContain("2 hours of attended call-centre listen-ins.");
    expect(radioChecked(page, HOURS_LABEL)).toBe(true);
    expect(radioChecked(page, SESSIONS_LABEL)).toBe(false);
    expect(fieldValue(page, "Hours needed")).toBe("2");
  });

  it("refuses hours that are not whole or half hours, or too many, with the message and everything typed kept", async () => {
    const { db, admin } = await companyWithAdmin();
    const cases = [
      ["1.25", "Give the hours in whole or half hours, for example 2 or 1.5."],
      ["0", "It takes more than 0 hours."],
      ["250", "Ask for at most 200 hours."],
      ["", "Say how many hours it takes, for example 2 or 1.5."],
    ] as const;
    for (const [hours, message] of cases) {
      const response = await admin.post(
        "/admin/modules/new",
        moduleFields({ requiredHours: hours, guide: "My careful guide" }),
      );
      expect(response.status, hours).toBe(400);
      const html = await response.text();
      expect(visibleText(html), hours).toContain(message);
      expect(fieldValue(html, "Hours needed")).toBe(hours);
      expect(fieldValue(html, "Title")).toBe("Two hours on the call line");
      expect(fieldValue(html, "Guide")).toBe("My careful guide");
      expect(radioChecked(html, HOURS_LABEL)).toBe(true);
    }
    expect(await moduleTitled(db, "Two hours on the call line")).toBeUndefined();
  });

  it("reads only the box of the chosen way of counting, and accepts half hours", async () => {
    const { db, admin } = await companyWithAdmin();
    const bySessions = await admin.post(
      "/admin/modules/new",
      moduleFields({ title: "Two listen-ins", ruleUnit: "sessions", requiredCount: "2", requiredHours: "lots" }),
    );
    expect(bySessions.status).toBe(302);
    expect(await moduleTitled(db, "Two listen-ins")).toMatchObject({ requiredCount: 2, requiredMinutes: null });

    const halves = await admin.post("/admin/modules/new", moduleFields({ requiredHours: "1.5", requiredCount: "x" }));
    expect(halves.status).toBe(302);
    expect(await moduleTitled(db, "Two hours on the call line")).toMatchObject({ requiredMinutes: 90 });
  });

  it("switches a module from sessions to hours and back, recording the rule change", async () => {
    const { db, admin, listenIn } = await companyWithAdmin();
    await admin.post("/admin/modules/new", moduleFields({ ruleUnit: "sessions", ruleKindId: String(listenIn.id) }));
    const module = await moduleTitled(db, "Two hours on the call line");
    const toHours = await admin.post(`/admin/modules/${module.id}`, moduleFields({ ruleKindId: String(listenIn.id) }));
    expect(toHours.status).toBe(302);
    expect(await moduleTitled(db, "Two hours on the call line")).toMatchObject({ requiredMinutes: 120 });
    const [audit] = await db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "module.rule_changed"));
    expect(audit.summary).toContain(
      'rule "1 attended call-centre listen-in" → "2 hours of attended call-centre listen-ins"',
    );

    const back = await admin.post(
      `/admin/modules/${module.id}`,
      moduleFields({ ruleUnit: "sessions", requiredCount: "3", ruleKindId: String(listenIn.id) }),
    );
    expect(back.status).toBe(302);
    expect(await moduleTitled(db, "Two hours on the call line")).toMatchObject({
      requiredMinutes: null,
      requiredCount: 3,
    });
  });
});

describe("My progress for a rule counted in hours", () => {
  /** A listen-in of `minutes` the person attended, `day` days before now, confirmed by its host. */
  const attended = (db: Db, person: Person, kindId: number, day: number, minutes: number) =>
    anAttendedSession(db, { person, kind: kindId, startsAt: TEST_NOW - day * DAY, minutes });

  async function shadowWithHours() {
    const app = await testApp();
    const manager = await aPerson(app.db, {
      name: "Mia Manager",
      email: "mia@example.com",
      passwordHash,
      isManager: true,
      timeZone: "UTC",
    });
    const listenIn = await aKind(app.db, { name: "Call-centre listen-in", defaultMinutes: 15 });
    const module = await aModule(app.db, {
      title: "Two hours on the call line",
      kind: listenIn,
      requiredCount: 8,
      requiredMinutes: 120,
    });
    const person = await aPerson(app.db, {
      name: "Sam Shadow",
      email: "sam@example.com",
      passwordHash,
      department: await aDepartment(app.db),
      manager,
      timeZone: "UTC",
    });
    await anAssignment(app.db, { person, module, dueAt: TEST_NOW + 30 * DAY });
    await app.client.signIn(person.email, PASSWORD);
    return { ...app, person, manager, listenIn, module, shadow: app.client as TestClient };
  }

  it("shows which sessions counted, how long each was, and the time so far against the target", async () => {
    const { db, person, listenIn, shadow } = await shadowWithHours();
    await attended(db, person, listenIn.id, 3, 60);
    await attended(db, person, listenIn.id, 2, 15);
    const html = await (await shadow.get("/progress")).text();
    const text = visibleText(html);
    expect(text).toContain("To complete: 2 hours of attended call-centre listen-ins.");
    expect(text).toContain("1 h 15 min of 2 h counted so far");
    // Most recent first, each with its own length.
    expect(text).toMatch(
      /Call-centre listen-in ?, Sat 27 Feb, 09:00–09:15 — counts 15 min Call-centre listen-in ?, Fri 26 Feb, 09:00–10:00 — counts 1 h Due/,
    );
    expect(html).toContain('aria-label="1 h 15 min of 2 h counted"');
  });

  it("reads done once the attended time reaches the target", async () => {
    const { db, person, listenIn, shadow } = await shadowWithHours();
    for (let day = 1; day <= 8; day++) await attended(db, person, listenIn.id, day, 15);
    const text = await textOf(await shadow.get("/progress"));
    expect(text).toContain("2 h of 2 h counted so far");
    expect(text).toContain("1 of 1 module done");
    expect(text.match(/counts 15 min/g)).toHaveLength(8);
  });

  it("shows the person's manager the time so far against the target", async () => {
    const { db, person, manager, listenIn, shadow } = await shadowWithHours();
    await attended(db, person, listenIn.id, 3, 60);
    await attended(db, person, listenIn.id, 2, 15);
    const managerClient = shadow.another();
    await managerClient.signIn(manager.email, PASSWORD);
    const text = await textOf(await managerClient.get(`/team/${person.id}`));
    expect(text).toContain("2 hours of attended call-centre listen-ins");
    expect(text).toContain("1 h 15 min of 2 h counted");
  });
});
