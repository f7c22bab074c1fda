/**
 * Signing in as an attacker would try it, through the real request handler: copied cookies after
 * the sign-in they carry has ended, sign-ins that lapse on the test clock, the "Where you're
 * signed in" page, throttled guessing, and redirect targets that try to leave the site.
 */
import { and, asc, desc, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/auth.server";
import { schema, type Db } from "~/db.server";
import { DAY, MINUTE } from "~/domain/time";
import { issueAccountToken, requestPasswordReset } from "~/models/mail/account-tokens.server";
import { applyStaffImport } from "~/models/staff-import.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed";
import { testApp, type TestClient } from "../support/app";
import { textOf } from "../support/html";

const account = (label: string) => DEMO_ACCOUNTS.find((a) => a.roleLabel === label)!;
const EMPLOYEE = () => account("Employee");
const ADMIN = () => account("Admin");
const MANAGER = () => account("Manager");

const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

const SECOND = 1000;

type App = Awaited<ReturnType<typeof testApp>>;

async function personByEmail(db: Db, email: string) {
  const [person] = await db.select().from(schema.people).where(eq(schema.people.email, email));
  return person;
}

/** Posts a form as a browser without JavaScript would, from `address`, naming itself `userAgent`. */
function postAs(
  client: TestClient,
  path: string,
  fields: Record<string, string | number>,
  from: { address?: string; userAgent?: string } = {},
) {
  const headers: Record<string, string> = {
    "Content-Type": "application/x-www-form-urlencoded",
    Origin: client.origin,
  };
  if (from.address) headers["X-Forwarded-For"] = from.address;
  if (from.userAgent) headers["User-Agent"] = from.userAgent;
  const body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));
  return client.request(path, { method: "POST", body, headers });
}

async function signedInClient(app: App, email: string, userAgent?: string) {
  const client = app.client.another();
  const response = await postAs(client, "/login", { email, password: DEMO_PASSWORD, redirectTo: "/" }, { userAgent });
  expect(response.status, `sign-in as ${email}`).toBe(302);
  return client;
}

/** Another browser holding a copy of `client`'s cookies, as someone who copied them would. */
function copyOf(client: TestClient): TestClient {
  const copy = client.another();
  copy.setCookieHeader(client.cookieHeader);
  return copy;
}

async function expectSignedIn(client: TestClient) {
  const response = await client.get("/progress");
  expect(response.status).toBe(200);
}

async function expectSignedOut(client: TestClient) {
  const response = await client.get("/progress");
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fprogress");
}

/** The admin form's fields for a person as they are, to change one thing. */
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

async function endings(db: Db, personId: number) {
  return db
    .select()
    .from(schema.auditLog)
    .where(
      and(
        eq(schema.auditLog.action, "sign_in.ended"),
        eq(schema.auditLog.entityType, "person"),
        eq(schema.auditLog.entityId, personId),
      ),
    )
    .orderBy(asc(schema.auditLog.id));
}

