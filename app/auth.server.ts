import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  createCookie,
  createCookieSessionStorage,
  redirect,
  type AppLoadContext,
  type Cookie,
  type SessionStorage,
} from "@remix-run/node";
import { eq } from "drizzle-orm";
import { verifyPassword } from "~/auth/password.server";
import { dataFolder, schema, type Queryable } from "~/db.server";
import type { Viewer } from "~/domain/access";
import {
  endSignIn,
  openSignInTry,
  recordSignInFailure,
  signedInPerson,
  signInLifetimes,
  startSignIn,
  withdrawSignInTry,
  type SignInTry,
} from "~/models/sign-ins.server";
import "~/context";

/** What a loader or action is handed: enough to know who is asking. */
export interface RequestArgs {
  request: Request;
  context: AppLoadContext;
}

const SIGN_IN_COOKIE = "__frontline";
const NOTICE_COOKIE = "__frontline_notice";
const NOTICE_KEY = "notice";

/** The secrets read from (or written to) each data folder's file, by the file's path. */
const keptSecrets = new Map<string, string>();

/**
 * SESSION_SECRET signs the cookies (and unsubscribe links). When it is unset, a secret is
 * generated once and kept in the data folder beside the embedded database, so restarts keep
 * people signed in. Several instances must share SESSION_SECRET.
 */
export function sessionSecret(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  const folder = dataFolder();
  const file = path.join(folder, "session-secret");
  // Read once: every unsubscribe link in a batch of mail asks for it.
  let secret = keptSecrets.get(file);
  if (secret !== undefined) return secret;
  if (existsSync(file)) {
    secret = readFileSync(file, "utf8").trim();
  } else {
    mkdirSync(folder, { recursive: true });
    secret = randomBytes(32).toString("base64url");
    writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
  }
  keptSecrets.set(file, secret);
  return secret;
}

let signInCookie: Cookie | undefined;
let noticeStorage: SessionStorage | undefined;

/**
 * The sign-in cookie carries only the random id of a sign-in kept in the database (signed as
 * well, so a forged value is turned away before any look-up). It lasts as long as a sign-in may.
 */
function signInCookieOf(): Cookie {
  signInCookie ??= createCookie(SIGN_IN_COOKIE, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secrets: [sessionSecret()],
  });
  return signInCookie;
}

/** A one-time notice rides in a cookie of its own, so it outlives a sign-out or a sign-in. */
function notices(): SessionStorage {
  noticeStorage ??= createCookieSessionStorage({
    cookie: { name: NOTICE_COOKIE, httpOnly: true, sameSite: "lax", path: "/", secrets: [sessionSecret()] },
  });
  return noticeStorage;
}

/**
 * Secure in production. On plain http (a laptop's http://localhost) a Secure cookie would be
 * dropped by the client, so the flag follows the scheme the person actually used, including
 * X-Forwarded-Proto from a load balancer that terminates TLS.
 */
function cookieIsSecure(request: Request): boolean {
  if (process.env.NODE_ENV !== "production") return false;
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return (forwarded ?? new URL(request.url).protocol.replace(":", "")) === "https";
}

