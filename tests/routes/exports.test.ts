import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import type { Logger } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { openDatabase, schema, type Db } from "~/db.server";
import { DAY } from "~/domain/time";
import { recordAudit, recordAuditRows } from "~/models/audit.server";
import { productionHandler, TestClient, testApp, TEST_NOW } from "../support/app";
import { aDepartment, aModule, anAssignment, aPerson, type Person } from "../support/builders";
import { linksIn, visibleText } from "../support/html";

const PASSWORD = "a long export password";
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

/** Names a spreadsheet could trip over: a comma, quotes, letters beyond ASCII, a formula. */
const ZOE = 'Zoë "Zed" Äström, Jr.';
const FORMULA = '=HYPERLINK("http://example.com","Click")';
const REPORTS = 28;

/**
 * Beatrice manages 30 people in Accounting and Legal (two pages of the matrix), among them Zoë
 * and someone whose name reads like a formula; Gina has left. Olga manages Oscar only. Ada is
 * an admin in Helsinki; Eve is an employee.
 */
async function aCompany() {
  const app = await testApp();
  const { db } = app;
  const accounting = await aDepartment(db, { name: "Accounting" });
  const legal = await aDepartment(db, { name: "Legal" });
  const signIn = (name: string) => ({ email: `${name}@example.com`, passwordHash });
  const boss = await aPerson(db, {
    name: "Beatrice Boss",
    ...signIn("beatrice"),
    department: accounting,
    isManager: true,
  });
  const reports: Person[] = [];
  for (let i = 0; i < REPORTS; i++) {
    const name = `Report ${String(i).padStart(2, "0")}`;
    reports.push(await aPerson(db, { name, department: i % 3 === 0 ? legal : accounting, manager: boss }));
  }
  const zoe = await aPerson(db, { name: ZOE, email: "zoe@example.com", department: accounting, manager: reports[1] });
  const formula = await aPerson(db, { name: FORMULA, email: "formula@example.com", department: legal, manager: boss });
  await aPerson(db, { name: "Gina Gone", department: accounting, manager: boss, active: false });
  const olga = await aPerson(db, { name: "Olga Other", ...signIn("olga"), department: legal, isManager: true });
  const oscar = await aPerson(db, { name: "Oscar Outsider", department: accounting, manager: olga });
  const admin = await aPerson(db, {
    name: "Ada Admin",
    ...signIn("ada"),
    department: legal,
    isAdmin: true,
    timeZone: "Europe/Helsinki",
  });
  const employee = await aPerson(db, { name: "Eve Employee", ...signIn("eve"), department: legal });

  const core = await aModule(db, { title: "Core: safety, first", core: true });
  const sitIn = await aModule(db, { title: "Sit in on a sales call" });
  const renewal = await aModule(db, { title: "Listen in" });
  const due = (days: number) => {
    const dueAt = TEST_NOW + days * DAY;
    return { dueAt, dueOn: new Date(dueAt).toISOString().slice(0, 10) };
  };
  // Every third report is late with the sales call; Zoë is late too; the rest have it due later.
  for (const [i, person] of reports.entries()) {
    await anAssignment(db, { person, module: sitIn, assignedBy: boss, ...due(i % 3 === 0 ? -(i + 2) : 10 + i) });
  }
  await anAssignment(db, { person: zoe, module: sitIn, assignedBy: boss, ...due(-4) });
  await anAssignment(db, { person: formula, module: renewal, assignedBy: boss, ...due(20) });
  await anAssignment(db, { person: oscar, module: sitIn, assignedBy: olga, ...due(-1) });
  await db.insert(schema.completions).values({
    personId: reports[2].id,
    moduleId: core.id,
    completedAt: TEST_NOW - 5 * DAY,
    source: "evidence",
    evidence: [],
  });

  const signedIn = async (person: Person): Promise<TestClient> => {
    const client = app.client.another();
    await client.signIn(person.email, PASSWORD);
    return client;
  };
  return { ...app, accounting, legal, boss, reports, zoe, formula, olga, oscar, admin, employee, signedIn };
}

/** A download: its status, type and the bytes, with the rows as csv-parse reads them. */
async function download(client: TestClient, path: string) {
  const response = await client.get(path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="[a-z0-9.-]+\.csv"$/);
  const bytes = Buffer.from(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)], "starts with the UTF-8 byte-order mark").toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parse(bytes, { bom: true }) as string[][];
  return { header, rows };
}

