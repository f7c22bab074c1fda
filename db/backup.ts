/**
 * A consistent copy of the embedded database, taken while the app serves:
 *
 *   npm run db:backup -- --to backups/frontline-monday.db [--force] [--url file:./data/frontline.db]
 *
 * For a libSQL server (sqld, Turso), use the server's own snapshots: see "Backups" in the README.
 */
import { parseArgs } from "node:util";
import { databaseUrl } from "../app/db.server";
import { backupDatabase, BackupRefused, formatBytes } from "../app/server/backups";

const USAGE = `Usage: npm run db:backup -- --to FILE [--force] [--url DATABASE_URL]

  --to     the file to write (its folder is created); an existing file is kept unless --force
  --force  replace FILE if it exists
  --url    the database (default DATABASE_URL, else file:./data/frontline.db)`;

async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        to: { type: "string" },
        force: { type: "boolean", default: false },
        url: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.to?.trim()) {
    console.error(`Say where the backup goes with --to FILE.\n\n${USAGE}`);
    return 1;
  }
  const url = values.url?.trim() || databaseUrl();
  try {
    const result = await backupDatabase(url, values.to.trim(), { force: values.force });
    console.log(
      `Backed up ${url} to ${result.file}: ${formatBytes(result.bytes)} in ${Math.round(result.milliseconds)} ms.`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof BackupRefused)) throw error;
    console.error(error.message);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
