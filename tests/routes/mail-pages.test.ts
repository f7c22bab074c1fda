/**
 * The pages of Frontline's mail, through the real request handlers, a real SMTP server and a clock
 * the test moves: a person's choices on the Notifications page are saved and the dispatcher
 * honours them; the one-click unsubscribe of a message works from the mail program with no
 * cookies, and a forged link changes nothing; the admin Outbox finds messages by person, kind and
 * state, shows one as it was sent (never with a password link) and sends a failed one again.
 */
import { and, eq } from "drizzle-orm";
import ICAL from "ical.js";
import { describe, expect, it, onTestFinished } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema, type Db } from "~/db.server";
import { MAX_ATTEMPTS } from "~/domain/mail/delivery";
import { DAY, HOUR } from "~/domain/time";
import type { MailDispatcher } from "~/mail/dispatcher.server";
import { unsubscribeToken } from "~/mail/unsubscribe.server";
import { writeScheduledMail } from "~/models/mail/scheduled.server";
import { enqueueMail } from "~/models/mail/outbox.server";
import { mailChoicesOf } from "~/models/mail/preferences.server";
import { testApp, TEST_NOW, type TestClient } from "../support/app";
import { aDepartment, aKind, aPerson, aSession, type Person } from "../support/builders";
import type { TestClock } from "../support/clock";
import { linksIn, textOf, visibleText } from "../support/html";
import { calendarPart, startMailServer, testDispatcher, type MailServer, type ReceivedMail } from "../support/mail";

const PASSWORD = "correct horse battery";
const passwordHash = await hashPassword(PASSWORD);
const FROM = "Frontline <frontline@example.test>";

/**
 * A small company on a database of its own, a mail server, and a dispatcher aimed at it that also
 * writes the messages the clock makes due: a host with a listen-in two days ahead, an admin, a
 * manager, and two shadows.
 */
async function mailWorld() {
  const app = await testApp({ now: TEST_NOW });
  const { db } = app;
  const mail = await startMailServer();
  // The app is configured as the dispatcher is: its pages say where mail goes and write messages
  // out with the same sender.
  const previous = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM };
  Object.assign(process.env, { SMTP_URL: mail.url, MAIL_FROM: FROM });
  const { dispatcher, transport } = testDispatcher(db, app.clock, mail, { from: FROM, schedule: writeScheduledMail });
  onTestFinished(async () => {
    transport.close();
    await mail.stop();
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  const care = await aDepartment(db, { kind: "customer_facing", name: "Customer Care" });
  const accounts = await aDepartment(db, { name: "Accounting" });
  const person = (name: string, email: string, fields: Parameters<typeof aPerson>[1] = {}) =>
    aPerson(db, { name, email, passwordHash, department: accounts, ...fields });
  const host = await person("Hana Host", "hana@example.test", { department: care, isHost: true });
  const admin = await person("Aino Admin", "aino@example.test", { isAdmin: true });
  const manager = await person("Mia Manager", "mia@example.test", { isManager: true });
  const ann = await person("Ann Shadow", "ann@example.test", { manager });
  const ben = await person("Ben Shadow", "ben@example.test", { manager });
  const listenIn = await aKind(db, { name: "Call-centre listen-in" });
  const session = await aSession(db, {
    host,
    kind: listenIn,
    seats: 4,
    startsAt: TEST_NOW + 2 * DAY,
    endsAt: TEST_NOW + 2 * DAY + HOUR,
  });

  async function signedIn(who: Person): Promise<TestClient> {
    const client = app.client.another();
    await client.signIn(who.email, PASSWORD);
    return client;
  }

  return { ...app, mail, dispatcher, host, admin, manager, ann, ben, session, signedIn };
}

type World = Awaited<ReturnType<typeof mailWorld>>;

async function book(world: World, who: Person) {
  const client = await world.signedIn(who);
  expect((await client.post(`/sessions/${world.session.id}`, { intent: "book" })).status).toBe(302);
  return client;
}

/**
 * The mail server goes away and the dispatcher tries every message due until it gives up on it,
 * the clock moving past each wait; then the server is back.
 */
async function failUntilGivenUp(dispatcher: MailDispatcher, clock: TestClock, server: MailServer) {
  await server.stop();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    await dispatcher.deliverDue();
    clock.advance(HOUR);
  }
  await server.start();
}