async function html(client: TestClient, path: string): Promise<string> {
  const response = await client.get(path);
  expect(response.status, path).toBe(200);
  return response.text();
}

/** How a spreadsheet cell reads a name: one that would start a formula keeps a leading apostrophe. */
const asText = (value: string) => (/^[=+\-@]/.test(value) ? `'${value}` : value);

/** The matrix as the page shows it: each row's person and the words in each module's cell. */
function matrixOnPage(page: string) {
  const table = /<table class="matrix">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? "";
  const modules = [...table.matchAll(/<th scope="col" class="matrix-module">([\s\S]*?)<\/th>/g)].map((m) =>
    visibleText(m[1].replace(/<span class="matrix-core">[\s\S]*?<\/span>/, "")),
  );
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? "";
  const rows = [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => ({
    name: visibleText(/<th scope="row"[^>]*><a [^>]*>([\s\S]*?)<\/a>/.exec(row[1])?.[1] ?? ""),
    cells: [...row[1].matchAll(/<td class="matrix-cell[^"]*"[^>]*>([\s\S]*?)<\/td>/g)].map((c) => visibleText(c[1])),
    done: visibleText(/<td class="matrix-done">([\s\S]*?)<\/td>/.exec(row[1])?.[1] ?? ""),
  }));
  return { modules, rows };
}

/** Every page of the matrix for a filter, row by row. */
async function wholeMatrixOnPages(client: TestClient, query: string) {
  const rows: ReturnType<typeof matrixOnPage>["rows"] = [];
  let modules: string[] = [];
  for (let page = 1; ; page++) {
    const shown = matrixOnPage(await html(client, `/team?${query}${query ? "&" : ""}page=${page}`));
    modules = shown.modules;
    rows.push(...shown.rows);
    if (shown.rows.length < 25) break;
  }
  return { modules, rows };
}

/** The due day of each assignment, by person and module title. */
async function dueDays(db: Db) {
  const rows = await db
    .select({
      personId: schema.assignments.personId,
      moduleId: schema.assignments.moduleId,
      dueOn: schema.assignments.dueOn,
    })
    .from(schema.assignments);
  const modules = await db.select().from(schema.serviceModules);
  const people = await db.select().from(schema.people);
  const title = new Map(modules.map((m) => [m.id, m.title]));
  const name = new Map(people.map((p) => [p.id, p.name]));
  return new Map(rows.map((r) => [`${name.get(r.personId)}|${title.get(r.moduleId)}`, r.dueOn]));
}

describe("the team matrix download", () => {
  it("holds everyone the page's filters show, every page of them, with the standings the page shows", async () => {
    const { db, boss, legal, signedIn } = await aCompany();
    const client = await signedIn(boss);
    const due = await dueDays(db);

    for (const query of ["", "direct=1", `department=${legal.id}`, `direct=1&department=${legal.id}`]) {
      const page = await wholeMatrixOnPages(client, query);
      const { header, rows } = await download(client, `/team/matrix.csv${query ? `?${query}` : ""}`);
      expect(header).toEqual([
        "Person",
        "Email",
        "Job title",
        "Department",
        ...page.modules.flatMap((m) => [m, `${m}: due day`]),
        "Modules done",
        "Modules to hold",
      ]);
      expect(
        rows.map((r) => r[0]),
        query,
      ).toEqual(page.rows.map((r) => asText(r.name)));
      for (const [i, row] of rows.entries()) {
        const shown = page.rows[i];
        page.modules.forEach((module, m) => {
          const [standing, dueDay] = row.slice(4 + 2 * m, 6 + 2 * m);
          // An empty cell reads "— Not assigned"; the dash is for the eye only.
          const cell = shown.cells[m].replace(/^— /, "");
          // The page's cell reads the standing first, then the day: "Overdue was due 25 Feb".
          expect(cell.startsWith(standing), `${shown.name}, ${module}: "${cell}" and "${standing}"`).toBe(true);
          expect(dueDay).toBe(due.get(`${shown.name}|${module}`) ?? "");
        });
        expect(`${row.at(-2)} of ${row.at(-1)}`).toBe(shown.done);
      }
    }
  });

  it("keeps a name with a comma, quotes and ä whole, and a formula-like name as text", async () => {
    const { boss, signedIn } = await aCompany();
    const { rows } = await download(await signedIn(boss), "/team/matrix.csv");
    expect(rows).toHaveLength(REPORTS + 2);
    const zoe = rows.find((r) => r[1] === "zoe@example.com")!;
    expect(zoe.slice(0, 4)).toEqual([ZOE, "zoe@example.com", "", "Accounting"]);
    const formula = rows.find((r) => r[1] === "formula@example.com")!;
    expect(formula[0]).toBe(`'${FORMULA}`);
    expect(rows.some((r) => r[0] === "Gina Gone")).toBe(false);
    // A core module nobody assigned reads as due, with no day, in plain words on the page as well.
    expect(formula.slice(4, 6)).toEqual(["Due", ""]);
  });

  it("gives a manager only their own reports, whatever the address asks for, and refuses employees", async () => {
    const { accounting, legal, olga, employee, signedIn } = await aCompany();
    const client = await signedIn(olga);
    expect((await download(client, "/team/matrix.csv")).rows.map((r) => r[0])).toEqual(["Oscar Outsider"]);
    expect((await download(client, `/team/matrix.csv?department=${accounting.id}`)).rows.map((r) => r[0])).toEqual([
      "Oscar Outsider",
    ]);
    expect((await download(client, `/team/matrix.csv?department=${legal.id}`)).rows).toEqual([]);
    expect((await download(client, "/team/overdue.csv")).rows.map((r) => r[0])).toEqual(["Oscar Outsider"]);

    const outsider = await signedIn(employee);
    for (const path of ["/team/matrix.csv", "/team/overdue.csv", "/admin/people/export.csv", "/admin/audit.csv"]) {
      const response = await outsider.get(path);
      expect(response.status, path).toBe(403);
      expect(response.headers.get("Content-Type"), path).not.toContain("text/csv");
    }
    const manager = await signedIn(olga);
    for (const path of ["/admin/people/export.csv", "/admin/audit.csv"]) {
      expect((await manager.get(path)).status, path).toBe(403);
    }
    const stranger = await testApp();
    const signedOut = await stranger.client.get("/team/matrix.csv");
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toContain("/login");
  });

  it("is offered on the page with the filters the page shows", async () => {
    const { legal, boss, signedIn } = await aCompany();
    const client = await signedIn(boss);
    const page = await html(client, `/team?direct=1&department=${legal.id}&page=2`);
    expect(visibleText(page)).toContain("Download CSV");
    expect(linksIn(page)).toContain(`/team/matrix.csv?direct=1&department=${legal.id}`);
    const overdue = await html(client, `/team/overdue?department=${legal.id}`);
    expect(linksIn(overdue)).toContain(`/team/overdue.csv?department=${legal.id}`);
  });
});

describe("the matrix download of a 10,000-person team", () => {
  it("holds every person once, in the page's order, read in slices rather than a query per person", async () => {
    const app = await testApp();
    const { db } = app;
    const departments = await Promise.all([0, 1, 2, 3].map((n) => aDepartment(db, { name: `Floor ${n}` })));
    const boss = await aPerson(db, {
      name: "Mina Manager",
      email: "mina@example.com",
      passwordHash,
      department: departments[0],
      isManager: true,
    });
    const ids: number[] = [];
    for (let i = 0; i < 10_000; i += 400) {
      const rows = Array.from({ length: 400 }, (_, k) => ({
        name: `Member ${String((i + k) % 4999).padStart(4, "0")}`,
        email: `member${i + k}@example.com`,
        departmentId: departments[(i + k) % 4].id,
        managerId: boss.id,
      }));
      ids.push(...(await db.insert(schema.people).values(rows).returning({ id: schema.people.id })).map((r) => r.id));
    }
    const practice = await aModule(db, { title: "Practice" });
    await aModule(db, { title: "Core for all", core: true });
    for (let i = 0; i < ids.length; i += 400) {
      await db.insert(schema.assignments).values(
        ids.slice(i, i + 400).map((personId, k) => ({
          personId,
          moduleId: practice.id,
          dueAt: TEST_NOW + ((k % 20) - 5) * DAY,
          dueOn: new Date(TEST_NOW + ((k % 20) - 5) * DAY).toISOString().slice(0, 10),
          assignedById: boss.id,
          status: "open" as const,
        })),
      );
    }

    // The download served on a connection that counts its statements.
    const statements: string[] = [];
    const logger: Logger = { logQuery: (sql) => statements.push(sql) };
    const counted = openDatabase(app.url, undefined, { logger });
    const handle = await productionHandler();
    const client = new TestClient((request) =>
      handle(request, { db: counted, now: TEST_NOW, requestId: randomUUID(), nonce: "", clientAddress: "127.0.0.1" }),
    );
    await client.signIn("mina@example.com", PASSWORD);
    statements.length = 0;
    const started = performance.now();
    const { header, rows } = await download(client, "/team/matrix.csv");
    const took = performance.now() - started;
    counted.$client.close();

    expect(header.slice(4)).toEqual([
      "Core for all",
      "Core for all: due day",
      "Practice",
      "Practice: due day",
      "Modules done",
      "Modules to hold",
    ]);
    expect(rows).toHaveLength(10_000);
    expect(new Set(rows.map((r) => r[1])).size).toBe(10_000);
    const names = rows.map((r) => r[0]);
    expect(names).toEqual([...names].sort());
    // Due at this very instant counts as late: six of every twenty.
    expect(rows.filter((r) => r[6] === "Overdue").length).toBe(3_000);
    expect(statements.length, "statements for 10,000 people").toBeLessThan(400);
    expect(took, "milliseconds for 10,000 people").toBeLessThan(15_000);
  });
});

describe("the overdue download", () => {
  it("lists every overdue module the overdue list shows, with the due day and the days overdue", async () => {
    const { boss, signedIn } = await aCompany();
    const client = await signedIn(boss);
    const page = await html(client, "/team/overdue");
    const items = [...page.matchAll(/<li>([\s\S]*?)<\/li>/g)]
      .map((m) => visibleText(m[1]))
      .filter((text) => /days? late/.test(text));
    const { header, rows } = await download(client, "/team/overdue.csv");
    expect(header).toEqual(["Person", "Email", "Module", "Due day", "Days overdue"]);
    expect(rows).toHaveLength(items.length);
    expect(rows.length).toBe(11);
    for (const [i, [person, , module, dueDay, late]] of rows.entries()) {
      const [year, month, day] = dueDay.split("-").map(Number);
      const shownDay = new Date(Date.UTC(year, month - 1, day)).toLocaleDateString("en-GB", {
        timeZone: "UTC",
        weekday: "short",
        day: "numeric",
        month: "short",
        year: "numeric",
      });
      expect(items[i]).toBe(
        `${person} ${late === "1" ? "1 day" : `${late} days`} late ${module} · was due ${shownDay.replace(",", "")}`,
      );
    }
    // Due 29 days before now: late since that day ended, the 30th day late today.
    expect(rows[0]).toEqual(["Report 27", expect.any(String), "Sit in on a sales call", "2027-01-31", "30"]);
    expect(rows.find((r) => r[0] === ZOE)?.slice(3)).toEqual(["2027-02-25", "5"]);
  });
});

describe("the people download", () => {
  it("holds everyone the directory's filters find, every page of them, as the directory shows them", async () => {
    const { legal, admin, signedIn } = await aCompany();
    const client = await signedIn(admin);
    const { header, rows } = await download(client, "/admin/people/export.csv?status=all");
    expect(header).toEqual(["Name", "Email", "Job title", "Department", "Manager", "Roles", "Status", "Time zone"]);
    expect(rows).toHaveLength(36);
    expect(rows.find((r) => r[0] === "Gina Gone")?.[6]).toBe("Switched off");
    expect(rows.find((r) => r[0] === "Ada Admin")?.slice(3, 8)).toEqual([
      "Legal",
      "",
      "Admin",
      "Active",
      "Europe/Helsinki",
    ]);
    expect(rows.find((r) => r[1] === "zoe@example.com")?.slice(0, 5)).toEqual([
      ZOE,
      "zoe@example.com",
      "",
      "Accounting",
      "Report 01",
    ]);

    const query = `q=report&department=${legal.id}`;
    const page = await html(client, `/admin/people?${query}`);
    const shown = [...page.matchAll(/<th scope="row"[^>]*><a [^>]*>([\s\S]*?)<\/a>/g)].map((m) => visibleText(m[1]));
    const filtered = await download(client, `/admin/people/export.csv?${query}`);
    expect(filtered.rows.map((r) => r[0])).toEqual(shown);
    expect(shown).toEqual([
      "Report 00",
      "Report 03",
      "Report 06",
      "Report 09",
      "Report 12",
      "Report 15",
      "Report 18",
      "Report 21",
      "Report 24",
      "Report 27",
    ]);
    expect(linksIn(page)).toContain(`/admin/people/export.csv?${query}`);

    const formula = await download(client, "/admin/people/export.csv?q=hyperlink");
    expect(formula.rows.map((r) => r[0])).toEqual([`'${FORMULA}`]);
  });
});

describe("the audit log download", () => {
  it("holds every entry the filters find, newest first, in the admin's zone and in UTC", async () => {
    const { db, admin, boss, signedIn } = await aCompany();
    for (let i = 0; i < 60; i++) {
      await recordAudit(db, {
        at: TEST_NOW - i * 3 * 60 * 60 * 1000,
        actorId: i % 2 === 0 ? boss.id : null,
        action: i % 3 === 0 ? "assignment.created" : "booking.created",
        entityType: i % 3 === 0 ? "assignment" : "booking",
        entityId: 100 + i,
        summary: i === 0 ? `Assigned "Sit in, first" to ${ZOE}` : `Change ${i}`,
      });
    }
    const client = await signedIn(admin);
    const all = await download(client, "/admin/audit.csv");
    expect(all.header).toEqual([
      "When (Europe/Helsinki)",
      "When (UTC)",
      "Who",
      "Email",
      "Action",
      "Record",
      "What happened",
    ]);
    expect(all.rows).toHaveLength(60);
    // TEST_NOW is 09:00 UTC, 11:00 in Helsinki.
    expect(all.rows[0]).toEqual([
      "2027-03-01 11:00",
      "2027-03-01T09:00:00.000Z",
      "Beatrice Boss",
      "beatrice@example.com",
      "Assignment created",
      "Assignment 100",
      `Assigned "Sit in, first" to ${ZOE}`,
    ]);
    expect(all.rows[1].slice(0, 4)).toEqual([
      "2027-03-01 08:00",
      "2027-03-01T06:00:00.000Z",
      "Frontline (automatic)",
      "",
    ]);

    // Two pages of the filtered log on screen, the same entries in the download.
    const query = "action=booking.created&from=2027-02-25";
    const shown: string[] = [];
    for (let page = 1; ; page++) {
      const text = await html(client, `/admin/audit?${query}&page=${page}`);
      if (page === 1) expect(linksIn(text)).toContain(`/admin/audit.csv?${query}`);
      shown.push(...[...text.matchAll(/<time datetime="([^"]+)"/gi)].map((m) => m[1]));
      if (!text.includes('rel="next"')) break;
    }
    const filtered = await download(client, `/admin/audit.csv?${query}`);
    expect(filtered.rows.map((r) => r[1])).toEqual(shown);
    expect(filtered.rows.every((r) => r[4] === "Booking created")).toBe(true);
    expect(filtered.rows.length).toBeGreaterThan(0);
  });

  it("gives every entry of a long log once, newest first, also where many share the same moment", async () => {
    const { db, admin, signedIn } = await aCompany();
    // 4,500 entries, three at each moment: more than one read's worth, with ties to break by order of writing.
    await recordAuditRows(
      db,
      Array.from({ length: 4_500 }, (_, i) => ({
        at: TEST_NOW - Math.floor(i / 3) * 60_000,
        actorId: null,
        action: "booking.created",
        entityType: "booking" as const,
        entityId: i + 1,
        summary: `Entry ${i + 1}`,
      })),
    );
    const { rows } = await download(await signedIn(admin), "/admin/audit.csv");
    expect(rows).toHaveLength(4_500);
    // Newest first; at the same moment, the one written last first.
    const expected = Array.from({ length: 4_500 }, (_, k) => {
      const moment = Math.floor(k / 3);
      return `Entry ${moment * 3 + 3 - (k % 3)}`;
    });
    expect(rows.map((r) => r[6])).toEqual(expected);
  });
});
