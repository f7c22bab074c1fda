/**
 * The team's progress matrix: people × modules, what is overdue, and the numbers above it.
 *
 * Work follows what a page shows, not the size of the team. The numbers in the header and the
 * columns come from one aggregate query, the overdue list and the rows from queries with LIMIT
 * and OFFSET, and the full progress (`progressOfPeople`) is loaded only for the page's people.
 * Who is in view is the `team` fragment below, built on `reportIds`; where a person stands on a
 * module is `standingSql`, the SQL twin of `standingOf`, used by every query that needs it.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "~/db.server";
import { EXPIRES_SOON_MS, isDone, REVOKE_REASON_TEXT, type ModuleStanding } from "~/domain/completion";
import { daysLate, standingNote } from "~/domain/team";
import { DAY } from "~/domain/time";
import { progressForPeople, type ModuleProgress } from "~/models/completion.server";
import { remembered } from "~/models/remembered.server";
import {
  departmentChoices,
  progressOfPeople,
  reportCount,
  activeReportOf,
  type DepartmentChoice,
  type TeamMember,
  type TeamScope,
  type TeamViewer,
} from "~/models/team.server";

export interface MatrixColumn {
  id: number;
  title: string;
  core: boolean;
}

/** A cell as the matrix shows it: the standing in words and the date beside it, in the viewer's zone. */
export interface MatrixCell {
  standing: ModuleStanding;
  label: string;
  note: string;
}

export type MatrixMember = Pick<TeamMember, "id" | "name" | "title" | "departmentName">;

export interface MatrixRow {
  member: MatrixMember;
  /** One per column, null where the module is neither assigned to the person nor core. */
  cells: (MatrixCell | null)[];
  done: number;
  total: number;
}

export interface OverdueItem {
  personId: number;
  personName: string;
  personEmail: string;
  moduleId: number;
  moduleTitle: string;
  dueOn: string;
  dueAt: number;
  daysLate: number;
}

export interface TeamStats {
  people: number;
  /** Modules the team must hold (assigned or core), person by person. */
  required: number;
  done: number;
  overdue: number;
  expiresSoon: number;
  expired: number;
  /** Open, not yet late, due within the next 14 days. */
  dueSoon: number;
}

export interface TeamMatrix {
  columns: MatrixColumn[];
  rows: MatrixRow[];
  /** Everyone in view, across all pages. */
  totalPeople: number;
  page: number;
  pages: number;
  /** The most overdue first, at most OVERDUE_SHOWN; `stats.overdue` says how many there are. */
  overdue: OverdueItem[];
  stats: TeamStats;
}

export interface OverduePage {
  items: OverdueItem[];
  /** Every overdue item in view, across all pages. */
  total: number;
  page: number;
  pages: number;
}

export const MATRIX_PAGE_SIZE = 25;
/** How many overdue items the team page lists before "Show all". */
export const OVERDUE_SHOWN = 10;
export const OVERDUE_PAGE_SIZE = 50;
const DUE_SOON = 14 * DAY;

/** Who a team page is for: the viewer as the team pages know them, with their own department. */
export type TeamPageViewer = TeamViewer & { departmentId: number };

export interface TeamView {
  /** How many active people report to the viewer, directly or further down. */
  reports: number;
  departments: DepartmentChoice[];
  scope: TeamScope;
}

/**
 * Whose progress a team page shows, from its filter. An admin with nobody reporting to them
 * starts from their own department.
 */
export async function teamView(
  q: Queryable,
  viewer: TeamPageViewer,
  filter: { department?: number; direct?: "1" },
): Promise<TeamView> {
  const departments = await departmentChoices(q, viewer);
  // A manager's choices are their reports by department, so together they count the reports.
  const reports = viewer.isAdmin
    ? await reportCount(q, viewer.id)
    : departments.reduce((sum, department) => sum + department.people, 0);
  const departmentId = filter.department ?? (viewer.isAdmin && reports === 0 ? viewer.departmentId : null);
  return { reports, departments, scope: { directOnly: filter.direct === "1", departmentId } };
}

