/**
 * The planner at company scale, on the demo company: `npm run bench:planner`
 * (tsx tests/bench/planner.bench.ts).
 *
 * For 1,000, 10,000 and 50,000 people with 200 to 10,000 sessions in the four upcoming weeks (two
 * open assignments per person: 100,000 at the top; 30% of the upcoming seats already booked), and
 * once more at 10,000 × 2,000 with every upcoming session's seats tripled, each case
 *
 * 1. builds a fresh database file in a temp folder with the real migrations and the demo
 *    generator (`seedDemoCompany` with `upcomingSessions`, `openAssignments`, `bookingFill`; the
 *    ×3 case then multiplies the seats of the upcoming sessions by three), timed on its own and
 *    not part of the planner's figures;
 * 2. in a child process of its own, so that its peak RSS is its own and nothing of the build is
 *    in it, loads everyone's input (`loadPlannerInput(db, { kind: "everyone" }, { now,
 *    horizonDays: 28 })`) and plans it (`planPairings`): one warm-up run, then the median of three
 *    of each step.
 *
 * Then, for comparison, the exact yardsticks of the tests on the sizes they can handle: exhaustive
 * search over every plan on a few hundred instances of up to 8 people and 6 sessions, and HiGHS
 * solving the MILP level by level on a company of 200 people and 40 sessions.
 *
 *   npx tsx tests/bench/planner.bench.ts                    every case, then the yardsticks
 *   npx tsx tests/bench/planner.bench.ts --case 10000x2000  one case (people x sessions), no yardsticks
 *   npx tsx tests/bench/planner.bench.ts --case 10000x2000x3  the same with seats tripled
 *   npx tsx tests/bench/planner.bench.ts --quick            every case, no yardsticks
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrateDatabase, openDatabase } from "~/db.server";
import {
  planPairings,
  planSummary,
  type PlannerInput,
  type PlannerResult,
  type PlanObjective,
  type UnplacedCode,
} from "~/domain/planner";
import { loadPlannerInput } from "~/models/planner.server";
import { seedDemoCompany, type SeedSummary } from "../../db/seed";
import { syntheticCompany, tinyInstance } from "./planner-instances";
import { milpOptimum } from "./planner-milp";
import { exhaustiveOptimum } from "./planner-reference";

/** Monday 2 March 2026, 06:00 UTC: the company is built around this instant and planned at it. */
const NOW = Date.UTC(2026, 2, 2, 6, 0);
const SEED = 1;
const HORIZON_DAYS = 28;
const BOOKING_FILL = 0.3;
const OPEN_PER_PERSON = 2;
const MEASURED_RUNS = 3;

interface Case {
  people: number;
  sessions: number;
  /** Multiplies the seats of every upcoming session after the company is built. */
  seatFactor: number;
  /** The time (load and plan) and peak memory the case should stay under. */
  targetMs: number;
  targetRssMb: number;
}

const CASES: Case[] = [
  { people: 1_000, sessions: 200, seatFactor: 1, targetMs: 1_000, targetRssMb: 600 },
  { people: 1_000, sessions: 2_000, seatFactor: 1, targetMs: 1_000, targetRssMb: 600 },
  { people: 10_000, sessions: 200, seatFactor: 1, targetMs: 1_000, targetRssMb: 600 },
  { people: 10_000, sessions: 2_000, seatFactor: 1, targetMs: 1_000, targetRssMb: 600 },
  { people: 10_000, sessions: 2_000, seatFactor: 3, targetMs: 1_000, targetRssMb: 600 },
  { people: 50_000, sessions: 10_000, seatFactor: 1, targetMs: 3_000, targetRssMb: 600 },
];

const caseName = (c: Case) =>
  `${whole(c.people)} × ${whole(c.sessions)}${c.seatFactor === 1 ? "" : ` (seats ×${c.seatFactor})`}`;

/** What the child process reports for one case. */
interface Measurement {
  inputPeople: number;
  openAssignments: number;
  needs: number;
  sessions: number;
  seatsLeft: number;
  eligiblePairs: number;
  groups: number;
  arcs: number;
  pivots: number;
  placed: number;
  overduePlaced: number;
  notPlaced: Partial<Record<UnplacedCode, number>>;
  coldLoadMs: number;
  coldPlanMs: number;
  loadMs: number;
  planMs: number;
  totalMs: number;
  startRssMb: number;
  peakRssMb: number;
  heapUsedMb: number;
}

interface Built {
  summary: SeedSummary;
  buildMs: number;
  fileMb: number;
}

const mb = (bytes: number) => bytes / 1_048_576;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const whole = (n: number) => Math.round(n).toLocaleString("en-US");
const oneDecimal = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");

// ---- One case, in the child process ------------------------------------------------------------

