/**
 * The planner's reasons in words, written when the page is read: a plan is kept as data and read
 * later, so the sentences name absolute days ("overdue since 2 Dec", "due Thu 10 Dec") and never
 * relative ones ("in 5 days") that would go stale.
 */
import { everyOne, plural } from "../counting";
import { dayOf, formatCalendarDay, type Day } from "../time";
import type { CoveredAssignment, NeedRef, PlacementReason, SessionCounts, UnplacedReason } from "./types";

export interface SentenceContext {
  /** The reader's time zone, for due instants that come without their due day. */
  timeZone: string;
}

/** The due day: the one the assignee picked, or the reader's day in which the due instant falls. */
function dueDay(need: Pick<NeedRef, "dueAt" | "dueOn">, timeZone: string): Day {
  return need.dueOn ?? dayOf(need.dueAt - 1, timeZone);
}

/** A day as "Thu 10 Dec" (with the weekday) or "2 Dec", and its year when not the plan's. */
function writeDay(day: Day, plannedAt: number, timeZone: string, weekday: boolean): string {
  const sameYear = dayOf(plannedAt, timeZone).slice(0, 4) === day.slice(0, 4);
  return formatCalendarDay(day, { weekday, year: !sameYear });
}

function quoted(title: string): string {
  return `‘${title}’`;
}

/** "overdue since 2 Dec" or "due Thu 10 Dec". */
function dueWords(need: NeedRef, plannedAt: number, timeZone: string): string {
  const day = dueDay(need, timeZone);
  return need.overdue
    ? `overdue since ${writeDay(day, plannedAt, timeZone, false)}`
    : `due ${writeDay(day, plannedAt, timeZone, true)}`;
}

/** "‘A’", "‘A’ and ‘B’", "‘A’, ‘B’ and ‘C’". */
function listOf(words: readonly string[], conjunction = "and"): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${conjunction} ${words[words.length - 1]}`;
}

/** Each open assignment by title with its due words: "‘A’ (overdue since 2 Dec)". */
function needsWords(needs: readonly NeedRef[], plannedAt: number, timeZone: string, conjunction = "and"): string {
  return listOf(
    needs.map((n) => `${quoted(n.moduleTitle)} (${dueWords(n, plannedAt, timeZone)})`),
    conjunction,
  );
}

/** Which assignment a proposed booking serves and why that one. */
export function placementSentence(reason: PlacementReason, ctx: SentenceContext): string {
  const { timeZone } = ctx;
  const served = `${quoted(reason.moduleTitle)}, ${dueWords(reason, reason.plannedAt, timeZone)}`;
  if (reason.earlier === null) {
    return reason.overdue
      ? `Serves ${served}: the most overdue of their open assignments comes first.`
      : `Serves ${served}, their earliest-due open assignment.`;
  }
  const earlier = `${quoted(reason.earlier.moduleTitle)}, ${dueWords(reason.earlier, reason.plannedAt, timeZone)}`;
  return `Serves ${served}, the earliest that this session can serve (it cannot serve ${earlier}).`;
}

function coveredWords(a: CoveredAssignment): string {
  if (a.bookedSeats === undefined) return quoted(a.moduleTitle);
  if (a.bookedSeats === 0) return `${quoted(a.moduleTitle)} (met by sessions attended)`;
  return `${quoted(a.moduleTitle)} (${plural(a.bookedSeats, "seat", "seats")} booked)`;
}

/** The sessions counted by what stops them: "9 are full, 2 overlap their bookings". */
function blockedWords(s: SessionCounts): string {
  const parts: string[] = [];
  if (s.full) parts.push(`${s.full} ${s.full === 1 ? "is" : "are"} full`);
  if (s.departmentCap) {
    parts.push(`${s.departmentCap} ${s.departmentCap === 1 ? "is" : "are"} at their department's cap`);
  }
  if (s.ownDepartment) {
    parts.push(`${s.ownDepartment} ${s.ownDepartment === 1 ? "is" : "are"} hosted by their own department`);
  }
  if (s.overlap) parts.push(`${s.overlap} ${s.overlap === 1 ? "overlaps" : "overlap"} their bookings`);
  return listOf(parts);
}

function lateWords(s: SessionCounts): string {
  const parts: string[] = [];
  if (s.endAfterDue) parts.push(`${s.endAfterDue} ${s.endAfterDue === 1 ? "ends" : "end"} after the due day`);
  if (s.started) parts.push(`${s.started} ${s.started === 1 ? "has" : "have"} already started`);
  return listOf(parts);
}

/** Why a person gets no proposal, in one or two sentences. */
export function unplacedSentence(reason: UnplacedReason, ctx: SentenceContext): string {
  const { timeZone } = ctx;
  switch (reason.code) {
    case "no_open_assignment":
      return "No open assignment.";
    case "enough_seats_booked":
      return reason.assignment.bookedSeats === 0
        ? `${coveredWords(reason.assignment)} needs no further session.`
        : `Already has enough seats booked to complete ${coveredWords(reason.assignment)}.`;
    case "all_covered": {
      const covered = listOf(reason.assignments.map(coveredWords));
      return reason.assignments.every((a) => a.bookedSeats === 0)
        ? `None of their open assignments needs a further session: ${covered}.`
        : `Every open assignment is covered by bookings already: ${covered}.`;
    }
    case "no_session_of_kind": {
      const needs = needsWords(reason.needs, reason.plannedAt, timeZone, "or");
      return `No session of a kind that ${needs} needs is scheduled in the horizon.`;
    }
    case "none_before_due": {
      const s = reason.sessions;
      const needs = needsWords(reason.needs, reason.plannedAt, timeZone);
      if (s.ofKind === 1) {
        return s.started === 1
          ? `The one session of the kind needed for ${needs} has already started.`
          : `The one session of the kind needed for ${needs} does not end by the due day.`;
      }
      const started =
        s.started > 0 ? ` (${s.started} of them ${s.started === 1 ? "has" : "have"} already started)` : "";
      return `None of the ${s.ofKind} sessions of the kind needed for ${needs} ends by the due day${started}.`;
    }
    case "sessions_unavailable": {
      const s = reason.sessions;
      const inTime = s.ofKind - s.endAfterDue - s.started;
      const late = s.endAfterDue + s.started > 0 ? ` Of the other sessions of the kind, ${lateWords(s)}.` : "";
      const all = everyOne(inTime, "session", "sessions");
      return `${all} in time for ${needsWords(reason.needs, reason.plannedAt, timeZone)} ${inTime === 1 ? "is" : "are"} unavailable: ${blockedWords(s)}.${late}`;
    }
    case "seats_taken": {
      const all = everyOne(reason.eligibleSessions, "session", "sessions");
      return `${all} that ${reason.eligibleSessions === 1 ? "fits" : "fit"} ${needsWords(reason.needs, reason.plannedAt, timeZone)} went to others in this plan, which places as many people as possible, most overdue and most urgent first.`;
    }
  }
}
