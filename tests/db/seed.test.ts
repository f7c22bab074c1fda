/**
 * The demo company is checked against the product's own rules: every booking is replayed through
 * `decideBooking` in the order it was made, every cancellation, attendance and reflection through
 * its decision, every completion through the completion engine, and the rest through queries.
 */
import { asc, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "~/auth/password.server";
import { schema, type Db } from "~/db.server";
import {
  decideAttendance,
  decideBooking,
  decideCancellation,
  decideReflection,
  isSeated,
  SEATED_STATUSES,
  waitlistPlaceOf,
  type LiveBookingStatus,
  type PersonBooking,
} from "~/domain/bookings";
import {
  completionFor,
  decideSignOff,
  isExpired,
  reconcileCompletion,
  REVOKE_REASON_TEXT,
  type CompletionRule,
  type EvidenceBooking,
} from "~/domain/completion";
import { MAX_ATTEMPTS } from "~/domain/mail/delivery";
import { isMailKind } from "~/domain/mail/kinds";
import { letterHtml, letterText } from "~/domain/mail/letter";
import { occurrencesOfRule } from "~/domain/recurrence";
import { DAY, dayOf, daysBetween, endOfDay, MINUTE, mondayOf, overlaps, timeOf } from "~/domain/time";
import { composeMail } from "~/mail/messages.server";
import type { Payloads } from "~/mail/payloads.server";
import { DEMO_SETTING } from "~/models/company.server";
import { FAILED_MAIL_ERROR } from "../../db/demo/mail";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoCompany, type SeedOptions } from "../../db/seed";
import { TEST_NOW } from "../support/clock";
import { freshDatabase } from "../support/db";

const DEPARTMENTS = {
  Administration: "back_office",
  Accounting: "back_office",
  Finance: "back_office",
  HR: "back_office",
  Legal: "back_office",
  IT: "back_office",
  Procurement: "back_office",
  Sales: "customer_facing",
  "Installation & Field Service": "customer_facing",
  "Customer Care": "customer_facing",
} as const;

type Rows = Awaited<ReturnType<typeof rowsOf>>;
type BookingRow = Rows["bookings"][number];
type ModuleRow = Rows["modules"][number];

interface Company {
  db: Db;
  now: number;
  options: SeedOptions;
  rows: Rows;
}

async function rowsOf(db: Db) {
  return {
    departments: await db.select().from(schema.departments).orderBy(asc(schema.departments.id)),
    people: await db.select().from(schema.people).orderBy(asc(schema.people.id)),
    kinds: await db.select().from(schema.sessionKinds).orderBy(asc(schema.sessionKinds.id)),
    modules: await db.select().from(schema.serviceModules).orderBy(asc(schema.serviceModules.id)),
    series: await db.select().from(schema.sessionSeries).orderBy(asc(schema.sessionSeries.id)),
    sessions: await db.select().from(schema.sessions).orderBy(asc(schema.sessions.id)),
    bookings: await db.select().from(schema.bookings).orderBy(asc(schema.bookings.id)),
    completions: await db.select().from(schema.completions).orderBy(asc(schema.completions.id)),
    assignments: await db.select().from(schema.assignments).orderBy(asc(schema.assignments.id)),
    settings: await db.select().from(schema.settings),
    audit: await db.select().from(schema.auditLog),
    outbox: await db.select().from(schema.outboxMessages).orderBy(asc(schema.outboxMessages.id)),
  };
}

/** The demo company every test run starts from: a copy of the template seeded at TEST_NOW. */
async function demoCompany(): Promise<Company> {
  const { db } = await freshDatabase("demo");
  return { db, now: TEST_NOW, options: { now: TEST_NOW }, rows: await rowsOf(db) };
}

/** A demo company of this test's own, seeded with other options. */
async function seededCompany(options: SeedOptions): Promise<Company> {
  const { db } = await freshDatabase();
  await seedDemoCompany(db, options);
  return { db, now: options.now, options, rows: await rowsOf(db) };
}

const indexes = new WeakMap<readonly { id: number }[], Map<number, unknown>>();

/** The rows by id, built once per list of rows. */
function byId<T extends { id: number }>(rows: readonly T[]): Map<number, T> {
  let index = indexes.get(rows) as Map<number, T> | undefined;
  if (!index) {
    index = new Map(rows.map((row) => [row.id, row]));
    indexes.set(rows, index);
  }
  return index;
}

function get<K, V>(map: Map<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`Nothing for ${String(key)}`);
  return value;
}

