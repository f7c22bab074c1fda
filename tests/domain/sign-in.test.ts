import { describe, expect, it } from "vitest";
import {
  addressBlock,
  afterFailure,
  browserWords,
  isLive,
  lastActiveWords,
  lifetimeWords,
  lockDelay,
  lockedFor,
  reasonToEndSignIns,
  signInLifetimesFrom,
  storedUserAgent,
  throttleAt,
  throttleKey,
  tooManyAttempts,
  withoutTry,
  type ThrottleState,
} from "~/domain/sign-in";
import { DAY, HOUR, MINUTE } from "~/domain/time";

const T = Date.UTC(2027, 2, 1, 9, 0);

/** `count` failures a second apart from `start`, as the key's state afterwards. */
function failures(kind: "account" | "address", count: number, start = T, state?: ThrottleState) {
  let current = state;
  let lastLock = 0;
  for (let i = 0; i < count; i++) {
    const next = afterFailure(current, kind, start + i * 1000);
    current = next.state;
    lastLock = next.lockedFor;
  }
  return { state: current!, lastLock };
}

describe("how long a sign-in lasts", () => {
  it("defaults to a week without use and thirty days in all", () => {
    expect(signInLifetimesFrom({})).toEqual({ idleMs: 7 * DAY, maxMs: 30 * DAY });
    expect(signInLifetimesFrom({ SESSION_IDLE_HOURS: "12", SESSION_MAX_DAYS: "1.5" })).toEqual({
      idleMs: 12 * HOUR,
      maxMs: 36 * HOUR,
    });
  });

  it("refuses a setting that is not a positive number, naming it", () => {
    expect(() => signInLifetimesFrom({ SESSION_IDLE_HOURS: "a week" })).toThrow(/SESSION_IDLE_HOURS/);
    expect(() => signInLifetimesFrom({ SESSION_MAX_DAYS: "0" })).toThrow(/SESSION_MAX_DAYS/);
    expect(() => signInLifetimesFrom({ SESSION_MAX_DAYS: "-3" })).toThrow(/above 0/);
  });

  it("holds until it ends, lapses unused or reaches its last moment", () => {
    const lifetimes = { idleMs: DAY, maxMs: 30 * DAY };
    const signIn = { lastSeenAt: T, expiresAt: T + 30 * DAY, endedAt: null };
    expect(isLive(signIn, lifetimes, T + DAY - 1)).toBe(true);
    expect(isLive(signIn, lifetimes, T + DAY)).toBe(false);
    expect(isLive({ ...signIn, lastSeenAt: T + 30 * DAY - 1 }, lifetimes, T + 30 * DAY)).toBe(false);
    expect(isLive({ ...signIn, endedAt: T }, lifetimes, T + 1)).toBe(false);
  });

  it("says which change ends a person's sign-ins", () => {
    const none = { switchedOff: false, passwordSet: false, rolesChanged: false };
    expect(reasonToEndSignIns(none)).toBeNull();
    expect(reasonToEndSignIns({ ...none, rolesChanged: true })).toBe("roles_changed");
    expect(reasonToEndSignIns({ ...none, passwordSet: true, rolesChanged: true })).toBe("password_changed");
    expect(reasonToEndSignIns({ switchedOff: true, passwordSet: true, rolesChanged: true })).toBe("switched_off");
  });
});

