import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema, type Db } from "~/db.server";
import { isDone, REVOKE_REASON_TEXT } from "~/domain/completion";
import { DAY } from "~/domain/time";
import { progressForPeople, type ModuleProgress } from "~/models/completion.server";
import { MATRIX_PAGE_SIZE } from "~/models/team-matrix.server";
import { testApp, TEST_NOW, type TestClient } from "../support/app";
import { aDepartment, aKind, aModule, anAssignment, aPerson, aSession, type Person } from "../support/builders";
import { linksIn, visibleText } from "../support/html";

const PASSWORD = "a long team password";
const passwordHash = await hashPassword(PASSWORD);
const NOW = TEST_NOW;
const PAGE_LIMIT = 300 * 1024;
const TEAM = 2000;
const DIRECTORS = 4;
const LEADS_PER_DIRECTOR = 10;

type PersonRow = typeof schema.people.$inferInsert;
type AssignmentRow = typeof schema.assignments.$inferInsert;
type CompletionRow = typeof schema.completions.$inferInsert;

/** Rows in slices, so one statement never carries more values than SQLite takes. */
async function insertMany<T extends PersonRow | AssignmentRow | CompletionRow>(
  db: Db,
  table: typeof schema.people | typeof schema.assignments | typeof schema.completions,
  rows: T[],
): Promise<{ id: number }[]> {
  const ids: { id: number }[] = [];
  for (let i = 0; i < rows.length; i += 400) {
    // The three tables share `id`; drizzle's insert types differ per table, so each slice is cast once.
    const slice = rows.slice(i, i + 400) as never[];
    ids.push(...(await db.insert(table).values(slice).returning({ id: table.id })));
  }
  return ids;
}

const dayOfInstant = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Mina manages 2,000 people, three levels deep: 4 directors, 40 leads and everyone below them,
 * spread over five departments, with names that repeat so the order by name needs its tie-break.
 * Every twelfth person is in the same state of training, as a mix: done, expiring soon, expired
 * (live, and ended by a refresh), due soon, due later, overdue (also on a retired module and on
 * an assigned core module), withdrawn, core modules held without an assignment, a withdrawn
 * completion. Some people have left. Olaf's 30 reports are all overdue and must never count.
 */
