/** What admins see of the whole company: the overview, core-module coverage and the audit log. */
import { and, asc, count, desc, eq, gt, gte, inArray, lt, sql, sum, type SQL } from "drizzle-orm";
import { alias, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { oncePer, schema, type Queryable } from "~/db.server";
import type { AuditQuery } from "~/domain/audit";
import { pageOf } from "~/domain/paging";
import { nameOrEmailContains } from "~/models/people-search.server";
import { remembered } from "~/models/remembered.server";

/** The company at a glance: each department with its people and how its training stands. */
export async function companyOverview(db: Queryable, now: number) {
  const people = db
    .select({
      departmentId: schema.people.departmentId,
      people: count().as("people"),
      hosts: sum(sql`case when ${schema.people.isHost} then 1 else 0 end`).as("hosts"),
      managers: sum(sql`case when ${schema.people.isManager} then 1 else 0 end`).as("managers"),
    })
    .from(schema.people)
    .where(eq(schema.people.active, true))
    .groupBy(schema.people.departmentId)
    .as("p");
  const training = db
    .select({
      departmentId: schema.people.departmentId,
      open: sum(sql`case when ${schema.assignments.status} = 'open' then 1 else 0 end`).as("open"),
      overdue: sum(
        sql`case when ${schema.assignments.status} = 'open' and ${schema.assignments.dueAt} <= ${now} then 1 else 0 end`,
      ).as("overdue"),
      completed: sum(sql`case when ${schema.assignments.status} = 'completed' then 1 else 0 end`).as("completed"),
    })
    .from(schema.assignments)
    .innerJoin(schema.people, eq(schema.people.id, schema.assignments.personId))
    .where(and(eq(schema.people.active, true)))
    .groupBy(schema.people.departmentId)
    .as("t");

  // Counted over the whole company, so remembered until the training data changes.
  const rows = await remembered(db, `company-overview`, now, () =>
    db
      .select({
        id: schema.departments.id,
        name: schema.departments.name,
        kind: schema.departments.kind,
        people: people.people,
        hosts: people.hosts,
        managers: people.managers,
        open: training.open,
        overdue: training.overdue,
        completed: training.completed,
      })
      .from(schema.departments)
      .leftJoin(people, eq(people.departmentId, schema.departments.id))
      .leftJoin(training, eq(training.departmentId, schema.departments.id))
      .orderBy(asc(schema.departments.kind), asc(schema.departments.name)),
  );

  const [{ upcoming }] = await overviewReadsOf(db).upcoming.all({ now });

  return {
    upcomingSessions: upcoming,
    departments: rows.map((r) => ({
      ...r,
      people: Number(r.people ?? 0),
      hosts: Number(r.hosts ?? 0),
      managers: Number(r.managers ?? 0),
      open: Number(r.open ?? 0),
      overdue: Number(r.overdue ?? 0),
      completed: Number(r.completed ?? 0),
    })),
  };
}

/** How much there is in each admin area, for the overview's cards. */
export async function adminAreaCounts(db: Queryable) {
  // People change with the training version, so the company's headcounts are remembered with it.
  const { active, total } = await remembered(db, "people-headcount", 0, async () => {
    const [row] = await db
      .select({
        total: count(),
        active: sql<number>`coalesce(sum(case when ${schema.people.active} then 1 else 0 end), 0)`,
      })
      .from(schema.people);
    return row;
  });
  const [{ departments, kinds, modules, core }] = await overviewReadsOf(db).areas.all();
  return {
    activePeople: active,
    people: total,
    departments,
    kinds,
    modules,
    coreModules: core,
  };
}

/** The overview's reads that are not remembered, built once per database. */
const overviewReadsOf = oncePer((db: Queryable) => {
  const counted = (table: SQLiteTable, where: SQL | undefined = sql`1`) =>
    sql<number>`(select count(*) from ${table} where ${where})`.mapWith(Number);
  const activeModule = eq(schema.serviceModules.active, true);
  return {
    upcoming: db
      .select({ upcoming: count() })
      .from(schema.sessions)
      .where(and(eq(schema.sessions.status, "scheduled"), gt(schema.sessions.startsAt, sql.placeholder("now"))))
      .prepare(),
    // The small tables' counts in one statement.
    areas: db
      .select({
        departments: counted(schema.departments),
        kinds: counted(schema.sessionKinds, eq(schema.sessionKinds.active, true)),
        modules: counted(schema.serviceModules, activeModule),
        core: counted(schema.serviceModules, and(activeModule, eq(schema.serviceModules.core, true))),
      })
      .from(sql`(select 1)`)
      .prepare(),
  };
});

// ---- The audit log ------------------------------------------------------------------------------

export const AUDIT_PER_PAGE = 50;
const actor = alias(schema.people, "actor");

export function auditConditions(q: Queryable, query: AuditQuery): SQL | undefined {
  const conditions: SQL[] = [];
  if (query.entityType) conditions.push(eq(schema.auditLog.entityType, query.entityType));
  if (query.action) conditions.push(eq(schema.auditLog.action, query.action));
  if (query.entityId !== null) conditions.push(eq(schema.auditLog.entityId, query.entityId));
  if (query.fromAt !== null) conditions.push(gte(schema.auditLog.at, query.fromAt));
  if (query.toAt !== null) conditions.push(lt(schema.auditLog.at, query.toAt));
  if (query.actor) {
    const actors = q.select({ id: schema.people.id }).from(schema.people).where(nameOrEmailContains(query.actor));
    conditions.push(inArray(schema.auditLog.actorId, actors));
  }
  return conditions.length > 0 ? and(...conditions) : undefined;
}

/** One page of the audit log, newest first, with who did it and how many entries match. */
export async function auditLogPage(db: Queryable, query: AuditQuery, perPage = AUDIT_PER_PAGE) {
  const where = auditConditions(db, query);
  const [{ total }] = await db.select({ total: count() }).from(schema.auditLog).where(where);
  const { page, pages, offset } = pageOf(total, query.page, perPage);
  const rows = await db
    .select({
      id: schema.auditLog.id,
      at: schema.auditLog.at,
      action: schema.auditLog.action,
      entityType: schema.auditLog.entityType,
      entityId: schema.auditLog.entityId,
      summary: schema.auditLog.summary,
      actorId: schema.auditLog.actorId,
      actorName: actor.name,
      actorEmail: actor.email,
    })
    .from(schema.auditLog)
    .leftJoin(actor, eq(actor.id, schema.auditLog.actorId))
    .where(where)
    .orderBy(desc(schema.auditLog.at), desc(schema.auditLog.id))
    .limit(perPage)
    .offset(offset);
  return { rows, total, page, pages, perPage };
}

/**
 * The actions written so far, for the filter's choices. Each is found with one step along the
 * action index from the one before, so the cost is the number of actions, not of entries.
 */
export async function auditActions(db: Queryable): Promise<string[]> {
  const rows = await db.all<{ action: string }>(sql`
    with recursive found(action) as (
      select min(action) from audit_log
      union all
      select (select min(action) from audit_log where action > found.action) from found where found.action is not null
    )
    select action from found where action is not null`);
  return rows.map((r) => r.action);
}

/**
 * The whole company's coverage of each core module: how many active people hold it now (a
 * completion not revoked and not expired), out of everyone active.
 */
export async function coreModuleCoverage(db: Queryable, now: number) {
  return remembered(db, "core-module-coverage", now, () => coverageOfCoreModules(db, now));
}

async function coverageOfCoreModules(db: Queryable, now: number) {
  const [{ active }] = await db.select({ active: count() }).from(schema.people).where(eq(schema.people.active, true));
  const rows = await db
    .select({
      id: schema.serviceModules.id,
      title: schema.serviceModules.title,
      holders: sql<number>`(
        select count(*) from ${schema.completions} c
        join ${schema.people} p on p.id = c.person_id
        where c.module_id = service_modules.id and c.revoked_at is null
          and (c.expires_at is null or c.expires_at > ${now}) and p.active = 1
      )`,
    })
    .from(schema.serviceModules)
    .where(and(eq(schema.serviceModules.core, true), eq(schema.serviceModules.active, true)))
    .orderBy(asc(schema.serviceModules.title));
  return { activePeople: active, modules: rows.map((r) => ({ ...r, holders: Number(r.holders) })) };
}
