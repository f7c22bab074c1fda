import { and, count, eq, inArray, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { DAY, dayOf, localInstant, MINUTE } from "~/domain/time";
import { PEOPLE_PER_PAGE } from "~/models/people.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed";
import { testApp, type TestClient } from "../support/app";
import { TEST_NOW } from "../support/clock";

const account = (label: string) => DEMO_ACCOUNTS.find((a) => a.roleLabel === label)!;
const ADMIN = () => account("Admin");

/** The demo company at TEST_NOW, on a database of this test's own, with its admin signed in. */
async function demoWithAdmin() {
  const app = await testApp({ template: "demo" });
  await app.client.signIn(ADMIN().email, DEMO_PASSWORD);
  return { ...app, admin: app.client };
}

/**
 * The page's text as a reader sees it: React's markers between pieces of one text gone, other
 * tags a space, entities read, runs of spaces one space.
 */
function visibleText(html: string): string {
  const text = html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, " ")
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ");
  return decode(text).replace(/\s+/g, " ").trim();
}

function decode(text: string): string {
  return text
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

async function textOf(response: Response): Promise<string> {
  return visibleText(await response.text());
}

/** Each link on the page as its words and where it goes. */
function linksOf(html: string): { name: string; href: string }[] {
  return [...html.matchAll(/<a [^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map(([, href, inner]) => ({
    name: visibleText(inner),
    href: decode(href),
  }));
}

/** What the boxes of a form hold: each input's value and each text area's text. */
function typedValues(html: string): string[] {
  const inputs = [...html.matchAll(/<input [^>]*value="([^"]*)"/g)].map(([, value]) => decode(value));
  const areas = [...html.matchAll(/<textarea[^>]*>([\s\S]*?)<\/textarea>/g)].map(([, text]) => decode(text));
  return [...inputs, ...areas];
}

/** The visible text of the table row that starts with `name`. */
function rowOf(html: string, name: string): string | undefined {
  return [...html.matchAll(/<tr[\s\S]*?<\/tr>/g)].map(([row]) => visibleText(row)).find((row) => row.startsWith(name));
}

async function auditRows(db: Db, action: string) {
  return db.select().from(schema.auditLog).where(eq(schema.auditLog.action, action));
}

async function personByEmail(db: Db, email: string) {
  const [person] = await db.select().from(schema.people).where(eq(schema.people.email, email));
  return person;
}

async function departmentNamed(db: Db, name: string) {
  const [department] = await db.select().from(schema.departments).where(eq(schema.departments.name, name));
  return department;
}

/** The edit form of a person as it stands, for changing one field at a time. */
async function personFields(db: Db, email: string): Promise<Record<string, string>> {
  const p = await personByEmail(db, email);
  const managerEmail = p.managerId
    ? (await db.select().from(schema.people).where(eq(schema.people.id, p.managerId)))[0].email
    : "";
  return {
    name: p.name,
    email: p.email,
    title: p.title,
    departmentId: String(p.departmentId),
    managerEmail,
    timeZone: p.timeZone,
    ...(p.isHost ? { host: "on" } : {}),
    ...(p.isManager ? { manager: "on" } : {}),
    ...(p.isAdmin ? { admin: "on" } : {}),
    ...(p.active ? { active: "on" } : {}),
  };
}

const NOOR = "noor.haddad@northwind-energy.example";

/** Noor Haddad, a new payroll accountant in Accounting, host, reporting to the demo manager. */
async function addNoor(admin: TestClient, db: Db, fields: Record<string, string> = {}) {
  const accounting = await departmentNamed(db, "Accounting");
  return admin.post("/admin/people/new", {
    name: "Noor Haddad",
    email: "Noor.Haddad@Northwind-Energy.example",
    title: "Payroll accountant",
    departmentId: String(accounting.id),
    managerEmail: account("Manager").email,
    timeZone: "Europe/Helsinki",
    active: "on",
    host: "on",
    ...fields,
  });
}

const addMarketing = (admin: TestClient, name = "Marketing") =>
  admin.post("/admin/departments", { intent: "create", name, kind: "back_office" });

const addBooth = (admin: TestClient) =>
  admin.post("/admin/kinds?index", {
    name: "Trade-show booth",
    description: "A day on the stand.",
    defaultMinutes: "240",
    onSite: "on_site",
    active: "on",
  });

const ADMIN_PAGES = [
  "/admin",
  "/admin/departments",
  "/admin/kinds",
  "/admin/kinds/1",
  "/admin/modules",
  "/admin/modules/new",
  "/admin/modules/1",
  "/admin/people",
  "/admin/people/new",
  "/admin/people/1",
  "/admin/people/import",
  "/admin/audit",
];

describe("who may open the admin pages", () => {
  it("shows every admin page to an admin", async () => {
    const { admin } = await demoWithAdmin();
    for (const path of ADMIN_PAGES) {
      const response = await admin.get(path);
      expect(response.status, path).toBe(200);
    }
  });

  it.each(["Employee", "Host", "Manager", "Host and manager"])(
    "refuses every admin page to a %s with 403, saying why",
    async (label) => {
      const { db, client } = await testApp({ template: "demo" });
      await client.signIn(account(label).email, DEMO_PASSWORD);
      for (const path of ADMIN_PAGES) {
        const response = await client.get(path);
        expect(response.status, path).toBe(403);
        expect(await textOf(response), path).toContain("The admin pages are for admins.");
      }
      const before = await db.select({ n: count() }).from(schema.departments);
      const post = await client.post("/admin/departments", { intent: "create", name: "Sneaky", kind: "back_office" });
      expect(post.status).toBe(403);
      const attempt = await client.post("/admin/people/import", { intent: "preview", csv: "name,email,department" });
      expect(attempt.status).toBe(403);
      expect(await db.select({ n: count() }).from(schema.departments)).toEqual(before);
    },
  );

  it("sends a signed-out visitor to sign in first, and back afterwards", async () => {
    const { client } = await testApp({ template: "demo" });
    for (const path of ADMIN_PAGES) {
      const response = await client.get(path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
    const post = await client.post("/admin/kinds?index", { name: "Sneaky", defaultMinutes: "60", onSite: "remote" });
    expect(post.status).toBe(302);
    expect(post.headers.get("Location")).toContain("/login");
  });

  it("answers 404 for a record that doesn't exist or an address that names none", async () => {
    const { admin } = await demoWithAdmin();
    for (const path of ["/admin/kinds/99999", "/admin/modules/99999", "/admin/people/99999", "/admin/kinds/abc"]) {
      expect((await admin.get(path)).status, path).toBe(404);
    }
  });

  it("shows the admin areas on the overview and keeps the company figures", async () => {
    const { admin } = await demoWithAdmin();
    const html = await (await admin.get("/admin")).text();
    const text = visibleText(html);
    expect(text).toContain("Company overview");
    expect(text).toContain("Customer-facing");
    expect(text).toContain("Core modules across the company");
    expect(text).toMatch(/Hear the customer: call-line listen-in \d+ of \d+ people · \d+%/);
    const hrefs = linksOf(html).map((l) => l.href);
    for (const href of [
      "/admin/people",
      "/admin/departments",
      "/admin/kinds",
      "/admin/modules",
      "/admin/audit",
      "/admin/people/import",
    ]) {
      expect(hrefs).toContain(href);
    }
  });
});

describe("departments", () => {
  it("adds a department with an audit row and says so on the next page", async () => {
    const { db, admin } = await demoWithAdmin();
    const response = await addMarketing(admin);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/departments");
    const row = await departmentNamed(db, "Marketing");
    expect(row.kind).toBe("back_office");
    const [audit] = (await auditRows(db, "department.created")).filter((a) => a.entityId === row.id);
    expect(audit.summary).toBe("Added the back-office department Marketing.");
    expect(audit.actorId).toBe((await personByEmail(db, ADMIN().email)).id);
    expect(audit.at).toBe(TEST_NOW);
    const page = await textOf(await admin.get("/admin/departments"));
    expect(page).toContain("Added the Marketing department.");
    expect(page).toContain("Marketing");
  });

  it("refuses a name that differs only in case, with a sentence, keeping what was typed", async () => {
    const { admin } = await demoWithAdmin();
    const response = await admin.post("/admin/departments", {
      intent: "create",
      name: "  sales ",
      kind: "back_office",
      description: "Typed with care",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(visibleText(html)).toContain('There is already a department called "Sales". Pick another name.');
    expect(typedValues(html)).toContain("Typed with care");
    expect(typedValues(html)).toContain("  sales ");
  });

  it("renames a department and changes its kind, refusing another's name", async () => {
    const { db, admin } = await demoWithAdmin();
    await addMarketing(admin);
    const marketing = await departmentNamed(db, "Marketing");
    const taken = await admin.post(`/admin/departments?edit=${marketing.id}`, {
      intent: "update",
      id: marketing.id,
      name: "LEGAL",
      kind: "back_office",
    });
    expect(taken.status).toBe(400);
    expect(await textOf(taken)).toContain('There is already a department called "Legal"');

    const response = await admin.post(`/admin/departments?edit=${marketing.id}`, {
      intent: "update",
      id: marketing.id,
      name: "Marketing & Events",
      kind: "customer_facing",
    });
    expect(response.status).toBe(302);
    const [row] = await db.select().from(schema.departments).where(eq(schema.departments.id, marketing.id));
    expect(row).toMatchObject({ name: "Marketing & Events", kind: "customer_facing" });
    const [audit] = (await auditRows(db, "department.renamed")).filter((a) => a.entityId === marketing.id);
    expect(audit.summary).toBe(
      "Department Marketing: renamed Marketing to Marketing & Events and made it customer-facing.",
    );
  });

  it("refuses an edit of a department that isn't there, above the form", async () => {
    const { admin } = await demoWithAdmin();
    const response = await admin.post("/admin/departments?edit=99999", {
      intent: "update",
      id: 99999,
      name: "Ghosts",
      kind: "back_office",
    });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain("That record doesn't exist.");
  });

  it("lists each department with its kind and headcount", async () => {
    const { db, admin } = await demoWithAdmin();
    await addMarketing(admin, "Marketing & Events");
    const html = await (await admin.get("/admin/departments")).text();
    const sales = await departmentNamed(db, "Sales");
    const [{ n }] = await db
      .select({ n: count() })
      .from(schema.people)
      .where(and(eq(schema.people.departmentId, sales.id), eq(schema.people.active, true)));
    expect(rowOf(html, "Sales")).toMatch(new RegExp(`^Sales .*Customer-facing ${n}\\b`));
    expect(rowOf(html, "Marketing & Events")).toMatch(/^Marketing & Events Back-office 0 0 Edit$/);
  });
});

describe("session kinds", () => {
  it("adds a session kind with an audit row", async () => {
    const { db, admin } = await demoWithAdmin();
    const response = await addBooth(admin);
    expect(response.status).toBe(302);
    const [kind] = await db.select().from(schema.sessionKinds).where(eq(schema.sessionKinds.name, "Trade-show booth"));
    expect(kind).toMatchObject({ defaultMinutes: 240, onSite: true, active: true });
    const [audit] = (await auditRows(db, "kind.created")).filter((a) => a.entityId === kind.id);
    expect(audit.summary).toBe("Added the session kind Trade-show booth (240 minutes, on site).");
  });

  it("refuses a duplicate name and a length out of range, keeping the values", async () => {
    const { admin } = await demoWithAdmin();
    const duplicate = await admin.post("/admin/kinds?index", {
      name: "sales CALL",
      defaultMinutes: "45",
      onSite: "remote",
    });
    expect(duplicate.status).toBe(400);
    const html = await duplicate.text();
    expect(visibleText(html)).toContain('There is already a session kind called "Sales call". Pick another name.');
    expect(typedValues(html)).toContain("45");
    const tooLong = await admin.post("/admin/kinds?index", {
      name: "Marathon",
      defaultMinutes: "2000",
      onSite: "remote",
    });
    expect(tooLong.status).toBe(400);
    expect(await textOf(tooLong)).toContain("A session lasts at most a day (1440 minutes).");
  });

  it("edits a kind and can stop offering it", async () => {
    const { db, admin } = await demoWithAdmin();
    await addBooth(admin);
    const [kind] = await db.select().from(schema.sessionKinds).where(eq(schema.sessionKinds.name, "Trade-show booth"));
    const response = await admin.post(`/admin/kinds/${kind.id}`, {
      name: "Trade-show stand",
      description: "A day on the stand.",
      defaultMinutes: "300",
      onSite: "on_site",
    });
    expect(response.status).toBe(302);
    const [row] = await db.select().from(schema.sessionKinds).where(eq(schema.sessionKinds.id, kind.id));
    expect(row).toMatchObject({ name: "Trade-show stand", defaultMinutes: 300, active: false });
    const [audit] = (await auditRows(db, "kind.deactivated")).filter((a) => a.entityId === kind.id);
    expect(audit.summary).toContain("renamed to Trade-show stand");
    expect(audit.summary).toContain("no longer offered for new sessions");
  });

  it("answers 404 for a kind that doesn't exist", async () => {
    const { admin } = await demoWithAdmin();
    expect((await admin.get("/admin/kinds/99999")).status).toBe(404);
  });
});

describe("service modules", () => {
  const moduleFields = (fields: Record<string, string> = {}) => ({
    title: "Shadow anything once",
    summary: "Join any session.",
    guide: "Watch closely.\n\n- the first question\n- the last question",
    ruleKindId: "",
    requiredCount: "1",
    validityDays: "",
    active: "on",
    ...fields,
  });

  async function moduleTitled(db: Db, title: string) {
    const [module] = await db.select().from(schema.serviceModules).where(eq(schema.serviceModules.title, title));
    return module;
  }

  it("adds a module, completing it at once for people whose attended sessions already meet it", async () => {
    const { db, admin } = await demoWithAdmin();
    const response = await admin.post("/admin/modules/new", moduleFields());
    expect(response.status).toBe(302);
    const module = await moduleTitled(db, "Shadow anything once");
    expect(response.headers.get("Location")).toBe(`/admin/modules/${module.id}`);
    const [audit] = (await auditRows(db, "module.created")).filter((a) => a.entityId === module.id);
    expect(audit.summary).toBe('Added the module "Shadow anything once": 1 attended shadowing session.');
    const holders = await db
      .select()
      .from(schema.completions)
      .where(and(eq(schema.completions.moduleId, module.id), isNull(schema.completions.revokedAt)));
    expect(holders.length).toBeGreaterThan(0);

    const html = await (await admin.get(`/admin/modules/${module.id}`)).text();
    expect(visibleText(html)).toMatch(/people already hold it on sessions they attended|One person already holds it/);
    expect(visibleText(html)).toContain("The guide as people read it");
    expect(html).toContain("<li>the first question</li>");
  });

  it("refuses a duplicate title with a sentence, keeping the guide typed", async () => {
    const { admin } = await demoWithAdmin();
    const response = await admin.post(
      "/admin/modules/new",
      moduleFields({ title: "ride-along: INSTALL day", guide: "My careful guide" }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(visibleText(html)).toContain(
      'There is already a module called "Ride-along: install day". Pick another title.',
    );
    expect(typedValues(html)).toContain("My careful guide");
  });

  it("refuses a rule that would no longer count the sessions holders earned it on", async () => {
    const { db, admin } = await demoWithAdmin();
    await admin.post("/admin/modules/new", moduleFields());
    const module = await moduleTitled(db, "Shadow anything once");
    const [install] = await db.select().from(schema.sessionKinds).where(eq(schema.sessionKinds.name, "Install"));
    const response = await admin.post(
      `/admin/modules/${module.id}`,
      moduleFields({ ruleKindId: String(install.id), reflectionRequired: "on" }),
    );
    expect(response.status).toBe(400);
    expect(await textOf(response)).toMatch(
      /hold this module on sessions the new rule wouldn't count\. To ask more of people from now on, add a new module and switch this one off\./,
    );
    expect((await moduleTitled(db, "Shadow anything once")).ruleKindId).toBeNull();
  });

  it("applies a looser rule at once and records the change", async () => {
    const { db, admin } = await demoWithAdmin();
    const created = await admin.post(
      "/admin/modules/new",
      moduleFields({ title: "Shadow often", requiredCount: "50" }),
    );
    expect(created.status).toBe(302);
    const module = await moduleTitled(db, "Shadow often");
    const liveHolders = async () =>
      (
        await db
          .select({ n: count() })
          .from(schema.completions)
          .where(and(eq(schema.completions.moduleId, module.id), isNull(schema.completions.revokedAt)))
      )[0].n;
    expect(await liveHolders()).toBe(0);

    const response = await admin.post(
      `/admin/modules/${module.id}`,
      moduleFields({ title: "Shadow often", requiredCount: "1", core: "on" }),
    );
    expect(response.status).toBe(302);
    expect(await liveHolders()).toBeGreaterThan(0);
    const [audit] = (await auditRows(db, "module.rule_changed")).filter((a) => a.entityId === module.id);
    expect(audit.summary).toContain('rule "50 attended shadowing sessions" → "1 attended shadowing session"');
    expect(audit.summary).toContain("now core");
  });
});

describe("people", () => {
  it("adds a person with a lower-cased email, a manager by email and a password that works", async () => {
    const { db, admin } = await demoWithAdmin();
    const response = await addNoor(admin, db, { password: "a-long-password" });
    expect(response.status).toBe(302);
    const noor = await personByEmail(db, NOOR);
    expect(noor).toMatchObject({
      name: "Noor Haddad",
      isHost: true,
      isManager: false,
      departmentId: (await departmentNamed(db, "Accounting")).id,
    });
    expect(noor.managerId).toBe((await personByEmail(db, account("Manager").email)).id);
    expect(response.headers.get("Location")).toBe(`/admin/people/${noor.id}`);
    const [audit] = (await auditRows(db, "person.created")).filter((a) => a.entityId === noor.id);
    expect(audit.summary).toBe(
      "Added Noor Haddad (noor.haddad@northwind-energy.example) to Accounting as employee, host, with a password.",
    );
    await admin.another().signIn(NOOR, "a-long-password");
  });

  it("refuses an email someone already has, naming them, and keeps what was typed but the password", async () => {
    const { db, admin } = await demoWithAdmin();
    const response = await addNoor(admin, db, {
      name: "Another Emma",
      email: account("Employee").email.toUpperCase(),
      password: "a-secret-password",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(visibleText(html)).toContain(`${account("Employee").email} already belongs to ${account("Employee").name}.`);
    expect(typedValues(html)).toContain("Another Emma");
    expect(typedValues(html)).not.toContain("a-secret-password");
  });

  it("refuses an unknown manager and a short password", async () => {
    const { db, admin } = await demoWithAdmin();
    const unknown = await addNoor(admin, db, { email: "x1@example.com", managerEmail: "nobody@example.com" });
    expect(unknown.status).toBe(400);
    expect(await textOf(unknown)).toContain("No one with the email nobody@example.com is in the directory.");
    const short = await addNoor(admin, db, { email: "x2@example.com", password: "short" });
    expect(short.status).toBe(400);
    expect(await textOf(short)).toContain("A password has at least 10 characters.");
    expect(await personByEmail(db, "x2@example.com")).toBeUndefined();
  });

  it("edits a person and writes what changed to the audit log", async () => {
    const { db, admin } = await demoWithAdmin();
    await addNoor(admin, db);
    const noor = await personByEmail(db, NOOR);
    const response = await admin.post(`/admin/people/${noor.id}`, {
      ...(await personFields(db, NOOR)),
      title: "Senior payroll accountant",
      timeZone: "Europe/London",
      manager: "on",
    });
    expect(response.status).toBe(302);
    expect(await personByEmail(db, NOOR)).toMatchObject({
      title: "Senior payroll accountant",
      timeZone: "Europe/London",
      isManager: true,
    });
    const [audit] = (await auditRows(db, "person.updated")).filter((a) => a.entityId === noor.id);
    expect(audit.summary).toBe(
      'Noor Haddad: title "Payroll accountant" → "Senior payroll accountant", time zone Europe/London and roles employee, host → employee, host, manager.',
    );
  });

  it("refuses a manager who already reports to the person, with the line in a sentence", async () => {
    const { db, admin } = await demoWithAdmin();
    const oskar = await personByEmail(db, account("Manager").email);
    const [report] = await db.select().from(schema.people).where(eq(schema.people.managerId, oskar.id));
    const response = await admin.post(`/admin/people/${oskar.id}`, {
      ...(await personFields(db, oskar.email)),
      managerEmail: report.email,
    });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain(
      `${report.name} can't be ${oskar.name}'s manager: ${report.name} already reports to ${oskar.name} (${report.name} → ${oskar.name}).`,
    );
    expect((await personByEmail(db, oskar.email)).managerId).not.toBe(report.id);
  });

  it("won't let an admin take away their own admin role or switch themselves off", async () => {
    const { db, admin } = await demoWithAdmin();
    const me = await personByEmail(db, ADMIN().email);
    const { admin: _admin, ...withoutAdmin } = await personFields(db, me.email);
    const response = await admin.post(`/admin/people/${me.id}`, withoutAdmin);
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain("You can't take the admin role away from yourself.");
    const { active: _active, ...switchedOff } = await personFields(db, me.email);
    const off = await admin.post(`/admin/people/${me.id}`, switchedOff);
    expect(off.status).toBe(400);
    expect(await textOf(off)).toContain("You can't switch yourself off.");
    expect(await personByEmail(db, me.email)).toMatchObject({ isAdmin: true, active: true });
  });

  it("switches someone off keeping all their records, and they can no longer sign in", async () => {
    const { db, admin } = await demoWithAdmin();
    const host = await personByEmail(db, account("Host").email);
    const hostedBefore = await db
      .select({ n: count() })
      .from(schema.sessions)
      .where(eq(schema.sessions.hostId, host.id));
    const { active: _active, ...fields } = await personFields(db, host.email);
    const response = await admin.post(`/admin/people/${host.id}`, { ...fields, password: "another-password-1" });
    expect(response.status).toBe(302);
    expect((await personByEmail(db, host.email)).active).toBe(false);
    expect(await db.select({ n: count() }).from(schema.sessions).where(eq(schema.sessions.hostId, host.id))).toEqual(
      hostedBefore,
    );
    const [audit] = (await auditRows(db, "person.deactivated")).filter((a) => a.entityId === host.id);
    expect(audit.summary).toContain("switched off (records kept)");
    expect(audit.summary).toContain("new password set");
    expect(JSON.stringify(audit.details)).not.toContain("scrypt");
    const signIn = await admin.another().post("/login", { email: host.email, password: "another-password-1" });
    expect(await textOf(signIn)).toContain("This account has been switched off.");

    const back = await admin.post(`/admin/people/${host.id}`, { ...fields, active: "on" });
    expect(back.status).toBe(302);
    expect((await personByEmail(db, host.email)).active).toBe(true);
    expect(await textOf(await admin.get(back.headers.get("Location")!))).toContain(`Saved ${host.name}.`);
  });

  it("saves nothing and writes no audit row when nothing changed", async () => {
    const { db, admin } = await demoWithAdmin();
    const emma = await personByEmail(db, account("Employee").email);
    const auditBefore = await db.select({ n: count() }).from(schema.auditLog);
    const response = await admin.post(`/admin/people/${emma.id}`, await personFields(db, emma.email));
    expect(response.status).toBe(302);
    expect(await db.select({ n: count() }).from(schema.auditLog)).toEqual(auditBefore);
    expect(await personByEmail(db, emma.email)).toEqual(emma);
  });

  it("finds people by name or email, department, role and status, a page at a time", async () => {
    const { db, admin } = await demoWithAdmin();
    const byName = await textOf(await admin.get("/admin/people?q=korhonen"));
    expect(byName).toContain(account("Employee").name);
    expect(byName).not.toContain(account("Host").name);
    const sales = await departmentNamed(db, "Sales");
    const hostsInSales = await textOf(await admin.get(`/admin/people?department=${sales.id}&role=host`));
    expect(hostsInSales).toContain(account("Host").name);
    expect(hostsInSales).not.toContain(account("Employee").name);
    const [{ n }] = await db.select({ n: count() }).from(schema.people).where(eq(schema.people.active, true));
    const firstPage = await (await admin.get("/admin/people")).text();
    expect(visibleText(firstPage)).toContain(`Showing 1–${PEOPLE_PER_PAGE} of ${n} people`);
    expect(linksOf(firstPage)).toContainEqual({ name: "Next →", href: "/admin/people?page=2" });
    const secondPage = await textOf(await admin.get("/admin/people?page=2"));
    expect(secondPage).toContain(`Showing ${PEOPLE_PER_PAGE + 1}–${Math.min(2 * PEOPLE_PER_PAGE, n)} of ${n} people`);
    const nobody = await textOf(await admin.get("/admin/people?q=zzzz-nobody"));
    expect(nobody).toContain("No one matches");
  });
});

describe("importing the staff directory", () => {
  const HEADER = "name,email,department,title,manager_email,time_zone,roles";

  /** Checks the file, then imports it with the fingerprint the check handed back. */
  async function importFile(admin: TestClient, csv: string) {
    const preview = await admin.post("/admin/people/import", { intent: "preview", csv });
    const checked = /name="checked" value="([^"]+)"/.exec(await preview.text())?.[1];
    expect(checked, "the file is ready to import").toBeTruthy();
    return admin.post("/admin/people/import", { intent: "apply", csv, checked: checked! });
  }

  it("writes nothing when one line has a problem, and shows that line's problem", async () => {
    const { db, admin } = await demoWithAdmin();
    const peopleBefore = await db.select({ n: count() }).from(schema.people);
    const auditBefore = await db.select({ n: count() }).from(schema.auditLog);
    const csv = [
      HEADER,
      "Lina Berg,lina.berg@example.com,Finance,Analyst,,Europe/Stockholm,",
      "Tom Oak,tom.oak@example.com,Marketing Dept,Planner,,Europe/London,",
    ].join("\n");
    const preview = await admin.post("/admin/people/import", { intent: "preview", csv });
    expect(preview.status).toBe(400);
    const text = await textOf(preview);
    expect(text).toContain("Fix these lines first");
    expect(text).toContain('There is no department called "Marketing Dept"');
    expect(text).not.toContain("Import: add");

    const forced = await admin.post("/admin/people/import", { intent: "apply", csv, checked: "anything" });
    expect(forced.status).toBe(400);
    expect(await db.select({ n: count() }).from(schema.people)).toEqual(peopleBefore);
    expect(await db.select({ n: count() }).from(schema.auditLog)).toEqual(auditBefore);
    expect(await personByEmail(db, "lina.berg@example.com")).toBeUndefined();
  });

  it("says what is wrong with an empty file beside the box", async () => {
    const { admin } = await demoWithAdmin();
    const response = await admin.post("/admin/people/import", { intent: "preview", csv: "  " });
    expect(response.status).toBe(400);
    const text = await textOf(response);
    expect(text).toContain("The file is empty. Paste the staff directory, header line first.");
    expect(text).not.toContain("Fix these lines first");
  });

  it("creates new people and updates existing ones after a preview, with audit rows", async () => {
    const { db, admin } = await demoWithAdmin();
    const emma = account("Employee");
    const csv = [
      HEADER,
      `Lina Berg,lina.berg@example.com,Finance,Analyst,"jon.lund@example.com",Europe/Stockholm,`,
      `"Lund, Jon",jon.lund@example.com,Finance,Head of planning,,Europe/Stockholm,manager`,
      `${emma.name},${emma.email.toUpperCase()},Accounting,Senior accountant,${account("Manager").email},Europe/Helsinki,host`,
    ].join("\r\n");
    const preview = await admin.post("/admin/people/import", { intent: "preview", csv });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    const text = visibleText(html);
    expect(text).toContain("Ready to import");
    expect(text).toContain("2 people to add");
    expect(text).toContain("1 person to update");
    expect(text).toContain("Import: add 2, update 1");
    const checked = /name="checked" value="([^"]+)"/.exec(html)?.[1];
    expect(checked).toBeTruthy();

    const applied = await admin.post("/admin/people/import", { intent: "apply", csv, checked: checked! });
    expect(applied.status).toBe(302);
    expect(applied.headers.get("Location")).toBe("/admin/people");
    const lina = await personByEmail(db, "lina.berg@example.com");
    const jon = await personByEmail(db, "jon.lund@example.com");
    expect(jon).toMatchObject({ name: "Lund, Jon", isManager: true, timeZone: "Europe/Stockholm" });
    expect(lina.managerId).toBe(jon.id);
    const updated = await personByEmail(db, emma.email);
    expect(updated).toMatchObject({ title: "Senior accountant", isHost: true });

    const created = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, "person.created"), inArray(schema.auditLog.entityId, [lina.id, jon.id])));
    expect(created).toHaveLength(2);
    const [update] = (await auditRows(db, "person.updated")).filter(
      (a) => a.entityId === updated.id && (a.details as { source?: string }).source === "import",
    );
    expect(update.summary).toContain("title Accountant → Senior accountant");
    const [summary] = await auditRows(db, "person.imported");
    expect(summary.summary).toBe("Imported the staff directory: 2 added, 1 updated, 0 unchanged.");
    const page = await textOf(await admin.get("/admin/people"));
    expect(page).toContain("Imported the staff directory: 2 added, 1 updated, 0 already up to date.");
  });

  it("checks the file again instead of importing when it changed since the check", async () => {
    const { db, admin } = await demoWithAdmin();
    const csv = `${HEADER}\nNew Person,new.person@example.com,Finance,,,UTC,`;
    const response = await admin.post("/admin/people/import", { intent: "apply", csv, checked: "stale" });
    expect(response.status).toBe(200);
    expect(await textOf(response)).toContain("The file changed since it was checked");
    expect(await personByEmail(db, "new.person@example.com")).toBeUndefined();
  });

  it("refuses to import when the directory changed under a checked file", async () => {
    const { db, admin } = await demoWithAdmin();
    const csv = `${HEADER}\nNew Person,new.person@example.com,Finance,,${NOOR},UTC,`;
    await addNoor(admin, db);
    const preview = await admin.post("/admin/people/import", { intent: "preview", csv });
    const checked = /name="checked" value="([^"]+)"/.exec(await preview.text())?.[1];
    const noor = await personByEmail(db, NOOR);
    await admin.post(`/admin/people/${noor.id}`, { ...(await personFields(db, NOOR)), active: "" });
    const response = await admin.post("/admin/people/import", { intent: "apply", csv, checked: checked! });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain("The directory changed since the file was checked");
    expect(await personByEmail(db, "new.person@example.com")).toBeUndefined();
  });

  it("accepts an uploaded file and shows its text in the box", async () => {
    const { admin } = await demoWithAdmin();
    const body = new FormData();
    body.append("intent", "preview");
    body.append("csv", "");
    body.append(
      "file",
      new File([`${HEADER}\r\nUp Loaded,up.loaded@example.com,Finance,,,UTC,`], "staff.csv", { type: "text/csv" }),
    );
    const response = await admin.request("/admin/people/import", {
      method: "POST",
      body,
      headers: { Origin: admin.origin },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(visibleText(html)).toContain("1 person to add");
    expect(visibleText(html)).toContain("up.loaded@example.com");
    expect(typedValues(html)).toContain(`${HEADER}\nUp Loaded,up.loaded@example.com,Finance,,,UTC,`);
  });

  it("imports a file it checked", async () => {
    const { db, admin } = await demoWithAdmin();
    const applied = await importFile(admin, `${HEADER}\nSaga Holm,saga.holm@example.com,Finance,Analyst,,UTC,`);
    expect(applied.status).toBe(302);
    expect(await personByEmail(db, "saga.holm@example.com")).toMatchObject({ name: "Saga Holm", title: "Analyst" });
  });
});

describe("the audit log", () => {
  it("shows the newest entries first with who did what", async () => {
    const { db, admin, clock } = await demoWithAdmin();
    await addNoor(admin, db);
    clock.advance(MINUTE);
    const csv = "name,email,department\nSaga Holm,saga.holm@example.com,Finance";
    const preview = await admin.post("/admin/people/import", { intent: "preview", csv });
    const checked = /name="checked" value="([^"]+)"/.exec(await preview.text())?.[1];
    expect((await admin.post("/admin/people/import", { intent: "apply", csv, checked: checked! })).status).toBe(302);

    expect(await textOf(await admin.get("/admin/audit"))).toContain("Audit log");
    const text = await textOf(await admin.get("/admin/audit?type=person"));
    const firstImport = text.indexOf("Imported the staff directory");
    const firstAdded = text.indexOf("Added Noor Haddad");
    expect(firstImport).toBeGreaterThan(-1);
    expect(firstAdded).toBeGreaterThan(firstImport);
    expect(text).toContain(ADMIN().name);
  });

  it("filters by record, action, actor, record number and dates in the viewer's zone", async () => {
    const { db, admin } = await demoWithAdmin();
    await addMarketing(admin);
    await addBooth(admin);
    await addNoor(admin, db);
    await admin.post("/admin/people/new", {
      name: "Lina Berg",
      email: "lina.berg@example.com",
      departmentId: String((await departmentNamed(db, "Finance")).id),
      timeZone: "UTC",
      active: "on",
    });

    const departments = await textOf(await admin.get("/admin/audit?type=department"));
    expect(departments).toContain("Added the back-office department Marketing.");
    expect(departments).not.toContain("Added the session kind");

    const kinds = await textOf(await admin.get("/admin/audit?action=kind.created"));
    expect(kinds).toContain("Added the session kind Trade-show booth");
    expect(kinds).not.toContain("Marketing");

    const byActor = await textOf(await admin.get(`/admin/audit?actor=${encodeURIComponent("virtanen")}&type=kind`));
    expect(byActor).toContain("Added the session kind Trade-show booth");
    const byOther = await textOf(
      await admin.get(`/admin/audit?actor=${encodeURIComponent(account("Employee").email)}&type=kind`),
    );
    expect(byOther).toContain("Nothing matches these filters");

    const noor = await personByEmail(db, NOOR);
    const oneHtml = await (await admin.get(`/admin/audit?type=person&entityId=${noor.id}`)).text();
    expect(visibleText(oneHtml)).toContain("Added Noor Haddad");
    expect(visibleText(oneHtml)).not.toContain("Lina Berg");
    expect(linksOf(oneHtml)).toContainEqual({ name: `Person ${noor.id}`, href: `/admin/people/${noor.id}` });

    // The day the changes were made, in the admin's own zone.
    const today = dayOf(TEST_NOW, (await personByEmail(db, ADMIN().email)).timeZone);
    const todays = await textOf(await admin.get(`/admin/audit?type=department&from=${today}&to=${today}`));
    expect(todays).toContain("Added the back-office department Marketing.");
    const longAgo = await textOf(await admin.get("/admin/audit?type=department&from=2001-01-01&to=2001-01-31"));
    expect(longAgo).toContain("Nothing matches these filters");
  });

  it("counts a change made just before midnight on the day it was made, in the admin's zone", async () => {
    const { db, admin, clock } = await demoWithAdmin();
    const zone = (await personByEmail(db, ADMIN().email)).timeZone;
    const day = dayOf(TEST_NOW + 2 * DAY, zone);
    clock.set(localInstant(day, "23:59", zone) + 30_000);
    await addMarketing(admin);
    const that = await textOf(await admin.get(`/admin/audit?type=department&from=${day}&to=${day}`));
    expect(that).toContain("Added the back-office department Marketing.");
    const next = dayOf(clock.now() + MINUTE, zone);
    const after = await textOf(await admin.get(`/admin/audit?type=department&from=${next}&to=${next}`));
    expect(after).toContain("Nothing matches these filters");
  });

  it("pages through the log", async () => {
    const { db, admin } = await demoWithAdmin();
    await db.insert(schema.auditLog).values(
      Array.from({ length: 60 }, (_, i) => ({
        at: TEST_NOW - DAY - i * MINUTE,
        actorId: null,
        action: "company.checked",
        entityType: "company",
        entityId: null,
        summary: `Routine check ${i + 1}.`,
      })),
    );
    const [{ n }] = await db.select({ n: count() }).from(schema.auditLog);
    const text = await textOf(await admin.get("/admin/audit?page=2"));
    expect(text).toContain(`Showing 51–${Math.min(100, n)} of ${n} entries`);
  });
});