describe("a copied sign-in cookie", () => {
  it("is refused after sign-out", async () => {
    const app = await testApp({ template: "demo" });
    const browser = await signedInClient(app, EMPLOYEE().email);
    const copy = copyOf(browser);
    await expectSignedIn(copy);

    const out = await browser.post("/logout", {});
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toBe("/login");
    await expectSignedOut(browser);
    await expectSignedOut(copy);

    const employee = await personByEmail(app.db, EMPLOYEE().email);
    const [ended] = await endings(app.db, employee.id);
    expect(ended).toMatchObject({ actorId: employee.id, details: { reason: "signed_out" } });
  });

  it("is refused after an admin sets a new password, and the new password works", async () => {
    const app = await testApp({ template: "demo" });
    const copy = copyOf(await signedInClient(app, EMPLOYEE().email));
    const admin = await signedInClient(app, ADMIN().email);
    const employee = await personByEmail(app.db, EMPLOYEE().email);

    const saved = await admin.post(`/admin/people/${employee.id}`, {
      ...(await personFields(app.db, EMPLOYEE().email)),
      password: "a-brand-new-password",
    });
    expect(saved.status).toBe(302);
    await expectSignedOut(copy);
    await expectSignedIn(admin);

    const adminPerson = await personByEmail(app.db, ADMIN().email);
    const [ended] = await endings(app.db, employee.id);
    expect(ended).toMatchObject({ actorId: adminPerson.id, details: { reason: "password_changed" } });
    expect(ended.summary).toContain("their password was changed");
    const fresh = app.client.another();
    expect((await fresh.post("/login", { email: EMPLOYEE().email, password: "a-brand-new-password" })).status).toBe(
      302,
    );
  });

  it("is refused after the person sets a password with a reset link, in every browser", async () => {
    const app = await testApp({ template: "demo" });
    const browser = await signedInClient(app, EMPLOYEE().email);
    const copy = copyOf(browser);
    const employee = await personByEmail(app.db, EMPLOYEE().email);
    await requestPasswordReset(app.db, { email: EMPLOYEE().email, now: app.clock.now() });
    const [message] = await app.db
      .select({ id: schema.outboxMessages.id })
      .from(schema.outboxMessages)
      .where(and(eq(schema.outboxMessages.kind, "password_reset"), eq(schema.outboxMessages.personId, employee.id)));
    const token = await issueAccountToken(app.db, {
      personId: employee.id,
      purpose: "reset",
      messageId: message.id,
      now: app.clock.now(),
    });

    const set = await browser.post(`/password/${token}`, { password: "chosen-by-me-1", confirm: "chosen-by-me-1" });
    expect(set.status).toBe(302);
    expect(set.headers.get("Location")).toBe(`/login?email=${encodeURIComponent(EMPLOYEE().email)}`);
    // The notice still reaches the sign-in page, in its own cookie.
    expect(await textOf(await browser.get(set.headers.get("Location")!))).toContain("Your password is set.");
    await expectSignedOut(browser);
    await expectSignedOut(copy);
    const [ended] = await endings(app.db, employee.id);
    expect(ended).toMatchObject({ actorId: employee.id, details: { reason: "password_set_by_link" } });
  });

  it("is refused after a change of roles", async () => {
    const app = await testApp({ template: "demo" });
    const copy = copyOf(await signedInClient(app, EMPLOYEE().email));
    const admin = await signedInClient(app, ADMIN().email);
    const employee = await personByEmail(app.db, EMPLOYEE().email);

    const saved = await admin.post(`/admin/people/${employee.id}`, {
      ...(await personFields(app.db, EMPLOYEE().email)),
      host: "on",
    });
    expect(saved.status).toBe(302);
    await expectSignedOut(copy);
    const [ended] = await endings(app.db, employee.id);
    expect(ended.details).toMatchObject({ reason: "roles_changed" });
  });

  it("is refused after the staff import changes the person's roles", async () => {
    const app = await testApp({ template: "demo" });
    const copy = copyOf(await signedInClient(app, EMPLOYEE().email));
    const bystander = await signedInClient(app, MANAGER().email);
    const employee = await personByEmail(app.db, EMPLOYEE().email);
    const admin = await personByEmail(app.db, ADMIN().email);
    const [department] = await app.db
      .select()
      .from(schema.departments)
      .where(eq(schema.departments.id, employee.departmentId));
    const imported = await applyStaffImport(app.db, {
      text: `name,email,department,roles\n${employee.name},${employee.email},${department.name},host\n`,
      actorId: admin.id,
      now: app.clock.now(),
    });
    expect(imported.ok).toBe(true);
    await expectSignedOut(copy);
    await expectSignedIn(bystander);
    const [ended] = await endings(app.db, employee.id);
    expect(ended).toMatchObject({ actorId: admin.id, details: { reason: "roles_changed" } });
  });

  it("is refused after the person is switched off, and stays refused when they are switched on again", async () => {
    const app = await testApp({ template: "demo" });
    const copy = copyOf(await signedInClient(app, EMPLOYEE().email));
    const admin = await signedInClient(app, ADMIN().email);
    const employee = await personByEmail(app.db, EMPLOYEE().email);
    const fields = await personFields(app.db, EMPLOYEE().email);

    const { active: _on, ...off } = fields;
    expect((await admin.post(`/admin/people/${employee.id}`, off)).status).toBe(302);
    await expectSignedOut(copy);
    expect((await admin.post(`/admin/people/${employee.id}`, fields)).status).toBe(302);
    await expectSignedOut(copy);
    const [ended] = await endings(app.db, employee.id);
    expect(ended.details).toMatchObject({ reason: "switched_off" });
  });

  it("keeps an admin signed in where they change their own password, and ends their other sign-ins", async () => {
    const app = await testApp({ template: "demo" });
    const here = await signedInClient(app, ADMIN().email);
    const elsewhere = await signedInClient(app, ADMIN().email);
    const me = await personByEmail(app.db, ADMIN().email);

    const saved = await here.post(`/admin/people/${me.id}`, {
      ...(await personFields(app.db, ADMIN().email)),
      password: "my-own-new-password",
    });
    expect(saved.status).toBe(302);
    await expectSignedIn(here);
    await expectSignedOut(elsewhere);
  });
});