/** What the booking rules know about who acted: admin, or somewhere above the person. */
function actorFacts(company: Company, actorId: number, personId: number) {
  const people = byId(company.rows.people);
  let managesPerson = false;
  for (let id = get(people, personId).managerId; id !== null; id = get(people, id).managerId) {
    if (id === actorId) managesPerson = true;
  }
  return { id: actorId, isAdmin: get(people, actorId).isAdmin, managesPerson };
}

function ruleOf(module: ModuleRow): CompletionRule {
  return {
    ruleKindId: module.ruleKindId,
    requiredCount: module.requiredCount,
    requiredMinutes: module.requiredMinutes,
    reflectionRequired: module.reflectionRequired,
    validityDays: module.validityDays,
  };
}

/** Each person's attended bookings as the completion engine reads them. */
function evidenceOf(company: Company): Map<number, (EvidenceBooking & { personId: number })[]> {
  const sessions = byId(company.rows.sessions);
  const evidence = new Map<number, (EvidenceBooking & { personId: number })[]>();
  for (const booking of company.rows.bookings) {
    const session = get(sessions, booking.sessionId);
    if (booking.status !== "attended" || session.status !== "scheduled") continue;
    const list = evidence.get(booking.personId) ?? [];
    list.push({
      bookingId: booking.id,
      personId: booking.personId,
      kindId: session.kindId,
      status: booking.status,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      reflection: booking.reflection,
      reflectedAt: booking.reflectedAt,
    });
    evidence.set(booking.personId, list);
  }
  return evidence;
}

function weekdayOf(ms: number, timeZone: string): number {
  const day = dayOf(ms, timeZone);
  return daysBetween(mondayOf(day), day) + 1;
}

function minutesOf(ms: number, timeZone: string): number {
  const [hours, minutes] = timeOf(ms, timeZone).split(":").map(Number);
  return hours * 60 + minutes;
}

// ---- What every demo company keeps to ----------------------------------------------------

function staffsEveryDepartment({ rows, options }: Company) {
  expect(rows.people).toHaveLength(options.people ?? 80);
  expect(Object.fromEntries(rows.departments.map((d) => [d.name, d.kind]))).toEqual(DEPARTMENTS);
  const people = byId(rows.people);
  for (const department of rows.departments) {
    const staff = rows.people.filter((p) => p.departmentId === department.id);
    expect(staff.length, department.name).toBeGreaterThanOrEqual(2);
    expect(
      staff.some((p) => p.isManager),
      department.name,
    ).toBe(true);
  }
  const withoutManager = rows.people.filter((p) => p.managerId === null);
  expect(withoutManager.map((p) => p.title)).toEqual(["Chief Executive Officer"]);
  for (const person of rows.people) {
    if (person.managerId !== null) expect(get(people, person.managerId).isManager).toBe(true);
  }
  expect(new Set(rows.people.map((p) => p.email)).size).toBe(rows.people.length);
  expect(rows.people.filter((p) => !p.active)).toHaveLength(1);
}

function hostsOnlyFromCustomerFacingDepartments({ rows }: Company) {
  const departments = byId(rows.departments);
  const hosts = rows.people.filter((p) => p.isHost);
  expect(hosts.length).toBeGreaterThan(rows.people.length / 3);
  for (const host of hosts) expect(get(departments, host.departmentId).kind).toBe("customer_facing");
}

/**
 * Replays the live bookings in the order they were made: each must be the answer `decideBooking`
 * gives at its own moment, with the places held by the bookings made before it. That covers seats,
 * overlaps, one's own session and department, department caps, who may book for whom, bookings
 * closing at the start, and a waitlist forming only behind a full session.
 */
