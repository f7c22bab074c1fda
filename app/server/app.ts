import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import express, { type RequestHandler } from "express";
import "~/context";

/**
 * The HTTP server around the Remix build: static files, then every other request handed to
 * Remix with its load context. `npm start` serves it; browser tests serve it on their own
 * database and clock.
 */
export function createApp(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** The load context of one request: the database and that request's "now". */
  context: () => AppLoadContext;
  /** The built client files (production); in development Vite serves them through `before`. */
  clientFolder?: string;
  before?: RequestHandler;
}) {
  const app = express();
  app.disable("x-powered-by");
  if (options.before) app.use(options.before);
  if (options.clientFolder) {
    // Fingerprinted assets never change; everything else in public/ may.
    app.use("/assets", express.static(`${options.clientFolder}/assets`, { immutable: true, maxAge: "1y" }));
    app.use(express.static(options.clientFolder, { maxAge: "1h" }));
  }
  app.all(
    "*",
    createRequestHandler({ build: options.build, mode: "production", getLoadContext: () => options.context() }),
  );
  return app;
}
