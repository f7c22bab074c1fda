/**
 * Service modules: the curriculum, each with a guide and the rule that completes it. Completion is
 * derived from evidence, so adding a module or loosening its rule completes it at once for people
 * whose attended sessions already meet it.
 */
import { and, asc, count, eq, gt, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { schema, type Db, type Queryable, type Tx } from "~/db.server";
import { countsHours, describeRule, meetsRule, sessionsForMinutes, type CompletionRule } from "~/domain/completion";
import { LIMITS } from "~/domain/directory";
import { DAY, MINUTE } from "~/domain/time";
import { liveEvidenceCompletions, recomputeCompletion } from "~/models/completion.server";
import { holderOfName, listOf, saveWithAudit, type Changes, type SaveBy } from "~/models/directory-save.server";
import { kindById } from "~/models/kinds.server";
import type { ModuleInput } from "~/schemas/admin";

export type ServiceModule = typeof schema.serviceModules.$inferSelect;

/**
 * Every module (or only `moduleId`) with its rule in words, how many people hold it now and how
 * many still owe it.
 */
export async function modulesWithUse(q: Queryable, now: number, moduleId?: number) {
  const only = (column: AnySQLiteColumn) => (moduleId === undefined ? undefined : eq(column, moduleId));
  const modules = await q
    .select({ module: schema.serviceModules, kindName: schema.sessionKinds.name })
    .from(schema.serviceModules)
    .leftJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.serviceModules.ruleKindId))
    .where(only(schema.serviceModules.id))
    .orderBy(sql`${schema.serviceModules.active} desc`, sql`lower(${schema.serviceModules.title})`);
  const holders = await q
    .select({ moduleId: schema.completions.moduleId, n: count() })
    .from(schema.completions)
    .where(
      and(
        only(schema.completions.moduleId),
        isNull(schema.completions.revokedAt),
        or(isNull(schema.completions.expiresAt), gt(schema.completions.expiresAt, now)),
      ),
    )
    .groupBy(schema.completions.moduleId);
  const open = await q
    .select({ moduleId: schema.assignments.moduleId, n: count() })
    .from(schema.assignments)
    .where(and(only(schema.assignments.moduleId), eq(schema.assignments.status, "open")))
    .groupBy(schema.assignments.moduleId);
  const holdersOf = new Map(holders.map((h) => [h.moduleId, h.n]));
  const openOf = new Map(open.map((o) => [o.moduleId, o.n]));
  return modules.map(({ module, kindName }) => ({
    ...module,
    kindName,
    rule: describeRule(module, kindName),
    holders: holdersOf.get(module.id) ?? 0,
    openAssignments: openOf.get(module.id) ?? 0,
  }));
}

export async function moduleWithUse(q: Queryable, id: number, now: number) {
  const [module] = await modulesWithUse(q, now, id);
  return module;
}

async function kindNameOf(q: Queryable, kindId: number | null): Promise<string | null> {
  return kindId === null ? null : ((await kindById(q, kindId))?.name ?? null);
}

/**
 * How many people hold the module on evidence that `rule` would not count: the holders a change
 * of kind or of "reflection required" would quietly void.
 */
async function holdersVoidedBy(tx: Tx, moduleId: number, rule: CompletionRule): Promise<number> {
  const live = await liveEvidenceCompletions(tx, { moduleId });
  const ids = [...new Set(live.flatMap((c) => c.evidence))];
  const bookings = new Map<number, Parameters<typeof meetsRule>[1]>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await tx
      .select({
        bookingId: schema.bookings.id,
        kindId: schema.sessions.kindId,
        status: schema.bookings.status,
        startsAt: schema.sessions.startsAt,
        endsAt: schema.sessions.endsAt,
        reflection: schema.bookings.reflection,
        reflectedAt: schema.bookings.reflectedAt,
      })
      .from(schema.bookings)
      .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
      .where(inArray(schema.bookings.id, ids.slice(i, i + 500)));
    for (const row of rows) bookings.set(row.bookingId, row);
  }
  return live.filter((c) =>
    c.evidence.some((id) => {
      const booking = bookings.get(id);
      return !booking || !meetsRule(rule, booking);
    }),
  ).length;
}

/**
 * People who hold no live completion of the module but whose attended sessions may now meet its
 * rule; the completion engine decides each one.
 */
async function completeNewlyQualified(tx: Tx, module: ServiceModule, now: number, actorId: number) {
  const conditions: SQL[] = [
    eq(schema.bookings.status, "attended"),
    eq(schema.sessions.status, "scheduled"),
    sql`not exists (select 1 from ${schema.completions} c where c.person_id = ${schema.bookings.personId} and c.module_id = ${module.id} and c.revoked_at is null)`,
  ];
  if (module.ruleKindId !== null) conditions.push(eq(schema.sessions.kindId, module.ruleKindId));
  if (module.reflectionRequired) conditions.push(sql`length(trim(${schema.bookings.reflection})) > 0`);
  if (module.validityDays !== null) conditions.push(gt(schema.sessions.startsAt, now - module.validityDays * DAY));
  const enough = countsHours(module)
    ? sql`sum(${schema.sessions.endsAt} - ${schema.sessions.startsAt}) >= ${(module.requiredMinutes ?? 0) * MINUTE}`
    : sql`count(*) >= ${module.requiredCount}`;
  const candidates = await tx
    .select({ personId: schema.bookings.personId })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .where(and(...conditions))
    .groupBy(schema.bookings.personId)
    .having(enough)
    .orderBy(asc(schema.bookings.personId));
  let completed = 0;
  for (const { personId } of candidates) {
    if (await recomputeCompletion(tx, { personId, moduleId: module.id, now, actorId })) completed++;
  }
  return completed;
}

