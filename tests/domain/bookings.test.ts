import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bookedMessage,
  decideAttendance,
  decideBooking,
  decideCancellation,
  decideReflection,
  decideSessionCancellation,
  REFLECTION_MAX,
  refusalMessage,
  sessionOptions,
  timingOf,
  waitlistPlaceOf,
  type BookingRefusal,
  type BookingRequest,
  type BookingStatus,
  type PersonBooking,
} from "~/domain/bookings";
import type { Role } from "~/domain/access";
import { HOUR, overlaps } from "~/domain/time";

const NOW = Date.UTC(2027, 2, 1, 9, 0);
const START = Date.UTC(2027, 2, 2, 10, 0);

const SALES = 10;
const ACCOUNTING = 20;

function request(overrides: Partial<BookingRequest> = {}): BookingRequest {
  return {
    session: {
      id: 1,
      hostId: 100,
      hostDepartmentId: SALES,
      startsAt: START,
      endsAt: START + HOUR,
      seats: 3,
      departmentCap: null,
      status: "scheduled",
    },
    person: { id: 7, departmentId: ACCOUNTING, departmentName: "Accounting", active: true },
    liveBookingsOfPerson: [],
    sessionCounts: { seated: 0, waitlisted: 0, fromPersonsDepartment: 0 },
    now: NOW,
    actor: { id: 7, isAdmin: false, managesPerson: false },
    ...overrides,
  };
}

function existing(overrides: Partial<PersonBooking> = {}): PersonBooking {
  return {
    bookingId: 55,
    sessionId: 2,
    status: "booked",
    sessionStatus: "scheduled",
    startsAt: START,
    endsAt: START + HOUR,
    title: "Sales call with Maria Lopez",
    ...overrides,
  };
}

function refusalOf(req: BookingRequest): BookingRefusal | null {
  const decision = decideBooking(req);
  return decision.ok ? null : decision.reason;
}

describe("overlaps", () => {
  it("treats times as half-open, so back-to-back sessions do not overlap", () => {
    expect(overlaps({ startsAt: 0, endsAt: 10 }, { startsAt: 10, endsAt: 20 })).toBe(false);
    expect(overlaps({ startsAt: 10, endsAt: 20 }, { startsAt: 0, endsAt: 10 })).toBe(false);
  });

  it("sees any shared minute as an overlap, including one span inside another", () => {
    expect(overlaps({ startsAt: 0, endsAt: 11 }, { startsAt: 10, endsAt: 20 })).toBe(true);
    expect(overlaps({ startsAt: 12, endsAt: 13 }, { startsAt: 10, endsAt: 20 })).toBe(true);
  });

  it("is symmetric and agrees with a minute-by-minute check", () => {
    const span = fc
      .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 30 }))
      .map(([s, d]) => ({ startsAt: s, endsAt: s + d }));
    fc.assert(
      fc.property(span, span, (a, b) => {
        let shared = false;
        for (let t = a.startsAt; t < a.endsAt; t++) if (t >= b.startsAt && t < b.endsAt) shared = true;
        return overlaps(a, b) === overlaps(b, a) && overlaps(a, b) === shared;
      }),
    );
  });
});

