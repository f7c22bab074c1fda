/**
 * A host's sessions: publishing one session or a weekly series, changing them, and the lists and
 * roster a host works from. Every change is one `db.write` transaction with its audit rows.
 */
import {
  aliasedTable,
  and,
  asc,
  desc,
  eq,
  gte,
  inArray,
  lt,
  sql,
} from "drizzle-orm";
import { schema, type Db, type Queryable, type Tx } from "~/db.server";
import {
  SEATED_STATUSES,
  waitlistPlaceOf,
  type BookingStatus,
} from "~/domain/bookings";
import type {
  KindFacts,
  SessionDetailsFields,
  SessionEdit,
  SessionUpdateRefusal,
} from "~/domain/hosting";
import {
  daysBetween,
  formatRrule,
  localDate,
  occurrenceAt,
  parseRrule,
  shiftDate,
  type Occurrence,
} from "~/domain/recurrence";
import { mayManageSession } from "~/domain/hosting";
import { recordAudit } from "~/models/audit.server";
import {
  promoteWaitlist,
  type Booking,
  type Session,
} from "~/models/bookings.server";

export type SessionSeries = typeof schema.sessionSeries.$inferSelect;

const bookedBy = aliasedTable(schema.people, "booked_by");
const host = aliasedTable(schema.people, "host");

/** A short, zone-free name for a moment in an audit summary. */
function auditTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const seatedList = sql.raw(SEATED_STATUSES.map((s) => `'${s}'`).join(", "));

/** The kinds a host can publish, by name. */
export async function hostableKinds(q: Queryable): Promise<KindFacts[]> {
  return q
    .select({
      id: schema.sessionKinds.id,
      name: schema.sessionKinds.name,
      defaultMinutes: schema.sessionKinds.defaultMinutes,
      onSite: schema.sessionKinds.onSite,
    })
    .from(schema.sessionKinds)
    .where(eq(schema.sessionKinds.active, true))
    .orderBy(asc(schema.sessionKinds.name));
}

/** The kind the host published most recently, to start the form from; null for a new host. */
export async function usualKindOf(
  q: Queryable,
  hostId: number,
): Promise<number | null> {
  const [row] = await q
    .select({ kindId: schema.sessions.kindId })
    .from(schema.sessions)
    .innerJoin(
      schema.sessionKinds,
      eq(schema.sessionKinds.id, schema.sessions.kindId),
    )
    .where(
      and(
        eq(schema.sessions.hostId, hostId),
        eq(schema.sessionKinds.active, true),
      ),
    )
    .orderBy(desc(schema.sessions.createdAt), desc(schema.sessions.id))
    .limit(1);
  return row?.kindId ?? null;
}

export type CreateSessionsRefusal =
  | { code: "kind_not_found" }
  | { code: "not_host" }
  | { code: "no_occurrences" };

export type CreateSessionsResult =
  | {
      ok: true;
      series: SessionSeries | null;
      sessions: Session[];
      clashes: number;
    }
  | { ok: false; reason: CreateSessionsRefusal };

/**
 * Publishes one session, or a weekly series: the `sessionSeries` row with its RRULE and one
 * session per occurrence, each in the host's zone.
 */