/**
 * Whether a row of `people` is in view. A manager sees their active reports (all of them, or
 * the direct ones), optionally narrowed to one department; an admin choosing a department sees
 * all of its active people.
 */
function inView(viewer: TeamViewer, scope: TeamScope): SQL {
  const inDepartment = scope.departmentId ? sql` and people.department_id = ${scope.departmentId}` : sql``;
  if (viewer.isAdmin && scope.departmentId) return sql`people.active = 1${inDepartment}`;
  return sql`${activeReportOf(viewer.id, scope.directOnly)}${inDepartment}`;
}

/** `team(id)`: everyone in view, as a common table expression. */
function teamCte(viewer: TeamViewer, scope: TeamScope): SQL {
  return sql`team(id) as materialized (select people.id from people where ${inView(viewer, scope)})`;
}

/**
 * Where a person stands on a module, for a row `r` carrying `person_id`, `module_id` and `due_at`
 * (null for a core module nobody assigned): `standingOf` read from the completion
 * `progressForPeople` picks, the live one, else the latest that ended by expiring.
 */
function standingSql(r: string, now: number): SQL {
  const row = sql.raw(r);
  return sql`coalesce(
    (select case
        when c.expires_at is null then 'done'
        when c.expires_at <= ${now} then 'expired'
        when c.expires_at - ${now} <= ${EXPIRES_SOON_MS} then 'expires_soon'
        else 'done'
      end
      from completions c
      where c.person_id = ${row}.person_id and c.module_id = ${row}.module_id
        and (c.revoked_at is null or c.revoked_reason = ${REVOKE_REASON_TEXT.expired})
      order by c.revoked_at is null desc, coalesce(c.expires_at, 0) desc
      limit 1),
    case when ${row}.due_at is not null and ${now} >= ${row}.due_at then 'overdue' else 'due' end
  )`;
}

interface StatsRow {
  people: number;
  moduleId: number | null;
  title: string | null;
  core: number | null;
  active: number | null;
  standing: ModuleStanding | null;
  n: number | null;
  soon: number | null;
}

/**
 * The header's numbers and the matrix's columns, in one aggregate query. The standing is computed
 * for every assignment in view and for every core module someone in view has held; the rest of
 * the core modules (nobody assigned them, nobody holds them) are "due" without a date, which the
 * count of people gives without a row each.
 */
async function statsAndColumns(
  q: Queryable,
  viewer: TeamViewer,
  scope: TeamScope,
  now: number,
): Promise<{ stats: TeamStats; columns: MatrixColumn[] }> {
  const rows = await q.all<StatsRow>(sql`
    with ${teamCte(viewer, scope)},
    held(person_id, module_id, due_at) as (
      select a.person_id, a.module_id, a.due_at
      from team t join assignments a on a.person_id = t.id and a.status <> 'withdrawn'
      union all
      select distinct c.person_id, c.module_id, null
      from completions c join service_modules m on m.id = c.module_id
      where m.core = 1 and m.active = 1 and c.person_id in (select id from team)
        and (c.revoked_at is null or c.revoked_reason = ${REVOKE_REASON_TEXT.expired})
        and not exists (
          select 1 from assignments a
          where a.person_id = c.person_id and a.module_id = c.module_id and a.status <> 'withdrawn'
        )
    ),
    standings(module_id, due_at, standing) as materialized (
      select h.module_id, h.due_at, ${standingSql("h", now)} from held h
    )
    select t.people, m.id as moduleId, m.title, m.core, m.active, s.standing, s.n, s.soon
    from (select count(*) as people from team) t
    left join service_modules m on 1
    left join (
      select module_id, standing, count(*) as n,
        sum(standing = 'due' and due_at is not null and due_at - ${now} <= ${DUE_SOON}) as soon
      from standings group by module_id, standing
    ) s on s.module_id = m.id`);

  const people = Number(rows[0]?.people ?? 0);
  const stats: TeamStats = { people, required: 0, done: 0, overdue: 0, expiresSoon: 0, expired: 0, dueSoon: 0 };
  const modules = new Map<number, { column: MatrixColumn; always: boolean; held: number }>();
  for (const row of rows) {
    if (row.moduleId === null) continue;
    let module = modules.get(row.moduleId);
    if (!module) {
      const column = { id: row.moduleId, title: row.title ?? "", core: row.core === 1 };
      module = { column, always: row.core === 1 && row.active === 1, held: 0 };
      modules.set(row.moduleId, module);
    }
    if (row.standing === null) continue;
    const n = Number(row.n ?? 0);
    module.held += n;
    stats.required += n;
    if (isDone(row.standing)) stats.done += n;
    if (row.standing === "overdue") stats.overdue += n;
    if (row.standing === "expires_soon") stats.expiresSoon += n;
    if (row.standing === "expired") stats.expired += n;
    stats.dueSoon += Number(row.soon ?? 0);
  }
  const columns: MatrixColumn[] = [];
  for (const { column, always, held } of modules.values()) {
    // Everyone in view must hold an active core module: those without a row are due, with no date.
    if (always && people > 0) stats.required += people - held;
    if (held > 0 || (always && people > 0)) columns.push(column);
  }
  columns.sort((a, b) => Number(b.core) - Number(a.core) || a.title.localeCompare(b.title));
  return { stats, columns };
}

