import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  completionFor,
  decideSignOff,
  describeRule,
  evidenceProgress,
  formatMinutes,
  hoursInWords,
  reconcileCompletion,
  sessionsForMinutes,
  standingOf,
  type CompletionRule,
  type EvidenceBooking,
  type LiveCompletion,
} from "~/domain/completion";
import { DAY, HOUR, MINUTE } from "~/domain/time";

const LISTEN_IN = 1;
const INSTALL = 2;
const T0 = Date.UTC(2027, 0, 4, 10, 0);

const rule = (overrides: Partial<CompletionRule> = {}): CompletionRule => ({
  ruleKindId: LISTEN_IN,
  requiredCount: 1,
  reflectionRequired: false,
  validityDays: null,
  ...overrides,
});

let nextId = 1;
function attended(overrides: Partial<EvidenceBooking> = {}): EvidenceBooking {
  const startsAt = overrides.startsAt ?? T0;
  return {
    bookingId: nextId++,
    kindId: LISTEN_IN,
    status: "attended",
    startsAt,
    endsAt: startsAt + HOUR,
    reflection: "",
    reflectedAt: null,
    ...overrides,
  };
}

const LATER = T0 + 10 * DAY;

describe("completionFor", () => {
  it("completes a one-session rule on one attended session of the right kind", () => {
    const booking = attended();
    expect(completionFor(rule(), [booking], LATER)).toEqual({
      completedAt: booking.endsAt,
      expiresAt: null,
      evidence: [booking.bookingId],
    });
  });

  it("does not count bookings that were not attended", () => {
    for (const status of ["booked", "waitlisted", "cancelled", "no_show"] as const) {
      expect(completionFor(rule(), [attended({ status })], LATER)).toBeNull();
    }
  });

  it("counts only sessions of the rule's kind", () => {
    expect(completionFor(rule(), [attended({ kindId: INSTALL })], LATER)).toBeNull();
  });

  it("counts any kind when the rule names none", () => {
    expect(completionFor(rule({ ruleKindId: null }), [attended({ kindId: INSTALL })], LATER)).not.toBeNull();
  });

  it("waits for the required number of sessions", () => {
    const first = attended({ startsAt: T0 });
    const second = attended({ startsAt: T0 + DAY });
    expect(completionFor(rule({ requiredCount: 2 }), [first], LATER)).toBeNull();
    expect(completionFor(rule({ requiredCount: 2 }), [first, second], LATER)).toEqual({
      completedAt: second.endsAt,
      expiresAt: null,
      evidence: [second.bookingId, first.bookingId],
    });
  });

  it("uses the most recent evidence first when there is more than needed", () => {
    const old = attended({ startsAt: T0 });
    const recent = attended({ startsAt: T0 + 2 * DAY });
    expect(completionFor(rule(), [old, recent], LATER)?.evidence).toEqual([recent.bookingId]);
  });

  it("asks for a non-empty reflection on each session when the rule wants one", () => {
    const r = rule({ requiredCount: 2, reflectionRequired: true });
    const a = attended({ startsAt: T0, reflection: "Heard three billing questions.", reflectedAt: T0 + 2 * HOUR });
    const b = attended({ startsAt: T0 + DAY, reflection: "   ", reflectedAt: T0 + DAY + 2 * HOUR });
    expect(completionFor(r, [a, b], LATER)).toBeNull();
    const bReflected = { ...b, reflection: "The customer wanted a callback." };
    expect(completionFor(r, [a, bReflected], LATER)).toEqual({
      completedAt: T0 + DAY + 2 * HOUR,
      expiresAt: null,
      evidence: [b.bookingId, a.bookingId],
    });
  });

  it("dates a completion by the last reflection when it came after the sessions", () => {
    const r = rule({ reflectionRequired: true });
    const booking = attended({ reflection: "Good.", reflectedAt: T0 + 3 * DAY });
    expect(completionFor(r, [booking], LATER)?.completedAt).toBe(T0 + 3 * DAY);
  });

  it("dates a completion by the session's end when the reflection was not needed", () => {
    const booking = attended({ reflection: "Good.", reflectedAt: T0 + 3 * DAY });
    expect(completionFor(rule(), [booking], LATER)?.completedAt).toBe(booking.endsAt);
  });

  it("sets the expiry validityDays after completion", () => {
    const booking = attended();
    expect(completionFor(rule({ validityDays: 365 }), [booking], LATER)?.expiresAt).toBe(booking.endsAt + 365 * DAY);
  });

  it("counts a session only while it started within the validity window", () => {
    const booking = attended({ startsAt: T0 });
    const r = rule({ validityDays: 30 });
    expect(completionFor(r, [booking], T0 + 30 * DAY - 1)).not.toBeNull();
    expect(completionFor(r, [booking], T0 + 30 * DAY)).toBeNull();
  });

  it("never uses more evidence than the rule asks, and never completes with less", () => {
    const booking = fc.record({
      kindId: fc.constantFrom(LISTEN_IN, INSTALL),
      status: fc.constantFrom("booked" as const, "attended" as const, "no_show" as const),
      startsAt: fc.integer({ min: 0, max: 100 }).map((d) => T0 + d * DAY),
      reflected: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(booking, { maxLength: 8 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        (raw, requiredCount, reflectionRequired) => {
          const bookings = raw.map((b, i) => ({
            bookingId: i + 1,
            kindId: b.kindId,
            status: b.status,
            startsAt: b.startsAt,
            endsAt: b.startsAt + HOUR,
            reflection: b.reflected ? "Notes." : "",
            reflectedAt: b.reflected ? b.startsAt + 2 * HOUR : null,
          }));
          const r = rule({ requiredCount, reflectionRequired });
          const qualifying = bookings.filter(
            (b) => b.status === "attended" && b.kindId === LISTEN_IN && (!reflectionRequired || b.reflection !== ""),
          );
          const result = completionFor(r, bookings, T0 + 200 * DAY);
          if (qualifying.length < requiredCount) return result === null;
          return (
            result !== null &&
            result.evidence.length === requiredCount &&
            result.evidence.every((id) => qualifying.some((q) => q.bookingId === id))
          );
        },
      ),
    );
  });
});

describe("reconcileCompletion", () => {
  const live = (overrides: Partial<LiveCompletion> = {}): LiveCompletion => ({
    id: 1,
    source: "evidence",
    completedAt: T0 + HOUR,
    expiresAt: null,
    evidence: [],
    ...overrides,
  });

  it("creates a completion when the evidence first meets the rule", () => {
    const booking = attended();
    expect(reconcileCompletion(rule(), null, [booking], LATER)).toEqual({
      action: "create",
      completion: { completedAt: booking.endsAt, expiresAt: null, evidence: [booking.bookingId] },
    });
  });

  it("does nothing when there is neither a completion nor enough evidence", () => {
    expect(reconcileCompletion(rule(), null, [], LATER)).toEqual({ action: "keep" });
  });

  it("keeps a completion whose evidence still holds", () => {
    const booking = attended();
    expect(reconcileCompletion(rule(), live({ evidence: [booking.bookingId] }), [booking], LATER)).toEqual({
      action: "keep",
    });
  });

  it("withdraws a completion when the attendance it relied on is undone", () => {
    const booking = attended();
    const undone = { ...booking, status: "booked" as const };
    expect(reconcileCompletion(rule(), live({ evidence: [booking.bookingId] }), [undone], LATER)).toEqual({
      action: "revoke",
      reason: "evidence_withdrawn",
    });
    expect(reconcileCompletion(rule(), live({ evidence: [booking.bookingId] }), [], LATER).action).toBe("revoke");
  });

  it("replaces a withdrawn completion straight away when other evidence still meets the rule", () => {
    const kept = attended({ startsAt: T0 });
    const undone = attended({ startsAt: T0 + DAY, status: "no_show" });
    const change = reconcileCompletion(rule(), live({ evidence: [undone.bookingId] }), [kept, undone], LATER);
    expect(change).toEqual({
      action: "replace",
      reason: "evidence_withdrawn",
      completion: { completedAt: kept.endsAt, expiresAt: null, evidence: [kept.bookingId] },
    });
  });

  it("ends an expired completion, and the evidence behind it cannot renew it", () => {
    const r = rule({ validityDays: 30 });
    const booking = attended({ startsAt: T0 });
    const expiresAt = booking.endsAt + 30 * DAY;
    const current = live({ completedAt: booking.endsAt, expiresAt, evidence: [booking.bookingId] });
    expect(reconcileCompletion(r, current, [booking], expiresAt - 1)).toEqual({ action: "keep" });
    expect(reconcileCompletion(r, current, [booking], expiresAt)).toEqual({ action: "revoke", reason: "expired" });
  });

  it("keeps a live completion until its own expiry even when older evidence ages out of the window", () => {
    const r = rule({ requiredCount: 2, validityDays: 30 });
    const old = attended({ startsAt: T0 });
    const recent = attended({ startsAt: T0 + 20 * DAY });
    const current = live({
      completedAt: recent.endsAt,
      expiresAt: recent.endsAt + 30 * DAY,
      evidence: [recent.bookingId, old.bookingId],
    });
    expect(reconcileCompletion(r, current, [old, recent], T0 + 35 * DAY)).toEqual({ action: "keep" });
  });

  it("renews an expiring completion when newer evidence lasts longer", () => {
    const r = rule({ validityDays: 365 });
    const old = attended({ startsAt: T0 });
    const fresh = attended({ startsAt: T0 + 300 * DAY });
    const current = live({ completedAt: old.endsAt, expiresAt: old.endsAt + 365 * DAY, evidence: [old.bookingId] });
    expect(reconcileCompletion(r, current, [old, fresh], T0 + 301 * DAY)).toEqual({
      action: "replace",
      reason: "renewed",
      completion: { completedAt: fresh.endsAt, expiresAt: fresh.endsAt + 365 * DAY, evidence: [fresh.bookingId] },
    });
  });

  it("leaves a manual sign-off alone when attendance changes", () => {
    const manual = live({ source: "manual", evidence: [] });
    expect(reconcileCompletion(rule(), manual, [], LATER)).toEqual({ action: "keep" });
  });

  it("ends an expired manual sign-off", () => {
    const manual = live({ source: "manual", completedAt: T0, expiresAt: T0 + 30 * DAY });
    expect(reconcileCompletion(rule({ validityDays: 30 }), manual, [], T0 + 30 * DAY)).toEqual({
      action: "revoke",
      reason: "expired",
    });
  });
});

describe("standingOf", () => {
  const now = T0;

  it("is done with a completion that has not expired", () => {
    expect(standingOf({ completion: { expiresAt: null }, dueAt: now - DAY, now })).toBe("done");
    expect(standingOf({ completion: { expiresAt: now + 31 * DAY }, dueAt: null, now })).toBe("done");
  });

  it("says expires soon within 30 days of the expiry", () => {
    expect(standingOf({ completion: { expiresAt: now + 30 * DAY }, dueAt: null, now })).toBe("expires_soon");
    expect(standingOf({ completion: { expiresAt: now + 1 }, dueAt: null, now })).toBe("expires_soon");
  });

  it("reads an expired completion as expired, not done, from the moment it expires", () => {
    expect(standingOf({ completion: { expiresAt: now }, dueAt: now + DAY, now })).toBe("expired");
  });

  it("is due until the due day ends and overdue from the instant it ends", () => {
    expect(standingOf({ completion: null, dueAt: now + DAY, now })).toBe("due");
    expect(standingOf({ completion: null, dueAt: now + 1, now })).toBe("due");
    expect(standingOf({ completion: null, dueAt: now, now })).toBe("overdue");
    expect(standingOf({ completion: null, dueAt: now - 1, now })).toBe("overdue");
  });

  it("is due, never overdue, for a core module with no due date", () => {
    expect(standingOf({ completion: null, dueAt: null, now })).toBe("due");
  });
});

describe("evidenceProgress", () => {
  it("shows what counts and which sessions only wait for a reflection", () => {
    const r = rule({ requiredCount: 2, reflectionRequired: true });
    const done = attended({ startsAt: T0, reflection: "Noted.", reflectedAt: T0 + 2 * HOUR });
    const waiting = attended({ startsAt: T0 + DAY });
    const otherKind = attended({ startsAt: T0 + 2 * DAY, kindId: INSTALL });
    const progress = evidenceProgress(r, [done, waiting, otherKind], LATER);
    expect(progress.required).toBe(2);
    expect(progress.counted.map((b) => b.bookingId)).toEqual([done.bookingId]);
    expect(progress.awaitingReflection.map((b) => b.bookingId)).toEqual([waiting.bookingId]);
  });
});

describe("describeRule", () => {
  it("puts the rule in words", () => {
    expect(
      describeRule(rule({ requiredCount: 2, reflectionRequired: true, validityDays: 365 }), "Call-centre listen-in"),
    ).toBe("2 attended call-centre listen-ins, each with a reflection; valid for 12 months");
    expect(describeRule(rule({ ruleKindId: null }), null)).toBe("1 attended shadowing session");
  });
});

describe("rules counted in hours", () => {
  const twoHours = rule({ requiredMinutes: 120 });
  /** A listen-in of `minutes`, the `day`-th day after T0. */
  const listenIn = (day: number, minutes: number, overrides: Partial<EvidenceBooking> = {}) =>
    attended({ startsAt: T0 + day * DAY, endsAt: T0 + day * DAY + minutes * MINUTE, ...overrides });

  it("does not complete a 2-hour rule on one 15-minute listen-in", () => {
    expect(completionFor(twoHours, [listenIn(0, 15)], LATER)).toBeNull();
  });

  it("completes a 2-hour rule on eight 15-minute listen-ins, when the last one ends", () => {
    const eight = Array.from({ length: 8 }, (_, day) => listenIn(day, 15));
    expect(completionFor(twoHours, eight.slice(0, 7), LATER)).toBeNull();
    const derived = completionFor(twoHours, eight, LATER);
    expect(derived?.completedAt).toBe(eight[7].endsAt);
    expect([...(derived?.evidence ?? [])].sort((a, b) => a - b)).toEqual(eight.map((b) => b.bookingId));
  });

  it("counts each session by its own length and uses the most recent first, only as many as it takes", () => {
    const long = listenIn(0, 90);
    const short = listenIn(1, 15);
    const recent = listenIn(2, 60);
    const derived = completionFor(twoHours, [long, short, recent], LATER);
    // 60 + 15 falls short; the 90-minute one makes it.
    expect(derived?.evidence).toEqual([recent.bookingId, short.bookingId, long.bookingId]);
    expect(completionFor(twoHours, [short, recent], LATER)).toBeNull();
    expect(completionFor(twoHours, [listenIn(0, 120), listenIn(1, 120)], LATER)?.evidence).toHaveLength(1);
  });

  it("counts only attended sessions of the kind, with a reflection where asked, inside the validity window", () => {
    const others = [
      listenIn(0, 120, { status: "booked" }),
      listenIn(0, 120, { status: "no_show" }),
      listenIn(0, 120, { kindId: INSTALL }),
    ];
    expect(completionFor(twoHours, others, LATER)).toBeNull();
    const withReflection = rule({ requiredMinutes: 120, reflectionRequired: true });
    expect(completionFor(withReflection, [listenIn(0, 120)], LATER)).toBeNull();
    expect(
      completionFor(withReflection, [listenIn(0, 120, { reflection: "Heard a lot.", reflectedAt: T0 + DAY })], LATER),
    ).not.toBeNull();
    const yearly = rule({ requiredMinutes: 120, validityDays: 30 });
    expect(completionFor(yearly, [listenIn(0, 60), listenIn(40, 60)], T0 + 45 * DAY)).toBeNull();
  });

  it("withdraws the completion when one of the eight listen-ins is no longer attended", () => {
    const eight = Array.from({ length: 8 }, (_, day) => listenIn(day, 15));
    const derived = completionFor(twoHours, eight, LATER);
    if (!derived) throw new Error("eight quarter-hours make two hours");
    const live = { id: 1, source: "evidence" as const, ...derived };
    const undone = eight.map((b, i) => (i === 3 ? { ...b, status: "booked" as const } : b));
    expect(reconcileCompletion(twoHours, live, undone, LATER)).toEqual({
      action: "revoke",
      reason: "evidence_withdrawn",
    });
    expect(reconcileCompletion(twoHours, live, [...undone, listenIn(9, 30)], LATER)).toMatchObject({
      action: "replace",
      reason: "evidence_withdrawn",
    });
  });

  it("shows the time so far against the time asked for", () => {
    const progress = evidenceProgress(twoHours, [listenIn(0, 60), listenIn(1, 15)], LATER);
    expect(progress.requiredMinutes).toBe(120);
    expect(progress.countedMinutes).toBe(75);
    expect(`${formatMinutes(progress.countedMinutes ?? 0)} of ${formatMinutes(120)}`).toBe("1 h 15 min of 2 h");
    expect(evidenceProgress(rule(), [listenIn(0, 60)], LATER)).toMatchObject({
      requiredMinutes: null,
      countedMinutes: null,
    });
  });

  it("puts the rule and the time in words", () => {
    expect(describeRule(rule({ requiredMinutes: 120, reflectionRequired: true }), "Call-centre listen-in")).toBe(
      "2 hours of attended call-centre listen-ins, each with a reflection",
    );
    expect(describeRule(rule({ ruleKindId: null, requiredMinutes: 90, validityDays: 365 }), null)).toBe(
      "1½ hours of attended shadowing sessions; valid for 12 months",
    );
    expect([30, 60, 150].map(hoursInWords)).toEqual(["half an hour", "1 hour", "2½ hours"]);
    expect([0, 15, 60, 75, 600].map(formatMinutes)).toEqual(["0 min", "15 min", "1 h", "1 h 15 min", "10 h"]);
  });

  it("comes to whole sessions of the kind's usual length for planning ahead", () => {
    expect(sessionsForMinutes(120, 60, 50)).toBe(2);
    expect(sessionsForMinutes(120, 45, 50)).toBe(3);
    expect(sessionsForMinutes(30, 240, 50)).toBe(1);
    expect(sessionsForMinutes(120, null, 50)).toBe(2);
    expect(sessionsForMinutes(12000, 15, 50)).toBe(50);
  });
});

describe("decideSignOff", () => {
  const manager = { id: 2, isAdmin: false, managesPerson: true };

  it("lets a manager sign off a report with a reason", () => {
    expect(
      decideSignOff({
        actor: manager,
        personId: 7,
        moduleActive: true,
        reason: " Ran the call line for a year ",
        live: null,
        now: T0,
      }),
    ).toEqual({
      ok: true,
      reason: "Ran the call line for a year",
    });
  });

  it("asks for a reason", () => {
    expect(
      decideSignOff({ actor: manager, personId: 7, moduleActive: true, reason: "  ", live: null, now: T0 }),
    ).toEqual({
      ok: false,
      reason: { code: "reason_missing" },
    });
  });

  it("refuses people outside the reporting line and one's own training", () => {
    expect(
      decideSignOff({
        actor: { id: 3, isAdmin: false, managesPerson: false },
        personId: 7,
        moduleActive: true,
        reason: "x",
        live: null,
        now: T0,
      }).ok,
    ).toBe(false);
    expect(
      decideSignOff({
        actor: { id: 7, isAdmin: true, managesPerson: false },
        personId: 7,
        moduleActive: true,
        reason: "x",
        live: null,
        now: T0,
      }),
    ).toEqual({
      ok: false,
      reason: { code: "own_training" },
    });
  });

  it("refuses when the person already holds the module, but not when it has expired", () => {
    expect(
      decideSignOff({
        actor: manager,
        personId: 7,
        moduleActive: true,
        reason: "x",
        live: { expiresAt: null },
        now: T0,
      }),
    ).toEqual({
      ok: false,
      reason: { code: "already_complete" },
    });
    expect(
      decideSignOff({ actor: manager, personId: 7, moduleActive: true, reason: "x", live: { expiresAt: T0 }, now: T0 })
        .ok,
    ).toBe(true);
  });
});
