import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { describe, expect, it, onTestFinished } from "vitest";
import { schema, type Db } from "~/db.server";
import { MINUTE } from "~/domain/time";
import { RESET_MINUTES } from "~/mail/messages.server";
import { hashToken } from "~/models/mail/account-tokens.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed";
import { testApp, type TestClient } from "../support/app";
import { fieldValue, textOf, visibleText } from "../support/html";
import { startMailServer, testDispatcher, type ReceivedMail } from "../support/mail";

const account = (label: string) => DEMO_ACCOUNTS.find((a) => a.roleLabel === label)!;
const EMPLOYEE = () => account("Employee");
const ADMIN = () => account("Admin");
const NEW_PASSWORD = "a brand new password";
const STAFF_HEADER = "name,email,department,title,manager_email,time_zone,roles";

/** The demo company with a real SMTP server and a dispatcher aimed at it, on the test's clock. */
async function mailWorld() {
  const app = await testApp({ template: "demo" });
  const mail = await startMailServer();
  const { dispatcher, transport } = testDispatcher(app.db, app.clock, mail);
  onTestFinished(async () => {
    transport.close();
    await mail.stop();
  });
  return { ...app, mail, dispatcher };
}

/** The one-time link in a message, as the path the app serves it on. */
function linkIn(message: ReceivedMail): string {
  const found = /https?:\/\/[^/\s]+(\/password\/[A-Za-z0-9_-]+)/.exec(message.parsed.text ?? "");
  expect(found, "the message carries a link to set a password").toBeTruthy();
  return found![1];
}

async function personByEmail(db: Db, email: string) {
  const [person] = await db.select().from(schema.people).where(eq(schema.people.email, email));
  return person;
}

/** Whether `password` signs `email` in, on a client of its own. */
async function signsIn(client: TestClient, email: string, password: string): Promise<boolean> {
  const response = await client.another().post("/login", { email, password, redirectTo: "/" });
  return response.status === 302;
}

async function askForReset(client: TestClient, email: string) {
  const response = await client.post("/forgot-password", { email });
  return { status: response.status, text: await textOf(response) };
}

/** Checks a staff-directory file and imports it, as an admin does on the import page. */
async function importFile(admin: TestClient, csv: string) {
  const preview = await admin.post("/admin/people/import", { intent: "preview", csv });
  const checked = /name="checked" value="([^"]+)"/.exec(await preview.text())?.[1];
  expect(checked, "the file is ready to import").toBeTruthy();
  return admin.post("/admin/people/import", { intent: "apply", csv, checked: checked! });
}

