import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createCookieSessionStorage, redirect, type AppLoadContext, type SessionStorage } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { verifyPassword } from "~/auth/password.server";
import { dataFolder, schema, type Queryable } from "~/db.server";
import { rolesOf, type Viewer } from "~/domain/access";
import "~/context";

/** What a loader or action is handed: enough to know who is asking. */
export interface RequestArgs {
  request: Request;
  context: AppLoadContext;
}

const SESSION_KEY = "personId";
const NOTICE_KEY = "notice";
const SESSION_DAYS = 14;

/**
 * SESSION_SECRET signs the cookie. When it is unset, a secret is generated once and kept in the
 * data folder beside the embedded database, so restarts keep people signed in. Several instances
 * must share SESSION_SECRET.
 */
export function sessionSecret(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  const folder = dataFolder();
  const file = path.join(folder, "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(folder, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
  return secret;
}

let storage: SessionStorage | undefined;

function sessionStorage(): SessionStorage {
  storage ??= createCookieSessionStorage({
    cookie: {
      name: "__frontline",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: 60 * 60 * 24 * SESSION_DAYS,
      secrets: [sessionSecret()],
    },
  });
  return storage;
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

async function sessionOf(request: Request) {
  return sessionStorage().getSession(request.headers.get("Cookie"));
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

export async function signIn(request: Request, personId: number, redirectTo: string) {
  const session = await sessionOf(request);
  session.set(SESSION_KEY, personId);
  return redirect(safeRedirect(redirectTo), {
    headers: {
      "Set-Cookie": await sessionStorage().commitSession(session, { secure: cookieIsSecure(request) }),
    },
  });
}

export async function signOut(request: Request) {
  const session = await sessionOf(request);
  return redirect("/login", {
    headers: {
      "Set-Cookie": await sessionStorage().destroySession(session, { secure: cookieIsSecure(request) }),
    },
  });
}

/** Only paths on this site; anything else goes home. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) {
    return fallback;
  }
  return to;
}

export type NoticeTone = "ok" | "info" | "warn" | "error";
export interface Notice {
  tone: NoticeTone;
  message: string;
}

/**
 * Redirects with a one-time notice ("Booked — see you on Tuesday.") that the next page shows.
 * It rides in the signed cookie, so any instance can show it.
 */
export async function redirectWithNotice(request: Request, to: string, notice: Notice, init: ResponseInit = {}) {
  const session = await sessionOf(request);
  session.flash(NOTICE_KEY, notice);
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await sessionStorage().commitSession(session, { secure: cookieIsSecure(request) }));
  return redirect(to, { ...init, headers });
}

/** Takes the pending notice, if any, with the Set-Cookie header that clears it. */
export async function takeNotice(request: Request): Promise<{ notice: Notice | null; headers: Headers }> {
  const session = await sessionOf(request);
  const notice = (session.get(NOTICE_KEY) as Notice | undefined) ?? null;
  const headers = new Headers();
  if (notice) {
    headers.append("Set-Cookie", await sessionStorage().commitSession(session, { secure: cookieIsSecure(request) }));
  }
  return { notice, headers };
}

/** The signed-in, active person, or null. */
export async function getViewer({ request, context }: RequestArgs): Promise<Viewer | null> {
  const session = await sessionOf(request);
  const personId = session.get(SESSION_KEY);
  if (typeof personId !== "number") return null;
  const [person] = await context.db
    .select({
      id: schema.people.id,
      name: schema.people.name,
      email: schema.people.email,
      departmentId: schema.people.departmentId,
      departmentName: schema.departments.name,
      timeZone: schema.people.timeZone,
      isHost: schema.people.isHost,
      isManager: schema.people.isManager,
      isAdmin: schema.people.isAdmin,
      active: schema.people.active,
    })
    .from(schema.people)
    .innerJoin(schema.departments, eq(schema.departments.id, schema.people.departmentId))
    .where(eq(schema.people.id, personId));
  if (!person?.active) return null;
  return { ...person, roles: rolesOf(person) };
}

export async function requireUser(args: RequestArgs): Promise<Viewer> {
  const viewer = await getViewer(args);
  if (viewer) return viewer;
  const url = new URL(args.request.url);
  const back = url.pathname + url.search;
  // A stale or tampered cookie is cleared on the way to the login page.
  const session = await sessionOf(args.request);
  throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`, {
    headers: {
      "Set-Cookie": await sessionStorage().destroySession(session, { secure: cookieIsSecure(args.request) }),
    },
  });
}
