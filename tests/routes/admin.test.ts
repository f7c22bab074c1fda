import { and, count, eq, inArray, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { schema } from "~/db.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoCompany } from "../../db/seed";
import { appWithFreshDatabase, TestClient } from "../support/app";

let app: Awaited<ReturnType<typeof appWithFreshDatabase>>;
let admin: TestClient;

const account = (label: string) => DEMO_ACCOUNTS.find((a) => a.roleLabel === label)!;
const ADMIN = () => account("Admin");

beforeAll(async () => {
  app = await appWithFreshDatabase();
  await seedDemoCompany(app.db, { now: Date.now() });
  admin = new TestClient(app.handle);
  await admin.signIn(ADMIN().email, DEMO_PASSWORD);
});

/** The page's text as a reader sees it: React escapes quotes and apostrophes in HTML. */
async function textOf(response: Response): Promise<string> {
  return (await response.text())
    .replace(/<!-- -->/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

async function auditRows(action: string) {
  return app.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, action));
}

async function personByEmail(email: string) {
  const [person] = await app.db.select().from(schema.people).where(eq(schema.people.email, email));
  return person;
}

/** The edit form of a person as it stands, for changing one field at a time. */
async function personFields(email: string): Promise<Record<string, string>> {
  const p = await personByEmail(email);
  const managerEmail = p.managerId
    ? (await app.db.select().from(schema.people).where(eq(schema.people.id, p.managerId)))[0].email
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
    for (const path of ADMIN_PAGES) {
      const response = await admin.get(path);
      expect(response.status, path).toBe(200);
    }
  });

  it.each(["Employee", "Host", "Manager", "Host and manager"])(
    "refuses every admin page to a %s with 403",
    async (label) => {
      const c = new TestClient(app.handle);
      await c.signIn(account(label).email, DEMO_PASSWORD);
      for (const path of ADMIN_PAGES) {
        const response = await c.get(path);
        expect(response.status, path).toBe(403);
      }
      const before = await app.db.select({ n: count() }).from(schema.departments);
      const post = await c.post("/admin/departments", {
        intent: "create",
        name: "Sneaky",
        kind: "back_office",
      });
      expect(post.status).toBe(403);
      const attempt = await c.post("/admin/people/import", {
        intent: "preview",
        csv: "name,email,department",
      });
      expect(attempt.status).toBe(403);
      expect(await app.db.select({ n: count() }).from(schema.departments)).toEqual(before);
    },
  );

  it("sends a signed-out visitor to sign in first, and back afterwards", async () => {
    const c = new TestClient(app.handle);
    for (const path of ADMIN_PAGES) {
      const response = await c.get(path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
    const post = await c.post("/admin/kinds?index", {
      name: "Sneaky",
      defaultMinutes: "60",
      onSite: "remote",
    });
    expect(post.status).toBe(302);
    expect(post.headers.get("Location")).toContain("/login");
  });

  it("shows the admin areas on the overview and keeps the company figures", async () => {
    const html = await textOf(await admin.get("/admin"));
    expect(html).toContain("Company overview");
    expect(html).toContain("Customer-facing");
    expect(html).toContain("Core modules across the company");
    expect(html).toMatch(/Hear the customer: call-line listen-in<\/a><span class="item-meta">\d+ of \d+ people · \d+%/);
    for (const href of [
      "/admin/people",
      "/admin/departments",
      "/admin/kinds",
      "/admin/modules",
      "/admin/audit",
      "/admin/people/import",
    ]) {
      expect(html).toContain(`href="${href}"`);
    }
  });
});

