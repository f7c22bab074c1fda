/**
 * The messages that fall due by the clock, written into the outbox by the dispatcher's schedule
 * once a minute: the reminder the day before a session, the reminder a week before a module is
 * due, the managers' Monday digest, and the requests after a session. When each is due is decided
 * in app/domain/mail/schedule.ts; this module finds the rows that may be due with a few set-based
 * queries over a short window (sessions of the next or last two days, open assignments due within
 * about a week), leaves out every change whose message the outbox already holds, and writes the
 * rest.
 *
 * Each message's change key names the change it tells, so it is written once however often it is
 * found due: the reminder names the session's start (a moved session is reminded of again), the
 * due-soon reminder the due day, the digest its week.
 */
import { aliasedTable, and, eq, gt, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { schema, type Db, type Queryable } from "~/db.server";
import { MINUTES_MAX } from "~/domain/hosting";
import {
  attendanceRequestDue,
  DIGEST_DUE_SOON,
  digestOf,
  digestWeek,
  DUE_SOON_DAYS,
  dueSoonReminderDue,
  FOLLOW_UP_DELAY,
  FOLLOW_UP_LATEST,
  reflectionRequestDue,
  reminderDue,
} from "~/domain/mail/schedule";
import { DAY, MINUTE, type Day } from "~/domain/time";
import type { DigestLine, NewMessage, SessionLine } from "~/mail/payloads.server";
import { moduleFacts, SESSIONS_NAMED } from "./module-mail.server";
import { enqueueMail } from "./outbox.server";
import { seatPayloads } from "./seat-mail.server";

const b = schema.bookings;
const s = schema.sessions;
const k = schema.sessionKinds;
const p = schema.people;
const a = schema.assignments;
const m = schema.serviceModules;
const o = schema.outboxMessages;
const host = aliasedTable(schema.people, "host");

/** A reminder's moment is 09:00 the day before the session: never more than two days ahead of it. */
const LOOK_AHEAD = 2 * DAY;

/** The longest a session lasts, so sessions that ended lately are found by their start. */
const LONGEST_SESSION = MINUTES_MAX * MINUTE;

/** The outbox does not hold the message of this change yet. */
const notWritten = (changeKey: SQL) => sql`not exists (select 1 from ${o} where ${o.changeKey} = ${changeKey})`;

/** What a finder returns: the change to tell, and what composing its message needs. */
interface Found {
  changeKey: string;
}

/** One kind of message the clock makes due: which changes are due now, and their messages. */
interface Schedule<F extends Found> {
  find(q: Queryable, now: number): Promise<F[]>;
  compose(q: Queryable, found: F[], now: number): Promise<NewMessage[]>;
}

/** A schedule with the type of its findings put away, so the schedules can go in one list. */
interface Job {
  dueKeys(q: Queryable, now: number): Promise<string[]>;
  messages(q: Queryable, now: number): Promise<NewMessage[]>;
}

function job<F extends Found>(schedule: Schedule<F>): Job {
  return {
    dueKeys: async (q, now) => (await schedule.find(q, now)).map((f) => f.changeKey),
    messages: async (q, now) => {
      const found = await schedule.find(q, now);
      return found.length ? schedule.compose(q, found, now) : [];
    },
  };
}

// ---- The day before a session ------------------------------------------------------------------

const reminderKey = sql<string>`'session_reminder:booking-' || ${b.id} || ':' || ${s.startsAt}`;

/**
 * Booked seats of active people on sessions starting within LOOK_AHEAD, whose reminder is due in
 * the person's zone. A seat is held since it was booked, or since it came off the waitlist (the
 * only change that raises a seat's version before its session starts).
 */
const sessionReminders: Schedule<Found & { bookingId: number }> = {
  async find(q, now) {
    const rows = await q
      .select({
        bookingId: b.id,
        changeKey: reminderKey,
        startsAt: s.startsAt,
        seatedSince: sql<number>`case when ${b.version} = 0 then ${b.createdAt} else ${b.updatedAt} end`,
        timeZone: p.timeZone,
      })
      .from(s)
      .innerJoin(b, and(eq(b.sessionId, s.id), eq(b.status, "booked")))
      .innerJoin(p, eq(p.id, b.personId))
      .where(
        and(
          gt(s.startsAt, now),
          lte(s.startsAt, now + LOOK_AHEAD),
          eq(s.status, "scheduled"),
          eq(p.active, true),
          notWritten(reminderKey),
        ),
      );
    return rows.filter((row) => reminderDue({ ...row, now }));
  },
  async compose(q, found) {
    const keys = new Map(found.map((f) => [f.bookingId, f.changeKey]));
    const seats = await seatPayloads(
      q,
      found.map((f) => f.bookingId),
    );
    return seats.map((seat) => ({
      kind: "session_reminder",
      personId: seat.row.personId,
      changeKey: keys.get(seat.row.bookingId)!,
      payload: seat,
    }));
  },
};

// ---- A module due soon -------------------------------------------------------------------------

const dueSoonKey = sql<string>`'module_due_soon:assignment-' || ${a.id} || ':' || ${a.dueOn}`;

/**
 * A booked or waitlisted seat of the assignee that would count toward the module: of its kind
 * (any kind when the rule names none), on a session still ahead that ends by the due day.
 */
const somethingBooked = (now: number) => sql`exists (
    select 1 from ${b} join ${s} on ${s.id} = ${b.sessionId}
    where ${b.personId} = ${a.personId} and ${b.status} in ('booked', 'waitlisted')
      and ${s.status} = 'scheduled' and ${s.startsAt} > ${now} and ${s.endsAt} <= ${a.dueAt}
      and (${m.ruleKindId} is null or ${s.kindId} = ${m.ruleKindId}))`;

/**
 * Open assignments of active people whose due-soon reminder is due and who have nothing booked
 * toward them. The moment lies between DUE_SOON_DAYS and DUE_SOON_DAYS + 1 days before the due day
 * ends, which bounds the assignments read: those due later, and those made less than
 * DUE_SOON_DAYS before their due day ends, are never candidates.
 */
const dueSoonReminders: Schedule<
  Found & { assignmentId: number; personId: number; moduleId: number; dueOn: Day; dueAt: number }
> = {
  async find(q, now) {
    const rows = await q
      .select({
        assignmentId: a.id,
        changeKey: dueSoonKey,
        personId: a.personId,
        moduleId: a.moduleId,
        dueOn: a.dueOn,
        dueAt: a.dueAt,
        assignedAt: a.createdAt,
        timeZone: p.timeZone,
      })
      .from(a)
      .innerJoin(p, eq(p.id, a.personId))
      .innerJoin(m, eq(m.id, a.moduleId))
      .where(
        and(
          eq(a.status, "open"),
          gt(a.dueAt, now),
          lte(a.dueAt, now + (DUE_SOON_DAYS + 1) * DAY),
          sql`${a.createdAt} < ${a.dueAt} - ${DUE_SOON_DAYS * DAY}`,
          eq(p.active, true),
          eq(m.active, true),
          notWritten(dueSoonKey),
          sql`not ${somethingBooked(now)}`,
        ),
      );
    return rows.filter((row) => dueSoonReminderDue({ ...row, now }));
  },
  async compose(q, found, now) {
    const messages: NewMessage[] = [];
    for (const moduleId of new Set(found.map((f) => f.moduleId))) {
      const assignments = found.filter((f) => f.moduleId === moduleId);
      const endsBy = Math.max(...assignments.map((f) => f.dueAt));
      const facts = await moduleFacts(q, { moduleId, now, endsBy });
      if (!facts) continue;
      for (const f of assignments) {
        messages.push({
          kind: "module_due_soon",
          personId: f.personId,
          changeKey: f.changeKey,
          payload: {
            assignmentId: f.assignmentId,
            moduleId,
            moduleTitle: facts.moduleTitle,
            rule: facts.rule,
            dueOn: f.dueOn,
            sessions: facts.sessions.filter((session) => session.endsAt <= f.dueAt).slice(0, SESSIONS_NAMED),
          },
        });
      }
    }
    return messages;
  },
};

// ---- The managers' weekly digest ---------------------------------------------------------------

const digestKey = (weekOf: Day) => sql<string>`'manager_digest:person-' || ${p.id} || ':' || ${weekOf}`;

/**
 * Active managers whose digest is due now: for each zone managers live in where it is Monday
 * after 08:00, those not yet written for this week.
 */
const managerDigests: Schedule<Found & { managerId: number; weekOf: Day }> = {
  async find(q, now) {
    const isManager = and(eq(p.isManager, true), eq(p.active, true));
    const zones = await q.selectDistinct({ timeZone: p.timeZone }).from(p).where(isManager);
    const found: (Found & { managerId: number; weekOf: Day })[] = [];
    for (const { timeZone } of zones) {
      const weekOf = digestWeek(now, timeZone);
      if (!weekOf) continue;
      const rows = await q
        .select({ managerId: p.id, changeKey: digestKey(weekOf) })
        .from(p)
        .where(and(isManager, eq(p.timeZone, timeZone), notWritten(digestKey(weekOf))));
      found.push(...rows.map((row) => ({ ...row, weekOf })));
    }
    return found;
  },
  async compose(q, found, now) {
    const lines = await digestLinesFor(
      q,
      found.map((f) => f.managerId),
      now,
    );
    const messages: NewMessage[] = [];
    for (const f of found) {
      const digest = digestOf(lines.get(f.managerId) ?? [], now);
      if (!digest) continue;
      const line = ({ personId, personName, moduleTitle, dueOn }: DigestLine): DigestLine => ({
        personId,
        personName,
        moduleTitle,
        dueOn,
      });
      messages.push({
        kind: "manager_digest",
        personId: f.managerId,
        changeKey: f.changeKey,
        payload: {
          weekOf: f.weekOf,
          overdue: digest.overdue.map(line),
          dueSoon: digest.dueSoon.map(line),
          moreOverdue: digest.moreOverdue,
          moreDueSoon: digest.moreDueSoon,
        },
      });
    }
    return messages;
  },
};

/**
 * The open assignments, overdue or due within DIGEST_DUE_SOON, of active people below each of the
 * managers in the reporting line (direct and indirect, as the team pages read it). The line is
 * walked up from those assignees, so the work follows what the digests say, not team sizes.
 * UNION keeps each (person, manager) pair once, which also ends the walk at a mistaken cycle.
 */
async function digestLinesFor(q: Queryable, managerIds: number[], now: number) {
  const rows = await q.all<{
    managerId: number;
    personId: number;
    personName: string;
    moduleTitle: string;
    dueOn: Day;
    dueAt: number;
  }>(sql`
    select above.manager_id as managerId, d.person_id as personId, person.name as personName,
      module.title as moduleTitle, d.due_on as dueOn, d.due_at as dueAt
    from reporting_lines above
    join assignments d on d.person_id = above.person_id
      and d.status = 'open' and d.due_at <= ${now + DIGEST_DUE_SOON}
    join people person on person.id = d.person_id and person.active = 1
    join service_modules module on module.id = d.module_id and module.active = 1
    where above.manager_id in (select value from json_each(${JSON.stringify(managerIds)}))`);
  const byManager = new Map<number, typeof rows>();
  for (const row of rows) {
    const list = byManager.get(row.managerId);
    if (list) list.push(row);
    else byManager.set(row.managerId, [row]);
  }
  return byManager;
}

// ---- After a session ---------------------------------------------------------------------------

const sessionLineColumns = {
  id: s.id,
  kindName: k.name,
  hostName: host.name,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  timeZone: s.timeZone,
};

/** Sessions that ended within the follow-ups' window (found by their start, which is indexed). */
function endedLately(now: number): SQL | undefined {
  const since = now - FOLLOW_UP_DELAY - FOLLOW_UP_LATEST;
  return and(
    gte(s.startsAt, since - LONGEST_SESSION),
    lte(s.startsAt, now),
    gte(s.endsAt, since),
    lte(s.endsAt, now),
    eq(s.status, "scheduled"),
  );
}

const reflectionKey = sql<string>`'reflection_request:booking-' || ${b.id}`;

/** Attended seats of active people with no reflection yet, whose request is due. */
async function findReflectionRequests(q: Queryable, where: SQL | undefined, now: number) {
  const rows = await q
    .select({
      bookingId: b.id,
      personId: b.personId,
      changeKey: reflectionKey,
      status: b.status,
      hasReflection: sql<number>`${b.reflection} <> ''`.mapWith(Boolean),
      session: sessionLineColumns,
    })
    .from(s)
    .innerJoin(b, and(eq(b.sessionId, s.id), eq(b.status, "attended")))
    .innerJoin(p, and(eq(p.id, b.personId), eq(p.active, true)))
    .innerJoin(k, eq(k.id, s.kindId))
    .innerJoin(host, eq(host.id, s.hostId))
    .where(and(where, notWritten(reflectionKey)));
  return rows.filter((row) => reflectionRequestDue({ ...row, endsAt: row.session.endsAt, now }));
}

type ReflectionFound = Awaited<ReturnType<typeof findReflectionRequests>>[number];

function reflectionMessages(found: readonly ReflectionFound[]): NewMessage[] {
  return found.map((f) => ({
    kind: "reflection_request",
    personId: f.personId,
    changeKey: f.changeKey,
    payload: { bookingId: f.bookingId, session: f.session satisfies SessionLine },
  }));
}

const reflectionRequests: Schedule<ReflectionFound> = {
  find: (q, now) => findReflectionRequests(q, endedLately(now), now),
  compose: async (_q, found) => reflectionMessages(found),
};

/**
 * Asks the shadows of these seats for their reflection if it is due now: called in the host's
 * confirmation of attendance, since a reflection can be written only from then on.
 */
export async function mailReflectionRequests(
  tx: Queryable,
  input: { bookingIds: readonly number[]; now: number },
): Promise<void> {
  if (!input.bookingIds.length) return;
  const found = await findReflectionRequests(tx, inArray(b.id, [...input.bookingIds]), input.now);
  await enqueueMail(tx, reflectionMessages(found), input.now);
}

const attendanceKey = sql<string>`'attendance_request:session-' || ${s.id}`;

/** Sessions of active hosts with a seat still unconfirmed, whose host's request is due. */
const attendanceRequests: Schedule<Found & { hostId: number; unconfirmed: number; session: SessionLine }> = {
  async find(q, now) {
    const unconfirmed = sql<number>`(select count(*) from ${b} where ${b.sessionId} = ${s.id} and ${b.status} = 'booked')`;
    const rows = await q
      .select({
        hostId: s.hostId,
        changeKey: attendanceKey,
        unconfirmed: unconfirmed.mapWith(Number),
        session: sessionLineColumns,
      })
      .from(s)
      .innerJoin(k, eq(k.id, s.kindId))
      .innerJoin(host, and(eq(host.id, s.hostId), eq(host.active, true)))
      .where(and(endedLately(now), sql`${unconfirmed} > 0`, notWritten(attendanceKey)));
    return rows.filter((row) => attendanceRequestDue({ ...row, endsAt: row.session.endsAt, now }));
  },
  compose: async (_q, found) =>
    found.map((f) => ({
      kind: "attendance_request",
      personId: f.hostId,
      changeKey: f.changeKey,
      payload: { session: f.session, unconfirmed: f.unconfirmed },
    })),
};

// ---- Writing them ------------------------------------------------------------------------------

const JOBS: readonly Job[] = [
  job(sessionReminders),
  job(dueSoonReminders),
  job(managerDigests),
  job(reflectionRequests),
  job(attendanceRequests),
];

/**
 * Writes every message the clock has made due by `now` into the outbox. The
 * messages are found and composed with reads alone (most minutes nothing is due), then written in
 * one transaction that finds again what is due, so a seat cancelled or a reflection written
 * meanwhile is not told. Several instances may run it at once: a change key is written once.
 */
export async function writeScheduledMail(db: Db, now: number): Promise<void> {
  const messages: NewMessage[] = [];
  for (const j of JOBS) messages.push(...(await j.messages(db, now)));
  if (!messages.length) return;
  await db.write(async (tx) => {
    const due = new Set<string>();
    for (const j of JOBS) for (const key of await j.dueKeys(tx, now)) due.add(key);
    await enqueueMail(
      tx,
      messages.filter((message) => due.has(message.changeKey)),
      now,
    );
  });
}
