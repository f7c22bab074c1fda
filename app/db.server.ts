import { mkdirSync } from "node:fs";
import path from "node:path";
import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import * as schema from "../db/schema";

export { schema };

export type Orm = LibSQLDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Orm["transaction"]>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type Queryable = Orm | Tx;

export interface Db extends Orm {
  /** Runs `work` in one write transaction; on the embedded file, one at a time. */
  write<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  $client: Client;
}

export const DEFAULT_DATABASE_URL = "file:./data/frontline.db";

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
}

export function isEmbedded(url: string): boolean {
  return url.startsWith("file:") || url === ":memory:";
}

/** The data folder beside an embedded database file (also home of a generated session secret). */
export function dataFolder(url = databaseUrl()): string {
  if (!url.startsWith("file:")) return path.resolve("data");
  return path.dirname(path.resolve(url.slice("file:".length)));
}

/**
 * Opens the database. For the embedded file, write transactions are serialised in the process:
 * @libsql/client gives each transaction its own connection with BEGIN IMMEDIATE, and a second
 * concurrent writer fails at once with SQLITE_BUSY instead of waiting. A libSQL server
 * (sqld, Turso) serialises writers itself, so there the queue is not used.
 */
export function openDatabase(url: string, authToken?: string): Db {
  if (url.startsWith("file:")) mkdirSync(dataFolder(url), { recursive: true });
  const client = createClient({ url, authToken });
  const orm = drizzle(client, { schema });
  const embedded = isEmbedded(url);
  let queue: Promise<unknown> = Promise.resolve();

  const write = <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
    if (!embedded) return orm.transaction(work);
    const run = queue.then(() => orm.transaction(work));
    queue = run.catch(() => undefined);
    return run;
  };
  return Object.assign(orm, { write }) as Db;
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
