/**
 * Stored plans: "Plan pairings" reads the planner's input at one instant, plans once and keeps the
 * result as rows (`plans`, `plan_lines`). The review page reads a page of lines at a time, and
 * re-opening it never plans again; applying books the lines the manager ticked, through the same
 * booking rules as a person booking by hand, and records on each line what happened.
 */
import { fork, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import {
  aliasedTable,
  and,
  asc,
  between,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  notInArray,
  sql,
} from "drizzle-orm";
import { databaseFilePath, isEmbedded, oncePer, schema, type Db, type Queryable } from "~/db.server";
import type { Viewer } from "~/domain/access";
import type { BookingRefusal } from "~/domain/bookings";
import { pageOf, type PageOf } from "~/domain/paging";
import { type PlacementReason, type PlanSummary, type UnplacedReason } from "~/domain/planner";
import { bookSeatWithin } from "~/models/bookings.server";
import { plannerScope, type ScopeChoice } from "~/models/planner.server";
import { planFor, type PlanningAnswer, type PlanningJob } from "~/models/planning-process.server";

/** How many of a person's plans are kept; making another drops the oldest. */
export const PLANS_KEPT = 5;
/** Lines per page when the plan is read by person, and sessions per page when read by session. */
export const PEOPLE_PER_PAGE = 25;
export const SESSIONS_PER_PAGE = 10;
/** Applying books this many lines per write, so other writers are not kept waiting. */
const APPLY_BATCH = 100;
const INSERT_BATCH = 400;

/** The plan's size for its header, and how many sessions its proposals use. */
export type StoredSummary = PlanSummary & { sessions: number };

/** Why a line's person is placed (a line with a session) or not (a line without one), as data. */
export type LineReason = PlacementReason | UnplacedReason;

export type StoredPlan = Omit<typeof schema.plans.$inferSelect, "summary"> & {
  summary: StoredSummary;
  departmentName: string | null;
};

export interface PlanLineView {
  id: number;
  personId: number;
  personName: string;
  departmentName: string;
  sessionId: number | null;
  reason: LineReason;
  state: (typeof schema.planLines.$inferSelect)["state"];
  refusal: BookingRefusal | null;
}

/** A page of a plan's rows, with how many there are in all. */
export type Page<T> = PageOf & { items: T[]; total: number };

export interface PlannedSession {
  id: number;
  startsAt: number;
  endsAt: number;
  kindName: string;
  hostName: string;
}

/**
 * The planning process's entry point: built JavaScript when the app runs from its build (as
 * `npm start` does), its TypeScript through tsx when it runs from source. Paths are the app folder's.
 */
const PLANNING_PROCESS = {
  built: path.resolve("build/app/models/planning-process.server.js"),
  source: path.resolve("app/models/planning-process.server.ts"),
};

/** A company-wide plan may take this much memory in its own process, whatever the server's own limit. */
const PLANNING_MEMORY_MB = 2048;

function planningProcess(): ChildProcess {
  const fromBuild = import.meta.url.includes("/build/") && existsSync(PLANNING_PROCESS.built);
  return fork(fromBuild ? PLANNING_PROCESS.built : PLANNING_PROCESS.source, [], {
    execArgv: [`--max-old-space-size=${PLANNING_MEMORY_MB}`, ...(fromBuild ? [] : ["--import", "tsx"])],
    env: { ...process.env, FRONTLINE_PLANNING_PROCESS: "1" },
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

/** Plans in a process of its own, which ends when the plan is made (see planning-process.server.ts). */
function planInProcess(job: PlanningJob): Promise<PlanningAnswer> {
  return new Promise((resolve, reject) => {
    const child = planningProcess();
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      done();
      if (child.exitCode === null) child.kill();
    };
    child.once("message", (message: { answer?: PlanningAnswer; error?: string }) =>
      settle(() => (message.answer ? resolve(message.answer) : reject(new Error(message.error)))),
    );
    child.once("error", (error) => settle(() => reject(error)));
    child.once("exit", (code) => settle(() => reject(new Error(`The planning process stopped with code ${code}.`))));
    child.send(job);
  });
}

/**
 * Plans for the viewer's choice at `now` and stores the plan, dropping their oldest beyond
 * PLANS_KEPT. Returns the new plan's id. The planning itself runs in a process of its own when the
 * database can be opened from there (a file or a server; not a database in this process's memory).
 */
export async function makePlan(
  db: Db,
  input: { viewer: Pick<Viewer, "id" | "isAdmin" | "isManager">; choice: ScopeChoice; weeks: number; now: number },
): Promise<number> {
  const { viewer, choice, weeks, now } = input;
  const scope = plannerScope(viewer, choice);
  const job: PlanningJob = { location: db.$location, scope, now, horizonDays: weeks * 7 };
  const inMemory = isEmbedded(job.location.url) && databaseFilePath(job.location.url) === undefined;
  const made = inMemory ? await planFor(job) : await planInProcess(job);
  const ids = [...made.proposals.map((p) => p.personId), ...made.unplaced.map((u) => u.personId)];
  const names = new Map(
    (
      await db.all<{ id: number; name: string }>(
        sql`select id, name from people where id in (select value from json_each(${JSON.stringify(ids)}))`,
      )
    ).map((p) => [p.id, p.name]),
  );

  const lines: (typeof schema.planLines.$inferInsert)[] = [
    ...made.proposals.map((p) => ({
      personId: p.personId,
      sessionId: p.sessionId,
      startsAt: p.startsAt,
      reason: p.reason satisfies LineReason,
    })),
    ...made.unplaced.map((u) => ({
      personId: u.personId,
      sessionId: null,
      startsAt: null,
      reason: u.reason satisfies LineReason,
    })),
  ].map((line) => ({ ...line, planId: 0, personName: names.get(line.personId) ?? "" }));

  return db.write(async (tx) => {
    const [plan] = await tx
      .insert(schema.plans)
      .values({
        madeById: viewer.id,
        madeAt: now,
        scope: scope.kind,
        departmentId: "departmentId" in scope ? (scope.departmentId ?? null) : null,
        weeks,
        peopleWithNeeds: made.peopleWithNeeds,
        sessionsOffered: made.sessionsOffered,
        summary: made.summary satisfies StoredSummary,
      })
      .returning({ id: schema.plans.id });
    for (let i = 0; i < lines.length; i += INSERT_BATCH) {
      await tx
        .insert(schema.planLines)
        .values(lines.slice(i, i + INSERT_BATCH).map((l) => ({ ...l, planId: plan.id })));
    }
    const kept = tx
      .select({ id: schema.plans.id })
      .from(schema.plans)
      .where(eq(schema.plans.madeById, viewer.id))
      .orderBy(desc(schema.plans.madeAt), desc(schema.plans.id))
      .limit(PLANS_KEPT);
    const dropped = and(eq(schema.plans.madeById, viewer.id), notInArray(schema.plans.id, kept));
    await tx
      .delete(schema.planLines)
      .where(inArray(schema.planLines.planId, tx.select({ id: schema.plans.id }).from(schema.plans).where(dropped)));
    await tx.delete(schema.plans).where(dropped);
    return plan.id;
  });
}

function planQuery(q: Queryable) {
  return q
    .select({
      plan: schema.plans,
      departmentName: schema.departments.name,
    })
    .from(schema.plans)
    .leftJoin(schema.departments, eq(schema.departments.id, schema.plans.departmentId));
}

function storedPlan(row: { plan: typeof schema.plans.$inferSelect; departmentName: string | null }): StoredPlan {
  return { ...row.plan, summary: row.plan.summary as StoredSummary, departmentName: row.departmentName };
}

/** A plan the viewer made; another person's plan reads as missing. */
export async function planOf(q: Queryable, planId: number, viewerId: number): Promise<StoredPlan | undefined> {
  const [row] = await planQuery(q).where(and(eq(schema.plans.id, planId), eq(schema.plans.madeById, viewerId)));
  return row ? storedPlan(row) : undefined;
}

/** The viewer's kept plans, the newest first. */
export async function recentPlans(q: Queryable, viewerId: number): Promise<StoredPlan[]> {
  const rows = await reviewReadsOf(q).recent.all({ viewerId });
  return rows.map(storedPlan);
}

/** A plan line as the review shows it: the person, their department, the session and why. */
const lineColumns = {
  id: schema.planLines.id,
  personId: schema.planLines.personId,
  personName: schema.people.name,
  departmentName: schema.departments.name,
  sessionId: schema.planLines.sessionId,
  reason: schema.planLines.reason,
  state: schema.planLines.state,
  refusal: schema.planLines.refusal,
};

function lineQuery(q: Queryable) {
  return q
    .select(lineColumns)
    .from(schema.planLines)
    .innerJoin(schema.people, eq(schema.people.id, schema.planLines.personId))
    .innerJoin(schema.departments, eq(schema.departments.id, schema.people.departmentId));
}

const sessionHost = aliasedTable(schema.people, "session_host");

/** Placed lines, each with its session's time, kind and host read in the same statement. */
function placedLineQuery(q: Queryable) {
  const session = {
    id: schema.sessions.id,
    startsAt: schema.sessions.startsAt,
    endsAt: schema.sessions.endsAt,
    kindName: schema.sessionKinds.name,
    hostName: sessionHost.name,
  };
  return q
    .select({ ...lineColumns, session })
    .from(schema.planLines)
    .innerJoin(schema.people, eq(schema.people.id, schema.planLines.personId))
    .innerJoin(schema.departments, eq(schema.departments.id, schema.people.departmentId))
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.planLines.sessionId))
    .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.sessions.kindId))
    .innerJoin(sessionHost, eq(sessionHost.id, schema.sessions.hostId));
}

