import { and, asc, eq, gt, lt } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed";
import { axeViolations } from "../support/axe";
import { DESKTOP, PHONE, demoCompanyInBrowser, screenshot } from "../support/browser";

/**
 * Every main page of every role of the demo company, on a desktop and on a phone: nothing wider than
 * the screen, every form control found by its visible label, and no axe finding of any impact.
 *
 * A page is one line below. `:name` stands for a record of the demo company (see `recordsOf`);
 * "path → Button" is the page that pressing that button on the path opens (and "→ Link" then
 * follows a link whose name starts with those words). Each group is one test,
 * signed in as its person, and short enough to stay well inside a test's time.
 */
// prettier-ignore
const PAGES = {
  signedOut: [
    "/login",
    "/forgot-password",
  ],
  employee: [
    "/",
    "/sessions",
    "/sessions?view=week",
    "/bookings",
    "/progress",
  ],
  employeeMore: [
    "/sessions/:upcomingSession",
    "/sessions/:bookedSession?confirm=cancel",
    "/sessions/:attendedSession",
    "/calendar",
    "/notifications",
    "/account/sessions",
  ],
  host: [
    "/",
    "/hosting",
    "/hosting/new",
    "/hosting/sessions/:hostedSession",
    "/hosting/sessions/:hostedSession/edit",
    "/hosting/sessions/:hostedPastSession",
  ],
  manager: [
    "/",
    "/team",
    "/team/:report",
    "/team/assign",
  ],
  managerMore: [
    "/team/overdue",
    "/team/book/:upcomingSession",
    "/team/:report?withdraw=:reportAssignment",
    "/planner",
    "/planner → Plan pairings",
    "/planner → Plan pairings → Not placed",
  ],
  adminPeople: [
    "/admin",
    "/admin/people",
    "/admin/people/:person",
    "/admin/people/new",
    "/admin/people/import",
    "/admin/departments",
  ],
  adminCatalogue: [
    "/admin/kinds",
    "/admin/kinds/:kind",
    "/admin/modules",
    "/admin/modules/:module",
    "/admin/modules/new",
  ],
  adminRecords: [
    "/admin/audit",
    "/admin/outbox",
    "/admin/outbox/:message",
    "/team",
    "/planner",
  ],
} as const;

type Group = keyof typeof PAGES;

/** Who signs in for each group of pages. */
const WHO: Record<Group, string | null> = {
  signedOut: null,
  employee: "Employee",
  employeeMore: "Employee",
  host: "Host",
  manager: "Manager",
  managerMore: "Manager",
  adminPeople: "Admin",
  adminCatalogue: "Admin",
  adminRecords: "Admin",
};

const demo = demoCompanyInBrowser();

/** The demo company's records the pages are about, found the way a person would pick them. */
async function recordsOf(db: Db, now: number): Promise<Record<string, number>> {
  const personId = async (roleLabel: string) => {
    const email = DEMO_ACCOUNTS.find((a) => a.roleLabel === roleLabel)!.email;
    const [row] = await db.select({ id: schema.people.id }).from(schema.people).where(eq(schema.people.email, email));
    return row.id;
  };
  const employee = await personId("Employee");
  const host = await personId("Host");
  const manager = await personId("Manager");
  const [upcoming] = await db
    .select({ id: schema.sessions.id })
    .from(schema.sessions)
    .where(and(gt(schema.sessions.startsAt, now), eq(schema.sessions.status, "scheduled")))
    .orderBy(asc(schema.sessions.startsAt))
    .limit(1);
  const [booked] = await db
    .select({ id: schema.bookings.sessionId })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .where(
      and(
        eq(schema.bookings.personId, employee),
        eq(schema.bookings.status, "booked"),
        gt(schema.sessions.startsAt, now),
      ),
    )
    .limit(1);
  const [attended] = await db
    .select({ id: schema.bookings.sessionId })
    .from(schema.bookings)
    .where(and(eq(schema.bookings.personId, employee), eq(schema.bookings.status, "attended")))
    .limit(1);
  const [hosted] = await db
    .select({ id: schema.sessions.id })
    .from(schema.sessions)
    .where(and(eq(schema.sessions.hostId, host), gt(schema.sessions.startsAt, now)))
    .orderBy(asc(schema.sessions.startsAt))
    .limit(1);
  const [hostedPast] = await db
    .select({ id: schema.sessions.id })
    .from(schema.sessions)
    .where(and(eq(schema.sessions.hostId, host), lt(schema.sessions.startsAt, now)))
    .orderBy(asc(schema.sessions.startsAt))
    .limit(1);
  // A direct report with open training, so their page can also ask to withdraw an assignment.
  const [report] = await db
    .select({ id: schema.people.id, assignment: schema.assignments.id })
    .from(schema.people)
    .innerJoin(schema.assignments, eq(schema.assignments.personId, schema.people.id))
    .where(and(eq(schema.people.managerId, manager), eq(schema.assignments.status, "open")))
    .orderBy(asc(schema.people.name))
    .limit(1);
  const [message] = await db.select({ id: schema.outboxMessages.id }).from(schema.outboxMessages).limit(1);
  const [kind] = await db.select({ id: schema.sessionKinds.id }).from(schema.sessionKinds).limit(1);
  const [module] = await db.select({ id: schema.serviceModules.id }).from(schema.serviceModules).limit(1);
  return {
    upcomingSession: upcoming.id,
    bookedSession: booked.id,
    attendedSession: attended.id,
    hostedSession: hosted.id,
    hostedPastSession: hostedPast.id,
    report: report.id,
    reportAssignment: report.assignment,
    person: employee,
    kind: kind.id,
    message: message.id,
    module: module.id,
  };
}

