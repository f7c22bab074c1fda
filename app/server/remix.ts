/**
 * Hands a request to Remix and its answer back to Express, as @remix-run/express does, except
 * that the body is the one already read and checked (app/server/body-limit.ts), and the answer's
 * headers take the place of the server's defaults (a page's own `Referrer-Policy: no-referrer`
 * replaces the general one, rather than sitting beside it).
 */
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { bytesOf } from "./body-limit";
import type { ServerLog } from "./log";
import { admit, withServerRules, type Refusal } from "./refusals";
import { WRITE_METHODS } from "./security";

export function remixHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
  log: ServerLog;
}): RequestHandler {
  const { build, log } = options;
  const ruled = new WeakMap<ServerBuild, ServerBuild>();
  const withRules = (b: ServerBuild) => {
    let wrapped = ruled.get(b);
    if (!wrapped) ruled.set(b, (wrapped = withServerRules(b, log)));
    return wrapped;
  };
  const handle = createRequestHandler(
    typeof build === "function" ? async () => withRules(await build()) : withRules(build),
    "production",
  );
  return async (req, res, next) => {
    try {
      const request = remixRequest(req, res);
      const context = options.getLoadContext(req, res);
      admit(context, {
        refusal: res.locals.refusal as Refusal | undefined,
        body: res.locals.body as Buffer | undefined,
        contentType: req.get("content-type"),
      });
      const response = await handle(request, context);
      await sendResponse(req, res, response);
    } catch (error) {
      next(error);
    }
  };
}

function remixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const url = new URL(`${req.protocol}://${hostOf(req)}${req.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  // Loaders and actions stop when the answer can no longer be sent.
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const headers = headersOf(req);
  const init: RequestInit = { method: req.method, headers, signal: controller.signal };
  if (WRITE_METHODS.has(req.method)) {
    // The write's Origin was checked against the app's addresses (app/server/security.ts), which
    // include PUBLIC_URL; Remix's own check compares it with Host alone, and would answer 500
    // behind a proxy that rewrites Host, and to the exempt unsubscribe.
    headers.delete("origin");
    const body = res.locals.body as Buffer | undefined;
    if (body) init.body = bytesOf(body);
  }
  return new Request(url.href, init);
}

function headersOf(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  return headers;
}

/**
 * The host and port the request was sent to: X-Forwarded-Host from a trusted proxy ("trust
 * proxy", as `req.hostname` and `req.protocol` follow it), else Host. One that is not a host is
 * the client's mistake.
 */
function hostOf(req: ExpressRequest): string {
  const trustProxy = req.app.get("trust proxy fn") as (address: string | undefined, hop: number) => boolean;
  const forwarded = req.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = (forwarded && trustProxy(req.socket.remoteAddress, 0) ? forwarded : req.get("host")) || "localhost";
  if (!HOST_SHAPE.test(host)) throw Object.assign(new Error(`Not a host: ${JSON.stringify(host)}`), { status: 400 });
  return host;
}

/** A host name or IPv4 address with an optional port, or a bracketed IPv6 address. */
const HOST_SHAPE = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*)|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

async function sendResponse(req: ExpressRequest, res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") res.setHeader(name, value);
  }
  for (const cookie of response.headers.getSetCookie()) res.append("Set-Cookie", cookie);
  // A signed-in person's pages and data are theirs alone: no cache keeps them, unless the route
  // chose its own caching (feeds revalidate by ETag). Any cookie may be a sign-in.
  if (!response.headers.has("Cache-Control") && (req.get("cookie") || response.headers.has("set-cookie"))) {
    res.setHeader("Cache-Control", "private, no-store");
  }
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