/**
 * The review page's reads whose shape never changes, built once per database: opening a plan
 * runs them on every request.
 */
const reviewReadsOf = oncePer((q: Queryable) => {
  const l = schema.planLines;
  const planId = sql.placeholder("planId");
  const offset = sql.placeholder("offset");
  const byName = [asc(l.personName), asc(l.personId)];
  return {
    recent: planQuery(q)
      .where(eq(schema.plans.madeById, sql.placeholder("viewerId")))
      .orderBy(desc(schema.plans.madeAt), desc(schema.plans.id))
      .limit(PLANS_KEPT)
      .prepare(),
    // DISTINCT over the time-ordered index stops at the page; a GROUP BY read every placed line.
    sessionsShown: q
      .selectDistinct({ sessionId: l.sessionId, startsAt: l.startsAt })
      .from(l)
      .where(and(eq(l.planId, planId), isNotNull(l.startsAt), isNotNull(l.sessionId)))
      .orderBy(asc(l.startsAt), asc(l.sessionId))
      .limit(SESSIONS_PER_PAGE)
      .offset(offset)
      .prepare(),
    // The people of a page of sessions: the page's stretch of the plan's time-ordered index, not
    // every line of the plan.
    linesOfSessions: placedLineQuery(q)
      .where(
        and(
          eq(l.planId, planId),
          between(l.startsAt, sql.placeholder("from"), sql.placeholder("to")),
          inArray(
            l.sessionId,
            Array.from({ length: SESSIONS_PER_PAGE }, (_, i) => sql.placeholder(`session${i}`)),
          ),
        ),
      )
      .orderBy(asc(schema.people.name), asc(l.personId))
      .prepare(),
    // A page of people by name, placed or not.
    placed: placedLineQuery(q)
      .where(and(eq(l.planId, planId), isNotNull(l.sessionId)))
      .orderBy(...byName)
      .limit(PEOPLE_PER_PAGE)
      .offset(offset)
      .prepare(),
    notPlaced: lineQuery(q)
      .where(and(eq(l.planId, planId), isNull(l.sessionId)))
      .orderBy(...byName)
      .limit(PEOPLE_PER_PAGE)
      .offset(offset)
      .prepare(),
    // Read from what changed since (through the updated_at indexes), not from the whole plan.
    changedSince: q
      .select({ changed: count() })
      .from(
        sql`(select ${schema.sessions.id} as session_id from ${schema.sessions} where ${schema.sessions.updatedAt} > ${sql.placeholder("madeAt")}
          union
          select ${schema.bookings.sessionId} from ${schema.bookings} where ${schema.bookings.updatedAt} > ${sql.placeholder("madeAt")}) c`,
      )
      .where(
        sql`exists (select 1 from ${l} where ${l.planId} = ${planId} and ${l.state} = 'proposed' and ${l.sessionId} = c.session_id)`,
      )
      .prepare(),
    toApply: q
      .select({ n: count() })
      .from(l)
      .where(and(eq(l.planId, planId), isNotNull(l.sessionId), eq(l.state, "proposed")))
      .prepare(),
  };
});

