/**
 * When the messages that fall due by the clock go out: the reminder the day before a session, the
 * reminder a week before a module is due, the managers' Monday digest, and the requests after a
 * session. Local times are the recipient's own (people.timeZone). Each message is sent once: the
 * outbox's change key says which change it tells, so a later run that finds it due again writes
 * nothing, and a run after a pause sends what came due meanwhile.
 */
import { addDays, dayOf, DAY, HOUR, localInstant, mondayOf, type Day } from "../time";

// ---- The day before a session ------------------------------------------------------------------

/** The local time of the reminder, on the day before the session. */
export const REMINDER_TIME = "09:00";

/** The reminder's moment: 09:00 on the day before the session's day, both in the person's zone. */
export function reminderMoment(startsAt: number, timeZone: string): number {
  return localInstant(addDays(dayOf(startsAt, timeZone), -1), REMINDER_TIME, timeZone);
}

/**
 * Whether a seat's reminder goes out now: its moment has come and the session has not started.
 * A seat taken at or after the moment got its invitation just then and needs no reminder.
 */
export function reminderDue(input: { startsAt: number; seatedSince: number; timeZone: string; now: number }): boolean {
  const moment = reminderMoment(input.startsAt, input.timeZone);
  return input.seatedSince < moment && moment <= input.now && input.now < input.startsAt;
}

// ---- A module due soon -------------------------------------------------------------------------

/** How many days before the due day a person with nothing booked is reminded. */
export const DUE_SOON_DAYS = 7;

/** The due-soon reminder's moment: 09:00 on the day a week before the due day, in the assignee's zone. */
export function dueSoonMoment(dueOn: Day, timeZone: string): number {
  return localInstant(addDays(dueOn, -DUE_SOON_DAYS), REMINDER_TIME, timeZone);
}

/**
 * Whether an open assignment's due-soon reminder goes out now (the caller checks that nothing
 * that counts toward it is booked): its moment has come and the due day has not ended. An
 * assignment made at or after the moment was announced just then and needs no reminder.
 */
export function dueSoonReminderDue(input: {
  dueOn: Day;
  dueAt: number;
  assignedAt: number;
  timeZone: string;
  now: number;
}): boolean {
  const moment = dueSoonMoment(input.dueOn, input.timeZone);
  return input.assignedAt < moment && moment <= input.now && input.now < input.dueAt;
}

// ---- The managers' weekly digest ---------------------------------------------------------------

/** The digest's local time on Monday. */
export const DIGEST_TIME = "08:00";

/** Training due within this much time from now is "due soon" in the digest, as on the team page. */
export const DIGEST_DUE_SOON = 14 * DAY;

/** Lines the digest names in each list; it counts the rest, which the team page shows. */
export const DIGEST_LINES = 25;

/**
 * The week (its Monday) whose digest is due now in the manager's zone, or null. It is due from
 * 08:00 on Monday to the end of that Monday: a digest is the start of a week, and one a stopped
 * server could not send on its Monday is not sent later in the week.
 */
export function digestWeek(now: number, timeZone: string): Day | null {
  const today = dayOf(now, timeZone);
  const monday = mondayOf(today);
  if (today !== monday) return null;
  return now >= localInstant(monday, DIGEST_TIME, timeZone) ? monday : null;
}

export interface DigestItem {
  personName: string;
  moduleTitle: string;
  dueAt: number;
}

export interface Digest<T extends DigestItem> {
  overdue: T[];
  dueSoon: T[];
  moreOverdue: number;
  moreDueSoon: number;
}

/**
 * A manager's digest of their reports' open assignments: the overdue ones (the longest overdue
 * first) and those due within DIGEST_DUE_SOON (the soonest first), each list cut at `lines` with
 * the rest counted. Null when there is nothing to say.
 */
export function digestOf<T extends DigestItem>(
  items: readonly T[],
  now: number,
  lines: number = DIGEST_LINES,
): Digest<T> | null {
  const order = (a: T, b: T) =>
    a.dueAt - b.dueAt || a.personName.localeCompare(b.personName) || a.moduleTitle.localeCompare(b.moduleTitle);
  const overdue = items.filter((i) => i.dueAt <= now).sort(order);
  const dueSoon = items.filter((i) => i.dueAt > now && i.dueAt - now <= DIGEST_DUE_SOON).sort(order);
  if (!overdue.length && !dueSoon.length) return null;
  return {
    overdue: overdue.slice(0, lines),
    dueSoon: dueSoon.slice(0, lines),
    moreOverdue: Math.max(0, overdue.length - lines),
    moreDueSoon: Math.max(0, dueSoon.length - lines),
  };
}

// ---- After a session ---------------------------------------------------------------------------

/** How long after a session ends its follow-ups are sent: time to get back to one's desk. */
export const FOLLOW_UP_DELAY = HOUR;

/**
 * How long the host's attendance request stays due: a server stopped for longer sends none for
 * the sessions that ended meanwhile (the host's pages still list them).
 */
export const FOLLOW_UP_LATEST = 2 * DAY;

export function followUpMoment(endsAt: number): number {
  return endsAt + FOLLOW_UP_DELAY;
}

/**
 * Whether the shadow is asked for their reflection now. It can be written only once the host has
 * confirmed they attended, so the request goes an hour after the end, or at the confirmation
 * when that comes later; never when a reflection is already there.
 */
export function reflectionRequestDue(input: {
  status: string;
  hasReflection: boolean;
  endsAt: number;
  now: number;
}): boolean {
  return input.status === "attended" && !input.hasReflection && input.now >= followUpMoment(input.endsAt);
}

/** Whether the host is asked to confirm attendance now: a seat is still unconfirmed an hour after the end. */
export function attendanceRequestDue(input: { unconfirmed: number; endsAt: number; now: number }): boolean {
  const moment = followUpMoment(input.endsAt);
  return input.unconfirmed > 0 && moment <= input.now && input.now < moment + FOLLOW_UP_LATEST;
}