type OverdueRow = Omit<OverdueItem, "daysLate">;

/**
 * The overdue assignments in view: `select` is what to read of `overdue o join service_modules m`.
 * Only an assignment past its due instant can be overdue, so the search starts from those (by the
 * status and due index: live assignments are open or completed) rather than from everyone in view.
 */
function overdueQuery(viewer: TeamViewer, scope: TeamScope, now: number, select: SQL, rest: SQL = sql``): SQL {
  return sql`
    with late(person_id, person_name, person_email, module_id, due_on, due_at) as (
      select a.person_id, people.name, people.email, a.module_id, a.due_on, a.due_at
      from assignments a join people on people.id = a.person_id
      where a.status in ('open', 'completed') and a.due_at <= ${now} and ${inView(viewer, scope)}
    ),
    overdue as materialized (select * from late l where ${standingSql("l", now)} = 'overdue')
    select ${select}
    from overdue o
    join service_modules m on m.id = o.module_id
    ${rest}`;
}

/** Overdue items in view, the most overdue first, `limit` of them from `offset` (every one without a limit). */
async function overdueItems(
  q: Queryable,
  viewer: TeamViewer,
  scope: TeamScope,
  now: number,
  limit: number | null,
  offset: number,
): Promise<OverdueItem[]> {
  const slice = limit === null ? sql`` : sql` limit ${limit} offset ${offset}`;
  const rows = await q.all<OverdueRow>(
    overdueQuery(
      viewer,
      scope,
      now,
      sql`o.person_id as personId, o.person_name as personName, o.person_email as personEmail,
        o.module_id as moduleId, m.title as moduleTitle, o.due_on as dueOn, o.due_at as dueAt`,
      sql`order by o.due_at, o.person_name, m.title, o.person_id, o.module_id${slice}`,
    ),
  );
  return rows.map((row) => ({
    personId: Number(row.personId),
    personName: row.personName,
    personEmail: row.personEmail,
    moduleId: Number(row.moduleId),
    moduleTitle: row.moduleTitle,
    dueOn: row.dueOn,
    dueAt: Number(row.dueAt),
    daysLate: daysLate(Number(row.dueAt), now),
  }));
}

/** How many overdue items are in view. */
async function overdueCount(q: Queryable, viewer: TeamViewer, scope: TeamScope, now: number): Promise<number> {
  const [row] = await q.all<{ total: number }>(overdueQuery(viewer, scope, now, sql`count(*) as total`));
  return Number(row?.total ?? 0);
}