function holdsOnlyBookingsTheRulesGave(company: Company) {
  const { rows } = company;
  const people = byId(rows.people);
  const sessions = byId(rows.sessions);
  const departments = byId(rows.departments);
  const kinds = byId(rows.kinds);
  const placesOf = new Map<number, PersonBooking[]>();
  const counts = new Map<number, { seated: number; waitlisted: number; perDepartment: Map<number, number> }>();
  const live = rows.bookings
    .filter((b) => b.status !== "cancelled")
    .sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  const disagreements: unknown[] = [];
  for (const booking of live) {
    const session = get(sessions, booking.sessionId);
    const person = get(people, booking.personId);
    const host = get(people, session.hostId);
    const held = counts.get(session.id) ?? { seated: 0, waitlisted: 0, perDepartment: new Map() };
    const decision = decideBooking({
      session: { ...session, hostDepartmentId: host.departmentId },
      person: { ...person, departmentName: get(departments, person.departmentId).name },
      liveBookingsOfPerson: placesOf.get(person.id) ?? [],
      sessionCounts: {
        seated: held.seated,
        waitlisted: held.waitlisted,
        fromPersonsDepartment: held.perDepartment.get(person.departmentId) ?? 0,
      },
      now: booking.createdAt,
      actor: actorFacts(company, booking.bookedById, person.id),
    });
    const given = booking.status === "waitlisted" ? "waitlisted" : "booked";
    if (!decision.ok || decision.status !== given) disagreements.push({ booking: booking.id, given, decision });

    if (given === "waitlisted") held.waitlisted++;
    else held.seated++;
    held.perDepartment.set(person.departmentId, (held.perDepartment.get(person.departmentId) ?? 0) + 1);
    counts.set(session.id, held);
    placesOf.set(person.id, [
      ...(placesOf.get(person.id) ?? []),
      {
        bookingId: booking.id,
        sessionId: session.id,
        status: booking.status as LiveBookingStatus,
        sessionStatus: session.status,
        title: `${get(kinds, session.kindId).name} with ${host.name}`,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
      },
    ]);
  }
  expect(disagreements).toEqual([]);
  expect(live.length).toBeGreaterThan(rows.people.length / 2);
}

async function neverSeatsMoreThanASessionTakes({ db, rows }: Company) {
  const overbooked = await db.all(sql`
    select s.id, s.seats, count(b.id) as seated from sessions s
    join bookings b on b.session_id = s.id and b.status in (${sql.join(
      SEATED_STATUSES.map((s) => sql`${s}`),
      sql`, `,
    )})
    group by s.id having count(b.id) > s.seats`);
  expect(overbooked).toEqual([]);
  // The cap counts everyone holding a place, waiting or seated.
  const overCap = await db.all(sql`
    select s.id, p.department_id, count(b.id) as places from sessions s
    join bookings b on b.session_id = s.id and b.status <> 'cancelled'
    join people p on p.id = b.person_id
    where s.department_cap is not null
    group by s.id, p.department_id having count(b.id) > s.department_cap`);
  expect(overCap).toEqual([]);
  expect(rows.sessions.some((s) => s.departmentCap !== null)).toBe(true);
}

function neverGivesAPersonTwoPlacesAtOnce({ rows }: Company) {
  const sessions = byId(rows.sessions);
  const placesOf = new Map<number, { bookingId: number; startsAt: number; endsAt: number }[]>();
  for (const booking of rows.bookings) {
    if (booking.status === "cancelled") continue;
    const { startsAt, endsAt } = get(sessions, booking.sessionId);
    placesOf.set(booking.personId, [
      ...(placesOf.get(booking.personId) ?? []),
      { bookingId: booking.id, startsAt, endsAt },
    ]);
  }
  const clashes: [number, number][] = [];
  for (const places of placesOf.values()) {
    for (const [i, a] of places.entries()) {
      for (const b of places.slice(i + 1)) if (overlaps(a, b)) clashes.push([a.bookingId, b.bookingId]);
    }
  }
  expect(clashes).toEqual([]);
}

/** A waitlist stands only behind a full upcoming session, and its places follow the order people joined. */
function keepsWaitlistsBehindFullSessions({ rows, now }: Company) {
  const waitlisted = rows.bookings.filter((b) => b.status === "waitlisted");
  expect(waitlisted.length).toBeGreaterThan(0);
  for (const session of rows.sessions) {
    const queue = waitlisted.filter((b) => b.sessionId === session.id);
    if (queue.length === 0) continue;
    expect(session.startsAt).toBeGreaterThan(now);
    const seated = rows.bookings.filter((b) => b.sessionId === session.id && isSeated(b.status));
    expect(seated).toHaveLength(session.seats);
    const tickets = queue.map((b) => b.waitlistPosition ?? 0);
    const inJoiningOrder = [...queue].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
    expect(inJoiningOrder.map((b) => waitlistPlaceOf(b.waitlistPosition ?? 0, tickets))).toEqual(
      queue.map((_, i) => i + 1),
    );
  }
}

