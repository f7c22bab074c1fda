/**
 * Completions and the assignments that follow them. The rules are in `~/domain/completion`;
 * this file loads the evidence, applies what the rules decide, keeps each assignment's status and
 * `completionId` in step, and writes the audit rows, inside the caller's transaction.
 */
import { and, asc, eq, inArray, isNotNull, isNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { oncePer, schema, type Db, type Queryable, type Tx } from "~/db.server";
import {
  decideSignOff,
  describeRule,
  evidenceProgress,
  expiryOf,
  isExpired,
  minutesOf,
  reconcileCompletion,
  REVOKE_REASON_TEXT,
  standingOf,
  STANDING_LABELS,
  type CompletionRule,
  type EvidenceBooking,
  type ModuleStanding,
  type RevokeReason,
  type SignOffRefusal,
} from "~/domain/completion";
import { recordAudit } from "~/models/audit.server";
import { bookedSessions } from "~/models/booked-sessions.server";
import { actorFacts } from "~/models/reporting-line.server";

export type Completion = typeof schema.completions.$inferSelect;
export type ServiceModule = typeof schema.serviceModules.$inferSelect;

/** What changed for one module of one person. */
export type CompletionUpdate =
  | { moduleId: number; change: "created"; completion: Completion }
  | { moduleId: number; change: "revoked"; revoked: Completion; reason: RevokeReason }
  | { moduleId: number; change: "replaced"; revoked: Completion; completion: Completion; reason: RevokeReason };

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function ruleOf(module: ServiceModule): CompletionRule {
  return {
    ruleKindId: module.ruleKindId,
    requiredCount: module.requiredCount,
    requiredMinutes: module.requiredMinutes,
    reflectionRequired: module.reflectionRequired,
    validityDays: module.validityDays,
  };
}

/** Attended bookings of held sessions, of the people `who` picks. */
const attendedWhere = (who: SQL) =>
  and(who, eq(schema.bookings.status, "attended"), eq(schema.sessions.status, "scheduled"));
/** Assignments that still count (all but withdrawn ones), of the people `who` picks. */
const assignmentsWhere = (who: SQL) => and(who, ne(schema.assignments.status, "withdrawn"));
/** Completions that are live or ran out (not revoked by hand), of the people `who` picks. */
const completionsWhere = (who: SQL) =>
  and(who, or(isNull(schema.completions.revokedAt), eq(schema.completions.revokedReason, REVOKE_REASON_TEXT.expired)));

/*
 * The reads of one person's progress, each built once per database: the home page and a report's
 * page run them on every request. A team's progress reads the same rows for many people at once.
 */
const ONE = { personId: sql.placeholder("personId") };
// Every module, with the name of the kind its rule asks for.
const modulesRead = oncePer((q: Queryable) =>
  q
    .select({ module: schema.serviceModules, ruleKindName: schema.sessionKinds.name })
    .from(schema.serviceModules)
    .leftJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.serviceModules.ruleKindId))
    .prepare(),
);
const assignmentsOfOne = oncePer((q: Queryable) =>
  q
    .select()
    .from(schema.assignments)
    .where(assignmentsWhere(eq(schema.assignments.personId, ONE.personId)))
    .prepare(),
);
const completionsOfOne = oncePer((q: Queryable) =>
  q
    .select()
    .from(schema.completions)
    .where(completionsWhere(eq(schema.completions.personId, ONE.personId)))
    .prepare(),
);
const attendedOfOne = oncePer((q: Queryable) =>
  bookedSessions(q)
    .where(attendedWhere(eq(schema.bookings.personId, ONE.personId)))
    .prepare(),
);

/** The attended bookings of these people, as evidence, with the kind's name for pages. */
async function attendedBookingsOf(q: Queryable, personIds: readonly number[]) {
  if (personIds.length === 1) return attendedOfOne(q).all({ personId: personIds[0] });
  const rows: (EvidenceBooking & { personId: number; sessionId: number; kindName: string })[] = [];
  for (const ids of chunks(personIds)) {
    rows.push(...(await bookedSessions(q).where(attendedWhere(inArray(schema.bookings.personId, ids)))));
  }
  return rows;
}

