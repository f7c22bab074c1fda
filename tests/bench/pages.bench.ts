/**
 * Every main page at company scale, through the production server: `npm run bench:pages`
 * (tsx tests/bench/pages.bench.ts).
 *
 * For the 10,000-person company (`--people 10000 --sessions 5000`), and with `--large` the
 * 50,000-person one as well (`--people 50000 --sessions 20000`), it
 *
 * 1. builds a fresh database in a temp folder with the real migrations and the demo generator
 *    (`seedDemoCompany`), timed on its own;
 * 2. finds the people to sign in as: the demo employee, host and admin, and the manager with the
 *    most reports, direct and indirect, who is given the demo password (only the demo accounts
 *    have one);
 * 3. builds the app (npm run build) and starts the production server as `npm start` does
 *    on that database in a process of its own, so its memory is its own;
 * 4. waits for the server to write and deliver the mail the new company has due (its first
 *    minute's reminders run in the background and would otherwise be timed with the pages);
 *    signs in as each of them, makes the manager's plan once through the planner's form (timed),
 *    asks for every page 40 times to warm the server up, and then for every page, the plan's
 *    review among them, takes the median of 20 requests one after another (each followed by one
 *    of `/login`, whose median is taken too), then loads it with
 *    autocannon at 32 connections for 10 s, and reads the HTML bytes;
 *    each page's throughput is also shown as a share of `/login`'s, measured in the same run in
 *    turns with the page (three turns: the page for a third of its time, each after `/login` for
 *    half as long): a machine whose speed drifts during the run (other
 *    work on the host) then slows a page and its yardstick alike, instead of one page being
 *    compared with a `/login` measured in a faster or slower minute.
 *    The server's resident memory is sampled every 100 ms: its peak, and what is left at the end;
 * 5. marks each page "met" or says which target it missed: at most 300 KB of HTML, `/team` under
 *    100 ms median, no failed answers, the server under 300 MB after the run; on the 10k company
 *    at least 50 % of `/login`'s throughput, and on the 50k company each page within 2× of its
 *    10k figures (its median and its share of `/login`, both against `/login` measured beside
 *    the page).
 *
 *   npx tsx tests/bench/pages.bench.ts                         the 10k company, every page
 *   npx tsx tests/bench/pages.bench.ts --large                 then the 50k company as well
 *   npx tsx tests/bench/pages.bench.ts --pages /team,/sessions some pages (and /login, the yardstick)
 *   npx tsx tests/bench/pages.bench.ts --seconds 3             shorter loads
 *   npx tsx tests/bench/pages.bench.ts --seed 7                another company of the same size
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { and, asc, count, desc, eq, gt, sql } from "drizzle-orm";
import { migrateDatabase, openDatabase, schema, type Db } from "~/db.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoCompany, type SeedSummary } from "../../db/seed";

/** The demo generator's seed: another one builds another company of the same size and shape. */
const DEFAULT_SEED = 1;
/** Stands for the address of the plan the manager makes once the server is up (`/planner?plan=N`). */
const PLAN_REVIEW = "/planner?plan=(made)";
/** The issue's targets on the 10,000-person company. */
const TARGETS = {
  shareOfLogin: 0.5,
  htmlBytes: 300 * 1024,
  teamMedianMs: 100,
  rssAfterMb: 300,
  /** On the 50,000-person company, each page's median within this factor of its 10k figure. */
  largeFactor: 2,
};
const CONNECTIONS = 32;
const SEQUENTIAL = 20;
const WARM_UP = 40;
const SAMPLE_MS = 100;

interface Company {
  people: number;
  sessions: number;
}

const COMPANIES: Company[] = [
  { people: 10_000, sessions: 5_000 },
  { people: 50_000, sessions: 20_000 },
];

type Viewer = "nobody" | "employee" | "host" | "manager" | "admin";

interface Page {
  path: string;
  viewer: Viewer;
}

/** The people a run signs in as, and the ids its pages need. */
interface Cast {
  emails: Record<Exclude<Viewer, "nobody">, string>;
  managerName: string;
  managerReports: number;
  reportId: number;
  sessionId: number;
  /** The Monday (yyyy-mm-dd) of the upcoming week with the most sessions. */
  busiestWeek: string;
}

