/**
 * The lock beside an embedded database file: who may take it, when a lock left behind is taken
 * over, and what a refusal says. Holders are real processes (`sleep`), alive or ended.
 */
import { spawn, type ChildProcess } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  databaseLockHolder,
  DatabaseInUseError,
  lockFileOf,
  takeDatabaseLock,
  type DatabaseLock,
  type LockHolder,
} from "~/server/database-lock";

const cleanUps: (() => void)[] = [];
afterEach(() => {
  for (const cleanUp of cleanUps.splice(0)) cleanUp();
});

function aDatabase() {
  const folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), "frontline-lock-")));
  cleanUps.push(() => rmSync(folder, { recursive: true, force: true }));
  const file = path.join(folder, "frontline.db");
  return { url: `file:${file}`, file, lockFile: lockFileOf(file) };
}

function take(url: string, command = "the Frontline server"): DatabaseLock {
  const lock = takeDatabaseLock(url, command)!;
  cleanUps.unshift(() => lock.release());
  return lock;
}

/** A process that runs until the test ends. */
async function aLiveProcess(): Promise<ChildProcess & { pid: number }> {
  const child = spawn("sleep", ["60"], { stdio: "ignore" });
  await new Promise((resolve) => child.once("spawn", resolve));
  cleanUps.push(() => child.kill("SIGKILL"));
  return child as ChildProcess & { pid: number };
}

/** The id of a process that has ended. */
async function anEndedPid(): Promise<number> {
  const child = spawn("true", [], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

function writeLock(lockFile: string, holder: Partial<LockHolder>) {
  const full: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    since: "2027-03-01T09:00:00.000Z",
    command: "the Frontline server",
    ...holder,
  };
  writeFileSync(lockFile, JSON.stringify(full), { mode: 0o600 });
}

function refusal(url: string): DatabaseInUseError {
  try {
    takeDatabaseLock(url, "npm run db:migrate")?.release();
  } catch (error) {
    if (error instanceof DatabaseInUseError) return error;
    throw error;
  }
  throw new Error("The lock was taken, not refused");
}

describe("the database lock", () => {
  it("is a 0600 file naming this process, removed on release", () => {
    const { url, lockFile } = aDatabase();
    const lock = take(url);
    expect(statSync(lockFile).mode & 0o777).toBe(0o600);
    const holder = JSON.parse(readFileSync(lockFile, "utf8")) as LockHolder;
    expect(holder).toMatchObject({ pid: process.pid, host: os.hostname(), command: "the Frontline server" });
    expect(Date.parse(holder.since)).not.toBeNaN();
    expect(databaseLockHolder(url)).toEqual(holder);
    lock.release();
    expect(existsSync(lockFile)).toBe(false);
    expect(databaseLockHolder(url)).toBeUndefined();
  });

  it("is refused to a second taker, with the holder's process, time and the way to run several instances", () => {
    const { url, file } = aDatabase();
    const lock = take(url);
    const error = refusal(url);
    expect(error.message).toContain(`The database ${file} is in use by the Frontline server`);
    expect(error.message).toContain(`process ${process.pid} on ${os.hostname()}, since ${lock.holder.since}`);
    expect(error.message).toContain("libSQL server (sqld or Turso): DATABASE_URL=libsql://");
  });

  it("is the same lock for the same file reached through a symbolic link", () => {
    const { url, file } = aDatabase();
    const link = `${path.dirname(file)}-link`;
    symlinkSync(path.dirname(file), link);
    cleanUps.push(() => rmSync(link, { force: true }));
    take(url);
    expect(refusal(`file:${path.join(link, "frontline.db")}`).message).toContain(`The database ${file} is in use`);
  });

  it("is refused while another live process on this host holds it", async () => {
    const { url, lockFile } = aDatabase();
    const holder = await aLiveProcess();
    writeLock(lockFile, { pid: holder.pid });
    const error = refusal(url);
    expect(error.message).toContain(`process ${holder.pid} on ${os.hostname()}, since 2027-03-01T09:00:00.000Z`);
    expect(error.holder?.pid).toBe(holder.pid);
    expect(JSON.parse(readFileSync(lockFile, "utf8")).pid).toBe(holder.pid);
  });

  it("is taken over from a process that has ended", async () => {
    const { url, lockFile } = aDatabase();
    writeLock(lockFile, { pid: await anEndedPid() });
    expect(databaseLockHolder(url)).toBeUndefined();
    take(url);
    expect(JSON.parse(readFileSync(lockFile, "utf8")).pid).toBe(process.pid);
  });

  it.runIf(existsSync("/proc/self/stat"))(
    "is taken over when its process id now belongs to a process started later",
    async () => {
      const { url, lockFile } = aDatabase();
      const other = await aLiveProcess();
      const ticks = Number(readFileSync(`/proc/${other.pid}/stat`, "utf8").split(") ")[1].split(" ")[19]);
      writeLock(lockFile, { pid: other.pid, startTicks: ticks - 100 });
      take(url);
      expect(JSON.parse(readFileSync(lockFile, "utf8")).pid).toBe(process.pid);
    },
  );

  it("is taken over from an earlier process that had this process's id (a restarted container)", () => {
    const { url, lockFile } = aDatabase();
    writeLock(lockFile, { pid: process.pid, since: "2027-02-01T08:00:00.000Z" });
    const lock = take(url);
    expect(lock.holder.since).not.toBe("2027-02-01T08:00:00.000Z");
  });

  it("is never taken from a process on another host, and says what to do if that one is gone", () => {
    const { url, lockFile } = aDatabase();
    writeLock(lockFile, { pid: 1, host: "frontline-old-container" });
    const error = refusal(url);
    expect(error.message).toContain("process 1 on frontline-old-container");
    expect(error.message).toContain(
      `If that process no longer runs (its machine or container is gone), delete ${lockFile}.`,
    );
  });

  it("waits on a lock file still being written, and takes over one left empty", () => {
    const { url, lockFile } = aDatabase();
    writeFileSync(lockFile, "", { mode: 0o600 });
    expect(refusal(url).message).toContain("is in use by another process");
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lockFile, aMinuteAgo, aMinuteAgo);
    take(url);
    expect(JSON.parse(readFileSync(lockFile, "utf8")).pid).toBe(process.pid);
  });

  it("is released without removing a lock another process has taken since", async () => {
    const { url, lockFile } = aDatabase();
    const lock = take(url);
    const other = await aLiveProcess();
    writeLock(lockFile, { pid: other.pid });
    lock.release();
    expect(JSON.parse(readFileSync(lockFile, "utf8")).pid).toBe(other.pid);
  });

  it("is not needed for a libSQL server, which serialises writers itself", () => {
    expect(takeDatabaseLock("libsql://frontline-acme.turso.io", "the Frontline server")).toBeUndefined();
    expect(takeDatabaseLock("http://127.0.0.1:8080", "the Frontline server")).toBeUndefined();
  });
});
