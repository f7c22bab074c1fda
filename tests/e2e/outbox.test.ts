/**
 * The mail pages in a browser: a message that could not be sent is found by the admin in the
 * Outbox, read and sent again, and arrives once the mail server is back; a person chooses what
 * they get by e-mail, and stops reminders from the link in a message. axe checks every page, at
 * a desktop's width and a phone's.
 */
import { and, asc, desc, eq, gt } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { MAX_ATTEMPTS } from "~/domain/mail/delivery";
import { HOUR } from "~/domain/time";
import { unsubscribeToken } from "~/mail/unsubscribe.server";
import { bookSeat } from "~/models/bookings.server";
import { mailChoicesOf } from "~/models/mail/preferences.server";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { checkAtBothWidths, demoCompanyInBrowser, screenshot, signInThroughForm } from "../support/browser";
import { MailServer, testDispatcher } from "../support/mail";

const admin = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Admin")!;
const employee = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Employee")!;
const demo = demoCompanyInBrowser();

const previousSmtpUrl = process.env.SMTP_URL;
afterEach(() => {
  if (previousSmtpUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = previousSmtpUrl;
});

async function personByEmail(db: Db, email: string) {
  const [person] = await db.select().from(schema.people).where(eq(schema.people.email, email));
  return person;
}

/** The demo employee books the first upcoming session that takes them, through the booking rules. */
async function employeeBooksASeat(db: Db, now: number) {
  const person = await personByEmail(db, employee.email);
  const upcoming = await db
    .select({ id: schema.sessions.id })
    .from(schema.sessions)
    .where(and(eq(schema.sessions.status, "scheduled"), gt(schema.sessions.startsAt, now + 2 * HOUR)))
    .orderBy(asc(schema.sessions.startsAt));
  for (const session of upcoming) {
    const booked = await bookSeat(db, {
      sessionId: session.id,
      personId: person.id,
      actorId: person.id,
      source: "self",
      now,
      // A seat, not a waitlist place: the message is the invitation.
      waitlist: false,
    });
    if (booked.ok) return person;
  }
  throw new Error("No upcoming session took the demo employee.");
}

/** A loopback port nobody listens on: a mail server's, once it has stopped. */
async function closedPort(): Promise<MailServer> {
  const server = await new MailServer().start();
  await server.stop();
  return server;
}

describe("the admin Outbox in a browser", () => {
  it("shows a failed message; the admin reads it and sends it again, and it arrives", async () => {
    const { db, clock, page, origin } = demo;
    const person = await employeeBooksASeat(db, clock.now());
    // The mail server is away: every try fails until the dispatcher gives up.
    const mail = await closedPort();
    process.env.SMTP_URL = mail.url;
    const { dispatcher, transport } = testDispatcher(db, clock, mail);
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        await dispatcher.deliverDue();
        clock.advance(HOUR);
      }
      const [message] = await db
        .select()
        .from(schema.outboxMessages)
        .where(and(eq(schema.outboxMessages.personId, person.id), eq(schema.outboxMessages.kind, "seat_booked")))
        .orderBy(desc(schema.outboxMessages.id))
        .limit(1);
      expect(message).toMatchObject({ state: "failed", attempts: MAX_ATTEMPTS });

      await signInThroughForm(page, origin, admin.email);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
      await page.getByRole("heading", { level: 1, name: "Company overview" }).waitFor();
      await page.getByRole("navigation", { name: "Admin areas" }).getByRole("link", { name: "Outbox" }).click();
      await page.getByRole("heading", { level: 1, name: "Outbox" }).waitFor();
      await page.getByLabel("To (name or e-mail)").fill(person.name);
      await page.getByLabel("State", { exact: true }).selectOption({ label: "Failed — gave up" });
      await page.getByRole("button", { name: "Filter" }).click();
      await page.waitForURL(/state=failed/);
      const row = page.getByRole("row").filter({ hasText: person.name });
      await row.getByText("Failed — gave up").waitFor();
      await checkAtBothWidths(page, "admin-outbox");

      await row.getByRole("link", { name: /^Booked: / }).click();
      await page.getByRole("heading", { level: 1, name: /^Booked: / }).waitFor();
      await page.getByText(message.lastError).first().waitFor();
      await page.getByRole("link", { name: "Download the invite (.ics)" }).waitFor();
      expect(await page.frameLocator("iframe.outbox-html").getByRole("heading", { level: 1 }).textContent()).toMatch(
        /^You have a seat: /,
      );
      await checkAtBothWidths(page, "admin-outbox-message");

      // The server is back; the admin sends the message again and the dispatcher delivers it.
      await mail.start();
      await page.getByRole("button", { name: "Send again" }).click();
      await page.getByText("Sending again").waitFor();
      await dispatcher.deliverDue();
      await mail.waitFor(1);
      expect(mail.to(person.email).map((m) => m.parsed.subject)).toEqual([expect.stringMatching(/^Booked: /)]);
      await page.reload();
      await page.locator(".page-header .badge", { hasText: "Sent" }).waitFor();
      expect(await page.getByRole("button", { name: "Send again" }).count()).toBe(0);
    } finally {
      transport.close();
      await mail.stop();
    }
  });
});

describe("a person's e-mail choices in a browser", () => {
  it("turns reminders off on the Notifications page, and stops follow-ups from a message's link", async () => {
    const { db, page, origin } = demo;
    await signInThroughForm(page, origin, employee.email);
    await page.getByRole("link", { name: "Notifications" }).click();
    await page.getByRole("heading", { level: 1, name: "Notifications" }).waitFor();
    await checkAtBothWidths(page, "notifications");
    await page.getByLabel("Reminders", { exact: true }).uncheck();
    await page.getByRole("button", { name: "Save my choices" }).click();
    await page.getByText("You no longer get “Reminders” by e-mail.").waitFor();
    expect(await page.getByLabel("Reminders", { exact: true }).isChecked()).toBe(false);
    const person = await personByEmail(db, employee.email);
    expect((await mailChoicesOf(db, person.id)).reminders).toBe(false);

    // From a message's link, signed out, as the person's mail program opens it.
    await page.context().clearCookies();
    await page.goto(`${origin}/mail/unsubscribe/${unsubscribeToken(person.id, "follow_ups")}`);
    await page.getByRole("heading", { level: 1, name: "Stop “After a session” e-mails?" }).waitFor();
    await checkAtBothWidths(page, "unsubscribe");
    expect((await mailChoicesOf(db, person.id)).follow_ups).toBe(true);
    await page.getByRole("button", { name: "Stop “After a session” e-mails" }).click();
    await page.getByRole("heading", { level: 1, name: "“After a session” e-mails are off" }).waitFor();
    await screenshot(page, "unsubscribe-done");
    expect(await mailChoicesOf(db, person.id)).toMatchObject({ follow_ups: false, reminders: false });
  });
});
