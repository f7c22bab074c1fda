/**
 * The demo company, Northwind Energy: a living company for a first visit, and the same company
 * at any size for benchmarks.
 *
 *   npm run db:seed -- [--people 80] [--sessions 120] [--seed 1] [--url file:./data/frontline.db] [--force]
 *
 * At planning scale, for benchmarks of the planner (see tests/bench/planner.bench.ts):
 *
 *   npm run db:seed -- --people 10000 --upcoming-sessions 2000 --open-assignments 20000 --booking-fill 0.3
 *
 * The company is planned in memory (db/demo/company.ts): the plan says who tries what, and the
 * app's own booking and completion rules decide every booking, attendance, reflection and
 * completion. The rows are written in one write transaction, so a failed seed leaves the database
 * as empty as it was. The audit log starts with one entry: the company's creation.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { count, getTableColumns } from "drizzle-orm";
import type { SQLiteInsertValue, SQLiteTable } from "drizzle-orm/sqlite-core";
import { hashPassword } from "../app/auth/password.server";
import { databaseUrl, migrateDatabase, openDatabase, schema, type Db, type Tx } from "../app/db.server";
import { recordAudit } from "../app/models/audit.server";
import { takeDatabaseLockOrExit } from "../app/server/database-lock";
import { DEMO_SETTING, type DemoAccounts } from "../app/models/company.server";
import { COMPANY_NAME, DEMO_PEOPLE } from "./demo/content";
import { DEFAULT_PEOPLE, DEFAULT_SEED, planDemoCompany } from "./demo/company";
import { seedDemoMail } from "./demo/mail";

export const DEMO_PASSWORD = "frontline-demo";

export interface DemoAccount {
  email: string;
  name: string;
  roleLabel: string;
  description: string;
}

/** Accounts a newcomer can sign in with, all with DEMO_PASSWORD; nobody else in the company has a password. */
export const DEMO_ACCOUNTS: DemoAccount[] = DEMO_PEOPLE.map(({ email, name, roleLabel, description }) => ({
  email,
  name,
  roleLabel,
  description,
}));

export interface SeedOptions {
  /** The instant the company is built around: two weeks of history before it, four weeks ahead. */
  now: number;
  /** Same seed and same `now` give the same rows (the demo accounts' salted password hash aside). */
  seed?: number;
  /** Headcount, at least 40; 80 by default. */
  people?: number;
  /** Sessions over the six weeks; one and a half per person by default. */
  sessions?: number;
  /** Sessions in the four upcoming weeks, exactly (then `sessions` defaults to half as many again). */
  upcomingSessions?: number;
  /** Open assignments in the finished company, exactly; added over the back office as needed. */
  openAssignments?: number;
  /** Share (0–1) of the upcoming sessions' seats that end up booked. */
  bookingFill?: number;
}

export interface SeedSummary {
  departments: number;
  people: number;
  modules: number;
  series: number;
  sessions: number;
  bookings: number;
  assignments: number;
  completions: number;
  /** Messages in the outbox: what the company's last week would have sent. */
  messages: number;
}

/** Fills an empty, migrated database with the demo company. */
export async function seedDemoCompany(db: Db, options: SeedOptions): Promise<SeedSummary> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const company = planDemoCompany({ ...options, passwordHash });
  const summary: SeedSummary = {
    departments: company.departments.length,
    people: company.people.length,
    modules: company.serviceModules.length,
    series: company.sessionSeries.length,
    sessions: company.sessions.length,
    bookings: company.bookings.length,
    assignments: company.assignments.length,
    completions: company.completions.length,
    messages: 0,
  };
  await db.write(async (tx) => {
    if (await holdsPeople(tx)) throw new Error("The demo company can only be added to an empty database.");
    await insertAll(tx, schema.departments, company.departments);
    await insertAll(tx, schema.people, company.people);
    await insertAll(tx, schema.sessionKinds, company.sessionKinds);
    await insertAll(tx, schema.serviceModules, company.serviceModules);
    await insertAll(tx, schema.sessionSeries, company.sessionSeries);
    await insertAll(tx, schema.sessions, company.sessions);
    await insertAll(tx, schema.bookings, company.bookings);
    await insertAll(tx, schema.completions, company.completions);
    await insertAll(tx, schema.assignments, company.assignments);
    summary.messages = await seedDemoMail(tx, options.now);
    const demo: DemoAccounts = { password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS };
    await tx.insert(schema.settings).values({ key: DEMO_SETTING, value: JSON.stringify(demo) });
    await recordAudit(tx, {
      at: options.now,
      actorId: null,
      action: "company.seeded",
      entityType: "company",
      entityId: null,
      summary: `Created the demo company ${COMPANY_NAME}: ${summary.people} people, ${summary.sessions} sessions, ${summary.bookings} bookings.`,
      details: { ...summary, seed: options.seed ?? DEFAULT_SEED, ...planningScale(options) },
    });
  });
  return summary;
}

/** The planning-scale options that were given, for the audit entry. */
function planningScale(options: SeedOptions): Partial<SeedOptions> {
  const { upcomingSessions, openAssignments, bookingFill } = options;
  return Object.fromEntries(
    Object.entries({ upcomingSessions, openAssignments, bookingFill }).filter(([, value]) => value !== undefined),
  );
}

