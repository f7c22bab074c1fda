/**
 * Changing published sessions: one session, or it and the following sessions of its series, with
 * the series rows kept true to what their sessions now are. One write transaction, audited.
 */
import { and, asc, count, eq, gt, gte, inArray, lt, or } from "drizzle-orm";
import { schema, type Db, type Tx } from "~/db.server";
import { rolesOf } from "~/domain/access";
import { LIVE_BOOKING_STATUSES } from "~/domain/bookings";
import {
  editRefusal,
  movedOccurrence,
  placesReleasedByMove,
  releasesKey,
  type OverlapRelease,
  type SessionDetails,
  type SessionEdit,
  type SessionUpdateRefusal,
} from "~/domain/hosting";
import { can } from "~/domain/permissions";
import { parseRrule, formatRrule, rruleEndingBefore } from "~/domain/recurrence";
import { daysBetween, dayOf, type Span } from "~/domain/time";
import { recordAudit } from "~/models/audit.server";
import { bookedSessions } from "~/models/booked-sessions.server";
import { bookingCancelled, promoteWaitlist, sessionCounts, type Booking, type Session } from "~/models/bookings.server";
import { auditTime } from "~/models/hosting.server";
import { liveSeatsOn, mailSeat, mailSeats } from "~/models/mail/seat-mail.server";
import { DETAIL_FIELD_NAMES, SESSION_DETAIL_FIELDS } from "~/schemas/hosting";

export type UpdateSessionsResult =
  | { ok: true; changed: Session[]; promoted: Booking[]; released: OverlapRelease[]; considered: number }
  | { ok: false; reason: SessionUpdateRefusal };

/** What an edit may change on a session: its time and every detail. */
type SessionChange = Pick<Session, "startsAt" | "endsAt"> & SessionDetails;
type ChangeField = keyof SessionChange;

const CHANGE_FIELDS: readonly ChangeField[] = ["startsAt", "endsAt", ...DETAIL_FIELD_NAMES];

/** The changes booked people are sent an updated invite for: when and where. */
const INVITE_FIELDS: readonly ChangeField[] = ["startsAt", "endsAt", "location", "meetingUrl"];

/** Plain words for the audit line: "time, seats". */
function changeWord(field: ChangeField): string {
  return field === "startsAt" || field === "endsAt" ? "time" : SESSION_DETAIL_FIELDS[field].word;
}