function lineView(row: Awaited<ReturnType<ReturnType<typeof lineQuery>["execute"]>>[number]): PlanLineView {
  return { ...row, reason: row.reason as LineReason, refusal: (row.refusal as BookingRefusal | null) ?? null };
}

export interface SessionGroup {
  session: PlannedSession;
  lines: PlanLineView[];
}

/** One page of the plan read by session: the sessions in time order, each with its people. */
export async function planBySession(q: Queryable, plan: StoredPlan, page: number): Promise<Page<SessionGroup>> {
  const total = plan.summary.sessions;
  const paging = pageOf(total, page, SESSIONS_PER_PAGE);
  const reads = reviewReadsOf(q);
  const shown = await reads.sessionsShown.all({ planId: plan.id, offset: paging.offset });
  const sessionIds = shown.map((s) => s.sessionId!);
  const lines =
    sessionIds.length === 0
      ? []
      : await reads.linesOfSessions.all({
          planId: plan.id,
          from: shown[0].startsAt,
          to: shown[shown.length - 1].startsAt,
          // A short last page names its last session again in the places left over.
          ...Object.fromEntries(
            Array.from({ length: SESSIONS_PER_PAGE }, (_, i) => [
              `session${i}`,
              sessionIds[Math.min(i, sessionIds.length - 1)],
            ]),
          ),
        });
  const groups = sessionIds.flatMap((id) => {
    const own = lines.filter((line) => line.sessionId === id);
    if (own.length === 0) return [];
    return [{ session: own[0].session, lines: own.map(({ session: _, ...line }) => lineView(line)) }];
  });
  return { ...paging, items: groups, total };
}