/** The person's completion of the module that is not revoked (it may have expired). */
export async function liveCompletion(
  q: Queryable,
  personId: number,
  moduleId: number,
): Promise<Completion | undefined> {
  const [row] = await q
    .select()
    .from(schema.completions)
    .where(
      and(
        eq(schema.completions.personId, personId),
        eq(schema.completions.moduleId, moduleId),
        isNull(schema.completions.revokedAt),
      ),
    );
  return row;
}

async function nameOf(q: Queryable, personId: number): Promise<string> {
  const [row] = await q.select({ name: schema.people.name }).from(schema.people).where(eq(schema.people.id, personId));
  return row?.name ?? `Person ${personId}`;
}

async function revoke(
  tx: Tx,
  completion: Completion,
  reason: RevokeReason,
  context: { now: number; actorId: number | null; personName: string; moduleTitle: string },
): Promise<Completion> {
  const [revoked] = await tx
    .update(schema.completions)
    .set({ revokedAt: context.now, revokedReason: REVOKE_REASON_TEXT[reason] })
    .where(eq(schema.completions.id, completion.id))
    .returning();
  await recordAudit(tx, {
    at: context.now,
    actorId: context.actorId,
    action:
      reason === "expired"
        ? "completion.expired"
        : reason === "renewed"
          ? "completion.renewed"
          : "completion.withdrawn",
    entityType: "completion",
    entityId: completion.id,
    summary: `${context.personName}'s completion of "${context.moduleTitle}" ended: ${REVOKE_REASON_TEXT[reason]}`,
    details: { personId: completion.personId, moduleId: completion.moduleId, reason },
  });
  return revoked;
}

async function insertCompletion(
  tx: Tx,
  values: typeof schema.completions.$inferInsert,
  context: { now: number; actorId: number | null; personName: string; moduleTitle: string },
): Promise<Completion> {
  const [completion] = await tx
    .insert(schema.completions)
    .values({ ...values, createdAt: context.now })
    .returning();
  const summary =
    completion.source === "manual"
      ? `${context.personName}'s "${context.moduleTitle}" was signed off by hand: ${completion.manualReason}`
      : `${context.personName} completed "${context.moduleTitle}" on the evidence of ${completion.evidence.length} attended session${completion.evidence.length === 1 ? "" : "s"}.`;
  await recordAudit(tx, {
    at: context.now,
    actorId: context.actorId,
    action: completion.source === "manual" ? "completion.signed_off" : "completion.created",
    entityType: "completion",
    entityId: completion.id,
    summary,
    details: {
      personId: completion.personId,
      moduleId: completion.moduleId,
      evidence: completion.evidence,
      completedAt: completion.completedAt,
      expiresAt: completion.expiresAt,
    },
  });
  return completion;
}

/**
 * Brings the person's assignments of the module in line with `current` (a completion that holds
 * now, or none): open ones complete, ones resting on an ended completion reopen or move over.
 */
