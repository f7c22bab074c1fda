import { describe, expect, it } from "vitest";
import { editRefusal, hostActions, isMeetingLink, seatActions, sessionUpdateMessage } from "~/domain/hosting";
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
