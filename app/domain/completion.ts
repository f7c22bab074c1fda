/**
 * The completion engine: whether a person holds a service module follows from evidence alone.
 *
 * - Evidence is an attended booking on a session of the module's kind (any kind when the rule
 *   names none), with a non-empty reflection when the rule asks for one.
 * - A rule counts either sessions ("2 attended listen-ins") or attended time ("2 hours of
 *   listen-ins"). Time is each session's own length, start to end, so a 15-minute listen-in
 *   counts 15 minutes. The most recent sessions are used first, until the count or the time is
 *   reached.
 * - A booking's evidence time is when its last needed piece existed: the session's end, or the
 *   reflection's time when a reflection is required and it was written later. `completedAt` is
 *   the latest evidence time among the bookings used, `expiresAt` is `completedAt + validityDays`.
 * - For a module that expires, a booking counts only while its session started within the last
 *   `validityDays` days, so the evidence behind an expired completion can't renew it again.
 * - Undoing the evidence withdraws the completion; a newer set of evidence that lasts longer
 *   renews it; an expired completion turns the assignment due again.
 *
 * Validity is counted in whole 24-hour days from the completion's instant, not in calendar days.
 */
import { DAY, MINUTE } from "./time";

/** A done module shows "expires soon" this close to its expiry. */
export const EXPIRES_SOON_MS = 30 * DAY;

export interface CompletionRule {
  /** The session kind that counts, or null for any kind. */
  ruleKindId: number | null;
  requiredCount: number;
  /**
   * Attended time the rule asks for, in minutes, for a rule counted in hours; null (or left out)
   * when the rule counts sessions.
   */
  requiredMinutes?: number | null;
  reflectionRequired: boolean;
  /** Days a completion stays valid, or null when it never expires. */
  validityDays: number | null;
}

/** Hour rules: at most this many hours, in steps of half an hour. */
export const MAX_REQUIRED_HOURS = 200;
export const HOUR_STEP_MINUTES = 30;

/**
 * How many sessions of the kind's usual length (an hour when the rule takes any kind) an hour
 * rule comes to, at least one and at most `most`: its estimate in sessions.
 */
export function sessionsForMinutes(requiredMinutes: number, usualMinutes: number | null, most: number): number {
  const usual = usualMinutes !== null && usualMinutes > 0 ? usualMinutes : 60;
  return Math.min(most, Math.max(1, Math.ceil(requiredMinutes / usual)));
}

export function countsHours(rule: Pick<CompletionRule, "requiredMinutes">): boolean {
  return rule.requiredMinutes !== undefined && rule.requiredMinutes !== null;
}

/** How long a session lasted, in minutes: the time it counts toward an hour rule. */
export function minutesOf(booking: Pick<EvidenceBooking, "startsAt" | "endsAt">): number {
  return Math.max(0, (booking.endsAt - booking.startsAt) / MINUTE);
}

function totalMinutes(bookings: readonly Pick<EvidenceBooking, "startsAt" | "endsAt">[]): number {
  return bookings.reduce((sum, b) => sum + minutesOf(b), 0);
}

/** One of the person's bookings, as the engine sees it. */
export interface EvidenceBooking {
  bookingId: number;
  kindId: number;
  status: "booked" | "waitlisted" | "cancelled" | "attended" | "no_show";
  startsAt: number;
  endsAt: number;
  reflection: string;
  reflectedAt: number | null;
}

export interface DerivedCompletion {
  completedAt: number;
  expiresAt: number | null;
  /** Booking ids used, most recent first. */
  evidence: number[];
}

export interface LiveCompletion {
  id: number;
  source: "evidence" | "manual";
  completedAt: number;
  expiresAt: number | null;
  evidence: readonly number[];
}

export function hasReflection(booking: Pick<EvidenceBooking, "reflection">): boolean {
  return booking.reflection.trim().length > 0;
}

/** Attended, of the right kind, with a reflection when asked: the rule's own test, without time. */
export function meetsRule(rule: CompletionRule, booking: EvidenceBooking): boolean {
  if (booking.status !== "attended") return false;
  if (rule.ruleKindId !== null && booking.kindId !== rule.ruleKindId) return false;
  if (rule.reflectionRequired && !hasReflection(booking)) return false;
  return true;
}