async function measure(url: string): Promise<Measurement> {
  const startRss = process.memoryUsage().rss;
  const db = openDatabase(url);
  const loads: number[] = [];
  const plans: number[] = [];
  const totals: number[] = [];
  let heapUsed = 0;
  let input: PlannerInput | undefined;
  let result: PlannerResult | undefined;
  try {
    for (let run = 0; run <= MEASURED_RUNS; run++) {
      // Drop the previous run's data first, so two runs' data are never alive at once.
      input = undefined;
      result = undefined;
      const started = performance.now();
      input = await loadPlannerInput(db, { kind: "everyone" }, { now: NOW, horizonDays: HORIZON_DAYS });
      const loaded = performance.now();
      result = planPairings(input);
      const planned = performance.now();
      heapUsed = Math.max(heapUsed, process.memoryUsage().heapUsed);
      loads.push(loaded - started);
      plans.push(planned - loaded);
      totals.push(planned - started);
    }
  } finally {
    db.$client.close();
  }
  if (!input || !result) throw new Error("The case did not run.");
  const summary = planSummary(result);
  return {
    inputPeople: input.people.length,
    openAssignments: input.assignments.length,
    needs: input.assignments.filter((a) => a.remaining > 0).length,
    sessions: input.sessions.length,
    seatsLeft: input.sessions.reduce((sum, s) => sum + s.seatsLeft, 0),
    eligiblePairs: result.diagnostics.eligiblePairs,
    groups: result.diagnostics.groups,
    arcs: result.diagnostics.networkArcs,
    pivots: result.diagnostics.pivots,
    placed: summary.placed,
    overduePlaced: summary.overduePlaced,
    notPlaced: summary.notPlaced,
    coldLoadMs: loads[0],
    coldPlanMs: plans[0],
    loadMs: median(loads.slice(1)),
    planMs: median(plans.slice(1)),
    totalMs: median(totals.slice(1)),
    startRssMb: mb(startRss),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapUsedMb: mb(heapUsed),
  };
}

// ---- The cases, from the parent --------------------------------------------------------------

async function build(url: string, size: Case): Promise<Built> {
  const started = performance.now();
  const db = openDatabase(url);
  try {
    await migrateDatabase(db);
    const summary = await seedDemoCompany(db, {
      now: NOW,
      seed: SEED,
      people: size.people,
      upcomingSessions: size.sessions,
      openAssignments: OPEN_PER_PERSON * size.people,
      bookingFill: BOOKING_FILL,
    });
    if (size.seatFactor !== 1) {
      await db.$client.execute({
        sql: "update sessions set seats = min(seats * ?, 500) where status = 'scheduled' and starts_at > ?",
        args: [size.seatFactor, NOW],
      });
    }
    return { summary, buildMs: performance.now() - started, fileMb: 0 };
  } finally {
    db.$client.close();
  }
}

function measureInChild(url: string): Measurement {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--measure", url], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`The measuring process failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as Measurement;
}

