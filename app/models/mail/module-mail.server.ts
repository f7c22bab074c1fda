/**
 * The messages about training: a module assigned to someone, and (from the schedule) a module due
 * soon with nothing booked. Both name the upcoming sessions that would count toward it.
 */
import { and, asc, eq, gt, lte, sql } from "drizzle-orm";
import { schema, type Queryable } from "~/db.server";
import { describeRule } from "~/domain/completion";
import type { SessionLine } from "~/mail/payloads.server";
import { enqueueMail } from "./outbox.server";

/** How many sessions a message names; the sessions page has the rest. */
export const SESSIONS_NAMED = 5;

/**
 * The module's title, rule in words and the upcoming sessions that would count toward it (of its
 * kind, any kind when the rule names none), starting after `now` and ending by `endsBy`.
 */
export async function moduleFacts(q: Queryable, input: { moduleId: number; now: number; endsBy: number }) {
  const module = await q.query.serviceModules.findFirst({
    where: eq(schema.serviceModules.id, input.moduleId),
    with: { ruleKind: { columns: { name: true } } },
  });
  if (!module) return undefined;
  const s = schema.sessions;
  const sessions: SessionLine[] = await q
    .select({
      id: s.id,
      kindName: schema.sessionKinds.name,
      hostName: schema.people.name,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      timeZone: s.timeZone,
    })
    .from(s)
    .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, s.kindId))
    .innerJoin(schema.people, eq(schema.people.id, s.hostId))
    .where(
      and(
        module.ruleKindId === null ? undefined : eq(s.kindId, module.ruleKindId),
        eq(s.status, "scheduled"),
        gt(s.startsAt, input.now),
        lte(s.endsAt, input.endsBy),
        sql`(select count(*) from bookings b where b.session_id = ${s.id} and b.status = 'booked') < ${s.seats}`,
      ),
    )
    .orderBy(asc(s.startsAt))
    .limit(SESSIONS_NAMED * 4);
  return {
    moduleId: module.id,
    moduleTitle: module.title,
    summary: module.summary,
    rule: describeRule(module, module.ruleKind?.name ?? null),
    sessions,
  };
}

/** One message to each new assignee: what the module asks, the due day, sessions that would count. */
export async function mailAssignments(
  tx: Queryable,
  input: {
    moduleId: number;
    dueOn: string;
    assignedByName: string;
    assignments: readonly { assignmentId: number; personId: number; dueAt: number }[];
    now: number;
  },
): Promise<void> {
  if (!input.assignments.length) return;
  const latestDue = Math.max(...input.assignments.map((a) => a.dueAt));
  const facts = await moduleFacts(tx, { moduleId: input.moduleId, now: input.now, endsBy: latestDue });
  if (!facts) return;
  const { sessions, ...module } = facts;
  await enqueueMail(
    tx,
    input.assignments.map((a) => ({
      kind: "module_assigned" as const,
      personId: a.personId,
      changeKey: `module_assigned:assignment-${a.assignmentId}`,
      payload: {
        ...module,
        assignmentId: a.assignmentId,
        dueOn: input.dueOn,
        assignedByName: input.assignedByName,
        sessions: sessions.filter((s) => s.endsAt <= a.dueAt).slice(0, SESSIONS_NAMED),
      },
    })),
    input.now,
  );
}