/** For a module that expires, only sessions that started within the validity window count. */
export function withinValidityWindow(
  rule: CompletionRule,
  booking: Pick<EvidenceBooking, "startsAt">,
  now: number,
): boolean {
  if (rule.validityDays === null) return true;
  return booking.startsAt > now - rule.validityDays * DAY;
}

export function evidenceTime(rule: CompletionRule, booking: EvidenceBooking): number {
  if (rule.reflectionRequired && booking.reflectedAt !== null) return Math.max(booking.endsAt, booking.reflectedAt);
  return booking.endsAt;
}

export function expiryOf(rule: CompletionRule, completedAt: number): number | null {
  return rule.validityDays === null ? null : completedAt + rule.validityDays * DAY;
}

/** The bookings that count toward the rule at `now`, most recent session first. */
export function countingEvidence<B extends EvidenceBooking>(
  rule: CompletionRule,
  bookings: readonly B[],
  now: number,
): B[] {
  return bookings
    .filter((b) => meetsRule(rule, b) && withinValidityWindow(rule, b, now))
    .sort((a, b) => b.startsAt - a.startsAt || b.bookingId - a.bookingId);
}

/**
 * The counting bookings the rule uses, most recent first: the first `requiredCount` of them, or
 * for an hour rule as many as it takes to reach the time (all of them while it is not reached).
 */
export function usedEvidence<B extends EvidenceBooking>(
  rule: CompletionRule,
  bookings: readonly B[],
  now: number,
): B[] {
  const counting = countingEvidence(rule, bookings, now);
  if (!countsHours(rule)) return counting.slice(0, rule.requiredCount);
  const used: B[] = [];
  let minutes = 0;
  for (const booking of counting) {
    if (minutes >= (rule.requiredMinutes ?? 0)) break;
    used.push(booking);
    minutes += minutesOf(booking);
  }
  return used;
}

/** Whether these bookings, all counting, are enough for the rule. */
function enough(rule: CompletionRule, used: readonly EvidenceBooking[]): boolean {
  return countsHours(rule) ? totalMinutes(used) >= (rule.requiredMinutes ?? 0) : used.length >= rule.requiredCount;
}

/** The completion the evidence supports at `now`, or null when the rule is not met. */
export function completionFor(
  rule: CompletionRule,
  bookings: readonly EvidenceBooking[],
  now: number,
): DerivedCompletion | null {
  const used = usedEvidence(rule, bookings, now);
  if (used.length === 0 || !enough(rule, used)) return null;
  const completedAt = Math.max(...used.map((b) => evidenceTime(rule, b)));
  return { completedAt, expiresAt: expiryOf(rule, completedAt), evidence: used.map((b) => b.bookingId) };
}

export function isExpired(completion: { expiresAt: number | null }, now: number): boolean {
  return completion.expiresAt !== null && completion.expiresAt <= now;
}

export type RevokeReason = "evidence_withdrawn" | "expired" | "renewed";

export const REVOKE_REASON_TEXT: Record<RevokeReason, string> = {
  evidence_withdrawn: "The attendance or reflection it relied on was undone.",
  expired: "It expired.",
  renewed: "Renewed by newer evidence.",
};

export type CompletionChange =
  | { action: "keep" }
  | { action: "create"; completion: DerivedCompletion }
  | { action: "revoke"; reason: RevokeReason }
  | { action: "replace"; reason: RevokeReason; completion: DerivedCompletion };

/**
 * What to do with a person's live completion of a module after their evidence changed or time
 * passed. A completion that still stands is kept as it is, even when its older evidence has since
 * aged out of the window: it runs until its own expiry.
 */