const pagesFor = (cast: Cast): Page[] => [
  { path: "/login", viewer: "nobody" },
  { path: "/", viewer: "employee" },
  { path: "/sessions", viewer: "employee" },
  { path: "/sessions?view=week", viewer: "employee" },
  { path: `/sessions?view=week&week=${cast.busiestWeek}`, viewer: "employee" },
  { path: `/sessions/${cast.sessionId}`, viewer: "employee" },
  { path: "/progress", viewer: "employee" },
  { path: "/calendar", viewer: "employee" },
  { path: "/hosting", viewer: "host" },
  { path: "/team", viewer: "manager" },
  { path: `/team/${cast.reportId}`, viewer: "manager" },
  { path: `/team/overdue`, viewer: "manager" },
  { path: "/planner", viewer: "manager" },
  { path: PLAN_REVIEW, viewer: "manager" },
  { path: `${PLAN_REVIEW}&group=person`, viewer: "manager" },
  { path: `${PLAN_REVIEW}&group=unplaced`, viewer: "manager" },
  { path: "/admin", viewer: "admin" },
  { path: "/admin/people", viewer: "admin" },
  { path: "/admin/audit", viewer: "admin" },
  { path: "/admin/outbox", viewer: "admin" },
];

interface PageResult {
  page: Page;
  status: number;
  medianMs: number;
  /** `/login`'s median, its requests taken in turns with the page's. */
  loginMedianMs: number;
  bytes: number;
  reqPerSec: number;
  /** `/login`'s throughput, loaded in turns with this page: the page's yardstick. */
  loginReqPerSec: number;
  non2xx: number;
  timeouts: number;
  errors: number;
}

const shareOfLogin = (r: PageResult) => r.reqPerSec / r.loginReqPerSec;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const whole = (n: number) => Math.round(n).toLocaleString("en-US");
const oneDecimal = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const kb = (bytes: number) => `${oneDecimal(bytes / 1024)} KB`;

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i <= 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

// ---- The company ------------------------------------------------------------------------------

async function build(url: string, company: Company, seed: number): Promise<{ summary: SeedSummary; seconds: number }> {
  const started = performance.now();
  const db = openDatabase(url);
  try {
    await migrateDatabase(db);
    // Built around the moment of the run, as `npm run db:seed` does, so the server sees upcoming weeks.
    const summary = await seedDemoCompany(db, { now: Date.now(), seed, ...company });
    return { summary, seconds: (performance.now() - started) / 1000 };
  } finally {
    db.$client.close();
  }
}

/** Everyone's count of reports, direct and indirect, from the manager links alone. */
function reportCounts(links: { id: number; managerId: number | null }[]): Map<number, number> {
  const children = new Map<number, number[]>();
  for (const { id, managerId } of links) {
    if (managerId === null) continue;
    children.set(managerId, [...(children.get(managerId) ?? []), id]);
  }
  const counts = new Map<number, number>();
  // Iterative post-order: a deep chain of managers must not overflow the stack.
  for (const root of links.filter((l) => l.managerId === null).map((l) => l.id)) {
    const stack: [number, boolean][] = [[root, false]];
    while (stack.length > 0) {
      const [id, done] = stack.pop()!;
      const below = children.get(id) ?? [];
      if (done) {
        counts.set(
          id,
          below.reduce((sum, child) => sum + 1 + (counts.get(child) ?? 0), 0),
        );
      } else {
        stack.push([id, true], ...below.map((child): [number, boolean] => [child, false]));
      }
    }
  }
  return counts;
}

