/**
 * The directory an admin keeps: departments, session kinds, service modules and people, and the
 * staff-directory import. Every change is one `db.write` with its audit row(s); the rules of what
 * is valid live in `~/domain/directory`.
 */
import { createHash } from "node:crypto";
import { and, asc, count, eq, gt, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { hashPassword } from "~/auth/password.server";
import { schema, sqliteCode, type Db, type Queryable, type Tx } from "~/db.server";
import { describeRule, meetsRule, type CompletionRule } from "~/domain/completion";
import {
  cycleThrough,
  DEPARTMENT_KIND_LABELS,
  planStaffImport,
  rolesFromFlags,
  sameName,
  type DepartmentInput,
  type DirectoryPerson,
  type DirectoryRefusal,
  type DirectorySnapshot,
  type ImportPlan,
  type KindInput,
  type ModuleInput,
  type PeopleSearch,
  type PersonInput,
} from "~/domain/directory";
import { recordAudit, type AuditEntry } from "~/models/audit.server";
import { recomputeCompletion } from "~/models/completion.server";

export type Department = typeof schema.departments.$inferSelect;
export type SessionKind = typeof schema.sessionKinds.$inferSelect;
export type ServiceModule = typeof schema.serviceModules.$inferSelect;
export type Person = typeof schema.people.$inferSelect;

export type Saved<T> = { ok: true; saved: T } | { ok: false; reason: DirectoryRefusal };

const manager = alias(schema.people, "manager");

/** Rows of "what changed": field → [before, after], only the fields that did. */
function differences(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, [unknown, unknown]> {
  const changed: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after)) {
    if (before[key] !== after[key]) changed[key] = [before[key], after[key]];
  }
  return changed;
}

function listOf(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/**
 * Many audit rows at once, a few hundred a statement: the same rows `recordAudit` writes, for an
 * import of thousands of people that must not hold the write queue for long.
 */
async function recordAuditRows(tx: Tx, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) {
    await tx.insert(schema.auditLog).values(entries.slice(i, i + 500).map((e) => ({ ...e, details: e.details ?? {} })));
  }
}

/** The unique indexes catch what a racing writer on a libSQL server could slip past the check. */
function isUniqueViolation(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === "SQLITE_CONSTRAINT" || code === "SQLITE_CONSTRAINT_UNIQUE";
}

// ---- Departments -------------------------------------------------------------------------------

/** Every department with its kind and headcount (active people; switched-off people apart). */
export async function departmentsWithHeadcount(q: Queryable) {
  const rows = await q
    .select({
      id: schema.departments.id,
      name: schema.departments.name,
      kind: schema.departments.kind,
      description: schema.departments.description,
      active: sql<number>`coalesce(sum(case when ${schema.people.active} then 1 else 0 end), 0)`,
      inactive: sql<number>`coalesce(sum(case when ${schema.people.active} = 0 then 1 else 0 end), 0)`,
      hosts: sql<number>`coalesce(sum(case when ${schema.people.active} and ${schema.people.isHost} then 1 else 0 end), 0)`,
    })
    .from(schema.departments)
    .leftJoin(schema.people, eq(schema.people.departmentId, schema.departments.id))
    .groupBy(schema.departments.id)
    .orderBy(sql`lower(${schema.departments.name})`);
  return rows.map((r) => ({
    ...r,
    active: Number(r.active),
    inactive: Number(r.inactive),
    hosts: Number(r.hosts),
  }));
}

export async function departmentOptions(q: Queryable) {
  return q
    .select({ id: schema.departments.id, name: schema.departments.name })
    .from(schema.departments)
    .orderBy(sql`lower(${schema.departments.name})`);
}

async function departmentNameTaken(tx: Queryable, name: string, exceptId?: number) {
  const all = await tx.select({ id: schema.departments.id, name: schema.departments.name }).from(schema.departments);
  return all.find((d) => d.id !== exceptId && sameName(d.name, name)) ?? null;
}

