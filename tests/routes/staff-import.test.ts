import { parse } from "csv-parse/sync";
import { count, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed";
import { testApp, type TestClient } from "../support/app";
import { textOf, visibleText } from "../support/html";

const account = (label: string) => DEMO_ACCOUNTS.find((a) => a.roleLabel === label)!;
const ADMIN = () => account("Admin");
const HEADER = "name,email,department,title,manager_email,time_zone,roles";
const IMPORT = "/admin/people/import";
const REPORT = "/admin/people/import/rejected.csv";

/** The demo company at TEST_NOW, on a database of this test's own, with its admin signed in. */
async function demoWithAdmin() {
  const app = await testApp({ template: "demo" });
  await app.client.signIn(ADMIN().email, DEMO_PASSWORD);
  return { ...app, admin: app.client };
}

/**
 * Four good rows and two with problems: Ivo's department doesn't exist (line 3), and Lea's manager
 * is Ivo (line 4). Emma, already in the directory, gets a new title.
 */
function mixedFile() {
  const emma = account("Employee");
  return [
    HEADER,
    "Saga Holm,saga.holm@example.com,Finance,Analyst,,Europe/Stockholm,",
    "Ivo Petrov,ivo.petrov@example.com,Marketing,Planner,,Europe/Sofia,manager",
    "Lea Ek,lea.ek@example.com,Sales,Representative,ivo.petrov@example.com,Europe/Stockholm,",
    `"Lund, Jon",jon.lund@example.com,Finance,Head of planning,,Europe/Stockholm,manager`,
    "Ola Berg,ola.berg@example.com,Finance,Analyst,jon.lund@example.com,UTC,",
    `${emma.name},${emma.email},Accounting,Senior accountant,${account("Manager").email},Europe/Helsinki,`,
  ].join("\n");
}

const REJECTED = [
  {
    line: 3,
    values: ["Ivo Petrov", "ivo.petrov@example.com", "Marketing", "Planner", "", "Europe/Sofia", "manager"],
    problem: 'There is no department called "Marketing". Add it under Departments first, or fix the name.',
  },
  {
    line: 4,
    values: [
      "Lea Ek",
      "lea.ek@example.com",
      "Sales",
      "Representative",
      "ivo.petrov@example.com",
      "Europe/Stockholm",
      "",
    ],
    problem: "Can't be imported alone: its manager's row has a problem on line 3 (ivo.petrov@example.com).",
  },
];

/** The fingerprint the check handed back, which "Import" must carry. */
function checkedIn(html: string): string {
  return /name="checked" value="([^"]*)"/.exec(html)?.[1] ?? "";
}

/** Checks the file as the page does, and returns the page and what "Import" must carry. */
async function check(admin: TestClient, csv: string) {
  const response = await admin.post(IMPORT, { intent: "preview", csv });
  const html = await response.text();
  return { status: response.status, html, text: visibleText(html), checked: checkedIn(html) };
}

async function personByEmail(db: Db, email: string) {
  const [person] = await db.select().from(schema.people).where(eq(schema.people.email, email));
  return person;
}

async function counts(db: Db) {
  const [people] = await db.select({ n: count() }).from(schema.people);
  const [audit] = await db.select({ n: count() }).from(schema.auditLog);
  const [mail] = await db.select({ n: count() }).from(schema.outboxMessages);
  return { people: people.n, audit: audit.n, mail: mail.n };
}

/** The value of the hidden `csv` field of the download form, as a browser would send it. */
function reportFileIn(html: string): string | undefined {
  const form = /<form[^>]*action="\/admin\/people\/import\/rejected\.csv"[\s\S]*?<\/form>/.exec(html)?.[0];
  const value = form && /name="csv" value="([^"]*)"/.exec(form)?.[1];
  return value
    ?.replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

