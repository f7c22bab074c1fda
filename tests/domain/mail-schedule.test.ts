import { describe, expect, it } from "vitest";
import {
  attendanceRequestDue,
  digestOf,
  digestWeek,
  dueSoonMoment,
  dueSoonReminderDue,
  reflectionRequestDue,
  reminderDue,
  reminderMoment,
} from "~/domain/mail/schedule";
import { DAY, endOfDay, HOUR, MINUTE } from "~/domain/time";

const utc = (text: string) => Date.parse(`${text}Z`);

describe("the reminder the day before a session", () => {
  // Wed 3 Mar 2027 14:00 UTC: 23:00 that Wednesday in Tokyo, 09:00 that Wednesday in New York.
  const startsAt = utc("2027-03-03T14:00");

  it("is at 09:00 on the day before, in the person's own zone", () => {
    expect(reminderMoment(startsAt, "Asia/Tokyo")).toBe(utc("2027-03-02T00:00"));
    expect(reminderMoment(startsAt, "America/New_York")).toBe(utc("2027-03-02T14:00"));
    expect(reminderMoment(startsAt, "UTC")).toBe(utc("2027-03-02T09:00"));
  });

  it("takes the session's day as the person sees it", () => {
    // 01:00 on Thursday in Tokyo, still Wednesday afternoon in New York.
    const late = utc("2027-03-03T16:00");
    expect(reminderMoment(late, "Asia/Tokyo")).toBe(utc("2027-03-03T00:00"));
    expect(reminderMoment(late, "America/New_York")).toBe(utc("2027-03-02T14:00"));
  });

  it("keeps 09:00 local across a change of the clocks", () => {
    // New York moves to summer time on Sunday 14 March 2027.
    expect(reminderMoment(utc("2027-03-15T14:00"), "America/New_York")).toBe(utc("2027-03-14T13:00"));
  });

  it("is due from its moment until the session starts, for a seat taken before the moment", () => {
    const moment = reminderMoment(startsAt, "UTC");
    const seat = { startsAt, seatedSince: moment - DAY, timeZone: "UTC" };
    expect(reminderDue({ ...seat, now: moment - MINUTE })).toBe(false);
    expect(reminderDue({ ...seat, now: moment })).toBe(true);
    expect(reminderDue({ ...seat, now: startsAt - MINUTE })).toBe(true);
    expect(reminderDue({ ...seat, now: startsAt })).toBe(false);
  });

  it("is not due for a seat taken at or after the moment", () => {
    const moment = reminderMoment(startsAt, "UTC");
    expect(reminderDue({ startsAt, seatedSince: moment, timeZone: "UTC", now: moment + HOUR })).toBe(false);
  });
});

describe("the reminder a week before a module is due", () => {
  const dueOn = "2027-03-20";
  const dueAt = endOfDay(dueOn, "Asia/Tokyo");

  it("is at 09:00 seven days before the due day, in the assignee's zone", () => {
    expect(dueSoonMoment(dueOn, "Asia/Tokyo")).toBe(utc("2027-03-13T00:00"));
    expect(dueSoonMoment(dueOn, "America/New_York")).toBe(utc("2027-03-13T14:00"));
  });

  it("is due from its moment until the due day ends, for an assignment made before it", () => {
    const moment = dueSoonMoment(dueOn, "Asia/Tokyo");
    const assignment = { dueOn, dueAt, assignedAt: moment - 10 * DAY, timeZone: "Asia/Tokyo" };
    expect(dueSoonReminderDue({ ...assignment, now: moment - MINUTE })).toBe(false);
    expect(dueSoonReminderDue({ ...assignment, now: moment })).toBe(true);
    expect(dueSoonReminderDue({ ...assignment, now: dueAt - MINUTE })).toBe(true);
    expect(dueSoonReminderDue({ ...assignment, now: dueAt })).toBe(false);
  });

  it("is not due for an assignment made less than a week before its due day", () => {
    const moment = dueSoonMoment(dueOn, "Asia/Tokyo");
    expect(
      dueSoonReminderDue({ dueOn, dueAt, assignedAt: moment + HOUR, timeZone: "Asia/Tokyo", now: moment + DAY }),
    ).toBe(false);
  });
});