describe("decideBooking", () => {
  it("gives a seat when one is free and nobody is waiting", () => {
    expect(decideBooking(request())).toEqual({ ok: true, status: "booked" });
  });

  it("puts the person on the waitlist when every seat is taken", () => {
    expect(decideBooking(request({ sessionCounts: { seated: 3, waitlisted: 0, fromPersonsDepartment: 0 } }))).toEqual({
      ok: true,
      status: "waitlisted",
    });
  });

  it("sends a newcomer behind people already waiting even if a seat is momentarily free", () => {
    expect(decideBooking(request({ sessionCounts: { seated: 2, waitlisted: 1, fromPersonsDepartment: 0 } }))).toEqual({
      ok: true,
      status: "waitlisted",
    });
  });

  it("refuses a cancelled session", () => {
    expect(refusalOf(request({ session: { ...request().session, status: "cancelled" } }))).toEqual({
      code: "session_cancelled",
    });
  });

  it("refuses once the session has started, including at the very start", () => {
    expect(refusalOf(request({ now: START }))).toEqual({ code: "session_started" });
    expect(refusalOf(request({ now: START + 1 }))).toEqual({ code: "session_started" });
    expect(refusalOf(request({ now: START - 1 }))).toBeNull();
  });

  it("refuses an inactive person", () => {
    expect(refusalOf(request({ person: { ...request().person, active: false } }))).toEqual({ code: "person_inactive" });
  });

  it("refuses the host shadowing their own session", () => {
    expect(
      refusalOf(
        request({
          person: { id: 100, departmentId: SALES, departmentName: "Sales", active: true },
          actor: { id: 100, isAdmin: false, managesPerson: false },
        }),
      ),
    ).toEqual({ code: "own_session" });
  });

  it("refuses shadowing one's own department's work", () => {
    expect(
      refusalOf(request({ person: { id: 7, departmentId: SALES, departmentName: "Sales", active: true } })),
    ).toEqual({
      code: "own_department",
    });
  });

  it("refuses a second live booking on the same session, saying whether it is a seat or a waitlist place", () => {
    expect(refusalOf(request({ liveBookingsOfPerson: [existing({ sessionId: 1 })] }))).toEqual({
      code: "already_booked",
      status: "booked",
    });
    expect(refusalOf(request({ liveBookingsOfPerson: [existing({ sessionId: 1, status: "waitlisted" })] }))).toEqual({
      code: "already_booked",
      status: "waitlisted",
    });
  });

  it("refuses a booking whose time overlaps another live booking, naming the other one", () => {
    const other = existing({ startsAt: START + HOUR / 2, endsAt: START + 2 * HOUR });
    expect(refusalOf(request({ liveBookingsOfPerson: [other] }))).toEqual({
      code: "overlap",
      conflict: {
        bookingId: 55,
        sessionId: 2,
        title: "Sales call with Maria Lopez",
        startsAt: other.startsAt,
        endsAt: other.endsAt,
      },
    });
  });

  it("counts a waitlist place as taking up the time", () => {
    expect(refusalOf(request({ liveBookingsOfPerson: [existing({ status: "waitlisted" })] }))?.code).toBe("overlap");
  });

  it("allows a booking that starts exactly when another ends", () => {
    const before = existing({ startsAt: START - HOUR, endsAt: START });
    const after = existing({ bookingId: 56, sessionId: 3, startsAt: START + HOUR, endsAt: START + 2 * HOUR });
    expect(decideBooking(request({ liveBookingsOfPerson: [before, after] }))).toEqual({ ok: true, status: "booked" });
  });

  it("ignores bookings on cancelled sessions when looking for overlaps", () => {
    expect(decideBooking(request({ liveBookingsOfPerson: [existing({ sessionStatus: "cancelled" })] }))).toEqual({
      ok: true,
      status: "booked",
    });
  });

  it("refuses when the person's department has reached the session's cap", () => {
    const capped = request({
      session: { ...request().session, departmentCap: 2 },
      sessionCounts: { seated: 2, waitlisted: 0, fromPersonsDepartment: 2 },
    });
    expect(refusalOf(capped)).toEqual({ code: "department_full", departmentName: "Accounting", cap: 2, count: 2 });
  });

  it("admits a department below its cap", () => {
    const below = request({
      session: { ...request().session, departmentCap: 2 },
      sessionCounts: { seated: 2, waitlisted: 0, fromPersonsDepartment: 1 },
    });
    expect(decideBooking(below)).toEqual({ ok: true, status: "booked" });
  });

  it("lets a manager or an admin book someone, but not anyone else", () => {
    expect(decideBooking(request({ actor: { id: 9, isAdmin: false, managesPerson: true } })).ok).toBe(true);
    expect(decideBooking(request({ actor: { id: 9, isAdmin: true, managesPerson: false } })).ok).toBe(true);
    expect(refusalOf(request({ actor: { id: 9, isAdmin: false, managesPerson: false } }))).toEqual({
      code: "not_allowed",
    });
  });

  it("never gives more seats than the session has, whatever the counts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 5 }),
        (seats, seated, waitlisted) => {
          const decision = decideBooking(
            request({
              session: { ...request().session, seats },
              sessionCounts: { seated, waitlisted, fromPersonsDepartment: 0 },
            }),
          );
          return !(decision.ok && decision.status === "booked") || (seated + 1 <= seats && waitlisted === 0);
        },
      ),
    );
  });
});

