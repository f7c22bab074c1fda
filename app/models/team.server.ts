/**
 * A manager's team: who reports to them (directly or further down), the team's progress matrix,
 * assigning and withdrawing modules, and one report's whole picture.
 *
 * The reporting line is read with one recursive query, and progress for the whole team with the
 * set-based `progressForPeople`, so a manager with hundreds of indirect reports loads in a few
 * queries rather than a few per person.
 */
import { aliasedTable, and, asc, desc, eq, gt, inArray, lte, ne, sql, type SQL } from "drizzle-orm";
import { schema, type Db, type Queryable, type Tx } from "~/db.server";
import { describeRule, isDone, type ModuleStanding } from "~/domain/completion";
import {
  daysLate,
  decideAssignment,
  decideWithdrawal,
  todayIn,
  type AssignRefusal,
  type WithdrawRefusal,
} from "~/domain/team";
import { recordAudit } from "~/models/audit.server";
import { actorFacts, managesPerson, sessionCounts, sessionDetails } from "~/models/bookings.server";
import { progressFor, progressForPeople, recomputeCompletion, type ModuleProgress } from "~/models/completion.server";

const manager = aliasedTable(schema.people, "manager");
const host = aliasedTable(schema.people, "host");
const CHUNK = 250;
const DAY = 24 * 60 * 60 * 1000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
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

/**
 * Ids of everyone below the manager in the reporting line. UNION (not UNION ALL) keeps each person
 * once, which also ends the walk if a mistaken reporting cycle exists.
 */
