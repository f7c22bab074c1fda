/** Applies the committed migrations to DATABASE_URL: `npm run db:migrate`. */
import { databaseUrl, migrateDatabase, openDatabase } from "../app/db.server";
import { takeDatabaseLockOrExit } from "../app/server/database-lock";

const url = databaseUrl();
takeDatabaseLockOrExit(url, "npm run db:migrate", { exitOnSignal: true });
const db = openDatabase(url, process.env.DATABASE_AUTH_TOKEN || undefined);
await migrateDatabase(db);
console.log(`Migrations applied to ${url}`);
db.$client.close();