async function castOf(db: Db): Promise<Cast> {
  const demo = (label: string) => {
    const account = DEMO_ACCOUNTS.find((a) => a.roleLabel === label);
    if (!account) throw new Error(`The demo company has no "${label}" account.`);
    return account.email;
  };
  const everyone = await db
    .select({ id: schema.people.id, managerId: schema.people.managerId, email: schema.people.email })
    .from(schema.people);
  const counts = reportCounts(everyone);
  const [managerId, managerReports] = [...counts.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
  const manager = await db.query.people.findFirst({ where: eq(schema.people.id, managerId) });
  if (!manager) throw new Error("The largest manager has gone.");
  // Only the demo accounts have a password: the largest manager is given the demo one.
  const admin = await db.query.people.findFirst({ where: eq(schema.people.email, demo("Admin")) });
  await db
    .update(schema.people)
    .set({ passwordHash: admin?.passwordHash ?? null, isManager: true })
    .where(eq(schema.people.id, managerId));
  const report = everyone.find((p) => p.managerId === managerId);
  // The busiest upcoming session: its page lists the most people.
  const [busiest] = await db
    .select({ id: schema.sessions.id, booked: count(schema.bookings.id) })
    .from(schema.sessions)
    .leftJoin(schema.bookings, eq(schema.bookings.sessionId, schema.sessions.id))
    .where(and(eq(schema.sessions.status, "scheduled"), gt(schema.sessions.startsAt, Date.now())))
    .groupBy(schema.sessions.id)
    .orderBy(desc(count(schema.bookings.id)), asc(schema.sessions.id))
    .limit(1);
  if (!report || !busiest) throw new Error("The company has no report or no upcoming session.");
  // This week may be nearly over when the run starts: the busiest upcoming week is measured too.
  const upcoming = await db
    .select({ startsAt: schema.sessions.startsAt })
    .from(schema.sessions)
    .where(gt(schema.sessions.startsAt, Date.now()));
  const weeks = new Map<string, number>();
  for (const { startsAt } of upcoming) {
    const day = new Date(startsAt);
    day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
    const monday = day.toISOString().slice(0, 10);
    weeks.set(monday, (weeks.get(monday) ?? 0) + 1);
  }
  const [busiestWeek] = [...weeks.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
  return {
    emails: { employee: demo("Employee"), host: demo("Host"), manager: manager.email, admin: demo("Admin") },
    managerName: manager.name,
    managerReports,
    reportId: report.id,
    sessionId: busiest.id,
    busiestWeek,
  };
}

// ---- The server -------------------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

interface Server {
  child: ChildProcess;
  origin: string;
  stop: () => Promise<void>;
}

/** The production build of this working tree, made as `npm run build` makes it. */
function buildApp() {
  console.log("Building the app (npm run build)...");
  const built = spawnSync("npm", ["run", "build", "--silent"], { stdio: ["ignore", "ignore", "inherit"] });
  if (built.status !== 0) throw new Error("The app did not build.");
}

async function startServer(url: string): Promise<Server> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // `node --import tsx` rather than `npx tsx`, so the process measured is the server itself.
  // As `npm start` runs it.
  const child = spawn(process.execPath, ["--max-old-space-size=192", "build/app/server/main.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      MALLOC_ARENA_MAX: "2",
      DATABASE_URL: url,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_REQUESTS: "off",
      FRONTLINE_DEMO: "off",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server stopped while starting:\n${output}`);
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`The server did not answer within a minute:\n${output}`);
    }
    try {
      if ((await fetch(`${origin}/login`)).ok) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    child,
    origin,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * Waits for the mail a freshly built company has due: on its first minute the server writes every
 * reminder the seeded data calls for and delivers them in the background. Measuring pages while
 * that backlog runs would time the backlog. Settled: nothing pending, and the outbox unchanged for
 * three seconds.
 */
async function mailSettled(url: string): Promise<{ messages: number; seconds: number }> {
  const started = Date.now();
  const db = openDatabase(url);
  try {
    let last = -1;
    let unchanged = 0;
    for (;;) {
      const [row] = await db
        .select({
          all: count(),
          pending: sql<number>`coalesce(sum(case when ${schema.outboxMessages.state} = 'pending' then 1 else 0 end), 0)`,
        })
        .from(schema.outboxMessages);
      unchanged = row.pending === 0 && row.all === last ? unchanged + 1 : 0;
      if (unchanged >= 3) return { messages: row.all, seconds: (Date.now() - started) / 1000 };
      if (Date.now() - started > 300_000) throw new Error("The server's mail did not settle within five minutes.");
      last = row.all;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  } finally {
    db.$client.close();
  }
}

/** Resident memory of a process from /proc, in MB: now and its peak so far. */
function memoryOf(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) / 1024;
  return { rssMb: field("VmRSS"), hwmMb: field("VmHWM") };
}

async function signIn(origin: string, email: string): Promise<string> {
  const response = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: "/" }),
  });
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]);
  if (response.status !== 302 || cookies.length === 0) {
    throw new Error(`Signing in as ${email} answered ${response.status}, not a redirect with a cookie.`);
  }
  return cookies.join("; ");
}

/** Makes the manager's plan through the planner's form, as they would; its review's address and how long planning took. */
async function makePlan(origin: string, cookie: string): Promise<{ path: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${origin}/planner`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, Cookie: cookie },
    body: new URLSearchParams({ intent: "plan", scope: "team", weeks: "4" }),
  });
  const ms = performance.now() - started;
  const location = response.headers.get("Location");
  if (response.status !== 302 || !location) throw new Error(`Planning answered ${response.status}, not a redirect.`);
  return { path: location, ms };
}