function reportIds(managerId: number, directOnly: boolean): SQL {
  if (directOnly) return sql`select id from people where manager_id = ${managerId}`;
  return sql`with recursive line(id) as (
      select id from people where manager_id = ${managerId}
      union
      select p.id from people p join line on p.manager_id = line.id
    ) select id from line`;
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

/** The manager's active reports, direct and indirect (or direct only), by name. */
export async function reportsOf(
  q: Queryable,
  managerId: number,
  options: { directOnly?: boolean; departmentId?: number | null } = {},
): Promise<TeamMember[]> {
  return memberQuery(q)
    .where(
      and(
        eq(schema.people.active, true),
        ne(schema.people.id, managerId),
        sql`${schema.people.id} in (${reportIds(managerId, options.directOnly ?? false)})`,
        options.departmentId ? eq(schema.people.departmentId, options.departmentId) : undefined,
      ),
    )
    .orderBy(asc(schema.people.name), asc(schema.people.id));
}

/** Active people of one department, by name (an admin's view of any team). */
export async function departmentPeople(q: Queryable, departmentId: number): Promise<TeamMember[]> {
  return memberQuery(q)
    .where(and(eq(schema.people.active, true), eq(schema.people.departmentId, departmentId)))
    .orderBy(asc(schema.people.name), asc(schema.people.id));
}

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

/** Departments to narrow by: those of the viewer's reports, or every department for an admin. */
export async function departmentChoices(q: Queryable, viewer: TeamViewer): Promise<DepartmentChoice[]> {
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
    .where(
      and(
        eq(schema.people.active, true),
        ne(schema.people.id, viewer.id),
        sql`${schema.people.id} in (${reportIds(viewer.id, false)})`,
      ),
    )
    .groupBy(schema.departments.id)
    .orderBy(asc(schema.departments.name));
}

/** Whether the viewer may see and act on this person's training: their manager (any level) or an admin. */
export async function mayManage(q: Queryable, viewer: Pick<TeamViewer, "id" | "isAdmin">, personId: number) {
  return viewer.isAdmin || (await managesPerson(q, viewer.id, personId));
}

// ---- The matrix ---------------------------------------------------------------------------------

export interface MatrixColumn {
  id: number;
  title: string;
  core: boolean;
}

export interface MatrixCell {
  standing: ModuleStanding;
  label: string;
  dueOn: string | null;
  dueAt: number | null;
  completedAt: number | null;
  expiresAt: number | null;
  counted: number;
  required: number;
}

export interface MatrixRow {
  member: TeamMember;
  /** One per column, null where the module is neither assigned to the person nor core. */
  cells: (MatrixCell | null)[];
  done: number;
  total: number;
}

export interface OverdueItem {
  personId: number;
  personName: string;
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
  overdue: OverdueItem[];
  stats: TeamStats;
}

export const MATRIX_PAGE_SIZE = 100;

function cellOf(item: ModuleProgress): MatrixCell {
  return {
    standing: item.standing,
    label: item.standingLabel,
    dueOn: item.assignment?.dueOn ?? null,
    dueAt: item.dueAt,
    completedAt: item.completion?.completedAt ?? null,
    expiresAt: item.expiresAt,
    counted: item.evidence.counted.length,
    required: item.evidence.required,
  };
}

/** Everything overdue in the team, the latest first. */
export function overdueList(
  members: readonly Pick<TeamMember, "id" | "name">[],
  progress: Map<number, ModuleProgress[]>,
  now: number,
): OverdueItem[] {
  const items: OverdueItem[] = [];
  for (const member of members) {
    for (const item of progress.get(member.id) ?? []) {
      if (item.standing !== "overdue" || !item.assignment) continue;
      items.push({
        personId: member.id,
        personName: member.name,
        moduleId: item.module.id,
        moduleTitle: item.module.title,
        dueOn: item.assignment.dueOn,
        dueAt: item.assignment.dueAt,
        daysLate: daysLate(item.assignment.dueAt, now),
      });
    }
  }
  return items.sort(
    (a, b) => a.dueAt - b.dueAt || a.personName.localeCompare(b.personName) || a.moduleTitle.localeCompare(b.moduleTitle),
  );
}

/**
 * The people × modules matrix for the viewer's team: columns are the modules assigned to anyone in
 * view plus the core modules, core first. Statistics and the overdue list cover everyone in view;
 * rows come a page at a time.
 */
export async function teamMatrix(
  db: Queryable,
  viewer: TeamViewer,
  now: number,
  options: Partial<TeamScope> & { page?: number } = {},
): Promise<TeamMatrix> {
  const scope: TeamScope = { directOnly: options.directOnly ?? false, departmentId: options.departmentId ?? null };
  const members = await teamMembers(db, viewer, scope);
  // In slices: progressForPeople pairs each person with the assignments it loaded, so smaller
  // calls keep a very large team from costing people × assignments.
  const progress = new Map<number, ModuleProgress[]>();
  for (const part of chunks(members.map((m) => m.id))) {
    for (const [id, items] of await progressForPeople(db, part, now)) progress.set(id, items);
  }

  const columnsById = new Map<number, MatrixColumn>();
  for (const items of progress.values()) {
    for (const item of items) {
      if (!columnsById.has(item.module.id)) {
        columnsById.set(item.module.id, { id: item.module.id, title: item.module.title, core: item.module.core });
      }
    }
  }
  const columns = [...columnsById.values()].sort(
    (a, b) => Number(b.core) - Number(a.core) || a.title.localeCompare(b.title),
  );

  const stats: TeamStats = {
    people: members.length,
    required: 0,
    done: 0,
    overdue: 0,
    expiresSoon: 0,
    expired: 0,
    dueSoon: 0,
  };
  for (const items of progress.values()) {
    for (const item of items) {
      stats.required++;
      if (isDone(item.standing)) stats.done++;
      if (item.standing === "overdue") stats.overdue++;
      if (item.standing === "expires_soon") stats.expiresSoon++;
      if (item.standing === "expired") stats.expired++;
      if (item.standing === "due" && item.dueAt !== null && item.dueAt - now <= 14 * DAY) stats.dueSoon++;
    }
  }

  const pages = Math.max(1, Math.ceil(members.length / MATRIX_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pages);
  const shown = members.slice((page - 1) * MATRIX_PAGE_SIZE, page * MATRIX_PAGE_SIZE);
  const rows = shown.map((member): MatrixRow => {
    const byModule = new Map((progress.get(member.id) ?? []).map((item) => [item.module.id, item]));
    const cells = columns.map((column) => {
      const item = byModule.get(column.id);
      return item ? cellOf(item) : null;
    });
    const held = cells.filter((c): c is MatrixCell => c !== null);
    return { member, cells, done: held.filter((c) => isDone(c.standing)).length, total: held.length };
  });

  return {
    columns,
    rows,
    totalPeople: members.length,
    page,
    pages,
    overdue: overdueList(members, progress, now),
    stats,
  };
}

// ---- Assigning ----------------------------------------------------------------------------------

export interface AssignInput {
  actorId: number;
  moduleId: number | null;
  dueOn: string;
  /** People ticked one by one. */
  personIds: readonly number[];
  /** Everyone who reports to the actor, directly or indirectly. */
  everyone: boolean;
  departmentId: number | null;
  now: number;
}

export type AssignResult =
  | {
      ok: true;
      moduleTitle: string;
      dueOn: string;
      created: { assignmentId: number; personId: number; personName: string; completedAtOnce: boolean }[];
      skipped: { personId: number; personName: string }[];
    }
  | { ok: false; reasons: AssignRefusal[] };

type Candidate = { id: number; name: string; timeZone: string };

async function candidatesById(q: Queryable, ids: readonly number[]): Promise<Candidate[]> {
  const found: Candidate[] = [];
  for (const part of chunks(ids)) {
    found.push(
      ...(await q
        .select({ id: schema.people.id, name: schema.people.name, timeZone: schema.people.timeZone })
        .from(schema.people)
        .where(and(inArray(schema.people.id, part), eq(schema.people.active, true)))),
    );
  }
  return found;
}

/**
 * Assigns one module with one due day to the chosen people: those ticked, everyone who reports
 * to the actor, and a department (for a manager, that department's people among their reports;
 * for an admin, all of its active people). People who already hold a live assignment of the
 * module are left as they were. One write transaction: the assignments, an audit row for each,
 * and a completion check so a module the person already holds is done at once.
 */
export async function assignModule(db: Db, input: AssignInput): Promise<AssignResult> {
  const { actorId, now } = input;
  return db.write(async (tx): Promise<AssignResult> => {
    const [actor] = await tx
      .select({
        id: schema.people.id,
        name: schema.people.name,
        isAdmin: schema.people.isAdmin,
        timeZone: schema.people.timeZone,
        active: schema.people.active,
      })
      .from(schema.people)
      .where(eq(schema.people.id, actorId));
    if (!actor?.active) return { ok: false, reasons: [{ code: "not_allowed", names: [] }] };

    const [module] =
      input.moduleId === null
        ? []
        : await tx
            .select({ id: schema.serviceModules.id, title: schema.serviceModules.title, active: schema.serviceModules.active })
            .from(schema.serviceModules)
            .where(eq(schema.serviceModules.id, input.moduleId));

    const reports = await reportsOf(tx, actorId);
    const reportIdSet = new Set(reports.map((r) => r.id));
    const chosen = new Map<number, Candidate>();
    const reasons: AssignRefusal[] = [];

    if (input.personIds.length > 0) {
      const ticked = await candidatesById(tx, [...new Set(input.personIds)]);
      const refused = ticked.filter((p) => !actor.isAdmin && !reportIdSet.has(p.id));
      if (refused.length > 0) reasons.push({ code: "not_allowed", names: refused.map((p) => p.name) });
      for (const person of ticked) if (actor.isAdmin || reportIdSet.has(person.id)) chosen.set(person.id, person);
    }
    if (input.everyone) for (const r of reports) chosen.set(r.id, r);
    if (input.departmentId !== null) {
      const [department] = await tx
        .select({ name: schema.departments.name })
        .from(schema.departments)
        .where(eq(schema.departments.id, input.departmentId));
      const members = actor.isAdmin
        ? await departmentPeople(tx, input.departmentId)
        : reports.filter((r) => r.departmentId === input.departmentId);
      if (members.length === 0) {
        reasons.push({
          code: "department_empty",
          departmentName: department?.name ?? "that department",
          asAdmin: actor.isAdmin,
        });
      }
      for (const m of members) chosen.set(m.id, m);
    }

    // Nobody assigns training to themselves, even when their own department is chosen.
    const assignees = [...chosen.values()].filter((p) => p.id !== actorId);
    const decision = decideAssignment({
      module: module ?? null,
      dueOn: input.dueOn,
      assignerToday: todayIn(now, actor.timeZone),
      assignees,
      now,
    });
    if (!decision.ok) {
      // An empty choice is already explained when a chosen department or person was refused.
      const explained = reasons.length > 0;
      reasons.push(...decision.reasons.filter((r) => !(explained && r.code === "nobody")));
    }
    if (reasons.length > 0 || !decision.ok || !module) return { ok: false, reasons };

    const held = new Set<number>();
    for (const part of chunks(assignees.map((a) => a.id))) {
      const rows = await tx
        .select({ personId: schema.assignments.personId })
        .from(schema.assignments)
        .where(
          and(
            eq(schema.assignments.moduleId, module.id),
            inArray(schema.assignments.personId, part),
            ne(schema.assignments.status, "withdrawn"),
          ),
        );
      for (const row of rows) held.add(row.personId);
    }
    const byName = (a: Candidate, b: Candidate) => a.name.localeCompare(b.name) || a.id - b.id;
    const skipped = assignees.filter((a) => held.has(a.id)).sort(byName);
    const toAssign = assignees.filter((a) => !held.has(a.id)).sort(byName);

    const created: Extract<AssignResult, { ok: true }>["created"] = [];
    for (const person of toAssign) {
      const dueAt = decision.dueAtOf.get(person.id) ?? 0;
      const [assignment] = await tx
        .insert(schema.assignments)
        .values({
          personId: person.id,
          moduleId: module.id,
          dueOn: input.dueOn,
          dueAt,
          assignedById: actorId,
          status: "open",
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: schema.assignments.id });
      await recordAudit(tx, {
        at: now,
        actorId,
        action: "assignment.created",
        entityType: "assignment",
        entityId: assignment.id,
        summary: `${actor.name} assigned "${module.title}" to ${person.name}, due ${input.dueOn}.`,
        details: { personId: person.id, moduleId: module.id, dueOn: input.dueOn, dueAt },
      });
      await recomputeCompletion(tx, { personId: person.id, moduleId: module.id, now, actorId });
      const [after] = await tx
        .select({ status: schema.assignments.status })
        .from(schema.assignments)
        .where(eq(schema.assignments.id, assignment.id));
      created.push({
        assignmentId: assignment.id,
        personId: person.id,
        personName: person.name,
        completedAtOnce: after?.status === "completed",
      });
    }
    return {
      ok: true,
      moduleTitle: module.title,
      dueOn: input.dueOn,
      created,
      skipped: skipped.map((s) => ({ personId: s.id, personName: s.name })),
    };
  });
}

export type WithdrawResult =
  | { ok: true; personId: number; personName: string; moduleTitle: string }
  | { ok: false; reason: WithdrawRefusal };

/** Withdraws an open assignment: the record stays with status "withdrawn", and the audit log says who. */
export async function withdrawAssignment(
  db: Db,
  input: { assignmentId: number; actorId: number; now: number; /** Only this person's assignment. */ personId?: number },
): Promise<WithdrawResult> {
  const { assignmentId, actorId, now } = input;
  return db.write(async (tx: Tx): Promise<WithdrawResult> => {
    const [row] = await tx
      .select({
        assignment: schema.assignments,
        personName: schema.people.name,
        moduleTitle: schema.serviceModules.title,
      })
      .from(schema.assignments)
      .innerJoin(schema.people, eq(schema.people.id, schema.assignments.personId))
      .innerJoin(schema.serviceModules, eq(schema.serviceModules.id, schema.assignments.moduleId))
      .where(eq(schema.assignments.id, assignmentId));
    if (!row || (input.personId !== undefined && row.assignment.personId !== input.personId)) {
      return { ok: false, reason: { code: "assignment_not_found" } };
    }
    const actor = await actorFacts(tx, actorId, row.assignment.personId);
    const decision = decideWithdrawal({ assignment: row.assignment, actor });
    if (!decision.ok) return decision;

    await tx
      .update(schema.assignments)
      .set({ status: "withdrawn", withdrawnAt: now, updatedAt: now })
      .where(eq(schema.assignments.id, assignmentId));
    await recordAudit(tx, {
      at: now,
      actorId,
      action: "assignment.withdrawn",
      entityType: "assignment",
      entityId: assignmentId,
      summary: `${actor.name} withdrew ${row.personName}'s assignment "${row.moduleTitle}" (was due ${row.assignment.dueOn}).`,
      details: { personId: row.assignment.personId, moduleId: row.assignment.moduleId, dueOn: row.assignment.dueOn },
    });
    return { ok: true, personId: row.assignment.personId, personName: row.personName, moduleTitle: row.moduleTitle };
  });
}

// ---- One person ---------------------------------------------------------------------------------

export interface BookingLine {
  bookingId: number;
  sessionId: number;
  status: "booked" | "waitlisted" | "attended" | "no_show";
  source: "self" | "manager" | "planner";
  sessionStatus: "scheduled" | "cancelled";
  kindName: string;
  hostName: string;
  startsAt: number;
  endsAt: number;
  reflection: string;
  reflectedAt: number | null;
}

export interface SessionSuggestion {
  sessionId: number;
  kindName: string;
  hostName: string;
  hostDepartment: string;
  startsAt: number;
  endsAt: number;
  seats: number;
  seated: number;
  /** Titles of the person's unfinished modules this session counts toward. */
  countsFor: string[];
}

export interface PersonDetail {
  person: TeamMember & { email: string };
  progress: ModuleProgress[];
  /** Names of the people who signed modules off by hand, by id. */
  signers: Record<number, string>;
  upcoming: BookingLine[];
  past: BookingLine[];
  suggestions: SessionSuggestion[];
}

const PAST_BOOKINGS_SHOWN = 20;
const SUGGESTION_DAYS = 28;

async function bookingLines(q: Queryable, personId: number, now: number) {
  const select = {
    bookingId: schema.bookings.id,
    sessionId: schema.sessions.id,
    status: schema.bookings.status,
    source: schema.bookings.source,
    sessionStatus: schema.sessions.status,
    kindName: schema.sessionKinds.name,
    hostName: host.name,
    startsAt: schema.sessions.startsAt,
    endsAt: schema.sessions.endsAt,
    reflection: schema.bookings.reflection,
    reflectedAt: schema.bookings.reflectedAt,
  };
  const base = () =>
    q
      .select(select)
      .from(schema.bookings)
      .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
      .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.sessions.kindId))
      .innerJoin(host, eq(host.id, schema.sessions.hostId));
  const upcoming = await base()
    .where(
      and(
        eq(schema.bookings.personId, personId),
        inArray(schema.bookings.status, ["booked", "waitlisted"]),
        gt(schema.sessions.endsAt, now),
      ),
    )
    .orderBy(asc(schema.sessions.startsAt));
  const past = await base()
    .where(
      and(
        eq(schema.bookings.personId, personId),
        inArray(schema.bookings.status, ["booked", "attended", "no_show"]),
        eq(schema.sessions.status, "scheduled"),
        lte(schema.sessions.endsAt, now),
      ),
    )
    .orderBy(desc(schema.sessions.startsAt))
    .limit(PAST_BOOKINGS_SHOWN);
  return { upcoming: upcoming as BookingLine[], past: past as BookingLine[] };
}