export async function createSessionOrSeries(
  db: Db,
  input: {
    hostId: number;
    actorId: number;
    kindId: number;
    timeZone: string;
    details: SessionDetailsFields;
    occurrences: readonly Occurrence[];
    /** The series' RRULE; null for a session that does not repeat. */
    rrule: string | null;
    now: number;
  },
): Promise<CreateSessionsResult> {
  const {
    hostId,
    actorId,
    kindId,
    timeZone,
    details,
    occurrences,
    rrule,
    now,
  } = input;
  if (occurrences.length === 0)
    return { ok: false, reason: { code: "no_occurrences" } };
  return db.write(async (tx): Promise<CreateSessionsResult> => {
    const [kind] = await tx
      .select()
      .from(schema.sessionKinds)
      .where(eq(schema.sessionKinds.id, kindId));
    if (!kind || !kind.active)
      return { ok: false, reason: { code: "kind_not_found" } };
    const [hostRow] = await tx
      .select({
        name: schema.people.name,
        isHost: schema.people.isHost,
        active: schema.people.active,
      })
      .from(schema.people)
      .where(eq(schema.people.id, hostId));
    if (!hostRow || !hostRow.isHost || !hostRow.active)
      return { ok: false, reason: { code: "not_host" } };

    // Overlaps with the host's other sessions are allowed (a lead may run two agents' blocks), but said.
    const clashes = await hostClashes(tx, hostId, occurrences);
    const first = occurrences[0];
    const durationMinutes = Math.round(
      (first.endsAt - first.startsAt) / 60_000,
    );
    let series: SessionSeries | null = null;
    if (rrule !== null && occurrences.length > 1) {
      [series] = await tx
        .insert(schema.sessionSeries)
        .values({
          kindId,
          hostId,
          ...details,
          rrule,
          firstStartsAt: first.startsAt,
          durationMinutes,
          timeZone,
          createdAt: now,
        })
        .returning();
      await recordAudit(tx, {
        at: now,
        actorId,
        action: "series.created",
        entityType: "series",
        entityId: series.id,
        summary: `${hostRow.name} published a weekly ${kind.name} series of ${occurrences.length} sessions from ${auditTime(first.startsAt)}.`,
        details: { rrule, timeZone, occurrences: occurrences.length },
      });
    }
    const sessions = await tx
      .insert(schema.sessions)
      .values(
        occurrences.map((o) => ({
          seriesId: series?.id ?? null,
          kindId,
          hostId,
          ...details,
          startsAt: o.startsAt,
          endsAt: o.endsAt,
          timeZone,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning();
    for (const session of sessions) {
      await recordAudit(tx, {
        at: now,
        actorId,
        action: "session.created",
        entityType: "session",
        entityId: session.id,
        summary: `${hostRow.name} published ${kind.name}, ${auditTime(session.startsAt)}, with ${session.seats} ${session.seats === 1 ? "seat" : "seats"}.`,
        details: {
          seriesId: series?.id ?? null,
          seats: session.seats,
          departmentCap: session.departmentCap,
        },
      });
    }
    return { ok: true, series, sessions, clashes };
  });
}

/** Per-session counts of seats taken, people waiting and seats still waiting for attendance. */
function bookingCounts() {
  return {
    seated:
      sql<number>`coalesce(sum(case when ${schema.bookings.status} in (${seatedList}) then 1 else 0 end), 0)`.mapWith(
        Number,
      ),
    waitlisted:
      sql<number>`coalesce(sum(case when ${schema.bookings.status} = 'waitlisted' then 1 else 0 end), 0)`.mapWith(
        Number,
      ),
    awaiting:
      sql<number>`coalesce(sum(case when ${schema.bookings.status} = 'booked' then 1 else 0 end), 0)`.mapWith(
        Number,
      ),
    attended:
      sql<number>`coalesce(sum(case when ${schema.bookings.status} = 'attended' then 1 else 0 end), 0)`.mapWith(
        Number,
      ),
    reflections:
      sql<number>`coalesce(sum(case when ${schema.bookings.status} = 'attended' and ${schema.bookings.reflection} <> '' then 1 else 0 end), 0)`.mapWith(
        Number,
      ),
  };
}

export interface HostedSession {
  id: number;
  seriesId: number | null;
  kindName: string;
  onSite: boolean;
  startsAt: number;
  endsAt: number;
  status: "scheduled" | "cancelled";
  cancelReason: string;
  location: string;
  customerName: string;
  customerConfidential: boolean;
  seats: number;
  seated: number;
  waitlisted: number;
  /** Seats whose attendance the host has not confirmed yet. */
  awaiting: number;
  attended: number;
  reflections: number;
}

const PAST_DAYS = 60;

/**
 * The host's sessions as the My sessions page lists them: past seats still waiting for attendance
 * (the host's to-do), everything that has not ended yet (cancelled ones included), and the recent past.
 */
export async function hostedSessions(
  db: Queryable,
  hostId: number,
  now: number,
) {
  const rows: HostedSession[] = await db
    .select({
      id: schema.sessions.id,
      seriesId: schema.sessions.seriesId,
      kindName: schema.sessionKinds.name,
      onSite: schema.sessionKinds.onSite,
      startsAt: schema.sessions.startsAt,
      endsAt: schema.sessions.endsAt,
      status: schema.sessions.status,
      cancelReason: schema.sessions.cancelReason,
      location: schema.sessions.location,
      customerName: schema.sessions.customerName,
      customerConfidential: schema.sessions.customerConfidential,
      seats: schema.sessions.seats,
      ...bookingCounts(),
    })
    .from(schema.sessions)
    .innerJoin(
      schema.sessionKinds,
      eq(schema.sessionKinds.id, schema.sessions.kindId),
    )
    .leftJoin(
      schema.bookings,
      eq(schema.bookings.sessionId, schema.sessions.id),
    )
    .where(
      and(
        eq(schema.sessions.hostId, hostId),
        // Old sessions matter only while their attendance is still open.
        sql`(${schema.sessions.endsAt} > ${now - PAST_DAYS * 86_400_000} or exists (select 1 from bookings pending where pending.session_id = ${schema.sessions.id} and pending.status = 'booked'))`,
      ),
    )
    .groupBy(schema.sessions.id)
    .orderBy(asc(schema.sessions.startsAt));

  const toConfirm = rows
    .filter(
      (s) => s.status === "scheduled" && s.startsAt <= now && s.awaiting > 0,
    )
    .sort((a, b) => b.startsAt - a.startsAt);
  const pending = new Set(toConfirm.map((s) => s.id));
  const upcoming = rows.filter((s) => s.endsAt > now && !pending.has(s.id));
  const past = rows
    .filter((s) => s.endsAt <= now && !pending.has(s.id))
    .sort((a, b) => b.startsAt - a.startsAt)
    .slice(0, 20);
  return { toConfirm, upcoming, past };
}

/**
 * The session behind a host page's `:id`, for a viewer who may run it. Throws the answer the page
 * gives otherwise: 404 when there is no such session, 403 when it is someone else's.
 */
export async function sessionToManage(q: Queryable, viewer: { id: number; isAdmin: boolean }, idParam: string | undefined) {
  const id = Number(idParam);
  const managed = Number.isInteger(id) && id > 0 ? await managedSession(q, id) : undefined;
  if (!managed) throw new Response("That session doesn't exist.", { status: 404 });
  if (!mayManageSession(viewer, managed.session)) {
    throw new Response("Only the session's host or an admin can manage it.", { status: 403, statusText: "Forbidden" });
  }
  return managed;
}

/** A session with what its host's pages show about it: kind, host, series and seat counts. */
export async function managedSession(q: Queryable, sessionId: number) {
  const [row] = await q
    .select({
      session: schema.sessions,
      kind: {
        id: schema.sessionKinds.id,
        name: schema.sessionKinds.name,
        defaultMinutes: schema.sessionKinds.defaultMinutes,
        onSite: schema.sessionKinds.onSite,
      },
      hostName: host.name,
      series: schema.sessionSeries,
    })
    .from(schema.sessions)
    .innerJoin(
      schema.sessionKinds,
      eq(schema.sessionKinds.id, schema.sessions.kindId),
    )
    .innerJoin(host, eq(host.id, schema.sessions.hostId))
    .leftJoin(
      schema.sessionSeries,
      eq(schema.sessionSeries.id, schema.sessions.seriesId),
    )
    .where(eq(schema.sessions.id, sessionId));
  if (!row) return undefined;
  const [counts] = await q
    .select(bookingCounts())
    .from(schema.bookings)
    .where(eq(schema.bookings.sessionId, sessionId));
  let following = 0;
  let seriesSize = 0;
  if (row.session.seriesId !== null) {
    const [size] = await q
      .select({
        all: sql<number>`count(*)`.mapWith(Number),
        following:
          sql<number>`coalesce(sum(case when ${schema.sessions.startsAt} >= ${row.session.startsAt} and ${schema.sessions.status} = 'scheduled' then 1 else 0 end), 0)`.mapWith(
            Number,
          ),
      })
      .from(schema.sessions)
      .where(eq(schema.sessions.seriesId, row.session.seriesId));
    seriesSize = size?.all ?? 0;
    following = size?.following ?? 0;
  }
  return {
    ...row,
    title: `${row.kind.name} with ${row.hostName}`,
    counts: counts ?? {
      seated: 0,
      waitlisted: 0,
      awaiting: 0,
      attended: 0,
      reflections: 0,
    },
    /** Scheduled sessions of the series from this one on, this one included. */
    followingInSeries: following,
    seriesSize,
  };
}

export interface RosterEntry {
  bookingId: number;
  personId: number;
  personName: string;
  departmentName: string;
  status: BookingStatus;
  /** 1 = next in line; null unless waitlisted. */
  waitlistPlace: number | null;
  bookedByName: string;
  bookedBySelf: boolean;
  source: "self" | "manager" | "planner";
  reflection: string;
  reflectedAt: number | null;
  hostNote: string;
  bookedAt: number;
  cancelledAt: number | null;
}

/** Who booked the session: seats first, then the waitlist in order, then cancellations. */
export async function roster(
  q: Queryable,
  sessionId: number,
): Promise<RosterEntry[]> {
  const rows = await q
    .select({
      booking: schema.bookings,
      personName: schema.people.name,
      departmentName: schema.departments.name,
      bookedByName: bookedBy.name,
    })
    .from(schema.bookings)
    .innerJoin(schema.people, eq(schema.people.id, schema.bookings.personId))
    .innerJoin(
      schema.departments,
      eq(schema.departments.id, schema.people.departmentId),
    )
    .innerJoin(bookedBy, eq(bookedBy.id, schema.bookings.bookedById))
    .where(eq(schema.bookings.sessionId, sessionId))
    .orderBy(
      sql`case ${schema.bookings.status} when 'cancelled' then 2 when 'waitlisted' then 1 else 0 end`,
      asc(schema.bookings.waitlistPosition),
      asc(schema.people.name),
    );
  const tickets = rows
    .filter(
      (r) =>
        r.booking.status === "waitlisted" &&
        r.booking.waitlistPosition !== null,
    )
    .map((r) => r.booking.waitlistPosition!);
  return rows.map(({ booking, personName, departmentName, bookedByName }) => ({
    bookingId: booking.id,
    personId: booking.personId,
    personName,
    departmentName,
    status: booking.status,
    waitlistPlace:
      booking.status === "waitlisted" && booking.waitlistPosition !== null
        ? waitlistPlaceOf(booking.waitlistPosition, tickets)
        : null,
    bookedByName,
    bookedBySelf: booking.bookedById === booking.personId,
    source: booking.source,
    reflection: booking.reflection,
    reflectedAt: booking.reflectedAt,
    hostNote: booking.hostNote,
    bookedAt: booking.createdAt,
    cancelledAt: booking.cancelledAt,
  }));
}

/** Which session a booking is on, to keep a roster's buttons to that session's own bookings. */
export async function sessionOfBooking(
  q: Queryable,
  bookingId: number,
): Promise<number | null> {
  const [row] = await q
    .select({ sessionId: schema.bookings.sessionId })
    .from(schema.bookings)
    .where(eq(schema.bookings.id, bookingId));
  return row?.sessionId ?? null;
}

export type UpdateSessionsResult =
  | { ok: true; changed: Session[]; promoted: Booking[]; considered: number }
  | { ok: false; reason: SessionUpdateRefusal };

type SessionChange = Pick<
  Session,
  | "startsAt"
  | "endsAt"
  | "location"
  | "meetingUrl"
  | "customerName"
  | "customerConfidential"
  | "seats"
  | "departmentCap"
  | "notes"
>;

const CHANGE_FIELDS: readonly (keyof SessionChange)[] = [
  "startsAt",
  "endsAt",
  "location",
  "meetingUrl",
  "customerName",
  "customerConfidential",
  "seats",
  "departmentCap",
  "notes",
];

/** Plain words for the audit line: "time, seats". */
const CHANGE_WORDS: Record<keyof SessionChange, string> = {
  startsAt: "time",
  endsAt: "time",
  location: "location",
  meetingUrl: "meeting link",
  customerName: "customer",
  customerConfidential: "confidentiality",
  seats: "seats",
  departmentCap: "department cap",
  notes: "notes",
};

/**
 * Changes one session, or it and the following sessions of its series ("this and following",
 * as calendar programs say). A date change moves every chosen occurrence by the same number of
 * days; the start time is the same local time for each. Each session that really changes gets a
 * higher `version` and a new `updatedAt`, which calendars read. Editing from the middle of a
 * series splits it: the earlier sessions keep the old series (its RRULE now ends before), the
 * following ones move to a new series with the new details.
 */
export async function updateSessions(
  db: Db,
  input: { sessionId: number; actorId: number; edit: SessionEdit; now: number },
): Promise<UpdateSessionsResult> {
  const { sessionId, actorId, edit, now } = input;
  return db.write(async (tx): Promise<UpdateSessionsResult> => {
    const [target] = await tx
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.id, sessionId));
    if (!target) return { ok: false, reason: { code: "session_not_found" } };
    const [actor] = await tx
      .select({ id: schema.people.id, isAdmin: schema.people.isAdmin })
      .from(schema.people)
      .where(eq(schema.people.id, actorId));
    if (!actor || (actor.id !== target.hostId && !actor.isAdmin))
      return { ok: false, reason: { code: "not_host" } };
    if (target.status === "cancelled")
      return { ok: false, reason: { code: "session_cancelled" } };
    if (target.startsAt <= now)
      return { ok: false, reason: { code: "session_started" } };

    const zone = target.timeZone;
    const following = edit.scope === "following" && target.seriesId !== null;
    const group = following
      ? await tx
          .select()
          .from(schema.sessions)
          .where(
            and(
              eq(schema.sessions.seriesId, target.seriesId!),
              gte(schema.sessions.startsAt, target.startsAt),
            ),
          )
          .orderBy(asc(schema.sessions.startsAt))
      : [target];
    const dayShift = daysBetween(localDate(target.startsAt, zone), edit.date);

    const plans: {
      before: Session;
      after: SessionChange;
      changes: (keyof SessionChange)[];
    }[] = [];
    for (const before of group) {
      if (before.status === "cancelled") continue;
      const when = occurrenceAt(
        shiftDate(localDate(before.startsAt, zone), dayShift),
        edit.startTime,
        zone,
        edit.durationMinutes,
      );
      if (when.startsAt <= now)
        return { ok: false, reason: { code: "start_in_past" } };
      const after: SessionChange = {
        startsAt: when.startsAt,
        endsAt: when.endsAt,
        ...edit.details,
      };
      const changes = CHANGE_FIELDS.filter(
        (field) => before[field] !== after[field],
      );
      if (after.seats < before.seats) {
        const [count] = await tx
          .select({ seated: sql<number>`count(*)`.mapWith(Number) })
          .from(schema.bookings)
          .where(
            and(
              eq(schema.bookings.sessionId, before.id),
              inArray(schema.bookings.status, [...SEATED_STATUSES]),
            ),
          );
        const seated = count?.seated ?? 0;
        if (after.seats < seated) {
          return {
            ok: false,
            reason: {
              code: "seats_below_taken",
              seated,
              startsAt: before.startsAt,
            },
          };
        }
      }
      plans.push({ before, after, changes });
    }

    const changed: Session[] = [];
    const promoted: Booking[] = [];
    for (const { before, after, changes } of plans) {
      if (changes.length === 0) continue;
      const [updated] = await tx
        .update(schema.sessions)
        .set({ ...after, version: before.version + 1, updatedAt: now })
        .where(eq(schema.sessions.id, before.id))
        .returning();
      const words = [...new Set(changes.map((c) => CHANGE_WORDS[c]))];
      await recordAudit(tx, {
        at: now,
        actorId,
        action: "session.updated",
        entityType: "session",
        entityId: before.id,
        summary: `Session of ${auditTime(before.startsAt)} changed: ${words.join(", ")}${
          changes.includes("startsAt")
            ? ` (now ${auditTime(after.startsAt)})`
            : ""
        }.`,
        details: {
          scope: edit.scope,
          changed: changes,
          before: Object.fromEntries(changes.map((c) => [c, before[c]])),
          after: Object.fromEntries(changes.map((c) => [c, after[c]])),
        },
      });
      changed.push(updated);
      if (after.seats > before.seats)
        promoted.push(
          ...(await promoteWaitlist(tx, {
            sessionId: before.id,
            actorId,
            now,
          })),
        );
    }

    if (following && plans.length > 0)
      await reshapeSeries(tx, {
        target,
        group,
        first: plans[0].after,
        edit,
        actorId,
        now,
      });
    return { ok: true, changed, promoted, considered: plans.length };
  });
}

/**
 * After "this and following" changed, the series rows say so: from the first session the series
 * row itself changes; from the middle, the series splits in two.
 */
async function reshapeSeries(
  tx: Tx,
  input: {
    target: Session;
    group: Session[];
    first: SessionChange;
    edit: SessionEdit;
    actorId: number;
    now: number;
  },
) {
  const { target, group, first, edit, actorId, now } = input;
  const seriesId = target.seriesId!;
  const [series] = await tx
    .select()
    .from(schema.sessionSeries)
    .where(eq(schema.sessionSeries.id, seriesId));
  if (!series) return;
  const [earlier] = await tx
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(schema.sessions)
    .where(
      and(
        eq(schema.sessions.seriesId, seriesId),
        lt(schema.sessions.startsAt, target.startsAt),
      ),
    );
  const template = {
    ...edit.details,
    firstStartsAt: first.startsAt,
    durationMinutes: edit.durationMinutes,
  };
  if ((earlier?.count ?? 0) === 0) {
    await tx
      .update(schema.sessionSeries)
      .set(template)
      .where(eq(schema.sessionSeries.id, seriesId));
    await recordAudit(tx, {
      at: now,
      actorId,
      action: "series.updated",
      entityType: "series",
      entityId: seriesId,
      summary: `The weekly series from ${auditTime(series.firstStartsAt)} changed for all its sessions.`,
      details: { sessions: group.map((s) => s.id) },
    });
    return;
  }
  const rule = parseRrule(series.rrule);
  const endOfOld =
    rule?.count !== null && rule?.count !== undefined
      ? formatRrule({ count: earlier!.count })
      : formatRrule({ until: target.startsAt - 1000 });
  await tx
    .update(schema.sessionSeries)
    .set({ rrule: endOfOld })
    .where(eq(schema.sessionSeries.id, seriesId));
  const [split] = await tx
    .insert(schema.sessionSeries)
    .values({
      kindId: series.kindId,
      hostId: series.hostId,
      timeZone: series.timeZone,
      ...template,
      rrule: formatRrule({ count: group.length }),
      createdAt: now,
    })
    .returning();
  await tx
    .update(schema.sessions)
    .set({ seriesId: split.id })
    .where(
      inArray(
        schema.sessions.id,
        group.map((s) => s.id),
      ),
    );
  await recordAudit(tx, {
    at: now,
    actorId,
    action: "series.split",
    entityType: "series",
    entityId: split.id,
    summary: `The weekly series from ${auditTime(series.firstStartsAt)} changed from ${auditTime(target.startsAt)} on; those ${group.length} sessions form a new series.`,
    details: {
      fromSeriesId: seriesId,
      oldRrule: series.rrule,
      newRruleOfOld: endOfOld,
      sessions: group.map((s) => s.id),
    },
  });
}

/** Sessions the host already runs that overlap any of the given times (a clash worth a warning). */
export async function hostClashes(
  q: Queryable,
  hostId: number,
  spans: readonly Occurrence[],
): Promise<number> {
  if (spans.length === 0) return 0;
  const from = Math.min(...spans.map((s) => s.startsAt));
  const to = Math.max(...spans.map((s) => s.endsAt));
  const existing = await q
    .select({
      startsAt: schema.sessions.startsAt,
      endsAt: schema.sessions.endsAt,
    })
    .from(schema.sessions)
    .where(
      and(
        eq(schema.sessions.hostId, hostId),
        eq(schema.sessions.status, "scheduled"),
        lt(schema.sessions.startsAt, to),
        sql`${schema.sessions.endsAt} > ${from}`,
      ),
    );
  return spans.filter((s) =>
    existing.some((e) => e.startsAt < s.endsAt && s.startsAt < e.endsAt),
  ).length;
}
