/**
 * The rules of signing in, as plain TypeScript: how long a sign-in lasts, when repeated failures
 * lock an account or an address and for how long, and how a browser and a moment are put in
 * words on the "Where you're signed in" page.
 */
import type { SignInEndReason } from "../../db/schema";
import { DAY, HOUR, MINUTE } from "./time";

// ---- How long a sign-in lasts ------------------------------------------------------------------

export interface SignInLifetimes {
  /** A sign-in lapses after this long without a request. */
  idleMs: number;
  /** A sign-in lapses this long after it began, however busy. */
  maxMs: number;
}

export const DEFAULT_IDLE_HOURS = 7 * 24;
export const DEFAULT_MAX_DAYS = 30;

/** The lifetimes from SESSION_IDLE_HOURS and SESSION_MAX_DAYS; a value that is not a positive number is refused. */
export function signInLifetimesFrom(env: Record<string, string | undefined>): SignInLifetimes {
  return {
    idleMs: positive(env, "SESSION_IDLE_HOURS", DEFAULT_IDLE_HOURS) * HOUR,
    maxMs: positive(env, "SESSION_MAX_DAYS", DEFAULT_MAX_DAYS) * DAY,
  };
}

function positive(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a number above 0 (it is "${text}"); leave it unset for ${fallback}.`);
  }
  return value;
}

/** What a stored sign-in needs to say whether it still holds. */
export interface SignInTimes {
  lastSeenAt: number;
  expiresAt: number;
  endedAt: number | null;
}

export function isLive(signIn: SignInTimes, lifetimes: SignInLifetimes, now: number): boolean {
  return signIn.endedAt === null && now < signIn.expiresAt && now < signIn.lastSeenAt + lifetimes.idleMs;
}

/** A request refreshes "last active" at most this often, so pages do not write on every request. */
export const LAST_SEEN_STEP = MINUTE;

export function needsRefresh(lastSeenAt: number, now: number): boolean {
  return now - lastSeenAt >= LAST_SEEN_STEP;
}

/**
 * Why a change to a person ends their sign-ins, if it does: being switched off, a new password or
 * a change of roles each does (the first that applies names it).
 */
export function reasonToEndSignIns(change: {
  switchedOff: boolean;
  passwordSet: boolean;
  rolesChanged: boolean;
}): SignInEndReason | null {
  if (change.switchedOff) return "switched_off";
  if (change.passwordSet) return "password_changed";
  if (change.rolesChanged) return "roles_changed";
  return null;
}

// ---- Throttling failed sign-ins ----------------------------------------------------------------

/**
 * Failures are counted per account (the e-mail typed, whether or not it is someone's) and per
 * client address. Reaching the limit locks the key; while the run goes on, every further failure
 * after a lock locks it again for twice as long. A run of failures is forgotten after a quiet
 * window (no failure, no lock); the doubling is forgotten after a quiet day, or for an account,
 * when it signs in.
 */
export const THROTTLE = {
  accountLimit: 5,
  addressLimit: 20,
  window: 15 * MINUTE,
  firstDelay: MINUTE,
  longestDelay: 60 * MINUTE,
  memory: DAY,
} as const;

export type ThrottleKind = "account" | "address";

export interface ThrottleState {
  failures: number;
  lockouts: number;
  lastFailureAt: number;
  lockedUntil: number | null;
}

export function throttleKey(kind: ThrottleKind, value: string): string {
  return `${kind}:${kind === "account" ? normalEmail(value) : addressBlock(value)}`;
}

export function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The block an address is counted in: an IPv4 address itself (also when written IPv4-in-IPv6),
 * an IPv6 address by its /64, which one household or server is given whole.
 */
export function addressBlock(address: string): string {
  const text = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (mapped) return mapped[1];
  if (!text.includes(":")) return text;
  const groups = ipv6Groups(text.replace(/%.*$/, ""));
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : text;
}

function ipv6Groups(text: string): string[] | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const part = (s: string) => (s === "" ? [] : s.split(":"));
  const head = part(halves[0]);
  const tail = halves.length === 2 ? part(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array<string>(missing).fill("0"), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => g.replace(/^0+(?=.)/, ""));
}

const lastActivity = (state: ThrottleState) => Math.max(state.lastFailureAt, state.lockedUntil ?? 0);

/** The state as it stands at `now`: the run, or all of it, forgotten after its quiet time. */
export function throttleAt(state: ThrottleState | undefined, now: number): ThrottleState | undefined {
  if (!state) return undefined;
  const quiet = now - lastActivity(state);
  if (quiet >= THROTTLE.memory) return undefined;
  if (quiet >= THROTTLE.window) return { ...state, failures: 0 };
  return state;
}

/** How long the key stays locked from `now`; 0 when it is not. */
export function lockedFor(state: ThrottleState | undefined, now: number): number {
  const lockedUntil = state?.lockedUntil ?? null;
  return lockedUntil !== null && lockedUntil > now ? lockedUntil - now : 0;
}

/** 1, 2, 4 … minutes, at most an hour. */
export function lockDelay(lockouts: number): number {
  return Math.min(THROTTLE.longestDelay, THROTTLE.firstDelay * 2 ** Math.max(0, lockouts - 1));
}

export function limitOf(kind: ThrottleKind): number {
  return kind === "account" ? THROTTLE.accountLimit : THROTTLE.addressLimit;
}

/** One more failure: the new state, and the delay of the lock it starts (0 when none). */
export function afterFailure(
  previous: ThrottleState | undefined,
  kind: ThrottleKind,
  now: number,
): { base: ThrottleState; state: ThrottleState; lockedFor: number } {
  const base = throttleAt(previous, now) ?? { failures: 0, lockouts: 0, lastFailureAt: now, lockedUntil: null };
  const failures = base.failures + 1;
  if (failures < limitOf(kind)) {
    return { base, state: { ...base, failures, lastFailureAt: now }, lockedFor: 0 };
  }
  const lockouts = base.lockouts + 1;
  const delay = lockDelay(lockouts);
  return { base, state: { failures, lockouts, lastFailureAt: now, lockedUntil: now + delay }, lockedFor: delay };
}

/**
 * A try is counted as a failure before its password is checked, so a burst of simultaneous tries
 * can't all slip in before the first failure is written. When the password turns out right, the
 * try is taken back out of the count: one failure fewer, and the lock it started (if no later try
 * has replaced it) lifted.
 */
export function withoutTry(
  current: ThrottleState,
  counted: { base: ThrottleState; state: ThrottleState; lockedFor: number },
): ThrottleState {
  const failures = Math.max(0, current.failures - 1);
  const itsLock = counted.lockedFor > 0 && current.lockedUntil === counted.state.lockedUntil;
  return itsLock
    ? { ...current, failures, lockouts: counted.base.lockouts, lockedUntil: counted.base.lockedUntil }
    : { ...current, failures };
}

/** When the row of a key may be dropped: nothing about it is remembered after that. */
export function forgetAt(state: ThrottleState): number {
  return lastActivity(state) + THROTTLE.memory;
}

/** Whole minutes, rounded up: a lock of 61 seconds is "2 minutes". */
export function minutesOf(ms: number): number {
  return Math.max(1, Math.ceil(ms / MINUTE));
}

export function tooManyAttempts(ms: number): string {
  const minutes = minutesOf(ms);
  return `Too many attempts. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

// ---- Words for the "Where you're signed in" page ------------------------------------------------

/** The longest user-agent kept with a sign-in. */
export const USER_AGENT_LENGTH = 256;

/** The user-agent as stored: control characters out, cut short. */
export function storedUserAgent(userAgent: string | null): string {
  // eslint-disable-next-line no-control-regex
  return (userAgent ?? "").replace(/[\u0000-\u001f\u007f-\u009f]/g, "").slice(0, USER_AGENT_LENGTH);
}

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\bChrome\/|\bCriOS\/|\bHeadlessChrome\/|\bChromium\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\/|\bMobile\/\w+ Safari\//, "Safari"],
  [/\bTrident\/|\bMSIE /, "Internet Explorer"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\biPhone\b/, "an iPhone"],
  [/\biPad\b/, "an iPad"],
  [/\bAndroid\b/, "Android"],
  [/\bWindows\b/, "Windows"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b|\bX11\b/, "Linux"],
];

/** "Firefox on Windows", "Safari on an iPhone", or "An unknown browser". */
export function browserWords(userAgent: string): string {
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `A browser on ${system}`;
  return "An unknown browser";
}

/** "just now", "12 minutes ago", "3 hours ago"; null when it was long enough ago to show the date. */
export function lastActiveWords(lastSeenAt: number, now: number): string | null {
  const ago = Math.max(0, now - lastSeenAt);
  if (ago < 2 * LAST_SEEN_STEP) return "just now";
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} minutes ago`;
  if (ago < DAY) {
    const hours = Math.floor(ago / HOUR);
    return `${hours} ${hours === 1 ? "hour" : "hours"} ago`;
  }
  return null;
}

/** "7 days", "1 day", "36 hours", "1 hour": how long a sign-in may last, in words. */
export function lifetimeWords(ms: number): string {
  if (ms >= DAY && ms % DAY === 0) return ms === DAY ? "1 day" : `${ms / DAY} days`;
  const hours = Math.max(1, Math.round(ms / HOUR));
  return hours === 1 ? "1 hour" : `${hours} hours`;
}