export function reconcileCompletion(
  rule: CompletionRule,
  live: LiveCompletion | null,
  bookings: readonly EvidenceBooking[],
  now: number,
): CompletionChange {
  const derived = completionFor(rule, bookings, now);
  if (live === null) return derived ? { action: "create", completion: derived } : { action: "keep" };

  const endWith = (reason: RevokeReason): CompletionChange =>
    derived ? { action: "replace", reason, completion: derived } : { action: "revoke", reason };

  if (live.source === "evidence") {
    const byId = new Map(bookings.map((b) => [b.bookingId, b]));
    const stillMet = live.evidence.every((id) => {
      const booking = byId.get(id);
      return booking !== undefined && meetsRule(rule, booking);
    });
    if (!stillMet) return endWith("evidence_withdrawn");
  }
  if (isExpired(live, now)) return endWith("expired");
  if (derived && live.expiresAt !== null && derived.expiresAt !== null && derived.expiresAt > live.expiresAt) {
    return { action: "replace", reason: "renewed", completion: derived };
  }
  return { action: "keep" };
}

export type ModuleStanding = "done" | "expires_soon" | "expired" | "due" | "overdue";

export const STANDING_LABELS: Record<ModuleStanding, string> = {
  done: "Done",
  expires_soon: "Expires soon",
  expired: "Expired",
  due: "Due",
  overdue: "Overdue",
};

/**
 * Where a person stands on a module. An expired completion reads as expired (not done) at once,
 * before any background refresh has reopened the assignment. `dueAt` is null for a core module
 * nobody assigned with a date.
 */
export function standingOf(input: {
  completion: { expiresAt: number | null } | null;
  dueAt: number | null;
  now: number;
}): ModuleStanding {
  const { completion, dueAt, now } = input;
  if (completion && !isExpired(completion, now)) {
    return completion.expiresAt !== null && completion.expiresAt - now <= EXPIRES_SOON_MS ? "expires_soon" : "done";
  }
  if (completion) return "expired";
  // `dueAt` is when the due day ends (days are half-open), so from that instant on it is late.
  if (dueAt !== null && now >= dueAt) return "overdue";
  return "due";
}

export function isDone(standing: ModuleStanding): boolean {
  return standing === "done" || standing === "expires_soon";
}

export interface EvidenceProgress<B extends EvidenceBooking = EvidenceBooking> {
  required: number;
  /** For an hour rule, the minutes it asks for and the minutes `counted` adds up to; else null. */
  requiredMinutes: number | null;
  countedMinutes: number | null;
  /** Bookings that count now, most recent first (those the rule uses). */
  counted: B[];
  /** Attended bookings of the right kind that would count once the person writes a reflection. */
  awaitingReflection: B[];
}

/** "1 of 2 listen-ins, 1 waiting for a reflection": what the person has and what is missing. */
export function evidenceProgress<B extends EvidenceBooking>(
  rule: CompletionRule,
  bookings: readonly B[],
  now: number,
): EvidenceProgress<B> {
  const counted = usedEvidence(rule, bookings, now);
  const awaitingReflection = rule.reflectionRequired
    ? bookings
        .filter(
          (b) =>
            meetsRule({ ...rule, reflectionRequired: false }, b) &&
            !hasReflection(b) &&
            withinValidityWindow(rule, b, now),
        )
        .sort((a, b) => b.startsAt - a.startsAt || b.bookingId - a.bookingId)
    : [];
  const hours = countsHours(rule);
  return {
    required: rule.requiredCount,
    requiredMinutes: hours ? (rule.requiredMinutes ?? 0) : null,
    countedMinutes: hours ? totalMinutes(counted) : null,
    counted,
    awaitingReflection,
  };
}