/** One page of the people in view, by name: the page's ids are chosen first, then their details read. */
async function membersPage(
  q: Queryable,
  viewer: TeamViewer,
  scope: TeamScope,
  limit: number,
  offset: number,
): Promise<MatrixMember[]> {
  const rows = await q.all<MatrixMember>(sql`
    with shown(id) as materialized (
      select people.id from people where ${inView(viewer, scope)}
      order by people.name, people.id limit ${limit} offset ${offset}
    )
    select p.id, p.name, p.title, d.name as departmentName
    from shown s
    join people p on p.id = s.id
    join departments d on d.id = p.department_id
    order by p.name, p.id`);
  return rows.map((row) => ({
    id: Number(row.id),
    name: row.name,
    title: row.title,
    departmentName: row.departmentName,
  }));
}

/**
 * The cells' notes in the viewer's zone. Formatting a day in a zone is slow next to everything
 * else on the page and a page repeats the same few dates, so each distinct note is made once.
 */
function cellMaker(now: number, timeZone: string): (item: ModuleProgress) => MatrixCell {
  const notes = new Map<string, string>();
  return (item) => {
    const facts = {
      standing: item.standing,
      dueOn: item.assignment?.dueOn ?? null,
      completedAt: item.completion?.completedAt ?? null,
      expiresAt: item.expiresAt,
    };
    const key = `${facts.standing}:${facts.dueOn}:${facts.completedAt}:${facts.expiresAt}`;
    let note = notes.get(key);
    if (note === undefined) {
      note = standingNote(facts, now, timeZone);
      notes.set(key, note);
    }
    return { standing: item.standing, label: item.standingLabel, note };
  };
}

/** One page of the matrix: its people, and each one's standing in every column's module. */
async function matrixRows(
  db: Queryable,
  viewer: TeamViewer,
  scope: TeamScope,
  columns: readonly MatrixColumn[],
  page: number,
  now: number,
): Promise<MatrixRow[]> {
  const members = await membersPage(db, viewer, scope, MATRIX_PAGE_SIZE, (page - 1) * MATRIX_PAGE_SIZE);
  const progress = await progressOfPeople(
    db,
    members.map((m) => m.id),
    now,
  );
  const cellOf = cellMaker(now, viewer.timeZone);
  return members.map((member): MatrixRow => {
    const byModule = new Map((progress.get(member.id) ?? []).map((item) => [item.module.id, item]));
    const cells = columns.map((column) => {
      const item = byModule.get(column.id);
      return item ? cellOf(item) : null;
    });
    const held = cells.filter((c): c is MatrixCell => c !== null);
    return { member, cells, done: held.filter((c) => isDone(c.standing)).length, total: held.length };
  });
}

/** A page number within 1…pages, whatever the address said. */
function pageWithin(page: number | undefined, pages: number): number {
  return Math.min(Math.max(1, Math.floor(page ?? 1)), pages);
}

/**
 * The people × modules matrix for the viewer's team: the numbers cover everyone in view, the
 * rows come a page at a time, and the overdue list gives the most overdue few.
 */
/** What a team page's remembered answers depend on besides the data: whose view, of what. */
function teamKey(viewer: TeamViewer, scope: TeamScope): string {
  return `team:${viewer.isAdmin ? "admin" : "manager"}:${viewer.id}:${scope.directOnly}:${scope.departmentId}`;
}

export async function teamMatrix(
  db: Queryable,
  viewer: TeamViewer,
  now: number,
  options: Partial<TeamScope> & { page?: number } = {},
): Promise<TeamMatrix> {
  const scope: TeamScope = { directOnly: options.directOnly ?? false, departmentId: options.departmentId ?? null };
  // Counts and orders over the whole team are remembered until the training data changes.
  const key = teamKey(viewer, scope);
  const { stats, columns } = await remembered(db, `${key}:stats`, now, () => statsAndColumns(db, viewer, scope, now));
  const pages = Math.max(1, Math.ceil(stats.people / MATRIX_PAGE_SIZE));
  const page = pageWithin(options.page, pages);
  // A page of rows reads only what the training version covers (who, what is assigned, what is
  // held, what a module asks) and the clock, so it is remembered like the counts; the notes are in
  // the viewer's zone, which the key names.
  const rows =
    stats.people === 0
      ? []
      : await remembered(db, `${key}:rows:${page}:${viewer.timeZone}`, now, () =>
          matrixRows(db, viewer, scope, columns, page, now),
        );
  const overdue =
    stats.overdue === 0
      ? []
      : await remembered(db, `${key}:overdue`, now, () => overdueItems(db, viewer, scope, now, OVERDUE_SHOWN, 0));
  return { columns, rows, totalPeople: stats.people, page, pages, overdue, stats };
}