const valuesOf = (row: SessionChange, fields: readonly ChangeField[]) =>
  Object.fromEntries(fields.map((field) => [field, row[field]]));

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
  input: {
    sessionId: number;
    actorId: number;
    edit: SessionEdit;
    now: number;
    /**
     * The places the host was shown the new time releases (`releasesKey`). The edit is saved only
     * when the places it releases now are exactly these; otherwise it answers which they are.
     */
    confirmedReleases?: string | null;
  },
): Promise<UpdateSessionsResult> {
  const { sessionId, actorId, edit, now } = input;
  return db.write(async (tx): Promise<UpdateSessionsResult> => {
    const target = await tx.query.sessions.findFirst({ where: eq(schema.sessions.id, sessionId) });
    if (!target) return { ok: false, reason: { code: "session_not_found" } };
    const actor = await tx.query.people.findFirst({ where: eq(schema.people.id, actorId) });
    if (!actor || !can({ id: actor.id, roles: rolesOf(actor) }, "hosting:manage-session", { hostId: target.hostId }))
      return { ok: false, reason: { code: "not_host" } };
    const locked = editRefusal(target, now);
    if (locked) return { ok: false, reason: locked };

    const zone = target.timeZone;
    const following = edit.scope === "following" && target.seriesId !== null;
    const group = following
      ? await tx
          .select()
          .from(schema.sessions)
          .where(and(eq(schema.sessions.seriesId, target.seriesId!), gte(schema.sessions.startsAt, target.startsAt)))
          .orderBy(asc(schema.sessions.startsAt))
      : [target];
    const dayShift = daysBetween(dayOf(target.startsAt, zone), edit.date);

    const plans: { before: Session; after: SessionChange; changes: ChangeField[] }[] = [];
    for (const before of group) {
      if (before.status === "cancelled") continue;
      // Each session moves by the same days; one pushed outside the kept years refuses the edit.
      const moved = movedOccurrence({
        from: dayOf(before.startsAt, zone),
        days: dayShift,
        startTime: edit.startTime,
        timeZone: zone,
        durationMinutes: edit.durationMinutes,
      });
      if (!moved.ok) return { ok: false, reason: moved.reason };
      const when = moved.occurrence;
      if (when.startsAt <= now) return { ok: false, reason: { code: "start_in_past" } };
      const after: SessionChange = { startsAt: when.startsAt, endsAt: when.endsAt, ...edit.details };
      const changes = CHANGE_FIELDS.filter((field) => before[field] !== after[field]);
      if (after.seats < before.seats) {
        const { seated } = await sessionCounts(tx, before.id);
        if (after.seats < seated) {
          return { ok: false, reason: { code: "seats_below_taken", seated, startsAt: before.startsAt } };
        }
      }
      plans.push({ before, after, changes });
    }

    const moved = new Map<number, Span>(
      plans
        .filter(({ changes }) => changes.includes("startsAt") || changes.includes("endsAt"))
        .map(({ before, after }) => [before.id, { startsAt: after.startsAt, endsAt: after.endsAt }]),
    );
    const releases = await placesReleasedBy(tx, moved);
    if (releases.length > 0 && releasesKey(releases) !== (input.confirmedReleases ?? null)) {
      return { ok: false, reason: { code: "overlaps_to_confirm", releases } };
    }

    const changed: Session[] = [];
    const promoted: Booking[] = [];
    for (const { before, after, changes } of plans) {
      if (changes.length === 0) continue;
      const [updated] = await tx
        .update(schema.sessions)
        .set({ ...valuesOf(after, CHANGE_FIELDS), version: before.version + 1, updatedAt: now })
        .where(eq(schema.sessions.id, before.id))
        .returning();
      const words = [...new Set(changes.map(changeWord))];
      const moved = changes.includes("startsAt") ? ` (now ${auditTime(after.startsAt)})` : "";
      await recordAudit(tx, {
        at: now,
        actorId,
        action: "session.updated",
        entityType: "session",
        entityId: before.id,
        summary: `Session of ${auditTime(before.startsAt)} changed: ${words.join(", ")}${moved}.`,
        details: {
          scope: edit.scope,
          changed: changes,
          before: valuesOf(before, changes),
          after: valuesOf(after, changes),
        },
      });
      changed.push(updated);
      const releasedHere = releases.filter((r) => r.sessionId === before.id);
      await releasePlaces(tx, { releases: releasedHere, session: updated, actorId, now });
      const told = changes.filter((field) => INVITE_FIELDS.includes(field));
      if (told.length) {
        const seated = (await liveSeatsOn(tx, before.id)).filter((b) => b.status === "booked").map((b) => b.id);
        const words = [...new Set(told.map(changeWord))];
        await mailSeats(tx, { bookingIds: seated, kind: "seat_updated", extra: { changes: words }, now });
      }
      if (after.seats > before.seats || releasedHere.some((r) => r.status === "booked"))
        promoted.push(...(await promoteWaitlist(tx, { sessionId: before.id, actorId, now })));
    }

    if (following && plans.length > 0) {
      await reshapeSeries(tx, { target, group, firstStartsAt: plans[0].after.startsAt, edit, actorId, now });
    }
    return { ok: true, changed, promoted, released: releases, considered: plans.length };
  });
}

/**
 * The places a change of time releases: the seats and waitlist places on the moved sessions
 * whose person holds another booking at the new time (`placesReleasedByMove`).
 */
async function placesReleasedBy(tx: Tx, moved: ReadonlyMap<number, Span>): Promise<OverlapRelease[]> {
  if (moved.size === 0) return [];
  const sessionIds = [...moved.keys()];
  const places = await tx
    .select({
      bookingId: schema.bookings.id,
      personId: schema.bookings.personId,
      personName: schema.people.name,
      sessionId: schema.bookings.sessionId,
      status: schema.bookings.status,
    })
    .from(schema.bookings)
    .innerJoin(schema.people, eq(schema.people.id, schema.bookings.personId))
    .where(
      and(inArray(schema.bookings.sessionId, sessionIds), inArray(schema.bookings.status, ["booked", "waitlisted"])),
    );
  if (places.length === 0) return [];
  const spans = [...moved.values()];
  const from = Math.min(...spans.map((s) => s.startsAt));
  const to = Math.max(...spans.map((s) => s.endsAt));
  // Their other bookings near the new times, and every one on a moved session (compared at its new time).
  const held = await bookedSessions(tx).where(
    and(
      inArray(schema.bookings.personId, [...new Set(places.map((p) => p.personId))]),
      inArray(schema.bookings.status, [...LIVE_BOOKING_STATUSES]),
      eq(schema.sessions.status, "scheduled"),
      or(
        and(lt(schema.sessions.startsAt, to), gt(schema.sessions.endsAt, from)),
        inArray(schema.sessions.id, sessionIds),
      ),
    ),
  );
  return placesReleasedByMove({
    moved,
    places: places.map((p) => ({ ...p, status: p.status as "booked" | "waitlisted" })),
    held: held.map((b) => ({
      bookingId: b.bookingId,
      personId: b.personId,
      sessionId: b.sessionId,
      startsAt: b.startsAt,
      endsAt: b.endsAt,
      title: `${b.kindName} with ${b.hostName}`,
    })),
  });
}