describe("a password reset by e-mail", () => {
  it("works once from the link in the message, and then never again", async () => {
    const { client, db, dispatcher, mail } = await mailWorld();
    const { email } = EMPLOYEE();
    expect((await askForReset(client, email)).status).toBe(200);
    await dispatcher.deliverDue();
    const [message] = mail.to(email);
    expect(message.parsed.subject).toBe("Reset your Frontline password");
    const link = linkIn(message);

    const page = await client.get(link);
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");
    const shown = await textOf(page);
    expect(shown).toContain("Choose a new password");
    expect(shown).toContain(email);

    const set = await client.post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(set.status).toBe(302);
    expect(set.headers.get("Location")).toBe(`/login?email=${encodeURIComponent(email)}`);
    const login = await client.get(set.headers.get("Location")!);
    const loginHtml = await login.text();
    expect(visibleText(loginHtml)).toContain("Your password is set. Sign in with it.");
    expect(fieldValue(loginHtml, "Work email")).toBe(email);
    expect(await signsIn(client, email, NEW_PASSWORD)).toBe(true);
    expect(await signsIn(client, email, DEMO_PASSWORD)).toBe(false);

    const again = await client.post(link, {
      password: "somebody else's password",
      confirm: "somebody else's password",
    });
    expect(again.status).toBe(410);
    expect(await textOf(again)).toContain("This link has already been used");
    const reopened = await client.get(link);
    expect(reopened.status).toBe(410);
    const deadText = await textOf(reopened);
    expect(deadText).toContain("This link has already been used");
    expect(deadText).toContain("Ask for a new link");
    expect(await signsIn(client, email, NEW_PASSWORD)).toBe(true);
    expect(await signsIn(client, email, "somebody else's password")).toBe(false);

    const person = await personByEmail(db, email);
    const audit = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.entityId, person.id), eq(schema.auditLog.action, "person.password_set_by_link")));
    expect(audit).toHaveLength(1);
  });

  it("refuses a link once its time has run out", async () => {
    const { client, clock, dispatcher, mail } = await mailWorld();
    const { email } = EMPLOYEE();
    await askForReset(client, email);
    await dispatcher.deliverDue();
    const link = linkIn(mail.to(email)[0]);
    clock.advance(RESET_MINUTES * MINUTE + 1);

    const page = await client.get(link);
    expect(page.status).toBe(410);
    expect(await textOf(page)).toContain("This link has expired");
    const set = await client.post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(set.status).toBe(410);
    expect(await signsIn(client, email, NEW_PASSWORD)).toBe(false);
    expect(await signsIn(client, email, DEMO_PASSWORD)).toBe(true);
  });

  it("gives an unknown address the same answer as a known one, and mails only the known one", async () => {
    const { client, dispatcher, mail } = await mailWorld();
    const known = EMPLOYEE().email;
    const unknown = "nobody.here@example.com";
    const toKnown = await askForReset(client, known);
    const toUnknown = await askForReset(client, unknown);
    expect(toUnknown.status).toBe(toKnown.status);
    expect(toKnown.text).toContain(`If ${known} has an account, we've sent a link to it. It works for 60 minutes.`);
    expect(toUnknown.text.replace(unknown, "ADDRESS")).toBe(toKnown.text.replace(known, "ADDRESS"));

    await dispatcher.deliverDue();
    expect(mail.to(unknown)).toHaveLength(0);
    expect(mail.to(known)).toHaveLength(1);
  });

  it("sends at most one reset message every two minutes, however often it is asked for", async () => {
    const { client, clock, dispatcher, mail } = await mailWorld();
    const { email } = EMPLOYEE();
    await askForReset(client, email);
    await askForReset(client, email.toUpperCase());
    clock.advance(MINUTE);
    await askForReset(client, email);
    await dispatcher.deliverDue();
    expect(mail.to(email)).toHaveLength(1);

    clock.advance(MINUTE + 1);
    await askForReset(client, email);
    await dispatcher.deliverDue();
    expect(mail.to(email)).toHaveLength(2);
  });

  it("refuses a password too short or typed differently twice, and keeps the link working", async () => {
    const { client, dispatcher, mail } = await mailWorld();
    const { email } = EMPLOYEE();
    await askForReset(client, email);
    await dispatcher.deliverDue();
    const link = linkIn(mail.to(email)[0]);

    const short = await client.post(link, { password: "short", confirm: "short" });
    expect(short.status).toBe(400);
    expect(await textOf(short)).toContain("A password has at least 10 characters.");
    const different = await client.post(link, { password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}!` });
    expect(different.status).toBe(400);
    const html = await different.text();
    expect(visibleText(html)).toContain("The two passwords don't match.");
    expect(html).not.toContain(NEW_PASSWORD);

    expect((await client.post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).status).toBe(302);
    expect(await signsIn(client, email, NEW_PASSWORD)).toBe(true);
  });

  it("shows a link that was never made as one that doesn't work", async () => {
    const { client } = await mailWorld();
    const page = await client.get("/password/not-a-real-link");
    expect(page.status).toBe(404);
    expect(await textOf(page)).toContain("This link doesn't work");
  });
});

describe("an invitation to set a password", () => {
  it("reaches an imported person, whose link sets a password they then sign in with", async () => {
    const { client, db, dispatcher, mail } = await mailWorld();
    const admin = client.another();
    await admin.signIn(ADMIN().email, DEMO_PASSWORD);
    const email = "saga.holm@example.com";
    const imported = await importFile(admin, `${STAFF_HEADER}\nSaga Holm,saga.holm@example.com,Finance,Analyst,,UTC,`);
    expect(imported.status).toBe(302);
    expect((await personByEmail(db, email)).passwordHash).toBeNull();

    await dispatcher.deliverDue();
    const [invitation] = mail.to(email);
    expect(invitation.parsed.subject).toBe("You're invited to Frontline");
    expect(invitation.parsed.text).toContain(ADMIN().name);
    const link = linkIn(invitation);

    const saga = client.another();
    const page = await textOf(await saga.get(link));
    expect(page).toContain("Set your password");
    expect(page).toContain(email);
    const set = await saga.post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(set.status).toBe(302);
    await saga.signIn(email, NEW_PASSWORD);
    expect(await textOf(await saga.get("/"))).toContain("Saga");
  });

  it("goes to someone an admin adds without a password, and an admin can send another", async () => {
    const { client, clock, db, dispatcher, mail } = await mailWorld();
    const admin = client.another();
    await admin.signIn(ADMIN().email, DEMO_PASSWORD);
    const [finance] = await db.select().from(schema.departments).where(eq(schema.departments.name, "Finance"));
    const email = "noor.haddad@example.com";
    const added = await admin.post("/admin/people/new", {
      name: "Noor Haddad",
      email,
      departmentId: String(finance.id),
      timeZone: "Europe/Helsinki",
      active: "on",
    });
    expect(added.status).toBe(302);
    const personPage = added.headers.get("Location")!;
    expect(await textOf(await admin.get(personPage))).toContain(
      "We're e-mailing them an invitation to set a password.",
    );
    await dispatcher.deliverDue();
    const first = linkIn(mail.to(email)[0]);

    clock.advance(MINUTE);
    const resent = await admin.post(personPage, { intent: "invite" });
    expect(resent.status).toBe(302);
    expect(await textOf(await admin.get(personPage))).toContain(`We're e-mailing Noor Haddad an invitation`);
    await dispatcher.deliverDue();
    expect(mail.to(email)).toHaveLength(2);
    const second = linkIn(mail.to(email)[1]);

    // Either link works until one of them is used; then both are spent.
    const noor = client.another();
    expect((await noor.post(second, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).status).toBe(302);
    const older = await noor.get(first);
    expect(older.status).toBe(410);
    expect(await textOf(older)).toContain("This link has already been used");
    const person = await personByEmail(db, email);
    const sent = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.entityId, person.id), eq(schema.auditLog.action, "person.invitation_sent")));
    expect(sent).toHaveLength(1);
  });

  it("sends nothing to a person who is switched off", async () => {
    const { client, db, dispatcher, mail } = await mailWorld();
    const admin = client.another();
    await admin.signIn(ADMIN().email, DEMO_PASSWORD);
    const [finance] = await db.select().from(schema.departments).where(eq(schema.departments.name, "Finance"));
    const email = "off.person@example.com";
    const fields = { name: "Off Person", email, departmentId: String(finance.id), timeZone: "UTC" };
    const added = await admin.post("/admin/people/new", { ...fields, active: "on" });
    const personPage = added.headers.get("Location")!;
    // Switched off before the invitation went out: it is not sent.
    expect((await admin.post(personPage, fields)).status).toBe(302);
    expect((await personByEmail(db, email)).active).toBe(false);

    expect((await askForReset(client, email)).text).toContain(`If ${email} has an account, we've sent a link`);
    const invite = await admin.post(personPage, { intent: "invite" });
    expect(invite.status).toBe(302);
    expect(await textOf(await admin.get(personPage))).toContain("This person is switched off.");
    await dispatcher.deliverDue();
    expect(mail.to(email)).toHaveLength(0);
  });
});

