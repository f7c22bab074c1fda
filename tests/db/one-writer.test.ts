/**
 * One writer per embedded database file, with real processes: the server as `npm start` runs it
 * (the production build, `tsx app/server/main.ts`), a second server on the same file, the
 * scripts that write, and a server killed without a chance to clean up.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lockFileOf, type LockHolder } from "~/server/database-lock";
import { freshDatabase } from "../support/db";

const TSX = path.resolve("node_modules/.bin/tsx");

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(args: string[], env: Record<string, string>): Running {
  let output = "";
  const child = spawn(TSX, args, {
    env: {
      ...process.env,
      NODE_ENV: "production",
      SESSION_SECRET: "one-writer-test-secret",
      BACKUP_DIR: "",
      SMTP_URL: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts the server on `url` and waits until it answers. */
async function startServer(url: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const server = run(["app/server/main.ts"], { DATABASE_URL: url, PORT: String(port), HOST: "127.0.0.1", ...env });
  const started = Date.now();
  while (!server.output().includes("Frontline is serving")) {
    const ended = await Promise.race([server.exited, new Promise((r) => setTimeout(() => r("waiting"), 50))]);
    if (ended !== "waiting") throw new Error(`The server ended (${ended}) before serving:\n${server.output()}`);
    if (Date.now() - started > 30_000) throw new Error(`The server did not start:\n${server.output()}`);
  }
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    server.child.kill(signal);
    return server.exited;
  };
  return { ...server, port, origin: `http://127.0.0.1:${port}`, stop };
}

const answers = async (origin: string) => (await fetch(`${origin}/login`)).status;
const holderOf = (file: string) => JSON.parse(readFileSync(lockFileOf(file), "utf8")) as LockHolder;

describe("one writer per embedded database file", () => {
  it("refuses a second server and the scripts while the first serves, and lets go when it stops", async () => {
    const { url, folder } = await freshDatabase("demo");
    const file = path.join(realpathSync(folder), "frontline.db");
    const first = await startServer(url);
    const holder = holderOf(file);
    try {
      expect(await answers(first.origin)).toBe(200);
      expect(holder.command).toBe("the Frontline server");
      expect(statSync(lockFileOf(file)).mode & 0o777).toBe(0o600);

      // A second server and every script that writes, all at once.
      const second = run(["app/server/main.ts"], {
        DATABASE_URL: url,
        PORT: String(await freePort()),
        HOST: "127.0.0.1",
      });
      const scripts = ["db/migrate.ts", "db/setup.ts", "db/seed.ts"].map((script) => ({
        script,
        ...run([script], { DATABASE_URL: url }),
      }));
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(
        `The database ${file} is in use by the Frontline server (process ${holder.pid} on ${holder.host}, since ${holder.since}).`,
      );
      expect(second.output()).toContain("use a libSQL server (sqld or Turso): DATABASE_URL=libsql://");
      expect(second.output()).not.toContain("Frontline is serving");
      for (const { script, exited, output } of scripts) {
        expect(await exited, script).toBe(1);
        expect(output(), script).toContain(`in use by the Frontline server (process ${holder.pid}`);
      }

      // The first one never noticed.
      expect(await answers(first.origin)).toBe(200);
      expect(holderOf(file).pid).toBe(holder.pid);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    expect(existsSync(lockFileOf(file))).toBe(false);

    const next = await startServer(url);
    expect(await answers(next.origin)).toBe(200);
    expect(holderOf(file).pid).not.toBe(holder.pid);
    await next.stop();
  }, 120_000);

  it("takes over the lock of a server that was killed, and runs the scripts once none serves", async () => {
    const { url, folder } = await freshDatabase("demo");
    const file = path.join(realpathSync(folder), "frontline.db");
    const killed = await startServer(url);
    const holder = holderOf(file);
    // SIGKILL to the server itself: no exit handler runs, the lock file stays behind.
    process.kill(holder.pid, "SIGKILL");
    await killed.exited;
    expect(holderOf(file).pid).toBe(holder.pid);

    const migrate = run(["db/migrate.ts"], { DATABASE_URL: url });
    expect(await migrate.exited).toBe(0);
    expect(existsSync(lockFileOf(file))).toBe(false);

    const next = await startServer(url);
    try {
      expect(await answers(next.origin)).toBe(200);
      expect(holderOf(file).pid).not.toBe(holder.pid);
    } finally {
      await next.stop();
    }
  }, 120_000);

  it("takes scheduled snapshots into BACKUP_DIR while serving", async () => {
    const { url, folder } = await freshDatabase("demo");
    const backups = path.join(folder, "backups");
    const server = await startServer(url, { BACKUP_DIR: backups, BACKUP_EVERY_HOURS: "24", BACKUP_KEEP: "3" });
    try {
      const started = Date.now();
      while (!server.output().includes("Backup written") && Date.now() - started < 10_000)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(server.output()).toContain(`Backups go to ${backups} every 24 h; the newest 3 are kept.`);
      const [snapshot] = readdirSync(backups);
      expect(snapshot).toMatch(/^frontline-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.db$/);
      expect(statSync(backups).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(backups, snapshot)).mode & 0o777).toBe(0o600);
      expect(await answers(server.origin)).toBe(200);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it("refuses to start on a bad backup setting, saying which", async () => {
    const { url } = await freshDatabase();
    const refused = run(["app/server/main.ts"], {
      DATABASE_URL: url,
      PORT: String(await freePort()),
      BACKUP_DIR: "backups",
      BACKUP_KEEP: "none",
    });
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain('BACKUP_KEEP must be a whole number of snapshots, at least 1, not "none".');
  }, 60_000);
});
