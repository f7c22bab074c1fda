/**
 * Sign-ins kept on the server: each browser that signs in gets a random id in its cookie, and the
 * database keeps only the id's SHA-256 with when it began, when it was last used and when it ends.
 * Ending a sign-in (signing out, a new password, switching a person off, a change of roles) makes
 * its cookie worthless at once, on every instance. Failed sign-ins are counted here too, per
 * account and per address, so a lock holds whichever instance the next try reaches.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, count, desc, eq, gt, inArray, isNull, lte, ne, sql } from "drizzle-orm";
import { oncePer, schema, type Db, type Queryable, type Tx } from "~/db.server";
import { rolesOf, type Viewer } from "~/domain/access";
import {
  afterFailure,
  browserWords,
  forgetAt,
  isLive,
  LAST_SEEN_STEP,
  lockedFor,
  minutesOf,
  needsRefresh,
  normalEmail,
  signInLifetimesFrom,
  storedUserAgent,
  throttleAt,
  throttleKey,
  withoutTry,
  type SignInLifetimes,
  type ThrottleKind,
  type ThrottleState,
} from "~/domain/sign-in";
import { recordAudit } from "~/models/audit.server";
import type { SignInEndReason } from "../../db/schema";

let lifetimes: SignInLifetimes | undefined;

/** SESSION_IDLE_HOURS and SESSION_MAX_DAYS, read once (README.md, "Configuration"). */
export function signInLifetimes(): SignInLifetimes {
  lifetimes ??= signInLifetimesFrom(process.env);
  return lifetimes;
}

function hashOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * A new sign-in for a person whose password was right: the raw id for the cookie (never stored),
 * and the try taken back out of the counts (the account's forgotten altogether), in one write.
 */
export async function startSignIn(
  db: Db,
  input: {
    personId: number;
    signInTry: SignInTry | null;
    userAgent: string | null;
    clientAddress: string;
    now: number;
  },
): Promise<{ token: string; expiresAt: number }> {
  const { personId, signInTry, now } = input;
  const token = randomBytes(32).toString("base64url");
  const expiresAt = now + signInLifetimes().maxMs;
  await db.write(async (tx) => {
    await tx.insert(schema.signIns).values({
      personId,
      tokenHash: hashOf(token),
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      userAgent: storedUserAgent(input.userAgent),
      clientAddress: input.clientAddress.trim().slice(0, 64),
    });
    if (signInTry) await withdrawTry(tx, signInTry, true);
  });
  return { token, expiresAt };
}

/**
 * The statement that finds a sign-in and its person by the token's hash, built once per database:
 * every signed-in request runs it.
 */
const signInLookup = oncePer((db: Db) => {
  const s = schema.signIns;
  const p = schema.people;
  return db
    .select({
      signInId: s.id,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
      endedAt: s.endedAt,
      id: p.id,
      name: p.name,
      email: p.email,
      departmentId: p.departmentId,
      departmentName: schema.departments.name,
      timeZone: p.timeZone,
      isHost: p.isHost,
      isManager: p.isManager,
      isAdmin: p.isAdmin,
      active: p.active,
    })
    .from(s)
    .innerJoin(p, eq(p.id, s.personId))
    .innerJoin(schema.departments, eq(schema.departments.id, p.departmentId))
    .where(eq(s.tokenHash, sql.placeholder("tokenHash")))
    .prepare();
});

/**
 * The person a cookie's id signs in, while the sign-in is live and the person active. A request
 * moves "last active" on, at most once a minute.
 */
export async function signedInPerson(
  db: Db,
  token: string,
  now: number,
): Promise<{ signInId: number; viewer: Viewer } | undefined> {
  const s = schema.signIns;
  const [row] = await signInLookup(db).all({ tokenHash: hashOf(token) });
  if (!row || !row.active || !isLive(row, signInLifetimes(), now)) return undefined;
  if (needsRefresh(row.lastSeenAt, now)) {
    await db.write((tx) =>
      tx
        .update(s)
        .set({ lastSeenAt: now })
        .where(and(eq(s.id, row.signInId), isNull(s.endedAt), lte(s.lastSeenAt, now - LAST_SEEN_STEP))),
    );
  }
  const { signInId, lastSeenAt: _seen, expiresAt: _expires, endedAt: _ended, active: _active, ...person } = row;
  return { signInId, viewer: { ...person, roles: rolesOf(person) } };
}

/** The sign-in a cookie's id names, whether or not it is still live. */
export async function signInIdOf(q: Queryable, token: string): Promise<number | undefined> {
  const [row] = await q
    .select({ id: schema.signIns.id })
    .from(schema.signIns)
    .where(eq(schema.signIns.tokenHash, hashOf(token)));
  return row?.id;
}

export interface LiveSignIn {
  id: number;
  createdAt: number;
  lastSeenAt: number;
  browser: string;
  clientAddress: string;
}

/** How many of a person's live sign-ins their page lists; "Sign out everywhere else" ends the rest too. */
export const LISTED_SIGN_INS = 50;

function liveSignInsWhere(personId: number, now: number) {
  const s = schema.signIns;
  const { idleMs } = signInLifetimes();
  return and(eq(s.personId, personId), isNull(s.endedAt), gt(s.expiresAt, now), gt(s.lastSeenAt, now - idleMs));
}

/**
 * A person's live sign-ins, the one in use first and then the most recently used, at most
 * `LISTED_SIGN_INS` of them, with how many there are in all.
 */
export async function liveSignInsOf(
  q: Queryable,
  personId: number,
  now: number,
  inUse: number | null = null,
): Promise<{ signIns: LiveSignIn[]; total: number }> {
  const s = schema.signIns;
  const rows = await q
    .select({
      id: s.id,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      userAgent: s.userAgent,
      clientAddress: s.clientAddress,
    })
    .from(s)
    .where(liveSignInsWhere(personId, now))
    .orderBy(sql`${s.id} = ${inUse ?? 0} desc`, desc(s.lastSeenAt), desc(s.id))
    .limit(LISTED_SIGN_INS);
  const total = rows.length < LISTED_SIGN_INS ? rows.length : await liveSignInCount(q, personId, now);
  return { signIns: rows.map(({ userAgent, ...row }) => ({ ...row, browser: browserWords(userAgent) })), total };
}

/** How many live sign-ins a person has. */
export async function liveSignInCount(q: Queryable, personId: number, now: number): Promise<number> {
  const [{ n }] = await q.select({ n: count() }).from(schema.signIns).where(liveSignInsWhere(personId, now));
  return n;
}

/** Which of a person's sign-ins to end: all, all but one (the one in use), or just one. */
export type SignInChoice = { all: true } | { allBut: number } | { only: number };

const ENDINGS: Record<SignInEndReason, (name: string, count: number) => string> = {
  signed_out: (name) => `${name} signed out.`,
  signed_out_elsewhere: (name, count) => `${name} signed out everywhere else (${signInCount(count)}).`,
  signed_out_remotely: (name) => `${name} signed out one of their other browsers.`,
  signed_out_by_admin: (name, count) => `${name} was signed out everywhere by an admin (${signInCount(count)}).`,
  password_changed: (name, count) => `${name} was signed out (${signInCount(count)}): their password was changed.`,
  password_set_by_link: (name, count) =>
    `${name} was signed out (${signInCount(count)}): they set a new password with a link.`,
  switched_off: (name, count) => `${name} was signed out (${signInCount(count)}): they were switched off.`,
  roles_changed: (name, count) => `${name} was signed out (${signInCount(count)}): their roles changed.`,
};

const signInCount = (count: number) => (count === 1 ? "1 sign-in" : `${count} sign-ins`);

/**
 * Ends a person's live sign-ins (`which`), inside the caller's write, with one audit row saying
 * who and why. Returns how many ended; nothing is written when none was live.
 */
export async function endSignInsOf(
  tx: Tx,
  input: { personId: number; which: SignInChoice; reason: SignInEndReason; actorId: number | null; now: number },
): Promise<number> {
  const { personId, which, reason, actorId, now } = input;
  const s = schema.signIns;
  const ended = await tx
    .update(s)
    .set({ endedAt: now, endedReason: reason })
    .where(
      and(
        eq(s.personId, personId),
        isNull(s.endedAt),
        gt(s.expiresAt, now),
        "allBut" in which ? ne(s.id, which.allBut) : undefined,
        "only" in which ? eq(s.id, which.only) : undefined,
      ),
    )
    .returning({ id: s.id });
  if (ended.length === 0) return 0;
  const [person] = await tx
    .select({ name: schema.people.name })
    .from(schema.people)
    .where(eq(schema.people.id, personId));
  await recordAudit(tx, {
    at: now,
    actorId,
    action: "sign_in.ended",
    entityType: "person",
    entityId: personId,
    summary: ENDINGS[reason](person?.name ?? "Someone", ended.length),
    details: { reason, signInIds: ended.map((row) => row.id) },
  });
  return ended.length;
}

/** Signing out of this browser: its sign-in ends, with its audit row. */
export async function endSignIn(db: Db, input: { token: string; now: number }): Promise<void> {
  const { now } = input;
  await db.write(async (tx) => {
    const [row] = await tx
      .select({ id: schema.signIns.id, personId: schema.signIns.personId })
      .from(schema.signIns)
      .where(and(eq(schema.signIns.tokenHash, hashOf(input.token)), isNull(schema.signIns.endedAt)));
    if (!row) return;
    await endSignInsOf(tx, {
      personId: row.personId,
      which: { only: row.id },
      reason: "signed_out",
      actorId: row.personId,
      now,
    });
  });
}

/** A person (or an admin for them) ends some of their sign-ins, in a write of its own. */
export async function endSignIns(
  db: Db,
  input: { personId: number; which: SignInChoice; reason: SignInEndReason; actorId: number; now: number },
): Promise<number> {
  return db.write((tx) => endSignInsOf(tx, input));
}

// ---- Throttling failed sign-ins ----------------------------------------------------------------

const t = schema.signInThrottles;

/** A sign-in try, counted as a failure of its account and its address until its password is checked. */
export interface SignInTry {
  email: string;
  clientAddress: string;
  now: number;
  counted: { kind: ThrottleKind; key: string; base: ThrottleState; state: ThrottleState; lockedFor: number }[];
}

function keysOf(email: string, clientAddress: string): { kind: ThrottleKind; key: string }[] {
  const keys: { kind: ThrottleKind; key: string }[] = [{ kind: "account", key: throttleKey("account", email) }];
  // Without an address (a misconfigured proxy), the account's count still holds.
  if (clientAddress) keys.push({ kind: "address", key: throttleKey("address", clientAddress) });
  return keys;
}

async function statesOf(q: Queryable, keys: string[]): Promise<Map<string, ThrottleState>> {
  const rows = await q
    .select({
      key: t.key,
      failures: t.failures,
      lockouts: t.lockouts,
      lastFailureAt: t.lastFailureAt,
      lockedUntil: t.lockedUntil,
    })
    .from(t)
    .where(inArray(t.key, keys));
  return new Map(rows.map(({ key, ...state }) => [key, state]));
}

async function saveState(tx: Tx, key: string, state: ThrottleState) {
  const row = { ...state, forgetAt: forgetAt(state) };
  await tx
    .insert(t)
    .values({ key, ...row })
    .onConflictDoUpdate({ target: t.key, set: row });
}

/**
 * Opens a sign-in try for an e-mail from an address, before its password is looked at: refused
 * while the account or the address is locked (`lockedFor`), whatever the password; otherwise
 * counted as a failure of both at once, in one write, so simultaneous tries are counted one by one.
 */
export async function openSignInTry(
  db: Db,
  input: { email: string; clientAddress: string; now: number },
): Promise<{ ok: false; lockedFor: number } | { ok: true; signInTry: SignInTry }> {
  const { now } = input;
  const email = normalEmail(input.email);
  const clientAddress = input.clientAddress.trim().slice(0, 64);
  const keys = keysOf(email, clientAddress);
  return db.write(async (tx) => {
    const states = await statesOf(
      tx,
      keys.map((k) => k.key),
    );
    const lockedForMs = Math.max(0, ...keys.map(({ key }) => lockedFor(throttleAt(states.get(key), now), now)));
    if (lockedForMs > 0) return { ok: false, lockedFor: lockedForMs } as const;
    // The account's try is counted now, so simultaneous tries of one account are counted one by
    // one; the address's only once a password is wrong, so many people signing in from one
    // office address at once are not taken for an attack.
    const counted = keys
      .filter((k) => k.kind === "account")
      .map((k) => ({ ...k, ...afterFailure(states.get(k.key), k.kind, now) }));
    for (const { key, state } of counted) await saveState(tx, key, state);
    // Rows whose quiet time has passed tell nothing any more.
    await tx.delete(t).where(lte(t.forgetAt, now));
    return { ok: true, signInTry: { email, clientAddress, now, counted } } as const;
  });
}

/** Takes a try whose password was right back out of the counts; a sign-in clears its account's. */
async function withdrawTry(tx: Tx, signInTry: SignInTry, clearAccount: boolean): Promise<void> {
  const states = await statesOf(
    tx,
    signInTry.counted.map((c) => c.key),
  );
  for (const counted of signInTry.counted) {
    const current = states.get(counted.key);
    if (clearAccount && counted.kind === "account") await tx.delete(t).where(eq(t.key, counted.key));
    else if (current) await saveState(tx, counted.key, withoutTry(current, counted));
  }
}

/** The password was right but the person can't sign in (switched off): the try was no failure. */
export async function withdrawSignInTry(db: Db, signInTry: SignInTry): Promise<void> {
  await db.write((tx) => withdrawTry(tx, signInTry, false));
}

/**
 * A try whose password was wrong (or whose e-mail is nobody's) stays counted; this writes its
 * audit rows, never the password: "sign_in.failed", and "sign_in.locked" for each lock it started.
 */
export async function recordSignInFailure(db: Db, signInTry: SignInTry): Promise<void> {
  const { email, clientAddress, now } = signInTry;
  await db.write(async (tx) => {
    const address = keysOf(email, clientAddress).filter((k) => k.kind === "address");
    const states = await statesOf(
      tx,
      address.map((k) => k.key),
    );
    const addressCounted = address.map((k) => ({ ...k, ...afterFailure(states.get(k.key), k.kind, now) }));
    for (const { key, state } of addressCounted) await saveState(tx, key, state);
    const counted = [...signInTry.counted, ...addressCounted];
    const [person] = await tx
      .select({ id: schema.people.id })
      .from(schema.people)
      .where(eq(schema.people.email, email));
    const entry = { at: now, actorId: null, entityType: "person", entityId: person?.id ?? null } as const;
    const from = clientAddress ? ` from ${clientAddress}` : "";
    await recordAudit(tx, {
      ...entry,
      action: "sign_in.failed",
      summary: person
        ? `A sign-in as ${email}${from} failed: wrong password.`
        : `A sign-in as ${email}${from} failed: no one has that address.`,
      details: {
        email,
        clientAddress,
        known: Boolean(person),
        failures: Object.fromEntries(counted.map((c) => [c.kind, c.state.failures])),
      },
    });
    for (const { kind, state, lockedFor: delay } of counted) {
      if (delay === 0) continue;
      const minutes = `${minutesOf(delay)} ${minutesOf(delay) === 1 ? "minute" : "minutes"}`;
      await recordAudit(tx, {
        ...entry,
        action: "sign_in.locked",
        summary:
          kind === "account"
            ? `Signing in as ${email} is locked for ${minutes} after ${state.failures} failed tries.`
            : `Signing in from ${clientAddress} is locked for ${minutes} after ${state.failures} failed tries from there.`,
        details: { email, clientAddress, kind, failures: state.failures, lockouts: state.lockouts, until: now + delay },
      });
    }
  });
}