async function syncAssignments(
  tx: Tx,
  input: {
    personId: number;
    moduleId: number;
    current: Completion | null;
    now: number;
    actorId: number | null;
    personName: string;
    moduleTitle: string;
  },
): Promise<void> {
  const { personId, moduleId, current, now, actorId, personName, moduleTitle } = input;
  const live = await tx
    .select()
    .from(schema.assignments)
    .where(
      and(
        eq(schema.assignments.personId, personId),
        eq(schema.assignments.moduleId, moduleId),
        ne(schema.assignments.status, "withdrawn"),
      ),
    );
  for (const assignment of live) {
    if (current) {
      if (assignment.status === "completed" && assignment.completionId === current.id) continue;
      await tx
        .update(schema.assignments)
        .set({ status: "completed", completionId: current.id, updatedAt: now })
        .where(eq(schema.assignments.id, assignment.id));
      await recordAudit(tx, {
        at: now,
        actorId,
        action: "assignment.completed",
        entityType: "assignment",
        entityId: assignment.id,
        summary:
          assignment.status === "completed"
            ? `${personName}'s assignment "${moduleTitle}" now rests on a renewed completion.`
            : `${personName}'s assignment "${moduleTitle}" is complete.`,
        details: { personId, moduleId, completionId: current.id, previousCompletionId: assignment.completionId },
      });
    } else if (assignment.status === "completed") {
      await tx
        .update(schema.assignments)
        .set({ status: "open", completionId: null, updatedAt: now })
        .where(eq(schema.assignments.id, assignment.id));
      await recordAudit(tx, {
        at: now,
        actorId,
        action: "assignment.reopened",
        entityType: "assignment",
        entityId: assignment.id,
        summary: `${personName}'s assignment "${moduleTitle}" is open again.`,
        details: { personId, moduleId, previousCompletionId: assignment.completionId },
      });
    }
  }
}

/**
 * Re-derives the person's completion of one module from their evidence, inside the caller's
 * transaction, and keeps their assignments of it in step. Safe to call at any time: when nothing
 * changed it writes nothing.
 */
export async function recomputeCompletion(
  tx: Tx,
  input: { personId: number; moduleId: number; now: number; actorId: number | null },
): Promise<CompletionUpdate | null> {
  const { personId, moduleId, now, actorId } = input;
  const [module] = await tx.select().from(schema.serviceModules).where(eq(schema.serviceModules.id, moduleId));
  if (!module) return null;
  const live = (await liveCompletion(tx, personId, moduleId)) ?? null;
  const evidence = await attendedBookingsOf(tx, [personId]);
  const change = reconcileCompletion(ruleOf(module), live, evidence, now);
  const context = { now, actorId, personName: await nameOf(tx, personId), moduleTitle: module.title };
  const sync = (current: Completion | null) => syncAssignments(tx, { personId, moduleId, current, ...context });

  switch (change.action) {
    case "keep":
      await sync(live && !isExpired(live, now) ? live : null);
      return null;
    case "revoke": {
      if (!live) return null;
      const revoked = await revoke(tx, live, change.reason, context);
      await sync(null);
      return { moduleId, change: "revoked", revoked, reason: change.reason };
    }
    case "create":
    case "replace": {
      const revoked = change.action === "replace" && live ? await revoke(tx, live, change.reason, context) : null;
      const completion = await insertCompletion(
        tx,
        {
          personId,
          moduleId,
          source: "evidence",
          completedAt: change.completion.completedAt,
          expiresAt: change.completion.expiresAt,
          evidence: change.completion.evidence,
        },
        context,
      );
      await sync(completion);
      return revoked && change.action === "replace"
        ? { moduleId, change: "replaced", revoked, completion, reason: change.reason }
        : { moduleId, change: "created", completion };
    }
  }
}

/**
 * The live completions that rest on evidence (not a manager's sign-off), of one person or of one
 * module, with the bookings each rests on: what a change to evidence or to a rule can undo.
 */
export async function liveEvidenceCompletions(
  q: Queryable,
  of: { personId: number } | { moduleId: number },
): Promise<{ personId: number; moduleId: number; evidence: number[] }[]> {
  const c = schema.completions;
  return q
    .select({ personId: c.personId, moduleId: c.moduleId, evidence: c.evidence })
    .from(c)
    .where(
      and(
        "personId" in of ? eq(c.personId, of.personId) : eq(c.moduleId, of.moduleId),
        isNull(c.revokedAt),
        eq(c.source, "evidence"),
      ),
    );
}

/**
 * After a booking's attendance or reflection changed: every module the booking could count for,
 * and every module whose live completion rests on it.
 */
