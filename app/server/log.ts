/**
 * The server's log: one line per request (method, path, status, milliseconds, request id) on
 * stdout, and every server error with its stack and the request id on stderr. The id is the
 * reference an error page shows, so a person's "Reference: …" finds the lines here.
 *
 * Paths hold secrets: a feed's URL is its only key, and so are the links to set a password and
 * to unsubscribe. They are written with the secret part replaced, and without query values.
 */
import type { RequestHandler } from "express";

export interface ServerLog {
  /** One line for one answered request. */
  request(line: string): void;
  /** A server error, with its stack. */
  error(text: string): void;
}

/** Request lines to stdout (unless LOG_REQUESTS=off), errors to stderr. */
export function consoleLog(env: NodeJS.ProcessEnv = process.env): ServerLog {
  const requests = env.LOG_REQUESTS?.trim().toLowerCase() !== "off";
  return {
    request: (line) => {
      if (requests) process.stdout.write(`${line}\n`);
    },
    error: (text) => process.stderr.write(`${text}\n`),
  };
}

/** The paths whose next segment is a secret (routes match case-insensitively, decoded). */
const SECRET_AFTER = ["calendar", "password", "mail/unsubscribe"];

/** A segment this long of URL-safe letters is a token wherever it appears. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32,}$/;

/** What a secret segment keeps: the file ending the route and the client see (".ics", ".data"). */
const KEPT_ENDING = /(?:\.ics)?(?:\.data)?$/i;

/**
 * The path as the log may show it: secrets replaced by "[token]", query values dropped (they can
 * hold names, addresses and return paths), the query's names kept to tell requests apart. What
 * is kept is kept as sent (percent-encoded), so a line stays one line.
 */
export function redactedPath(url: string): string {
  const at = url.indexOf("?");
  const pathname = at === -1 ? url : url.slice(0, at);
  const query = at === -1 ? "" : url.slice(at + 1);

  const before: string[] = [];
  const path = pathname
    .split("/")
    .map((segment) => {
      if (!segment) return segment;
      const word = decoded(segment);
      const ending = KEPT_ENDING.exec(word)?.[0] ?? "";
      const secret =
        SECRET_AFTER.includes(before.join("/").toLowerCase()) ||
        TOKEN_SHAPE.test(word.slice(0, word.length - ending.length));
      before.push(word);
      return secret ? `[token]${ending}` : segment;
    })
    .join("/");

  const names = query
    .split("&")
    .filter(Boolean)
    .map((pair) => pair.split("=")[0])
    .map((name) => (TOKEN_SHAPE.test(decoded(name)) ? "[token]" : name));
  return names.length ? `${path}?${names.join("&")}` : path;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A request's log line: when, method, path, status, milliseconds, request id. */
export function requestLine(entry: {
  at: Date;
  method: string;
  url: string;
  status: number | "aborted";
  ms: number;
  requestId: string;
}): string {
  const ms = entry.ms < 10 ? entry.ms.toFixed(1) : Math.round(entry.ms).toString();
  return `${entry.at.toISOString()} ${entry.method} ${redactedPath(entry.url)} ${entry.status} ${ms}ms ${entry.requestId}`;
}

/** A server error's log entry: when, the request id, and the error's stack. */
export function serverErrorLine(error: unknown, requestId: string): string {
  const stack = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return `${new Date().toISOString()} error ${requestId || "-"}\n${stack}`;
}

/**
 * Writes the request's line once it is answered, or once the client has gone without an answer.
 * Needs `res.locals.requestId`.
 */
export function logRequests(log: ServerLog): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const url = req.originalUrl;
    let written = false;
    const write = (status: number | "aborted") => {
      if (written) return;
      written = true;
      log.request(
        requestLine({
          at: new Date(),
          method: req.method,
          url,
          status,
          ms: performance.now() - started,
          requestId: String(res.locals.requestId),
        }),
      );
    };
    res.once("finish", () => write(res.statusCode));
    res.once("close", () => write(res.writableFinished ? res.statusCode : "aborted"));
    next();
  };
}