/** Upcoming sessions that would count toward the person's unfinished modules, soonest first. */
async function suggestionsFor(
  q: Queryable,
  person: { id: number; departmentId: number },
  progress: readonly ModuleProgress[],
  now: number,
  limit = 5,
): Promise<SessionSuggestion[]> {
  const open = progress.filter((p) => !isDone(p.standing));
  if (open.length === 0) return [];
  const anyKind = open.some((p) => p.module.ruleKindId === null);
  const kinds = [...new Set(open.map((p) => p.module.ruleKindId).filter((k): k is number => k !== null))];
  const seated = sql<number>`(select count(*) from bookings b where b.session_id = ${schema.sessions.id} and b.status in ('booked', 'attended', 'no_show'))`.mapWith(
    Number,
  );
  const rows = await q
    .select({
      sessionId: schema.sessions.id,
      kindId: schema.sessions.kindId,
      kindName: schema.sessionKinds.name,
      hostName: host.name,
      hostDepartment: schema.departments.name,
      startsAt: schema.sessions.startsAt,
      endsAt: schema.sessions.endsAt,
      seats: schema.sessions.seats,
      seated,
    })
    .from(schema.sessions)
    .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.sessions.kindId))
    .innerJoin(host, eq(host.id, schema.sessions.hostId))
    .innerJoin(schema.departments, eq(schema.departments.id, host.departmentId))
    .where(
      and(
        eq(schema.sessions.status, "scheduled"),
        gt(schema.sessions.startsAt, now),
        lte(schema.sessions.startsAt, now + SUGGESTION_DAYS * DAY),
        ne(host.departmentId, person.departmentId),
        anyKind ? undefined : inArray(schema.sessions.kindId, kinds),
        sql`not exists (select 1 from bookings b where b.session_id = ${schema.sessions.id} and b.person_id = ${person.id} and b.status <> 'cancelled')`,
      ),
    )
    .orderBy(asc(schema.sessions.startsAt))
    .limit(limit);
  return rows.map(({ kindId, ...row }) => ({
    ...row,
    countsFor: open
      .filter((p) => p.module.ruleKindId === null || p.module.ruleKindId === kindId)
      .map((p) => p.module.title),
  }));
}