function recordsWhoBookedAndWhatBecameOfIt(company: Company) {
  const { rows, now } = company;
  const people = byId(rows.people);
  const sessions = byId(rows.sessions);
  const statuses = new Set(rows.bookings.map((b) => b.status));
  expect([...statuses].sort()).toEqual(["attended", "booked", "cancelled", "no_show", "waitlisted"]);
  const check = (booking: BookingRow, decision: { ok: boolean }, what: string) =>
    expect(decision, `${what}, booking ${booking.id}`).toMatchObject({ ok: true });
  for (const booking of rows.bookings) {
    const session = get(sessions, booking.sessionId);
    const person = get(people, booking.personId);
    const host = get(people, session.hostId);
    expect(session.status).toBe("scheduled");
    expect(person.active).toBe(true);
    if (booking.source === "self") expect(booking.bookedById).toBe(booking.personId);
    else expect([booking.source, booking.bookedById]).toEqual(["manager", person.managerId]);
    expect(booking.createdAt).toBeLessThan(Math.min(session.startsAt, now));
    expect(booking.createdAt).toBeGreaterThanOrEqual(session.createdAt);
    expect(booking.updatedAt).toBeGreaterThanOrEqual(booking.createdAt);
    expect(booking.updatedAt).toBeLessThanOrEqual(now);
    if (booking.status === "cancelled") {
      // Whatever place it held, it was given up before the session began.
      check(
        booking,
        decideCancellation({
          booking: { personId: booking.personId, status: "booked" },
          session,
          actor: actorFacts(company, booking.cancelledById ?? 0, booking.personId),
          now: booking.cancelledAt ?? Infinity,
        }),
        "cancellation",
      );
    } else expect([booking.cancelledAt, booking.cancelledById]).toEqual([null, null]);
    if (booking.status === "attended" || booking.status === "no_show") {
      expect(session.endsAt).toBeLessThanOrEqual(now);
      check(
        booking,
        decideAttendance({ booking: { status: "booked" }, session, actor: host, now: booking.updatedAt }),
        "attendance",
      );
    }
    if (booking.reflection) {
      expect(decideReflection({ booking, personId: booking.personId, text: booking.reflection })).toEqual({
        ok: true,
        text: booking.reflection,
      });
      expect(booking.reflectedAt).toBeGreaterThan(session.endsAt);
      expect(booking.updatedAt).toBe(booking.reflectedAt);
    } else expect(booking.reflectedAt).toBeNull();
  }
}

/**
 * The completion engine, asked about every person and module at `now`, keeps what is there: no
 * completion is missing and none stands without its evidence. Each one's dates are the engine's
 * for the evidence it names.
 */
function derivesCompletionsFromEvidence(company: Company) {
  const { rows, now } = company;
  const people = byId(rows.people);
  const evidence = evidenceOf(company);
  const live = rows.completions.filter((c) => c.revokedAt === null);
  const liveOf = new Map(live.map((c) => [`${c.personId}:${c.moduleId}`, c]));
  expect(live.length).toBeGreaterThan(0);
  for (const person of rows.people) {
    for (const module of rows.modules) {
      const completion = liveOf.get(`${person.id}:${module.id}`) ?? null;
      expect(
        reconcileCompletion(ruleOf(module), completion, evidence.get(person.id) ?? [], now),
        `${person.name}, ${module.title}`,
      ).toEqual({ action: "keep" });
    }
  }
  for (const completion of rows.completions) {
    const module = get(byId(rows.modules), completion.moduleId);
    if (completion.source === "manual") {
      expect(completion.evidence).toEqual([]);
      expect(completion.manualReason.length).toBeGreaterThan(20);
      const signer = get(people, completion.signedOffById ?? 0);
      expect(signer.id).toBe(get(people, completion.personId).managerId);
      expect(
        decideSignOff({
          actor: actorFacts(company, signer.id, completion.personId),
          personId: completion.personId,
          moduleActive: module.active,
          reason: completion.manualReason,
          live: null,
          now: completion.completedAt,
        }),
      ).toMatchObject({ ok: true });
      continue;
    }
    const named = (evidence.get(completion.personId) ?? []).filter((b) => completion.evidence.includes(b.bookingId));
    expect(completionFor(ruleOf(module), named, completion.createdAt)).toEqual({
      completedAt: completion.completedAt,
      expiresAt: completion.expiresAt,
      evidence: completion.evidence,
    });
    if (completion.revokedAt !== null) {
      // A completion ends only when newer evidence renews it.
      expect(completion.revokedReason).toBe(REVOKE_REASON_TEXT.renewed);
      expect(
        rows.completions.some(
          (c) =>
            c.personId === completion.personId &&
            c.moduleId === completion.moduleId &&
            c.createdAt === completion.revokedAt,
        ),
      ).toBe(true);
    }
  }
  expect(rows.completions.filter((c) => c.source === "manual")).toHaveLength(1);
}

