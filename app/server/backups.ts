/**
 * Backups of the embedded database: one consistent copy (`npm run db:backup`) and, with
 * BACKUP_DIR set, snapshots the server takes on a schedule and prunes to a retention count.
 *
 * A copy is made with `VACUUM INTO`, which reads the database in one read transaction: it holds
 * every transaction committed before it began and nothing of one still under way, and, in WAL
 * mode, it does not hold up the app's writers. It is written beside its destination under a
 * temporary name and moved into place whole, so a copy that was cut short never looks finished.
 */
import { closeSync, linkSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { createClient } from "@libsql/client";
import { databaseFilePath, FILE_MODE, FOLDER_MODE, narrowMode } from "~/db.server";

export interface BackupResult {
  file: string;
  bytes: number;
  milliseconds: number;
}

export class BackupRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupRefused";
  }
}

/** Where a libSQL server's own tools are described: the README's "Backups" section. */
const SERVER_BACKUPS = "a libSQL server keeps its own snapshots: see “Backups” in the README";

/**
 * Copies the embedded database at `url` into `target` (0600), while the app may be serving.
 * Refuses an existing `target` unless `force` is set.
 */
export async function backupDatabase(
  url: string,
  target: string,
  options: { force?: boolean } = {},
): Promise<BackupResult> {
  const source = databaseFilePath(url);
  if (!source) throw new BackupRefused(`${url} is not an embedded database file; ${SERVER_BACKUPS}.`);
  if (!exists(source)) throw new BackupRefused(`There is no database at ${source} to back up.`);
  const destination = path.resolve(target);
  if (destination === source) throw new BackupRefused("A backup cannot replace the database it copies.");
  if (!options.force && exists(destination))
    throw new BackupRefused(`${destination} already exists; give another file, or --force to replace it.`);

  const started = performance.now();
  mkdirSync(path.dirname(destination), { recursive: true, mode: FOLDER_MODE });
  const partial = `${destination}.partial-${process.pid}`;
  // VACUUM INTO fills an empty file that exists already; made here, it is 0600 from the start.
  rmSync(partial, { force: true });
  closeSync(openSync(partial, "wx", FILE_MODE));
  const client = createClient({ url: `file:${source}` });
  try {
    await client.execute({ sql: "VACUUM INTO ?", args: [partial] });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    client.close();
  }
  if (options.force) renameSync(partial, destination);
  else {
    // A link fails if the destination has appeared meanwhile, where a rename would overwrite it.
    try {
      linkSync(partial, destination);
      rmSync(partial, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" && !exists(destination)) {
        renameSync(partial, destination); // a file system without hard links
      } else {
        rmSync(partial, { force: true });
        throw new BackupRefused(`${destination} already exists; give another file, or --force to replace it.`);
      }
    }
  }
  narrowMode(destination, FILE_MODE);
  return { file: destination, bytes: statSync(destination).size, milliseconds: performance.now() - started };
}

export interface BackupSchedule {
  folder: string;
  everyMs: number;
  keep: number;
}

/** BACKUP_DIR, BACKUP_EVERY_HOURS (24) and BACKUP_KEEP (7); none without BACKUP_DIR. Throws on a bad value. */
export function backupScheduleFromEnv(env: NodeJS.ProcessEnv = process.env): BackupSchedule | undefined {
  const folder = env.BACKUP_DIR?.trim();
  if (!folder) return undefined;
  const hours = env.BACKUP_EVERY_HOURS?.trim() ? Number(env.BACKUP_EVERY_HOURS) : 24;
  if (!(hours > 0) || !Number.isFinite(hours))
    throw new BackupRefused(`BACKUP_EVERY_HOURS must be a number of hours above 0, not "${env.BACKUP_EVERY_HOURS}".`);
  const keep = env.BACKUP_KEEP?.trim() ? Number(env.BACKUP_KEEP) : 7;
  if (!Number.isInteger(keep) || keep < 1)
    throw new BackupRefused(`BACKUP_KEEP must be a whole number of snapshots, at least 1, not "${env.BACKUP_KEEP}".`);
  return { folder: path.resolve(folder), everyMs: hours * 3_600_000, keep };
}