function fill(path: string, records: Record<string, number>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => String(records[name]));
}

/**
 * What a person would trip over on the page open now: a page wider than the window, a control its
 * visible label does not find, and every axe finding.
 */
async function problemsOn(page: Page, where: string): Promise<string[]> {
  const problems: string[] = [];
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) problems.push(`${where}: ${overflow} px wider than the window (${await widest(page)})`);

  const controls = await page.evaluate(() => {
    const found: { index: number; label: string; what: string }[] = [];
    const all = document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
      "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]), select, textarea",
    );
    all.forEach((control, index) => {
      if (!control.checkVisibility({ visibilityProperty: true })) return;
      control.dataset.labelCheck = String(index);
      const label = Array.from(control.labels ?? [])
        .map((l) => (l.textContent ?? "").replace(/\s+/g, " ").trim())
        .find(Boolean);
      found.push({ index, label: label ?? "", what: `${control.tagName.toLowerCase()}[name=${control.name}]` });
    });
    return found;
  });
  for (const control of controls) {
    if (!control.label) {
      problems.push(`${where}: ${control.what} has no visible label`);
      continue;
    }
    const marks = await page
      .getByLabel(control.label)
      .evaluateAll((elements) => elements.map((e) => (e as HTMLElement).dataset.labelCheck));
    if (!marks.includes(String(control.index))) {
      problems.push(`${where}: getByLabel(${JSON.stringify(control.label)}) does not find ${control.what}`);
    }
  }

  for (const violation of await axeViolations(page)) {
    const targets = violation.nodes.map((n) => n.target.join(" ")).join(", ");
    problems.push(`${where}: axe ${violation.id} (${violation.impact}) ${violation.help}: ${targets}`);
  }
  return problems;
}

/** The elements that stick out past the window's right edge, innermost first, to name in a failure. */
async function widest(page: Page): Promise<string> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const element of Array.from(document.querySelectorAll<HTMLElement>("body *"))) {
      const box = element.getBoundingClientRect();
      if (box.right <= window.innerWidth + 0.5 || box.width === 0) continue;
      if (Array.from(element.children).some((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5)) continue;
      const name = `${element.tagName.toLowerCase()}${element.className && typeof element.className === "string" ? "." + element.className.trim().split(/\s+/).join(".") : ""}`;
      out.push(`${name} to ${Math.round(box.right)}`);
      if (out.length >= 4) break;
    }
    return out.join("; ");
  });
}

/** Signs in through the form and waits to leave it, wherever the person's home is. */
async function signIn(page: Page, email: string) {
  await page.goto(`${demo.origin}/login`);
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
}

async function checkGroup(group: Group, size: { width: number; height: number }) {
  const { page, origin, db, clock } = demo;
  const records = await recordsOf(db, clock.now());
  const who = WHO[group];
  await page.setViewportSize(DESKTOP);
  if (who) await signIn(page, DEMO_ACCOUNTS.find((a) => a.roleLabel === who)!.email);
  await page.setViewportSize(size);
  const width = size.width === PHONE.width ? "phone" : "desktop";
  const problems: string[] = [];
  for (const line of PAGES[group]) {
    const [path, ...presses] = line.split(" → ");
    const response = await page.goto(`${origin}${fill(path, records)}`);
    const where = `${who ?? "signed out"} ${line} (${width})`;
    if (!response?.ok()) {
      problems.push(`${where}: answered ${response?.status()}`);
      continue;
    }
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    for (const press of presses) {
      const before = page.url();
      const button = page.getByRole("button", { name: press, exact: true });
      // A button by its whole name, or else a link whose name starts with the words ("Not placed (12)").
      const control = (await button.count()) > 0 ? button : page.getByRole("link", { name: press }).first();
      await control.click();
      await page.waitForURL((url) => url.href !== before);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
    }
    await screenshot(
      page,
      `every-page-${width}-${group}-${line.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home"}`,
    );
    problems.push(...(await problemsOn(page, where)));
  }
  expect(problems).toEqual([]);
}

for (const size of [DESKTOP, PHONE]) {
  describe(`every page ${size.width} px wide`, () => {
    for (const group of Object.keys(PAGES) as Group[]) {
      it(`${group}: fits the window, names every control by its label, passes axe`, async () => {
        await checkGroup(group, size);
      });
    }
  });
}
