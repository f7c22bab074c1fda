/**
 * Puts a backup back in place of the embedded database, while the app is stopped:
 *
 *   npm run db:restore -- backups/frontline-monday.db [--url file:./data/frontline.db]
 *
 * The backup is copied beside the database and checked there first (PRAGMA integrity_check and
 * foreign_key_check, Frontline's migrations and tables), so a bad file never replaces a good
 * one. The replaced database is kept as `<db>.before-restore-<time>`, with its write-ahead log.
 * Refused while the app (or another script) holds the database's lock.
 */
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createClient, type Client } from "@libsql/client";
import { getTableName, is } from "drizzle-orm";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { databaseFilePath, databaseUrl, FILE_MODE, migrationsFolder, narrowMode, schema } from "../app/db.server";
import { takeDatabaseLockOrExit } from "../app/server/database-lock";

const USAGE = `Usage: npm run db:restore -- FILE [--url DATABASE_URL]

  FILE   a backup made by npm run db:backup (or a scheduled snapshot from BACKUP_DIR)
  --url  the database to replace (default DATABASE_URL, else file:./data/frontline.db)

Stop the app first: a running app holds the database, and the restore waits for no one.`;

interface Checked {
  people: number;
  sessions: number;
  bookings: number;
  migrations: number;
  latest: boolean;
}

async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { url: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
      strict: true,
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    console.error(`Name one backup file to restore.\n\n${USAGE}`);
    return 1;
  }
  const url = parsed.values.url?.trim() || databaseUrl();
  const target = databaseFilePath(url);
  if (!target) {
    console.error(
      `${url} is not an embedded database file. A libSQL server restores from its own snapshots: see "Backups" in the README.`,
    );
    return 1;
  }
  const source = path.resolve(parsed.positionals[0]);
  if (!existsSync(source)) {
    console.error(`There is no file at ${source}.`);
    return 1;
  }
  if (source === target) {
    console.error(`${source} is the database itself; name a backup of it.`);
    return 1;
  }

  // From here until the process ends, neither the app nor another script can open the database.
  takeDatabaseLockOrExit(url, "npm run db:restore", { exitOnSignal: true });

  const staging = `${target}.restoring-${process.pid}`;
  const removeStaging = () => {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${staging}${suffix}`, { force: true });
  };
  removeStaging();
  copyFileSync(source, staging);
  if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${staging}-wal`);
  narrowMode(staging, FILE_MODE);
  let checked: Checked;
  try {
    checked = await check(staging);
  } catch (error) {
    removeStaging();
    if (!(error instanceof NotRestorable)) throw error;
    console.error(`${source} was not restored: ${error.message}`);
    return 1;
  }

  let kept: string | undefined;
  if (existsSync(target)) {
    await foldLog(target);
    kept = `${target}.before-restore-${new Date().toISOString().slice(0, 19).replaceAll(":", "-")}Z`;
    renameSync(target, kept);
    // Whatever the log still holds (if it could not be folded in) stays with the kept file.
    if (existsSync(`${target}-wal`) && statSync(`${target}-wal`).size > 0) renameSync(`${target}-wal`, `${kept}-wal`);
  }
  // A log or shared-memory file left beside the new database would be read as part of it.
  rmSync(`${target}-wal`, { force: true });
  rmSync(`${target}-shm`, { force: true });
  renameSync(staging, target);
  removeStaging();
  narrowMode(target, FILE_MODE);

  console.log(
    `Restored ${source} into ${target}: integrity ok; ${checked.people} people, ${checked.sessions} sessions, ` +
      `${checked.bookings} bookings.`,
  );
  if (!checked.latest)
    console.log(
      `The backup has ${checked.migrations} of this version's migrations; npm start applies the rest before serving.`,
    );
  if (kept) console.log(`The replaced database is kept as ${kept}.`);
  return 0;
}

class NotRestorable extends Error {}

/** Checks a copy of the backup and folds its log into the file, so it can be moved as one file. */
async function check(file: string): Promise<Checked> {
  let client: Client;
  try {
    client = createClient({ url: `file:${file}` });
  } catch (error) {
    throw new NotRestorable(
      `it is not a readable database (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  try {
    const query = async (sql: string) => {
      try {
        return (await client.execute(sql)).rows;
      } catch (error) {
        throw new NotRestorable(`it is not a readable database (${error instanceof Error ? error.message : error}).`);
      }
    };
    const integrity = (await query("PRAGMA integrity_check")).map((row) => String(row[0]));
    if (integrity.join() !== "ok") throw new NotRestorable(`PRAGMA integrity_check found: ${integrity.join("; ")}`);
    const dangling = await query("PRAGMA foreign_key_check");
    if (dangling.length > 0)
      throw new NotRestorable(`${dangling.length} rows point at rows that are missing (PRAGMA foreign_key_check).`);

    const tables = new Set((await query("select name from sqlite_master where type = 'table'")).map((r) => r.name));
    if (!tables.has("__drizzle_migrations")) throw new NotRestorable("it holds no Frontline migrations.");
    const applied = (await query("select created_at from __drizzle_migrations")).map((r) => Number(r.created_at));
    const known = ourMigrations();
    const unknown = applied.filter((when) => !known.has(when));
    if (applied.length === 0) throw new NotRestorable("it holds no Frontline migrations.");
    if (unknown.length > 0)
      throw new NotRestorable(
        `it was made by a newer version of Frontline (${unknown.length} migrations this version does not know).`,
      );
    const latest = applied.length === known.size;
    const expected = latest
      ? Object.values(schema)
          .filter((value) => is(value, SQLiteTable))
          .map((table) => getTableName(table))
      : ["people", "sessions", "bookings"];
    const missing = expected.filter((name) => !tables.has(name));
    if (missing.length > 0) throw new NotRestorable(`tables are missing: ${missing.join(", ")}.`);

    const count = async (table: string) => Number((await query(`select count(*) as n from "${table}"`))[0].n);
    const checked = {
      people: await count("people"),
      sessions: await count("sessions"),
      bookings: await count("bookings"),
      migrations: applied.length,
      latest,
    };
    await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    return checked;
  } finally {
    client.close();
  }
}

/** The migrations this version ships, by the time drizzle-kit recorded for each. */
function ourMigrations(): Set<number> {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder(), "meta/_journal.json"), "utf8")) as {
    entries: { when: number }[];
  };
  return new Set(journal.entries.map((entry) => entry.when));
}

/** Writes the database's log into its file, so the kept copy is whole even without its -wal. */
async function foldLog(file: string): Promise<void> {
  const client = createClient({ url: `file:${file}` });
  try {
    await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch {
    // An unreadable database is kept as it is, log and all.
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