describe("a file with some lines that have problems", () => {
  it("offers to import the good rows or nothing, with nothing as the choice already made", async () => {
    const { db, admin } = await demoWithAdmin();
    const before = await counts(db);
    const page = await check(admin, mixedFile());
    expect(page.status).toBe(400);
    expect(page.text).toContain("Fix these lines first");
    expect(page.text).toContain("3 people to add");
    expect(page.text).toContain("1 person to update");
    expect(page.text).toContain("2 lines with problems");
    expect(page.text).toContain(`3 Ivo Petrov ivo.petrov@example.com ${REJECTED[0].problem}`);
    expect(page.text).toContain(`4 Lea Ek lea.ek@example.com ${REJECTED[1].problem}`);
    expect(page.text).toContain("What to import");
    expect(page.text).toContain("Import nothing until every row is right");
    expect(page.text).toContain("Import the 4 good rows and skip the 2 with problems");
    expect(page.html).toContain(`<input type="radio" name="mode" checked="" value="all"/>`);
    expect(page.html).not.toMatch(/value="good" checked/);
    expect(page.text).toContain("Import as chosen");
    expect(page.checked).toMatch(/^[\w-]{44}$/);
    expect(await counts(db)).toEqual(before);
  });

  it("imports exactly the good rows, and says what it left out, with lines and sentences", async () => {
    const { db, admin } = await demoWithAdmin();
    const before = await counts(db);
    const csv = mixedFile();
    const { checked } = await check(admin, csv);
    const response = await admin.post(IMPORT, { intent: "apply", csv, checked, mode: "good" });
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = visibleText(html);
    expect(text).toContain("Imported the good rows");
    expect(text).toContain("3 people added, 1 updated. 2 rows with problems were rejected and left out.");
    expect(text).toContain("Download the rejected rows (CSV)");
    expect(text).toContain(`Rejected rows (2)`);
    expect(text).toContain(`3 Ivo Petrov ivo.petrov@example.com ${REJECTED[0].problem}`);
    expect(text).toContain(`4 Lea Ek lea.ek@example.com ${REJECTED[1].problem}`);

    const jon = await personByEmail(db, "jon.lund@example.com");
    expect(jon).toMatchObject({ name: "Lund, Jon", isManager: true });
    expect(await personByEmail(db, "ola.berg@example.com")).toMatchObject({ managerId: jon.id });
    expect(await personByEmail(db, "saga.holm@example.com")).toMatchObject({ title: "Analyst" });
    expect(await personByEmail(db, account("Employee").email)).toMatchObject({ title: "Senior accountant" });
    expect(await personByEmail(db, "ivo.petrov@example.com")).toBeUndefined();
    expect(await personByEmail(db, "lea.ek@example.com")).toBeUndefined();

    const after = await counts(db);
    expect(after.people - before.people).toBe(3);
    // One invitation for each person added.
    expect(after.mail - before.mail).toBe(3);
    const [imported] = await db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "person.imported"));
    expect(imported.summary).toBe(
      "Imported the staff directory: 3 added, 1 updated, 0 unchanged, 2 rejected (lines 3, 4).",
    );
    expect(imported.actorId).toBe((await personByEmail(db, ADMIN().email)).id);
    expect(imported.details).toMatchObject({ create: 3, update: 1, rejected: 2, rejectedLines: [3, 4], mode: "good" });
    const log = await textOf(await admin.get("/admin/audit?action=person.imported"));
    expect(log).toContain("Imported the staff directory: 3 added, 1 updated, 0 unchanged, 2 rejected (lines 3, 4).");
    expect(log).toContain(ADMIN().name);
    const created = await db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.action, "person.created"))
      .then((rows) => rows.filter((r) => (r.details as { source?: string }).source === "import"));
    expect(created.map((r) => r.summary).sort()).toEqual([
      "Imported Lund, Jon (jon.lund@example.com) into Finance as employee, manager.",
      "Imported Ola Berg (ola.berg@example.com) into Finance as employee.",
      "Imported Saga Holm (saga.holm@example.com) into Finance as employee.",
    ]);
  });

  it("hands back the rejected rows as the file had them, with a problem column, for a spreadsheet", async () => {
    const { admin } = await demoWithAdmin();
    const csv = mixedFile();
    const { checked } = await check(admin, csv);
    const page = await (await admin.post(IMPORT, { intent: "apply", csv, checked, mode: "good" })).text();
    const file = reportFileIn(page);
    expect(file).toBe(csv);

    const response = await admin.post(REPORT, { csv: file! });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="staff-import-rejected-rows-2027-03-01\.csv"$/,
    );
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(new TextDecoder().decode(bytes), { bom: true }) as string[][];
    expect(rows).toEqual([[...HEADER.split(","), "problem"], ...REJECTED.map((r) => [...r.values, r.problem])]);

    // Fixed in a spreadsheet, the same file imports the rest: its problem column is left aside.
    const fixed = new TextDecoder().decode(bytes).replace(",Marketing,", ",Sales,");
    const again = await check(admin, fixed);
    expect(again.status).toBe(200);
    expect(again.text).toContain("Ready to import");
    expect(again.text).toContain("2 people to add");
  });

  it("imports nothing when the admin keeps to all or nothing, and says so", async () => {
    const { db, admin } = await demoWithAdmin();
    const before = await counts(db);
    const csv = mixedFile();
    const { checked } = await check(admin, csv);
    // As chosen on the page, and as a form that sends no choice at all.
    for (const fields of [{ mode: "all" }, {}] as Record<string, string>[]) {
      const response = await admin.post(IMPORT, { intent: "apply", csv, checked, ...fields });
      expect(response.status).toBe(400);
      const text = await textOf(response);
      expect(text).toContain("Nothing was imported, as you chose: every line must be right first.");
      expect(text).toContain("Fix these lines first");
    }
    expect(await counts(db)).toEqual(before);
    expect(await personByEmail(db, "saga.holm@example.com")).toBeUndefined();
  });

  it("imports nothing when the directory changed so that other lines would be left out", async () => {
    const { db, admin } = await demoWithAdmin();
    const csv = mixedFile();
    const { checked } = await check(admin, csv);
    const added = await admin.post("/admin/departments", { intent: "create", name: "Marketing", kind: "back_office" });
    expect(added.status).toBe(302);
    const before = await counts(db);
    const response = await admin.post(IMPORT, { intent: "apply", csv, checked, mode: "good" });
    expect(response.status).toBe(400);
    const text = await textOf(response);
    expect(text).toContain("The directory changed since the file was checked");
    expect(text).toContain("Ready to import");
    expect(await counts(db)).toEqual(before);
    expect(await personByEmail(db, "saga.holm@example.com")).toBeUndefined();
  });

  it("checks the file again instead of importing when it changed since the check", async () => {
    const { db, admin } = await demoWithAdmin();
    const { checked } = await check(admin, mixedFile());
    const edited = `${mixedFile()}\nNew Person,new.person@example.com,Finance,,,UTC,`;
    const response = await admin.post(IMPORT, { intent: "apply", csv: edited, checked, mode: "good" });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain("The file changed since it was checked");
    expect(await personByEmail(db, "saga.holm@example.com")).toBeUndefined();
  });

  it("offers no choice when no line could be imported on its own", async () => {
    const { admin } = await demoWithAdmin();
    const page = await check(admin, `${HEADER}\nIvo Petrov,ivo.petrov@example.com,Marketing,,,,`);
    expect(page.status).toBe(400);
    expect(page.text).not.toContain("What to import");
    expect(page.text).not.toContain("good row");
    expect(page.text).not.toContain("Import as chosen");
    expect(page.checked).toBe("");
  });

  it("goes to the people page as before when every line is right, whatever was chosen", async () => {
    const { db, admin } = await demoWithAdmin();
    const csv = `${HEADER}\nSaga Holm,saga.holm@example.com,Finance,Analyst,,UTC,`;
    const { checked, text } = await check(admin, csv);
    expect(text).not.toContain("What to import");
    const response = await admin.post(IMPORT, { intent: "apply", csv, checked, mode: "good" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/people");
    const [imported] = await db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "person.imported"));
    expect(imported.summary).toBe("Imported the staff directory: 1 added, 0 updated, 0 unchanged.");
  });
});

