/**
 * A manager's sign-off by hand, seen before it is made, and its undoing. Signing off itself is
 * `signOffManually` (`~/models/completion.server`); this file checks a sign-off without writing
 * (for the confirmation step) and undoes one, in one transaction with its audit row.
 */
import { eq } from "drizzle-orm";
import { schema, type Db, type Queryable } from "~/db.server";
import { decideSignOff, expiryOf, type SignOffRefusal } from "~/domain/completion";
import { decideUndoSignOff, undoneRecordText, type UndoSignOffRefusal } from "~/domain/sign-offs";
import { recordAudit } from "~/models/audit.server";
import { liveCompletion, recomputeCompletion, type CompletionUpdate } from "~/models/completion.server";
import { actorFacts } from "~/models/reporting-line.server";

export type SignOffCheck =
  { ok: true; reason: string; moduleTitle: string; expiresAt: number | null } | { ok: false; reason: SignOffRefusal };

/**
 * Whether this sign-off would be made now, and what it would say, without writing anything: the
 * same rule `signOffManually` applies when it is confirmed.
 */
export async function checkSignOff(
  q: Queryable,
  input: { personId: number; moduleId: number; actorId: number; reason: string; now: number },
): Promise<SignOffCheck> {
  const { personId, moduleId, actorId, now } = input;
  const [person] = await q.select({ id: schema.people.id }).from(schema.people).where(eq(schema.people.id, personId));
  if (!person) return { ok: false, reason: { code: "person_not_found" } };
  const [module] = await q.select().from(schema.serviceModules).where(eq(schema.serviceModules.id, moduleId));
  if (!module) return { ok: false, reason: { code: "module_not_found" } };
  const decision = decideSignOff({
    actor: await actorFacts(q, actorId, personId),
    personId,
    moduleActive: module.active,
    reason: input.reason,
    live: (await liveCompletion(q, personId, moduleId)) ?? null,
    now,
  });
  if (!decision.ok) return decision;
  return { ok: true, reason: decision.reason, moduleTitle: module.title, expiresAt: expiryOf(module, now) };
}

export interface SignOffRecord {
  id: number;
  personId: number;
  moduleId: number;
  moduleTitle: string;
  source: "evidence" | "manual";
  signedOffById: number | null;
  completedAt: number;
  manualReason: string;
  revokedAt: number | null;
}

/** A completion as the undo step reads it: whose, which module, who signed it off. */
export async function signOffRecord(q: Queryable, completionId: number): Promise<SignOffRecord | undefined> {
  const c = schema.completions;
  const [row] = await q
    .select({
      id: c.id,
      personId: c.personId,
      moduleId: c.moduleId,
      moduleTitle: schema.serviceModules.title,
      source: c.source,
      signedOffById: c.signedOffById,
      completedAt: c.completedAt,
      manualReason: c.manualReason,
      revokedAt: c.revokedAt,
    })
    .from(c)
    .innerJoin(schema.serviceModules, eq(schema.serviceModules.id, c.moduleId))
    .where(eq(c.id, completionId));
  return row;
}

export type UndoSignOffResult =
  | { ok: true; personName: string; moduleTitle: string; update: CompletionUpdate | null }
  | { ok: false; reason: UndoSignOffRefusal };

/**
 * Undoes a sign-off by hand: its completion ends (kept, marked with who undid it and why), the
 * audit log says who, when and why, and the module is derived from the person's evidence again,
 * which reopens the assignments the sign-off completed unless attended sessions meet the rule.
 * Who may undo it is the route's to check (`sign-off:undo`).
 */
export async function undoSignOff(
  db: Db,
  input: { completionId: number; personId: number; actorId: number; reason: string; now: number },
): Promise<UndoSignOffResult> {
  const { completionId, personId, actorId, now } = input;
  const reason = input.reason.trim();
  return db.write(async (tx): Promise<UndoSignOffResult> => {
    const record = await signOffRecord(tx, completionId);
    const decision = decideUndoSignOff(record ?? null, personId);
    if (!decision.ok || !record) return decision.ok ? { ok: false, reason: { code: "not_found" } } : decision;
    const [actor] = await tx
      .select({ name: schema.people.name })
      .from(schema.people)
      .where(eq(schema.people.id, actorId));
    const [person] = await tx
      .select({ name: schema.people.name })
      .from(schema.people)
      .where(eq(schema.people.id, personId));
    const actorName = actor?.name ?? "an admin";
    await tx
      .update(schema.completions)
      .set({ revokedAt: now, revokedReason: undoneRecordText(actorName, reason) })
      .where(eq(schema.completions.id, completionId));
    await recordAudit(tx, {
      at: now,
      actorId,
      action: "completion.sign_off_undone",
      entityType: "completion",
      entityId: completionId,
      summary: `${actorName} undid the sign-off of "${record.moduleTitle}" for ${person?.name ?? "the person"}${reason ? `: ${reason}` : " (no reason given)."}`,
      details: {
        personId,
        moduleId: record.moduleId,
        signedOffById: record.signedOffById,
        signedOffAt: record.completedAt,
        signOffReason: record.manualReason,
        ...(reason ? { reason } : {}),
      },
    });
    const update = await recomputeCompletion(tx, { personId, moduleId: record.moduleId, now, actorId });
    return { ok: true, personName: person?.name ?? "", moduleTitle: record.moduleTitle, update };
  });
}
