import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  createClient,
  type Client,
  type InArgs,
  type InStatement,
  type ResultSet,
  type TransactionMode,
} from "@libsql/client";
import { fillPlaceholders, type Logger, type SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import * as schema from "../db/schema";
import { CachedReader } from "./db-reader.server";

export { schema };

export type Orm = LibSQLDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Orm["transaction"]>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type Queryable = Orm | Tx;

export interface Db extends Orm {
  /** Runs `work` in one write transaction; on the embedded file, one at a time. */
  write<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  $client: Client;
  /** Where it was opened, so another thread can open the same database. */
  $location: { url: string; authToken?: string };
  /** Told every statement, as drizzle tells it those it runs. */
  $logger?: Logger;
}

export const DEFAULT_DATABASE_URL = "file:./data/frontline.db";

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
}

export function isEmbedded(url: string): boolean {
  return url.startsWith("file:") || url === ":memory:";
}

/** The file of an embedded database URL (`file:data/x.db`, `file:///srv/x.db`); none for a server or memory. */
export function databaseFilePath(url: string): string | undefined {
  if (!url.startsWith("file:")) return undefined;
  const bare = url.split("?")[0];
  if (bare === "file::memory:" || /[?&]mode=memory\b/.test(url)) return undefined;
  return bare.startsWith("file://") ? fileURLToPath(bare) : path.resolve(bare.slice("file:".length));
}

/** The data folder beside an embedded database file (also home of a generated session secret). */
export function dataFolder(url = databaseUrl()): string {
  const file = databaseFilePath(url);
  return file ? path.dirname(file) : path.resolve("data");
}

/** Only the account the app runs as may read the data folder and the database files in it. */
export const FOLDER_MODE = 0o700;
export const FILE_MODE = 0o600;

/**
 * Makes the data folder (0700) and the database file (0600) before SQLite opens it: SQLite gives
 * the -wal and -shm files it creates later the database file's own mode. Files left readable by
 * others from before are narrowed too, and so is the app's own `data` folder.
 */
export function prepareDatabaseFile(file: string): void {
  const folder = path.dirname(file);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: FOLDER_MODE });
  else if (folder === path.resolve("data")) narrowMode(folder, FOLDER_MODE);
  if (!existsSync(file)) closeSync(openSync(file, "a", FILE_MODE));
  for (const suffix of ["", "-wal", "-shm"]) narrowMode(`${file}${suffix}`, FILE_MODE);
}

/** Takes away permissions beyond `mode` on a file or folder of ours; leaves others' alone. */
export function narrowMode(target: string, mode: number): void {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return;
  }
  const ours = typeof process.getuid !== "function" || stat.uid === process.getuid();
  if (ours && (stat.mode & 0o777 & ~mode) !== 0) chmodSync(target, stat.mode & 0o777 & mode);
}

/**
 * Opens the database. For the embedded file, write transactions are serialised in the process:
 * @libsql/client gives each transaction its own connection with BEGIN IMMEDIATE, and a second
 * concurrent writer fails at once with SQLITE_BUSY instead of waiting. A libSQL server
 * (sqld, Turso) serialises writers itself, so there the queue is not used.
 *
 * A call that fails with a busy or snapshot error leaves its connection unusable: every later
 * COMMIT on it fails with "SQL statements in progress". So after such an error the client is
 * replaced by a fresh one for the next transaction (once no write is under way on the old one);
 * the `Db` and its `$client` stay the same.
 */
export function openDatabase(url: string, authToken?: string, options: { logger?: Logger } = {}): Db {
  const file = databaseFilePath(url);
  if (file) prepareDatabaseFile(file);
  let writing = 0;
  let stale = false;
  const replaceWhenIdle = () => {
    stale = true;
    if (writing > 0) return;
    stale = false;
    client.replace();
  };
  const client = new ReplaceableClient(
    () => createClient({ url, authToken }),
    replaceWhenIdle,
    file ? new CachedReader(file) : undefined,
  );
  const orm = drizzle(client, { schema, logger: options.logger });
  const embedded = isEmbedded(url);
  let queue: Promise<unknown> = Promise.resolve();

  const transaction = async <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
    writing++;
    try {
      return await orm.transaction(work);
    } catch (error) {
      if (isStaleConnectionError(error)) stale = true;
      throw error;
    } finally {
      writing--;
      if (stale) replaceWhenIdle();
    }
  };
  const write = <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
    if (!embedded) return transaction(work);
    const run = queue.then(() => transaction(work));
    queue = run.catch(() => undefined);
    return run;
  };
  return Object.assign(orm, { write, $location: { url, authToken }, $logger: options.logger }) as Db;
}

/**
 * SQLITE_BUSY and its kinds (BUSY_SNAPSHOT, BUSY_RECOVERY…), and a COMMIT refused because a
 * statement of an earlier busy failure is still open on the connection.
 */
