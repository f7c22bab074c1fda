/**
 * A manager's rules for their team: whether an assignment can be made or withdrawn, how late an
 * assignment is, and how a standing reads in a matrix cell. Plain TypeScript: no database, no
 * clock. Days and zones come from `./time`.
 */
import { everyOne } from "./counting";
import type { ModuleStanding, SignOffRefusal } from "./completion";
import {
  DAY,
  endOfDay,
  formatShortDay,
  isDay,
  outsideKeptYears,
  outsideKeptYearsMessage,
  startOfDay,
  type Day,
  type OutsideKeptYears,
} from "./time";

/** Whole days past the due day's end, counting the day it became late as the first. */
export function daysLate(dueAt: number, now: number): number {
  if (now < dueAt) return 0;
  return Math.floor((now - dueAt) / DAY) + 1;
}

export function lateText(days: number): string {
  return days === 1 ? "1 day late" : `${days} days late`;
}

export interface Assignee {
  id: number;
  name: string;
  timeZone: string;
}

export type AssignRefusal =
  | { code: "module_missing" }
  | { code: "module_inactive"; title: string }
  | { code: "due_missing" }
  | { code: "due_past" }
  | { code: "due_over_for"; names: string[] }
  | { code: "due_outside_years"; side: OutsideKeptYears }
  | { code: "nobody" }
  | { code: "department_empty"; departmentName: string; asAdmin: boolean }
  | { code: "not_allowed"; names: string[] };

/**
 * Whether a module can be assigned to these people with this due day. The day is checked against
 * the assigner's today (the form's view) and then against each assignee's own clock, so nobody is
 * handed a due day that has already ended where they are.
 */
export function decideAssignment(input: {
  module: { title: string; active: boolean } | null;
  dueOn: string;
  assignerToday: Day;
  assignees: readonly Assignee[];
  now: number;
}): { ok: true; dueAtOf: Map<number, number> } | { ok: false; reasons: AssignRefusal[] } {
  const reasons: AssignRefusal[] = [];
  if (!input.module) reasons.push({ code: "module_missing" });
  else if (!input.module.active) reasons.push({ code: "module_inactive", title: input.module.title });
  if (!isDay(input.dueOn)) reasons.push({ code: "due_missing" });
  else if (input.dueOn < input.assignerToday) reasons.push({ code: "due_past" });
  if (input.assignees.length === 0) reasons.push({ code: "nobody" });
  if (reasons.length > 0) return { ok: false, reasons };

  const dueAtOf = new Map<number, number>();
  const over: string[] = [];
  for (const person of input.assignees) {
    // "Due Friday" means the whole of the person's own Friday, wherever they work.
    const dueAt = endOfDay(input.dueOn, person.timeZone);
    const outside = outsideKeptYears(dueAt);
    if (outside) return { ok: false, reasons: [{ code: "due_outside_years", side: outside }] };
    if (dueAt <= input.now) over.push(person.name);
    dueAtOf.set(person.id, dueAt);
  }
  if (over.length > 0) return { ok: false, reasons: [{ code: "due_over_for", names: over }] };
  return { ok: true, dueAtOf };
}

function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  if (names.length <= 3) return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `${names.slice(0, 2).join(", ")} and ${names.length - 2} others`;
}

/** The field a refusal belongs beside on the assignment form ("personIds": the choice of people). */
export function assignRefusalField(reason: AssignRefusal): "moduleId" | "dueOn" | "personIds" {
  switch (reason.code) {
    case "module_missing":
    case "module_inactive":
      return "moduleId";
    case "due_missing":
    case "due_past":
    case "due_over_for":
    case "due_outside_years":
      return "dueOn";
    case "nobody":
    case "department_empty":
    case "not_allowed":
      return "personIds";
  }
}

export function assignRefusalMessage(reason: AssignRefusal): string {
  switch (reason.code) {
    case "module_missing":
      return "Choose a module to assign.";
    case "module_inactive":
      return `"${reason.title}" is no longer in use, so it can't be assigned.`;
    case "due_missing":
      return "Choose the day it is due.";
    case "due_past":
      return "The due date can't be in the past — choose today or a later day.";
    case "due_over_for":
      return `That day has already ended where ${listNames(reason.names)} ${reason.names.length === 1 ? "works" : "work"} — choose a later day.`;
    case "due_outside_years":
      return outsideKeptYearsMessage(reason.side, "due date");
    case "nobody":
      return "Choose at least one person, or a department.";
    case "department_empty":
      return reason.asAdmin
        ? `Nobody active works in ${reason.departmentName}.`
        : `Nobody who reports to you works in ${reason.departmentName}.`;
    case "not_allowed":
      return reason.names.length === 0
        ? "You can assign modules only to people who report to you."
        : `You can assign modules only to people who report to you, so not to ${listNames(reason.names)}.`;
  }
}

