/**
 * The tables behind the CSV downloads: the team matrix, the overdue list, the people directory
 * and the audit log, each as a header and rows in the words their page uses. Days are written
 * as YYYY-MM-DD and instants also in ISO UTC, so a spreadsheet sorts them. Plain TypeScript:
 * the data comes in, ./csv-export writes it out.
 */
import { ROLE_LABELS } from "./access";
import { actionLabel, AUDIT_ENTITY_LABELS, isAuditEntityType } from "./audit";
import type { CsvValue } from "./csv-export";
import { rolesFromFlags } from "./directory";
import { dayOf, timeOf } from "./time";

export interface CsvTable {
  header: string[];
  rows: CsvValue[][];
}

/** What a matrix cell's download says where a module is neither assigned nor core. */
export const NOT_ASSIGNED = "Not assigned";

export interface MatrixTableInput {
  columns: readonly { title: string }[];
  rows: readonly {
    member: { name: string; email: string; title: string; departmentName: string };
    cells: readonly ({ label: string; dueOn: string | null } | null)[];
    done: number;
    total: number;
  }[];
}

/** One row per person; per module its standing and its due day, as two columns. */
export function matrixTable({ columns, rows }: MatrixTableInput): CsvTable {
  return {
    header: [
      "Person",
      "Email",
      "Job title",
      "Department",
      ...columns.flatMap((c) => [c.title, `${c.title}: due day`]),
      "Modules done",
      "Modules to hold",
    ],
    rows: rows.map((row) => [
      row.member.name,
      row.member.email,
      row.member.title,
      row.member.departmentName,
      ...row.cells.flatMap((cell) => (cell ? [cell.label, cell.dueOn ?? ""] : [NOT_ASSIGNED, ""])),
      row.done,
      row.total,
    ]),
  };
}

/** Every overdue module: whose, which, the day it was due and how many days late it is. */
export function overdueTable(
  items: readonly { personName: string; personEmail: string; moduleTitle: string; dueOn: string; daysLate: number }[],
): CsvTable {
  return {
    header: ["Person", "Email", "Module", "Due day", "Days overdue"],
    rows: items.map((item) => [item.personName, item.personEmail, item.moduleTitle, item.dueOn, item.daysLate]),
  };
}

/** The roles as the directory shows them: the extra ones, or "Employee" when there are none. */
export function rolesText(flags: { isHost: boolean; isManager: boolean; isAdmin: boolean }): string {
  const roles = rolesFromFlags(flags);
  return roles.length === 0 ? ROLE_LABELS.employee : roles.map((r) => ROLE_LABELS[r]).join(", ");
}

/** The directory: who works where, for whom, in which roles, and whether they can sign in. */
export function peopleTable(
  people: readonly {
    name: string;
    email: string;
    title: string;
    departmentName: string;
    managerName: string | null;
    timeZone: string;
    isHost: boolean;
    isManager: boolean;
    isAdmin: boolean;
    active: boolean;
  }[],
): CsvTable {
  return {
    header: ["Name", "Email", "Job title", "Department", "Manager", "Roles", "Status", "Time zone"],
    rows: people.map((p) => [
      p.name,
      p.email,
      p.title,
      p.departmentName,
      p.managerName ?? "",
      rolesText(p),
      p.active ? "Active" : "Switched off",
      p.timeZone,
    ]),
  };
}

/** What the audit log calls a record: "Booking 12", or the type alone when it has no number. */
export function auditRecordText(entityType: string, entityId: number | null): string {
  const label = isAuditEntityType(entityType) ? AUDIT_ENTITY_LABELS[entityType] : entityType;
  return entityId === null ? label : `${label} ${entityId}`;
}

/** The audit log: when in the reader's zone and in ISO UTC, who, what and which record. */
export function auditTable(
  entries: readonly {
    at: number;
    action: string;
    entityType: string;
    entityId: number | null;
    summary: string;
    actorName: string | null;
    actorEmail: string | null;
  }[],
  timeZone: string,
): CsvTable {
  return {
    header: [`When (${timeZone})`, "When (UTC)", "Who", "Email", "Action", "Record", "What happened"],
    rows: entries.map((e) => [
      `${dayOf(e.at, timeZone)} ${timeOf(e.at, timeZone)}`,
      new Date(e.at).toISOString(),
      e.actorName ?? "Frontline (automatic)",
      e.actorEmail ?? "",
      actionLabel(e.action),
      auditRecordText(e.entityType, e.entityId),
      e.summary,
    ]),
  };
}