async function aLargeTeam() {
  const app = await testApp({ now: NOW });
  const { db } = app;
  const departments = await Promise.all([0, 1, 2, 3, 4].map((n) => aDepartment(db, { name: `Scale ${n}` })));
  const mina = await aPerson(db, {
    name: "Mina Manager",
    email: "mina@scale.example",
    passwordHash,
    department: departments[0],
    isManager: true,
  });
  const olaf = await aPerson(db, { name: "Olaf Other", department: departments[1], isManager: true });

  let n = 0;
  const personRow = (managerId: number, fields: Partial<PersonRow> = {}): PersonRow => {
    const i = n++;
    return {
      name: `Member ${String(i % 997).padStart(3, "0")}`,
      email: `member${i}@scale.example`,
      title: i % 3 === 0 ? "" : `Analyst ${i % 7}`,
      departmentId: departments[i % departments.length].id,
      managerId,
      active: i % 50 !== 49,
      ...fields,
    };
  };
  const directors = await insertMany(
    db,
    schema.people,
    Array.from({ length: DIRECTORS }, () => personRow(mina.id, { isManager: true, active: true })),
  );
  const leads = await insertMany(
    db,
    schema.people,
    directors.flatMap((d) =>
      Array.from({ length: LEADS_PER_DIRECTOR }, () => personRow(d.id, { isManager: true, active: true })),
    ),
  );
  const staffCount = TEAM - directors.length - leads.length;
  const staff = await insertMany(
    db,
    schema.people,
    Array.from({ length: staffCount }, (_, k) => personRow(leads[k % leads.length].id)),
  );
  const outsiders = await insertMany(
    db,
    schema.people,
    Array.from({ length: 30 }, () => personRow(olaf.id, { active: true })),
  );

  const coreYearly = await aModule(db, { title: "Core yearly", core: true, validityDays: 365 });
  const coreForever = await aModule(db, { title: "Core forever", core: true });
  const coreRetired = await aModule(db, { title: "Core retired", core: true, active: false });
  const practice = await aModule(db, { title: "Practice" });
  const renewable = await aModule(db, { title: "Renewable", validityDays: 730 });
  const retired = await aModule(db, { title: "Retired practice", active: false });

  const assignments: AssignmentRow[] = [];
  const completions: CompletionRow[] = [];
  const assign = (personId: number, moduleId: number, dueAt: number, status: "open" | "completed" | "withdrawn") =>
    assignments.push({
      personId,
      moduleId,
      dueAt,
      dueOn: dayOfInstant(dueAt),
      assignedById: mina.id,
      status,
      withdrawnAt: status === "withdrawn" ? NOW - DAY : null,
    });
  const complete = (
    personId: number,
    moduleId: number,
    expiresAt: number | null,
    revoked?: { at: number; reason: string },
  ) =>
    completions.push({
      personId,
      moduleId,
      completedAt: NOW - 100 * DAY,
      expiresAt,
      source: "evidence",
      evidence: [],
      revokedAt: revoked?.at ?? null,
      revokedReason: revoked?.reason ?? "",
    });

  const everyone = [...directors, ...leads, ...staff].map((p) => p.id);
  everyone.forEach((id, i) => {
    switch (i % 12) {
      case 0:
        assign(id, practice.id, NOW - (1 + (i % 40)) * DAY, "open");
        break;
      case 1:
        assign(id, practice.id, NOW + (1 + (i % 13)) * DAY, "open");
        break;
      case 2:
        assign(id, practice.id, NOW + 40 * DAY, "open");
        break;
      case 3:
        assign(id, practice.id, NOW - 5 * DAY, "completed");
        complete(id, practice.id, null);
        break;
      case 4:
        assign(id, renewable.id, NOW + 20 * DAY, "completed");
        complete(id, renewable.id, NOW + 10 * DAY);
        break;
      case 5:
        // Expired, and no refresh has ended it yet.
        assign(id, renewable.id, NOW - 30 * DAY, "completed");
        complete(id, renewable.id, NOW - 3 * DAY);
        break;
      case 6:
        // Ended by the refresh: the latest expired completion keeps it reading "expired", not "overdue".
        assign(id, renewable.id, NOW - 30 * DAY, "open");
        complete(id, renewable.id, NOW - 400 * DAY, { at: NOW - 399 * DAY, reason: REVOKE_REASON_TEXT.expired });
        complete(id, renewable.id, NOW - 20 * DAY, { at: NOW - 19 * DAY, reason: REVOKE_REASON_TEXT.expired });
        break;
      case 7:
        assign(id, practice.id, NOW - 10 * DAY, "withdrawn");
        assign(id, renewable.id, NOW - (i % 30) * DAY, "open");
        break;
      case 8:
        assign(id, retired.id, NOW - 2 * DAY, "open");
        break;
      case 9:
        assign(id, coreYearly.id, NOW - 7 * DAY, "open");
        break;
      case 10:
        complete(id, coreForever.id, null);
        // A withdrawn completion leaves the assignment as late as it was.
        assign(id, practice.id, NOW - 4 * DAY, "open");
        complete(id, practice.id, null, { at: NOW - 5 * DAY, reason: REVOKE_REASON_TEXT.evidence_withdrawn });
        break;
      case 11:
        complete(id, coreYearly.id, NOW + 5 * DAY);
        complete(id, coreRetired.id, null);
        break;
    }
    // Due exactly 14 days from now still counts as due soon.
    if (i % 97 === 0 && i % 12 < 4) assign(id, renewable.id, NOW + 14 * DAY, "open");
  });
  for (const { id } of outsiders) assign(id, practice.id, NOW - 3 * DAY, "open");
  await insertMany(db, schema.assignments, assignments);
  await insertMany(db, schema.completions, completions);

  const signedIn = async (person: Person): Promise<TestClient> => {
    const client = app.client.another();
    await client.signIn(person.email, PASSWORD);
    return client;
  };
  return { ...app, mina, olaf, departments, everyone, outsiders: outsiders.map((p) => p.id), signedIn };
}