async function holdsPeople(db: Db | Tx): Promise<boolean> {
  const [row] = await db.select({ people: count() }).from(schema.people);
  return (row?.people ?? 0) > 0;
}

// SQLite limits bound parameters per statement; a few hundred rows per insert stays well below it.
const PARAMETERS_PER_INSERT = 8000;
const ROWS_PER_INSERT = 500;

async function insertAll<T extends SQLiteTable>(tx: Tx, table: T, rows: SQLiteInsertValue<T>[]): Promise<void> {
  const columns = Object.keys(getTableColumns(table)).length;
  const size = Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(PARAMETERS_PER_INSERT / columns)));
  for (let i = 0; i < rows.length; i += size) await tx.insert(table).values(rows.slice(i, i + size));
}

// ---- Command line -----------------------------------------------------------------------------

const USAGE = `Usage: npm run db:seed -- [--people N] [--sessions N] [--seed N] [--url URL] [--force]
                          [--upcoming-sessions N] [--open-assignments N] [--booking-fill F]

  --people             headcount of the demo company (default ${DEFAULT_PEOPLE}, at least 40)
  --sessions           shadowing sessions over two past and four upcoming weeks (default 1.5 per
                       person, or 1.5 times --upcoming-sessions when that is given)
  --seed               random seed; the same seed gives the same company (default ${DEFAULT_SEED})
  --url                database URL (default DATABASE_URL, else file:./data/frontline.db)
  --force              delete the database file (and its -wal/-shm) first; file: URLs only

At planning scale (each sets its figure exactly; without them, the company a first visit sees):
  --upcoming-sessions  sessions starting in the four upcoming weeks
  --open-assignments   open assignments in all, added over the back-office shadows as needed
  --booking-fill       share of the upcoming sessions' seats already booked, from 0 to 1`;

function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a whole number, not "${value}".`);
  return parsed;
}

function share(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !(parsed >= 0 && parsed <= 1))
    throw new Error(`--${name} must be a number from 0 to 1, not "${value}".`);
  return parsed;
}

function databaseFile(url: string): string {
  const bare = url.split("?")[0];
  return bare.startsWith("file://") ? fileURLToPath(bare) : path.resolve(bare.slice("file:".length));
}

async function main(args: string[]): Promise<number> {
  let options;
  try {
    const { values } = parseArgs({
      args,
      options: {
        people: { type: "string" },
        sessions: { type: "string" },
        "upcoming-sessions": { type: "string" },
        "open-assignments": { type: "string" },
        "booking-fill": { type: "string" },
        seed: { type: "string" },
        url: { type: "string" },
        force: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    options = {
      url: values.url?.trim() || databaseUrl(),
      force: values.force,
      people: wholeNumber(values.people, "people") ?? DEFAULT_PEOPLE,
      sessions: wholeNumber(values.sessions, "sessions"),
      upcomingSessions: wholeNumber(values["upcoming-sessions"], "upcoming-sessions"),
      openAssignments: wholeNumber(values["open-assignments"], "open-assignments"),
      bookingFill: share(values["booking-fill"], "booking-fill"),
      seed: wholeNumber(values.seed, "seed") ?? DEFAULT_SEED,
    };
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 1;
  }

  // Refused while the app or another script has the file; held until this script ends.
  takeDatabaseLockOrExit(options.url, "npm run db:seed", { exitOnSignal: true });
  if (options.force) {
    if (!options.url.startsWith("file:")) {
      console.error(`--force only deletes a database file; ${options.url} is not one. Empty that database yourself.`);
      return 1;
    }
    const file = databaseFile(options.url);
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  }

  // The demo company is built around the moment it is created.
  const now = Date.now();
  const db = openDatabase(options.url, process.env.DATABASE_AUTH_TOKEN || undefined);
  try {
    await migrateDatabase(db);
    if (await holdsPeople(db)) {
      console.error(
        `${options.url} already holds people, so the demo company was not added. ` +
          `Use --force to replace a database file, or --url to seed another one.`,
      );
      return 1;
    }
    const started = performance.now();
    let summary: SeedSummary;
    try {
      summary = await seedDemoCompany(db, {
        now,
        seed: options.seed,
        people: options.people,
        sessions: options.sessions,
        upcomingSessions: options.upcomingSessions,
        openAssignments: options.openAssignments,
        bookingFill: options.bookingFill,
      });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      console.error(error.message);
      return 1;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.log(`Seeded ${COMPANY_NAME} into ${options.url} in ${seconds} s (seed ${options.seed}):`);
    console.log(`  ${summary.people} people in ${summary.departments} departments`);
    console.log(`  ${summary.sessions} sessions, ${summary.series} weekly listen-in blocks among them`);
    console.log(`  ${summary.bookings} bookings`);
    console.log(`  ${summary.modules} modules, ${summary.assignments} assignments, ${summary.completions} completions`);
    console.log(`  ${summary.messages} messages in the outbox (kept: the demo sends no mail)`);
    console.log(`Sign in with password "${DEMO_PASSWORD}" as:`);
    for (const account of DEMO_ACCOUNTS) console.log(`  ${account.email.padEnd(40)} ${account.roleLabel}`);
    return 0;
  } finally {
    db.$client.close();
  }
}

// Tests and db/setup.ts import this file; only `tsx db/seed.ts` itself seeds from the command line.
const runDirectly =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  /\/seed\.[cm]?[jt]s$/.test(import.meta.url);
if (runDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
