import { and, asc, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { refusalMessage } from "~/domain/bookings";
import {
  bookingById,
  bookingOfPersonOn,
  bookingsOnSession,
  bookSeat,
  cancelBooking,
  cancelSession,
  recordAttendance,
  saveHostNote,
  saveReflection,
  waitlistPlace,
} from "~/models/bookings.server";
import { DAY, HOUR } from "~/domain/time";
import { freshDatabase } from "../support/db";
import { aDepartment, aKind, aPerson, aSession, TEST_NOW } from "../support/builders";

const NOW = TEST_NOW;
let db: Db;

beforeEach(async () => {
  ({ db } = await freshDatabase());
});

async function audits(entityType: string, entityId: number) {
  return db
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.entityType, entityType), eq(schema.auditLog.entityId, entityId)))
    .orderBy(asc(schema.auditLog.id));
}

/** Runs `act` and checks that it left bookings, sessions and the audit log exactly as they were. */
async function expectNothingWritten(database: Db, act: () => Promise<unknown>) {
  const snapshot = async () =>
    JSON.stringify({
      bookings: await database.select().from(schema.bookings).orderBy(asc(schema.bookings.id)),
      sessions: await database.select().from(schema.sessions).orderBy(asc(schema.sessions.id)),
      completions: await database.$count(schema.completions),
      audit: await database.$count(schema.auditLog),
    });
  const before = await snapshot();
  await act();
  expect(await snapshot()).toBe(before);
}

async function aBackOfficePerson(fields: Parameters<typeof aPerson>[1] = {}) {
  return aPerson(db, { department: await aDepartment(db, { kind: "back_office" }), ...fields });
}