export function assignedMessage(input: {
  moduleTitle: string;
  dueOn: string;
  created: number;
  alreadyDone: number;
  skipped: number;
  dueText: string;
}): string {
  const { moduleTitle, created, alreadyDone, skipped, dueText } = input;
  const parts: string[] = [];
  if (created > 0) {
    parts.push(`Assigned "${moduleTitle}" to ${created === 1 ? "1 person" : `${created} people`}, due ${dueText}.`);
    if (alreadyDone > 0) {
      parts.push(
        alreadyDone === 1
          ? "1 of them already holds it, so it is marked done."
          : `${alreadyDone} of them already hold it, so it is marked done.`,
      );
    }
  }
  if (skipped > 0) {
    parts.push(
      created === 0
        ? `${everyOne(skipped, "person", "people", "That person")} already had this module assigned — left as ${skipped === 1 ? "it was" : "they were"}.`
        : `${skipped === 1 ? "1 person" : `${skipped} people`} already had this module assigned — left as ${skipped === 1 ? "it was" : "they were"}.`,
    );
  }
  return parts.join(" ");
}

export type WithdrawRefusal =
  { code: "assignment_not_found" } | { code: "not_allowed" } | { code: "already_withdrawn" } | { code: "completed" };

/** A manager of the person (or an admin) may withdraw an open assignment; done ones stay on record. */
export function decideWithdrawal(input: {
  assignment: { status: "open" | "completed" | "withdrawn" } | null;
  actor: { isAdmin: boolean; managesPerson: boolean };
}): { ok: true } | { ok: false; reason: WithdrawRefusal } {
  const { assignment, actor } = input;
  if (!assignment) return { ok: false, reason: { code: "assignment_not_found" } };
  if (!actor.isAdmin && !actor.managesPerson) return { ok: false, reason: { code: "not_allowed" } };
  if (assignment.status === "withdrawn") return { ok: false, reason: { code: "already_withdrawn" } };
  if (assignment.status === "completed") return { ok: false, reason: { code: "completed" } };
  return { ok: true };
}

export function withdrawMessage(reason: WithdrawRefusal): string {
  switch (reason.code) {
    case "assignment_not_found":
      return "That assignment doesn't exist.";
    case "not_allowed":
      return "Only the person's manager or an admin can withdraw this assignment.";
    case "already_withdrawn":
      return "This assignment was already withdrawn.";
    case "completed":
      return "This assignment is already complete, so it stays on record.";
  }
}

/** Colour of a standing; the words always go with it. */
export const STANDING_TONES: Record<ModuleStanding, "ok" | "warn" | "danger" | "info"> = {
  done: "ok",
  expires_soon: "warn",
  expired: "danger",
  due: "info",
  overdue: "danger",
};

/** A due day (the assignee's calendar day) in the same short form. */
export function shortDueDay(dueOn: Day, now: number, timeZone: string): string {
  if (!isDay(dueOn)) return dueOn;
  return formatShortDay(startOfDay(dueOn, timeZone), now, timeZone);
}

/** The small line under a standing in the matrix, so no date hides in a tooltip. */
export function standingNote(
  cell: {
    standing: ModuleStanding;
    dueOn: string | null;
    completedAt: number | null;
    expiresAt: number | null;
  },
  now: number,
  timeZone: string,
): string {
  const day = (ms: number) => formatShortDay(ms, now, timeZone);
  switch (cell.standing) {
    case "done":
      if (cell.expiresAt !== null) return `until ${day(cell.expiresAt)}`;
      return cell.completedAt !== null ? `on ${day(cell.completedAt)}` : "";
    case "expires_soon":
      return cell.expiresAt !== null ? `expires ${day(cell.expiresAt)}` : "";
    case "expired":
      return cell.expiresAt !== null ? `on ${day(cell.expiresAt)}` : "";
    case "due":
      // A core module nobody assigned: everyone must hold it, but no day was set.
      return cell.dueOn ? `by ${shortDueDay(cell.dueOn, now, timeZone)}` : "Core module, no due day";
    case "overdue":
      return cell.dueOn ? `was due ${shortDueDay(cell.dueOn, now, timeZone)}` : "";
  }
}

/** The field a sign-off refusal belongs beside on the person page's form; the rest are about the form. */
export function signOffRefusalField(reason: SignOffRefusal): "reason" | "moduleId" | null {
  switch (reason.code) {
    case "reason_missing":
    case "reason_too_long":
      return "reason";
    case "module_not_found":
    case "module_inactive":
    case "already_complete":
      return "moduleId";
    default:
      return null;
  }
}
