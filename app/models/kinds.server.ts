/** Session kinds: the kinds of customer-facing work shadows may join (sales call, install, listen-in…). */
import { and, count, eq, gt, sql } from "drizzle-orm";
import { schema, type Db, type Queryable } from "~/db.server";
import { holderOfName, listOf, saveWithAudit, type SaveBy } from "~/models/directory-save.server";
import type { KindInput } from "~/schemas/admin";

export type SessionKind = typeof schema.sessionKinds.$inferSelect;

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

/** One kind with its use, as its page shows it. A company has a handful of kinds, so all are counted. */
export async function kindWithUse(q: Queryable, id: number, now: number) {
  return (await kindsWithUse(q, now)).find((k) => k.id === id);
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

function describeKind(kind: Pick<SessionKind, "defaultMinutes" | "onSite">): string {
  return `${kind.defaultMinutes} minutes, ${kind.onSite ? "on site" : "remote"}`;
}

/** Adds a session kind, or changes the one with `id`. Sessions already published keep their times. */
export function saveKind(db: Db, input: SaveBy & { kind: KindInput }) {
  const { kind, ...by } = input;
  return saveWithAudit(db, by, {
    table: schema.sessionKinds,
    entityType: "kind",
    holderOf: async (tx) => holderOfName(await tx.select().from(schema.sessionKinds), kind.name, by.id),
    taken: (holder) => ({ code: "kind_name_taken", name: holder ?? kind.name }),
    check: async () => ({ ok: true, values: kind }),
    describe: async (_tx, { before, saved, changed }) => {
      if (!before) {
        return {
          action: "kind.created",
          summary: `Added the session kind ${saved.name} (${describeKind(saved)}${saved.active ? "" : ", not in use yet"}).`,
          details: { ...kind },
        };
      }
      const what: string[] = [];
      if (changed.name) what.push(`renamed to ${saved.name}`);
      if (changed.defaultMinutes) what.push(`usual length ${before.defaultMinutes} → ${saved.defaultMinutes} minutes`);
      if (changed.onSite) what.push(saved.onSite ? "now on site" : "now remote");
      if (changed.description) what.push("description changed");
      if (changed.active) what.push(saved.active ? "back in use" : "no longer offered for new sessions");
      return {
        action: changed.active ? (saved.active ? "kind.activated" : "kind.deactivated") : "kind.updated",
        summary: `Session kind ${before.name}: ${listOf(what)}.`,
        details: { changed },
      };
    },
  });
}
