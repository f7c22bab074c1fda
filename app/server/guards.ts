/**
 * What is refused before any route runs: writes from other sites' pages, bodies over their
 * limit, and bodies that cannot be a form.
 */
import type { RequestHandler } from "express";
import { bodyLimitFor, isFormType, readBody } from "./body-limit";
import { CROSS_SITE, refuse, tooLarge, UNREADABLE_FORM } from "./refusals";
import { isCrossSiteWrite, isOneClickUnsubscribe, WRITE_METHODS } from "./security";

/** A write from another site's page → 403, before its body is read. */
export function refuseCrossSiteWrites(): RequestHandler {
  return (req, res, next) => (isCrossSiteWrite(req) ? refuse(req, res, next, CROSS_SITE) : next());
}

/**
 * Reads and checks the body of every write before it reaches a route: over its limit → 413,
 * not of a form's type → 400. The one-click unsubscribe reads no body (mail providers post what
 * RFC 8058 says, and a few post less), so only its size is checked.
 */
export function readForms(): RequestHandler {
  return (req, res, next) => {
    if (!WRITE_METHODS.has(req.method) || res.locals.refusal) return next();
    const limit = bodyLimitFor(req.path);
    readBody(req, limit.bytes)
      .then((read) => {
        if (!read.ok) {
          // A client that went away gets no answer; the log line says "aborted".
          if (read.reason === "too_large") refuse(req, res, next, tooLarge(limit.tooLarge));
          return;
        }
        if (!isOneClickUnsubscribe(req.path) && !isFormType(req.get("content-type"))) {
          refuse(req, res, next, UNREADABLE_FORM);
          return;
        }
        res.locals.body = read.body;
        next();
      })
      .catch(next);
  };
}