describe("throttling failed sign-ins", () => {
  it("locks an account at its fifth failure and an address at its twentieth", () => {
    expect(failures("account", 4).lastLock).toBe(0);
    expect(failures("account", 5).lastLock).toBe(MINUTE);
    expect(failures("address", 19).lastLock).toBe(0);
    expect(failures("address", 20).lastLock).toBe(MINUTE);
  });

  it("doubles each lock up to an hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => lockDelay(n) / MINUTE)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it("locks again, for twice as long, at the first failure after a lock", () => {
    const { state } = failures("account", 5);
    const afterLock = state.lockedUntil!;
    expect(lockedFor(state, afterLock - 1)).toBe(1);
    expect(lockedFor(state, afterLock)).toBe(0);
    const again = afterFailure(state, "account", afterLock + 1000);
    expect(again.lockedFor).toBe(2 * MINUTE);
  });

  it("starts the count afresh after a quiet quarter of an hour, but remembers the doubling for a day", () => {
    const { state } = failures("account", 5);
    const quiet = state.lockedUntil! + 15 * MINUTE;
    expect(throttleAt(state, quiet)).toMatchObject({ failures: 0, lockouts: 1 });
    expect(failures("account", 4, quiet, state).lastLock).toBe(0);
    expect(failures("account", 5, quiet, state).lastLock).toBe(2 * MINUTE);
    expect(throttleAt(state, state.lockedUntil! + DAY)).toBeUndefined();
  });

  it("takes a try whose password was right back out of the count, lifting the lock it started", () => {
    const four = failures("account", 4).state;
    const fifth = afterFailure(four, "account", T + 10_000);
    expect(fifth.lockedFor).toBe(MINUTE);
    expect(withoutTry(fifth.state, fifth)).toMatchObject({ failures: 4, lockouts: 0, lockedUntil: null });
    const two = failures("account", 2).state;
    const third = afterFailure(two, "account", T + 10_000);
    expect(withoutTry(third.state, third)).toMatchObject({ failures: 2, lockedUntil: null });
  });

  it("counts failures with pauses under a quarter of an hour as one run", () => {
    let state: ThrottleState | undefined;
    for (let i = 0; i < 5; i++) state = afterFailure(state, "account", T + i * 14 * MINUTE).state;
    expect(lockedFor(state, T + 4 * 14 * MINUTE)).toBe(MINUTE);
  });

  it("counts an account by its e-mail whatever the case, and IPv6 addresses by their /64", () => {
    expect(throttleKey("account", "  Emma.Korhonen@Example.COM ")).toBe("account:emma.korhonen@example.com");
    expect(addressBlock("203.0.113.9")).toBe("203.0.113.9");
    expect(addressBlock("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(addressBlock("2001:db8:0:1:aaaa::1")).toBe("2001:db8:0:1::/64");
    expect(addressBlock("2001:0db8:0000:0001:ffff:ffff:ffff:ffff")).toBe("2001:db8:0:1::/64");
    expect(addressBlock("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBlock("::1")).toBe("0:0:0:0::/64");
  });

  it("says how long to wait in whole minutes", () => {
    expect(tooManyAttempts(59_000)).toBe("Too many attempts. Try again in 1 minute.");
    expect(tooManyAttempts(61_000)).toBe("Too many attempts. Try again in 2 minutes.");
    expect(tooManyAttempts(60 * MINUTE)).toBe("Too many attempts. Try again in 60 minutes.");
  });
});

describe("words on the page", () => {
  it.each([
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on Windows"],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
      "Chrome on macOS",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
      "Edge on Windows",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "Safari on an iPhone",
    ],
    [
      "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
      "Samsung Internet on Android",
    ],
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36",
      "Chrome on Linux",
    ],
    ["curl/8.5.0", "An unknown browser"],
    ["", "An unknown browser"],
  ])("names %j as %j", (userAgent, words) => {
    expect(browserWords(userAgent)).toBe(words);
  });

  it("keeps a user-agent short and free of control characters", () => {
    expect(storedUserAgent("Firefox\u0000\u001b[31m/1\r\n")).toBe("Firefox[31m/1");
    expect(storedUserAgent("x".repeat(1000))).toHaveLength(256);
    expect(storedUserAgent(null)).toBe("");
  });

  it("says when a sign-in was last used", () => {
    expect(lastActiveWords(T, T + 90_000)).toBe("just now");
    expect(lastActiveWords(T, T + 12 * MINUTE)).toBe("12 minutes ago");
    expect(lastActiveWords(T, T + HOUR)).toBe("1 hour ago");
    expect(lastActiveWords(T, T + 5 * HOUR)).toBe("5 hours ago");
    expect(lastActiveWords(T, T + DAY)).toBeNull();
    expect([7 * DAY, DAY, 36 * HOUR, HOUR].map(lifetimeWords)).toEqual(["7 days", "1 day", "36 hours", "1 hour"]);
  });
});