function completesAssignmentsWhenTheModuleIsHeld({ rows, now }: Company) {
  const people = byId(rows.people);
  const held = new Map(
    rows.completions
      .filter((c) => c.revokedAt === null && !isExpired(c, now))
      .map((c) => [`${c.personId}:${c.moduleId}`, c]),
  );
  for (const assignment of rows.assignments) {
    const person = get(people, assignment.personId);
    const completion = held.get(`${assignment.personId}:${assignment.moduleId}`);
    expect(assignment.status).toBe(completion ? "completed" : "open");
    expect(assignment.completionId).toBe(completion?.id ?? null);
    expect(assignment.assignedById).toBe(person.managerId);
    expect(assignment.dueAt).toBe(endOfDay(assignment.dueOn, person.timeZone));
    expect(assignment.createdAt).toBeLessThan(Math.min(now, assignment.dueAt));
  }
  const open = rows.assignments.filter((a) => a.status === "open");
  expect(open.some((a) => a.dueAt < now)).toBe(true);
  expect(open.some((a) => a.dueAt >= now && a.dueAt < now + 8 * DAY)).toBe(true);
  expect(rows.assignments.some((a) => a.status === "completed")).toBe(true);
  const backOffice = new Set(rows.departments.filter((d) => d.kind === "back_office").map((d) => d.id));
  const shadows = rows.people.filter((p) => p.active && p.managerId !== null && backOffice.has(p.departmentId));
  expect(rows.assignments.length).toBeGreaterThanOrEqual(shadows.length * 1.5);
}

/** The sessions starting in each of the four weeks from `now`. */
function sessionsByWeek(rows: Rows, now: number) {
  return [0, 1, 2, 3].map((week) =>
    rows.sessions.filter((s) => s.startsAt >= now + week * 7 * DAY && s.startsAt < now + (week + 1) * 7 * DAY),
  );
}