async function runCase(size: Case): Promise<{ size: Case; built: Built; m: Measurement }> {
  const folder = mkdtempSync(path.join(os.tmpdir(), "frontline-planner-bench-"));
  const file = path.join(folder, "frontline.db");
  const url = `file:${file}`;
  try {
    const built = await build(url, size);
    // WAL mode: much of a fresh database still sits in the -wal file.
    built.fileMb = mb(statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0));
    const m = measureInChild(url);
    console.log(
      `  ${caseName(size)}: built in ${(built.buildMs / 1000).toFixed(1)} s, loaded and planned in ${whole(m.totalMs)} ms (load average ${loadAverage()})`,
    );
    return { size, built, m };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function report(results: Array<{ size: Case; built: Built; m: Measurement }>): void {
  console.log(
    `\nThe planner on the demo company (seed ${SEED}, planned at ${new Date(NOW).toISOString()}, ${HORIZON_DAYS}-day horizon, ` +
      `${BOOKING_FILL * 100}% of upcoming seats booked; median of ${MEASURED_RUNS} after a warm-up; each case in its own process)\n`,
  );
  console.log(
    table(
      [
        "people × sessions",
        "open assignments",
        "eligible pairs",
        "pivots",
        "load ms",
        "plan ms",
        "total ms",
        "peak RSS MB",
        "heap used MB",
        "placed",
        "overdue placed",
        "total < target",
        "RSS < target",
      ],
      results.map(({ size, m }) => [
        caseName(size),
        whole(m.openAssignments),
        whole(m.eligiblePairs),
        whole(m.pivots),
        whole(m.loadMs),
        whole(m.planMs),
        whole(m.totalMs),
        whole(m.peakRssMb),
        whole(m.heapUsedMb),
        whole(m.placed),
        whole(m.overduePlaced),
        `${m.totalMs < size.targetMs ? "yes" : "NO"} (${whole(size.targetMs)} ms)`,
        `${m.peakRssMb < size.targetRssMb ? "yes" : "NO"} (${whole(size.targetRssMb)} MB)`,
      ]),
    ),
  );
  console.log(
    "\npeak RSS: the measuring process's maxRSS,\n" +
      "including Node, tsx and the libSQL client (its RSS before loading is below). heap used: the largest heapUsed right after\n" +
      "planning, with that run's input and result alive. overdue placed: proposals that serve an overdue assignment.\n",
  );
  console.log(
    table(
      [
        "people × sessions",
        "build s",
        "db MB",
        "bookings",
        "people in input",
        "needs",
        "sessions offered",
        "seats left",
        "groups",
        "arcs",
        "cold load ms",
        "cold plan ms",
        "RSS before MB",
      ],
      results.map(({ size, built, m }) => [
        caseName(size),
        oneDecimal(built.buildMs / 1000),
        whole(built.fileMb),
        whole(built.summary.bookings),
        whole(m.inputPeople),
        whole(m.needs),
        whole(m.sessions),
        whole(m.seatsLeft),
        whole(m.groups),
        whole(m.arcs),
        whole(m.coldLoadMs),
        whole(m.coldPlanMs),
        whole(m.startRssMb),
      ]),
    ),
  );
  const codes = [...new Set(results.flatMap(({ m }) => Object.keys(m.notPlaced)))].sort() as UnplacedCode[];
  console.log("\nPeople not placed, by reason:\n");
  console.log(
    table(
      ["people × sessions", ...codes],
      results.map(({ size, m }) => [caseName(size), ...codes.map((c) => whole(m.notPlaced[c] ?? 0))]),
    ),
  );
  console.log(
    "\nbuild: migrations and the demo generator into a fresh file, not part of the planner's time. needs: open assignments that still\n" +
      "need a session after evidence and bookings ahead. pivots: network simplex pivots of the last run.",
  );
}

// ---- The yardsticks --------------------------------------------------------------------------

const sameObjective = (a: PlanObjective, b: PlanObjective) =>
  a.placed === b.placed && a.urgency === b.urgency && a.hostLoad === b.hostLoad && a.earliness === b.earliness;

async function yardsticks(): Promise<void> {
  const rows: string[][] = [];
  const instances = 400;
  let exhaustiveMs = 0;
  let plannerMs = 0;
  let differing = 0;
  const tiny = Array.from({ length: instances }, (_, i) =>
    tinyInstance(i + 1, { people: 1 + ((i + 1) % 8), sessions: 1 + (((i + 1) >> 3) % 6) }),
  );
  // One untimed pass first, so neither side pays for compiling its code.
  for (const input of tiny) {
    exhaustiveOptimum(input);
    planPairings(input);
  }
  for (const input of tiny) {
    let started = performance.now();
    const best = exhaustiveOptimum(input);
    exhaustiveMs += performance.now() - started;
    started = performance.now();
    const result = planPairings(input);
    plannerMs += performance.now() - started;
    if (!sameObjective(best, result.objective)) differing++;
  }
  rows.push([
    `exhaustive search, ${instances} instances of ≤ 8 people and ≤ 6 sessions (sum)`,
    whole(exhaustiveMs),
    oneDecimal(plannerMs),
    differing === 0 ? "equal" : `${differing} DIFFERENT`,
  ]);

  const company = syntheticCompany({ people: 200, sessions: 40, assignments: 400, seed: 11 });
  // Loads the HiGHS module, outside the timing.
  await milpOptimum(tiny[tiny.length - 1]);
  let started = performance.now();
  const best = await milpOptimum(company);
  const milpMs = performance.now() - started;
  started = performance.now();
  const result = planPairings(company);
  const ms = performance.now() - started;
  rows.push([
    `HiGHS MILP, level by level, 200 people and 40 sessions (${whole(result.diagnostics.eligiblePairs)} eligible pairs)`,
    whole(milpMs),
    oneDecimal(ms),
    sameObjective(best, result.objective) ? "equal" : "DIFFERENT",
  ]);

  console.log(
    "\nFor comparison: the exact yardsticks of the tests on the sizes they can handle (synthetic instances)\n",
  );
  console.log(table(["check", "yardstick ms", "planner ms", "objective"], rows));
}

// ---- Main ------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const measuring = args.indexOf("--measure");
  if (measuring >= 0) {
    console.log(JSON.stringify(await measure(args[measuring + 1])));
    return;
  }

  const only = args.indexOf("--case");
  let cases = CASES;
  if (only >= 0) {
    const [people, sessions, seatFactor = 1] = (args[only + 1] ?? "").split("x").map(Number);
    if (!Number.isInteger(people) || !Number.isInteger(sessions) || !Number.isInteger(seatFactor)) {
      throw new Error("--case takes people x sessions [x seat factor], for example --case 10000x2000x3.");
    }
    const known = CASES.find((c) => c.people === people && c.sessions === sessions && c.seatFactor === seatFactor);
    cases = [known ?? { people, sessions, seatFactor, targetMs: 3_000, targetRssMb: 600 }];
  }

  console.log(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${whole(mb(os.totalmem()))} MB, Node ${process.version}; ` +
      `load average (1 / 5 / 15 min) at the start: ${loadAverage()}`,
  );
  console.log("Building and measuring each case…");
  const results = [];
  for (const size of cases) results.push(await runCase(size));
  report(results);
  if (only < 0 && !args.includes("--quick")) await yardsticks();
  console.log(`\nLoad average at the end: ${loadAverage()}`);
}

await main();
