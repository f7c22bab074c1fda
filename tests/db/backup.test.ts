/**
 * Backups while the app serves, and restores while it does not. Bookings go through the real
 * request handler; `npm run db:backup` and `npm run db:restore` run as the scripts they are.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createClient } from "@libsql/client";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { openDatabase, schema, type Db } from "~/db.server";
import { backupDatabase, snapshotName, snapshotsIn, startScheduledBackups, takeSnapshot } from "~/server/backups";
import { takeDatabaseLock } from "~/server/database-lock";
import { testApp } from "../support/app";
import { aDepartment, aPerson, aSession } from "../support/builders";
import { freshDatabase } from "../support/db";

const TSX = path.resolve("node_modules/.bin/tsx");
const PASSWORD = "correct horse battery";
const passwordHash = await hashPassword(PASSWORD);

function script(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    let output = "";
    const child = spawn(TSX, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => resolve({ code, output }));
  });
}

const modeOf = (file: string) => statSync(file).mode & 0o777;

async function integrity(db: Db): Promise<string> {
  const rows = await db.all<{ integrity_check: string }>(sql`pragma integrity_check`);
  return rows.map((row) => row.integrity_check).join("; ");
}

describe("a backup", () => {
  it("taken during 200 simultaneous bookings restores whole: every acknowledged booking, nothing half-written", async () => {
    const { db, url, folder, client } = await testApp();
    const host = await aPerson(db, { department: await aDepartment(db, { kind: "customer_facing" }), isHost: true });
    const sessions = await Promise.all(Array.from({ length: 20 }, () => aSession(db, { host, seats: 12 })));
    const people = await Promise.all(Array.from({ length: 10 }, () => aPerson(db, { passwordHash })));
    const clients = await Promise.all(
      people.map(async (person) => {
        const signedIn = client.another();
        await signedIn.signIn(person.email, PASSWORD);
        return { person, client: signedIn };
      }),
    );

    // Every person books every session, all 200 at once; each booking is acknowledged by its
    // redirect. When the 80th is, the copy begins, with the rest under way or queued behind it.
    const target = path.join(folder, "backups", "during-bookings.db");
    const acknowledged: string[] = [];
    let before = new Set<string>();
    let backup: Promise<unknown> | undefined;
    const bookings = clients.flatMap(({ person, client }) =>
      sessions.map(async (session) => {
        const response = await client.post(`/sessions/${session.id}`, { intent: "book" });
        if (response.status !== 302) return response.status;
        acknowledged.push(`${person.id}:${session.id}`);
        if (acknowledged.length === 80) {
          before = new Set(acknowledged);
          backup = backupDatabase(url, target);
        }
        return response.status;
      }),
    );
    expect(new Set(await Promise.all(bookings))).toEqual(new Set([302]));
    await backup;
    expect(acknowledged).toHaveLength(200);
    expect(before.size).toBe(80);
    expect(modeOf(target)).toBe(0o600);
    expect(modeOf(path.dirname(target))).toBe(0o700);

    // Restored by the script into a database of its own.
    const restoredUrl = `file:${path.join(folder, "restored", "frontline.db")}`;
    const restore = await script(["db/restore.ts", target], { DATABASE_URL: restoredUrl });
    expect(restore.output).toContain(`Restored ${target} into ${path.join(folder, "restored", "frontline.db")}`);
    expect(restore.code).toBe(0);
    const restored = openDatabase(restoredUrl);
    try {
      expect(await integrity(restored)).toBe("ok");
      const rows = await restored.select().from(schema.bookings);
      const held = new Set(rows.map((b) => `${b.personId}:${b.sessionId}`));
      // Taken while bookings were still being written: some are in the copy, not all.
      expect(rows.length).toBeLessThan(200);
      expect([...before].filter((key) => !held.has(key))).toEqual([]);
      expect(await restored.select().from(schema.settings).where(eq(schema.settings.key, "half-written"))).toEqual([]);
      // Each restored booking is as it is in the live database, and its audit entry (written in the
      // same transaction) came with it: no booking is there by halves.
      const live = new Map((await db.select().from(schema.bookings)).map((b) => [b.id, b]));
      for (const booking of rows) expect(booking).toEqual(live.get(booking.id));
      const [audited] = await restored.all<{ n: number }>(
        sql`select count(*) as n from audit_log where action in ('booking.booked', 'booking.waitlisted')`,
      );
      expect(audited.n).toBe(rows.length);
    } finally {
      restored.$client.close();
    }
  });

  it("holds nothing of a transaction still under way when it begins", async () => {
    const { db, url, folder } = await freshDatabase("demo");
    const target = path.join(folder, "copy.db");
    await db.write(async (tx) => {
      await tx.insert(schema.settings).values({ key: "half-written", value: "not committed when the copy began" });
      await backupDatabase(url, target);
    });
    const copy = openDatabase(`file:${target}`);
    try {
      expect(await integrity(copy)).toBe("ok");
      expect(await copy.select().from(schema.settings).where(eq(schema.settings.key, "half-written"))).toEqual([]);
      expect(await copy.$count(schema.people)).toBe(await db.$count(schema.people));
    } finally {
      copy.$client.close();
    }
  });

  it("by `npm run db:backup` says where, how big and how long, and keeps an existing file unless --force", async () => {
    const { url, folder } = await freshDatabase("demo");
    const target = path.join(folder, "copy.db");
    const first = await script(["db/backup.ts", "--to", target], { DATABASE_URL: url });
    expect(first.code).toBe(0);
    expect(first.output).toMatch(new RegExp(`^Backed up ${url} to ${target}: \\d+\\.\\d (KB|MB) in \\d+ ms\\.$`, "m"));
    const written = statSync(target);
    expect(modeOf(target)).toBe(0o600);

    const again = await script(["db/backup.ts", "--to", target], { DATABASE_URL: url });
    expect(again.code).toBe(1);
    expect(again.output).toContain(`${target} already exists; give another file, or --force to replace it.`);
    expect(statSync(target).mtimeMs).toBe(written.mtimeMs);

    const forced = await script(["db/backup.ts", "--to", target, "--force"], { DATABASE_URL: url });
    expect(forced.code).toBe(0);
    expect(readdirSync(folder).filter((name) => name.includes(".partial-"))).toEqual([]);

    const server = await script(["db/backup.ts", "--to", target], { DATABASE_URL: "libsql://frontline-acme.turso.io" });
    expect(server.code).toBe(1);
    expect(server.output).toContain("a libSQL server keeps its own snapshots: see “Backups” in the README");
  });
});

describe("a restore", () => {
  it("is refused while the app holds the database, and keeps the replaced file when it runs", async () => {
    const { db, url, folder } = await freshDatabase("demo");
    const file = path.join(folder, "frontline.db");
    const backup = path.join(folder, "backup.db");
    await backupDatabase(url, backup);
    await db.write((tx) => tx.insert(schema.settings).values({ key: "after-backup", value: "written later" }));

    const lock = takeDatabaseLock(url, "the Frontline server")!;
    try {
      const refused = await script(["db/restore.ts", backup], { DATABASE_URL: url });
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(`is in use by the Frontline server (process ${process.pid}`);
      expect(refused.output).toContain("libSQL server");
    } finally {
      lock.release();
    }
    expect(await db.select().from(schema.settings).where(eq(schema.settings.key, "after-backup"))).toHaveLength(1);
    db.$client.close();

    const restored = await script(["db/restore.ts", backup], { DATABASE_URL: url });
    expect(restored.code).toBe(0);
    const kept = readdirSync(folder).find((name) => name.startsWith("frontline.db.before-restore-"))!;
    expect(kept).toMatch(/^frontline\.db\.before-restore-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/);
    expect(restored.output).toContain(`The replaced database is kept as ${path.join(folder, kept)}.`);
    expect(existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
    expect(modeOf(file)).toBe(0o600);

    // The database is the backup again; the replaced one still holds what came after it.
    const now = createClient({ url });
    const then = createClient({ url: `file:${path.join(folder, kept)}` });
    try {
      const count = "select count(*) as n from settings where key = 'after-backup'";
      expect((await now.execute(count)).rows[0].n).toBe(0);
      expect((await then.execute(count)).rows[0].n).toBe(1);
      expect((await now.execute("pragma integrity_check")).rows[0][0]).toBe("ok");
    } finally {
      now.close();
      then.close();
    }
  });

  it("refuses a file that is not a sound Frontline database, and leaves the database as it was", async () => {
    const { db, url, folder } = await freshDatabase("demo");
    const people = await db.$count(schema.people);
    db.$client.close();
    const garbage = path.join(folder, "garbage.db");
    writeFileSync(garbage, "these are not the pages of a database".repeat(200));
    const other = path.join(folder, "other.db");
    const foreign = createClient({ url: `file:${other}` });
    await foreign.execute("create table notes (body text)");
    foreign.close();

    for (const [file, reason] of [
      [garbage, "it is not a readable database"],
      [other, "it holds no Frontline migrations"],
      [path.join(folder, "missing.db"), "There is no file at"],
    ]) {
      const refused = await script(["db/restore.ts", file], { DATABASE_URL: url });
      expect(refused.code, file).toBe(1);
      expect(refused.output, file).toContain(reason);
    }
    const after = openDatabase(url);
    expect(await after.$count(schema.people)).toBe(people);
    after.$client.close();
    expect(readdirSync(folder).filter((name) => /before-restore|restoring/.test(name))).toEqual([]);
  });
});

describe("file modes", () => {
  it("keep the data folder 0700 and the database, its log and the lock 0600", async () => {
    const { folder } = await freshDatabase();
    const data = path.join(folder, "data");
    const url = `file:${path.join(data, "frontline.db")}`;
    const db = openDatabase(url);
    const lock = takeDatabaseLock(url, "the Frontline server")!;
    try {
      await db.$client.execute("pragma journal_mode = wal");
      await db.$client.execute("create table t (x)");
      await db.$client.execute("insert into t values (1)");
      expect(modeOf(data)).toBe(0o700);
      for (const file of ["frontline.db", "frontline.db-wal", "frontline.db-shm", "frontline.db.lock"])
        expect(modeOf(path.join(data, file)), file).toBe(0o600);
    } finally {
      lock.release();
      db.$client.close();
    }
  });
});

describe("scheduled snapshots", () => {
  it("keep the newest BACKUP_KEEP in their folder and never touch other files", async () => {
    const { url, folder } = await freshDatabase("demo");
    const backups = path.join(folder, "backups");
    mkdirSync(backups);
    writeFileSync(path.join(backups, "notes.txt"), "kept");
    const schedule = { folder: backups, everyMs: 3_600_000, keep: 2 };
    const hour = 3_600_000;
    const start = Date.parse("2027-03-28T00:00:00Z");
    for (let i = 0; i < 4; i++) await takeSnapshot(url, schedule, start + i * hour);
    expect(readdirSync(backups).sort()).toEqual(
      [snapshotName(start + 2 * hour), snapshotName(start + 3 * hour), "notes.txt"].sort(),
    );
    for (const snapshot of snapshotsIn(backups)) expect(modeOf(snapshot)).toBe(0o600);
  });

  it("take one at once when the newest is a full interval old, and wait when it is fresh", async () => {
    const { url, folder } = await freshDatabase("demo");
    const stale = path.join(folder, "stale");
    const fresh = path.join(folder, "fresh");
    const hour = 3_600_000;
    await takeSnapshot(url, { folder: stale, everyMs: hour, keep: 7 }, Date.now() - 2 * hour);
    await takeSnapshot(url, { folder: fresh, everyMs: hour, keep: 7 }, Date.now() - 60_000);

    const written: string[] = [];
    const report = {
      done: (result: { file: string }) => written.push(result.file),
      failed: (e: unknown) => {
        throw e;
      },
    };
    const schedules = [
      startScheduledBackups(url, { folder: stale, everyMs: hour, keep: 7 }, report),
      startScheduledBackups(url, { folder: fresh, everyMs: hour, keep: 7 }, report),
    ];
    const started = Date.now();
    while (written.length === 0 && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    for (const schedule of schedules) schedule.stop();
    expect(written.map((file) => path.dirname(file))).toEqual([stale]);
    expect(snapshotsIn(stale)).toHaveLength(2);
    expect(snapshotsIn(fresh)).toHaveLength(1);
  });
});
