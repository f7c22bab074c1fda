/**
 * The app's server. `npm start` serves the production build; `npm run dev` serves the app through
 * Vite with hot reload. Either way on HOST and PORT (every interface, 3000), with the database of
 * DATABASE_URL, which db/setup.ts has migrated (and filled with the demo company) before this starts.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { databaseUrl, getDb } from "~/db.server";
import { MailDispatcher } from "~/mail/dispatcher.server";
import { mailFrom, transportFromEnv } from "~/mail/transport.server";
import { writeScheduledMail } from "~/models/mail/scheduled.server";
import { createApp } from "./app";
import { serverConfig, servingAddress } from "./config";
import { startBackupsFromEnv } from "./backups";
import { takeDatabaseLockOrExit } from "./database-lock";

const development = process.env.NODE_ENV === "development";
const config = serverConfig();
const buildFolder = path.resolve("build");
// One writer per embedded database file: a second server on the same file stops here, naming the
// process that has it. With BACKUP_DIR set, snapshots of the file are taken while serving.
takeDatabaseLockOrExit(databaseUrl(), "the Frontline server");
startBackupsFromEnv(databaseUrl());
const db = getDb();
const context = () => ({ db, now: Date.now() });

const app = development
  ? await (async () => {
      const vite = await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));
      return createApp({
        build: () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
        context,
        before: vite.middlewares,
        development,
        trustProxy: config.trustProxy,
      });
    })()
  : createApp({
      build: (await import(pathToFileURL(path.join(buildFolder, "server/index.js")).href)) as ServerBuild,
      clientFolder: path.join(buildFolder, "client"),
      context,
      trustProxy: config.trustProxy,
    });

const transport = transportFromEnv();
const mail = new MailDispatcher({
  db,
  transport,
  origin: process.env.PUBLIC_URL?.trim().replace(/\/$/, "") || `http://localhost:${config.port}`,
  from: mailFrom(),
  schedule: writeScheduledMail,
  onError: (error) => console.error("Mail could not be delivered:", error),
});
mail.start();

const server = app.listen({ port: config.port, host: config.host }, () => {
  console.log(`Frontline is serving ${servingAddress(config)}`);
  console.log(`Mail is ${transport.description}.`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    void mail.stop().finally(() => {
      transport.close();
      process.exit(0);
    });
  });
}
