/**
 * The Content-Security-Policy in a real browser: the pages' own scripts run (they carry the
 * response's nonce), nothing on them breaks the policy, a script without the nonce does not run,
 * and the admin Outbox still draws a message's HTML, styles and all, in its sandboxed frame.
 */
import { and, asc, desc, eq, gt } from "drizzle-orm";
import type { ConsoleMessage, Page } from "playwright-core";
import { beforeEach, describe, expect, it } from "vitest";
import { schema } from "~/db.server";
import { HOUR } from "~/domain/time";
import { bookSeat } from "~/models/bookings.server";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { demoCompanyInBrowser, signInThroughForm } from "../support/browser";

const admin = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Admin")!;
const employee = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Employee")!;
const demo = demoCompanyInBrowser();

/** What the browser says about the policy while the test runs. */
const violations: string[] = [];
let listening: Page | undefined;
const onConsole = (message: ConsoleMessage) => {
  if (/content security policy/i.test(message.text())) violations.push(message.text());
};

beforeEach(() => {
  violations.length = 0;
  if (listening !== demo.page) {
    demo.page.on("console", onConsole);
    listening = demo.page;
  }
});

/** Whether the page's scripts have taken over (the app's router is running in the page). */
async function scriptsRun(page: Page): Promise<boolean> {
  return page.evaluate(() => typeof (window as { __remixRouter?: unknown }).__remixRouter === "object");
}

describe("the policy in a browser", () => {
  it("runs the sign-in page's scripts and refuses a script without the nonce", async () => {
    const { page, origin } = demo;
    await page.goto(`${origin}/login`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await expect.poll(() => scriptsRun(page)).toBe(true);
    expect(violations).toEqual([]);

    // An inline script without this response's nonce is refused, and the browser says so.
    await page.addScriptTag({ content: "window.injected = true;" }).catch(() => undefined /* the browser refuses it */);
    expect(await page.evaluate(() => (window as { injected?: boolean }).injected)).toBeUndefined();
    await expect.poll(() => violations.length).toBeGreaterThan(0);
  });

  it("moves between signed-in pages in the page itself, with nothing refused", async () => {
    const { page, origin } = demo;
    await signInThroughForm(page, origin, employee.email);
    await expect.poll(() => scriptsRun(page)).toBe(true);
    // A mark on this document survives only if the next page is drawn by the app's scripts.
    await page.evaluate(() => ((window as { stayed?: boolean }).stayed = true));
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Find sessions" }).click();
    await page.getByRole("heading", { level: 1, name: "Find a session" }).waitFor();
    expect(await page.evaluate(() => (window as { stayed?: boolean }).stayed)).toBe(true);
    expect(violations).toEqual([]);
  });

  it("draws an Outbox message's HTML with its own styles in the sandboxed frame", async () => {
    const { page, origin, db, clock } = demo;
    const [person] = await db.select().from(schema.people).where(eq(schema.people.email, employee.email));
    const upcoming = await db
      .select({ id: schema.sessions.id })
      .from(schema.sessions)
      .where(and(eq(schema.sessions.status, "scheduled"), gt(schema.sessions.startsAt, clock.now() + 2 * HOUR)))
      .orderBy(asc(schema.sessions.startsAt));
    for (const session of upcoming) {
      const booked = await bookSeat(db, {
        sessionId: session.id,
        personId: person.id,
        actorId: person.id,
        source: "self",
        now: clock.now(),
        waitlist: false,
      });
      if (booked.ok) break;
    }
    const [message] = await db
      .select({ id: schema.outboxMessages.id })
      .from(schema.outboxMessages)
      .where(eq(schema.outboxMessages.personId, person.id))
      .orderBy(desc(schema.outboxMessages.id))
      .limit(1);

    await signInThroughForm(page, origin, admin.email);
    await page.goto(`${origin}/admin/outbox/${message.id}`);
    const letter = page.frameLocator("iframe.outbox-html");
    await letter.getByRole("heading", { level: 1 }).waitFor();
    // The message styles itself with attributes, as mail programs need: they are applied.
    expect(await letter.locator("body").evaluate((body) => getComputedStyle(body).backgroundColor)).toBe(
      "rgb(246, 244, 239)",
    );
    await expect.poll(() => scriptsRun(page)).toBe(true);
    expect(violations).toEqual([]);
  });
});