/** One page of the plan's placed people, by name, each with their session. */
export async function planByPerson(
  q: Queryable,
  plan: StoredPlan,
  page: number,
): Promise<Page<PlanLineView & { session: PlannedSession }>> {
  const paging = pageOf(plan.summary.placed, page, PEOPLE_PER_PAGE);
  const rows = await reviewReadsOf(q).placed.all({ planId: plan.id, offset: paging.offset });
  return {
    ...paging,
    total: plan.summary.placed,
    items: rows.map(({ session, ...row }) => ({ ...lineView(row), session })),
  };
}

/** One page of the people the plan could not place, by name, with the reason. */
export async function planNotPlaced(q: Queryable, plan: StoredPlan, page: number): Promise<Page<PlanLineView>> {
  const total = Object.values(plan.summary.notPlaced).reduce((sum, n) => sum + n, 0);
  const paging = pageOf(total, page, PEOPLE_PER_PAGE);
  const rows = await reviewReadsOf(q).notPlaced.all({ planId: plan.id, offset: paging.offset });
  return { ...paging, total, items: rows.map(lineView) };
}

/** How many lines are still to apply. */
export async function linesToApply(q: Queryable, planId: number): Promise<number> {
  const [row] = await reviewReadsOf(q).toApply.all({ planId });
  return row?.n ?? 0;
}

/**
 * How many of the sessions the plan still proposes changed after the plan was made: moved,
 * called off, or booked or cancelled by someone. Applying still checks every booking rule; this
 * says beforehand that the plan may no longer be the best one.
 */
export async function sessionsChangedSince(q: Queryable, plan: StoredPlan): Promise<number> {
  const [row] = await reviewReadsOf(q).changedSince.all({ planId: plan.id, madeAt: plan.madeAt });
  return row?.changed ?? 0;
}

export interface AppliedLine {
  lineId: number;
  personId: number;
  sessionId: number;
  bookingId: number | null;
  refusal: BookingRefusal | null;
}

/**
 * Books the plan's lines that are still proposed: the ticked ones, or all of them. Each line is
 * booked through the booking rules as the planner for the viewer, and the line records the
 * booking or the refusal in the same write; a seat taken meanwhile is reported, never overbooked
 * or waitlisted.
 */
export async function applyPlan(
  db: Db,
  input: { plan: StoredPlan; lineIds: readonly number[] | "all"; actorId: number; now: number },
): Promise<AppliedLine[]> {
  const l = schema.planLines;
  const chosen = await db
    .select({ id: l.id, personId: l.personId, sessionId: l.sessionId })
    .from(l)
    .where(
      and(
        eq(l.planId, input.plan.id),
        isNotNull(l.sessionId),
        eq(l.state, "proposed"),
        input.lineIds === "all" ? undefined : inArray(l.id, [...input.lineIds]),
      ),
    )
    .orderBy(asc(l.startsAt), asc(l.id));
  const applied: AppliedLine[] = [];
  for (let i = 0; i < chosen.length; i += APPLY_BATCH) {
    await db.write(async (tx) => {
      for (const line of chosen.slice(i, i + APPLY_BATCH)) {
        const sessionId = line.sessionId!;
        const outcome = await bookSeatWithin(tx, {
          personId: line.personId,
          sessionId,
          actorId: input.actorId,
          source: "planner",
          now: input.now,
          waitlist: false,
        });
        const result = outcome.ok
          ? { bookingId: outcome.booking.id, refusal: null }
          : { bookingId: null, refusal: outcome.reason };
        await tx
          .update(l)
          .set({ state: outcome.ok ? "booked" : "refused", ...result })
          .where(eq(l.id, line.id));
        applied.push({ lineId: line.id, personId: line.personId, sessionId, ...result });
      }
    });
    // Other people's requests get their turn between batches (the embedded database never waits).
    await new Promise((resolve) => setImmediate(resolve));
  }
  return applied;
}
