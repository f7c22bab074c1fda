/**
 * Runs before the app starts: migrates the database and, when it holds nobody yet, fills it
 * with the demo company. Then prints where the app is and how to sign in.
 */
import { count } from "drizzle-orm";
import { databaseUrl, migrateDatabase, openDatabase, schema } from "../app/db.server";
import { demoAccountsInUse } from "../app/models/company.server";
import { takeDatabaseLockOrExit } from "../app/server/database-lock";
import { seedDemoCompany } from "./seed";

// The demo company, when one is made, is built around the moment the app starts.
const startedAt = Date.now();
const url = databaseUrl();
// A server already running on this file is refused here, before anything is written; the lock
// is let go when this script ends, and the server `npm start` starts next takes it.
takeDatabaseLockOrExit(url, "npm run db:setup", { exitOnSignal: true });
const db = openDatabase(url, process.env.DATABASE_AUTH_TOKEN || undefined);
await migrateDatabase(db);

const [{ people }] = await db.select({ people: count() }).from(schema.people);
if (people === 0 && process.env.FRONTLINE_DEMO !== "off") {
  const started = performance.now();
  const summary = await seedDemoCompany(db, { now: startedAt });
  console.log(
    `Created the demo company in ${Math.round(performance.now() - started)} ms: ` +
      `${summary.people} people, ${summary.sessions} sessions, ${summary.bookings} bookings, ` +
      `${summary.modules} modules, ${summary.assignments} assignments.`,
  );
}

const port = process.env.PORT ?? "3000";
console.log(`\nFrontline is using ${url}`);
const demo = await demoAccountsInUse(db);
if (demo) {
  console.log(`Open http://localhost:${port} and sign in with a demo account (password: ${demo.password}):`);
  const width = Math.max(...demo.accounts.map((a) => a.email.length));
  for (const account of demo.accounts) {
    console.log(`  ${account.email.padEnd(width)}  ${account.roleLabel} — ${account.name}`);
  }
  console.log("");
} else {
  console.log(`Open http://localhost:${port} and sign in with your account.\n`);
}
db.$client.close();
