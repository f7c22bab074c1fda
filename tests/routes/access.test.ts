/**
 * Every page × every role: who may open what. Each row states the rule in PRODUCT.md's terms,
 * and the test signs in as each demo role and checks the real request handler's answer.
 */
import { and, asc, eq, gt, isNotNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { schema } from "~/db.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoCompany } from "../../db/seed";
import { appWithFreshDatabase, TestClient } from "../support/app";

type Actor = { id: number; isHost: boolean; isManager: boolean; isAdmin: boolean };
type Fixtures = { sessionId: number; hostId: number; reportId: number; moduleId: number; kindId: number; personId: number };

interface RouteRule {
  path: (f: Fixtures) => string;
  /** Who may open it; anyone else signed in gets 403, a signed-out visitor goes to sign in. */
  may: (actor: Actor, f: Fixtures) => boolean;
  rule: string;
}

const everyone = () => true;
const hosts = (a: Actor) => a.isHost;
const managersAndAdmins = (a: Actor) => a.isManager || a.isAdmin;
const admins = (a: Actor) => a.isAdmin;

const ROUTES: RouteRule[] = [
  { path: () => "/", may: everyone, rule: "everyone has a home page" },
  { path: () => "/sessions", may: everyone, rule: "everyone may look for sessions" },
  { path: (f) => `/sessions/${f.sessionId}`, may: everyone, rule: "everyone may open a session" },
  { path: () => "/progress", may: everyone, rule: "everyone sees their own progress" },
  { path: () => "/calendar", may: everyone, rule: "everyone has calendar feeds" },
  { path: () => "/hosting", may: hosts, rule: "hosts see the sessions they host" },
  { path: () => "/hosting/new", may: hosts, rule: "hosts publish sessions" },
  {
    path: (f) => `/hosting/sessions/${f.sessionId}`,
    may: (a, f) => a.id === f.hostId || a.isAdmin,
    rule: "a session's host (or an admin) sees who booked it",
  },
  {
    path: (f) => `/hosting/sessions/${f.sessionId}/edit`,
    may: (a, f) => a.id === f.hostId || a.isAdmin,
    rule: "a session's host (or an admin) edits it",
  },
  { path: () => "/team", may: managersAndAdmins, rule: "managers see their team's progress (admins: the company's)" },
  { path: () => "/team/assign", may: managersAndAdmins, rule: "managers (and admins) assign modules" },
  {
    path: (f) => `/team/${f.reportId}`,
    may: (a, f) => a.isAdmin || (a.isManager && f.reportId !== a.id && managesReport(a, f)),
    rule: "a manager sees a report's detail",
  },
  { path: (f) => `/team/book/${f.sessionId}`, may: managersAndAdmins, rule: "managers (and admins) book people onto sessions" },
  { path: () => "/admin", may: admins, rule: "admins see the company's coverage" },
  { path: () => "/admin/departments", may: admins, rule: "admins keep departments" },
  { path: () => "/admin/kinds", may: admins, rule: "admins keep session kinds" },
  { path: (f) => `/admin/kinds/${f.kindId}`, may: admins, rule: "admins edit a session kind" },
  { path: () => "/admin/modules", may: admins, rule: "admins keep modules" },
  { path: () => "/admin/modules/new", may: admins, rule: "admins add modules" },
  { path: (f) => `/admin/modules/${f.moduleId}`, may: admins, rule: "admins edit a module" },
  { path: () => "/admin/people", may: admins, rule: "admins keep the directory" },
  { path: () => "/admin/people/new", may: admins, rule: "admins add people" },
  { path: (f) => `/admin/people/${f.personId}`, may: admins, rule: "admins edit a person" },
  { path: () => "/admin/people/import", may: admins, rule: "admins import the staff directory" },
  { path: () => "/admin/audit", may: admins, rule: "admins read the audit log" },
];

let app: Awaited<ReturnType<typeof appWithFreshDatabase>>;
let fixtures: Fixtures;
const actors = new Map<string, { actor: Actor; client: TestClient }>();
let reportsOfManager = new Map<number, Set<number>>();

function managesReport(actor: Actor, f: Fixtures): boolean {
  return reportsOfManager.get(actor.id)?.has(f.reportId) ?? false;
}

beforeAll(async () => {
  app = await appWithFreshDatabase();
  await seedDemoCompany(app.db, { now: Date.now() });

  for (const account of DEMO_ACCOUNTS) {
    const [person] = await app.db.select().from(schema.people).where(eq(schema.people.email, account.email));
    const client = new TestClient(app.handle);
    await client.signIn(account.email, DEMO_PASSWORD);
    actors.set(account.roleLabel, { actor: person, client });
  }

  const host = actors.get("Host")!.actor;
  const [session] = await app.db
    .select()
    .from(schema.sessions)
    .where(and(eq(schema.sessions.hostId, host.id), gt(schema.sessions.startsAt, Date.now()), eq(schema.sessions.status, "scheduled")))
    .orderBy(asc(schema.sessions.startsAt))
    .limit(1);
  const manager = actors.get("Manager")!.actor;
  const [report] = await app.db
    .select()
    .from(schema.people)
    .where(and(eq(schema.people.managerId, manager.id), eq(schema.people.active, true)))
    .limit(1);
  const [module] = await app.db.select().from(schema.serviceModules).limit(1);
  const [kind] = await app.db.select().from(schema.sessionKinds).limit(1);
  const people = await app.db
    .select({ id: schema.people.id, managerId: schema.people.managerId })
    .from(schema.people)
    .where(isNotNull(schema.people.managerId));
  reportsOfManager = indirectReports(people);
  fixtures = {
    sessionId: session.id,
    hostId: host.id,
    reportId: report.id,
    moduleId: module.id,
    kindId: kind.id,
    personId: report.id,
  };
});

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
      const path = route.path(fixtures);
      const outcomes: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const [label, { actor, client }] of actors) {
        outcomes[label] = (await client.get(path)).status;
        expected[label] = route.may(actor, fixtures) ? 200 : 403;
      }
      const signedOut = await new TestClient(app.handle).get(path);
      outcomes["signed out"] = signedOut.status;
      expected["signed out"] = 302;
      expect({ path, outcomes }).toEqual({ path, outcomes: expected });
      expect(signedOut.headers.get("Location")).toMatch(/^\/login/);
    });
  }

  it("refuses a form sent to a page the role may not use, and writes nothing", async () => {
    const employee = actors.get("Employee")!.client;
    const before = await app.db.select().from(schema.auditLog);
    const attempts = [
      employee.post("/admin/departments", { intent: "create", name: "Shadow IT", kind: "back_office" }),
      employee.post("/team/assign", { moduleId: fixtures.moduleId, dueOn: "2099-01-01", scope: "person", personIds: fixtures.reportId }),
      employee.post(`/hosting/sessions/${fixtures.sessionId}`, { intent: "cancel-session", reason: "No" }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(403);
    expect(await app.db.select().from(schema.auditLog)).toHaveLength(before.length);
  });
});