describe("departments", () => {
  it("adds a department with an audit row and says so on the next page", async () => {
    const response = await admin.post("/admin/departments", {
      intent: "create",
      name: "Marketing",
      kind: "back_office",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/departments");
    const [row] = await app.db.select().from(schema.departments).where(eq(schema.departments.name, "Marketing"));
    expect(row.kind).toBe("back_office");
    const [audit] = (await auditRows("department.created")).filter((a) => a.entityId === row.id);
    expect(audit.summary).toBe("Added the back-office department Marketing.");
    expect(audit.actorId).toBe((await personByEmail(ADMIN().email)).id);
    const page = await textOf(await admin.get("/admin/departments"));
    expect(page).toContain("Added the Marketing department.");
    expect(page).toContain("Marketing");
  });

  it("refuses a name that differs only in case, with a sentence, keeping what was typed", async () => {
    const response = await admin.post("/admin/departments", {
      intent: "create",
      name: "  sales ",
      kind: "back_office",
      description: "Typed with care",
    });
    expect(response.status).toBe(400);
    const html = await textOf(response);
    expect(html).toContain('There is already a department called "Sales". Pick another name.');
    expect(html).toContain("Typed with care");
    expect(html).toContain('value="  sales "');
  });

  it("renames a department and changes its kind, refusing another's name", async () => {
    const [marketing] = await app.db.select().from(schema.departments).where(eq(schema.departments.name, "Marketing"));
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
    const [row] = await app.db.select().from(schema.departments).where(eq(schema.departments.id, marketing.id));
    expect(row).toMatchObject({
      name: "Marketing & Events",
      kind: "customer_facing",
    });
    const [audit] = (await auditRows("department.renamed")).filter((a) => a.entityId === marketing.id);
    expect(audit.summary).toBe(
      "Department Marketing: renamed Marketing to Marketing & Events and made it customer-facing.",
    );
  });

  it("lists each department with its kind and headcount", async () => {
    const html = await textOf(await admin.get("/admin/departments"));
    const [sales] = await app.db.select().from(schema.departments).where(eq(schema.departments.name, "Sales"));
    const [{ n }] = await app.db
      .select({ n: count() })
      .from(schema.people)
      .where(and(eq(schema.people.departmentId, sales.id), eq(schema.people.active, true)));
    expect(html).toMatch(new RegExp(`Sales</a>.*?Customer-facing.*?<td data-label="People"><div>${n}</div>`, "s"));
    expect(html).toMatch(/Marketing & Events<\/a>(?:(?!<\/tr>).)*<div>0<\/div>/s);
    expect(html).not.toMatch(/Marketing & Events<\/a>(?:(?!<\/tr>).)*switched off/s);
  });
});

describe("session kinds", () => {
  it("adds a session kind with an audit row", async () => {
    const response = await admin.post("/admin/kinds?index", {
      name: "Trade-show booth",
      description: "A day on the stand.",
      defaultMinutes: "240",
      onSite: "on_site",
      active: "on",
    });
    expect(response.status).toBe(302);
    const [kind] = await app.db
      .select()
      .from(schema.sessionKinds)
      .where(eq(schema.sessionKinds.name, "Trade-show booth"));
    expect(kind).toMatchObject({
      defaultMinutes: 240,
      onSite: true,
      active: true,
    });
    const [audit] = (await auditRows("kind.created")).filter((a) => a.entityId === kind.id);
    expect(audit.summary).toBe("Added the session kind Trade-show booth (240 minutes, on site).");
  });

  it("refuses a duplicate name and a length out of range, keeping the values", async () => {
    const duplicate = await admin.post("/admin/kinds?index", {
      name: "sales CALL",
      defaultMinutes: "45",
      onSite: "remote",
    });
    expect(duplicate.status).toBe(400);
    const html = await textOf(duplicate);
    expect(html).toContain('There is already a session kind called "Sales call". Pick another name.');
    expect(html).toContain('value="45"');
    const tooLong = await admin.post("/admin/kinds?index", {
      name: "Marathon",
      defaultMinutes: "2000",
      onSite: "remote",
    });
    expect(tooLong.status).toBe(400);
    expect(await textOf(tooLong)).toContain("A session lasts at most a day (1440 minutes).");
  });

  it("edits a kind and can stop offering it", async () => {
    const [kind] = await app.db
      .select()
      .from(schema.sessionKinds)
      .where(eq(schema.sessionKinds.name, "Trade-show booth"));
    const response = await admin.post(`/admin/kinds/${kind.id}`, {
      name: "Trade-show stand",
      description: "A day on the stand.",
      defaultMinutes: "300",
      onSite: "on_site",
    });
    expect(response.status).toBe(302);
    const [row] = await app.db.select().from(schema.sessionKinds).where(eq(schema.sessionKinds.id, kind.id));
    expect(row).toMatchObject({
      name: "Trade-show stand",
      defaultMinutes: 300,
      active: false,
    });
    const [audit] = (await auditRows("kind.deactivated")).filter((a) => a.entityId === kind.id);
    expect(audit.summary).toContain("renamed to Trade-show stand");
    expect(audit.summary).toContain("no longer offered for new sessions");
  });

  it("answers 404 for a kind that doesn't exist", async () => {
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

  it("adds a module, completing it at once for people whose attended sessions already meet it", async () => {
    const response = await admin.post("/admin/modules/new", moduleFields());
    expect(response.status).toBe(302);
    const [module] = await app.db
      .select()
      .from(schema.serviceModules)
      .where(eq(schema.serviceModules.title, "Shadow anything once"));
    expect(response.headers.get("Location")).toBe(`/admin/modules/${module.id}`);
    const [audit] = (await auditRows("module.created")).filter((a) => a.entityId === module.id);
    expect(audit.summary).toBe('Added the module "Shadow anything once": 1 attended shadowing session.');
    const holders = await app.db
      .select()
      .from(schema.completions)
      .where(and(eq(schema.completions.moduleId, module.id), isNull(schema.completions.revokedAt)));
    expect(holders.length).toBeGreaterThan(0);

    const page = await textOf(await admin.get(`/admin/modules/${module.id}`));
    expect(page).toMatch(/people already hold it on sessions they attended|One person already holds it/);
    expect(page).toContain("The guide as people read it");
    expect(page).toContain("<li>the first question</li>");
  });

  it("refuses a duplicate title with a sentence, keeping the guide typed", async () => {
    const response = await admin.post(
      "/admin/modules/new",
      moduleFields({
        title: "ride-along: INSTALL day",
        guide: "My careful guide",
      }),
    );
    expect(response.status).toBe(400);
    const html = await textOf(response);
    expect(html).toContain('There is already a module called "Ride-along: install day". Pick another title.');
    expect(html).toContain("My careful guide");
  });

  it("refuses a rule that would no longer count the sessions holders earned it on", async () => {
    const [module] = await app.db
      .select()
      .from(schema.serviceModules)
      .where(eq(schema.serviceModules.title, "Shadow anything once"));
    const [install] = await app.db.select().from(schema.sessionKinds).where(eq(schema.sessionKinds.name, "Install"));
    const response = await admin.post(
      `/admin/modules/${module.id}`,
      moduleFields({
        ruleKindId: String(install.id),
        reflectionRequired: "on",
      }),
    );
    expect(response.status).toBe(400);
    expect(await textOf(response)).toMatch(
      /hold this module on sessions the new rule wouldn't count\. To ask more of people from now on, add a new module and switch this one off\./,
    );
    const [unchanged] = await app.db
      .select()
      .from(schema.serviceModules)
      .where(eq(schema.serviceModules.id, module.id));
    expect(unchanged.ruleKindId).toBeNull();
  });

  it("applies a looser rule at once and records the change", async () => {
    const created = await admin.post(
      "/admin/modules/new",
      moduleFields({ title: "Shadow often", requiredCount: "50" }),
    );
    expect(created.status).toBe(302);
    const [module] = await app.db
      .select()
      .from(schema.serviceModules)
      .where(eq(schema.serviceModules.title, "Shadow often"));
    const liveHolders = async () =>
      (
        await app.db
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
    const [audit] = (await auditRows("module.rule_changed")).filter((a) => a.entityId === module.id);
    expect(audit.summary).toContain('rule "50 attended shadowing sessions" → "1 attended shadowing session"');
    expect(audit.summary).toContain("now core");
  });
});

describe("people", () => {
  const newPerson = (fields: Record<string, string> = {}) => ({
    name: "Noor Haddad",
    email: "Noor.Haddad@Northwind-Energy.example",
    title: "Payroll accountant",
    departmentId: "",
    managerEmail: account("Manager").email,
    timeZone: "Europe/Helsinki",
    active: "on",
    ...fields,
  });

  it("adds a person with a lower-cased email, a manager by email and a password that works", async () => {
    const [accounting] = await app.db
      .select()
      .from(schema.departments)
      .where(eq(schema.departments.name, "Accounting"));
    const response = await admin.post(
      "/admin/people/new",
      newPerson({
        departmentId: String(accounting.id),
        password: "a-long-password",
        host: "on",
      }),
    );
    expect(response.status).toBe(302);
    const noor = await personByEmail("noor.haddad@northwind-energy.example");
    expect(noor).toMatchObject({
      name: "Noor Haddad",
      isHost: true,
      isManager: false,
      departmentId: accounting.id,
    });
    expect(noor.managerId).toBe((await personByEmail(account("Manager").email)).id);
    expect(response.headers.get("Location")).toBe(`/admin/people/${noor.id}`);
    const [audit] = (await auditRows("person.created")).filter((a) => a.entityId === noor.id);
    expect(audit.summary).toBe(
      "Added Noor Haddad (noor.haddad@northwind-energy.example) to Accounting as employee, host, with a password.",
    );
    await new TestClient(app.handle).signIn("noor.haddad@northwind-energy.example", "a-long-password");
  });

  it("refuses an email someone already has, naming them, and keeps what was typed", async () => {
    const [accounting] = await app.db
      .select()
      .from(schema.departments)
      .where(eq(schema.departments.name, "Accounting"));
    const response = await admin.post(
      "/admin/people/new",
      newPerson({
        name: "Another Emma",
        email: account("Employee").email.toUpperCase(),
        departmentId: String(accounting.id),
      }),
    );
    expect(response.status).toBe(400);
    const html = await textOf(response);
    expect(html).toContain(`${account("Employee").email} already belongs to ${account("Employee").name}.`);
    expect(html).toContain('value="Another Emma"');
  });

  it("refuses an unknown manager and a short password", async () => {
    const [accounting] = await app.db
      .select()
      .from(schema.departments)
      .where(eq(schema.departments.name, "Accounting"));
    const unknown = await admin.post(
      "/admin/people/new",
      newPerson({
        email: "x1@example.com",
        managerEmail: "nobody@example.com",
        departmentId: String(accounting.id),
      }),
    );
    expect(unknown.status).toBe(400);
    expect(await textOf(unknown)).toContain("No one with the email nobody@example.com is in the directory.");
    const short = await admin.post(
      "/admin/people/new",
      newPerson({
        email: "x2@example.com",
        password: "short",
        departmentId: String(accounting.id),
      }),
    );
    expect(short.status).toBe(400);
    expect(await textOf(short)).toContain("A password has at least 10 characters.");
  });

  it("edits a person and writes what changed to the audit log", async () => {
    const noor = await personByEmail("noor.haddad@northwind-energy.example");
    const fields = await personFields(noor.email);
    const response = await admin.post(`/admin/people/${noor.id}`, {
      ...fields,
      title: "Senior payroll accountant",
      timeZone: "Europe/London",
      manager: "on",
    });
    expect(response.status).toBe(302);
    const after = await personByEmail(noor.email);
    expect(after).toMatchObject({
      title: "Senior payroll accountant",
      timeZone: "Europe/London",
      isManager: true,
    });
    const [audit] = (await auditRows("person.updated")).filter((a) => a.entityId === noor.id);
    expect(audit.summary).toBe(
      'Noor Haddad: title "Payroll accountant" → "Senior payroll accountant", time zone Europe/London and roles employee, host → employee, host, manager.',
    );
  });

  it("refuses a manager who already reports to the person, with the line in a sentence", async () => {
    const oskar = await personByEmail(account("Manager").email);
    const [report] = await app.db.select().from(schema.people).where(eq(schema.people.managerId, oskar.id));
    const response = await admin.post(`/admin/people/${oskar.id}`, {
      ...(await personFields(oskar.email)),
      managerEmail: report.email,
    });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain(
      `${report.name} can't be ${oskar.name}'s manager: ${report.name} already reports to ${oskar.name} (${report.name} → ${oskar.name}).`,
    );
    expect((await personByEmail(oskar.email)).managerId).not.toBe(report.id);
  });

  it("won't let an admin take away their own admin role or switch themselves off", async () => {
    const me = await personByEmail(ADMIN().email);
    const { admin: _admin, ...withoutAdmin } = await personFields(me.email);
    const response = await admin.post(`/admin/people/${me.id}`, withoutAdmin);
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain("You can't take the admin role away from yourself.");
    const { active: _active, ...switchedOff } = await personFields(me.email);
    const off = await admin.post(`/admin/people/${me.id}`, switchedOff);
    expect(await textOf(off)).toContain("You can't switch yourself off.");
    expect((await personByEmail(me.email)).isAdmin).toBe(true);
  });

  it("switches someone off keeping all their records, and they can no longer sign in", async () => {
    const host = await personByEmail(account("Host").email);
    const hostedBefore = await app.db
      .select({ n: count() })
      .from(schema.sessions)
      .where(eq(schema.sessions.hostId, host.id));
    const { active: _active, ...fields } = await personFields(host.email);
    const response = await admin.post(`/admin/people/${host.id}`, {
      ...fields,
      password: "another-password-1",
    });
    expect(response.status).toBe(302);
    expect((await personByEmail(host.email)).active).toBe(false);
    expect(
      await app.db.select({ n: count() }).from(schema.sessions).where(eq(schema.sessions.hostId, host.id)),
    ).toEqual(hostedBefore);
    const [audit] = (await auditRows("person.deactivated")).filter((a) => a.entityId === host.id);
    expect(audit.summary).toContain("switched off (records kept)");
    expect(audit.summary).toContain("new password set");
    expect(JSON.stringify(audit.details)).not.toContain("scrypt");
    const signIn = await new TestClient(app.handle).post("/login", {
      email: host.email,
      password: "another-password-1",
    });
    expect(await textOf(signIn)).toContain("This account has been switched off.");

    const back = await admin.post(`/admin/people/${host.id}`, {
      ...fields,
      active: "on",
    });
    expect(back.status).toBe(302);
    expect((await personByEmail(host.email)).active).toBe(true);
    expect(await textOf(await admin.get(back.headers.get("Location")!))).toContain(`Saved ${host.name}.`);
  });

  it("finds people by name or email, department, role and status, a page at a time", async () => {
    const byName = await textOf(await admin.get("/admin/people?q=korhonen"));
    expect(byName).toContain(account("Employee").name);
    expect(byName).not.toContain(account("Host").name);
    const [sales] = await app.db.select().from(schema.departments).where(eq(schema.departments.name, "Sales"));
    const hostsInSales = await textOf(await admin.get(`/admin/people?department=${sales.id}&role=host`));
    expect(hostsInSales).toContain(account("Host").name);
    expect(hostsInSales).not.toContain(account("Employee").name);
    const [{ n }] = await app.db.select({ n: count() }).from(schema.people).where(eq(schema.people.active, true));
    const firstPage = await textOf(await admin.get("/admin/people"));
    expect(firstPage).toContain(`Showing 1–50 of ${n} people`);
    expect(firstPage).toContain('href="/admin/people?page=2"');
    const secondPage = await textOf(await admin.get("/admin/people?page=2"));
    expect(secondPage).toContain(`Showing 51–${Math.min(100, n)} of ${n} people`);
    const nobody = await textOf(await admin.get("/admin/people?q=zzzz-nobody"));
    expect(nobody).toContain("No one matches");
  });
});

describe("importing the staff directory", () => {
  const HEADER = "name,email,department,title,manager_email,time_zone,roles";

  it("writes nothing when one line has a problem, and shows that line's problem", async () => {
    const peopleBefore = await app.db.select({ n: count() }).from(schema.people);
    const auditBefore = await app.db.select({ n: count() }).from(schema.auditLog);
    const csv = [
      HEADER,
      "Lina Berg,lina.berg@example.com,Finance,Analyst,,Europe/Stockholm,",
      "Tom Oak,tom.oak@example.com,Marketing Dept,Planner,,Europe/London,",
    ].join("\n");
    const preview = await admin.post("/admin/people/import", {
      intent: "preview",
      csv,
    });
    expect(preview.status).toBe(400);
    const html = await textOf(preview);
    expect(html).toContain("Fix these lines first");
    expect(html).toContain('There is no department called "Marketing Dept"');
    expect(html).not.toContain("Import: add");

    const forced = await admin.post("/admin/people/import", {
      intent: "apply",
      csv,
      checked: "anything",
    });
    expect(forced.status).toBe(400);
    expect(await app.db.select({ n: count() }).from(schema.people)).toEqual(peopleBefore);
    expect(await app.db.select({ n: count() }).from(schema.auditLog)).toEqual(auditBefore);
    expect(await personByEmail("lina.berg@example.com")).toBeUndefined();
  });

  it("creates new people and updates existing ones after a preview, with audit rows", async () => {
    const emma = account("Employee");
    const csv = [
      HEADER,
      `Lina Berg,lina.berg@example.com,Finance,Analyst,"jon.lund@example.com",Europe/Stockholm,`,
      `"Lund, Jon",jon.lund@example.com,Finance,Head of planning,,Europe/Stockholm,manager`,
      `${emma.name},${emma.email.toUpperCase()},Accounting,Senior accountant,${account("Manager").email},Europe/Helsinki,host`,
    ].join("\r\n");
    const preview = await admin.post("/admin/people/import", {
      intent: "preview",
      csv,
    });
    expect(preview.status).toBe(200);
    const html = await textOf(preview);
    expect(html).toContain("Ready to import");
    expect(html).toContain("2 people to add");
    expect(html).toContain("1 person to update");
    expect(html).toContain("Import: add 2, update 1");
    const checked = /name="checked" value="([^"]+)"/.exec(html)?.[1];
    expect(checked).toBeTruthy();

    const applied = await admin.post("/admin/people/import", {
      intent: "apply",
      csv,
      checked: checked!,
    });
    expect(applied.status).toBe(302);
    expect(applied.headers.get("Location")).toBe("/admin/people");
    const lina = await personByEmail("lina.berg@example.com");
    const jon = await personByEmail("jon.lund@example.com");
    expect(jon).toMatchObject({
      name: "Lund, Jon",
      isManager: true,
      timeZone: "Europe/Stockholm",
    });
    expect(lina.managerId).toBe(jon.id);
    const updated = await personByEmail(emma.email);
    expect(updated).toMatchObject({ title: "Senior accountant", isHost: true });

    const created = await app.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, "person.created"), inArray(schema.auditLog.entityId, [lina.id, jon.id])));
    expect(created).toHaveLength(2);
    const [update] = (await auditRows("person.updated")).filter(
      (a) => a.entityId === updated.id && (a.details as { source?: string }).source === "import",
    );
    expect(update.summary).toContain("title Accountant → Senior accountant");
    const [summary] = await auditRows("person.imported");
    expect(summary.summary).toBe("Imported the staff directory: 2 added, 1 updated, 0 unchanged.");
    const page = await textOf(await admin.get("/admin/people"));
    expect(page).toContain("Imported the staff directory: 2 added, 1 updated, 0 already up to date.");
  });

  it("checks the file again instead of importing when it changed since the check", async () => {
    const csv = `${HEADER}\nNew Person,new.person@example.com,Finance,,,UTC,`;
    const response = await admin.post("/admin/people/import", {
      intent: "apply",
      csv,
      checked: "stale",
    });
    expect(response.status).toBe(200);
    expect(await textOf(response)).toContain("The file changed since it was checked");
    expect(await personByEmail("new.person@example.com")).toBeUndefined();
  });

  it("accepts an uploaded file", async () => {
    const body = new FormData();
    body.append("intent", "preview");
    body.append("csv", "");
    body.append(
      "file",
      new File([`${HEADER}\nUp Loaded,up.loaded@example.com,Finance,,,UTC,`], "staff.csv", { type: "text/csv" }),
    );
    const response = await admin.request("/admin/people/import", {
      method: "POST",
      body,
      headers: { Origin: admin.origin },
    });
    expect(response.status).toBe(200);
    const html = await textOf(response);
    expect(html).toContain("1 person to add");
    expect(html).toContain("up.loaded@example.com");
  });
});