export async function createDepartment(
  db: Db,
  input: { department: DepartmentInput; actorId: number; now: number },
): Promise<Saved<Department>> {
  const { department, actorId, now } = input;
  try {
    return await db.write(async (tx): Promise<Saved<Department>> => {
      const taken = await departmentNameTaken(tx, department.name);
      if (taken)
        return {
          ok: false,
          reason: { code: "department_name_taken", name: taken.name },
        };
      const [saved] = await tx
        .insert(schema.departments)
        .values({ ...department, createdAt: now })
        .returning();
      await recordAudit(tx, {
        at: now,
        actorId,
        action: "department.created",
        entityType: "department",
        entityId: saved.id,
        summary: `Added the ${DEPARTMENT_KIND_LABELS[saved.kind].toLowerCase()} department ${saved.name}.`,
        details: { name: saved.name, kind: saved.kind },
      });
      return { ok: true, saved };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      return {
        ok: false,
        reason: { code: "department_name_taken", name: department.name },
      };
    throw error;
  }
}

export async function updateDepartment(
  db: Db,
  input: {
    id: number;
    department: DepartmentInput;
    actorId: number;
    now: number;
  },
): Promise<Saved<Department>> {
  const { id, department, actorId, now } = input;
  try {
    return await db.write(async (tx): Promise<Saved<Department>> => {
      const [before] = await tx.select().from(schema.departments).where(eq(schema.departments.id, id));
      if (!before) return { ok: false, reason: { code: "not_found" } };
      const taken = await departmentNameTaken(tx, department.name, id);
      if (taken)
        return {
          ok: false,
          reason: { code: "department_name_taken", name: taken.name },
        };
      const changed = differences(before, department);
      if (Object.keys(changed).length === 0) return { ok: true, saved: before };
      const [saved] = await tx
        .update(schema.departments)
        .set(department)
        .where(eq(schema.departments.id, id))
        .returning();
      const what: string[] = [];
      if (changed.name) what.push(`renamed ${before.name} to ${saved.name}`);
      if (changed.kind) what.push(`made it ${DEPARTMENT_KIND_LABELS[saved.kind].toLowerCase()}`);
      if (changed.description) what.push("changed its description");
      await recordAudit(tx, {
        at: now,
        actorId,
        action: changed.name ? "department.renamed" : "department.updated",
        entityType: "department",
        entityId: id,
        summary: `Department ${before.name}: ${listOf(what)}.`,
        details: { changed },
      });
      return { ok: true, saved };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      return {
        ok: false,
        reason: { code: "department_name_taken", name: department.name },
      };
    throw error;
  }
}

// ---- Session kinds -----------------------------------------------------------------------------

/** Every session kind, with how many upcoming sessions and which modules use it. */
export async function kindsWithUse(q: Queryable, now: number) {
  const kinds = await q
    .select()
    .from(schema.sessionKinds)
    .orderBy(sql`lower(${schema.sessionKinds.name})`);
  const upcoming = await q
    .select({ kindId: schema.sessions.kindId, n: count() })
    .from(schema.sessions)
    .where(and(eq(schema.sessions.status, "scheduled"), gt(schema.sessions.startsAt, now)))
    .groupBy(schema.sessions.kindId);
  const modules = await q
    .select({ kindId: schema.serviceModules.ruleKindId, n: count() })
    .from(schema.serviceModules)
    .where(eq(schema.serviceModules.active, true))
    .groupBy(schema.serviceModules.ruleKindId);
  const upcomingOf = new Map(upcoming.map((u) => [u.kindId, u.n]));
  const modulesOf = new Map(modules.map((m) => [m.kindId, m.n]));
  return kinds.map((k) => ({
    ...k,
    upcomingSessions: upcomingOf.get(k.id) ?? 0,
    modules: modulesOf.get(k.id) ?? 0,
  }));
}

export async function kindById(q: Queryable, id: number): Promise<SessionKind | undefined> {
  const [kind] = await q.select().from(schema.sessionKinds).where(eq(schema.sessionKinds.id, id));
  return kind;
}

export async function kindOptions(q: Queryable) {
  return q
    .select({
      id: schema.sessionKinds.id,
      name: schema.sessionKinds.name,
      active: schema.sessionKinds.active,
    })
    .from(schema.sessionKinds)
    .orderBy(sql`lower(${schema.sessionKinds.name})`);
}

async function kindNameTaken(tx: Queryable, name: string, exceptId?: number) {
  const all = await tx.select({ id: schema.sessionKinds.id, name: schema.sessionKinds.name }).from(schema.sessionKinds);
  return all.find((k) => k.id !== exceptId && sameName(k.name, name)) ?? null;
}

function describeKind(kind: Pick<SessionKind, "defaultMinutes" | "onSite">): string {
  return `${kind.defaultMinutes} minutes, ${kind.onSite ? "on site" : "remote"}`;
}

export async function createKind(
  db: Db,
  input: { kind: KindInput; actorId: number; now: number },
): Promise<Saved<SessionKind>> {
  const { kind, actorId, now } = input;
  try {
    return await db.write(async (tx): Promise<Saved<SessionKind>> => {
      const taken = await kindNameTaken(tx, kind.name);
      if (taken)
        return {
          ok: false,
          reason: { code: "kind_name_taken", name: taken.name },
        };
      const [saved] = await tx
        .insert(schema.sessionKinds)
        .values({ ...kind, createdAt: now })
        .returning();
      await recordAudit(tx, {
        at: now,
        actorId,
        action: "kind.created",
        entityType: "kind",
        entityId: saved.id,
        summary: `Added the session kind ${saved.name} (${describeKind(saved)}${saved.active ? "" : ", not in use yet"}).`,
        details: { ...kind },
      });
      return { ok: true, saved };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      return {
        ok: false,
        reason: { code: "kind_name_taken", name: kind.name },
      };
    throw error;
  }
}

export async function updateKind(
  db: Db,
  input: { id: number; kind: KindInput; actorId: number; now: number },
): Promise<Saved<SessionKind>> {
  const { id, kind, actorId, now } = input;
  try {
    return await db.write(async (tx): Promise<Saved<SessionKind>> => {
      const [before] = await tx.select().from(schema.sessionKinds).where(eq(schema.sessionKinds.id, id));
      if (!before) return { ok: false, reason: { code: "not_found" } };
      const taken = await kindNameTaken(tx, kind.name, id);
      if (taken)
        return {
          ok: false,
          reason: { code: "kind_name_taken", name: taken.name },
        };
      const changed = differences(before, kind);
      if (Object.keys(changed).length === 0) return { ok: true, saved: before };
      const [saved] = await tx.update(schema.sessionKinds).set(kind).where(eq(schema.sessionKinds.id, id)).returning();
      const what: string[] = [];
      if (changed.name) what.push(`renamed to ${saved.name}`);
      if (changed.defaultMinutes) what.push(`usual length ${before.defaultMinutes} → ${saved.defaultMinutes} minutes`);
      if (changed.onSite) what.push(saved.onSite ? "now on site" : "now remote");
      if (changed.description) what.push("description changed");
      if (changed.active) what.push(saved.active ? "back in use" : "no longer offered for new sessions");
      await recordAudit(tx, {
        at: now,
        actorId,
        action: changed.active ? (saved.active ? "kind.activated" : "kind.deactivated") : "kind.updated",
        entityType: "kind",
        entityId: id,
        summary: `Session kind ${before.name}: ${listOf(what)}.`,
        details: { changed },
      });
      return { ok: true, saved };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      return {
        ok: false,
        reason: { code: "kind_name_taken", name: kind.name },
      };
    throw error;
  }
}

// ---- Service modules ---------------------------------------------------------------------------

function ruleOf(
  m: Pick<ServiceModule, "ruleKindId" | "requiredCount" | "reflectionRequired" | "validityDays">,
): CompletionRule {
  return {
    ruleKindId: m.ruleKindId,
    requiredCount: m.requiredCount,
    reflectionRequired: m.reflectionRequired,
    validityDays: m.validityDays,
  };
}

/** Every module with its rule in words, how many people hold it now and how many still owe it. */
export async function modulesWithUse(q: Queryable, now: number) {
  const modules = await q
    .select({
      module: schema.serviceModules,
      kindName: schema.sessionKinds.name,
    })
    .from(schema.serviceModules)
    .leftJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.serviceModules.ruleKindId))
    .orderBy(sql`${schema.serviceModules.active} desc`, sql`lower(${schema.serviceModules.title})`);
  const holders = await q
    .select({ moduleId: schema.completions.moduleId, n: count() })
    .from(schema.completions)
    .where(
      and(
        isNull(schema.completions.revokedAt),
        or(isNull(schema.completions.expiresAt), gt(schema.completions.expiresAt, now)),
      ),
    )
    .groupBy(schema.completions.moduleId);
  const open = await q
    .select({ moduleId: schema.assignments.moduleId, n: count() })
    .from(schema.assignments)
    .where(eq(schema.assignments.status, "open"))
    .groupBy(schema.assignments.moduleId);
  const holdersOf = new Map(holders.map((h) => [h.moduleId, h.n]));
  const openOf = new Map(open.map((o) => [o.moduleId, o.n]));
  return modules.map(({ module, kindName }) => ({
    ...module,
    kindName,
    rule: describeRule(ruleOf(module), kindName),
    holders: holdersOf.get(module.id) ?? 0,
    openAssignments: openOf.get(module.id) ?? 0,
  }));
}

export async function moduleById(q: Queryable, id: number, now: number) {
  const [row] = await q
    .select({
      module: schema.serviceModules,
      kindName: schema.sessionKinds.name,
    })
    .from(schema.serviceModules)
    .leftJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.serviceModules.ruleKindId))
    .where(eq(schema.serviceModules.id, id));
  if (!row) return undefined;
  const [{ holders }] = await q
    .select({ holders: count() })
    .from(schema.completions)
    .where(
      and(
        eq(schema.completions.moduleId, id),
        isNull(schema.completions.revokedAt),
        or(isNull(schema.completions.expiresAt), gt(schema.completions.expiresAt, now)),
      ),
    );
  const [{ open }] = await q
    .select({ open: count() })
    .from(schema.assignments)
    .where(and(eq(schema.assignments.moduleId, id), eq(schema.assignments.status, "open")));
  return {
    ...row.module,
    kindName: row.kindName,
    rule: describeRule(ruleOf(row.module), row.kindName),
    holders,
    open,
  };
}

async function moduleTitleTaken(tx: Queryable, title: string, exceptId?: number) {
  const all = await tx
    .select({
      id: schema.serviceModules.id,
      title: schema.serviceModules.title,
    })
    .from(schema.serviceModules);
  return all.find((m) => m.id !== exceptId && sameName(m.title, title)) ?? null;
}

async function kindExists(tx: Queryable, kindId: number | null): Promise<boolean> {
  if (kindId === null) return true;
  return Boolean(await kindById(tx, kindId));
}

/**
 * How many people hold the module on evidence that `rule` would not count: the holders a change
 * of kind or of "reflection required" would quietly void.
 */
async function holdersVoidedBy(tx: Tx, moduleId: number, rule: CompletionRule): Promise<number> {
  const live = await tx
    .select({
      personId: schema.completions.personId,
      evidence: schema.completions.evidence,
    })
    .from(schema.completions)
    .where(
      and(
        eq(schema.completions.moduleId, moduleId),
        isNull(schema.completions.revokedAt),
        eq(schema.completions.source, "evidence"),
      ),
    );
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
  const DAY = 86_400_000;
  const conditions: SQL[] = [
    eq(schema.bookings.status, "attended"),
    eq(schema.sessions.status, "scheduled"),
    sql`not exists (select 1 from ${schema.completions} c where c.person_id = ${schema.bookings.personId} and c.module_id = ${module.id} and c.revoked_at is null)`,
  ];
  if (module.ruleKindId !== null) conditions.push(eq(schema.sessions.kindId, module.ruleKindId));
  if (module.reflectionRequired) conditions.push(sql`length(trim(${schema.bookings.reflection})) > 0`);
  if (module.validityDays !== null) conditions.push(gt(schema.sessions.startsAt, now - module.validityDays * DAY));
  const candidates = await tx
    .select({ personId: schema.bookings.personId })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .where(and(...conditions))
    .groupBy(schema.bookings.personId)
    .having(sql`count(*) >= ${module.requiredCount}`)
    .orderBy(asc(schema.bookings.personId));
  let completed = 0;
  for (const { personId } of candidates) {
    const update = await recomputeCompletion(tx, {
      personId,
      moduleId: module.id,
      now,
      actorId,
    });
    if (update) completed++;
  }
  return completed;
}

export type ModuleSaved = Saved<ServiceModule> & { completedNow?: number };

/**
 * A new module. Completion is derived from evidence whenever the module was added, so people
 * whose attended sessions already meet its rule hold it at once.
 */
export async function createModule(
  db: Db,
  input: { module: ModuleInput; actorId: number; now: number },
): Promise<ModuleSaved> {
  const { module, actorId, now } = input;
  try {
    return await db.write(async (tx): Promise<ModuleSaved> => {
      const taken = await moduleTitleTaken(tx, module.title);
      if (taken)
        return {
          ok: false,
          reason: { code: "module_title_taken", title: taken.title },
        };
      if (!(await kindExists(tx, module.ruleKindId))) return { ok: false, reason: { code: "kind_unknown" } };
      const [saved] = await tx
        .insert(schema.serviceModules)
        .values({ ...module, createdAt: now })
        .returning();
      const kindName = module.ruleKindId === null ? null : ((await kindById(tx, module.ruleKindId))?.name ?? null);
      await recordAudit(tx, {
        at: now,
        actorId,
        action: "module.created",
        entityType: "module",
        entityId: saved.id,
        summary: `Added the module "${saved.title}": ${describeRule(ruleOf(saved), kindName)}${saved.core ? "; core" : ""}.`,
        details: { ...module, guide: undefined },
      });
      const completedNow = saved.active ? await completeNewlyQualified(tx, saved, now, actorId) : 0;
      return { ok: true, saved, completedNow };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      return {
        ok: false,
        reason: { code: "module_title_taken", title: module.title },
      };
    throw error;
  }
}

/**
 * Edits a module. Decision on rule changes: a rule applies from now on. Completions already held
 * stand until they expire (they keep the expiry they were given); people whose attended sessions
 * meet a looser rule hold the module at once. A change of kind or of "reflection required" that
 * would no longer count the evidence some holders earned it on is refused: the completion engine
 * re-checks a completion's evidence against the current rule, so such a change would take the
 * module away from them at their next attendance change. Asking more of people is a new module.
 */
export async function updateModule(
  db: Db,
  input: { id: number; module: ModuleInput; actorId: number; now: number },
): Promise<ModuleSaved> {
  const { id, module, actorId, now } = input;
  try {
    return await db.write(async (tx): Promise<ModuleSaved> => {
      const [before] = await tx.select().from(schema.serviceModules).where(eq(schema.serviceModules.id, id));
      if (!before) return { ok: false, reason: { code: "not_found" } };
      const taken = await moduleTitleTaken(tx, module.title, id);
      if (taken)
        return {
          ok: false,
          reason: { code: "module_title_taken", title: taken.title },
        };
      if (!(await kindExists(tx, module.ruleKindId))) return { ok: false, reason: { code: "kind_unknown" } };
      const changed = differences(before, module);
      if (Object.keys(changed).length === 0) return { ok: true, saved: before, completedNow: 0 };

      const newRule = ruleOf(module);
      const evidenceTestChanged = Boolean(changed.ruleKindId || changed.reflectionRequired);
      if (evidenceTestChanged) {
        const voided = await holdersVoidedBy(tx, id, newRule);
        if (voided > 0)
          return {
            ok: false,
            reason: { code: "rule_would_void", holders: voided },
          };
      }

      const [saved] = await tx
        .update(schema.serviceModules)
        .set(module)
        .where(eq(schema.serviceModules.id, id))
        .returning();
      const ruleChanged = Boolean(
        changed.ruleKindId || changed.requiredCount || changed.reflectionRequired || changed.validityDays,
      );
      const kindNameOf = async (kindId: number | null) =>
        kindId === null ? null : ((await kindById(tx, kindId))?.name ?? null);
      const what: string[] = [];
      if (changed.title) what.push(`renamed to "${saved.title}"`);
      if (ruleChanged) {
        what.push(
          `rule "${describeRule(ruleOf(before), await kindNameOf(before.ruleKindId))}" → "${describeRule(newRule, await kindNameOf(saved.ruleKindId))}"`,
        );
      }
      if (changed.summary || changed.guide) what.push(changed.guide ? "guide changed" : "summary changed");
      if (changed.core) what.push(saved.core ? "now core" : "no longer core");
      if (changed.active) what.push(saved.active ? "back in use" : "switched off");
      await recordAudit(tx, {
        at: now,
        actorId,
        action: changed.active
          ? saved.active
            ? "module.activated"
            : "module.deactivated"
          : ruleChanged
            ? "module.rule_changed"
            : "module.updated",
        entityType: "module",
        entityId: id,
        summary: `Module "${before.title}": ${listOf(what)}.`,
        details: {
          changed: Object.fromEntries(
            Object.entries(changed).map(([k, v]) => [k, k === "guide" ? ["(before)", "(after)"] : v]),
          ),
        },
      });
      const completedNow =
        saved.active && (ruleChanged || changed.active) ? await completeNewlyQualified(tx, saved, now, actorId) : 0;
      return { ok: true, saved, completedNow };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      return {
        ok: false,
        reason: { code: "module_title_taken", title: module.title },
      };
    throw error;
  }
}

// ---- People ------------------------------------------------------------------------------------

export const PEOPLE_PER_PAGE = 50;

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** One page of the directory, by name, with the total that matches (LIMIT/OFFSET on indexed joins). */
export async function searchPeople(q: Queryable, search: PeopleSearch, perPage = PEOPLE_PER_PAGE) {
  const conditions: SQL[] = [];
  if (search.q) {
    const pattern = likePattern(search.q);
    conditions.push(
      sql`(lower(${schema.people.name}) like ${pattern} escape '\\' or ${schema.people.email} like ${pattern} escape '\\')`,
    );
  }
  if (search.departmentId !== null) conditions.push(eq(schema.people.departmentId, search.departmentId));
  if (search.managerId !== null) conditions.push(eq(schema.people.managerId, search.managerId));
  if (search.role === "host") conditions.push(eq(schema.people.isHost, true));
  if (search.role === "manager") conditions.push(eq(schema.people.isManager, true));
  if (search.role === "admin") conditions.push(eq(schema.people.isAdmin, true));
  if (search.role === "employee_only") {
    conditions.push(
      and(eq(schema.people.isHost, false), eq(schema.people.isManager, false), eq(schema.people.isAdmin, false))!,
    );
  }
  if (search.status !== "all") conditions.push(eq(schema.people.active, search.status === "active"));
  const where = conditions.length > 0 ? and(...conditions) : undefined;

  const [{ total }] = await q.select({ total: count() }).from(schema.people).where(where);
  const pages = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(Math.max(1, search.page), pages);
  const rows = await q
    .select({
      id: schema.people.id,
      name: schema.people.name,
      email: schema.people.email,
      title: schema.people.title,
      departmentName: schema.departments.name,
      managerId: schema.people.managerId,
      managerName: manager.name,
      isHost: schema.people.isHost,
      isManager: schema.people.isManager,
      isAdmin: schema.people.isAdmin,
      active: schema.people.active,
    })
    .from(schema.people)
    .innerJoin(schema.departments, eq(schema.departments.id, schema.people.departmentId))
    .leftJoin(manager, eq(manager.id, schema.people.managerId))
    .where(where)
    .orderBy(sql`lower(${schema.people.name})`, asc(schema.people.id))
    .limit(perPage)
    .offset((page - 1) * perPage);
  const [managerRow] =
    search.managerId === null
      ? []
      : await q
          .select({ id: schema.people.id, name: schema.people.name })
          .from(schema.people)
          .where(eq(schema.people.id, search.managerId));
  return { rows, total, page, pages, perPage, reportingTo: managerRow ?? null };
}

/** A person as the admin edits them, with what switching them off would leave behind. */
export async function personForAdmin(q: Queryable, id: number, now: number) {
  const [row] = await q
    .select({
      id: schema.people.id,
      name: schema.people.name,
      email: schema.people.email,
      title: schema.people.title,
      departmentId: schema.people.departmentId,
      managerId: schema.people.managerId,
      isHost: schema.people.isHost,
      isManager: schema.people.isManager,
      isAdmin: schema.people.isAdmin,
      timeZone: schema.people.timeZone,
      active: schema.people.active,
      createdAt: schema.people.createdAt,
      hasPassword: sql<number>`${schema.people.passwordHash} is not null`,
      departmentName: schema.departments.name,
      managerEmail: manager.email,
      managerName: manager.name,
    })
    .from(schema.people)
    .innerJoin(schema.departments, eq(schema.departments.id, schema.people.departmentId))
    .leftJoin(manager, eq(manager.id, schema.people.managerId))
    .where(eq(schema.people.id, id));
  if (!row) return undefined;
  const [{ reports }] = await q
    .select({ reports: count() })
    .from(schema.people)
    .where(and(eq(schema.people.managerId, id), eq(schema.people.active, true)));
  const [{ hosting }] = await q
    .select({ hosting: count() })
    .from(schema.sessions)
    .where(
      and(eq(schema.sessions.hostId, id), eq(schema.sessions.status, "scheduled"), gt(schema.sessions.startsAt, now)),
    );
  const [{ booked }] = await q
    .select({ booked: count() })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .where(
      and(
        eq(schema.bookings.personId, id),
        inArray(schema.bookings.status, ["booked", "waitlisted"]),
        gt(schema.sessions.startsAt, now),
      ),
    );
  return {
    ...row,
    hasPassword: Boolean(row.hasPassword),
    reports,
    upcomingHosting: hosting,
    upcomingBookings: booked,
  };
}

/** The reporting line above a person, nearest first (depth-bounded so a bad cycle can't loop). */
async function lineAbove(q: Queryable, personId: number): Promise<{ id: number; name: string }[]> {
  return q.all<{ id: number; name: string }>(sql`
    with recursive line(id, depth) as (
      select ${personId}, 0
      union all
      select p.manager_id, line.depth + 1 from people p join line on p.id = line.id
      where p.manager_id is not null and line.depth < 64
    )
    select people.id as id, people.name as name from line join people on people.id = line.id order by line.depth`);
}

async function resolveManager(
  tx: Queryable,
  input: {
    personId: number | null;
    personName: string;
    managerEmail: string;
    currentManagerId: number | null;
  },
): Promise<{ ok: true; managerId: number | null } | { ok: false; reason: DirectoryRefusal }> {
  if (input.managerEmail === "") return { ok: true, managerId: null };
  const [found] = await tx
    .select({
      id: schema.people.id,
      name: schema.people.name,
      active: schema.people.active,
    })
    .from(schema.people)
    .where(eq(schema.people.email, input.managerEmail));
  if (!found)
    return {
      ok: false,
      reason: { code: "manager_unknown", email: input.managerEmail },
    };
  if (found.id === input.personId) return { ok: false, reason: { code: "manager_self" } };
  if (found.id === input.currentManagerId) return { ok: true, managerId: found.id };
  if (!found.active)
    return {
      ok: false,
      reason: { code: "manager_inactive", name: found.name },
    };
  if (input.personId !== null) {
    const chain = cycleThrough(input.personId, await lineAbove(tx, found.id));
    if (chain) {
      return {
        ok: false,
        reason: {
          code: "manager_cycle",
          person: input.personName,
          manager: found.name,
          chain,
        },
      };
    }
  }
  return { ok: true, managerId: found.id };
}

async function emailHolder(tx: Queryable, email: string, exceptId?: number) {
  const [holder] = await tx
    .select({ id: schema.people.id, name: schema.people.name })
    .from(schema.people)
    .where(
      exceptId === undefined
        ? eq(schema.people.email, email)
        : and(eq(schema.people.email, email), ne(schema.people.id, exceptId)),
    );
  return holder ?? null;
}

function rolesWords(flags: { isHost: boolean; isManager: boolean; isAdmin: boolean }): string {
  const roles = rolesFromFlags(flags);
  return roles.length === 0 ? "employee" : `employee, ${roles.join(", ")}`;
}

export async function createPerson(
  db: Db,
  input: { person: PersonInput; actorId: number; now: number },
): Promise<Saved<Person>> {
  const { person, actorId, now } = input;
  // Hashing takes a while; do it before taking the write queue.
  const passwordHash = person.password ? await hashPassword(person.password) : null;
  try {
    return await db.write(async (tx): Promise<Saved<Person>> => {
      const holder = await emailHolder(tx, person.email);
      if (holder)
        return {
          ok: false,
          reason: {
            code: "email_taken",
            email: person.email,
            holder: holder.name,
          },
        };
      const [department] = await tx
        .select()
        .from(schema.departments)
        .where(eq(schema.departments.id, person.departmentId));
      if (!department) return { ok: false, reason: { code: "department_unknown" } };
      const managerResult = await resolveManager(tx, {
        personId: null,
        personName: person.name,
        managerEmail: person.managerEmail,
        currentManagerId: null,
      });
      if (!managerResult.ok) return managerResult;
      const [saved] = await tx
        .insert(schema.people)
        .values({
          name: person.name,
          email: person.email,
          title: person.title,
          departmentId: person.departmentId,
          managerId: managerResult.managerId,
          timeZone: person.timeZone,
          isHost: person.host,
          isManager: person.manager,
          isAdmin: person.admin,
          active: person.active,
          passwordHash,
          createdAt: now,
        })
        .returning();
      await recordAudit(tx, {
        at: now,
        actorId,
        action: "person.created",
        entityType: "person",
        entityId: saved.id,
        summary: `Added ${saved.name} (${saved.email}) to ${department.name} as ${rolesWords(saved)}${passwordHash ? ", with a password" : ""}.`,
        details: {
          email: saved.email,
          departmentId: saved.departmentId,
          managerId: saved.managerId,
          roles: rolesFromFlags(saved),
          timeZone: saved.timeZone,
          active: saved.active,
          passwordSet: passwordHash !== null,
        },
      });
      return { ok: true, saved };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      return {
        ok: false,
        reason: {
          code: "email_taken",
          email: person.email,
          holder: "someone else",
        },
      };
    }
    throw error;
  }
}

/**
 * Edits a person. Switching someone off keeps all their records (bookings, hosted sessions,
 * completions, reports); they simply can't sign in and drop out of lists of active people.
 */
export async function updatePerson(
  db: Db,
  input: { id: number; person: PersonInput; actorId: number; now: number },
): Promise<Saved<Person>> {
  const { id, person, actorId, now } = input;
  if (id === actorId && !person.admin) return { ok: false, reason: { code: "own_admin_role" } };
  if (id === actorId && !person.active) return { ok: false, reason: { code: "own_account_off" } };
  const passwordHash = person.password ? await hashPassword(person.password) : null;
  try {
    return await db.write(async (tx): Promise<Saved<Person>> => {
      const [before] = await tx.select().from(schema.people).where(eq(schema.people.id, id));
      if (!before) return { ok: false, reason: { code: "not_found" } };
      const holder = await emailHolder(tx, person.email, id);
      if (holder)
        return {
          ok: false,
          reason: {
            code: "email_taken",
            email: person.email,
            holder: holder.name,
          },
        };
      const departments = await tx.select().from(schema.departments);
      const department = departments.find((d) => d.id === person.departmentId);
      if (!department) return { ok: false, reason: { code: "department_unknown" } };
      const managerResult = await resolveManager(tx, {
        personId: id,
        personName: person.name,
        managerEmail: person.managerEmail,
        currentManagerId: before.managerId,
      });
      if (!managerResult.ok) return managerResult;

      const next = {
        name: person.name,
        email: person.email,
        title: person.title,
        departmentId: person.departmentId,
        managerId: managerResult.managerId,
        timeZone: person.timeZone,
        isHost: person.host,
        isManager: person.manager,
        isAdmin: person.admin,
        active: person.active,
      };
      const changed = differences(before, next);
      if (Object.keys(changed).length === 0 && !passwordHash) return { ok: true, saved: before };
      const [saved] = await tx
        .update(schema.people)
        .set(passwordHash ? { ...next, passwordHash } : next)
        .where(eq(schema.people.id, id))
        .returning();

      const nameOfDepartment = (departmentId: unknown) => departments.find((d) => d.id === departmentId)?.name ?? "";
      const what: string[] = [];
      if (changed.name) what.push(`name ${before.name} → ${saved.name}`);
      if (changed.email) what.push(`email ${before.email} → ${saved.email}`);
      if (changed.title) what.push(`title "${before.title}" → "${saved.title}"`);
      if (changed.departmentId) what.push(`department ${nameOfDepartment(before.departmentId)} → ${department.name}`);
      if (changed.managerId) what.push(saved.managerId === null ? "no manager" : `manager ${person.managerEmail}`);
      if (changed.timeZone) what.push(`time zone ${saved.timeZone}`);
      if (changed.isHost || changed.isManager || changed.isAdmin)
        what.push(`roles ${rolesWords(before)} → ${rolesWords(saved)}`);
      if (changed.active) what.push(saved.active ? "switched back on" : "switched off (records kept)");
      if (passwordHash) what.push("new password set");
      await recordAudit(tx, {
        at: now,
        actorId,
        action: changed.active ? (saved.active ? "person.reactivated" : "person.deactivated") : "person.updated",
        entityType: "person",
        entityId: id,
        summary: `${before.name}: ${listOf(what)}.`,
        details: { changed, passwordSet: passwordHash !== null },
      });
      return { ok: true, saved };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      return {
        ok: false,
        reason: {
          code: "email_taken",
          email: person.email,
          holder: "someone else",
        },
      };
    }
    throw error;
  }
}

// ---- Staff directory import --------------------------------------------------------------------

/** Everyone in the directory with their manager's email, as the import plan reads it. */
export async function directorySnapshot(q: Queryable): Promise<DirectorySnapshot> {
  const departments = await q
    .select({ id: schema.departments.id, name: schema.departments.name })
    .from(schema.departments);
  const people: DirectoryPerson[] = await q
    .select({
      id: schema.people.id,
      email: schema.people.email,
      name: schema.people.name,
      title: schema.people.title,
      departmentId: schema.people.departmentId,
      managerEmail: manager.email,
      timeZone: schema.people.timeZone,
      isHost: schema.people.isHost,
      isManager: schema.people.isManager,
      isAdmin: schema.people.isAdmin,
      active: schema.people.active,
    })
    .from(schema.people)
    .leftJoin(manager, eq(manager.id, schema.people.managerId));
  return { departments, people };
}

/** A short fingerprint of a file, so applying it can tell it is the very file that was checked. */
export function fileFingerprint(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

export async function previewStaffImport(
  q: Queryable,
  input: { text: string; importerId: number },
): Promise<ImportPlan> {
  return planStaffImport(input.text, await directorySnapshot(q), input.importerId);
}

export type ImportResult = { ok: true; plan: ImportPlan } | { ok: false; plan: ImportPlan };

/**
 * Applies a staff-directory file in one write: the plan is made again inside the transaction, so
 * a file checked a minute ago is checked against the directory as it is now. Nothing is written
 * while any line has a problem.
 */
export async function applyStaffImport(
  db: Db,
  input: { text: string; actorId: number; now: number },
): Promise<ImportResult> {
  const { text, actorId, now } = input;
  return db.write(async (tx): Promise<ImportResult> => {
    const snapshot = await directorySnapshot(tx);
    const plan = planStaffImport(text, snapshot, actorId);
    if (!plan.ready) return { ok: false, plan };

    const departmentName = new Map(snapshot.departments.map((d) => [d.id, d.name]));
    const idOf = new Map(snapshot.people.map((p) => [p.email, p.id]));
    const lines = plan.lines.filter((l) => l.record && l.action !== "unchanged");

    // New people first, a few hundred rows a statement, so managers later in the file have ids.
    const creates = lines.filter((l) => l.action === "create").map((l) => l.record!);
    const managerAtInsert = new Map<number, number | null>();
    for (let i = 0; i < creates.length; i += 500) {
      const created = await tx
        .insert(schema.people)
        .values(
          creates.slice(i, i + 500).map((r) => ({
            name: r.name,
            email: r.email,
            title: r.title,
            departmentId: r.departmentId,
            timeZone: r.timeZone,
            isHost: r.isHost,
            isManager: r.isManager,
            isAdmin: r.isAdmin,
            managerId: r.managerEmail === null ? null : (idOf.get(r.managerEmail) ?? null),
            createdAt: now,
          })),
        )
        .returning({ id: schema.people.id, email: schema.people.email, managerId: schema.people.managerId });
      for (const c of created) {
        idOf.set(c.email, c.id);
        managerAtInsert.set(c.id, c.managerId);
      }
    }
    const audit: AuditEntry[] = [];
    for (const line of lines) {
      const r = line.record!;
      const personId = idOf.get(r.email)!;
      const managerId = r.managerEmail === null ? null : (idOf.get(r.managerEmail) ?? null);
      if (line.action === "create") {
        // Managers created later in the file got their ids only after this person was inserted.
        if (managerId !== null && managerId !== managerAtInsert.get(personId)) {
          await tx.update(schema.people).set({ managerId }).where(eq(schema.people.id, personId));
        }
        audit.push({
          at: now,
          actorId,
          action: "person.created",
          entityType: "person",
          entityId: personId,
          summary: `Imported ${r.name} (${r.email}) into ${departmentName.get(r.departmentId)} as ${rolesWords(r)}.`,
          details: {
            source: "import",
            line: line.line,
            managerEmail: r.managerEmail,
            timeZone: r.timeZone,
          },
        });
      } else {
        await tx
          .update(schema.people)
          .set({
            name: r.name,
            title: r.title,
            departmentId: r.departmentId,
            managerId,
            timeZone: r.timeZone,
            isHost: r.isHost,
            isManager: r.isManager,
            isAdmin: r.isAdmin,
          })
          .where(eq(schema.people.id, personId));
        audit.push({
          at: now,
          actorId,
          action: "person.updated",
          entityType: "person",
          entityId: personId,
          summary: `Import updated ${r.name}: ${line.changes.map((c) => `${c.field} ${c.from || "(none)"} → ${c.to || "(none)"}`).join("; ")}.`,
          details: { source: "import", line: line.line, changes: line.changes },
        });
      }
    }
    await recordAuditRows(tx, audit);
    await recordAudit(tx, {
      at: now,
      actorId,
      action: "person.imported",
      entityType: "person",
      entityId: null,
      summary: `Imported the staff directory: ${plan.counts.create} added, ${plan.counts.update} updated, ${plan.counts.unchanged} unchanged.`,
      details: { ...plan.counts, lines: plan.lines.length },
    });
    return { ok: true, plan };
  });
}
