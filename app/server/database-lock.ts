/**
 * One writer per embedded database file. Two processes writing one SQLite file fail each other's
 * transactions with SQLITE_BUSY, so the server, and every script that writes, first takes a lock
 * file beside the database (`<db>.lock`: process id, host and start time, created exclusively).
 * A lock whose process is gone from this host is taken over; one held by a live process, or by a
 * process on another host that cannot be checked from here, is a refusal that names the holder.
 * A libSQL server (sqld, Turso) serialises writers itself: there no lock is needed.
 */
import { closeSync, mkdirSync, openSync, readFileSync, realpathSync, statSync, unlinkSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { databaseFilePath, FILE_MODE, FOLDER_MODE } from "~/db.server";

export interface LockHolder {
  pid: number;
  host: string;
  /** When the holder took the lock, as an ISO instant. */
  since: string;
  /** What holds it, in the words a person would type: "the Frontline server", "npm run db:seed". */
  command: string;
  /** On Linux: the machine's boot id and the process's start time in clock ticks since boot, which tell a reused pid apart. */
  boot?: string;
  startTicks?: number;
}

export interface DatabaseLock {
  file: string;
  lockFile: string;
  holder: LockHolder;
  /** Removes the lock file, if it is still ours. Also done when the process exits. */
  release(): void;
}

export class DatabaseInUseError extends Error {
  constructor(
    readonly databaseFile: string,
    readonly holder: LockHolder | undefined,
    lockFile: string,
  ) {
    super(inUseMessage(databaseFile, holder, lockFile));
    this.name = "DatabaseInUseError";
  }
}

export function lockFileOf(databaseFile: string): string {
  return `${databaseFile}.lock`;
}

/** The database file by its real folder, so one reached through a symbolic link has the same lock. */
function lockedFile(url: string): string | undefined {
  const file = databaseFilePath(url);
  if (!file) return undefined;
  mkdirSync(path.dirname(file), { recursive: true, mode: FOLDER_MODE });
  return path.join(realpathSync(path.dirname(file)), path.basename(file));
}

/** Lock files this process holds: a lock naming our own pid that is not among them is a stale one from before. */
const held = new Set<string>();

/**
 * Takes the lock of the embedded database at `url` for this process, until it exits. Nothing to
 * take (undefined) for a libSQL server. Throws DatabaseInUseError while another live process holds it.
 */
export function takeDatabaseLock(
  url: string,
  command: string,
  options: { exitOnSignal?: boolean } = {},
): DatabaseLock | undefined {
  const file = lockedFile(url);
  if (!file) return undefined;
  const lockFile = lockFileOf(file);
  if (held.has(lockFile)) throw new DatabaseInUseError(file, readHolder(lockFile), lockFile);
  const holder: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    since: new Date().toISOString(),
    command,
    boot: bootId(),
    startTicks: startTicksOf(process.pid),
  };
  const content = `${JSON.stringify(holder, null, 2)}\n`;

  // A few rounds: after a stale lock is removed, another process starting now may win the next one.
  for (let round = 0; round < 3; round++) {
    let fd: number;
    try {
      fd = openSync(lockFile, "wx", FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const current = readLockFile(lockFile);
      if (current === undefined) continue; // removed between our attempt and the read
      if (!isStale(lockFile, current)) throw new DatabaseInUseError(file, current.holder, lockFile);
      // Remove the stale lock only if it is still the one judged stale.
      if (readLockFile(lockFile)?.raw === current.raw) unlinkSync(lockFile);
      continue;
    }
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    held.add(lockFile);
    const release = () => {
      process.off("exit", release);
      for (const signal of SIGNALS) process.off(signal, onSignal);
      if (!held.delete(lockFile)) return;
      try {
        if (readFileSync(lockFile, "utf8") === content) unlinkSync(lockFile);
      } catch {
        // already gone
      }
    };
    // A script has no shutdown of its own: on Ctrl-C it releases the lock and ends as the signal would.
    const onSignal = (signal: NodeJS.Signals) => {
      release();
      process.exit(128 + (os.constants.signals[signal] ?? 0));
    };
    process.on("exit", release);
    if (options.exitOnSignal) for (const signal of SIGNALS) process.once(signal, onSignal);
    return { file, lockFile, holder, release };
  }
  throw new DatabaseInUseError(file, readHolder(lockFile), lockFile);
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * For the server and the scripts: takes the lock, or prints who holds it and ends the process
 * with status 1, leaving the holder undisturbed.
 */
export function takeDatabaseLockOrExit(
  url: string,
  command: string,
  options: { exitOnSignal?: boolean } = {},
): DatabaseLock | undefined {
  try {
    return takeDatabaseLock(url, command, options);
  } catch (error) {
    if (!(error instanceof DatabaseInUseError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/** The live process holding the embedded database at `url`, if any. */
export function databaseLockHolder(url: string): LockHolder | undefined {
  const file = lockedFile(url);
  if (!file) return undefined;
  const current = readLockFile(lockFileOf(file));
  return current && !isStale(lockFileOf(file), current) ? current.holder : undefined;
}

function inUseMessage(databaseFile: string, holder: LockHolder | undefined, lockFile: string): string {
  const who = holder
    ? `${holder.command} (process ${holder.pid} on ${holder.host}, since ${holder.since})`
    : "another process";
  return [
    `The database ${databaseFile} is in use by ${who}.`,
    "Only one process may write an embedded database file. Stop that process first, or, to run",
    "several instances, use a libSQL server (sqld or Turso): DATABASE_URL=libsql://… (see the README).",
    holder && holder.host !== os.hostname()
      ? `If that process no longer runs (its machine or container is gone), delete ${lockFile}.`
      : "",
  ]
    .filter(Boolean)
    .join("\n");
}

function readHolder(lockFile: string): LockHolder | undefined {
  return readLockFile(lockFile)?.holder;
}

interface LockFileContent {
  raw: string;
  holder: LockHolder | undefined;
  modifiedAt: number;
}

function readLockFile(lockFile: string): LockFileContent | undefined {
  try {
    const modifiedAt = statSync(lockFile).mtimeMs;
    const raw = readFileSync(lockFile, "utf8");
    return { raw, holder: parseHolder(raw), modifiedAt };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LockHolder>;
    if (
      Number.isInteger(value.pid) &&
      typeof value.host === "string" &&
      typeof value.since === "string" &&
      typeof value.command === "string"
    )
      return value as LockHolder;
  } catch {
    // not a lock we wrote
  }
  return undefined;
}

/**
 * Stale: the holder was on this host and its process is gone, or the machine has restarted since,
 * or the process with that id now is another one (ids come round again, in a restarted container
 * at once). A holder on another host is never stale from here. A lock file without readable
 * content is stale unless it was created a moment ago (its writer may be between creating and
 * writing it).
 */
function isStale(lockFile: string, { holder, modifiedAt }: LockFileContent): boolean {
  if (!holder) return Date.now() - modifiedAt > 5_000;
  if (holder.host !== os.hostname()) return false;
  if (holder.pid === process.pid) return !held.has(lockFile);
  if (!processRuns(holder.pid)) return true;
  const boot = bootId();
  if (holder.boot && boot && holder.boot !== boot) return true;
  const ticks = startTicksOf(holder.pid);
  return holder.startTicks !== undefined && ticks !== undefined && holder.startTicks !== ticks;
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function bootId(): string | undefined {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/** When a process started, in clock ticks since boot (Linux); unknown elsewhere. */
function startTicksOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces: starttime is the 20th.
    const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
    return Number.isInteger(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}