describe("the audit log", () => {
  it("shows the newest entries first with who did what", async () => {
    expect(await textOf(await admin.get("/admin/audit"))).toContain("Audit log");
    // People's records only: how many completions the tests above wrote depends on the demo data.
    const html = await textOf(await admin.get("/admin/audit?type=person"));
    const firstImport = html.indexOf("Imported the staff directory");
    const firstAdded = html.indexOf("Added Noor Haddad");
    expect(firstImport).toBeGreaterThan(-1);
    expect(firstAdded).toBeGreaterThan(firstImport);
    expect(html).toContain(ADMIN().name);
  });

  it("filters by record, action, actor, record number and dates in the viewer's zone", async () => {
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

    const noor = await personByEmail("noor.haddad@northwind-energy.example");
    const one = await textOf(await admin.get(`/admin/audit?type=person&entityId=${noor.id}`));
    expect(one).toContain("Added Noor Haddad");
    expect(one).not.toContain("Lina Berg");
    expect(one).toContain(`href="/admin/people/${noor.id}"`);

    const today = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Europe/Helsinki",
    }).format(new Date());
    const todays = await textOf(await admin.get(`/admin/audit?type=department&from=${today}&to=${today}`));
    expect(todays).toContain("Added the back-office department Marketing.");
    const longAgo = await textOf(await admin.get("/admin/audit?type=department&from=2001-01-01&to=2001-01-31"));
    expect(longAgo).toContain("Nothing matches these filters");
  });

  it("pages through the log", async () => {
    await app.db.insert(schema.auditLog).values(
      Array.from({ length: 60 }, (_, i) => ({
        at: Date.now() - 86_400_000 - i * 60_000,
        actorId: null,
        action: "company.checked",
        entityType: "company",
        entityId: null,
        summary: `Routine check ${i + 1}.`,
      })),
    );
    const [{ n }] = await app.db.select({ n: count() }).from(schema.auditLog);
    const html = await textOf(await admin.get("/admin/audit?page=2"));
    expect(html).toContain(`Showing 51–${Math.min(100, n)} of ${n} entries`);
  });
});