/**
 * Releases places whose person holds another booking at the session's new time: the record kept
 * (cancelled), audited with the booking kept, and the person told by mail which booking overlaps
 * — a seat with the cancellation of its invite.
 */
async function releasePlaces(
  tx: Tx,
  input: { releases: readonly OverlapRelease[]; session: Session; actorId: number; now: number },
) {
  const { releases, session, actorId, now } = input;
  if (releases.length === 0) return;
  const [actor] = await tx
    .select({ name: schema.people.name })
    .from(schema.people)
    .where(eq(schema.people.id, actorId));
  for (const release of releases) {
    const [booking] = await tx.select().from(schema.bookings).where(eq(schema.bookings.id, release.bookingId));
    await tx
      .update(schema.bookings)
      .set(bookingCancelled(booking, actorId, now))
      .where(eq(schema.bookings.id, release.bookingId));
    const place = release.status === "waitlisted" ? "waitlist place" : "seat";
    await recordAudit(tx, {
      at: now,
      actorId,
      action: "booking.released_overlap",
      entityType: "booking",
      entityId: release.bookingId,
      summary: `${release.personName}'s ${place} on the session of ${auditTime(session.startsAt)} was released: its new time overlaps their booking on ${release.kept.title}, ${auditTime(release.kept.startsAt)}.`,
      details: {
        sessionId: session.id,
        personId: release.personId,
        previousStatus: release.status,
        reason: "overlap",
        keptBookingId: release.kept.bookingId,
        keptSessionId: release.kept.sessionId,
      },
    });
    const overlap = {
      sessionId: release.kept.sessionId,
      title: release.kept.title,
      startsAt: release.kept.startsAt,
      endsAt: release.kept.endsAt,
    };
    const byName = actor?.name ?? "";
    if (release.status === "waitlisted") {
      await mailSeat(tx, {
        bookingId: release.bookingId,
        kind: "waitlist_left",
        extra: { byName, selfCancelled: false, sessionCancelled: false, reason: "", overlap },
        now,
      });
    } else {
      await mailSeat(tx, {
        bookingId: release.bookingId,
        kind: "seat_cancelled",
        extra: { byName, selfCancelled: false, overlap },
        now,
      });
    }
  }
}

/**
 * After "this and following" changed, the series rows say so: from the first session the series
 * row itself changes; from the middle, the series splits in two.
 */
async function reshapeSeries(
  tx: Tx,
  input: { target: Session; group: Session[]; firstStartsAt: number; edit: SessionEdit; actorId: number; now: number },
) {
  const { target, group, firstStartsAt, edit, actorId, now } = input;
  const seriesId = target.seriesId!;
  const series = await tx.query.sessionSeries.findFirst({ where: eq(schema.sessionSeries.id, seriesId) });
  if (!series) return;
  const [earlier] = await tx
    .select({ count: count() })
    .from(schema.sessions)
    .where(and(eq(schema.sessions.seriesId, seriesId), lt(schema.sessions.startsAt, target.startsAt)));
  const template = { ...edit.details, firstStartsAt, durationMinutes: edit.durationMinutes };
  if ((earlier?.count ?? 0) === 0) {
    await tx.update(schema.sessionSeries).set(template).where(eq(schema.sessionSeries.id, seriesId));
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
  const endOfOld = rruleEndingBefore(parseRrule(series.rrule), earlier.count, target.startsAt);
  await tx.update(schema.sessionSeries).set({ rrule: endOfOld }).where(eq(schema.sessionSeries.id, seriesId));
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