/** A GET, tried once more if the server closed a kept-alive connection just as it was reused. */
async function get(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return await fetch(url, init);
  }
}

/**
 * Waits until the server answers `/login` quickly again: requests that timed out under a load are
 * still being computed after it ends, and would slow the next page's figures.
 */
async function settle(origin: string) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const started = performance.now();
    await (await get(`${origin}/login`)).arrayBuffer();
    if (performance.now() - started < 100) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function warmUp(origin: string, page: Page, cookie: string | undefined) {
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  for (let i = 0; i < WARM_UP; i++)
    await (await get(`${origin}${page.path}`, { headers, redirect: "manual" })).arrayBuffer();
}

/** Throughput of a load of `path` at 32 connections for `seconds`, in requests a second. */
async function load(origin: string, path: string, headers: Record<string, string>, seconds: number) {
  const result = await autocannon({
    url: `${origin}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers,
    timeout: 10,
  });
  await settle(origin);
  return result;
}

/** Turns of `/login` and the page, one after the other, that a page's load is cut into. */
const TURNS = 3;

async function measurePage(origin: string, page: Page, cookie: string | undefined, seconds: number) {
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  const times: number[] = [];
  const loginTimes: number[] = [];
  let status = 0;
  let bytes = 0;
  // One request after another, each followed by one of /login, the yardstick of the median.
  for (let i = 0; i < SEQUENTIAL; i++) {
    const started = performance.now();
    const response = await get(`${origin}${page.path}`, { headers, redirect: "manual" });
    const body = await response.arrayBuffer();
    times.push(performance.now() - started);
    status = response.status;
    bytes = body.byteLength;
    if (page.path === "/login") continue;
    const loginStarted = performance.now();
    await (await get(`${origin}/login`)).arrayBuffer();
    loginTimes.push(performance.now() - loginStarted);
  }
  // The yardstick and the page take turns (half as long for `/login`), so that a machine whose
  // speed drifts slows both alike rather than the one that happened to fall in a slow minute.
  const yardstick = { requests: 0, seconds: 0 };
  const loaded = { requests: 0, seconds: 0, non2xx: 0, timeouts: 0, errors: 0 };
  const turns = page.path === "/login" ? 1 : TURNS;
  for (let turn = 0; turn < turns; turn++) {
    if (page.path !== "/login") {
      const login = await load(origin, "/login", {}, seconds / turns / 2);
      yardstick.requests += login.requests.total;
      yardstick.seconds += login.duration;
    }
    const result = await load(origin, page.path, headers, seconds / turns);
    // Every answer over the load's real length: the per-second samples are coarse on short loads.
    loaded.requests += result.requests.total;
    loaded.seconds += result.duration;
    loaded.non2xx += result.non2xx;
    loaded.timeouts += result.timeouts;
    loaded.errors += result.errors;
  }
  const reqPerSec = loaded.requests / loaded.seconds;
  return {
    page,
    status,
    medianMs: median(times),
    loginMedianMs: median(loginTimes.length > 0 ? loginTimes : times),
    bytes,
    reqPerSec,
    loginReqPerSec: yardstick.seconds > 0 ? yardstick.requests / yardstick.seconds : reqPerSec,
    non2xx: loaded.non2xx,
    timeouts: loaded.timeouts,
    errors: loaded.errors,
  } satisfies PageResult;
}

// ---- One company -------------------------------------------------------------------------------

interface CompanyRun {
  results: PageResult[];
  rssAfterMb: number;
}

/** What a page misses of the targets; `smaller` is the same page on the 10k company, when this is the 50k one. */
/**
 * A page's median in medians of `/login` taken beside it: the 50k company's median is held to its
 * 10k one this way, as its throughput is, so a minute in which the machine ran slower for
 * everything does not count against the page.
 */
function relativeMedian(r: PageResult): number {
  return Math.max(r.medianMs, 1) / Math.max(r.loginMedianMs, 1);
}

function missedTargets(r: PageResult, smaller: PageResult | undefined): string[] {
  const missed: string[] = [];
  // The share of /login is a target of the 10k company; the 50k one is held to its 10k figures.
  if (!smaller && shareOfLogin(r) < TARGETS.shareOfLogin) missed.push("req/s < 50 %");
  if (r.bytes > TARGETS.htmlBytes) missed.push("HTML > 300 KB");
  if (r.page.path === "/team" && r.medianMs >= TARGETS.teamMedianMs) missed.push("median ≥ 100 ms");
  if (r.status !== 200) missed.push(`status ${r.status}`);
  if (r.non2xx + r.timeouts + r.errors > 0) missed.push("failed answers");
  if (smaller && relativeMedian(r) > TARGETS.largeFactor * relativeMedian(smaller)) missed.push("median > 2× 10k");
  if (smaller && shareOfLogin(r) < shareOfLogin(smaller) / TARGETS.largeFactor)
    missed.push("share of /login < ½ of 10k");
  return missed;
}

async function runCompany(
  company: Company,
  only: string[] | undefined,
  seconds: number,
  seed: number,
  smaller: CompanyRun | undefined,
): Promise<CompanyRun> {
  const folder = mkdtempSync(path.join(os.tmpdir(), "frontline-pages-bench-"));
  const url = `file:${path.join(folder, "frontline.db")}`;
  try {
    console.log(`\n== ${whole(company.people)} people, ${whole(company.sessions)} sessions (seed ${seed}) ==`);
    const built = await build(url, company, seed);
    const db = openDatabase(url);
    let cast: Cast;
    try {
      cast = await castOf(db);
    } finally {
      db.$client.close();
    }
    console.log(
      `Seeded in ${oneDecimal(built.seconds)} s: ${whole(built.summary.people)} people, ` +
        `${whole(built.summary.sessions)} sessions, ${whole(built.summary.bookings)} bookings.`,
    );
    console.log(
      `Signed in as: employee ${cast.emails.employee}, host ${cast.emails.host}, ` +
        `admin ${cast.emails.admin}, manager ${cast.managerName} <${cast.emails.manager}> ` +
        `with ${whole(cast.managerReports)} reports.`,
    );

    const pages = pagesFor(cast).filter(
      (p) => p.path === "/login" || !only || only.some((o) => p.path === o || p.path.split("?")[0] === o),
    );
    const server = await startServer(url);
    const pid = server.child.pid!;
    const settled = await mailSettled(url);
    console.log(
      `  The server wrote and delivered the mail the company had due (${whole(settled.messages)} messages) ` +
        `in ${oneDecimal(settled.seconds)} s; measuring starts after it.`,
    );
    let peakMb = 0;
    const sampler = setInterval(() => {
      try {
        peakMb = Math.max(peakMb, memoryOf(pid).rssMb);
      } catch {
        // The server has stopped.
      }
    }, SAMPLE_MS);
    const results: PageResult[] = [];
    let after: { rssMb: number; hwmMb: number };
    try {
      const startMb = memoryOf(pid).rssMb;
      const cookies = new Map<Viewer, string>();
      for (const viewer of ["employee", "host", "manager", "admin"] as const) {
        cookies.set(viewer, await signIn(server.origin, cast.emails[viewer]));
      }
      const planned = await makePlan(server.origin, cookies.get("manager")!);
      console.log(`  Planning for the manager's team (POST /planner): ${whole(planned.ms)} ms → ${planned.path}`);
      const measured = pages.map((listed) => ({ ...listed, path: listed.path.replace(PLAN_REVIEW, planned.path) }));
      // Every page is asked for a while first, so no page (least of all /login, measured first) is
      // timed while the server's code is still being compiled.
      for (const page of measured) await warmUp(server.origin, page, cookies.get(page.viewer));
      for (const page of measured) {
        const result = await measurePage(server.origin, page, cookies.get(page.viewer), seconds);
        results.push(result);
        console.log(
          `  ${page.path}: ${whole(result.medianMs)} ms, ${oneDecimal(result.reqPerSec)} req/s ` +
            `(/login in turns with it: ${oneDecimal(result.loginReqPerSec)}), ${kb(result.bytes)}, ` +
            `server ${whole(memoryOf(pid).rssMb)} MB`,
        );
      }
      after = memoryOf(pid);
      peakMb = Math.max(peakMb, after.hwmMb);
      console.log(`Server memory at start: ${whole(startMb)} MB.`);
    } finally {
      clearInterval(sampler);
      await server.stop();
    }

    console.log();
    console.log(
      table(
        [
          "page",
          "as",
          "status",
          "median",
          "/login median",
          "req/s",
          "/login, in turns",
          "% of /login",
          "non-2xx",
          "timeouts",
          "errors",
          "HTML",
          "target",
        ],
        results.map((r, i) => {
          const missed = missedTargets(r, smaller?.results[i]);
          return [
            r.page.path,
            r.page.viewer,
            String(r.status),
            `${oneDecimal(r.medianMs)} ms`,
            `${oneDecimal(r.loginMedianMs)} ms`,
            oneDecimal(r.reqPerSec),
            oneDecimal(r.loginReqPerSec),
            `${whole(100 * shareOfLogin(r))} %`,
            whole(r.non2xx),
            whole(r.timeouts),
            whole(r.errors),
            kb(r.bytes),
            missed.length === 0 ? "met" : `MISSED: ${missed.join(", ")}`,
          ];
        }),
      ),
    );
    const rssMet = after.rssMb < TARGETS.rssAfterMb ? "met" : "MISSED";
    console.log(
      `\nServer RSS: peak ${whole(peakMb)} MB, after the run ${whole(after.rssMb)} MB ` +
        `(target < ${TARGETS.rssAfterMb} MB after the run: ${rssMet}; seeded in ${oneDecimal(built.seconds)} s; ` +
        `load ${seconds} s a page at ${CONNECTIONS} connections).`,
    );
    const missedPages = results.filter((r, i) => missedTargets(r, smaller?.results[i]).length > 0).length;
    console.log(
      missedPages === 0 && rssMet === "met"
        ? "Every target met."
        : `Targets missed: ${missedPages} page${missedPages === 1 ? "" : "s"}${rssMet === "met" ? "" : ", server memory"}.`,
    );
    return { results, rssAfterMb: after.rssMb };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      large: { type: "boolean", default: false },
      pages: { type: "string" },
      seconds: { type: "string", default: "10" },
      seed: { type: "string", default: String(DEFAULT_SEED) },
    },
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new Error("--seed must be a whole number.");
  const seconds = Number(values.seconds);
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error("--seconds must be a whole number of seconds.");
  const only = values.pages?.split(",").map((p) => p.trim());
  const companies = values.large ? COMPANIES : COMPANIES.slice(0, 1);

  console.log("Page benchmark: the production server on the demo company at scale.");
  console.log(
    `Companies: ${companies.map((c) => `${whole(c.people)} people`).join(", ")}` +
      (values.large ? "." : " (add --large for 50,000 people as well; it takes longer)."),
  );
  console.log(
    `Each page: median of ${SEQUENTIAL} requests one after another (each followed by one of /login), ` +
      `then ${CONNECTIONS} connections ` +
      `for ${seconds} s (autocannon). Node ${process.version}, ${os.cpus().length} CPUs, ` +
      `load ${os.loadavg()[0].toFixed(2)}.`,
  );

  buildApp();
  let smaller: CompanyRun | undefined;
  for (const company of companies) smaller = await runCompany(company, only, seconds, seed, smaller);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