describe("bookSeat", () => {
  it("gives out exactly the seats a session has when 50 people book at once, and queues the rest in the order they asked", async () => {
    const session = await aSession(db, { seats: 3 });
    const accounting = await aDepartment(db, { name: "Accounting (rush)" });
    const people = [];
    for (let i = 0; i < 50; i++) people.push(await aPerson(db, { department: accounting }));

    const results = await Promise.all(
      people.map((p) =>
        bookSeat(db, { sessionId: session.id, personId: p.id, actorId: p.id, source: "self", now: NOW }),
      ),
    );

    expect(results.every((r) => r.ok)).toBe(true);
    const statuses = results.map((r) => (r.ok ? r.status : "refused"));
    expect(statuses.slice(0, 3)).toEqual(["booked", "booked", "booked"]);
    expect(statuses.slice(3).every((s) => s === "waitlisted")).toBe(true);
    expect(results.slice(3).map((r) => (r.ok ? r.place : null))).toEqual(Array.from({ length: 47 }, (_, i) => i + 1));

    const rows = await bookingsOnSession(db, session.id);
    expect(rows.filter((r) => r.booking.status === "booked")).toHaveLength(3);
    const waiting = rows.filter((r) => r.booking.status === "waitlisted");
    expect(waiting.map((r) => r.booking.personId)).toEqual(people.slice(3).map((p) => p.id));
    const tickets = waiting.map((r) => r.booking.waitlistPosition ?? 0);
    expect([...tickets].sort((a, b) => a - b)).toEqual(tickets);
    expect(await waitlistPlace(db, waiting[46].booking.id)).toBe(47);
  });

  it("books a seat and writes who booked it, how and when to the audit log", async () => {
    const session = await aSession(db);
    const person = await aBackOfficePerson({ name: "Dana Reyes" });
    const result = await bookSeat(db, {
      sessionId: session.id,
      personId: person.id,
      actorId: person.id,
      source: "self",
      now: NOW,
    });
    if (!result.ok) throw new Error(result.reason.code);
    expect(result.booking).toMatchObject({
      status: "booked",
      bookedById: person.id,
      source: "self",
      waitlistPosition: null,
      version: 0,
    });
    const [entry] = await audits("booking", result.booking.id);
    expect(entry).toMatchObject({ action: "booking.booked", actorId: person.id, at: NOW });
    expect(entry.summary).toContain("Dana Reyes");
  });

  it("refuses a booking that overlaps another, and allows one that starts exactly when the other ends", async () => {
    const person = await aBackOfficePerson();
    const start = NOW + 40 * DAY;
    const first = await aSession(db, { startsAt: start, endsAt: start + HOUR });
    const clashing = await aSession(db, { startsAt: start + HOUR / 2, endsAt: start + 2 * HOUR });
    const backToBack = await aSession(db, { startsAt: start + HOUR, endsAt: start + 2 * HOUR });
    const book = (sessionId: number) =>
      bookSeat(db, { sessionId, personId: person.id, actorId: person.id, source: "self", now: NOW });

    expect((await book(first.id)).ok).toBe(true);
    let refused: Awaited<ReturnType<typeof book>> | undefined;
    await expectNothingWritten(db, async () => {
      refused = await book(clashing.id);
    });
    expect(refused).toMatchObject({ ok: false, reason: { code: "overlap", conflict: { sessionId: first.id } } });
    expect((await book(backToBack.id)).ok).toBe(true);
  });

  it("refuses shadowing one's own department's work", async () => {
    const sales = await aDepartment(db, { kind: "customer_facing" });
    const host = await aPerson(db, { department: sales, isHost: true });
    const colleague = await aPerson(db, { department: sales });
    const session = await aSession(db, { host });
    await expectNothingWritten(db, async () => {
      const result = await bookSeat(db, {
        sessionId: session.id,
        personId: colleague.id,
        actorId: colleague.id,
        source: "self",
        now: NOW,
      });
      expect(result).toEqual({ ok: false, reason: { code: "own_department" } });
    });
  });

  it("refuses the host a seat on their own session", async () => {
    const session = await aSession(db);
    await expectNothingWritten(db, async () => {
      const result = await bookSeat(db, {
        sessionId: session.id,
        personId: session.hostId,
        actorId: session.hostId,
        source: "self",
        now: NOW,
      });
      expect(result).toEqual({ ok: false, reason: { code: "own_session" } });
    });
  });

  it("refuses a booking once the session has started", async () => {
    const session = await aSession(db);
    const person = await aBackOfficePerson();
    await expectNothingWritten(db, async () => {
      const result = await bookSeat(db, {
        sessionId: session.id,
        personId: person.id,
        actorId: person.id,
        source: "self",
        now: session.startsAt,
      });
      expect(result).toEqual({ ok: false, reason: { code: "session_started" } });
      if (!result.ok) {
        expect(refusalMessage(result.reason, { timeZone: "UTC" })).toBe(
          "This session has already started — bookings close at the start time.",
        );
      }
    });
  });

  it("refuses a department at the session's cap, and still admits other departments", async () => {
    const session = await aSession(db, { seats: 5, departmentCap: 2 });
    const accounting = await aDepartment(db, { name: "Accounting" });
    const [a1, a2, a3] = [
      await aPerson(db, { department: accounting }),
      await aPerson(db, { department: accounting }),
      await aPerson(db, { department: accounting }),
    ];
    const hr = await aBackOfficePerson();
    for (const p of [a1, a2])
      expect(
        (await bookSeat(db, { sessionId: session.id, personId: p.id, actorId: p.id, source: "self", now: NOW })).ok,
      ).toBe(true);

    await expectNothingWritten(db, async () => {
      const result = await bookSeat(db, {
        sessionId: session.id,
        personId: a3.id,
        actorId: a3.id,
        source: "self",
        now: NOW,
      });
      expect(result).toEqual({
        ok: false,
        reason: { code: "department_full", departmentName: "Accounting", cap: 2, count: 2 },
      });
      if (!result.ok) {
        expect(refusalMessage(result.reason, { timeZone: "UTC" })).toBe(
          "Two people from Accounting are already coming — this session takes at most 2 from one department.",
        );
      }
    });
    expect(
      (await bookSeat(db, { sessionId: session.id, personId: hr.id, actorId: hr.id, source: "self", now: NOW })).ok,
    ).toBe(true);
  });

  it("keeps the department cap when the waitlist moves up", async () => {
    const session = await aSession(db, { seats: 1, departmentCap: 1 });
    const legal = await aDepartment(db);
    const [l1, l2] = [await aPerson(db, { department: legal }), await aPerson(db, { department: legal })];
    const other = await aBackOfficePerson();
    expect(
      await bookSeat(db, { sessionId: session.id, personId: other.id, actorId: other.id, source: "self", now: NOW }),
    ).toMatchObject({ status: "booked" });
    expect(
      await bookSeat(db, { sessionId: session.id, personId: l1.id, actorId: l1.id, source: "self", now: NOW }),
    ).toMatchObject({ status: "waitlisted" });
    expect(
      await bookSeat(db, { sessionId: session.id, personId: l2.id, actorId: l2.id, source: "self", now: NOW }),
    ).toMatchObject({
      ok: false,
      reason: { code: "department_full" },
    });
  });

  it("refuses a second booking of the same session, seat or waitlist place", async () => {
    const session = await aSession(db, { seats: 1 });
    const [seated, waiting] = [await aBackOfficePerson(), await aBackOfficePerson()];
    await bookSeat(db, { sessionId: session.id, personId: seated.id, actorId: seated.id, source: "self", now: NOW });
    await bookSeat(db, { sessionId: session.id, personId: waiting.id, actorId: waiting.id, source: "self", now: NOW });
    await expectNothingWritten(db, async () => {
      const again = await bookSeat(db, {
        sessionId: session.id,
        personId: seated.id,
        actorId: seated.id,
        source: "self",
        now: NOW,
      });
      expect(again).toEqual({ ok: false, reason: { code: "already_booked", status: "booked" } });
      if (!again.ok)
        expect(refusalMessage(again.reason, { timeZone: "UTC" })).toBe("You already have a seat on this session.");
      const twice = await bookSeat(db, {
        sessionId: session.id,
        personId: waiting.id,
        actorId: waiting.id,
        source: "self",
        now: NOW,
      });
      expect(twice).toEqual({ ok: false, reason: { code: "already_booked", status: "waitlisted" } });
    });
  });

  it("turns a second live booking caught by the database's unique index into the same refusal", async () => {
    const session = await aSession(db);
    const person = await aBackOfficePerson();
    // Stands in for a second app instance that wrote the same booking between our check and our insert.
    await db.run(
      sql.raw(`create temp trigger sneak_in before insert on bookings when new.person_id = ${person.id}
        begin insert into bookings (session_id, person_id, status, booked_by_id) values (new.session_id, new.person_id, 'booked', new.person_id); end`),
    );
    try {
      await expectNothingWritten(db, async () => {
        const result = await bookSeat(db, {
          sessionId: session.id,
          personId: person.id,
          actorId: person.id,
          source: "self",
          now: NOW,
        });
        expect(result).toEqual({ ok: false, reason: { code: "already_booked", status: "booked" } });
      });
    } finally {
      await db.run(sql`drop trigger if exists sneak_in`);
    }
  });

  it("refuses a cancelled session and an inactive person", async () => {
    const cancelled = await aSession(db, { status: "cancelled" });
    const open = await aSession(db);
    const person = await aBackOfficePerson();
    const gone = await aBackOfficePerson({ active: false });
    const manager = await aBackOfficePerson({ isManager: true });
    await db.update(schema.people).set({ managerId: manager.id }).where(eq(schema.people.id, gone.id));
    await expectNothingWritten(db, async () => {
      expect(
        await bookSeat(db, {
          sessionId: cancelled.id,
          personId: person.id,
          actorId: person.id,
          source: "self",
          now: NOW,
        }),
      ).toEqual({
        ok: false,
        reason: { code: "session_cancelled" },
      });
      expect(
        await bookSeat(db, { sessionId: open.id, personId: gone.id, actorId: manager.id, source: "manager", now: NOW }),
      ).toEqual({
        ok: false,
        reason: { code: "person_inactive" },
      });
    });
  });

  it("lets a manager book an indirect report, recording the manager as the one who booked", async () => {
    const director = await aBackOfficePerson({ isManager: true });
    const lead = await aBackOfficePerson({ isManager: true, manager: director });
    const report = await aBackOfficePerson({ manager: lead });
    const stranger = await aBackOfficePerson({ isManager: true });
    const session = await aSession(db);

    await expectNothingWritten(db, async () => {
      expect(
        await bookSeat(db, {
          sessionId: session.id,
          personId: report.id,
          actorId: stranger.id,
          source: "manager",
          now: NOW,
        }),
      ).toEqual({
        ok: false,
        reason: { code: "not_allowed" },
      });
    });
    const result = await bookSeat(db, {
      sessionId: session.id,
      personId: report.id,
      actorId: director.id,
      source: "manager",
      now: NOW,
    });
    expect(result).toMatchObject({
      ok: true,
      booking: { personId: report.id, bookedById: director.id, source: "manager", status: "booked" },
    });
    if (result.ok)
      expect((await audits("booking", result.booking.id))[0]).toMatchObject({
        actorId: director.id,
        action: "booking.booked",
      });
  });

  it("applies the planner's proposals through the same rules", async () => {
    const admin = await aBackOfficePerson({ isAdmin: true });
    const person = await aBackOfficePerson();
    const session = await aSession(db);
    const result = await bookSeat(db, {
      sessionId: session.id,
      personId: person.id,
      actorId: admin.id,
      source: "planner",
      now: NOW,
    });
    expect(result).toMatchObject({ ok: true, booking: { source: "planner", bookedById: admin.id } });
    expect(
      await bookSeat(db, {
        sessionId: session.id,
        personId: person.id,
        actorId: admin.id,
        source: "planner",
        now: NOW,
      }),
    ).toMatchObject({
      ok: false,
      reason: { code: "already_booked" },
    });
  });
});