describe("the secret in a link", () => {
  it("is never stored: not in the outbox, not in the account links, nowhere in the database's files", async () => {
    const { client, db, folder, dispatcher, mail } = await mailWorld();
    const admin = client.another();
    await admin.signIn(ADMIN().email, DEMO_PASSWORD);
    await importFile(admin, `${STAFF_HEADER}\nSaga Holm,saga.holm@example.com,Finance,Analyst,,UTC,`);
    await askForReset(client, EMPLOYEE().email);
    await dispatcher.deliverDue();
    const tokens = [...mail.to("saga.holm@example.com"), ...mail.to(EMPLOYEE().email)].map((message) =>
      linkIn(message).split("/").pop()!,
    );
    expect(tokens).toHaveLength(2);

    const outbox = await db.select().from(schema.outboxMessages);
    const links = await db.select().from(schema.accountTokens);
    const stored = JSON.stringify([outbox, links]);
    for (const token of tokens) {
      expect(stored).not.toContain(token);
      expect(links.map((l) => l.tokenHash)).toContain(hashToken(token));
    }
    await db.$client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    for (const file of readdirSync(folder)) {
      const bytes = readFileSync(path.join(folder, file));
      for (const token of tokens) expect(bytes.includes(token), `${file} holds a token`).toBe(false);
    }
  });
});