export async function recomputeCompletionsAfterEvidence(
  tx: Tx,
  input: { personId: number; bookingId: number; kindId: number; now: number; actorId: number | null },
): Promise<CompletionUpdate[]> {
  const { personId, bookingId, kindId, now, actorId } = input;
  const matching = await tx
    .select({ id: schema.serviceModules.id })
    .from(schema.serviceModules)
    .where(
      and(
        eq(schema.serviceModules.active, true),
        or(isNull(schema.serviceModules.ruleKindId), eq(schema.serviceModules.ruleKindId, kindId)),
      ),
    );
  const resting = await liveEvidenceCompletions(tx, { personId });
  const moduleIds = new Set([
    ...matching.map((m) => m.id),
    ...resting.filter((c) => c.evidence.includes(bookingId)).map((c) => c.moduleId),
  ]);
  const updates: CompletionUpdate[] = [];
  for (const moduleId of [...moduleIds].sort((a, b) => a - b)) {
    const update = await recomputeCompletion(tx, { personId, moduleId, now, actorId });
    if (update) updates.push(update);
  }
  return updates;
}

export type SignOffResult = { ok: true; completion: Completion } | { ok: false; reason: SignOffRefusal };

/** A manager's (or an admin's) sign-off by hand, with the reason kept on the record. */
export async function signOffManually(
  db: Db,
  input: { personId: number; moduleId: number; actorId: number; reason: string; now: number },
): Promise<SignOffResult> {
  const { personId, moduleId, actorId, now } = input;
  return db.write(async (tx): Promise<SignOffResult> => {
    const [person] = await tx
      .select({ name: schema.people.name })
      .from(schema.people)
      .where(eq(schema.people.id, personId));
    if (!person) return { ok: false, reason: { code: "person_not_found" } };
    const [module] = await tx.select().from(schema.serviceModules).where(eq(schema.serviceModules.id, moduleId));
    if (!module) return { ok: false, reason: { code: "module_not_found" } };
    const live = (await liveCompletion(tx, personId, moduleId)) ?? null;
    const decision = decideSignOff({
      actor: await actorFacts(tx, actorId, personId),
      personId,
      moduleActive: module.active,
      reason: input.reason,
      live,
      now,
    });
    if (!decision.ok) return decision;

    const context = { now, actorId, personName: person.name, moduleTitle: module.title };
    if (live) await revoke(tx, live, "expired", context);
    const completion = await insertCompletion(
      tx,
      {
        personId,
        moduleId,
        source: "manual",
        completedAt: now,
        expiresAt: expiryOf(ruleOf(module), now),
        evidence: [],
        manualReason: decision.reason,
        signedOffById: actorId,
      },
      context,
    );
    await syncAssignments(tx, { personId, moduleId, current: completion, ...context });
    return { ok: true, completion };
  });
}

/**
 * Ends every completion whose expiry has passed, reopening its assignments, and renews it at once
 * where newer evidence already meets the rule. Pages do not wait for this: they read an expired
 * completion as not done by its date.
 */
export async function refreshExpiries(db: Db, now: number): Promise<CompletionUpdate[]> {
  return db.write(async (tx) => {
    const expired = await tx
      .select({ personId: schema.completions.personId, moduleId: schema.completions.moduleId })
      .from(schema.completions)
      .where(
        and(
          isNull(schema.completions.revokedAt),
          isNotNull(schema.completions.expiresAt),
          lte(schema.completions.expiresAt, now),
        ),
      )
      .orderBy(asc(schema.completions.id));
    const updates: CompletionUpdate[] = [];
    for (const { personId, moduleId } of expired) {
      const update = await recomputeCompletion(tx, { personId, moduleId, now, actorId: null });
      if (update) updates.push(update);
    }
    return updates;
  });
}

export interface EvidenceItem {
  bookingId: number;
  sessionId: number;
  kindName: string;
  startsAt: number;
  endsAt: number;
  hasReflection: boolean;
  /** How long the session lasted: what it counts toward an hour rule. */
  minutes: number;
}

