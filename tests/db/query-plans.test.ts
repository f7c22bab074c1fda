/**
 * Every query a main page runs reads the large tables through an index. The demo company is
 * served through the real request handler on a database that logs each statement; each one is
 * then asked for its plan (`EXPLAIN QUERY PLAN`, with its own parameters), and a full scan of a
 * table that grows with the company fails the test, naming the page and the statement.
 *
 * Small tables (departments, session kinds, modules, settings) may be read whole: they hold
 * tens of rows whatever the headcount. A scan in the order asked for that LIMIT stops reads only
 * the rows shown. A search for one or two letters reads every name: no index holds pieces that
 * small (from three letters on, the trigram index `people_search` finds them).
 */
import { randomUUID } from "node:crypto";
import { createClient, type Client } from "@libsql/client";
import type { Logger } from "drizzle-orm";
import { eq } from "drizzle-orm";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { openDatabase, schema, type Db } from "~/db.server";
import { issueFeed } from "~/models/calendar/tokens.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed";
import { productionHandler, TestClient, TEST_NOW } from "../support/app";

/** Tables whose rows grow with people, sessions or time. */
const LARGE = new Set([
  "people",
  "reporting_lines",
  "sessions",
  "session_series",
  "bookings",
  "assignments",
  "completions",
  "audit_log",
  "outbox_messages",
  "calendar_feeds",
  "sign_ins",
  "account_tokens",
  "plans",
  "plan_lines",
]);

interface Statement {
  sql: string;
  params: unknown[];
}

class StatementLog implements Logger {
  statements: Statement[] = [];
  logQuery(sql: string, params: unknown[]) {
    this.statements.push({ sql, params });
  }
}