describe("refusalMessage", () => {
  const context = { timeZone: "Europe/Helsinki" };

  it("says plainly that bookings close at the start", () => {
    expect(refusalMessage({ code: "session_started" }, context)).toBe(
      "This session has already started — bookings close at the start time.",
    );
  });

  it("names the clashing booking and its time in the reader's zone", () => {
    const message = refusalMessage(
      {
        code: "overlap",
        conflict: {
          bookingId: 1,
          sessionId: 2,
          title: "Sales call with Maria Lopez",
          startsAt: Date.UTC(2027, 2, 2, 8),
          endsAt: Date.UTC(2027, 2, 2, 9),
        },
      },
      context,
    );
    expect(message).toBe(
      "You already have a booking at that time: Sales call with Maria Lopez, Tue 2 Mar, 10:00–11:00.",
    );
  });

  it("explains the department cap with the department's name", () => {
    expect(refusalMessage({ code: "department_full", departmentName: "Accounting", cap: 2, count: 2 }, context)).toBe(
      "Two people from Accounting are already coming — this session takes at most 2 from one department.",
    );
    expect(refusalMessage({ code: "department_full", departmentName: "Legal", cap: 1, count: 1 }, context)).toBe(
      "One person from Legal is already coming — this session takes at most 1 from one department.",
    );
  });

  it("speaks about the other person when a manager books for them", () => {
    expect(refusalMessage({ code: "own_department" }, { ...context, personName: "Dana" })).toBe(
      "Dana can't shadow their own department's work.",
    );
    expect(refusalMessage({ code: "own_department" }, context)).toBe("You can't shadow your own department's work.");
    expect(refusalMessage({ code: "already_booked", status: "booked" }, context)).toBe(
      "You already have a seat on this session.",
    );
  });

  it("has a sentence for every refusal", () => {
    const all: BookingRefusal[] = [
      { code: "session_not_found" },
      { code: "person_not_found" },
      { code: "session_cancelled" },
      { code: "session_started" },
      { code: "person_inactive" },
      { code: "not_allowed" },
      { code: "own_session" },
      { code: "own_department" },
      { code: "already_booked", status: "waitlisted" },
      {
        code: "overlap",
        conflict: { bookingId: 1, sessionId: 1, title: "Install with Sam", startsAt: 0, endsAt: HOUR },
      },
      { code: "department_full", departmentName: "HR", cap: 3, count: 3 },
    ];
    for (const reason of all) {
      const sentence = refusalMessage(reason, context);
      expect(sentence).toMatch(/^[A-Z].*\.$/);
      expect(sentence).not.toMatch(/undefined|constraint/i);
    }
  });

  it("tells a waiting person their place", () => {
    expect(bookedMessage({ status: "waitlisted", place: 2 })).toBe(
      "This session is full — you are number 2 on the waitlist.",
    );
    expect(bookedMessage({ status: "booked", place: null })).toBe("You're booked.");
  });
});

describe("decideCancellation", () => {
  const session = { startsAt: START, endsAt: START + HOUR };
  const self = { id: 7, isAdmin: false, managesPerson: false };

  it("lets the person cancel their seat before the start", () => {
    expect(decideCancellation({ booking: { personId: 7, status: "booked" }, session, actor: self, now: NOW })).toEqual({
      ok: true,
    });
  });

  it("lets a waiting person leave the waitlist even after the start", () => {
    expect(
      decideCancellation({ booking: { personId: 7, status: "waitlisted" }, session, actor: self, now: START + 1 }),
    ).toEqual({ ok: true });
  });

  it("refuses cancelling a seat once the session has started", () => {
    expect(
      decideCancellation({ booking: { personId: 7, status: "booked" }, session, actor: self, now: START }),
    ).toEqual({
      ok: false,
      reason: { code: "session_started" },
    });
  });

  it("refuses cancelling after attendance is recorded, or twice", () => {
    expect(
      decideCancellation({ booking: { personId: 7, status: "attended" }, session, actor: self, now: NOW }).ok,
    ).toBe(false);
    expect(
      decideCancellation({ booking: { personId: 7, status: "cancelled" }, session, actor: self, now: NOW }),
    ).toEqual({
      ok: false,
      reason: { code: "already_cancelled" },
    });
  });

  it("refuses someone who is neither the person, their manager nor an admin", () => {
    expect(
      decideCancellation({
        booking: { personId: 7, status: "booked" },
        session,
        actor: { id: 8, isAdmin: false, managesPerson: false },
        now: NOW,
      }),
    ).toEqual({ ok: false, reason: { code: "not_allowed" } });
  });
});

