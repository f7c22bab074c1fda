import { describe, expect, it } from "vitest";
import {
  editRefusal,
  hostActions,
  isMeetingLink,
  placesReleasedByMove,
  releasesKey,
  seatActions,
  sessionUpdateMessage,
  type HeldBooking,
  type PlaceOnMovedSession,
} from "~/domain/hosting";
import { can, type Actor } from "~/domain/permissions";

const NOW = Date.UTC(2027, 8, 1, 9, 0);
const HOUR = 3_600_000;
const upcoming = { status: "scheduled", startsAt: NOW + HOUR } as const;
const started = { status: "scheduled", startsAt: NOW - HOUR } as const;
const cancelled = { status: "cancelled", startsAt: NOW + HOUR } as const;

describe("what a host can do with a session", () => {
  it("changes or calls off a session until it starts, and confirms attendance once it has", () => {
    expect(hostActions(upcoming, NOW)).toEqual({ edit: true, cancel: true, confirmAttendance: false });
    expect(hostActions(started, NOW)).toEqual({ edit: false, cancel: false, confirmAttendance: true });
    expect(hostActions({ ...upcoming, startsAt: NOW }, NOW)).toEqual({
      edit: false,
      cancel: false,
      confirmAttendance: true,
    });
  });

  it("does nothing more with a cancelled session", () => {
    expect(hostActions(cancelled, NOW)).toEqual({ edit: false, cancel: false, confirmAttendance: false });
    expect(hostActions({ ...cancelled, startsAt: NOW - HOUR }, NOW)).toEqual({
      edit: false,
      cancel: false,
      confirmAttendance: false,
    });
  });

  it("says why a session can't be changed", () => {
    expect(editRefusal(upcoming, NOW)).toBeNull();
    expect(editRefusal(started, NOW)).toEqual({ code: "session_started" });
    expect(editRefusal(cancelled, NOW)).toEqual({ code: "session_cancelled" });
  });

  it("confirms attendance of seats only, and keeps notes on seats", () => {
    expect(seatActions(started, { status: "booked" }, NOW)).toEqual({ confirmAttendance: true, note: true });
    expect(seatActions(started, { status: "attended" }, NOW)).toEqual({ confirmAttendance: true, note: true });
    expect(seatActions(started, { status: "waitlisted" }, NOW)).toEqual({ confirmAttendance: false, note: false });
    expect(seatActions(upcoming, { status: "booked" }, NOW)).toEqual({ confirmAttendance: false, note: true });
    expect(seatActions(cancelled, { status: "booked" }, NOW)).toEqual({ confirmAttendance: false, note: false });
    expect(seatActions(cancelled, { status: "no_show" }, NOW)).toEqual({ confirmAttendance: false, note: true });
  });
});

describe("who manages a session", () => {
  it("is its host or an admin", () => {
    const host: Actor = { id: 1, roles: ["employee", "host"] };
    const otherHost: Actor = { id: 2, roles: ["employee", "host"] };
    const admin: Actor = { id: 3, roles: ["employee", "admin"] };
    expect(can(host, "hosting:manage-session", { hostId: 1 })).toBe(true);
    expect(can(otherHost, "hosting:manage-session", { hostId: 1 })).toBe(false);
    expect(can(admin, "hosting:manage-session", { hostId: 1 })).toBe(true);
  });

  it("explains seats that can't be taken away", () => {
    const message = sessionUpdateMessage(
      { code: "seats_below_taken", seated: 3, startsAt: NOW },
      () => "Wed 1 Sep 2027",
    );
    expect(message).toEqual({
      field: "seats",
      message: "3 seats are already taken on Wed 1 Sep 2027, so seats can't go below 3.",
    });
  });
});

describe("meeting links", () => {
  it("are https addresses with a real host name", () => {
    expect(isMeetingLink("https://meet.example.com/abc")).toBe(true);
    expect(isMeetingLink("http://meet.example.com/abc")).toBe(false);
    expect(isMeetingLink("https://meet/abc")).toBe(false);
    expect(isMeetingLink("https://user:secret@meet.example.com/abc")).toBe(false);
  });
});

describe("which places a new time releases", () => {
  const at = (hours: number, length = 1) => ({ startsAt: NOW + hours * HOUR, endsAt: NOW + (hours + length) * HOUR });
  const place = (bookingId: number, personId: number, sessionId: number, status: "booked" | "waitlisted" = "booked") =>
    ({ bookingId, personId, personName: `Person ${personId}`, sessionId, status }) satisfies PlaceOnMovedSession;
  const held = (bookingId: number, personId: number, sessionId: number, hours: number): HeldBooking => ({
    bookingId,
    personId,
    sessionId,
    title: `Session ${sessionId}`,
    ...at(hours),
  });

  it("releases the place on the moved session and keeps the other booking, seats and waitlist places alike", () => {
    const releases = placesReleasedByMove({
      moved: new Map([[1, at(5)]]),
      places: [place(10, 100, 1), place(11, 101, 1, "waitlisted"), place(12, 102, 1)],
      held: [
        held(10, 100, 1, 2),
        held(20, 100, 2, 5.5),
        held(11, 101, 1, 2),
        held(21, 101, 3, 4.5),
        held(12, 102, 1, 2),
      ],
    });
    expect(releases.map((r) => [r.bookingId, r.status, r.kept.bookingId])).toEqual([
      [10, "booked", 20],
      [11, "waitlisted", 21],
    ]);
    expect(releases[0].newTime).toEqual(at(5));
    expect(releasesKey(releases)).toBe("10,11");
  });

  it("does not count a booking that ends as the new time begins", () => {
    expect(
      placesReleasedByMove({
        moved: new Map([[1, at(5)]]),
        places: [place(10, 100, 1)],
        held: [held(10, 100, 1, 2), held(20, 100, 2, 4), held(21, 100, 3, 6)],
      }),
    ).toEqual([]);
  });

  it("compares two moved sessions at their new times, and releases only one of a pair", () => {
    const releases = placesReleasedByMove({
      moved: new Map([
        [1, at(5)],
        [2, at(5.5)],
      ]),
      places: [place(10, 100, 1), place(20, 100, 2)],
      held: [held(10, 100, 1, 2), held(20, 100, 2, 30)],
    });
    expect(releases.map((r) => r.bookingId)).toEqual([10]);
    expect(releases[0].kept).toMatchObject({ bookingId: 20, ...at(5.5) });
  });

  it("says why saving waits for the host", () => {
    const [release] = placesReleasedByMove({
      moved: new Map([[1, at(5)]]),
      places: [place(10, 100, 1)],
      held: [held(20, 100, 2, 5)],
    });
    expect(sessionUpdateMessage({ code: "overlaps_to_confirm", releases: [release] }, String)).toEqual({
      field: null,
      message: "The new time overlaps other bookings of one person: confirm to save.",
    });
  });
});
