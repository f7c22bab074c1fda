/**
 * Changing published sessions: one session, or it and the following sessions of its series, with
 * the series rows kept true to what their sessions now are. One write transaction, audited.
 */
import { and, asc, count, eq, gte, inArray, lt } from "drizzle-orm";
import { schema, type Db, type Tx } from "~/db.server";
import { rolesOf } from "~/domain/access";
import {
  editRefusal,
  movedOccurrence,
  type SessionDetails,
  type SessionEdit,
  type SessionUpdateRefusal,
} from "~/domain/hosting";
import { can } from "~/domain/permissions";
import { parseRrule, formatRrule, rruleEndingBefore } from "~/domain/recurrence";
import { daysBetween, dayOf } from "~/domain/time";
import { recordAudit } from "~/models/audit.server";
import { promoteWaitlist, sessionCounts, type Booking, type Session } from "~/models/bookings.server";
import { auditTime } from "~/models/hosting.server";
import { liveSeatsOn, mailSeats } from "~/models/mail/seat-mail.server";
import { DETAIL_FIELD_NAMES, SESSION_DETAIL_FIELDS } from "~/schemas/hosting";

export type UpdateSessionsResult =
  | { ok: true; changed: Session[]; promoted: Booking[]; considered: number }
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
  input: { sessionId: number; actorId: number; edit: SessionEdit; now: number },
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
      const told = changes.filter((field) => INVITE_FIELDS.includes(field));
      if (told.length) {
        const seated = (await liveSeatsOn(tx, before.id)).filter((b) => b.status === "booked").map((b) => b.id);
        const words = [...new Set(told.map(changeWord))];
        await mailSeats(tx, { bookingIds: seated, kind: "seat_updated", extra: { changes: words }, now });
      }
      if (after.seats > before.seats)
        promoted.push(...(await promoteWaitlist(tx, { sessionId: before.id, actorId, now })));
    }

    if (following && plans.length > 0) {
      await reshapeSeries(tx, { target, group, firstStartsAt: plans[0].after.startsAt, edit, actorId, now });
    }
    return { ok: true, changed, promoted, considered: plans.length };
  });
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
