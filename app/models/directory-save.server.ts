/**
 * Adding or changing one record of the directory (a department, session kind, module or person)
 * with its audit row, in one write. The steps are the same for each: read the record as it is,
 * check the change against the directory, skip a change that changes nothing, write it, put it in
 * words for the audit log. Each entity's model says only how to check and how to describe.
 */
import { eq } from "drizzle-orm";
import type { SQLiteInsertValue, SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import { schema, sqliteCode, type Db, type Tx } from "~/db.server";
import { sameName, type DirectoryRefusal } from "~/domain/directory";
import { recordAudit, type AuditEntry } from "~/models/audit.server";

type DirectoryTable =
  typeof schema.departments | typeof schema.sessionKinds | typeof schema.serviceModules | typeof schema.people;
type Row<T extends DirectoryTable> = T["$inferSelect"];
type Columns<T extends DirectoryTable> = Partial<T["$inferInsert"]>;

/** A saved record (and what else the save did), or why the directory refused it. */
export type Saved<Item, Also extends object = object> =
  ({ ok: true; saved: Item } & Partial<Also>) | { ok: false; reason: DirectoryRefusal };

/** field → [before, after], only the fields that changed. */
export type Changes = Record<string, [unknown, unknown]>;

export type Checked<T extends DirectoryTable> =
  | { ok: false; reason: DirectoryRefusal }
  | {
      ok: true;
      /** The columns the form sets, compared with the record to see what changed. */
      values: Columns<T>;
      /** Columns written but never compared or described (a new password's hash): given, they are a change. */
      secrets?: Columns<T>;
    };

export interface Change<Item> {
  /** The record as it was; undefined when it is new. */
  before: Item | undefined;
  saved: Item;
  /** What the change changed; empty for a new record. */
  changed: Changes;
}

/** The audit row's words: the rest of the row (who, when, which record) the save fills in. */
export type AuditWords = Pick<AuditEntry, "action" | "summary" | "details">;

/** Who changes which record, when. */
export interface SaveBy {
  /** The record to change; left out to add one. */
  id?: number;
  actorId: number;
  now: number;
}

export interface DirectorySave<T extends DirectoryTable, Also extends object> {
  table: T;
  entityType: AuditEntry["entityType"];
  /** Who already has the name (title, email) the record would take, other than the record itself. */
  holderOf: (tx: Tx) => Promise<string | null>;
  /**
   * The refusal of a name another record has: `holder`, or null when a writer racing this one took
   * it between the check and the write (the unique index catches what the check could not see).
   */
  taken: (holder: string | null) => DirectoryRefusal;
  /** Checks the rest of the change against the directory as it is now: the columns to write, or why not. */
  check: (tx: Tx, before: Row<T> | undefined) => Promise<Checked<T>>;
  /** A refusal that depends on what would change (a module's new rule); only for an edit. */
  vet?: (tx: Tx, before: Row<T>, changed: Changes) => Promise<DirectoryRefusal | null>;
  describe: (tx: Tx, change: Change<Row<T>>) => Promise<AuditWords>;
  /** What else the change sets off in the same write (people who now hold a module). */
  then?: (tx: Tx, change: Change<Row<T>>) => Promise<Also>;
}

/** Adds the record (no `id`) or changes the one with `id`, and writes its audit row. */
export async function saveWithAudit<T extends DirectoryTable, Also extends object = object>(
  db: Db,
  { id, actorId, now }: SaveBy,
  save: DirectorySave<T, Also>,
): Promise<Saved<Row<T>, Also>> {
  const { table } = save;
  try {
    return await db.write(async (tx): Promise<Saved<Row<T>, Also>> => {
      const before = id === undefined ? undefined : await rowOf(tx, table, id);
      if (id !== undefined && !before) return { ok: false, reason: { code: "not_found" } };
      const holder = await save.holderOf(tx);
      if (holder !== null) return { ok: false, reason: save.taken(holder) };
      const checked = await save.check(tx, before);
      if (!checked.ok) return checked;
      const changed = before ? differences(before, checked.values) : {};
      if (before && Object.keys(changed).length === 0 && !checked.secrets) return { ok: true, saved: before };
      const refusal = before && save.vet ? await save.vet(tx, before, changed) : null;
      if (refusal) return { ok: false, reason: refusal };

      const columns = { ...checked.values, ...checked.secrets };
      const [saved] = (
        before
          ? await tx
              .update(table)
              .set(columns as SQLiteUpdateSetSource<T>)
              .where(eq(table.id, before.id))
              .returning()
          : await tx
              .insert(table)
              .values({ ...columns, createdAt: now } as SQLiteInsertValue<T>)
              .returning()
      ) as Row<T>[];
      const change = { before, saved, changed };
      const words = await save.describe(tx, change);
      await recordAudit(tx, { at: now, actorId, entityType: save.entityType, entityId: saved.id, ...words });
      const also = save.then ? await save.then(tx, change) : undefined;
      return { ok: true, saved, ...also };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: save.taken(null) };
    throw error;
  }
}

/** The first of `rows` (records with a name) named `name`, whatever its case, other than `exceptId`. */
export function holderOfName(rows: { id: number; name: string }[], name: string, exceptId?: number): string | null {
  return rows.find((row) => row.id !== exceptId && sameName(row.name, name))?.name ?? null;
}

async function rowOf<T extends DirectoryTable>(tx: Tx, table: T, id: number): Promise<Row<T> | undefined> {
  const [row] = (await tx
    .select()
    .from(table as DirectoryTable)
    .where(eq(table.id, id))) as Row<T>[];
  return row;
}

function differences(before: Record<string, unknown>, after: Record<string, unknown>): Changes {
  const changed: Changes = {};
  for (const key of Object.keys(after)) {
    if (before[key] !== after[key]) changed[key] = [before[key], after[key]];
  }
  return changed;
}

/** The unique indexes catch what a racing writer on a libSQL server could slip past the check. */
function isUniqueViolation(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === "SQLITE_CONSTRAINT" || code === "SQLITE_CONSTRAINT_UNIQUE";
}

/** "a", "a and b", "a, b and c": the parts of a change in one sentence. */
export function listOf(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}