export interface ModuleProgress {
  module: Pick<
    ServiceModule,
    | "id"
    | "title"
    | "summary"
    | "core"
    | "ruleKindId"
    | "requiredCount"
    | "requiredMinutes"
    | "reflectionRequired"
    | "validityDays"
  >;
  /** The rule in words: "2 attended call-centre listen-ins, each with a reflection". */
  rule: string;
  assignment: { id: number; dueOn: string; dueAt: number; assignedById: number; status: "open" | "completed" } | null;
  /**
   * The live completion, which may have expired already. `standing` reads "expired" from the
   * expiry on, both before and after `refreshExpiries` ends it, until the module is held again.
   */
  completion: Pick<
    Completion,
    "id" | "source" | "completedAt" | "expiresAt" | "evidence" | "manualReason" | "signedOffById"
  > | null;
  /**
   * The sessions that count and those waiting for a reflection; for an hour rule also the minutes
   * it asks for and the minutes counted so far (null for a rule that counts sessions).
   */
  evidence: {
    required: number;
    requiredMinutes: number | null;
    countedMinutes: number | null;
    counted: EvidenceItem[];
    awaitingReflection: EvidenceItem[];
  };
  dueAt: number | null;
  expiresAt: number | null;
  standing: ModuleStanding;
  standingLabel: string;
}

const STANDING_ORDER: Record<ModuleStanding, number> = { overdue: 0, expired: 1, due: 2, expires_soon: 3, done: 4 };

/**
 * Every module each person must hold (assigned to them, or core) with its rule, the evidence so
 * far, due date, expiry and standing; the most pressing first.
 */