describe("the managers' weekly digest", () => {
  it("is due from 08:00 on Monday in the manager's zone to the end of that Monday", () => {
    // Monday 1 March 2027.
    expect(digestWeek(utc("2027-03-01T07:59"), "UTC")).toBeNull();
    expect(digestWeek(utc("2027-03-01T08:00"), "UTC")).toBe("2027-03-01");
    expect(digestWeek(utc("2027-03-01T23:59"), "UTC")).toBe("2027-03-01");
    expect(digestWeek(utc("2027-03-02T00:00"), "UTC")).toBeNull();
    expect(digestWeek(utc("2027-03-07T12:00"), "UTC")).toBeNull();
  });

  it("reads Monday in the manager's zone", () => {
    // Sunday 23:00 UTC is Monday 08:00 in Tokyo; Monday 16:00 UTC is 08:00 in Los Angeles.
    expect(digestWeek(utc("2027-02-28T23:00"), "Asia/Tokyo")).toBe("2027-03-01");
    expect(digestWeek(utc("2027-03-01T15:59"), "America/Los_Angeles")).toBeNull();
    expect(digestWeek(utc("2027-03-01T16:00"), "America/Los_Angeles")).toBe("2027-03-01");
  });

  const now = utc("2027-03-01T08:00");
  const item = (personName: string, moduleTitle: string, dueAt: number) => ({ personName, moduleTitle, dueAt });

  it("says nothing when nothing is overdue or due within 14 days", () => {
    expect(digestOf([], now)).toBeNull();
    expect(digestOf([item("Ann", "Listen in", now + 15 * DAY)], now)).toBeNull();
  });

  it("lists the longest overdue first and the soonest due first", () => {
    const digest = digestOf(
      [
        item("Ann", "Listen in", now - DAY),
        item("Bo", "Ride along", now - 5 * DAY),
        item("Cy", "Sales call", now + 10 * DAY),
        item("Di", "Listen in", now + 2 * DAY),
        item("Ed", "Follow up", now + 20 * DAY),
      ],
      now,
    );
    expect(digest?.overdue.map((i) => i.personName)).toEqual(["Bo", "Ann"]);
    expect(digest?.dueSoon.map((i) => i.personName)).toEqual(["Di", "Cy"]);
    expect(digest).toMatchObject({ moreOverdue: 0, moreDueSoon: 0 });
  });

  it("names at most the given number of lines in each list and counts the rest", () => {
    const items = Array.from({ length: 30 }, (_, i) => item(`Person ${i}`, "Listen in", now - (i + 1) * HOUR));
    const digest = digestOf(items, now, 25);
    expect(digest?.overdue).toHaveLength(25);
    expect(digest?.moreOverdue).toBe(5);
    expect(digest?.dueSoon).toEqual([]);
  });
});

describe("after a session", () => {
  const endsAt = utc("2027-03-02T11:00");

  it("asks an attended shadow without a reflection an hour after the end", () => {
    const seat = { status: "attended", hasReflection: false, endsAt };
    expect(reflectionRequestDue({ ...seat, now: endsAt + 59 * MINUTE })).toBe(false);
    expect(reflectionRequestDue({ ...seat, now: endsAt + HOUR })).toBe(true);
    // Confirmed a week later: the reflection can be written from then on.
    expect(reflectionRequestDue({ ...seat, now: endsAt + 7 * DAY })).toBe(true);
  });

  it("does not ask a shadow whose attendance is unconfirmed, or who has written one", () => {
    expect(reflectionRequestDue({ status: "booked", hasReflection: false, endsAt, now: endsAt + HOUR })).toBe(false);
    expect(reflectionRequestDue({ status: "no_show", hasReflection: false, endsAt, now: endsAt + HOUR })).toBe(false);
    expect(reflectionRequestDue({ status: "attended", hasReflection: true, endsAt, now: endsAt + HOUR })).toBe(false);
  });

  it("asks the host to confirm attendance an hour after the end while a seat is unconfirmed", () => {
    expect(attendanceRequestDue({ unconfirmed: 1, endsAt, now: endsAt + 59 * MINUTE })).toBe(false);
    expect(attendanceRequestDue({ unconfirmed: 1, endsAt, now: endsAt + HOUR })).toBe(true);
    expect(attendanceRequestDue({ unconfirmed: 0, endsAt, now: endsAt + HOUR })).toBe(false);
    expect(attendanceRequestDue({ unconfirmed: 1, endsAt, now: endsAt + HOUR + 2 * DAY })).toBe(false);
  });
});