describe("cancelBooking", () => {
  it("moves the first waitlisted person up when a seat frees", async () => {
    const session = await aSession(db, { seats: 1 });
    const [first, second, third] = [await aBackOfficePerson(), await aBackOfficePerson(), await aBackOfficePerson()];
    const book = (personId: number) =>
      bookSeat(db, { sessionId: session.id, personId, actorId: personId, source: "self", now: NOW });
    const seat = await book(first.id);
    const wait1 = await book(second.id);
    const wait2 = await book(third.id);
    if (!seat.ok || !wait1.ok || !wait2.ok) throw new Error("setup");

    const result = await cancelBooking(db, { bookingId: seat.booking.id, actorId: first.id, now: NOW + HOUR });
    if (!result.ok) throw new Error(result.reason.code);

    expect(result.booking).toMatchObject({
      status: "cancelled",
      cancelledAt: NOW + HOUR,
      cancelledById: first.id,
      version: 1,
    });
    expect(result.promoted.map((b) => b.id)).toEqual([wait1.booking.id]);
    expect(await bookingById(db, wait1.booking.id)).toMatchObject({
      status: "booked",
      waitlistPosition: null,
      version: 1,
    });
    expect(await waitlistPlace(db, wait2.booking.id)).toBe(1);
    expect((await audits("booking", seat.booking.id)).map((a) => a.action)).toEqual([
      "booking.booked",
      "booking.cancelled",
    ]);
    expect((await audits("booking", wait1.booking.id)).map((a) => a.action)).toEqual([
      "booking.waitlisted",
      "booking.promoted",
    ]);
  });

  it("lets a waiting person leave the waitlist without moving anyone up", async () => {
    const session = await aSession(db, { seats: 1 });
    const [seated, w1, w2] = [await aBackOfficePerson(), await aBackOfficePerson(), await aBackOfficePerson()];
    const book = (personId: number) =>
      bookSeat(db, { sessionId: session.id, personId, actorId: personId, source: "self", now: NOW });
    await book(seated.id);
    const leaving = await book(w1.id);
    const staying = await book(w2.id);
    if (!leaving.ok || !staying.ok) throw new Error("setup");
    expect(await waitlistPlace(db, staying.booking.id)).toBe(2);

    const result = await cancelBooking(db, { bookingId: leaving.booking.id, actorId: w1.id, now: NOW });
    expect(result).toMatchObject({ ok: true, promoted: [], booking: { status: "cancelled", waitlistPosition: null } });
    expect(await waitlistPlace(db, staying.booking.id)).toBe(1);
  });

  it("keeps the seat once the session has started, and refuses strangers", async () => {
    const session = await aSession(db);
    const person = await aBackOfficePerson();
    const stranger = await aBackOfficePerson();
    const seat = await bookSeat(db, {
      sessionId: session.id,
      personId: person.id,
      actorId: person.id,
      source: "self",
      now: NOW,
    });
    if (!seat.ok) throw new Error("setup");
    await expectNothingWritten(db, async () => {
      expect(
        await cancelBooking(db, { bookingId: seat.booking.id, actorId: person.id, now: session.startsAt }),
      ).toEqual({
        ok: false,
        reason: { code: "session_started" },
      });
      expect(await cancelBooking(db, { bookingId: seat.booking.id, actorId: stranger.id, now: NOW })).toEqual({
        ok: false,
        reason: { code: "not_allowed" },
      });
    });
  });

  it("frees the person's time for another booking at the same hour", async () => {
    const start = NOW + 60 * DAY;
    const [a, b] = [
      await aSession(db, { startsAt: start, endsAt: start + HOUR }),
      await aSession(db, { startsAt: start, endsAt: start + HOUR }),
    ];
    const person = await aBackOfficePerson();
    const seat = await bookSeat(db, {
      sessionId: a.id,
      personId: person.id,
      actorId: person.id,
      source: "self",
      now: NOW,
    });
    if (!seat.ok) throw new Error("setup");
    await cancelBooking(db, { bookingId: seat.booking.id, actorId: person.id, now: NOW });
    expect(
      await bookSeat(db, { sessionId: b.id, personId: person.id, actorId: person.id, source: "self", now: NOW }),
    ).toMatchObject({ ok: true });
    expect(
      await bookSeat(db, { sessionId: a.id, personId: person.id, actorId: person.id, source: "self", now: NOW }),
    ).toMatchObject({
      ok: false,
      reason: { code: "overlap" },
    });
  });
});

