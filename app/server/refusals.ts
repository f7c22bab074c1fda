/**
 * How the server refuses a request before any route acts on it (a write from another site, a
 * body over its limit, a body that is not a form), and what it puts around every route's
 * loader and action.
 *
 * A refusal is answered as the app's own error page when a browser asked for a page or the
 * page's script asked for data: the request goes on to Remix without its body, and the route's
 * action is never called but throws the refusal in its place, so the route area's error boundary
 * shows it. Any other client gets the same words as plain text.
 */
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { data } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { isUnreadableForm } from "./body-limit";
import { serverErrorLine, type ServerLog } from "./log";

export interface Refusal {
  status: 400 | 403 | 413;
  heading: string;
  message: string;
}

export const CROSS_SITE: Refusal = {
  status: 403,
  heading: "This came from another website",
  message:
    "A page on another website tried to send this to Frontline on your behalf, so nothing was done. If you meant to do it, open Frontline yourself and try again there.",
};

export const UNREADABLE_FORM: Refusal = {
  status: 400,
  heading: "We couldn't read that form",
  message:
    "What arrived wasn't a form Frontline can read, so nothing was saved. Go back, reload the page and send it again.",
};

export function tooLarge(message: string): Refusal {
  return { status: 413, heading: "That was more than we can take at once", message };
}

/** What an error page is handed by the server: the words, and the reference the log names. */
export interface ServerSaid {
  heading?: string;
  message?: string;
  reference: string;
}

/** What the server knows of a request before its route runs: its refusal, or the body it read. */
export interface Admitted {
  refusal?: Refusal;
  body?: Buffer;
  contentType?: string;
}

const admitted = new WeakMap<AppLoadContext, Admitted>();

/**
 * Refuses the request: for a page or the page's data, marks it for Remix to render the refusal
 * (then `next()`); otherwise answers in plain text here. A body over its limit also closes the
 * connection, so the rest of it is not waited for.
 */
export function refuse(req: ExpressRequest, res: ExpressResponse, next: NextFunction, refusal: Refusal) {
  if (refusal.status === 413) res.setHeader("Connection", "close");
  res.setHeader("Cache-Control", "no-store");
  if (wantsPage(req)) {
    res.locals.refusal = refusal;
    next();
    return;
  }
  res
    .status(refusal.status)
    .type("text/plain; charset=utf-8")
    .send(`${refusal.heading}\n\n${refusal.message}\n\nReference: ${res.locals.requestId}\n`);
}

/** A browser asking for a page, or a page's script asking for its data (Remix's ".data"). */
function wantsPage(req: ExpressRequest): boolean {
  return req.path.endsWith(".data") || /\btext\/html\b/i.test(req.get("accept") ?? "");
}

/** Ties what the server decided about the request to the load context its route is called with. */
export function admit(context: AppLoadContext, facts: Admitted) {
  admitted.set(context, facts);
}

type RouteArgs = { request: Request; context: AppLoadContext };
type RouteFunction = (args: RouteArgs) => unknown;

/**
 * The build with the server's rules around every route:
 * - a refused request's action throws the refusal instead of running;
 * - an action that fails because its multipart body is broken answers 400 (the body is parsed
 *   once, by the route; the server tells the cases apart only when the route has failed);
 * - a page route's loader or action that fails unexpectedly is logged with its stack and the
 *   request id, and answered 500 with that id as the page's reference (nothing else of the
 *   error leaves the server); a route's own refusal (a thrown `data("words", 404)`) carries the
 *   reference beside its words.
 * Resource routes (feeds, invites) keep Remix's plain 500, which entry.server.tsx logs.
 */
export function withServerRules(build: ServerBuild, log: ServerLog): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = route.module;
    const page = Boolean(module.default);
    const loader = module.loader as RouteFunction | undefined;
    const action = module.action as RouteFunction | undefined;
    routes[id] = {
      ...route,
      module: {
        ...module,
        loader: loader && (page ? (args: RouteArgs) => answered(loader, args, log) : loader),
        action:
          action &&
          (async (args: RouteArgs) => {
            const facts = admitted.get(args.context) ?? {};
            if (facts.refusal) throw refusalData(facts.refusal, args.context);
            if (!page) return action(args);
            try {
              return await action(args);
            } catch (error) {
              if (isUnexpected(error) && facts.body && (await isUnreadableForm(facts.contentType, facts.body))) {
                throw refusalData(UNREADABLE_FORM, args.context);
              }
              throw withReference(error, args, log);
            }
          }),
      } as typeof module,
    };
  }
  return { ...build, routes };
}

function refusalData(refusal: Refusal, context: AppLoadContext) {
  const said: ServerSaid = { heading: refusal.heading, message: refusal.message, reference: context.requestId };
  return data(said, { status: refusal.status });
}

async function answered(run: RouteFunction, args: RouteArgs, log: ServerLog) {
  try {
    return await run(args);
  } catch (error) {
    throw withReference(error, args, log);
  }
}

/** Not an answer a route meant to give: neither a Response nor `data(…)`. */
function isUnexpected(error: unknown): boolean {
  return !(error instanceof Response) && !isData(error);
}

function withReference(error: unknown, { request, context }: RouteArgs, log: ServerLog): unknown {
  // Redirects and answers a route built itself go out as they are.
  if (error instanceof Response) return error;
  if (isData(error)) {
    if (typeof error.data !== "string") return error;
    const said: ServerSaid = { message: error.data, reference: context.requestId };
    return data(said, error.init ?? undefined);
  }
  // A request the client gave up on is not the server's error.
  if (request.signal.aborted) return error;
  log.error(serverErrorLine(error, context.requestId));
  const said: ServerSaid = { reference: context.requestId };
  return data(said, { status: 500 });
}

/** What `data(value, init)` returns, thrown by a route to refuse. */
function isData(value: unknown): value is { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === "DataWithResponseInit" &&
    "data" in value &&
    "init" in value
  );
}