export async function progressForPeople(
  db: Queryable,
  personIds: readonly number[],
  now: number,
): Promise<Map<number, ModuleProgress[]>> {
  const result = new Map<number, ModuleProgress[]>(personIds.map((id) => [id, []]));
  if (personIds.length === 0) return result;

  const catalogue = await modulesRead(db).all();
  const modules = catalogue.map((row) => row.module);
  const kindName = new Map(catalogue.map((row) => [row.module.ruleKindId, row.ruleKindName]));
  const moduleById = new Map(modules.map((m) => [m.id, m]));

  const assignments: (typeof schema.assignments.$inferSelect)[] = [];
  const completions: Completion[] = [];
  if (personIds.length === 1) {
    const [personId] = personIds;
    assignments.push(...(await assignmentsOfOne(db).all({ personId })));
    completions.push(...(await completionsOfOne(db).all({ personId })));
  } else {
    for (const ids of chunks(personIds)) {
      assignments.push(
        ...(await db
          .select()
          .from(schema.assignments)
          .where(assignmentsWhere(inArray(schema.assignments.personId, ids)))),
      );
      completions.push(
        ...(await db
          .select()
          .from(schema.completions)
          .where(completionsWhere(inArray(schema.completions.personId, ids)))),
      );
    }
  }
  const evidence = await attendedBookingsOf(db, personIds);

  const key = (personId: number, moduleId: number) => `${personId}:${moduleId}`;
  const assignmentOf = new Map(assignments.map((a) => [key(a.personId, a.moduleId), a]));
  const completionOf = new Map(
    completions.filter((c) => c.revokedAt === null).map((c) => [key(c.personId, c.moduleId), c]),
  );
  // With nothing live, the latest expired completion keeps the module reading "expired" until renewed.
  const lastExpiredOf = new Map<string, Completion>();
  for (const c of completions) {
    if (c.revokedAt === null) continue;
    const k = key(c.personId, c.moduleId);
    const seen = lastExpiredOf.get(k);
    if (!seen || (c.expiresAt ?? 0) > (seen.expiresAt ?? 0)) lastExpiredOf.set(k, c);
  }
  const evidenceOf = new Map<number, typeof evidence>();
  for (const booking of evidence) {
    const list = evidenceOf.get(booking.personId);
    if (list) list.push(booking);
    else evidenceOf.set(booking.personId, [booking]);
  }

  const toItem = (b: (typeof evidence)[number]): EvidenceItem => ({
    bookingId: b.bookingId,
    sessionId: b.sessionId,
    kindName: b.kindName,
    startsAt: b.startsAt,
    endsAt: b.endsAt,
    hasReflection: b.reflection.trim().length > 0,
    minutes: minutesOf(b),
  });

  const coreIds = modules.filter((m) => m.core && m.active).map((m) => m.id);
  const assignedOf = new Map<number, number[]>();
  for (const a of assignments) {
    const list = assignedOf.get(a.personId);
    if (list) list.push(a.moduleId);
    else assignedOf.set(a.personId, [a.moduleId]);
  }

  for (const personId of personIds) {
    const wanted = new Set([...coreIds, ...(assignedOf.get(personId) ?? [])]);
    const items: ModuleProgress[] = [];
    for (const moduleId of wanted) {
      const module = moduleById.get(moduleId);
      if (!module) continue;
      const rule = ruleOf(module);
      const assignment = assignmentOf.get(key(personId, moduleId)) ?? null;
      const completion = completionOf.get(key(personId, moduleId)) ?? null;
      const bookings = evidenceOf.get(personId) ?? [];
      const progress = evidenceProgress(rule, bookings, now);
      const lastExpired = completion ? null : (lastExpiredOf.get(key(personId, moduleId)) ?? null);
      const dueAt = assignment?.dueAt ?? null;
      const standing = standingOf({ completion: completion ?? lastExpired, dueAt, now });
      items.push({
        module: {
          id: module.id,
          title: module.title,
          summary: module.summary,
          core: module.core,
          ruleKindId: module.ruleKindId,
          requiredCount: module.requiredCount,
          requiredMinutes: module.requiredMinutes,
          reflectionRequired: module.reflectionRequired,
          validityDays: module.validityDays,
        },
        rule: describeRule(rule, module.ruleKindId === null ? null : (kindName.get(module.ruleKindId) ?? null)),
        assignment: assignment
          ? {
              id: assignment.id,
              dueOn: assignment.dueOn,
              dueAt: assignment.dueAt,
              assignedById: assignment.assignedById,
              status: assignment.status === "completed" ? "completed" : "open",
            }
          : null,
        completion: completion
          ? {
              id: completion.id,
              source: completion.source,
              completedAt: completion.completedAt,
              expiresAt: completion.expiresAt,
              evidence: completion.evidence,
              manualReason: completion.manualReason,
              signedOffById: completion.signedOffById,
            }
          : null,
        evidence: {
          required: progress.required,
          requiredMinutes: progress.requiredMinutes,
          countedMinutes: progress.countedMinutes,
          counted: progress.counted.map(toItem),
          awaitingReflection: progress.awaitingReflection.map(toItem),
        },
        dueAt,
        expiresAt: (completion ?? lastExpired)?.expiresAt ?? null,
        standing,
        standingLabel: STANDING_LABELS[standing],
      });
    }
    items.sort(
      (a, b) =>
        STANDING_ORDER[a.standing] - STANDING_ORDER[b.standing] ||
        (a.dueAt ?? Number.MAX_SAFE_INTEGER) - (b.dueAt ?? Number.MAX_SAFE_INTEGER) ||
        a.module.title.localeCompare(b.module.title),
    );
    result.set(personId, items);
  }
  return result;
}

/** One person's progress: the home and progress pages. */
export async function progressFor(db: Queryable, personId: number, now: number): Promise<ModuleProgress[]> {
  return (await progressForPeople(db, [personId], now)).get(personId) ?? [];
}

/** The person's completions, newest first, revoked ones included (history). */
export async function completionsOf(q: Queryable, personId: number): Promise<Completion[]> {
  const rows = await q.select().from(schema.completions).where(eq(schema.completions.personId, personId));
  return rows.sort((a, b) => b.completedAt - a.completedAt || b.id - a.id);
}