/** One person's whole picture for their manager: modules, evidence, bookings and what to book next. */
export async function personDetail(db: Queryable, personId: number, now: number): Promise<PersonDetail | null> {
  const person = await personRow(db, personId);
  if (!person) return null;
  const progress = await progressFor(db, personId, now);
  const signerIds = [
    ...new Set(progress.map((p) => p.completion?.signedOffById).filter((id): id is number => typeof id === "number")),
  ];
  const signers: Record<number, string> = {};
  if (signerIds.length > 0) {
    const rows = await db
      .select({ id: schema.people.id, name: schema.people.name })
      .from(schema.people)
      .where(inArray(schema.people.id, signerIds));
    for (const row of rows) signers[row.id] = row.name;
  }
  const { upcoming, past } = await bookingLines(db, personId, now);
  const suggestions = person.active ? await suggestionsFor(db, person, progress, now) : [];
  return { person, progress, signers, upcoming, past, suggestions };
}

async function personRow(q: Queryable, personId: number): Promise<(TeamMember & { email: string }) | undefined> {
  const [row] = await q
    .select({
      id: schema.people.id,
      name: schema.people.name,
      email: schema.people.email,
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
    .leftJoin(manager, eq(manager.id, schema.people.managerId))
    .where(eq(schema.people.id, personId));
  return row;
}

// ---- Booking a report onto a session ------------------------------------------------------------

export interface BookingCandidate {
  id: number;
  name: string;
  departmentName: string;
  /** Unfinished modules (assigned or core) this session's kind counts toward. */
  countsFor: string[];
  /** The person already holds a seat or a waitlist place on this session. */
  alreadyOn: "booked" | "waitlisted" | "attended" | "no_show" | null;
}

export interface BookingPage {
  session: {
    id: number;
    kindName: string;
    onSite: boolean;
    hostName: string;
    hostDepartmentName: string;
    startsAt: number;
    endsAt: number;
    location: string;
    customerName: string;
    customerConfidential: boolean;
    hostId: number;
    seats: number;
    seated: number;
    waitlisted: number;
    departmentCap: number | null;
    status: "scheduled" | "cancelled";
    notes: string;
  };
  candidates: BookingCandidate[];
}

/**
 * A session as a manager sees it when booking a report onto it, with the people they may book:
 * their reports, and for a person named in the link, that person when the viewer manages them or
 * is an admin.
 */
export async function bookingPage(
  db: Queryable,
  viewer: TeamViewer,
  sessionId: number,
  options: { personId: number | null; now: number },
): Promise<BookingPage | null> {
  const details = await sessionDetails(db, sessionId);
  if (!details) return null;
  const [kind] = await db
    .select({ onSite: schema.sessionKinds.onSite })
    .from(schema.sessionKinds)
    .where(eq(schema.sessionKinds.id, details.session.kindId));
  const [hostDepartment] = await db
    .select({ name: schema.departments.name })
    .from(schema.departments)
    .where(eq(schema.departments.id, details.hostDepartmentId));
  const counts = await sessionCounts(db, sessionId);

  const people: TeamMember[] = await reportsOf(db, viewer.id);
  const named = options.personId;
  if (named !== null && !people.some((p) => p.id === named) && (await mayManage(db, viewer, named))) {
    const person = await personRow(db, named);
    if (person?.active) people.unshift(person);
  }

  const countsFor = new Map<number, string[]>();
  const alreadyOn = new Map<number, BookingCandidate["alreadyOn"]>();
  for (const part of chunks(people.map((p) => p.id))) {
    for (const [personId, items] of await progressForPeople(db, part, options.now)) {
      const titles = items
        .filter((p) => !isDone(p.standing))
        .filter((p) => p.module.ruleKindId === null || p.module.ruleKindId === details.session.kindId)
        .map((p) => p.module.title);
      if (titles.length > 0) countsFor.set(personId, titles);
    }
    const booked = await db
      .select({ personId: schema.bookings.personId, status: schema.bookings.status })
      .from(schema.bookings)
      .where(
        and(
          eq(schema.bookings.sessionId, sessionId),
          inArray(schema.bookings.personId, part),
          ne(schema.bookings.status, "cancelled"),
        ),
      );
    for (const row of booked) alreadyOn.set(row.personId, row.status as BookingCandidate["alreadyOn"]);
  }

  const { session } = details;
  return {
    session: {
      id: session.id,
      kindName: details.kindName,
      onSite: kind?.onSite ?? false,
      hostName: details.hostName,
      hostDepartmentName: hostDepartment?.name ?? "",
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      location: session.location,
      customerName: session.customerName,
      customerConfidential: session.customerConfidential,
      hostId: session.hostId,
      seats: session.seats,
      seated: counts.seated,
      waitlisted: counts.waitlisted,
      departmentCap: session.departmentCap,
      status: session.status,
      notes: session.notes,
    },
    candidates: people.map((p) => ({
      id: p.id,
      name: p.name,
      departmentName: p.departmentName,
      countsFor: countsFor.get(p.id) ?? [],
      alreadyOn: alreadyOn.get(p.id) ?? null,
    })),
  };
}

/** The name of a person, for sentences about them. */
export async function personName(q: Queryable, personId: number): Promise<string | null> {
  const [row] = await q.select({ name: schema.people.name }).from(schema.people).where(eq(schema.people.id, personId));
  return row?.name ?? null;
}

/** How many active people report to the manager, directly or further down. */
export async function reportCount(q: Queryable, managerId: number): Promise<number> {
  const [row] = await q
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(schema.people)
    .where(
      and(
        eq(schema.people.active, true),
        ne(schema.people.id, managerId),
        sql`${schema.people.id} in (${reportIds(managerId, false)})`,
      ),
    );
  return row?.count ?? 0;
}

export interface AssignableModule {
  id: number;
  title: string;
  summary: string;
  core: boolean;
  rule: string;
}

/** The modules in use, core first, each with its rule in words. */
export async function assignableModules(q: Queryable): Promise<AssignableModule[]> {
  const rows = await q
    .select({ module: schema.serviceModules, kindName: schema.sessionKinds.name })
    .from(schema.serviceModules)
    .leftJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.serviceModules.ruleKindId))
    .where(eq(schema.serviceModules.active, true));
  return rows
    .map(({ module, kindName }) => ({
      id: module.id,
      title: module.title,
      summary: module.summary,
      core: module.core,
      rule: describeRule(module, kindName),
    }))
    .sort((a, b) => Number(b.core) - Number(a.core) || a.title.localeCompare(b.title));
}

/** A module's title, for sentences about it. */
export async function moduleTitle(q: Queryable, moduleId: number): Promise<string | null> {
  const [row] = await q
    .select({ title: schema.serviceModules.title })
    .from(schema.serviceModules)
    .where(eq(schema.serviceModules.id, moduleId));
  return row?.title ?? null;
}