/** The active people among these ids, with their department and name, read straight from the table. */
async function activeAmong(db: Db, ids: readonly number[]) {
  const wanted = new Set(ids);
  const rows = await db
    .select({
      id: schema.people.id,
      name: schema.people.name,
      departmentId: schema.people.departmentId,
      active: schema.people.active,
    })
    .from(schema.people);
  return rows.filter((p) => wanted.has(p.id) && p.active);
}

/** The counts the way the page used to make them: every member's progress, counted in JavaScript. */
async function countedInJs(db: Db, ids: readonly number[]) {
  const progress = new Map<number, ModuleProgress[]>();
  for (let i = 0; i < ids.length; i += 250) {
    for (const [id, items] of await progressForPeople(db, ids.slice(i, i + 250), NOW)) progress.set(id, items);
  }
  const stats = { people: ids.length, required: 0, done: 0, overdue: 0, dueSoon: 0, expiring: 0 };
  const overdue: string[] = [];
  for (const [personId, items] of progress) {
    for (const item of items) {
      stats.required++;
      if (isDone(item.standing)) stats.done++;
      if (item.standing === "overdue") {
        stats.overdue++;
        overdue.push(`${personId}:${item.module.title}`);
      }
      if (item.standing === "expires_soon" || item.standing === "expired") stats.expiring++;
      if (item.standing === "due" && item.dueAt !== null && item.dueAt - NOW <= 14 * DAY) stats.dueSoon++;
    }
  }
  return { stats, overdue };
}

/** The numbers in the page's header, as a person reads them. */
function headerOf(html: string) {
  const text = visibleText(html);
  const match =
    /(\d+) (?:people|person) in view (\d+|—)%? of required modules done \((\d+) of (\d+)\) (\d+) overdue (\d+) due in the next 14 days (\d+) expiring soon or expired/.exec(
      text,
    );
  if (!match) throw new Error(`No header numbers in: ${text.slice(0, 500)}`);
  const [, people, percent, done, required, overdue, dueSoon, expiring] = match;
  return {
    stats: {
      people: Number(people),
      required: Number(required),
      done: Number(done),
      overdue: Number(overdue),
      dueSoon: Number(dueSoon),
      expiring: Number(expiring),
    },
    percent,
  };
}

/** The people in the matrix's rows, in order. */
function matrixPeople(html: string): number[] {
  return [...html.matchAll(/<th scope="row" class="matrix-person"><a [^>]*href="\/team\/(\d+)"/g)].map((m) =>
    Number(m[1]),
  );
}

/** The overdue list's items as "personId:module title". */
function overdueItems(html: string): string[] {
  const list = /<ul class="list team-overdue-list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? "";
  return list
    .split("<li")
    .slice(1)
    .map((item) => {
      const personId = /href="\/team\/(\d+)"/.exec(item)?.[1];
      const meta = visibleText(/<div class="item-meta">([\s\S]*?)<\/div>/.exec(item)?.[1] ?? "");
      return `${personId}:${/^(.*?)\s+· was due/.exec(meta)?.[1] ?? meta}`;
    });
}

async function getPage(client: TestClient, path: string): Promise<string> {
  const response = await client.get(path);
  expect(response.status, path).toBe(200);
  const html = await response.text();
  expect(Buffer.byteLength(html), `${path} is under 300 KB`).toBeLessThan(PAGE_LIMIT);
  // React 18's streaming renderer leaves a stray NUL where a multi-byte character meets the end
  // of its 2 KB buffer (facebook/react#24985); the words around it are whole.
  return html.replaceAll("\0", "");
}

