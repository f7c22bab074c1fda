/**
 * Every page × every role: who may open what. Each row names the action of the app's own table of
 * who may do what (`PERMISSIONS` in app/domain/permissions.ts) and the facts about the thing on the
 * page; the test signs in as each demo role and checks the real request handler's answer against
 * `can(...)`, and a signed-out visitor against the sign-in page.
 */
import { and, asc, desc, eq, gt, isNotNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { rolesOf } from "~/domain/access";
import { can, PERMISSIONS, type Action, type Actor, type Resource } from "~/domain/permissions";
import { mailSeat } from "~/models/mail/seat-mail.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed";
import { testApp, type TestClient } from "../support/app";
import { textOf } from "../support/html";

interface Fixtures {
  sessionId: number;
  hostId: number;
  reportId: number;
  moduleId: number;
  kindId: number;
  personId: number;
  /** A message in the outbox that carries an invite. */
  messageId: number;
  /** Everyone each manager manages, directly or through others. */
  reportsOf: Map<number, Set<number>>;
}

interface RouteRule {
  path: (f: Fixtures) => string;
  /** What the page lets a person do, in the words of the permissions table. */
  action: Action;
  /** The facts about what the page shows that the rule reads. */
  resource?: (actor: Actor, f: Fixtures) => Resource;
  rule: string;
}

const ROUTES: RouteRule[] = [
  { path: () => "/", action: "progress:own", rule: "everyone has a home page" },
  { path: () => "/sessions", action: "sessions:find", rule: "everyone may look for sessions" },
  { path: (f) => `/sessions/${f.sessionId}`, action: "sessions:find", rule: "everyone may open a session" },
  { path: () => "/progress", action: "progress:own", rule: "everyone sees their own progress" },
  { path: () => "/bookings", action: "progress:own", rule: "everyone sees their own bookings" },
  { path: () => "/calendar", action: "calendar:own-feeds", rule: "everyone has calendar feeds" },
  {
    path: () => "/notifications",
    action: "mail:own-preferences",
    rule: "everyone chooses which messages they get by e-mail",
  },
  {
    path: () => "/account/sessions",
    action: "account:own-sign-ins",
    rule: "everyone sees where they are signed in, and signs out elsewhere",
  },
  { path: () => "/hosting", action: "hosting:publish", rule: "hosts see the sessions they host" },
  { path: () => "/hosting/new", action: "hosting:publish", rule: "hosts publish sessions" },
  {
    path: (f) => `/hosting/sessions/${f.sessionId}`,
    action: "hosting:manage-session",
    resource: (_, f) => ({ hostId: f.hostId }),
    rule: "a session's host (or an admin) sees who booked it",
  },
  {
    path: (f) => `/hosting/sessions/${f.sessionId}/edit`,
    action: "hosting:manage-session",
    resource: (_, f) => ({ hostId: f.hostId }),
    rule: "a session's host (or an admin) edits it",
  },
  { path: () => "/team", action: "team:view", rule: "managers see their team's progress (admins: the company's)" },
  { path: () => "/team/overdue", action: "team:view", rule: "managers see everything overdue in their team" },
  { path: () => "/team/assign", action: "team:assign", rule: "managers (and admins) assign modules" },
  {
    path: (f) => `/team/${f.reportId}`,
    action: "team:manage-person",
    resource: (actor, f) => ({
      personId: f.reportId,
      managesPerson: f.reportsOf.get(actor.id)?.has(f.reportId) ?? false,
    }),
    rule: "a manager sees a report's detail",
  },
  {
    path: (f) => `/team/book/${f.sessionId}`,
    action: "team:book-others",
    rule: "managers (and admins) book people onto sessions",
  },
  { path: () => "/planner", action: "planner:run", rule: "managers (and admins) run the planner" },
  { path: () => "/admin", action: "admin:company", rule: "admins see the company's coverage" },
  { path: () => "/admin/departments", action: "admin:company", rule: "admins keep departments" },
  { path: () => "/admin/kinds", action: "admin:company", rule: "admins keep session kinds" },
  { path: (f) => `/admin/kinds/${f.kindId}`, action: "admin:company", rule: "admins edit a session kind" },
  { path: () => "/admin/modules", action: "admin:company", rule: "admins keep modules" },
  { path: () => "/admin/modules/new", action: "admin:company", rule: "admins add modules" },
  { path: (f) => `/admin/modules/${f.moduleId}`, action: "admin:company", rule: "admins edit a module" },
  { path: () => "/admin/people", action: "admin:company", rule: "admins keep the directory" },
  { path: () => "/admin/people/new", action: "admin:company", rule: "admins add people" },
  { path: (f) => `/admin/people/${f.personId}`, action: "admin:company", rule: "admins edit a person" },
  { path: () => "/admin/people/import", action: "admin:company", rule: "admins import the staff directory" },
  { path: () => "/admin/audit", action: "admin:company", rule: "admins read the audit log" },
  { path: () => "/admin/outbox", action: "admin:company", rule: "admins read the outbox" },
  { path: (f) => `/admin/outbox/${f.messageId}`, action: "admin:company", rule: "admins read one message" },
  {
    path: (f) => `/admin/outbox/${f.messageId}/invite.ics`,
    action: "admin:company",
    rule: "admins download a message's invite",
  },
];

const REFUSALS = Object.values(PERMISSIONS)
  .map((p) => p.refusal)
  .filter(Boolean);

/** The demo company of this test, each demo role signed in, and the rows the pages are about. */
async function demoCompanySignedIn() {
  const app = await testApp({ template: "demo" });
  const actors = new Map<string, { actor: Actor; client: TestClient }>();
  for (const account of DEMO_ACCOUNTS) {
    const [person] = await app.db.select().from(schema.people).where(eq(schema.people.email, account.email));
    const client = app.client.another();
    await client.signIn(account.email, DEMO_PASSWORD);
    actors.set(account.roleLabel, { actor: { id: person.id, roles: rolesOf(person) }, client });
  }
  return { ...app, actors, fixtures: await fixturesOf(app.db, actors, app.clock.now()) };
}

async function fixturesOf(db: Db, actors: Map<string, { actor: Actor }>, now: number): Promise<Fixtures> {
  const host = actors.get("Host")!.actor;
  const [session] = await db
    .select()
    .from(schema.sessions)
    .where(
      and(
        eq(schema.sessions.hostId, host.id),
        gt(schema.sessions.startsAt, now),
        eq(schema.sessions.status, "scheduled"),
      ),
    )
    .orderBy(asc(schema.sessions.startsAt))
    .limit(1);
  const manager = actors.get("Manager")!.actor;
  const [report] = await db
    .select()
    .from(schema.people)
    .where(and(eq(schema.people.managerId, manager.id), eq(schema.people.active, true)))
    .limit(1);
  const [module] = await db.select().from(schema.serviceModules).limit(1);
  const [kind] = await db.select().from(schema.sessionKinds).limit(1);
  const [booking] = await db.select().from(schema.bookings).where(eq(schema.bookings.status, "booked")).limit(1);
  await mailSeat(db, {
    bookingId: booking.id,
    kind: "seat_booked",
    extra: { source: "self", byName: "", selfBooked: true },
    now,
  });
  const [message] = await db
    .select({ id: schema.outboxMessages.id })
    .from(schema.outboxMessages)
    .where(eq(schema.outboxMessages.kind, "seat_booked"))
    .orderBy(desc(schema.outboxMessages.id))
    .limit(1);
  const people = await db
    .select({ id: schema.people.id, managerId: schema.people.managerId })
    .from(schema.people)
    .where(isNotNull(schema.people.managerId));
  return {
    sessionId: session.id,
    hostId: host.id,
    reportId: report.id,
    moduleId: module.id,
    kindId: kind.id,
    personId: report.id,
    messageId: message.id,
    reportsOf: indirectReports(people),
  };
}

function indirectReports(people: { id: number; managerId: number | null }[]): Map<number, Set<number>> {
  const direct = new Map<number, number[]>();
  for (const p of people) direct.set(p.managerId!, [...(direct.get(p.managerId!) ?? []), p.id]);
  const result = new Map<number, Set<number>>();
  for (const managerId of direct.keys()) {
    const seen = new Set<number>();
    const queue = [...(direct.get(managerId) ?? [])];
    while (queue.length) {
      const id = queue.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      queue.push(...(direct.get(id) ?? []));
    }
    result.set(managerId, seen);
  }
  return result;
}

describe("who may open which page", () => {
  for (const route of ROUTES) {
    it(`${route.rule}`, async () => {
      const { actors, fixtures, client } = await demoCompanySignedIn();
      const path = route.path(fixtures);
      const outcomes: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const [label, { actor, client: signedIn }] of actors) {
        const response = await signedIn.get(path);
        outcomes[label] = response.status;
        const allowed = can(actor, route.action, route.resource?.(actor, fixtures));
        expected[label] = allowed ? 200 : 403;
        // A refusal says the words of a rule in the table (a page may ask a broader rule first).
        if (!allowed && response.status === 403) {
          const text = await textOf(response);
          expect(
            REFUSALS.filter((refusal) => text.includes(refusal)),
            `${label} on ${path}`,
          ).not.toEqual([]);
        }
      }
      const signedOut = await client.get(path);
      outcomes["signed out"] = signedOut.status;
      expected["signed out"] = 302;
      expect({ path, outcomes }).toEqual({ path, outcomes: expected });
      expect(signedOut.headers.get("Location")).toMatch(/^\/login/);
    });
  }

  it("asks every action of the table somewhere, so no rule goes unchecked", () => {
    const asked = new Set(ROUTES.map((r) => r.action));
    // Who may download a booking's invite is checked by the calendar tests, on bookings of their own.
    // Who may undo a manual sign-off is checked by the sign-off tests, on sign-offs they make.
    const elsewhere = new Set<Action>(["booking:invite", "sign-off:undo"]);
    expect((Object.keys(PERMISSIONS) as Action[]).filter((a) => !asked.has(a) && !elsewhere.has(a))).toEqual([]);
  });

  it("refuses a form sent to a page the role may not use, and writes nothing", async () => {
    const { db, actors, fixtures } = await demoCompanySignedIn();
    const employee = actors.get("Employee")!.client;
    const before = await db.$count(schema.auditLog);
    const attempts = [
      employee.post("/admin/departments", { intent: "create", name: "Shadow IT", kind: "back_office" }),
      employee.post("/team/assign", {
        moduleId: fixtures.moduleId,
        dueOn: "2099-01-01",
        scope: "person",
        personIds: fixtures.reportId,
      }),
      employee.post(`/hosting/sessions/${fixtures.sessionId}`, { intent: "cancel-session", reason: "No" }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(403);
    expect(await db.$count(schema.auditLog)).toBe(before);
  });
});