describe("bookingOfPersonOn", () => {
  it("finds the person's live booking on a session before an older cancelled one, and nothing for others", async () => {
    const session = await aSession(db);
    const [person, other] = [await aBackOfficePerson(), await aBackOfficePerson()];
    const book = () =>
      bookSeat(db, { sessionId: session.id, personId: person.id, actorId: person.id, source: "self", now: NOW });
    const first = await book();
    if (!first.ok) throw new Error(first.reason.code);
    await cancelBooking(db, { bookingId: first.booking.id, actorId: person.id, now: NOW });
    expect(await bookingOfPersonOn(db, session.id, person.id)).toMatchObject({
      id: first.booking.id,
      status: "cancelled",
    });
    const again = await book();
    if (!again.ok) throw new Error(again.reason.code);
    expect(await bookingOfPersonOn(db, session.id, person.id)).toMatchObject({
      id: again.booking.id,
      status: "booked",
    });
    expect(await bookingOfPersonOn(db, session.id, other.id)).toBeUndefined();
  });
});

describe("cancelSession", () => {
  it("calls off a session, keeps its bookings as they are and lists them for their calendars", async () => {
    const session = await aSession(db, { seats: 1 });
    const [seated, waiting] = [await aBackOfficePerson(), await aBackOfficePerson()];
    const seat = await bookSeat(db, {
      sessionId: session.id,
      personId: seated.id,
      actorId: seated.id,
      source: "self",
      now: NOW,
    });
    const wait = await bookSeat(db, {
      sessionId: session.id,
      personId: waiting.id,
      actorId: waiting.id,
      source: "self",
      now: NOW,
    });
    if (!seat.ok || !wait.ok) throw new Error("setup");

    const result = await cancelSession(db, {
      sessionId: session.id,
      actorId: session.hostId,
      reason: "The customer moved the call.",
      now: NOW + HOUR,
    });
    if (!result.ok) throw new Error(result.reason.code);
    expect(result.session).toMatchObject({
      status: "cancelled",
      cancelledAt: NOW + HOUR,
      cancelReason: "The customer moved the call.",
      version: 1,
    });
    expect(result.affected.map((b) => b.id)).toEqual([seat.booking.id, wait.booking.id]);
    expect(await bookingById(db, seat.booking.id)).toMatchObject({ status: "booked" });
    expect((await audits("session", session.id)).map((a) => [a.action, a.actorId])).toEqual([
      ["session.cancelled", session.hostId],
    ]);

    const latecomer = await aBackOfficePerson();
    expect(
      await bookSeat(db, {
        sessionId: session.id,
        personId: latecomer.id,
        actorId: latecomer.id,
        source: "self",
        now: NOW + 2 * HOUR,
      }),
    ).toEqual({
      ok: false,
      reason: { code: "session_cancelled" },
    });
  });

  it("lets nobody but the host or an admin call a session off", async () => {
    const session = await aSession(db);
    const someone = await aBackOfficePerson();
    await expectNothingWritten(db, async () => {
      expect(await cancelSession(db, { sessionId: session.id, actorId: someone.id, reason: "", now: NOW })).toEqual({
        ok: false,
        reason: { code: "not_host" },
      });
    });
  });
});

