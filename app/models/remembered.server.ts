/**
 * Counts over a whole team or the whole company, remembered between requests. Triggers raise
 * `training_version` with every change to people, departments, assignments, completions and
 * modules (migration 0004); an answer is used again while that version and the minute it was
 * worked out in both hold, so a change shows at once and what time alone changes (an assignment
 * falling overdue at midnight) shows within the minute. Each app instance remembers its own
 * answers against the database's version, so instances never show each other's stale counts.
 */
import { oncePer, schema, type Queryable } from "~/db.server";

const MINUTE = 60_000;
/** Answers kept per database; the oldest goes first. */
const KEPT = 500;

interface Entry {
  version: number;
  minute: number;
  value: unknown;
}

const byDatabase = new WeakMap<object, Map<string, Entry>>();

/** The current training version: one row read by its primary key. */
export async function trainingVersionOf(q: Queryable): Promise<number> {
  const [row] = await versionReadOf(q).all();
  return row?.version ?? 0;
}

// Team and admin pages read the version once or more per request: the statement is built once.
const versionReadOf = oncePer((q: Queryable) =>
  q.select({ version: schema.trainingVersion.version }).from(schema.trainingVersion).prepare(),
);

/**
 * `work()`'s answer for `key` at `now`: remembered from an earlier request when nothing it reads
 * has changed since, in the same minute; worked out (and remembered) otherwise. `db` is the
 * database the answers belong to; `key` must name everything else the answer depends on.
 */
export async function remembered<T>(db: Queryable, key: string, now: number, work: () => Promise<T>): Promise<T> {
  let entries = byDatabase.get(db);
  if (!entries) {
    entries = new Map();
    byDatabase.set(db, entries);
  }
  const version = await trainingVersionOf(db);
  const minute = Math.floor(now / MINUTE);
  const kept = entries.get(key);
  if (kept && kept.version === version && kept.minute === minute) return kept.value as T;
  const value = await work();
  entries.delete(key);
  entries.set(key, { version, minute, value });
  if (entries.size > KEPT) entries.delete(entries.keys().next().value!);
  return value;
}