const SNAPSHOT = /^frontline-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)\.db$/;

/** `frontline-2027-03-28T02-30-00Z.db`: names sort as their times do. */
export function snapshotName(at: number): string {
  return `frontline-${new Date(at).toISOString().slice(0, 19).replaceAll(":", "-")}Z.db`;
}

/** The snapshots in `folder`, oldest first. */
export function snapshotsIn(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .filter((name) => SNAPSHOT.test(name))
    .sort()
    .map((name) => path.join(folder, name));
}

function takenAt(file: string): number {
  const [, stamp] = SNAPSHOT.exec(path.basename(file))!;
  return Date.parse(`${stamp.slice(0, 10)}T${stamp.slice(11, 19).replaceAll("-", ":")}Z`);
}

/**
 * Takes one snapshot into the schedule's folder now and removes the oldest beyond `keep`. Only
 * files named as snapshots are ever removed.
 */
export async function takeSnapshot(url: string, schedule: BackupSchedule, now: number): Promise<BackupResult> {
  mkdirSync(schedule.folder, { recursive: true, mode: FOLDER_MODE });
  // Copies cut short by a stop of the server are left under their temporary names.
  for (const name of readdirSync(schedule.folder))
    if (/^frontline-.*\.db\.partial-\d+$/.test(name)) rmSync(path.join(schedule.folder, name), { force: true });
  const result = await backupDatabase(url, path.join(schedule.folder, snapshotName(now)), { force: true });
  const snapshots = snapshotsIn(schedule.folder);
  for (const old of snapshots.slice(0, Math.max(0, snapshots.length - schedule.keep))) rmSync(old, { force: true });
  return result;
}

/** setTimeout's longest wait; a longer one is taken in steps. */
const LONGEST_WAIT = 2 ** 31 - 1;

/**
 * The server's snapshots: the first as soon as the newest one in the folder is a full interval
 * old (at once after a long stop, so restarts never skip one), then every interval. The timers
 * never keep the process alive.
 */
export function startScheduledBackups(
  url: string,
  schedule: BackupSchedule,
  report: { done: (result: BackupResult) => void; failed: (error: unknown) => void },
): { stop: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const after = (wait: number, next: () => void) => {
    if (stopped) return;
    timer = setTimeout(next, Math.min(wait, LONGEST_WAIT));
    timer.unref();
  };
  const plan = () => {
    const newest = snapshotsIn(schedule.folder).at(-1);
    const wait = newest ? Math.max(0, takenAt(newest) + schedule.everyMs - Date.now()) : 0;
    after(wait, wait > LONGEST_WAIT ? plan : run);
  };
  const run = async () => {
    try {
      report.done(await takeSnapshot(url, schedule, Date.now()));
    } catch (error) {
      report.failed(error);
      // A failed snapshot is tried again in a while, not at once.
      return after(Math.min(schedule.everyMs, 15 * 60_000), run);
    }
    plan();
  };
  plan();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The server's part: with BACKUP_DIR set, snapshots on schedule, each one logged. A bad setting
 * stops the server before it serves, saying which.
 */
export function startBackupsFromEnv(url: string, env: NodeJS.ProcessEnv = process.env): { stop: () => void } {
  let schedule: BackupSchedule | undefined;
  try {
    schedule = backupScheduleFromEnv(env);
  } catch (error) {
    if (!(error instanceof BackupRefused)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  if (!schedule) return { stop: () => {} };
  if (!databaseFilePath(url)) {
    console.error(`BACKUP_DIR is set, but ${url} is not an embedded database file; ${SERVER_BACKUPS}.`);
    process.exit(1);
  }
  const { folder, everyMs, keep } = schedule;
  console.log(`Backups go to ${folder} every ${everyMs / 3_600_000} h; the newest ${keep} are kept.`);
  return startScheduledBackups(url, schedule, {
    done: (result) =>
      console.log(
        `Backup written: ${result.file} (${formatBytes(result.bytes)}, ${Math.round(result.milliseconds)} ms)`,
      ),
    failed: (error) => console.error("The scheduled backup failed:", error),
  });
}
