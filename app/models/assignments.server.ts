/**
 * Assignments: a manager asks people to complete a module by a day, or withdraws the request.
 * Each change is one write transaction with its audit rows; the rules are `decideAssignment` and
 * `decideWithdrawal` in the domain.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import { schema, type Db, type Queryable, type Tx } from "~/db.server";
import { describeRule } from "~/domain/completion";
import {
  decideAssignment,
  decideWithdrawal,
  type AssignRefusal,
  type Assignee,
  type WithdrawRefusal,
} from "~/domain/team";
import { dayOf } from "~/domain/time";
import { recordAudit } from "~/models/audit.server";
import { actorFacts } from "~/models/bookings.server";
import { recomputeCompletion } from "~/models/completion.server";
import { mailAssignments } from "~/models/mail/module-mail.server";
import { departmentPeople, inSlices, reportsOf } from "~/models/team.server";

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

interface Assigner {
  id: number;
  name: string;
  isAdmin: boolean;
  timeZone: string;
}

async function activePeople(q: Queryable, ids: readonly number[]): Promise<Assignee[]> {
  const found: Assignee[] = [];
  for (const part of inSlices(ids)) {
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
 * Everyone the form chose: those ticked, everyone who reports to the actor, and a department
 * (for a manager, that department's people among their reports; for an admin, all of its active
 * people). A manager's ticks outside their reports, and an empty department, are refusals.
 */
async function chosenPeople(
  tx: Tx,
  actor: Assigner,
  input: AssignInput,
): Promise<{ assignees: Assignee[]; reasons: AssignRefusal[] }> {
  const reports = await reportsOf(tx, actor.id);
  const reportIds = new Set(reports.map((r) => r.id));
  const mayAssignTo = (person: Assignee) => actor.isAdmin || reportIds.has(person.id);
  const chosen = new Map<number, Assignee>();
  const reasons: AssignRefusal[] = [];

  if (input.personIds.length > 0) {
    const ticked = await activePeople(tx, [...new Set(input.personIds)]);
    const refused = ticked.filter((p) => !mayAssignTo(p));
    if (refused.length > 0) reasons.push({ code: "not_allowed", names: refused.map((p) => p.name) });
    for (const person of ticked.filter(mayAssignTo)) chosen.set(person.id, person);
  }
  if (input.everyone) for (const r of reports) chosen.set(r.id, r);
  if (input.departmentId !== null) {
    const departmentId = input.departmentId;
    const members = actor.isAdmin
      ? await departmentPeople(tx, departmentId)
      : reports.filter((r) => r.departmentId === departmentId);
    if (members.length === 0) {
      const [department] = await tx
        .select({ name: schema.departments.name })
        .from(schema.departments)
        .where(eq(schema.departments.id, departmentId));
      reasons.push({
        code: "department_empty",
        departmentName: department?.name ?? "that department",
        asAdmin: actor.isAdmin,
      });
    }
    for (const m of members) chosen.set(m.id, m);
  }
  // Nobody assigns training to themselves, even when their own department is chosen.
  return { assignees: [...chosen.values()].filter((p) => p.id !== actor.id), reasons };
}

/** Of these people, those who already hold a live (not withdrawn) assignment of the module. */
async function alreadyAssigned(tx: Tx, moduleId: number, people: readonly Assignee[]): Promise<Set<number>> {
  const held = new Set<number>();
  for (const part of inSlices(people.map((a) => a.id))) {
    const rows = await tx
      .select({ personId: schema.assignments.personId })
      .from(schema.assignments)
      .where(
        and(
          eq(schema.assignments.moduleId, moduleId),
          inArray(schema.assignments.personId, part),
          ne(schema.assignments.status, "withdrawn"),
        ),
      );
    for (const row of rows) held.add(row.personId);
  }
  return held;
}

/**
 * Assigns one module with one due day to the chosen people. People who already hold a live
 * assignment of the module are left as they were. One write transaction: the assignments, an
 * audit row for each, and a completion check so a module the person already holds is done at once.
 */