/** The full scans of large tables in a statement's plan ("SCAN bookings"), or none. */
async function fullScans(client: Client, statement: Statement, companyWide: boolean): Promise<string[]> {
  if (!/^\s*(select|with)/i.test(statement.sql)) return [];
  const plan = await client.execute({
    sql: `EXPLAIN QUERY PLAN ${statement.sql}`,
    args: statement.params.map((p) => (typeof p === "boolean" ? Number(p) : p)) as never,
  });
  const details = plan.rows.map((row) => String(row.detail));
  // A scan in the order asked for, stopped by LIMIT, reads only the rows it shows.
  const stopsAtLimit =
    /\blimit\b/i.test(statement.sql) &&
    !/\b(count|sum)\(/i.test(statement.sql) &&
    !details.some((d) => d.includes("TEMP B-TREE"));
  if (stopsAtLimit) return [];
  return details.filter((detail) => {
    const scan = /^SCAN (\w+)(?: AS \w+)?$/.exec(detail);
    // A search that only narrows by a status or a flag still reads most of the table. (Only the
    // admin's company-wide counts read every active person, and they are remembered.)
    const broad = companyWide
      ? /^SEARCH (\w+)(?: AS \w+)? USING (?:COVERING )?INDEX \w+ \(status=\?\)$/.exec(detail)
      : /^SEARCH (\w+)(?: AS \w+)? USING (?:COVERING )?INDEX \w+ \((?:status|active)=\?\)$/.exec(detail);
    return (scan !== null && LARGE.has(scan[1])) || (broad !== null && LARGE.has(broad[1]));
  });
}

const role = (label: string) => DEMO_ACCOUNTS.find((a) => a.roleLabel === label)!.email;

describe("the main pages' statements", () => {
  it("read every large table through an index", { timeout: 120_000 }, async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "frontline-plans-"));
    const file = path.join(folder, "frontline.db");
    copyFileSync(inject("templates").demo, file);
    const log = new StatementLog();
    const db = openDatabase(`file:${file}`, undefined, { logger: log });
    // Plans are asked on a connection of their own, so asking never touches the app's.
    const explain = createClient({ url: `file:${file}` });
    onTestFinished(() => {
      explain.close();
      db.$client.close();
      rmSync(folder, { recursive: true, force: true });
    });
    const handle = await productionHandler();
    const serve = (request: Request) =>
      handle(request, { db, now: TEST_NOW, requestId: randomUUID(), nonce: "", clientAddress: "127.0.0.1" });

    const [session] = await db.select({ id: schema.sessions.id }).from(schema.sessions).limit(1);
    const [report] = await db
      .select({ id: schema.people.id })
      .from(schema.people)
      .innerJoin(schema.reportingLines, eq(schema.reportingLines.personId, schema.people.id))
      .where(eq(schema.reportingLines.managerId, (await personOf(db, role("Manager"))).id))
      .limit(1);
    const [hosted] = await db
      .select({ id: schema.sessions.id })
      .from(schema.sessions)
      .where(eq(schema.sessions.hostId, (await personOf(db, role("Host"))).id))
      .limit(1);

    const manager = await personOf(db, role("Manager"));
    const feed = await issueFeed(db, { personId: manager.id, scope: "team", actorId: manager.id, now: TEST_NOW });
    if (!feed.ok) throw new Error("The manager's team feed could not be turned on.");
    const feedPath = `/calendar/${feed.token}.ics`;
    const [department] = await db.select({ id: schema.departments.id }).from(schema.departments).limit(1);

    const pages: Record<string, string[]> = {
      // Signed out: the sign-in page lists the demo accounts while the demo company is in use.
      Nobody: ["/login", "/forgot-password"],
      Employee: [
        "/",
        "/sessions",
        "/sessions?view=week",
        "/sessions?view=week&week=2027-03-08",
        "/sessions?q=acme",
        "/sessions?view=week&q=ann",
        "/bookings",
        `/sessions/${session.id}`,
        "/progress",
        "/calendar",
      ],
      Host: ["/", "/hosting", `/hosting/sessions/${hosted.id}`],
      Manager: [
        "/team",
        "/team?direct=1",
        `/team?department=${department.id}`,
        `/team/${report.id}`,
        "/team/overdue",
        "/planner",
        "PLAN",
        "FEED",
      ],
      Admin: [
        "/admin",
        "/admin/people",
        "/admin/people?q=ann",
        "/admin/people?q=ann&status=all",
        "/admin/people?role=host",
        `/admin/people?department=${department.id}`,
        "/admin/outbox",
        "/admin/outbox?state=failed",
        "/admin/outbox?kind=seat_booked",
        "/admin/audit",
        "/admin/audit?action=booking.created",
        `/admin/audit?type=person&entityId=${manager.id}`,
        "/admin/audit?actor=oskar",
      ],
    };

    const problems: string[] = [];
    for (const [label, paths] of Object.entries(pages)) {
      const client = new TestClient(serve);
      if (label !== "Nobody") await client.signIn(role(label), DEMO_PASSWORD);
      for (const path of paths) {
        log.statements = [];
        let shown = path;
        if (path === "FEED") {
          // A calendar asking again with the ETag it holds: the 304 reads the token's row only.
          const etag = (await client.get(feedPath)).headers.get("ETag")!;
          log.statements = [];
          const again = await client.get(feedPath, { "If-None-Match": etag });
          expect(again.status).toBe(304);
          expect(log.statements.map((st) => st.sql)).toHaveLength(1);
          shown = `${feedPath} (304)`;
        } else if (path === "PLAN") {
          const made = await client.post("/planner", { intent: "plan", scope: "team", weeks: "4" });
          shown = made.headers.get("Location")!;
          const review = await client.get(shown);
          expect(review.status, shown).toBe(200);
        } else {
          const response = await client.get(path);
          expect(response.status, `${path} → ${response.headers.get("Location")}`).toBe(200);
        }
        const seen = new Set<string>();
        for (const statement of log.statements) {
          if (seen.has(statement.sql)) continue;
          seen.add(statement.sql);
          for (const scan of await fullScans(explain, statement, label === "Admin")) {
            problems.push(`${label} ${shown}: ${scan} in\n  ${statement.sql.slice(0, 400)}`);
          }
        }
      }
    }
    expect(problems, problems.join("\n\n")).toEqual([]);
  });
});

async function personOf(db: Db, email: string) {
  const [person] = await db.select({ id: schema.people.id }).from(schema.people).where(eq(schema.people.email, email));
  return person;
}