export function isStaleConnectionError(error: unknown): boolean {
  let current: unknown = error;
  while (current && typeof current === "object") {
    const { code, extendedCode, message } = current as { code?: unknown; extendedCode?: unknown; message?: unknown };
    if ([code, extendedCode].some((c) => typeof c === "string" && c.startsWith("SQLITE_BUSY"))) return true;
    if (typeof message === "string" && message.includes("SQL statements in progress")) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A client that hands every call to the client of the moment, so that a broken connection pool
 * can be swapped for a fresh one under the app's feet. Calls that fail with a busy or snapshot
 * error report it through `onStale`.
 */
class ReplaceableClient implements Client {
  #current: Client;

  constructor(
    private readonly connect: () => Client,
    private readonly onStale: () => void,
    /** Plain reads on the embedded file, answered with kept prepared statements. */
    private readonly reader?: CachedReader,
  ) {
    this.#current = connect();
  }

  #watch<T>(call: Promise<T>): Promise<T> {
    return call.catch((error: unknown) => {
      if (isStaleConnectionError(error)) this.onStale();
      throw error;
    });
  }

  /** Opens a fresh client for what comes next; the old one is closed once calls already under way have run. */
  replace(): void {
    let fresh: Client;
    try {
      fresh = this.connect();
    } catch (error) {
      // The old client stays; the next failing write tries again.
      console.error("The database connection could not be reopened:", error);
      return;
    }
    const old = this.#current;
    this.#current = fresh;
    setImmediate(() => old.close());
  }

  get closed(): boolean {
    return this.#current.closed;
  }

  get protocol(): string {
    return this.#current.protocol;
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    if (this.reader) {
      try {
        const read = this.reader.read(stmtOrSql, args);
        if (read) return Promise.resolve(read);
      } catch {
        // Asked of the client below, which reports the error as the rest of the app expects.
      }
    }
    return this.#watch(
      typeof stmtOrSql === "string" ? this.#current.execute(stmtOrSql, args) : this.#current.execute(stmtOrSql),
    );
  }

  batch(stmts: Array<InStatement | [string, InArgs?]>, mode?: TransactionMode) {
    return this.#watch(this.#current.batch(stmts, mode));
  }

  migrate(stmts: InStatement[]) {
    return this.#watch(this.#current.migrate(stmts));
  }

  transaction(mode?: TransactionMode) {
    return this.#watch(this.#current.transaction(mode));
  }

  executeMultiple(sql: string) {
    return this.#watch(this.#current.executeMultiple(sql));
  }

  sync() {
    return this.#current.sync();
  }

  reconnect() {
    return this.#current.reconnect();
  }

  close() {
    this.reader?.close();
    this.#current.close();
  }
}

/**
 * `build(key)` made once per key and kept while the key lives: for statements every request runs,
 * built once per database (drizzle's `.prepare()`) instead of on every call.
 */
export function oncePer<K extends object, T>(build: (key: K) => T): (key: K) => T {
  const built = new WeakMap<K, T>();
  return (key) => {
    let value = built.get(key);
    if (value === undefined) {
      value = build(key);
      built.set(key, value);
    }
    return value;
  };
}

/**
 * Statements that differ with the shape of a search (which of its filters are set, not to what):
 * each shape's made once per database on first use, then kept. The shapes of a search are few.
 */
export function keptByShape<K extends object, T>(): (key: K, shape: string, make: () => T) => T {
  const made = new WeakMap<K, Map<string, T>>();
  return (key, shape, make) => {
    let byShape = made.get(key);
    if (!byShape) made.set(key, (byShape = new Map()));
    let value = byShape.get(shape);
    if (value === undefined) byShape.set(shape, (value = make()));
    return value;
  };
}

const dialect = new SQLiteAsyncDialect();

/**
 * A read written in SQL (one the query builder cannot express, such as a union of ranges), made
 * into its text once, as drizzle's `.prepare()` does for the builder's queries: each call only
 * fills in the placeholders. Rows come by column name.
 */
export function preparedSql<Row>(db: Db, query: SQL): (values: Record<string, unknown>) => Promise<Row[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return async (values) => {
    const args = fillPlaceholders(params, values) as InArgs;
    db.$logger?.logQuery(text, args as unknown[]);
    const { rows } = await db.$client.execute({ sql: text, args });
    return rows as unknown as Row[];
  };
}

/** Applies the committed drizzle-kit migrations under db/migrations. */
export async function migrateDatabase(db: Db): Promise<void> {
  // WAL lets readers go on while one writer commits; the mode is stored in the file.
  if (db.$client.protocol === "file") await db.$client.execute("PRAGMA journal_mode = WAL");
  await migrate(db, { migrationsFolder: migrationsFolder() });
}

export function migrationsFolder(): string {
  return path.resolve(process.env.MIGRATIONS_DIR ?? "db/migrations");
}

let shared: Db | undefined;

/** The app's one database, from DATABASE_URL and DATABASE_AUTH_TOKEN. */
export function getDb(): Db {
  shared ??= openDatabase(databaseUrl(), process.env.DATABASE_AUTH_TOKEN || undefined);
  return shared;
}

/** Drizzle wraps driver errors; the SQLite code is on the cause. */
export function sqliteCode(error: unknown): string | undefined {
  let current: unknown = error;
  while (current && typeof current === "object") {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_")) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
