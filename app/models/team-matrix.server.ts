/**
 * The team's progress matrix: people × modules, what is overdue, and the numbers above it.
 * Progress for the whole team comes from the set-based `progressForPeople`, a slice of people at
 * a time, so a manager with hundreds of indirect reports loads in a few queries.
 */
import type { Queryable } from "~/db.server";
import { isDone, type ModuleStanding } from "~/domain/completion";
import { daysLate } from "~/domain/team";
import { DAY } from "~/domain/time";
import type { ModuleProgress } from "~/models/completion.server";
import { progressOfPeople, teamMembers, type TeamMember, type TeamScope, type TeamViewer } from "~/models/team.server";

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
const DUE_SOON = 14 * DAY;

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
    (a, b) =>
      a.dueAt - b.dueAt || a.personName.localeCompare(b.personName) || a.moduleTitle.localeCompare(b.moduleTitle),
  );
}

/** The modules assigned to anyone in view plus the core modules, core first, then by title. */
function columnsOf(progress: Map<number, ModuleProgress[]>): MatrixColumn[] {
  const columnsById = new Map<number, MatrixColumn>();
  for (const items of progress.values()) {
    for (const { module } of items) {
      if (!columnsById.has(module.id))
        columnsById.set(module.id, { id: module.id, title: module.title, core: module.core });
    }
  }
  return [...columnsById.values()].sort((a, b) => Number(b.core) - Number(a.core) || a.title.localeCompare(b.title));
}

function statsOf(people: number, progress: Map<number, ModuleProgress[]>, now: number): TeamStats {
  const stats: TeamStats = { people, required: 0, done: 0, overdue: 0, expiresSoon: 0, expired: 0, dueSoon: 0 };
  for (const items of progress.values()) {
    for (const item of items) {
      stats.required++;
      if (isDone(item.standing)) stats.done++;
      if (item.standing === "overdue") stats.overdue++;
      if (item.standing === "expires_soon") stats.expiresSoon++;
      if (item.standing === "expired") stats.expired++;
      if (item.standing === "due" && item.dueAt !== null && item.dueAt - now <= DUE_SOON) stats.dueSoon++;
    }
  }
  return stats;
}

/**
 * The people × modules matrix for the viewer's team. Statistics and the overdue list cover
 * everyone in view; rows come a page at a time.
 */
export async function teamMatrix(
  db: Queryable,
  viewer: TeamViewer,
  now: number,
  options: Partial<TeamScope> & { page?: number } = {},
): Promise<TeamMatrix> {
  const scope: TeamScope = { directOnly: options.directOnly ?? false, departmentId: options.departmentId ?? null };
  const members = await teamMembers(db, viewer, scope);
  const progress = await progressOfPeople(
    db,
    members.map((m) => m.id),
    now,
  );
  const columns = columnsOf(progress);

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
    stats: statsOf(members.length, progress, now),
  };
}