const ruleChanged = (changed: Changes) =>
  Boolean(
    changed.ruleKindId ||
    changed.requiredCount ||
    changed.requiredMinutes ||
    changed.reflectionRequired ||
    changed.validityDays,
  );

/**
 * The module's columns from the form: a rule counted in hours keeps its minutes, and as its
 * session count the sessions of the kind's usual length it comes to (see `sessionsForMinutes`).
 */
function moduleColumns(module: ModuleInput, usualMinutes: number | null) {
  const { ruleUnit, requiredHours, requiredCount, ...rest } = module;
  const requiredMinutes = ruleUnit === "hours" ? Math.round((requiredHours ?? 0) * 60) : null;
  return {
    ...rest,
    requiredMinutes,
    requiredCount:
      requiredMinutes === null
        ? (requiredCount ?? 1)
        : sessionsForMinutes(requiredMinutes, usualMinutes, LIMITS.maxRequiredCount),
  };
}

/**
 * Adds a module, or changes the one with `id`. Decision on rule changes: a rule applies from now
 * on. Completions already held stand until they expire (they keep the expiry they were given);
 * people whose attended sessions meet a looser rule hold the module at once. A change of kind or
 * of "reflection required" that would no longer count the evidence some holders earned it on is
 * refused: the completion engine re-checks a completion's evidence against the current rule, so
 * such a change would take the module away from them at their next attendance change. Asking
 * more of people is a new module.
 */
export function saveModule(db: Db, input: SaveBy & { module: ModuleInput }) {
  const { module, ...by } = input;
  return saveWithAudit<typeof schema.serviceModules, { completedNow: number }>(db, by, {
    table: schema.serviceModules,
    entityType: "module",
    holderOf: async (tx) => {
      const modules = await tx
        .select({ id: schema.serviceModules.id, name: schema.serviceModules.title })
        .from(schema.serviceModules);
      return holderOfName(modules, module.title, by.id);
    },
    taken: (holder) => ({ code: "module_title_taken", title: holder ?? module.title }),
    check: async (tx) => {
      const kind = module.ruleKindId === null ? null : await kindById(tx, module.ruleKindId);
      if (kind === undefined) return { ok: false, reason: { code: "kind_unknown" } };
      return { ok: true, values: moduleColumns(module, kind?.defaultMinutes ?? null) };
    },
    vet: async (tx, before, changed) => {
      if (!changed.ruleKindId && !changed.reflectionRequired) return null;
      const holders = await holdersVoidedBy(tx, before.id, { ...before, ...moduleColumns(module, null) });
      return holders > 0 ? { code: "rule_would_void", holders } : null;
    },
    describe: async (tx, { before, saved, changed }) => {
      if (!before) {
        return {
          action: "module.created",
          summary: `Added the module "${saved.title}": ${describeRule(saved, await kindNameOf(tx, saved.ruleKindId))}${saved.core ? "; core" : ""}.`,
          details: { ...module, guide: undefined },
        };
      }
      const what: string[] = [];
      if (changed.title) what.push(`renamed to "${saved.title}"`);
      if (ruleChanged(changed)) {
        const [was, is] = [await kindNameOf(tx, before.ruleKindId), await kindNameOf(tx, saved.ruleKindId)];
        what.push(`rule "${describeRule(before, was)}" → "${describeRule(saved, is)}"`);
      }
      if (changed.summary || changed.guide) what.push(changed.guide ? "guide changed" : "summary changed");
      if (changed.core) what.push(saved.core ? "now core" : "no longer core");
      if (changed.active) what.push(saved.active ? "back in use" : "switched off");
      const action = changed.active
        ? saved.active
          ? "module.activated"
          : "module.deactivated"
        : ruleChanged(changed)
          ? "module.rule_changed"
          : "module.updated";
      return {
        action,
        summary: `Module "${before.title}": ${listOf(what)}.`,
        details: {
          changed: Object.fromEntries(
            Object.entries(changed).map(([k, v]) => [k, k === "guide" ? ["(before)", "(after)"] : v]),
          ),
        },
      };
    },
    then: async (tx, { before, saved, changed }) => {
      const qualifies = saved.active && (!before || ruleChanged(changed) || changed.active);
      return { completedNow: qualifies ? await completeNewlyQualified(tx, saved, by.now, by.actorId) : 0 };
    },
  });
}
