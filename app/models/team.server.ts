/**
 * A manager's team: who reports to them, directly or further down the line, the departments
 * those people sit in, and their progress, read a slice of people at a time. The team pages, the
 * assignment form, booking a report and the planner read the team through here.
 *
 * The line below a manager is the `reporting_lines` closure table, kept by triggers: a team of
 * any size and depth is one indexed range, never a walk down the line.
 */
import { aliasedTable, and, asc, eq, sql, type SQL } from "drizzle-orm";
import { oncePer, schema, type Queryable } from "~/db.server";
import { progressForPeople, type ModuleProgress } from "~/models/completion.server";
import { remembered } from "~/models/remembered.server";

const manager = aliasedTable(schema.people, "manager");

/** How many ids one `in (…)` list carries, so a very large team never builds one huge statement. */
const SLICE = 250;

/** Long id lists in slices of a size one query takes comfortably. */
export function inSlices<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += SLICE) out.push(items.slice(i, i + SLICE));
  return out;
}

/** Who is looking at the team pages: a manager, an admin, or both. */
export interface TeamViewer {
  id: number;
  isAdmin: boolean;
  timeZone: string;
}

export interface TeamMember {
  id: number;
  name: string;
  title: string;
  departmentId: number;
  departmentName: string;
  managerId: number | null;
  managerName: string | null;
  timeZone: string;
  active: boolean;
}

/** Ids of everyone below the manager in the reporting line (or only their direct reports). */
export function reportIds(managerId: number, directOnly: boolean): SQL {
  if (directOnly) return sql`select id from people where manager_id = ${managerId}`;
  return sql`select person_id from reporting_lines where manager_id = ${managerId}`;
}

/** The manager's active reports (direct only, or the whole line below them), as a condition on people. */
export function activeReportOf(managerId: number, directOnly = false): SQL {
  // The team leads (`+` keeps the active flag's index out of it), so a small team reads its own rows.
  return sql`+${schema.people.active} = 1 and ${schema.people.id} <> ${managerId}
    and ${schema.people.id} in (${reportIds(managerId, directOnly)})`;
}

function memberQuery(q: Queryable) {
  return q
    .select({
      id: schema.people.id,
      name: schema.people.name,
      title: schema.people.title,
      departmentId: schema.people.departmentId,
      departmentName: schema.departments.name,
      managerId: schema.people.managerId,
      managerName: manager.name,
      timeZone: schema.people.timeZone,
      active: schema.people.active,
    })
    .from(schema.people)
    .innerJoin(schema.departments, eq(schema.departments.id, schema.people.departmentId))
    .leftJoin(manager, eq(manager.id, schema.people.managerId));
}

const byName = [asc(schema.people.name), asc(schema.people.id)];

/** The manager's active reports, direct and indirect (or direct only), by name. */
export async function reportsOf(
  q: Queryable,
  managerId: number,
  options: { directOnly?: boolean; departmentId?: number | null } = {},
): Promise<TeamMember[]> {
  return memberQuery(q)
    .where(
      and(
        activeReportOf(managerId, options.directOnly),
        options.departmentId ? eq(schema.people.departmentId, options.departmentId) : undefined,
      ),
    )
    .orderBy(...byName);
}

/** Active people of one department, by name (an admin's view of any team). */
export async function departmentPeople(q: Queryable, departmentId: number): Promise<TeamMember[]> {
  return memberQuery(q)
    .where(and(eq(schema.people.active, true), eq(schema.people.departmentId, departmentId)))
    .orderBy(...byName);
}

/** One person as the team pages show them, active or not. */
export async function teamMember(q: Queryable, personId: number): Promise<TeamMember | undefined> {
  const [row] = await memberById(q).all({ personId });
  return row;
}

// A report's page reads its person on every request: built once per database.
const memberById = oncePer((q: Queryable) =>
  memberQuery(q)
    .where(eq(schema.people.id, sql.placeholder("personId")))
    .prepare(),
);

export interface TeamScope {
  directOnly: boolean;
  /** Narrow to one department: among the viewer's reports, or for an admin all of its people. */
  departmentId: number | null;
}

/**
 * Whose progress the viewer sees. A manager sees their reports (all of them, or the direct ones),
 * optionally narrowed to one department; an admin choosing a department sees all of its people.
 */
export async function teamMembers(q: Queryable, viewer: TeamViewer, scope: TeamScope): Promise<TeamMember[]> {
  if (viewer.isAdmin && scope.departmentId) return departmentPeople(q, scope.departmentId);
  return reportsOf(q, viewer.id, scope);
}

export interface DepartmentChoice {
  id: number;
  name: string;
  people: number;
}

/**
 * Departments to narrow by: those of the viewer's reports, or every department for an admin.
 * Counted over the whole team, so remembered until the training data changes.
 */
export async function departmentChoices(q: Queryable, viewer: TeamViewer): Promise<DepartmentChoice[]> {
  return remembered(q, `department-choices:${viewer.isAdmin ? "admin" : viewer.id}`, 0, () =>
    countDepartments(q, viewer),
  );
}

async function countDepartments(q: Queryable, viewer: TeamViewer): Promise<DepartmentChoice[]> {
  if (viewer.isAdmin) {
    return q
      .select({
        id: schema.departments.id,
        name: schema.departments.name,
        people: sql<number>`count(${schema.people.id})`.mapWith(Number),
      })
      .from(schema.departments)
      .leftJoin(
        schema.people,
        and(eq(schema.people.departmentId, schema.departments.id), eq(schema.people.active, true)),
      )
      .groupBy(schema.departments.id)
      .orderBy(asc(schema.departments.name));
  }
  return q
    .select({
      id: schema.departments.id,
      name: schema.departments.name,
      people: sql<number>`count(*)`.mapWith(Number),
    })
    .from(schema.people)
    .innerJoin(schema.departments, eq(schema.departments.id, schema.people.departmentId))
    .where(activeReportOf(viewer.id))
    .groupBy(schema.departments.id)
    .orderBy(asc(schema.departments.name));
}

/** How many active people report to the manager, directly or further down. */
export async function reportCount(q: Queryable, managerId: number): Promise<number> {
  const [row] = await q
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(schema.people)
    .where(activeReportOf(managerId));
  return row?.count ?? 0;
}

/** The name of a person, for sentences about them. */
export async function personName(q: Queryable, personId: number): Promise<string | null> {
  const [row] = await q.select({ name: schema.people.name }).from(schema.people).where(eq(schema.people.id, personId));
  return row?.name ?? null;
}

/** Progress of many people, a slice at a time: `progressForPeople` pairs each person with what it loaded. */
export async function progressOfPeople(
  q: Queryable,
  personIds: readonly number[],
  now: number,
): Promise<Map<number, ModuleProgress[]>> {
  const progress = new Map<number, ModuleProgress[]>();
  for (const part of inSlices(personIds)) {
    for (const [id, items] of await progressForPeople(q, part, now)) progress.set(id, items);
  }
  return progress;
}