describe("attendance, host notes and reflections", () => {
  async function seatedShadow() {
    const kind = await aKind(db);
    const session = await aSession(db, { kind });
    const person = await aBackOfficePerson();
    const seat = await bookSeat(db, {
      sessionId: session.id,
      personId: person.id,
      actorId: person.id,
      source: "self",
      now: NOW,
    });
    if (!seat.ok) throw new Error("setup");
    return { session, person, booking: seat.booking };
  }

  it("lets the host confirm attendance only once the session has started", async () => {
    const { session, booking } = await seatedShadow();
    await expectNothingWritten(db, async () => {
      expect(
        await recordAttendance(db, {
          bookingId: booking.id,
          actorId: session.hostId,
          status: "attended",
          now: session.startsAt - 1,
        }),
      ).toEqual({
        ok: false,
        reason: { code: "session_not_started" },
      });
      expect(
        await recordAttendance(db, {
          bookingId: booking.id,
          actorId: booking.personId,
          status: "attended",
          now: session.startsAt,
        }),
      ).toEqual({
        ok: false,
        reason: { code: "not_host" },
      });
    });
    const result = await recordAttendance(db, {
      bookingId: booking.id,
      actorId: session.hostId,
      status: "attended",
      now: session.startsAt + 10,
    });
    expect(result).toMatchObject({ ok: true, booking: { status: "attended", version: 1 } });
    expect((await audits("booking", booking.id)).at(-1)).toMatchObject({
      action: "booking.attended",
      actorId: session.hostId,
      at: session.startsAt + 10,
    });
  });

  it("keeps the host's note on the seat", async () => {
    const { session, booking } = await seatedShadow();
    const result = await saveHostNote(db, {
      bookingId: booking.id,
      actorId: session.hostId,
      text: " Asked good questions. ",
      now: session.endsAt,
    });
    expect(result).toMatchObject({ ok: true, booking: { hostNote: "Asked good questions." } });
    expect((await audits("booking", booking.id)).at(-1)).toMatchObject({
      action: "booking.host_note",
      actorId: session.hostId,
    });
  });

  it("takes a reflection only from the shadow, only after attendance, and within the length limit", async () => {
    const { session, person, booking } = await seatedShadow();
    await expectNothingWritten(db, async () => {
      expect(
        await saveReflection(db, {
          bookingId: booking.id,
          personId: person.id,
          text: "Too early",
          now: session.endsAt,
        }),
      ).toEqual({
        ok: false,
        reason: { code: "not_attended" },
      });
    });
    await recordAttendance(db, {
      bookingId: booking.id,
      actorId: session.hostId,
      status: "attended",
      now: session.endsAt,
    });
    await expectNothingWritten(db, async () => {
      expect(
        (
          await saveReflection(db, {
            bookingId: booking.id,
            personId: session.hostId,
            text: "Not mine",
            now: session.endsAt,
          })
        ).ok,
      ).toBe(false);
      expect(
        (
          await saveReflection(db, {
            bookingId: booking.id,
            personId: person.id,
            text: "x".repeat(4001),
            now: session.endsAt,
          })
        ).ok,
      ).toBe(false);
      expect(
        (await saveReflection(db, { bookingId: booking.id, personId: person.id, text: "  ", now: session.endsAt })).ok,
      ).toBe(false);
    });
    const written = await saveReflection(db, {
      bookingId: booking.id,
      personId: person.id,
      text: "Customers mostly ask about delivery dates.",
      now: session.endsAt + HOUR,
    });
    expect(written).toMatchObject({
      ok: true,
      booking: { reflection: "Customers mostly ask about delivery dates.", reflectedAt: session.endsAt + HOUR },
    });
    const edited = await saveReflection(db, {
      bookingId: booking.id,
      personId: person.id,
      text: "Customers mostly ask about delivery.",
      now: session.endsAt + 5 * HOUR,
    });
    expect(edited).toMatchObject({ ok: true, booking: { reflectedAt: session.endsAt + HOUR } });
    expect((await audits("booking", booking.id)).slice(-2).map((a) => [a.action, a.actorId])).toEqual([
      ["booking.reflection_written", person.id],
      ["booking.reflection_edited", person.id],
    ]);
  });
});