/** Attended time in short: "1 h 15 min", "2 h", "45 min". */
export function formatMinutes(minutes: number): string {
  const whole = Math.round(minutes);
  const h = Math.floor(whole / 60);
  const m = whole % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** What counts so far against what the rule asks: "1 of 2", or for an hour rule "1 h 15 min of 2 h". */
export function evidenceSoFar(progress: {
  required: number;
  requiredMinutes: number | null;
  countedMinutes: number | null;
  counted: readonly unknown[];
}): string {
  if (progress.requiredMinutes !== null && progress.countedMinutes !== null) {
    return `${formatMinutes(progress.countedMinutes)} of ${formatMinutes(progress.requiredMinutes)}`;
  }
  return `${Math.min(progress.counted.length, progress.required)} of ${progress.required}`;
}

/** An hour rule's time in words: "half an hour", "1 hour", "1½ hours", "2 hours". */
export function hoursInWords(minutes: number): string {
  if (minutes === 30) return "half an hour";
  const whole = Math.floor(minutes / 60);
  const half = minutes % 60 >= 30 ? "½" : "";
  return whole === 1 && half === "" ? "1 hour" : `${whole}${half} hours`;
}

/**
 * A plain sentence for a module's rule: "2 attended call-centre listen-ins, each with a
 * reflection", or for an hour rule "2 hours of attended call-centre listen-ins, each with a reflection".
 */
export function describeRule(rule: CompletionRule, kindName: string | null): string {
  const what = kindName ?? "shadowing session";
  const validity = rule.validityDays === null ? "" : `; valid for ${describeDays(rule.validityDays)}`;
  if (countsHours(rule)) {
    const reflection = rule.reflectionRequired ? ", each with a reflection" : "";
    return `${hoursInWords(rule.requiredMinutes ?? 0)} of attended ${what.toLowerCase()}s${reflection}${validity}`;
  }
  const noun = rule.requiredCount === 1 ? what : `${what}s`;
  const count = rule.requiredCount === 1 ? "1 attended" : `${rule.requiredCount} attended`;
  const reflection = rule.reflectionRequired
    ? rule.requiredCount === 1
      ? ", with a reflection"
      : ", each with a reflection"
    : "";
  return `${count} ${noun.toLowerCase()}${reflection}${validity}`;
}

function describeDays(days: number): string {
  if (days % 365 === 0) return days === 365 ? "12 months" : `${days / 365} years`;
  if (days % 30 === 0) return days === 30 ? "1 month" : `${days / 30} months`;
  return days === 1 ? "1 day" : `${days} days`;
}

export const SIGN_OFF_REASON_MAX = 1000;

export type SignOffRefusal =
  | { code: "person_not_found" }
  | { code: "module_not_found" }
  | { code: "module_inactive" }
  | { code: "own_training" }
  | { code: "not_allowed" }
  | { code: "reason_missing" }
  | { code: "reason_too_long"; max: number }
  | { code: "already_complete" };

/**
 * A manager (of the person, directly or further up) or an admin may sign a module off by hand,
 * with a reason, when the person does not already hold it. Nobody signs off their own training.
 */
export function decideSignOff(input: {
  actor: { id: number; isAdmin: boolean; managesPerson: boolean };
  personId: number;
  moduleActive: boolean;
  reason: string;
  live: { expiresAt: number | null } | null;
  now: number;
}): { ok: true; reason: string } | { ok: false; reason: SignOffRefusal } {
  const { actor, personId, live, now } = input;
  const reason = input.reason.trim();
  if (actor.id === personId) return { ok: false, reason: { code: "own_training" } };
  if (!actor.isAdmin && !actor.managesPerson) return { ok: false, reason: { code: "not_allowed" } };
  if (!input.moduleActive) return { ok: false, reason: { code: "module_inactive" } };
  if (reason.length === 0) return { ok: false, reason: { code: "reason_missing" } };
  if (reason.length > SIGN_OFF_REASON_MAX)
    return { ok: false, reason: { code: "reason_too_long", max: SIGN_OFF_REASON_MAX } };
  if (live && !isExpired(live, now)) return { ok: false, reason: { code: "already_complete" } };
  return { ok: true, reason };
}

export function signOffMessage(reason: SignOffRefusal): string {
  switch (reason.code) {
    case "person_not_found":
      return "That person isn't in the company directory.";
    case "module_not_found":
      return "That module doesn't exist.";
    case "module_inactive":
      return "This module is no longer in use, so it can't be signed off.";
    case "own_training":
      return "You can't sign off your own training — ask your manager.";
    case "not_allowed":
      return "Only the person's manager or an admin can sign this module off.";
    case "reason_missing":
      return "Say why you are signing this off, for the record.";
    case "reason_too_long":
      return `Keep the reason to at most ${reason.max} characters.`;
    case "already_complete":
      return "This module is already complete for this person.";
  }
}
