/**
 * The headers every response carries, and the check that refuses writes from other sites.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request as ExpressRequest, RequestHandler } from "express";
import helmet from "helmet";
import { publicOrigin } from "~/origin.server";

type Locals = { nonce: string };

/**
 * Content-Security-Policy and its companions, for every response (pages, `.data`, feeds, files,
 * error pages):
 * - scripts only from this origin, and inline only with this response's nonce (entry.server.tsx
 *   hands it to React and Remix), never in attributes;
 * - stylesheets only from this origin; `style` attributes are allowed, because pages draw a few
 *   things with them (a progress bar's `style="width: 40%"`), and the admin Outbox shows a message's HTML
 *   in a sandboxed `srcdoc` frame, which inherits this policy and whose e-mail HTML must style
 *   itself with attributes (mail programs drop stylesheets). Attributes cannot load anything;
 *   `<style>` elements stay refused;
 * - never framed by another page, no plugins, no `<base>` elsewhere, forms post only here.
 * In development Vite's client adds styles and talks over its own WebSocket.
 */
export function securityHeaders(options: { development?: boolean } = {}): RequestHandler {
  const { development = false } = options;
  const nonce = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${(res as { locals?: Locals }).locals?.nonce}'`;
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", nonce],
        scriptSrcAttr: ["'none'"],
        styleSrc: development ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: development ? ["'self'", "ws:", "wss:"] : ["'self'"],
        frameSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    // Sent only over HTTPS (below): over plain http a browser ignores it, and a laptop's
    // http://localhost must not be told to use HTTPS for a year.
    strictTransportSecurity: false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    xFrameOptions: { action: "deny" },
  });
  return (req, res, next) => {
    if (requestIsHttps(req)) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    res.setHeader("X-Request-Id", String(res.locals.requestId));
    headers(req, res, next);
  };
}

/**
 * Whether the person reached us over HTTPS: directly, or through a load balancer that ends TLS
 * and says so in X-Forwarded-Proto — the rule the sign-in cookie's Secure flag and the app's
 * public address follow (app/origin.server.ts).
 */
export function requestIsHttps(req: ExpressRequest): boolean {
  return publicOrigin(headersOnly(req), AS_SENT).startsWith("https:");
}

/** The address rules without PUBLIC_URL: the scheme and host the request itself names. */
const AS_SENT: NodeJS.ProcessEnv = { ...process.env, PUBLIC_URL: "" };

/** The addresses this app answers as: PUBLIC_URL, and the one the request was sent to. */
export function ownOrigins(req: ExpressRequest, env: NodeJS.ProcessEnv = process.env): Set<string> {
  const request = headersOnly(req);
  const origins = new Set([publicOrigin(request, env), publicOrigin(request, AS_SENT)].map(normalOrigin));
  origins.delete("null");
  return origins;
}

/** Methods that change something. */
export const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Whether a write comes from a page on another site. A browser names the page's origin in
 * `Origin` (or, if it leaves that out, says `Sec-Fetch-Site: cross-site`); a request with
 * neither (curl, a mail program) is not a browser being misused, and the sign-in cookie is
 * SameSite=Lax besides. The one-click unsubscribe is posted by mail providers from their own
 * servers (RFC 8058), so it is exempt; it needs no sign-in and changes only what its signed
 * link names.
 */
export function isCrossSiteWrite(req: ExpressRequest, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!WRITE_METHODS.has(req.method)) return false;
  if (isOneClickUnsubscribe(req.path)) return false;
  const origin = req.get("origin");
  if (origin !== undefined) return !ownOrigins(req, env).has(normalOrigin(origin));
  return req.get("sec-fetch-site")?.trim().toLowerCase() === "cross-site";
}

/** `/mail/unsubscribe/<token>` (or its ".data"): posted by mail providers, with or without a body. */
export function isOneClickUnsubscribe(path: string): boolean {
  return /^\/+mail\/+unsubscribe\/+[^/]+$/i.test(path);
}

function normalOrigin(value: string): string {
  try {
    const url = new URL(value.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : "null";
  } catch {
    return "null";
  }
}

/** A request of just the URL and headers, for the address rules of app/origin.server.ts. */
function headersOnly(req: ExpressRequest): Request {
  const headers = new Headers();
  for (const name of ["host", "x-forwarded-proto", "x-forwarded-host"]) {
    const value = req.get(name);
    if (value !== undefined) headers.set(name, value);
  }
  const host = req.get("host") ?? "localhost";
  let url: URL;
  try {
    url = new URL(`${req.protocol}://${host}/`);
  } catch {
    url = new URL(`${req.protocol}://localhost/`);
  }
  return new Request(url, { headers });
}
