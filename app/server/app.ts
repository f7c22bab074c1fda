import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import "~/context";
import { readForms, refuseCrossSiteWrites } from "./guards";
import { consoleLog, logRequests, serverErrorLine, type ServerLog } from "./log";
import { remixHandler } from "./remix";
import { securityHeaders } from "./security";

/**
 * The HTTP server around the Remix build. In order: a request id and a CSP nonce for each
 * request, its log line, the security headers, static files, the refusals that come before any
 * route (writes from other sites, bodies over their limit or not a form), then Remix with its
 * load context. `npm start` serves it; browser tests serve it on their own database and clock.
 */
export function createApp(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** What every request shares: the database and that request's "now". */
  context: () => Pick<AppLoadContext, "db" | "now">;
  /** The built client files (production); in development Vite serves them through `before`. */
  clientFolder?: string;
  before?: RequestHandler;
  /** Development relaxes the policy for Vite's client (its styles and WebSocket). */
  development?: boolean;
  /**
   * Which proxies in front may name the client's address, scheme and host (X-Forwarded-For,
   * -Proto, -Host): Express's "trust proxy" (`false`, a hop count, "loopback", addresses).
   */
  trustProxy?: boolean | number | string;
  /** Where request lines and server errors go; stdout and stderr by default. */
  log?: ServerLog;
}) {
  const log = options.log ?? consoleLog();
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? false);
  app.use((_req, res, next) => {
    res.locals.requestId = randomUUID();
    res.locals.nonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(logRequests(log));
  app.use(securityHeaders({ development: options.development }));
  if (options.before) app.use(options.before);
  if (options.clientFolder) {
    // Fingerprinted assets never change; everything else in public/ may.
    app.use("/assets", express.static(`${options.clientFolder}/assets`, { immutable: true, maxAge: "1y" }));
    // The other files of public/ are named once at start, so a page's request never waits on the disk.
    const files = new Set(
      readdirSync(options.clientFolder, { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => `/${entry.name}`),
    );
    const publicFiles = express.static(options.clientFolder, { maxAge: "1h" });
    app.use((req, res, next) => (files.has(req.path) ? publicFiles(req, res, next) : next()));
  }
  app.use(refuseCrossSiteWrites());
  app.use(readForms());
  app.use(
    remixHandler({
      build: options.build,
      log,
      getLoadContext: (req, res) => ({
        ...options.context(),
        requestId: String(res.locals.requestId),
        nonce: String(res.locals.nonce),
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "",
      }),
    }),
  );
  app.use(answerErrors(log));
  return app;
}

/**
 * What Remix did not answer itself: a client's mistake Express found (4xx) in its words, or an
 * error of the server's own, logged with its stack and answered 500 with the reference.
 */
function answerErrors(log: ServerLog): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const requestId = String(res.locals.requestId);
    const given = Number((error as { status?: unknown; statusCode?: unknown })?.status ?? error?.statusCode);
    const status = given >= 400 && given < 500 ? given : 500;
    if (status === 500) log.error(serverErrorLine(error, requestId));
    if (res.headersSent) {
      // Part of the answer is out; the client must not take the rest as whole.
      res.destroy();
      return;
    }
    const heading = status === 500 ? "Something went wrong" : "That request didn't make sense to us";
    const message =
      status === 500
        ? "The problem has been logged. Try again in a moment; if it keeps happening, tell your admin what you were doing."
        : "Check the address, or start again from the home page.";
    res.status(status).setHeader("Cache-Control", "no-store");
    if (/\btext\/html\b/i.test(req.get("accept") ?? "")) {
      res
        .type("html")
        .send(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
            `<title>${heading} · Frontline</title></head><body><main><p>Error ${status}</p><h1>${heading}</h1><p>${message}</p>` +
            `<p><a href="/">Go to home</a></p><p>Reference: <code>${requestId}</code></p></main></body></html>`,
        );
    } else {
      res.type("text/plain; charset=utf-8").send(`${heading}\n\n${message}\n\nReference: ${requestId}\n`);
    }
  };
}