describe("decideAttendance", () => {
  const session = { startsAt: START, endsAt: START + HOUR, hostId: 100, status: "scheduled" as const };
  const hostActor = { id: 100, isAdmin: false };

  it("lets the host confirm attendance once the session has started", () => {
    expect(decideAttendance({ booking: { status: "booked" }, session, actor: hostActor, now: START })).toEqual({
      ok: true,
    });
  });

  it("refuses before the start", () => {
    expect(decideAttendance({ booking: { status: "booked" }, session, actor: hostActor, now: START - 1 })).toEqual({
      ok: false,
      reason: { code: "session_not_started" },
    });
  });

  it("refuses anyone but the host or an admin", () => {
    expect(
      decideAttendance({ booking: { status: "booked" }, session, actor: { id: 7, isAdmin: false }, now: START }).ok,
    ).toBe(false);
    expect(
      decideAttendance({ booking: { status: "booked" }, session, actor: { id: 7, isAdmin: true }, now: START }).ok,
    ).toBe(true);
  });

  it("refuses people without a seat", () => {
    for (const status of ["waitlisted", "cancelled"] as const) {
      expect(decideAttendance({ booking: { status }, session, actor: hostActor, now: START })).toEqual({
        ok: false,
        reason: { code: "not_seated" },
      });
    }
  });
});

describe("decideReflection", () => {
  it("accepts the attended person's own words, trimmed", () => {
    expect(
      decideReflection({
        booking: { personId: 7, status: "attended" },
        personId: 7,
        text: "  Customers ask about invoices.  ",
      }),
    ).toEqual({
      ok: true,
      text: "Customers ask about invoices.",
    });
  });

  it("refuses an empty, an overlong, someone else's or a not-yet-attended reflection", () => {
    const attended = { personId: 7, status: "attended" as const };
    expect(decideReflection({ booking: attended, personId: 7, text: "   " })).toEqual({
      ok: false,
      reason: { code: "empty" },
    });
    expect(decideReflection({ booking: attended, personId: 7, text: "x".repeat(REFLECTION_MAX + 1) })).toEqual({
      ok: false,
      reason: { code: "too_long", max: REFLECTION_MAX },
    });
    expect(decideReflection({ booking: attended, personId: 8, text: "Hi" })).toEqual({
      ok: false,
      reason: { code: "not_yours" },
    });
    expect(decideReflection({ booking: { personId: 7, status: "booked" }, personId: 7, text: "Hi" })).toEqual({
      ok: false,
      reason: { code: "not_attended" },
    });
  });
});

describe("decideSessionCancellation", () => {
  const session = { startsAt: START, endsAt: START + HOUR, hostId: 100, status: "scheduled" as const };

  it("lets the host call off a session before it starts", () => {
    expect(
      decideSessionCancellation({
        session,
        actor: { id: 100, isAdmin: false },
        reason: " Customer moved the call ",
        now: NOW,
      }),
    ).toEqual({
      ok: true,
      reason: "Customer moved the call",
    });
  });

  it("refuses other people, a started session and a second cancellation", () => {
    expect(decideSessionCancellation({ session, actor: { id: 7, isAdmin: false }, reason: "", now: NOW }).ok).toBe(
      false,
    );
    expect(decideSessionCancellation({ session, actor: { id: 100, isAdmin: false }, reason: "", now: START }).ok).toBe(
      false,
    );
    expect(
      decideSessionCancellation({
        session: { ...session, status: "cancelled" },
        actor: { id: 100, isAdmin: false },
        reason: "",
        now: NOW,
      }),
    ).toEqual({ ok: false, reason: { code: "already_cancelled" } });
  });
});

describe("waitlistPlaceOf", () => {
  it("counts the waiting tickets up to the person's own, ignoring gaps left by people who moved up or left", () => {
    expect(waitlistPlaceOf(9, [4, 7, 9, 12])).toBe(3);
    expect(waitlistPlaceOf(4, [4, 7, 9, 12])).toBe(1);
  });
});