function fillsTheWeeksAtWorkingHours({ rows, now }: Company) {
  const people = byId(rows.people);
  const weeks = sessionsByWeek(rows, now);
  for (const [week, sessions] of weeks.entries()) expect(sessions.length, `week ${week + 1}`).toBeGreaterThan(0);
  expect(new Set(weeks.flat().map((s) => s.kindId)).size).toBe(rows.kinds.length);
  expect(rows.sessions.some((s) => s.endsAt <= now)).toBe(true);
  const byHost = new Map<number, typeof rows.sessions>();
  for (const session of rows.sessions) {
    const host = get(people, session.hostId);
    expect(host.isHost).toBe(true);
    expect(session.timeZone).toBe(host.timeZone);
    expect(session.startsAt).toBeGreaterThanOrEqual(now - 14 * DAY);
    expect(session.startsAt).toBeLessThan(now + 28 * DAY);
    expect(weekdayOf(session.startsAt, session.timeZone)).toBeLessThanOrEqual(5);
    expect(minutesOf(session.startsAt, session.timeZone)).toBeGreaterThanOrEqual(8 * 60);
    expect(minutesOf(session.endsAt, session.timeZone)).toBeLessThanOrEqual(17 * 60);
    const kind = get(byId(rows.kinds), session.kindId);
    expect(session.endsAt - session.startsAt).toBe(kind.defaultMinutes * MINUTE);
    expect(kind.onSite ? session.location : session.meetingUrl).not.toBe("");
    byHost.set(session.hostId, [...(byHost.get(session.hostId) ?? []), session]);
  }
  for (const hosted of byHost.values()) {
    for (const [i, a] of hosted.entries()) for (const b of hosted.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
  }
}

function repeatsEachSeriesFromItsRule({ rows }: Company) {
  expect(rows.series.length).toBeGreaterThan(0);
  for (const series of rows.series) {
    const occurrences = rows.sessions.filter((s) => s.seriesId === series.id);
    expect(occurrences.map((o) => ({ startsAt: o.startsAt, endsAt: o.endsAt }))).toEqual(
      occurrencesOfRule(series).map((o) => ({ startsAt: o.startsAt, endsAt: o.endsAt })),
    );
    for (const occurrence of occurrences) {
      expect([occurrence.hostId, occurrence.seats, occurrence.meetingUrl]).toEqual([
        series.hostId,
        series.seats,
        series.meetingUrl,
      ]);
    }
  }
}

/**
 * The outbox holds what the last week's changes sent, in the order they were made: each message
 * composes for its recipient, is about that recipient's own seat or assignment, and carries the
 * invite or cancellation its seat calls for. The demo sends no mail, so all were kept, but one
 * that was given up after its last try.
 */
function keepsTheMailItsLastWeekSent({ rows, now }: Company) {
  const people = byId(rows.people);
  const bookings = byId(rows.bookings);
  const assignments = byId(rows.assignments);
  const kinds = new Set(rows.outbox.map((m) => m.kind));
  for (const kind of ["seat_booked", "waitlisted", "seat_cancelled", "module_assigned"]) expect(kinds).toContain(kind);
  const failed = rows.outbox.filter((m) => m.state === "failed");
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatchObject({
    kind: "seat_booked",
    attempts: MAX_ATTEMPTS,
    lastError: FAILED_MAIL_ERROR,
    sentAt: null,
    leaseOwner: null,
  });
  expect(failed[0].updatedAt).toBeLessThanOrEqual(now);
  const calendarOf: Record<string, string | null> = {
    seat_booked: "REQUEST",
    seat_cancelled: "CANCEL",
    waitlisted: null,
    waitlist_left: null,
  };
  for (const message of rows.outbox) {
    expect(message.createdAt).toBeGreaterThanOrEqual(now - 7 * DAY);
    expect(message.createdAt).toBeLessThan(now);
    if (message.state !== "failed") {
      expect(message).toMatchObject({ state: "kept", attempts: 1, lastError: "" });
      expect(message.sentAt).toBeGreaterThanOrEqual(message.createdAt);
      expect(message.sentAt).toBeLessThanOrEqual(now);
    }
    const kind = message.kind;
    if (!isMailKind(kind)) throw new Error(`Unknown kind ${kind}`);
    const payload = message.payload as unknown as Payloads[typeof kind];
    const { letter, calendar } = composeMail(kind, payload, get(people, message.personId), {
      origin: "http://localhost:3000",
      now,
      accountLink: null,
      unsubscribeUrl: null,
    });
    expect(letter.subject, `message ${message.id}`).not.toBe("");
    expect(letterText(letter)).toContain(letter.heading);
    expect(letterHtml(letter)).toContain("<h1");
    if ("row" in payload) {
      expect(get(bookings, payload.row.bookingId).personId).toBe(message.personId);
      expect(calendar?.method ?? null, `message ${message.id}`).toBe(calendarOf[kind]);
    } else if ("assignmentId" in payload) {
      expect(get(assignments, payload.assignmentId)).toMatchObject({
        personId: message.personId,
        dueOn: payload.dueOn,
      });
    }
  }
  const created = rows.outbox.map((m) => m.createdAt);
  expect(created).toEqual([...created].sort((a, b) => a - b));
}

const RULES: [string, (company: Company) => void | Promise<void>][] = [
  [
    "staffs every listed department, each with a manager, and gives everyone but the chief executive a manager",
    staffsEveryDepartment,
  ],
  ["hosts only from customer-facing departments", hostsOnlyFromCustomerFacingDepartments],
  ["holds only bookings the booking rules gave, at the moment each was made", holdsOnlyBookingsTheRulesGave],
  [
    "never seats more people than a session has, nor more from one department than its cap",
    neverSeatsMoreThanASessionTakes,
  ],
  ["never gives a person two places at overlapping times", neverGivesAPersonTwoPlacesAtOnce],
  [
    "keeps a waitlist only behind a full upcoming session, in the order people joined it",
    keepsWaitlistsBehindFullSessions,
  ],
  ["records who made each booking, when, and what became of it", recordsWhoBookedAndWhatBecameOfIt],
  ["derives every completion from its evidence, and misses none", derivesCompletionsFromEvidence],
  [
    "completes an assignment exactly when its module is held, due at the end of the assignee's day",
    completesAssignmentsWhenTheModuleIsHeld,
  ],
  [
    "fills the next four weeks with sessions at working hours in the host's zone, never double-booking a host",
    fillsTheWeeksAtWorkingHours,
  ],
  ["repeats each weekly listen-in block from its recurrence rule", repeatsEachSeriesFromItsRule],
  [
    "keeps in its outbox the mail its last week sent, each message composing for its recipient",
    keepsTheMailItsLastWeekSent,
  ],
];

describe("The demo company", () => {
  it.each(RULES)("%s", async (_, rule) => {
    await rule(await demoCompany());
  });

  it("refuses to be seeded into a database that already holds people", async () => {
    const { db, rows } = await demoCompany();
    await expect(seedDemoCompany(db, { now: TEST_NOW })).rejects.toThrow(/empty database/);
    expect(await db.$count(schema.people)).toBe(rows.people.length);
  });
});

describe.each([
  // A Thursday a few days before Europe moves its clocks forward, so the weeks ahead cross the change.
  { label: "in the week Europe moves its clocks forward", options: { now: Date.UTC(2025, 2, 27, 9, 30), seed: 7 } },
  { label: "of 1,000 people", options: { now: TEST_NOW, seed: 3, people: 1000, sessions: 600 } },
])("A demo company $label", ({ options }) => {
  it("keeps every rule the demo company keeps", async () => {
    const company = await seededCompany(options);
    for (const [, rule] of RULES) await rule(company);
    // With this many sessions, every kind runs in each of the four weeks ahead.
    for (const [week, sessions] of sessionsByWeek(company.rows, company.now).entries()) {
      expect(new Set(sessions.map((s) => s.kindId)).size, `week ${week + 1}`).toBe(company.rows.kinds.length);
    }
  });
});

describe("A demo company at planning scale", () => {
  it("has exactly the upcoming sessions, open assignments and share of booked seats asked for, within the rules", async () => {
    const company = await seededCompany({
      now: TEST_NOW,
      seed: 5,
      people: 200,
      upcomingSessions: 120,
      openAssignments: 600,
      bookingFill: 0.3,
    });
    const { rows, now } = company;
    const upcoming = rows.sessions.filter((s) => s.startsAt > now);
    expect(upcoming).toHaveLength(120);
    expect(rows.assignments.filter((a) => a.status === "open")).toHaveLength(600);
    const seats = upcoming.filter((s) => s.status === "scheduled").reduce((sum, s) => sum + s.seats, 0);
    const upcomingIds = new Set(upcoming.map((s) => s.id));
    const seated = rows.bookings.filter((b) => upcomingIds.has(b.sessionId) && isSeated(b.status));
    expect(seated).toHaveLength(Math.round(0.3 * seats));
    holdsOnlyBookingsTheRulesGave(company);
    await neverSeatsMoreThanASessionTakes(company);
    derivesCompletionsFromEvidence(company);
  });
});

describe("The demo company's first visit", () => {
  const person = (rows: Rows, label: string) => {
    const email = DEMO_ACCOUNTS.find((a) => a.roleLabel === label)?.email;
    const found = rows.people.find((p) => p.email === email);
    if (!found) throw new Error(`No demo account labelled ${label}`);
    return found;
  };

  it("lets each demo account sign in with the demo password, and nobody else", async () => {
    const { rows } = await demoCompany();
    expect(DEMO_ACCOUNTS.length).toBeGreaterThanOrEqual(4);
    for (const account of DEMO_ACCOUNTS) {
      const found = rows.people.find((p) => p.email === account.email);
      expect(found?.name).toBe(account.name);
      expect(await verifyPassword(DEMO_PASSWORD, found?.passwordHash)).toBe(true);
      expect(await verifyPassword("not-the-password", found?.passwordHash)).toBe(false);
    }
    const demoEmails = new Set(DEMO_ACCOUNTS.map((a) => a.email));
    for (const someone of rows.people) {
      if (!demoEmails.has(someone.email)) expect(someone.passwordHash).toBeNull();
    }
  });

  it("gives the demo accounts the roles their labels promise", async () => {
    const { rows } = await demoCompany();
    const reportsOf = (id: number) => rows.people.filter((p) => p.managerId === id);
    expect(person(rows, "Admin").isAdmin).toBe(true);
    expect(person(rows, "Manager").isManager).toBe(true);
    expect(reportsOf(person(rows, "Manager").id).length).toBeGreaterThanOrEqual(3);
    expect(person(rows, "Host and manager")).toMatchObject({ isHost: true, isManager: true });
    expect(reportsOf(person(rows, "Host and manager").id).length).toBeGreaterThanOrEqual(2);
    expect(person(rows, "Host")).toMatchObject({ isHost: true, isManager: false });
    expect(person(rows, "Employee")).toMatchObject({ isHost: false, isManager: false, isAdmin: false });
  });

  it("tells the demo employee's story: a module held, a booked sales call, a waitlist place and an overdue ride-along", async () => {
    const { rows } = await demoCompany();
    const emma = person(rows, "Employee");
    const hers = rows.bookings.filter((b) => b.personId === emma.id);
    expect(hers.filter((b) => b.status === "attended" && b.reflection)).toHaveLength(2);
    expect(hers.filter((b) => b.status === "booked")).toHaveLength(1);
    expect(hers.filter((b) => b.status === "waitlisted")).toHaveLength(1);
    const titleOf = new Map(rows.modules.map((m) => [m.id, m.title]));
    const assignments = rows.assignments
      .filter((a) => a.personId === emma.id)
      .map((a) => ({ title: titleOf.get(a.moduleId), status: a.status, overdue: a.dueAt < TEST_NOW }));
    expect(assignments).toEqual(
      expect.arrayContaining([
        { title: "Hear the customer: call-line listen-in", status: "completed", overdue: false },
        { title: "Ride-along: install day", status: "open", overdue: true },
        { title: "Sit in on a sales call", status: "open", overdue: false },
      ]),
    );
    expect(assignments).toHaveLength(3);
  });

  it("shows in the outbox the demo employee's invitation to her sales call and the notice of her waitlist place", async () => {
    const { rows } = await demoCompany();
    const emma = person(rows, "Employee");
    const bookings = byId(rows.bookings);
    const hers = rows.outbox
      .filter((m) => m.personId === emma.id)
      .map((m) => {
        const seat = (m.payload as Partial<Payloads["seat_booked"]>).row;
        return { kind: m.kind, status: seat && get(bookings, seat.bookingId).status, kindName: seat?.kindName };
      });
    expect(hers).toEqual(
      expect.arrayContaining([
        { kind: "seat_booked", status: "booked", kindName: "Sales call" },
        { kind: "waitlisted", status: "waitlisted", kindName: expect.any(String) },
      ]),
    );
  });

  it("gives the demo hosts sessions with shadows booked on them", async () => {
    const { rows } = await demoCompany();
    for (const label of ["Host", "Host and manager"]) {
      const host = person(rows, label);
      const hosted = rows.sessions.filter((s) => s.hostId === host.id);
      expect(hosted.filter((s) => s.startsAt > TEST_NOW).length, label).toBeGreaterThanOrEqual(3);
      for (const session of hosted) {
        expect(
          rows.bookings.some((b) => b.sessionId === session.id && isSeated(b.status)),
          label,
        ).toBe(true);
      }
    }
  });

  it("offers at least six modules with guides worth reading", async () => {
    const { rows } = await demoCompany();
    expect(rows.modules.length).toBeGreaterThanOrEqual(6);
    expect(rows.modules.map((m) => m.title)).toEqual(
      expect.arrayContaining([
        "Hear the customer: call-line listen-in",
        "Ride-along: install day",
        "Sit in on a sales call",
        "What to do when a customer asks you for help",
        "Follow up",
      ]),
    );
    for (const module of rows.modules) {
      expect(module.summary.length, module.title).toBeGreaterThan(40);
      expect(module.guide.length, module.title).toBeGreaterThan(800);
      expect(module.guide.split("\n\n").length, module.title).toBeGreaterThanOrEqual(4);
      expect(
        module.guide.split("\n").filter((line) => line.startsWith("- ")).length,
        module.title,
      ).toBeGreaterThanOrEqual(3);
    }
    const listenIn = rows.kinds.find((k) => k.name === "Call-centre listen-in");
    expect(rows.modules.find((m) => m.title.startsWith("Hear the customer"))).toMatchObject({
      ruleKindId: listenIn?.id,
      requiredCount: 2,
      requiredMinutes: 120,
      reflectionRequired: true,
      validityDays: 365,
      core: true,
    });
    expect(rows.modules.find((m) => m.title.startsWith("What to do"))?.ruleKindId).toBeNull();
  });

  it("keeps the demo accounts in the settings and writes the seeding to the audit log", async () => {
    const { rows } = await demoCompany();
    expect(rows.settings.map((s) => s.key)).toEqual([DEMO_SETTING]);
    expect(JSON.parse(rows.settings[0].value)).toEqual({ password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS });
    expect(rows.audit).toHaveLength(1);
    expect(rows.audit[0]).toMatchObject({ action: "company.seeded", entityType: "company", at: TEST_NOW });
  });

  it("builds the same company from the same seed and instant", async () => {
    const template = (await demoCompany()).rows;
    const again = (await seededCompany({ now: TEST_NOW })).rows;
    const withoutHashes = (rows: Rows) => ({
      ...rows,
      people: rows.people.map(({ passwordHash, ...someone }) => ({ ...someone, hasPassword: passwordHash !== null })),
      audit: rows.audit.map(({ id: _id, ...entry }) => entry),
    });
    expect(withoutHashes(again)).toEqual(withoutHashes(template));
    const other = (await seededCompany({ now: TEST_NOW, seed: 2 })).rows;
    expect(other.people.map((p) => p.name)).not.toEqual(template.people.map((p) => p.name));
  });
});