async function messagesOf(db: Db, personId: number) {
  return db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.personId, personId));
}

async function messageRow(db: Db, id: number) {
  const [row] = await db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.id, id));
  return row;
}

/** The links to single messages on an Outbox page, in the order shown. */
function messageLinks(html: string): number[] {
  return linksIn(html)
    .map((href) => /^\/admin\/outbox\/(\d+)$/.exec(href)?.[1])
    .filter((id): id is string => id !== undefined)
    .map(Number);
}

function isChecked(html: string, name: string): boolean {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  if (!input) throw new Error(`No checkbox named ${name}.`);
  return /\schecked(=|\s|>|\/)/.test(input);
}

/** A header as it was sent, its folded lines joined. */
function headerOf(mail: ReceivedMail, name: string): string | undefined {
  const line = mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line
    ?.slice(line.indexOf(":") + 1)
    .replace(/\r?\n[ \t]+/g, " ")
    .trim();
}

async function choiceAudits(db: Db, personId: number) {
  return db
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.action, "mail.choices_changed"), eq(schema.auditLog.entityId, personId)));
}

describe("the Notifications page", () => {
  it("saves a person's choices, and the dispatcher skips a reminder they turned off while invitations still arrive", async () => {
    const world = await mailWorld();
    const { db, dispatcher, mail, clock, ann, ben } = world;
    const client = await world.signedIn(ann);

    const page = await client.get("/notifications");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(visibleText(html)).toContain("Account mail (invitations to set a password, reset links) is always sent.");
    expect(visibleText(html)).toContain("ann@example.test");
    for (const category of ["invitations", "assignments", "reminders", "follow_ups"]) {
      expect(isChecked(html, category), category).toBe(true);
    }

    const saved = await client.post("/notifications", { invitations: "on", assignments: "on", follow_ups: "on" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/notifications");
    const after = await client.get("/notifications");
    const afterHtml = await after.text();
    expect(visibleText(afterHtml)).toContain("You no longer get “Reminders” by e-mail.");
    expect(isChecked(afterHtml, "reminders")).toBe(false);
    expect(isChecked(afterHtml, "invitations")).toBe(true);
    expect(await mailChoicesOf(db, ann.id)).toMatchObject({ reminders: false, invitations: true });
    expect(await choiceAudits(db, ann.id)).toHaveLength(1);

    await book(world, ann);
    await book(world, ben);
    await dispatcher.tick(true);
    // The day before the session, past the reminder's moment: the reminders are written and sent.
    clock.advance(DAY);
    await dispatcher.tick(true);

    const annReminder = (await messagesOf(db, ann.id)).find((m) => m.kind === "session_reminder");
    expect(annReminder).toMatchObject({ state: "skipped" });
    expect(annReminder?.lastError).toContain("Reminders");
    const annMail = mail.to(ann.email);
    expect(annMail).toHaveLength(1);
    expect(calendarPart(annMail[0])?.method).toBe("REQUEST");
    // Ben kept his reminders on: the same reminder reaches him.
    expect(mail.to(ben.email).map((m) => m.parsed.subject)).toEqual([
      expect.stringMatching(/^Booked: /),
      expect.stringMatching(/^Tomorrow: /),
    ]);
  });

  it("offers the weekly team digest only to managers and admins, and leaves it alone for others", async () => {
    const world = await mailWorld();
    const { db, ann, manager } = world;
    const employee = await world.signedIn(ann);
    expect(await textOf(await employee.get("/notifications"))).not.toContain("Weekly team digest");
    const lead = await world.signedIn(manager);
    expect(await textOf(await lead.get("/notifications"))).toContain("Weekly team digest");

    // A form without the digest box leaves the digest as it was.
    expect((await employee.post("/notifications", { invitations: "on" })).status).toBe(302);
    expect(await mailChoicesOf(db, ann.id)).toEqual({
      invitations: true,
      assignments: false,
      reminders: false,
      follow_ups: false,
      digests: true,
    });
    expect((await lead.post("/notifications", { invitations: "on", reminders: "on" })).status).toBe(302);
    expect(await mailChoicesOf(db, manager.id)).toMatchObject({ digests: false, reminders: true });
  });

  it("says so, and writes nothing, when nothing changed", async () => {
    const world = await mailWorld();
    const client = await world.signedIn(world.ann);
    const all = { invitations: "on", assignments: "on", reminders: "on", follow_ups: "on" };
    expect((await client.post("/notifications", all)).status).toBe(302);
    expect(await textOf(await client.get("/notifications"))).toContain("Nothing changed");
    expect(await choiceAudits(world.db, world.ann.id)).toEqual([]);
  });
});

describe("one-click unsubscribe", () => {
  it("turns the category off from the message's own link, posted with no cookies, after a GET that changes nothing", async () => {
    const world = await mailWorld();
    const { db, dispatcher, mail, clock, ben, handle } = world;
    await book(world, ben);
    clock.advance(DAY);
    await dispatcher.tick(true);
    const reminder = mail.to(ben.email).find((m) => m.parsed.subject?.startsWith("Tomorrow: "));
    expect(reminder).toBeDefined();
    expect(headerOf(reminder!, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    const link = /^<([^>]+)>$/.exec(headerOf(reminder!, "List-Unsubscribe") ?? "")?.[1];
    expect(link).toMatch(/^http:\/\/localhost:3000\/mail\/unsubscribe\//);

    // A link checker opens it: the page asks, and nothing changes.
    const asked = await handle(new Request(link!));
    expect(asked.status).toBe(200);
    expect(await textOf(asked)).toContain("Stop “Reminders” e-mails?");
    expect((await mailChoicesOf(db, ben.id)).reminders).toBe(true);

    // The mail program's one click (RFC 8058): a POST with no cookies.
    const clicked = await handle(
      new Request(link!, {
        method: "POST",
        body: "List-Unsubscribe=One-Click",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
    );
    expect(clicked.status).toBe(200);
    const html = await clicked.text();
    expect(visibleText(html)).toContain("You won't get “Reminders” e-mails any more.");
    expect(linksIn(html)).toContain("/notifications");
    expect(await mailChoicesOf(db, ben.id)).toMatchObject({ reminders: false, invitations: true });
    const [audit] = await choiceAudits(db, ben.id);
    expect(audit.summary).toContain("from the link in a message");

    // Asked again, the page says it is already off.
    expect(await textOf(await handle(new Request(link!)))).toContain("“Reminders” e-mails are already off");
  });

  it("answers a forged, cut-short or foreign link with a 404 in plain words, and changes nothing", async () => {
    const world = await mailWorld();
    const { db, ann, ben, client } = world;
    const bens = unsubscribeToken(ben.id, "reminders");
    const forged = [
      `${ann.id}.reminders.${bens.split(".")[2]}`,
      bens.slice(0, -3),
      unsubscribeToken(ann.id, "reminders", "another installation's secret"),
      // Invitations carry no unsubscribe link: they are turned off on the Notifications page.
      unsubscribeToken(ann.id, "invitations"),
      unsubscribeToken(999_999, "reminders"),
    ];
    for (const token of forged) {
      const asked = await client.get(`/mail/unsubscribe/${token}`);
      expect(asked.status, token).toBe(404);
      expect(await textOf(asked)).toContain("This unsubscribe link doesn't work");
      const posted = await client.post(`/mail/unsubscribe/${token}`, { "List-Unsubscribe": "One-Click" });
      expect(posted.status, token).toBe(404);
    }
    expect(await mailChoicesOf(db, ann.id)).toMatchObject({ reminders: true, invitations: true });
    expect(await db.select().from(schema.mailPreferences)).toEqual([]);
  });
});

describe("the admin Outbox", () => {
  it("lists messages newest first and finds them by person, kind and state", async () => {
    const world = await mailWorld();
    const { db, dispatcher, mail, clock, admin, ann, ben, session } = world;
    const annClient = await book(world, ann);
    await book(world, ben);
    expect((await annClient.post(`/sessions/${session.id}`, { intent: "cancel", confirm: "1" })).status).toBe(302);
    await dispatcher.deliverDue();
    expect(mail.received).toHaveLength(3);
    // Ben's reminder falls due while the mail server is away, and is given up.
    clock.advance(DAY);
    await writeScheduledMail(db, clock.now());
    await failUntilGivenUp(dispatcher, clock, mail);

    const outbox = await world.signedIn(admin);
    const all = await outbox.get("/admin/outbox");
    expect(all.status).toBe(200);
    const allHtml = await all.text();
    const ids = messageLinks(allHtml);
    expect(ids).toHaveLength(4);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const allText = visibleText(allHtml);
    expect(allText).toMatch(/3 Sent/);
    expect(allText).toMatch(/1 Failed — gave up/);
    expect(allText).toContain(`Mail is sent through smtp://127.0.0.1:`);

    const anns = visibleText(await (await outbox.get("/admin/outbox?person=ANN%40example")).text());
    expect(anns).toContain("Booked: Call-centre listen-in with Hana Host");
    expect(anns).toContain("Cancelled: Call-centre listen-in with Hana Host");
    expect(anns).not.toContain("Ben Shadow");
    expect(messageLinks(await (await outbox.get("/admin/outbox?person=ann")).text())).toHaveLength(2);

    const cancellations = await (await outbox.get("/admin/outbox?kind=seat_cancelled")).text();
    expect(messageLinks(cancellations)).toHaveLength(1);
    expect(visibleText(cancellations)).toContain("Cancellation: seat");

    const failed = await (await outbox.get("/admin/outbox?state=failed")).text();
    expect(messageLinks(failed)).toHaveLength(1);
    const [given] = (await messagesOf(db, ben.id)).filter((m) => m.state === "failed");
    expect(given).toMatchObject({ kind: "session_reminder", attempts: MAX_ATTEMPTS });
    const failedText = visibleText(failed);
    expect(failedText).toContain("Ben Shadow");
    expect(failedText).toContain(`Tried ${MAX_ATTEMPTS} times`);
    expect(failedText).toContain(given.lastError);

    const none = await textOf(await outbox.get("/admin/outbox?state=failed&person=ann"));
    expect(none).toContain("No message matches these filters");
    // An unreadable filter is left out rather than refused.
    expect(messageLinks(await (await outbox.get("/admin/outbox?kind=postcard&state=lost")).text())).toHaveLength(4);
  });

  it("shows a message as it was sent, with its invite, and never a password link", async () => {
    const world = await mailWorld();
    const { db, dispatcher, mail, admin, ann } = world;
    await book(world, ann);
    const newcomer = await aPerson(db, { name: "Nina Newcomer", email: "nina@example.test" });
    await enqueueMail(
      db,
      [
        {
          kind: "account_invitation",
          personId: newcomer.id,
          changeKey: `account_invitation:person-${newcomer.id}`,
          payload: { invitedByName: "Aino Admin" },
        },
      ],
      world.clock.now(),
    );
    await dispatcher.deliverDue();
    const [invite] = mail.to(ann.email);
    const [invitation] = mail.to(newcomer.email);
    const passwordLink = /http:\/\/localhost:3000\/password\/[\w-]+/.exec(invitation.parsed.text ?? "")?.[0];
    expect(passwordLink).toBeDefined();

    const outbox = await world.signedIn(admin);
    const [seatMessage] = await messagesOf(db, ann.id);
    const page = await outbox.get(`/admin/outbox/${seatMessage.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const text = visibleText(html);
    expect(text).toContain(FROM);
    expect(text).toContain("Ann Shadow <ann@example.test>");
    expect(text).toContain(invite.parsed.subject!);
    expect(text).toContain(invite.parsed.messageId!);
    expect(text).toContain("You booked a seat on Call-centre listen-in with Hana Host.");
    // Shown in a frame where nothing runs: no scripts, forms, pop-ups or navigation of the page.
    expect(/<iframe[^>]*\ssandbox="([^"]*)"/.exec(html)?.[1]).toBe("allow-same-origin");
    expect(html).toMatch(/<iframe[^>]*\ssrcdoc="/i);
    expect(text).not.toContain("Send again");
    expect(linksIn(html)).toContain(`/admin/outbox/${seatMessage.id}/invite.ics`);

    const ics = await outbox.get(`/admin/outbox/${seatMessage.id}/invite.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8; method=REQUEST");
    const calendar = new ICAL.Component(ICAL.parse(await ics.text()));
    const sent = new ICAL.Component(ICAL.parse(calendarPart(invite)!.content));
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(calendar.getFirstSubcomponent("vevent")!.getFirstPropertyValue("uid")).toBe(
      sent.getFirstSubcomponent("vevent")!.getFirstPropertyValue("uid"),
    );

    const [accountMessage] = await messagesOf(db, newcomer.id);
    const account = await outbox.get(`/admin/outbox/${accountMessage.id}`);
    expect(account.status).toBe(200);
    const accountHtml = await account.text();
    expect(accountHtml).not.toContain("/password/");
    expect(accountHtml).not.toContain(passwordLink!.split("/").pop()!);
    expect(visibleText(accountHtml)).toContain("Account mail, always sent");
    expect(accountHtml).toContain("The link is made when the message goes out by e-mail");
    expect((await outbox.get(`/admin/outbox/${accountMessage.id}/invite.ics`)).status).toBe(404);
    expect((await outbox.get("/admin/outbox/999999")).status).toBe(404);
  });

  it("sends a failed message again: it waits, then arrives, and the overview stops warning", async () => {
    const world = await mailWorld();
    const { db, dispatcher, mail, clock, admin, ann } = world;
    await book(world, ann);
    await failUntilGivenUp(dispatcher, clock, mail);
    const [message] = await messagesOf(db, ann.id);
    expect(message).toMatchObject({ state: "failed", attempts: MAX_ATTEMPTS });
    expect(mail.received).toEqual([]);

    const outbox = await world.signedIn(admin);
    const overview = await (await outbox.get("/admin")).text();
    expect(visibleText(overview)).toContain("1 message could not be sent");
    expect(linksIn(overview)).toContain("/admin/outbox?state=failed");
    const page = await textOf(await outbox.get(`/admin/outbox/${message.id}`));
    expect(page).toContain("Failed — gave up");
    expect(page).toContain(message.lastError);
    expect(page).toContain("Send again");

    const retried = await outbox.post(`/admin/outbox/${message.id}`, { intent: "retry" });
    expect(retried.status).toBe(302);
    expect(retried.headers.get("Location")).toBe(`/admin/outbox/${message.id}`);
    expect(await messageRow(db, message.id)).toMatchObject({ state: "pending", attempts: 0 });
    expect(await textOf(await outbox.get(`/admin/outbox/${message.id}`))).toContain("Sending again");
    const [audit] = await db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "mail.retried"));
    expect(audit).toMatchObject({ actorId: admin.id, entityId: message.id });

    await dispatcher.deliverDue();
    const [arrived] = await mail.waitFor(1);
    expect(arrived.to).toEqual([ann.email]);
    expect(await messageRow(db, message.id)).toMatchObject({ state: "sent" });
    const sentPage = await textOf(await outbox.get(`/admin/outbox/${message.id}`));
    expect(sentPage).toContain("Sent");
    expect(sentPage).not.toContain("Send again");
    expect(await textOf(await outbox.get("/admin"))).not.toContain("could not be sent");

    const again = await outbox.post(`/admin/outbox/${message.id}`, { intent: "retry" });
    expect(again.status).toBe(400);
    expect(await textOf(again)).toContain("nothing to send again");
    expect(mail.received).toHaveLength(1);
  });
});