/** Every overdue item in view, a page at a time, the most overdue first. */
export async function overduePage(
  db: Queryable,
  viewer: TeamViewer,
  now: number,
  scope: TeamScope,
  requestedPage = 1,
): Promise<OverduePage> {
  const key = teamKey(viewer, scope);
  const total = await remembered(db, `${key}:overdue-count`, now, () => overdueCount(db, viewer, scope, now));
  const pages = Math.max(1, Math.ceil(total / OVERDUE_PAGE_SIZE));
  const page = pageWithin(requestedPage, pages);
  const items =
    total === 0
      ? []
      : await remembered(db, `${key}:overdue-page:${page}`, now, () =>
          overdueItems(db, viewer, scope, now, OVERDUE_PAGE_SIZE, (page - 1) * OVERDUE_PAGE_SIZE),
        );
  return { items, total, page, pages };
}

/** Every overdue item in view, the most overdue first, in one query: the overdue list's download. */
export async function everyOverdueItem(
  db: Queryable,
  viewer: TeamViewer,
  now: number,
  scope: TeamScope,
): Promise<OverdueItem[]> {
  return overdueItems(db, viewer, scope, now, null, 0);
}

/** A matrix cell as a download gives it: the standing in words and the due day, if one was set. */
export interface MatrixExportCell {
  label: string;
  dueOn: string | null;
}

export interface MatrixExportRow {
  member: MatrixMember & { email: string };
  /** One per column, null where the module is neither assigned to the person nor core. */
  cells: (MatrixExportCell | null)[];
  done: number;
  total: number;
}

/** How many people's progress a download reads at once. */
const EXPORT_SLICE = 250;

/**
 * The whole matrix for the people in view, every page of it, as the download gives it. The
 * people are read in one query and their progress a slice at a time, the same progress the page
 * shows, so a team of 10,000 costs forty reads, not one per person.
 */
export async function teamMatrixForExport(
  db: Queryable,
  viewer: TeamViewer,
  now: number,
  scope: TeamScope,
): Promise<{ columns: MatrixColumn[]; rows: MatrixExportRow[] }> {
  const { columns } = await remembered(db, `${teamKey(viewer, scope)}:stats`, now, () =>
    statsAndColumns(db, viewer, scope, now),
  );
  const members = await everyMember(db, viewer, scope);
  const rows: MatrixExportRow[] = [];
  for (let i = 0; i < members.length; i += EXPORT_SLICE) {
    const slice = members.slice(i, i + EXPORT_SLICE);
    const progress = await progressForPeople(
      db,
      slice.map((m) => m.id),
      now,
    );
    for (const member of slice) {
      const byModule = new Map((progress.get(member.id) ?? []).map((item) => [item.module.id, item]));
      let done = 0;
      let total = 0;
      const cells = columns.map((column): MatrixExportCell | null => {
        const item = byModule.get(column.id);
        if (!item) return null;
        total++;
        if (isDone(item.standing)) done++;
        return { label: item.standingLabel, dueOn: item.assignment?.dueOn ?? null };
      });
      rows.push({ member, cells, done, total });
    }
  }
  return { columns, rows };
}

/** Everyone in view with what a download names them by, by name as the matrix orders them. */
async function everyMember(
  q: Queryable,
  viewer: TeamViewer,
  scope: TeamScope,
): Promise<(MatrixMember & { email: string })[]> {
  const rows = await q.all<MatrixMember & { email: string }>(sql`
    select people.id, people.name, people.email, people.title, departments.name as departmentName
    from people join departments on departments.id = people.department_id
    where ${inView(viewer, scope)}
    order by people.name, people.id`);
  return rows.map((row) => ({
    id: Number(row.id),
    name: row.name,
    email: row.email,
    title: row.title,
    departmentName: row.departmentName,
  }));
}