describe("the team page for a 2,000-person team", () => {
  it("gives the header's numbers exactly as counting every member's progress does", async () => {
    const { db, mina, everyone, departments, signedIn } = await aLargeTeam();
    const client = await signedIn(mina);
    const members = await activeAmong(db, everyone);
    expect(members.length).toBeGreaterThan(1900);

    const whole = await countedInJs(
      db,
      members.map((m) => m.id),
    );
    const page = headerOf(await getPage(client, "/team"));
    expect(page.stats).toEqual(whole.stats);
    expect(page.percent).toBe(String(Math.round((whole.stats.done / whole.stats.required) * 100)));
    // The mix is really there: each number counts something.
    for (const value of Object.values(whole.stats)) expect(value).toBeGreaterThan(0);

    const inDepartment = members.filter((m) => m.departmentId === departments[2].id).map((m) => m.id);
    expect(headerOf(await getPage(client, `/team?department=${departments[2].id}`)).stats).toEqual(
      (await countedInJs(db, inDepartment)).stats,
    );
    const directors = everyone.slice(0, DIRECTORS);
    expect(headerOf(await getPage(client, "/team?direct=1")).stats).toEqual((await countedInJs(db, directors)).stats);
  });

  it("lists the 10 most overdue and offers every other one on pages of their own, each exactly once", async () => {
    const { db, mina, everyone, signedIn } = await aLargeTeam();
    const client = await signedIn(mina);
    const members = await activeAmong(db, everyone);
    const { overdue } = await countedInJs(
      db,
      members.map((m) => m.id),
    );

    const team = await getPage(client, "/team");
    const shown = overdueItems(team);
    expect(shown).toHaveLength(10);
    expect(visibleText(team)).toContain(`The 10 most overdue of ${overdue.length}.`);
    expect(team).toContain('href="/team/overdue"');
    expect(visibleText(team)).toContain(`Show all ${overdue.length} overdue`);

    const seen: string[] = [];
    let first = "";
    for (let page = 1; ; page++) {
      const html = await getPage(client, `/team/overdue?page=${page}`);
      if (page === 1) first = html;
      const items = overdueItems(html);
      const from = (page - 1) * 50 + 1;
      expect(visibleText(html)).toContain(
        `Showing ${from.toLocaleString("en")}–${(from + items.length - 1).toLocaleString("en")} of ${overdue.length.toLocaleString("en")} overdue`,
      );
      seen.push(...items);
      if (!html.includes('rel="next"')) break;
      expect(items).toHaveLength(50);
    }
    expect(seen).toHaveLength(overdue.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...overdue].sort());
    // The team page's ten are the first ten of the full list, the most overdue first.
    expect(shown).toEqual(seen.slice(0, 10));
    expect(overdueItems(first)).toEqual(seen.slice(0, 50));
  });

  it("pages through the matrix with every person exactly once, by name, and never a page over 300 KB", async () => {
    const { db, mina, everyone, outsiders, signedIn } = await aLargeTeam();
    const client = await signedIn(mina);
    const members = await activeAmong(db, everyone);
    const byName = [...members].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));

    const seen: number[] = [];
    for (let page = 1; ; page++) {
      const html = await getPage(client, `/team?page=${page}`);
      const people = matrixPeople(html);
      expect(people.length).toBeGreaterThan(0);
      expect(people.length).toBeLessThanOrEqual(MATRIX_PAGE_SIZE);
      seen.push(...people);
      if (!visibleText(html).includes("Next people")) break;
    }
    expect(seen).toEqual(byName.map((m) => m.id));
    expect(seen.some((id) => outsiders.includes(id))).toBe(false);
  });

  it("offers the rest of the overdue list only when there is more than it shows", async () => {
    const { db, olaf, signedIn, mina } = await aLargeTeam();
    await db
      .update(schema.people)
      .set({ passwordHash, email: "olaf@scale.example" })
      .where(eq(schema.people.id, olaf.id));
    const other = visibleText(await getPage(await signedIn({ ...olaf, email: "olaf@scale.example" }), "/team"));
    expect(other).toContain("The 10 most overdue of 30.");
    expect(other).toContain("Show all 30 overdue");

    // Mina's four directors: one of them is late, and that is the whole list.
    const direct = await getPage(await signedIn(mina), "/team?direct=1");
    expect(overdueItems(direct)).toHaveLength(1);
    expect(visibleText(direct)).not.toContain("Show all");
    expect(visibleText(direct)).not.toContain("most overdue of");
  });
});