describe("a sign-in lapses", () => {
  it("after a week without use, counted from the last request", async () => {
    const app = await testApp({ template: "demo" });
    const browser = await signedInClient(app, EMPLOYEE().email);
    app.clock.advance(7 * DAY - MINUTE);
    await expectSignedIn(browser);
    app.clock.advance(7 * DAY - MINUTE);
    await expectSignedIn(browser);
    app.clock.advance(7 * DAY);
    await expectSignedOut(browser);
  });

  it("thirty days after it began, however busy", async () => {
    const app = await testApp({ template: "demo" });
    const start = app.clock.now();
    const browser = await signedInClient(app, EMPLOYEE().email);
    for (let day = 6; day < 30; day += 6) {
      app.clock.set(start + day * DAY);
      await expectSignedIn(browser);
    }
    app.clock.set(start + 30 * DAY - MINUTE);
    await expectSignedIn(browser);
    app.clock.set(start + 30 * DAY);
    await expectSignedOut(browser);
  });

  it("notes the last request at most once a minute", async () => {
    const app = await testApp({ template: "demo" });
    const start = app.clock.now();
    const browser = await signedInClient(app, EMPLOYEE().email);
    const lastSeen = async () => (await app.db.select().from(schema.signIns))[0].lastSeenAt;
    app.clock.advance(30 * SECOND);
    await expectSignedIn(browser);
    expect(await lastSeen()).toBe(start);
    app.clock.advance(31 * SECOND);
    await expectSignedIn(browser);
    expect(await lastSeen()).toBe(start + 61 * SECOND);
  });
});