export async function assignModule(db: Db, input: AssignInput): Promise<AssignResult> {
  const { actorId, now } = input;
  return db.write(async (tx): Promise<AssignResult> => {
    const actor = await tx.query.people.findFirst({
      columns: { id: true, name: true, isAdmin: true, timeZone: true, active: true },
      where: eq(schema.people.id, actorId),
    });
    if (!actor?.active) return { ok: false, reasons: [{ code: "not_allowed", names: [] }] };

    const module =
      input.moduleId === null
        ? undefined
        : await tx.query.serviceModules.findFirst({
            columns: { id: true, title: true, active: true },
            where: eq(schema.serviceModules.id, input.moduleId),
          });
    const { assignees, reasons } = await chosenPeople(tx, actor, input);
    const decision = decideAssignment({
      module: module ?? null,
      dueOn: input.dueOn,
      assignerToday: dayOf(now, actor.timeZone),
      assignees,
      now,
    });
    if (!decision.ok) {
      // An empty choice is already explained when a chosen department or person was refused.
      const explained = reasons.length > 0;
      reasons.push(...decision.reasons.filter((r) => !(explained && r.code === "nobody")));
    }
    if (reasons.length > 0 || !decision.ok || !module) return { ok: false, reasons };

    const held = await alreadyAssigned(tx, module.id, assignees);
    const byName = (a: Assignee, b: Assignee) => a.name.localeCompare(b.name) || a.id - b.id;
    const skipped = assignees.filter((a) => held.has(a.id)).sort(byName);
    const toAssign = assignees.filter((a) => !held.has(a.id)).sort(byName);

    const created: Extract<AssignResult, { ok: true }>["created"] = [];
    const toTell: { assignmentId: number; personId: number; dueAt: number }[] = [];
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
      const after = await tx.query.assignments.findFirst({
        columns: { status: true },
        where: eq(schema.assignments.id, assignment.id),
      });
      if (after?.status !== "completed") toTell.push({ assignmentId: assignment.id, personId: person.id, dueAt });
      created.push({
        assignmentId: assignment.id,
        personId: person.id,
        personName: person.name,
        completedAtOnce: after?.status === "completed",
      });
    }
    await mailAssignments(tx, {
      moduleId: module.id,
      dueOn: input.dueOn,
      assignedByName: actor.name,
      assignments: toTell,
      now,
    });
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
  { ok: true; personId: number; personName: string; moduleTitle: string } | { ok: false; reason: WithdrawRefusal };

/** Withdraws an open assignment: the record stays with status "withdrawn", and the audit log says who. */
export async function withdrawAssignment(
  db: Db,
  input: {
    assignmentId: number;
    actorId: number;
    now: number;
    /** Only this person's assignment. */
    personId?: number;
  },
): Promise<WithdrawResult> {
  const { assignmentId, actorId, now } = input;
  return db.write(async (tx: Tx): Promise<WithdrawResult> => {
    const assignment = await tx.query.assignments.findFirst({
      where: eq(schema.assignments.id, assignmentId),
      with: { person: { columns: { name: true } }, module: { columns: { title: true } } },
    });
    if (!assignment || (input.personId !== undefined && assignment.personId !== input.personId)) {
      return { ok: false, reason: { code: "assignment_not_found" } };
    }
    const actor = await actorFacts(tx, actorId, assignment.personId);
    const decision = decideWithdrawal({ assignment, actor });
    if (!decision.ok) return decision;

    await tx
      .update(schema.assignments)
      .set({ status: "withdrawn", withdrawnAt: now, updatedAt: now })
      .where(eq(schema.assignments.id, assignmentId));
    const { person, module } = assignment;
    await recordAudit(tx, {
      at: now,
      actorId,
      action: "assignment.withdrawn",
      entityType: "assignment",
      entityId: assignmentId,
      summary: `${actor.name} withdrew ${person.name}'s assignment "${module.title}" (was due ${assignment.dueOn}).`,
      details: { personId: assignment.personId, moduleId: assignment.moduleId, dueOn: assignment.dueOn },
    });
    return { ok: true, personId: assignment.personId, personName: person.name, moduleTitle: module.title };
  });
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
  const modules = await q.query.serviceModules.findMany({
    where: eq(schema.serviceModules.active, true),
    with: { ruleKind: { columns: { name: true } } },
  });
  return modules
    .map(({ ruleKind, ...module }) => ({
      id: module.id,
      title: module.title,
      summary: module.summary,
      core: module.core,
      rule: describeRule(module, ruleKind?.name ?? null),
    }))
    .sort((a, b) => Number(b.core) - Number(a.core) || a.title.localeCompare(b.title));
}

/** A module's title, for sentences about it. */
export async function moduleTitle(q: Queryable, moduleId: number): Promise<string | null> {
  const module = await q.query.serviceModules.findFirst({
    columns: { title: true },
    where: eq(schema.serviceModules.id, moduleId),
  });
  return module?.title ?? null;
}