describe("a report's page", () => {
  it("offers every past session a page at a time, and says how many more sessions would count", async () => {
    const app = await testApp({ now: NOW });
    const { db } = app;
    const office = await aDepartment(db, { name: "Back office" });
    const field = await aDepartment(db, { name: "Field", kind: "customer_facing" });
    const boss = await aPerson(db, {
      name: "Bea Boss",
      email: "bea@scale.example",
      passwordHash,
      department: office,
      isManager: true,
    });
    const rita = await aPerson(db, { name: "Rita Report", department: office, manager: boss });
    const host = await aPerson(db, { name: "Hugo Host", department: field, isHost: true });
    const kind = await aKind(db, { name: "Install day" });
    const module = await aModule(db, { title: "Ride along", kind });
    await anAssignment(db, { person: rita, module, assignedBy: boss });
    for (let i = 0; i < 45; i++) {
      const session = await aSession(db, { kind, host, startsAt: NOW - (i + 1) * DAY });
      await db
        .insert(schema.bookings)
        .values({ sessionId: session.id, personId: rita.id, bookedById: rita.id, status: "attended" });
    }
    const ahead = [];
    for (let i = 0; i < 8; i++) ahead.push(await aSession(db, { kind, host, startsAt: NOW + (i + 1) * DAY }));
    // Two of the soonest session's three seats are taken by others: its line says one is left.
    for (const name of ["Olga Other", "Otto Other"]) {
      const other = await aPerson(db, { name, department: office });
      await db
        .insert(schema.bookings)
        .values({ sessionId: ahead[0].id, personId: other.id, bookedById: other.id, status: "booked" });
    }
    const client = app.client.another();
    await client.signIn(boss.email, PASSWORD);

    const pastOf = (html: string) =>
      (/aria-labelledby="past-heading">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? "")
        .split("<li")
        .slice(1)
        .map((item) => visibleText(`<li${item}`));
    const seen: string[] = [];
    for (const [page, shown, status] of [
      [1, 20, "Showing 1–20 of 45 past sessions · page 1 of 3"],
      [2, 20, "Showing 21–40 of 45 past sessions · page 2 of 3"],
      [3, 5, "Showing 41–45 of 45 past sessions · page 3 of 3"],
    ] as const) {
      const html = await getPage(client, `/team/${rita.id}?page=${page}`);
      expect(visibleText(html)).toContain(status);
      const items = pastOf(html);
      expect(items).toHaveLength(shown);
      seen.push(...items);
    }
    expect(new Set(seen).size).toBe(45);
    // A link to a page that no longer exists shows the last one.
    const beyond = await getPage(client, `/team/${rita.id}?page=9`);
    expect(visibleText(beyond)).toContain("Showing 41–45 of 45 past sessions · page 3 of 3");
    expect(pastOf(beyond)).toHaveLength(5);

    const first = visibleText(await getPage(client, `/team/${rita.id}`));
    expect(first).toContain("The 5 soonest of 8 sessions in the next four weeks that would count.");
    expect(first).toContain("1 seat left");
    expect(first.match(/3 seats left/g)).toHaveLength(4);
    expect(linksIn(await getPage(client, `/team/${rita.id}`))).toContain(`/sessions?kind=${kind.id}`);

    // Past a hundred, the count stops and says so; Find sessions has them all.
    for (let i = 0; i < 100; i++) await aSession(db, { kind, host, startsAt: NOW + DAY + (i + 1) * 3_600_000 });
    const busy = visibleText(await getPage(client, `/team/${rita.id}`));
    expect(busy).toContain("The 5 soonest of 100 or more sessions in the next four weeks that would count.");
  });
});