describe("where you're signed in", () => {
  it("lists the browsers, marks this one, and signs out everywhere else", async () => {
    const app = await testApp({ template: "demo" });
    const here = await signedInClient(app, EMPLOYEE().email, FIREFOX);
    const phone = await signedInClient(app, EMPLOYEE().email, IPHONE);
    const third = await signedInClient(app, EMPLOYEE().email);
    const someoneElse = await signedInClient(app, MANAGER().email);

    const page = await textOf(await here.get("/account/sessions"));
    expect(page).toContain("Where you're signed in");
    expect(page).toContain("Firefox on Windows This browser");
    expect(page).toContain("Safari on an iPhone");
    expect(page).toContain("3 browsers");

    const response = await here.post("/account/sessions", { intent: "sign-out-others" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account/sessions");
    const after = await textOf(await here.get("/account/sessions"));
    expect(after).toContain("Signed out everywhere else (2 browsers). You're still signed in here.");
    expect(after).toContain("You're signed in only in this browser.");
    await expectSignedIn(here);
    await expectSignedOut(phone);
    await expectSignedOut(third);
    await expectSignedIn(someoneElse);

    const employee = await personByEmail(app.db, EMPLOYEE().email);
    const [ended] = await endings(app.db, employee.id);
    expect(ended).toMatchObject({ actorId: employee.id, details: { reason: "signed_out_elsewhere" } });
  });

  it("lists fifty browsers, this one first and then the most recently used, says how many more, and signs them all out", async () => {
    const app = await testApp({ template: "demo" });
    const here = await signedInClient(app, EMPLOYEE().email, FIREFOX);
    const employee = await personByEmail(app.db, EMPLOYEE().email);
    // Sixty other browsers, each used after this one (a script that signed in again and again).
    const start = app.clock.now();
    await app.db.insert(schema.signIns).values(
      Array.from({ length: 60 }, (_, i) => ({
        personId: employee.id,
        tokenHash: `other-${i}`,
        createdAt: start,
        lastSeenAt: start + (i + 1) * SECOND,
        expiresAt: start + 30 * DAY,
        userAgent: IPHONE,
        clientAddress: `192.0.2.${i + 1}`,
      })),
    );

    const page = await textOf(await here.get("/account/sessions"));
    expect(page).toContain("61 browsers");
    expect(page).toContain("Firefox on Windows This browser");
    // This browser, then the 49 used most recently: 192.0.2.60 down to 192.0.2.12.
    expect(page).toContain("from 192.0.2.60");
    expect(page).toContain("from 192.0.2.12 ");
    expect(page).not.toContain("from 192.0.2.11 ");
    expect(page).toContain("And 11 more browsers, used less recently. Signing out everywhere else ends them too.");

    await here.post("/account/sessions", { intent: "sign-out-others" });
    const after = await textOf(await here.get("/account/sessions"));
    expect(after).toContain("Signed out everywhere else (60 browsers). You're still signed in here.");
    expect(after).toContain("1 browser");
    expect(after).not.toContain("more browser");
  });

  it("signs out one other browser, and never someone else's", async () => {
    const app = await testApp({ template: "demo" });
    const here = await signedInClient(app, EMPLOYEE().email);
    const phone = await signedInClient(app, EMPLOYEE().email, IPHONE);
    const manager = await signedInClient(app, MANAGER().email);
    const rows = await app.db.select().from(schema.signIns).orderBy(asc(schema.signIns.id));
    const [, phoneSignIn, managerSignIn] = rows;

    const theirs = await here.post("/account/sessions", { intent: "sign-out-one", signInId: managerSignIn.id });
    expect(theirs.status).toBe(302);
    await expectSignedIn(manager);
    expect(await textOf(await here.get("/account/sessions"))).toContain("That browser was already signed out.");

    await here.post("/account/sessions", { intent: "sign-out-one", signInId: phoneSignIn.id });
    await expectSignedOut(phone);
    await expectSignedIn(here);

    const nonsense = await here.post("/account/sessions", { intent: "sign-out-one", signInId: "many" });
    expect(nonsense.status).toBe(400);
    expect(await textOf(nonsense)).toContain("That action isn't available here.");
  });

  it("is linked from the Notifications page", async () => {
    const app = await testApp({ template: "demo" });
    const here = await signedInClient(app, EMPLOYEE().email);
    const html = await (await here.get("/notifications")).text();
    expect(html).toContain('href="/account/sessions"');
  });

  it("lets an admin sign a person out everywhere", async () => {
    const app = await testApp({ template: "demo" });
    const laptop = await signedInClient(app, EMPLOYEE().email);
    const phone = await signedInClient(app, EMPLOYEE().email, IPHONE);
    const admin = await signedInClient(app, ADMIN().email);
    const employee = await personByEmail(app.db, EMPLOYEE().email);

    const page = await textOf(await admin.get(`/admin/people/${employee.id}`));
    expect(page).toContain("Signed in on 2 browsers.");
    const response = await admin.post(`/admin/people/${employee.id}`, { intent: "sign-out-everywhere" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/admin/people/${employee.id}`);
    const after = await textOf(await admin.get(`/admin/people/${employee.id}`));
    expect(after).toContain(`Signed ${employee.name} out everywhere (2 browsers).`);
    expect(after).toContain("They aren't signed in anywhere.");
    await expectSignedOut(laptop);
    await expectSignedOut(phone);
    await expectSignedIn(admin);

    const adminPerson = await personByEmail(app.db, ADMIN().email);
    const [ended] = await endings(app.db, employee.id);
    expect(ended).toMatchObject({ actorId: adminPerson.id, details: { reason: "signed_out_by_admin" } });
    expect(ended.summary).toBe(`${employee.name} was signed out everywhere by an admin (2 sign-ins).`);
  });

  it("is refused to an employee who signs a person out from the admin page", async () => {
    const app = await testApp({ template: "demo" });
    const manager = await signedInClient(app, MANAGER().email);
    const employee = await signedInClient(app, EMPLOYEE().email);
    const managerPerson = await personByEmail(app.db, MANAGER().email);
    const response = await employee.post(`/admin/people/${managerPerson.id}`, { intent: "sign-out-everywhere" });
    expect(response.status).toBe(403);
    await expectSignedIn(manager);
  });
});

describe("repeated wrong passwords", () => {
  const wrong = (client: TestClient, email: string, from?: string) =>
    postAs(client, "/login", { email, password: "not-the-password" }, { address: from });

  it("delay the sixth in a minute and say so, and refuse even the right password until the delay ends", async () => {
    const app = await testApp({ template: "demo" });
    const client = app.client.another();
    for (let i = 1; i <= 5; i++) {
      const response = await wrong(client, EMPLOYEE().email);
      expect(response.status, `try ${i}`).toBe(400);
      app.clock.advance(5 * SECOND);
    }
    const sixth = await wrong(client, EMPLOYEE().email);
    expect(sixth.status).toBe(429);
    expect(await textOf(sixth)).toContain("Too many attempts. Try again in 1 minute.");
    expect(Number(sixth.headers.get("Retry-After"))).toBeGreaterThan(0);

    app.clock.advance(30 * SECOND);
    const right = await postAs(client, "/login", { email: EMPLOYEE().email, password: DEMO_PASSWORD });
    expect(right.status).toBe(429);
    expect(right.headers.get("Set-Cookie")).toBeNull();
    expect(await textOf(right)).toContain("Too many attempts. Try again in 1 minute.");

    // The lock began at the fifth failure, 20 seconds after the first, and ends a minute later.
    app.clock.advance(24 * SECOND);
    expect((await postAs(client, "/login", { email: EMPLOYEE().email, password: DEMO_PASSWORD })).status).toBe(429);
    app.clock.advance(1 * SECOND);
    const afterwards = await postAs(client, "/login", { email: EMPLOYEE().email, password: DEMO_PASSWORD });
    expect(afterwards.status).toBe(302);
    await expectSignedIn(client);
  });

  it("count simultaneous tries one by one, so a burst gets no more than the limit", async () => {
    const app = await testApp({ template: "demo" });
    const burst = await Promise.all(Array.from({ length: 12 }, () => wrong(app.client.another(), EMPLOYEE().email)));
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    const right = await postAs(app.client.another(), "/login", { email: EMPLOYEE().email, password: DEMO_PASSWORD });
    expect(right.status).toBe(429);
  });

  it("give an address that is nobody's the very same answer", async () => {
    const app = await testApp({ template: "demo" });
    const answers: { status: number; text: string }[][] = [];
    for (const email of [EMPLOYEE().email, "nobody@northwind-energy.example"]) {
      const client = app.client.another();
      const seen: { status: number; text: string }[] = [];
      for (let i = 1; i <= 7; i++) {
        const response = await wrong(client, email, `198.51.100.${answers.length + 1}`);
        // What the form says above its fields.
        const said = /.*Sign in (.*?) Work email/.exec(await textOf(response))?.[1] ?? "";
        seen.push({ status: response.status, text: said });
      }
      answers.push(seen);
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[0].map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 429, 429]);
    expect(answers[0][6].text).toBe("Too many attempts. Try again in 1 minute.");
  });

  it("lock again for twice as long when the failures go on after a lock", async () => {
    const app = await testApp({ template: "demo" });
    const client = app.client.another();
    for (let i = 1; i <= 5; i++) await wrong(client, EMPLOYEE().email);
    app.clock.advance(MINUTE);
    expect((await wrong(client, EMPLOYEE().email)).status).toBe(400);
    const next = await wrong(client, EMPLOYEE().email);
    expect(next.status).toBe(429);
    expect(await textOf(next)).toContain("Try again in 2 minutes.");
  });

  it("are forgotten for the account once it signs in", async () => {
    const app = await testApp({ template: "demo" });
    const client = app.client.another();
    for (let i = 1; i <= 4; i++) await wrong(client, EMPLOYEE().email);
    expect((await postAs(client, "/login", { email: EMPLOYEE().email, password: DEMO_PASSWORD })).status).toBe(302);
    const other = app.client.another();
    for (let i = 1; i <= 4; i++) expect((await wrong(other, EMPLOYEE().email)).status).toBe(400);
    expect((await postAs(other, "/login", { email: EMPLOYEE().email, password: DEMO_PASSWORD })).status).toBe(302);
  });

  it("lock one address after twenty failures, whichever accounts they were for", async () => {
    const app = await testApp({ template: "demo" });
    const client = app.client.another();
    const guessed = ["a", "b", "c", "d", "e"].map((name) => `${name}@northwind-energy.example`);
    for (const email of guessed) {
      for (let i = 1; i <= 4; i++) expect((await wrong(client, email, "203.0.113.9")).status).toBe(400);
    }
    const fromThere = await postAs(
      client,
      "/login",
      { email: EMPLOYEE().email, password: DEMO_PASSWORD },
      { address: "203.0.113.9" },
    );
    expect(fromThere.status).toBe(429);
    expect(await textOf(fromThere)).toContain("Too many attempts. Try again in 1 minute.");
    const fromElsewhere = await postAs(
      app.client.another(),
      "/login",
      { email: EMPLOYEE().email, password: DEMO_PASSWORD },
      { address: "203.0.113.10" },
    );
    expect(fromElsewhere.status).toBe(302);
  });

  it("are written to the audit log, with the person when known, and never the password", async () => {
    const app = await testApp({ template: "demo" });
    const client = app.client.another();
    const employee = await personByEmail(app.db, EMPLOYEE().email);
    for (let i = 1; i <= 5; i++) await wrong(client, EMPLOYEE().email, "192.0.2.7");
    await wrong(client, "nobody@northwind-energy.example", "192.0.2.7");

    const rows = await app.db
      .select()
      .from(schema.auditLog)
      .where(like(schema.auditLog.action, "sign_in.%"))
      .orderBy(desc(schema.auditLog.id));
    const failed = rows.filter((r) => r.action === "sign_in.failed");
    expect(failed).toHaveLength(6);
    expect(failed.filter((r) => r.entityId === employee.id)).toHaveLength(5);
    expect(failed[0]).toMatchObject({ entityType: "person", entityId: null, actorId: null });
    expect(failed[0].summary).toBe(
      "A sign-in as nobody@northwind-energy.example from 192.0.2.7 failed: no one has that address.",
    );
    const [locked] = rows.filter((r) => r.action === "sign_in.locked");
    expect(locked).toMatchObject({ entityType: "person", entityId: employee.id });
    expect(locked.summary).toBe(`Signing in as ${EMPLOYEE().email} is locked for 1 minute after 5 failed tries.`);
    expect(JSON.stringify(rows)).not.toContain("not-the-password");
  });
});

describe("redirects after signing in", () => {
  const PAYLOADS = [
    "/\t/evil.example",
    "//evil.example",
    "/\\evil.example",
    "https://evil.example",
    "/%0d%0aSet-Cookie:x",
    "/\nSet-Cookie: x=1",
    "/\r\n//evil.example",
    "javascript:alert(1)",
    "/\u0000/evil.example",
    "/./\\/evil.example",
    "/a/../..//evil.example",
  ];

  it.each(PAYLOADS)("lands on our own site for %j", async (payload) => {
    const app = await testApp({ template: "demo" });
    const client = app.client.another();
    const response = await postAs(client, "/login", {
      email: EMPLOYEE().email,
      password: DEMO_PASSWORD,
      redirectTo: payload,
    });
    expect(response.status).toBe(302);
    const location = response.headers.get("Location")!;
    expect(new URL(location, client.origin).origin).toBe(client.origin);
    expect(location).toMatch(/^\/(?![/\\])/);
    expect(response.headers.getSetCookie().some((c) => c.startsWith("x="))).toBe(false);
    expect((await client.get(`/login?redirectTo=${encodeURIComponent(payload)}`)).status).toBeLessThan(500);
  });

  it("keeps a path on this site, with its query", async () => {
    const app = await testApp({ template: "demo" });
    const response = await postAs(app.client.another(), "/login", {
      email: EMPLOYEE().email,
      password: DEMO_PASSWORD,
      redirectTo: "/sessions?kind=2#soon",
    });
    expect(response.headers.get("Location")).toBe("/sessions?kind=2#soon");
  });

  it("sends the assign page's return address through the same check", async () => {
    const app = await testApp({ template: "demo" });
    const manager = await signedInClient(app, MANAGER().email);
    const managerPerson = await personByEmail(app.db, MANAGER().email);
    const [report] = await app.db
      .select()
      .from(schema.people)
      .where(and(eq(schema.people.managerId, managerPerson.id), eq(schema.people.active, true)))
      .limit(1);
    const [module] = await app.db.select().from(schema.serviceModules).where(eq(schema.serviceModules.active, true));
    const response = await postAs(manager, "/team/assign", {
      moduleId: module.id,
      dueOn: "2030-05-01",
      personIds: report.id,
      returnTo: "/\t/evil.example",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/team");
  });

  it("refuses every payload in the check itself", () => {
    for (const payload of PAYLOADS) {
      const target = safeRedirect(payload, "/home");
      expect(new URL(target, "http://localhost").origin, payload).toBe("http://localhost");
      expect(target, payload).toMatch(/^\/(?![/\\])/);
    }
    expect(safeRedirect("/team/7?tab=1")).toBe("/team/7?tab=1");
    expect(safeRedirect(null, "/team")).toBe("/team");
  });
});