/** The id a request's cookie carries, when it carries a well-formed one. */
async function signInTokenOf(request: Request): Promise<string | null> {
  const value: unknown = await signInCookieOf().parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

function hasSignInCookie(request: Request): boolean {
  return (request.headers.get("Cookie") ?? "").split(";").some((part) => part.trim().startsWith(`${SIGN_IN_COOKIE}=`));
}

async function clearedSignInCookie(request: Request): Promise<string> {
  return signInCookieOf().serialize("", { maxAge: 0, secure: cookieIsSecure(request) });
}

export type SignInRefusal = "unknown" | "inactive";

/** Checks an email and password. Unknown email and wrong password give the same answer. */
export async function authenticate(
  db: Queryable,
  email: string,
  password: string,
): Promise<{ ok: true; personId: number } | { ok: false; reason: SignInRefusal }> {
  const [person] = await db
    .select({ id: schema.people.id, hash: schema.people.passwordHash, active: schema.people.active })
    .from(schema.people)
    .where(eq(schema.people.email, email.trim().toLowerCase()));
  // Hash even when nobody has that email, so timing does not tell which emails exist.
  const matches = await verifyPassword(password, person?.hash ?? DUMMY_HASH);
  if (!person || !matches) return { ok: false, reason: "unknown" };
  if (!person.active) return { ok: false, reason: "inactive" };
  return { ok: true, personId: person.id };
}

const DUMMY_HASH =
  "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** A person whose password was right, with the try that showed it, ready to be signed in. */
export interface Granted {
  personId: number;
  signInTry: SignInTry;
}

/**
 * Checks a sign-in try. An account or address locked by repeated failures is refused before the
 * password is looked at, whatever it is; a wrong password or an e-mail that is nobody's counts as
 * a failure of both (README.md, "Signing in").
 */
export async function attemptSignIn(
  { context }: RequestArgs,
  email: string,
  password: string,
): Promise<
  ({ ok: true } & Granted) | { ok: false; reason: SignInRefusal } | { ok: false; reason: "locked"; for: number }
> {
  const { db, now } = context;
  const opened = await openSignInTry(db, { email, clientAddress: context.clientAddress ?? "", now });
  if (!opened.ok) return { ok: false, reason: "locked", for: opened.lockedFor };
  const result = await authenticate(db, email, password);
  if (result.ok) return { ...result, signInTry: opened.signInTry };
  if (result.reason === "unknown") await recordSignInFailure(db, opened.signInTry);
  else await withdrawSignInTry(db, opened.signInTry);
  return result;
}

/** Starts a sign-in for the person and sends them on, with the cookie that carries it. */
export async function signIn({ request, context }: RequestArgs, granted: Granted, redirectTo: string) {
  const { token } = await startSignIn(context.db, {
    personId: granted.personId,
    signInTry: granted.signInTry,
    userAgent: request.headers.get("User-Agent"),
    clientAddress: context.clientAddress ?? "",
    now: context.now,
  });
  return redirect(safeRedirect(redirectTo), {
    headers: {
      "Set-Cookie": await signInCookieOf().serialize(token, {
        maxAge: Math.floor(signInLifetimes().maxMs / 1000),
        secure: cookieIsSecure(request),
      }),
    },
  });
}

/** Ends this browser's sign-in on the server and clears its cookie. */
export async function signOut({ request, context }: RequestArgs) {
  const token = await signInTokenOf(request);
  if (token) await endSignIn(context.db, { token, now: context.now });
  return redirect("/login", { headers: { "Set-Cookie": await clearedSignInCookie(request) } });
}

/** Any origin would do: it only has to be fixed, so a target that leaves it is seen to. */
const REDIRECT_BASE = "http://frontline.invalid";

/**
 * A path on this site to send a person to after a form, or `fallback`. Browsers drop tabs and
 * newlines from an address and read a backslash as a slash, so "/\t/evil.example" would leave the
 * site: any control character or backslash is refused outright, then the target is parsed
 * against a fixed origin and must stay on it.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  // eslint-disable-next-line no-control-regex
  if (typeof to !== "string" || !to.startsWith("/") || /[\u0000-\u001f\u007f-\u009f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, REDIRECT_BASE);
  } catch {
    return fallback;
  }
  const target = url.pathname + url.search + url.hash;
  if (url.origin !== REDIRECT_BASE || target.startsWith("//")) return fallback;
  return target;
}

export type NoticeTone = "ok" | "info" | "warn" | "error";
export interface Notice {
  tone: NoticeTone;
  message: string;
}

/**
 * Redirects with a one-time notice ("Booked — see you on Tuesday.") that the next page shows.
 * It rides in a signed cookie of its own, so any instance can show it.
 */
export async function redirectWithNotice(request: Request, to: string, notice: Notice, init: ResponseInit = {}) {
  const session = await notices().getSession(request.headers.get("Cookie"));
  session.flash(NOTICE_KEY, notice);
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await notices().commitSession(session, { secure: cookieIsSecure(request) }));
  return redirect(to, { ...init, headers });
}

/** Takes the pending notice, if any, with the Set-Cookie header that clears it. */
export async function takeNotice(request: Request): Promise<{ notice: Notice | null; headers: Headers }> {
  const session = await notices().getSession(request.headers.get("Cookie"));
  const notice = (session.get(NOTICE_KEY) as Notice | undefined) ?? null;
  const headers = new Headers();
  if (notice) {
    headers.append("Set-Cookie", await notices().commitSession(session, { secure: cookieIsSecure(request) }));
  }
  return { notice, headers };
}

type SignedIn = { signInId: number; viewer: Viewer } | null;

/** Each request's answer, read once: the root and the page both ask who is signed in. */
const signedInOfRequest = new WeakMap<object, Promise<SignedIn>>();

/** The signed-in, active person and the sign-in they came with, or null. */
export function signedIn({ request, context }: RequestArgs): Promise<SignedIn> {
  let found = signedInOfRequest.get(context);
  if (!found) {
    found = (async () => {
      const token = await signInTokenOf(request);
      if (!token) return null;
      return (await signedInPerson(context.db, token, context.now)) ?? null;
    })();
    signedInOfRequest.set(context, found);
  }
  return found;
}

/** The signed-in, active person, or null. */
export async function getViewer(args: RequestArgs): Promise<Viewer | null> {
  return (await signedIn(args))?.viewer ?? null;
}

export async function requireUser(args: RequestArgs): Promise<Viewer> {
  return (await requireSignIn(args)).viewer;
}

/** The signed-in person and the sign-in in use; a visitor without one is sent to sign in first. */
export async function requireSignIn(args: RequestArgs): Promise<{ signInId: number; viewer: Viewer }> {
  const found = await signedIn(args);
  if (found) return found;
  const url = new URL(args.request.url);
  const back = url.pathname + url.search;
  const to = back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`;
  // A cookie of an ended, lapsed or forged sign-in is cleared on the way to the login page.
  if (!hasSignInCookie(args.request)) throw redirect(to);
  throw redirect(to, { headers: { "Set-Cookie": await clearedSignInCookie(args.request) } });
}