describe("audit", () => {
  it("has an audit row with who and when for every booking, whoever made or changed it", async () => {
    const session = await aSession(db, { seats: 3 });
    const manager = await aBackOfficePerson({ isManager: true });
    const admin = await aBackOfficePerson({ isAdmin: true });
    const [own, report, planned, waiting] = [
      await aBackOfficePerson(),
      await aBackOfficePerson({ manager }),
      await aBackOfficePerson(),
      await aBackOfficePerson(),
    ];
    const book = (personId: number, actorId: number, source: "self" | "manager" | "planner") =>
      bookSeat(db, { sessionId: session.id, personId, actorId, source, now: NOW });
    const seats = [
      await book(own.id, own.id, "self"),
      await book(report.id, manager.id, "manager"),
      await book(planned.id, admin.id, "planner"),
      await book(waiting.id, waiting.id, "self"),
    ];
    const [ownSeat, reportSeat, plannedSeat] = seats.map((seat) => {
      if (!seat.ok) throw new Error(seat.reason.code);
      return seat.booking;
    });
    expect(seats.map((seat) => seat.ok && seat.status)).toEqual(["booked", "booked", "booked", "waitlisted"]);
    expect((await cancelBooking(db, { bookingId: ownSeat.id, actorId: own.id, now: NOW })).ok).toBe(true);
    const at = { now: session.startsAt };
    expect(
      (await recordAttendance(db, { bookingId: reportSeat.id, actorId: session.hostId, status: "attended", ...at })).ok,
    ).toBe(true);
    expect(
      (await saveReflection(db, { bookingId: reportSeat.id, personId: report.id, text: "Useful.", ...at })).ok,
    ).toBe(true);
    expect(
      (await saveHostNote(db, { bookingId: plannedSeat.id, actorId: session.hostId, text: "On time.", ...at })).ok,
    ).toBe(true);

    const rows = await db.select({ id: schema.bookings.id }).from(schema.bookings);
    expect(rows).toHaveLength(4);
    for (const { id } of rows) {
      const entries = await audits("booking", id);
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) {
        expect(entry.actorId).not.toBeNull();
        expect(entry.at).toBeGreaterThanOrEqual(NOW);
      }
    }
    const actions = (await db.select({ action: schema.auditLog.action }).from(schema.auditLog)).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "booking.booked",
        "booking.waitlisted",
        "booking.cancelled",
        "booking.promoted",
        "booking.attended",
        "booking.reflection_written",
        "booking.host_note",
      ]),
    );
  });
});