describe("timingOf", () => {
  it("is upcoming before the start, under way until the end, and took place from the end on", () => {
    const session = { startsAt: START, endsAt: START + HOUR };
    expect(timingOf(session, START - 1)).toBe("upcoming");
    expect(timingOf(session, START)).toBe("under_way");
    expect(timingOf(session, START + HOUR - 1)).toBe("under_way");
    expect(timingOf(session, START + HOUR)).toBe("took_place");
  });
});

describe("sessionOptions", () => {
  const HOST = 100;
  const SHADOW = 7;
  const viewer = (id: number, ...roles: Role[]) => ({ id, roles: ["employee", ...roles] as Role[] });
  const options = (
    overrides: {
      status?: "scheduled" | "cancelled";
      seatsLeft?: number;
      mine?: BookingStatus | null;
      viewer?: { id: number; roles: Role[] };
      now?: number;
    } = {},
  ) =>
    sessionOptions({
      session: {
        startsAt: START,
        endsAt: START + HOUR,
        hostId: HOST,
        status: overrides.status ?? "scheduled",
        seatsLeft: overrides.seatsLeft ?? 2,
      },
      mine: overrides.mine ? { personId: SHADOW, status: overrides.mine } : null,
      viewer: overrides.viewer ?? viewer(SHADOW),
      now: overrides.now ?? NOW,
    });

  it("offers a seat on an upcoming session, or the waitlist when every seat is taken", () => {
    expect(options()).toMatchObject({ canBook: true, joinsWaitlist: false, canCancel: false, holdsPlace: false });
    expect(options({ seatsLeft: 0 })).toMatchObject({ canBook: true, joinsWaitlist: true });
  });

  it("offers nothing to book once the session has started, or when it was cancelled, or to its host", () => {
    expect(options({ now: START })).toMatchObject({ canBook: false, timing: "under_way" });
    expect(options({ status: "cancelled" })).toMatchObject({ canBook: false, cancelled: true });
    expect(options({ viewer: viewer(HOST, "host") })).toMatchObject({ canBook: false, hosts: true });
  });

  it("lets a person give up a seat or a waitlist place before the start, and shows the invite", () => {
    for (const status of ["booked", "waitlisted"] as const) {
      expect(options({ mine: status })).toMatchObject({
        holdsPlace: true,
        canBook: false,
        canCancel: true,
        invite: "request",
        seesMeetingLink: true,
      });
      expect(options({ mine: status, now: START })).toMatchObject({ canCancel: false, invite: "request" });
    }
  });

  it("offers the reflection only after the host confirmed attendance", () => {
    expect(options({ mine: "booked", now: START + HOUR })).toMatchObject({ canReflect: false });
    expect(options({ mine: "attended", now: START + HOUR })).toMatchObject({
      canReflect: true,
      canCancel: false,
      invite: null,
    });
    expect(options({ mine: "no_show", now: START + HOUR })).toMatchObject({ canReflect: false, invite: null });
  });

  it("stops offering the invite once the session took place, and keeps it while it runs", () => {
    expect(options({ mine: "attended", now: START + HOUR / 2 })).toMatchObject({ invite: "request" });
    expect(options({ mine: "booked", now: START + HOUR })).toMatchObject({ timing: "took_place", invite: null });
    expect(options({ mine: "booked", status: "cancelled", now: START + HOUR })).toMatchObject({ invite: "cancel" });
  });

  it("gives a place on a cancelled session the cancellation to download and keeps the meeting link away", () => {
    expect(options({ mine: "booked", status: "cancelled" })).toMatchObject({
      invite: "cancel",
      canCancel: false,
      seesMeetingLink: false,
    });
  });

  it("treats a cancelled booking as no place: the person can book again", () => {
    expect(options({ mine: "cancelled" })).toMatchObject({ holdsPlace: false, canBook: true, invite: null });
  });

  it("links the session's host and admins to its management, and managers and admins to booking their team", () => {
    expect(options({ viewer: viewer(HOST, "host") }).canManage).toBe(true);
    expect(options({ viewer: viewer(101, "host") }).canManage).toBe(false);
    expect(options({ viewer: viewer(102, "admin") }).canManage).toBe(true);
    expect(options().canBookOthers).toBe(false);
    expect(options({ viewer: viewer(103, "manager") }).canBookOthers).toBe(true);
    expect(options({ viewer: viewer(103, "manager"), now: START }).canBookOthers).toBe(false);
    expect(options({ viewer: viewer(103, "manager"), status: "cancelled" }).canBookOthers).toBe(false);
  });
});