describe("the download of the rejected rows", () => {
  it("takes the file as an upload, as the page's form sends it", async () => {
    const { admin } = await demoWithAdmin();
    const body = new FormData();
    body.append("csv", mixedFile().replace(/\n/g, "\r\n"));
    const response = await admin.request(REPORT, { method: "POST", body, headers: { Origin: admin.origin } });
    expect(response.status).toBe(200);
    const rows = parse(await response.text(), { bom: true }) as string[][];
    expect(rows.map((r) => r[0])).toEqual(["name", "Ivo Petrov", "Lea Ek"]);
  });

  it("says why when the file can't be read as a staff directory", async () => {
    const { admin } = await demoWithAdmin();
    const response = await admin.post(REPORT, { csv: "shoe_size\n42" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("can't be read as a staff directory");
  });

  it("is for admins only, and sends an address opened directly back to the import", async () => {
    const { db, admin, client } = await demoWithAdmin();
    expect((await admin.get(REPORT)).headers.get("Location")).toBe(IMPORT);
    const employee = client.another();
    await employee.signIn(account("Employee").email, DEMO_PASSWORD);
    const refused = await employee.post(REPORT, { csv: mixedFile() });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("The admin pages are for admins.");
    const signedOut = await client.another().post(REPORT, { csv: mixedFile() });
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toContain("/login");
    const people = await db
      .select({ id: schema.people.id })
      .from(schema.people)
      .where(inArray(schema.people.email, ["saga.holm@example.com", "ivo.petrov@example.com"]));
    expect(people).toEqual([]);
  });
});
