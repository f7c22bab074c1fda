import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { CONFIDENTIAL_CUSTOMER, feedFor, inviteFor, type FeedScope } from "~/domain/calendar";
import { DAY, HOUR } from "~/domain/time";
import { feedCalendarFor, feedEtag } from "~/models/calendar/feeds.server";
import { bookingInvite } from "~/models/calendar/invites.server";
import {
  createFeedToken,
  findFeedByToken,
  hashFeedToken,
  issueFeed,
  listFeeds,
  turnOffFeed,
  type Feed,
} from "~/models/calendar/tokens.server";
import { eventByUid, eventsOf, instantOf, parameter, parseIcs, text, wallTime } from "../domain/ics";
import { freshDatabase } from "../support/db";
import { calendarBuilders } from "./calendar-builders";

const ORIGIN = "https://frontline.example";
const NOW = Date.UTC(2026, 9, 1, 12, 0);

// Every test has a database of its own.
let db: Db;
let build: ReturnType<typeof calendarBuilders>;
beforeEach(async () => {
  ({ db } = await freshDatabase());
  build = calendarBuilders(db);
});

async function feedOf(personId: number, scope: FeedScope): Promise<{ token: string; feed: Feed }> {
  const issued = await issueFeed(db, { personId, scope, actorId: personId, now: NOW });
  if (!issued.ok) throw new Error(issued.reason);
  const feed = await findFeedByToken(db, issued.token);
  if (!feed) throw new Error("feed not found");
  return { token: issued.token, feed };
}

/** The feed as a client receives it, parsed. */
async function read(feed: Feed, now = NOW) {
  const ics = feedFor(await feedCalendarFor(db, feed, { now, origin: ORIGIN }));
  return { ics, calendar: parseIcs(ics) };
}

const uids = (calendar: ReturnType<typeof parseIcs>) => eventsOf(calendar).map((e) => text(e, "uid"));

describe("feed tokens", () => {
  it("are 32 random bytes, URL-safe, and stored only as their hash", async () => {
    const person = await build.aPerson();
    const issued = await issueFeed(db, { personId: person.id, scope: "bookings", actorId: person.id, now: NOW });
    if (!issued.ok) throw new Error(issued.reason);
    expect(issued.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(issued.token, "base64url")).toHaveLength(32);
    expect(createFeedToken()).not.toBe(createFeedToken());

    const rows = await db.select().from(schema.calendarFeeds).where(eq(schema.calendarFeeds.personId, person.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).toBe(createHash("sha256").update(issued.token).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(issued.token);

    const [audit] = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.entityType, "feed"), eq(schema.auditLog.entityId, rows[0].id)));
    expect(audit.action).toBe("feed.issued");
    expect(audit.actorId).toBe(person.id);
  });

  it("find the feed by the token, never by its hash or a guess", async () => {
    const person = await build.aPerson();
    const { token, feed } = await feedOf(person.id, "bookings");
    expect(feed.person.id).toBe(person.id);
    expect(feed.scope).toBe("bookings");
    expect(await findFeedByToken(db, hashFeedToken(token))).toBeUndefined();
    expect(await findFeedByToken(db, createFeedToken())).toBeUndefined();
    expect(await findFeedByToken(db, "../../etc/passwd")).toBeUndefined();
    expect(await findFeedByToken(db, "")).toBeUndefined();
  });

  it("stop working at once when regenerated", async () => {
    const person = await build.aPerson();
    const first = await feedOf(person.id, "bookings");
    const second = await feedOf(person.id, "bookings");
    expect(await findFeedByToken(db, first.token)).toBeUndefined();
    expect((await findFeedByToken(db, second.token))?.id).toBe(second.feed.id);
    expect(await listFeeds(db, person.id)).toEqual([{ id: second.feed.id, scope: "bookings", createdAt: NOW }]);
    const actions = await db
      .select({ action: schema.auditLog.action })
      .from(schema.auditLog)
      .where(sql`${schema.auditLog.details} ->> 'personId' = ${person.id}`)
      .orderBy(schema.auditLog.id);
    expect(actions.map((a) => a.action)).toEqual(["feed.issued", "feed.regenerated"]);
  });

  it("regenerate one scope without touching the others", async () => {
    const person = await build.aPerson({ isHost: true });
    const bookings = await feedOf(person.id, "bookings");
    const hosting = await feedOf(person.id, "hosting");
    await feedOf(person.id, "bookings");
    expect(await findFeedByToken(db, bookings.token)).toBeUndefined();
    expect(await findFeedByToken(db, hosting.token)).not.toBeUndefined();
    expect((await listFeeds(db, person.id)).map((f) => f.scope)).toEqual(["hosting", "bookings"]);
  });

  it("can be turned off", async () => {
    const person = await build.aPerson();
    const { token } = await feedOf(person.id, "bookings");
    expect(await turnOffFeed(db, { personId: person.id, scope: "bookings", actorId: person.id, now: NOW + 1 })).toEqual(
      { turnedOff: true },
    );
    expect(await findFeedByToken(db, token)).toBeUndefined();
    expect(await listFeeds(db, person.id)).toEqual([]);
    expect(await turnOffFeed(db, { personId: person.id, scope: "bookings", actorId: person.id, now: NOW + 2 })).toEqual(
      { turnedOff: false },
    );
    const [audit] = await db
      .select()
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.action, "feed.turned_off"),
          sql`${schema.auditLog.details} ->> 'personId' = ${person.id}`,
        ),
      );
    expect(audit.summary).toContain("turned off");
  });

  it("stop working when their person is deactivated", async () => {
    const person = await build.aPerson();
    const { token } = await feedOf(person.id, "bookings");
    await db.update(schema.people).set({ active: false }).where(eq(schema.people.id, person.id));
    expect(await findFeedByToken(db, token)).toBeUndefined();
  });

  it("refuse a team feed to someone who manages nobody", async () => {
    const person = await build.aPerson();
    expect(await issueFeed(db, { personId: person.id, scope: "team", actorId: person.id, now: NOW })).toEqual({
      ok: false,
      reason: "not_offered",
    });
    expect(await issueFeed(db, { personId: 999_999, scope: "bookings", actorId: null, now: NOW })).toEqual({
      ok: false,
      reason: "person_not_found",
    });
  });
});

describe("the bookings feed", () => {
  it("lists the person's own bookings and nobody else's", async () => {
    const host = await build.aPerson({ isHost: true });
    const ann = await build.aPerson();
    const bob = await build.aPerson();
    const session = await build.aSession({ hostId: host.id });
    const annBooking = await build.aBooking({ sessionId: session.id, personId: ann.id });
    const bobBooking = await build.aBooking({ sessionId: session.id, personId: bob.id });

    const annFeed = await read((await feedOf(ann.id, "bookings")).feed);
    const bobFeed = await read((await feedOf(bob.id, "bookings")).feed);
    expect(uids(annFeed.calendar)).toEqual([`booking-${annBooking.id}@frontline`]);
    expect(uids(bobFeed.calendar)).toEqual([`booking-${bobBooking.id}@frontline`]);
    expect(annFeed.ics).not.toContain(bob.name);
    expect(annFeed.ics).not.toContain(bob.email);
  });

  it("shows a seat with its host, place, notes, guide and link back", async () => {
    const host = await build.aPerson({ name: "Aino Virtanen", email: "aino@frontline.example", isHost: true });
    const ann = await build.aPerson();
    const kind = await build.aKind({ name: "Install", onSite: true });
    await build.aModule({
      title: "Ride-along: install day",
      ruleKindId: kind.id,
      guide: "Watch how the technician greets the customer.\n\n- What do they check first?",
    });
    const session = await build.aSession({
      hostId: host.id,
      kindId: kind.id,
      location: "Acme Oy, Keilaranta 1, Espoo",
      customerName: "Acme Oy",
      notes: "Safety shoes, please.",
      version: 2,
    });
    const booking = await build.aBooking({ sessionId: session.id, personId: ann.id, version: 1 });

    const { calendar } = await read((await feedOf(ann.id, "bookings")).feed);
    expect(text(calendar, "method")).toBe("PUBLISH");
    expect(text(calendar, "x-wr-calname")).toBe("Frontline: my bookings");
    expect(String(calendar.getFirstPropertyValue("refresh-interval"))).toBe("PT15M");
    expect(text(calendar, "x-published-ttl")).toBe("PT15M");
    const event = eventByUid(calendar, `booking-${booking.id}@frontline`);
    expect(event.getFirstPropertyValue("sequence")).toBe(3);
    expect(text(event, "summary")).toBe("Shadowing: Install with Aino Virtanen");
    expect(text(event, "status")).toBe("CONFIRMED");
    expect(text(event, "organizer")).toBe("mailto:aino@frontline.example");
    expect(parameter(event, "organizer", "cn")).toBe("Aino Virtanen");
    expect(text(event, "location")).toBe("Acme Oy, Keilaranta 1, Espoo");
    expect(text(event, "url")).toBe(`${ORIGIN}/sessions/${session.id}`);
    const description = text(event, "description");
    expect(description).toContain("Customer: Acme Oy");
    expect(description).toContain("Safety shoes, please.");
    expect(description).toContain(
      "What to watch for (Ride-along: install day):\nWatch how the technician greets the customer.\n- What do they check first?",
    );
    expect(description).toContain(`Session page: ${ORIGIN}/sessions/${session.id}`);
    expect(wallTime(instantOf(event, "dtstart"), "Europe/Helsinki")).toBe("2026-10-20 10:00");
    expect(instantOf(event, "last-modified")).toBeGreaterThan(0);
  });

  it("gives back every character as it was stored: accents, scripts, emoji, quotes and controls", async () => {
    const host = await build.aPerson({ isHost: true, name: "Åsa Öberg-Ñúñez" });
    const ann = await build.aPerson();
    const notes = 'Tervetuloa! 欢迎 😀 👩🏽‍🔧 "quoted" \\ back\tslash, semi; colon: ä\u0007bell';
    const session = await build.aSession({
      hostId: host.id,
      location: "Hämeentie 1, 00530 Helsinki",
      customerName: "Café Ümlaut",
      notes,
    });
    const booking = await build.aBooking({ sessionId: session.id, personId: ann.id });
    const { calendar } = await read((await feedOf(ann.id, "bookings")).feed);
    const event = eventByUid(calendar, `booking-${booking.id}@frontline`);
    expect(text(event, "location")).toBe("Hämeentie 1, 00530 Helsinki");
    expect(parameter(event, "organizer", "cn")).toBe("Åsa Öberg-Ñúñez");
    expect(text(event, "summary")).toContain("Åsa Öberg-Ñúñez");
    const description = text(event, "description");
    expect(description).toContain(notes);
    expect(description).toContain("Customer: Café Ümlaut");
  });

  it("carries the guide while the seat is ahead, and leaves it out once attended or cancelled", async () => {
    const host = await build.aPerson({ isHost: true });
    const ann = await build.aPerson();
    const kind = await build.aKind();
    await build.aModule({
      title: "Before the seat",
      ruleKindId: kind.id,
      guide: "Listen first.\n\n- What does the customer ask?",
    });
    const statuses = ["booked", "waitlisted", "attended", "no_show", "cancelled"] as const;
    const bookings = [];
    for (const [i, status] of statuses.entries()) {
      const session = await build.aSession({
        hostId: host.id,
        kindId: kind.id,
        startsAt: Date.UTC(2026, 9, 20 + i, 7),
      });
      bookings.push(
        await build.aBooking({
          sessionId: session.id,
          personId: ann.id,
          status,
          waitlistPosition: status === "waitlisted" ? 1 : null,
          cancelledAt: status === "cancelled" ? NOW : null,
        }),
      );
    }
    const calledOff = await build.aSession({
      hostId: host.id,
      kindId: kind.id,
      status: "cancelled",
      cancelledAt: NOW,
      startsAt: Date.UTC(2026, 9, 26, 7),
    });
    const onCalledOff = await build.aBooking({ sessionId: calledOff.id, personId: ann.id });
    const { calendar } = await read((await feedOf(ann.id, "bookings")).feed);
    const guided = (id: number) =>
      text(eventByUid(calendar, `booking-${id}@frontline`), "description").includes(
        "What to watch for (Before the seat):",
      );
    expect(bookings.map((booking) => guided(booking.id))).toEqual([true, true, false, false, false]);
    expect(guided(onCalledOff.id)).toBe(false);
  });

  it("holds a waitlist place as tentative", async () => {
    const host = await build.aPerson({ isHost: true });
    const ann = await build.aPerson();
    const session = await build.aSession({ hostId: host.id });
    const booking = await build.aBooking({
      sessionId: session.id,
      personId: ann.id,
      status: "waitlisted",
      waitlistPosition: 1,
    });
    const { calendar } = await read((await feedOf(ann.id, "bookings")).feed);
    const event = eventByUid(calendar, `booking-${booking.id}@frontline`);
    expect(text(event, "status")).toBe("TENTATIVE");
    expect(text(event, "summary")).toMatch(/^Waitlisted: /);
  });

  it("keeps a cancelled booking as STATUS:CANCELLED for 30 days, then drops it", async () => {
    const host = await build.aPerson({ isHost: true });
    const ann = await build.aPerson();
    const session = await build.aSession({ hostId: host.id, startsAt: NOW + 60 * DAY });
    const booking = await build.aBooking({ sessionId: session.id, personId: ann.id, version: 1 });
    const { feed } = await feedOf(ann.id, "bookings");
    const uid = `booking-${booking.id}@frontline`;
    const live = eventByUid((await read(feed)).calendar, uid);

    await db
      .update(schema.bookings)
      .set({ status: "cancelled", cancelledAt: NOW, cancelledById: ann.id, version: 2, updatedAt: NOW })
      .where(eq(schema.bookings.id, booking.id));
    const cancelled = eventByUid((await read(feed, NOW + DAY)).calendar, uid);
    expect(text(cancelled, "status")).toBe("CANCELLED");
    expect(Number(cancelled.getFirstPropertyValue("sequence"))).toBeGreaterThan(
      Number(live.getFirstPropertyValue("sequence")),
    );
    expect(instantOf(cancelled, "last-modified")).toBe(NOW);

    expect(uids((await read(feed, NOW + 30 * DAY)).calendar)).toEqual([uid]);
    expect(uids((await read(feed, NOW + 31 * DAY)).calendar)).toEqual([]);
  });

  it("keeps a booking of a cancelled session as STATUS:CANCELLED for 30 days", async () => {
    const host = await build.aPerson({ isHost: true });
    const ann = await build.aPerson();
    const session = await build.aSession({
      hostId: host.id,
      startsAt: NOW + 60 * DAY,
      status: "cancelled",
      cancelledAt: NOW - 10 * DAY,
      cancelReason: "Customer moved the call",
    });
    const booking = await build.aBooking({ sessionId: session.id, personId: ann.id });
    const { feed } = await feedOf(ann.id, "bookings");
    const event = eventByUid((await read(feed)).calendar, `booking-${booking.id}@frontline`);
    expect(text(event, "status")).toBe("CANCELLED");
    expect(text(event, "description")).toContain("This session was cancelled: Customer moved the call");
    expect(uids((await read(feed, NOW + 21 * DAY)).calendar)).toEqual([]);
  });

  it("drops events that ended more than a year ago", async () => {
    const host = await build.aPerson({ isHost: true });
    const ann = await build.aPerson();
    const old = await build.aSession({ hostId: host.id, startsAt: NOW - 400 * DAY });
    const recent = await build.aSession({ hostId: host.id, startsAt: NOW - 100 * DAY });
    await build.aBooking({ sessionId: old.id, personId: ann.id, status: "attended" });
    const kept = await build.aBooking({ sessionId: recent.id, personId: ann.id, status: "attended" });
    expect(uids((await read((await feedOf(ann.id, "bookings")).feed)).calendar)).toEqual([
      `booking-${kept.id}@frontline`,
    ]);
  });

  it("raises SEQUENCE when the session's version rises", async () => {
    const host = await build.aPerson({ isHost: true });
    const ann = await build.aPerson();
    const session = await build.aSession({ hostId: host.id });
    const booking = await build.aBooking({ sessionId: session.id, personId: ann.id });
    const { feed } = await feedOf(ann.id, "bookings");
    const uid = `booking-${booking.id}@frontline`;
    const before = Number(eventByUid((await read(feed)).calendar, uid).getFirstPropertyValue("sequence"));
    await db
      .update(schema.sessions)
      .set({
        startsAt: session.startsAt + HOUR,
        endsAt: session.endsAt + HOUR,
        version: session.version + 1,
        updatedAt: NOW,
      })
      .where(eq(schema.sessions.id, session.id));
    const after = eventByUid((await read(feed)).calendar, uid);
    expect(Number(after.getFirstPropertyValue("sequence"))).toBeGreaterThan(before);
    expect(wallTime(instantOf(after, "dtstart"), "Europe/Helsinki")).toBe("2026-10-20 11:00");
    expect(instantOf(after, "last-modified")).toBe(NOW);
  });
});

describe("confidential customers", () => {
  async function aConfidentialBooking() {
    const department = await build.aDepartment();
    const manager = await build.aPerson({ isManager: true, departmentId: department.id });
    const report = await build.aPerson({ managerId: manager.id, departmentId: department.id });
    const host = await build.aPerson({ isHost: true });
    const session = await build.aSession({
      hostId: host.id,
      customerName: "Secret Bank Oyj",
      customerConfidential: true,
    });
    const booking = await build.aBooking({ sessionId: session.id, personId: report.id });
    return { manager, report, host, session, booking };
  }

  it("are hidden in a manager's team feed and shown in the shadow's own feed", async () => {
    const { manager, report, booking } = await aConfidentialBooking();
    const team = await read((await feedOf(manager.id, "team")).feed);
    const teamEvent = eventByUid(team.calendar, `booking-${booking.id}@frontline`);
    expect(text(teamEvent, "description")).toContain(`Customer: ${CONFIDENTIAL_CUSTOMER}`);
    expect(team.ics).not.toContain("Secret Bank");

    const own = await read((await feedOf(report.id, "bookings")).feed);
    expect(text(eventByUid(own.calendar, `booking-${booking.id}@frontline`), "description")).toContain(
      "Customer: Secret Bank Oyj",
    );
  });

  it("are shown to the host and to an admin manager, never in a title", async () => {
    const { manager, host, booking, session } = await aConfidentialBooking();
    const hosted = await read((await feedOf(host.id, "hosting")).feed);
    const hostEvent = eventByUid(hosted.calendar, `session-${session.id}@frontline`);
    expect(text(hostEvent, "description")).toContain("Customer: Secret Bank Oyj");
    expect(text(hostEvent, "summary")).not.toContain("Secret");

    await db.update(schema.people).set({ isAdmin: true }).where(eq(schema.people.id, manager.id));
    const { feed } = await feedOf(manager.id, "team");
    const event = eventByUid((await read(feed)).calendar, `booking-${booking.id}@frontline`);
    expect(text(event, "description")).toContain("Customer: Secret Bank Oyj");
    expect(text(event, "summary")).not.toContain("Secret");
  });

  it("are shown to a manager who holds a seat on the same session", async () => {
    const { manager, session, booking } = await aConfidentialBooking();
    await build.aBooking({ sessionId: session.id, personId: manager.id });
    const { calendar } = await read((await feedOf(manager.id, "team")).feed);
    expect(text(eventByUid(calendar, `booking-${booking.id}@frontline`), "description")).toContain(
      "Customer: Secret Bank Oyj",
    );
  });

  it("are hidden from a shadow who is only on the waitlist", async () => {
    const { session } = await aConfidentialBooking();
    const waiting = await build.aPerson();
    const booking = await build.aBooking({
      sessionId: session.id,
      personId: waiting.id,
      status: "waitlisted",
      waitlistPosition: 1,
    });
    const { ics, calendar } = await read((await feedOf(waiting.id, "bookings")).feed);
    expect(text(eventByUid(calendar, `booking-${booking.id}@frontline`), "description")).toContain(
      `Customer: ${CONFIDENTIAL_CUSTOMER}`,
    );
    expect(ics).not.toContain("Secret Bank");
  });
});

describe("the team feed", () => {
  it("lists the bookings of direct and indirect reports only", async () => {
    const host = await build.aPerson({ isHost: true });
    const manager = await build.aPerson({ isManager: true });
    const lead = await build.aPerson({ isManager: true, managerId: manager.id });
    const engineer = await build.aPerson({ managerId: lead.id, name: "Eeva Engineer" });
    const peer = await build.aPerson();
    const session = await build.aSession({ hostId: host.id });
    const other = await build.aSession({ hostId: host.id, startsAt: Date.UTC(2026, 9, 21, 7) });
    const leadBooking = await build.aBooking({ sessionId: session.id, personId: lead.id });
    const engineerBooking = await build.aBooking({ sessionId: other.id, personId: engineer.id });
    await build.aBooking({ sessionId: session.id, personId: manager.id });
    await build.aBooking({ sessionId: session.id, personId: peer.id });

    const { calendar } = await read((await feedOf(manager.id, "team")).feed);
    expect(uids(calendar)).toEqual([`booking-${leadBooking.id}@frontline`, `booking-${engineerBooking.id}@frontline`]);
    expect(text(eventByUid(calendar, `booking-${engineerBooking.id}@frontline`), "summary")).toMatch(
      /^Eeva Engineer shadowing: /,
    );
    expect(text(calendar, "x-wr-calname")).toBe("Frontline: my team's bookings");

    const leadTeam = await read((await feedOf(lead.id, "team")).feed);
    expect(uids(leadTeam.calendar)).toEqual([`booking-${engineerBooking.id}@frontline`]);
  });

  it("looks back a month, while the report's own feed keeps the year", async () => {
    const host = await build.aPerson({ isHost: true });
    const manager = await build.aPerson({ isManager: true });
    const report = await build.aPerson({ managerId: manager.id });
    const lastWeek = await build.aSession({ hostId: host.id, startsAt: NOW - 7 * DAY });
    const lastQuarter = await build.aSession({ hostId: host.id, startsAt: NOW - 90 * DAY });
    const recent = await build.aBooking({ sessionId: lastWeek.id, personId: report.id, status: "attended" });
    const older = await build.aBooking({ sessionId: lastQuarter.id, personId: report.id, status: "attended" });
    expect(uids((await read((await feedOf(manager.id, "team")).feed)).calendar)).toEqual([
      `booking-${recent.id}@frontline`,
    ]);
    expect(uids((await read((await feedOf(report.id, "bookings")).feed)).calendar)).toEqual([
      `booking-${older.id}@frontline`,
      `booking-${recent.id}@frontline`,
    ]);
  });

  it("lists nothing once its person no longer manages", async () => {
    const host = await build.aPerson({ isHost: true });
    const manager = await build.aPerson({ isManager: true });
    const report = await build.aPerson({ managerId: manager.id });
    const session = await build.aSession({ hostId: host.id });
    await build.aBooking({ sessionId: session.id, personId: report.id });
    const { token } = await feedOf(manager.id, "team");
    await db.update(schema.people).set({ isManager: false }).where(eq(schema.people.id, manager.id));
    const feed = await findFeedByToken(db, token);
    expect(feed).not.toBeUndefined();
    expect(uids((await read(feed!)).calendar)).toEqual([]);
  });
});

describe("the hosting feed", () => {
  it("lists the host's sessions with who is coming, one event per session", async () => {
    const host = await build.aPerson({ isHost: true, name: "Aino Virtanen", email: "aino@host.example" });
    const otherHost = await build.aPerson({ isHost: true });
    const legal = await build.aDepartment({ name: "Legal" });
    const ann = await build.aPerson({ name: "Ann Andersson", departmentId: legal.id });
    const bob = await build.aPerson({ name: "Bob Berg", departmentId: legal.id });
    const session = await build.aSession({ hostId: host.id, seats: 1 });
    await build.aSession({ hostId: otherHost.id });
    await build.aBooking({ sessionId: session.id, personId: ann.id });
    await build.aBooking({ sessionId: session.id, personId: bob.id, status: "waitlisted", waitlistPosition: 1 });

    const { feed } = await feedOf(host.id, "hosting");
    const { calendar } = await read(feed);
    expect(uids(calendar)).toEqual([`session-${session.id}@frontline`]);
    const event = eventByUid(calendar, `session-${session.id}@frontline`);
    expect(text(event, "summary")).toMatch(/1 of 1 seats taken/);
    expect(text(event, "description")).toContain("Coming (1 of 1 seats): Ann Andersson (Legal)");
    expect(text(event, "description")).toContain("Waitlist, in order: Bob Berg (Legal)");
    expect(text(event, "organizer")).toBe("mailto:aino@host.example");
    expect(event.getAllProperties("attendee")).toHaveLength(0);
    expect(text(calendar, "x-wr-calname")).toBe("Frontline: sessions I host");

    const before = Number(event.getFirstPropertyValue("sequence"));
    const carl = await build.aPerson({ name: "Carl Carlsson" });
    await build.aBooking({ sessionId: session.id, personId: carl.id, status: "waitlisted", waitlistPosition: 2 });
    const after = eventByUid((await read(feed)).calendar, `session-${session.id}@frontline`);
    expect(Number(after.getFirstPropertyValue("sequence"))).toBeGreaterThan(before);
    expect(text(after, "description")).toContain("Carl Carlsson");
  });

  it("keeps a cancelled session as STATUS:CANCELLED for 30 days", async () => {
    const host = await build.aPerson({ isHost: true });
    const session = await build.aSession({ hostId: host.id, status: "cancelled", cancelledAt: NOW, version: 1 });
    const { feed } = await feedOf(host.id, "hosting");
    expect(text(eventByUid((await read(feed)).calendar, `session-${session.id}@frontline`), "status")).toBe(
      "CANCELLED",
    );
    expect(uids((await read(feed, NOW + 31 * DAY)).calendar)).toEqual([]);
  });
});

describe("the invite of a booking", () => {
  it("is a REQUEST from the host with the person as attendee", async () => {
    const host = await build.aPerson({ isHost: true, name: "Aino Virtanen", email: "aino@invite.example" });
    const ann = await build.aPerson({ name: "Ann Andersson", email: "ann@invite.example" });
    const session = await build.aSession({
      hostId: host.id,
      meetingUrl: "https://meet.example/xyz",
      notes: "Listen, don't talk.",
    });
    const booking = await build.aBooking({ sessionId: session.id, personId: ann.id });
    const invite = await bookingInvite(db, booking.id, { origin: ORIGIN, reader: ann });
    expect(invite?.method).toBe("REQUEST");
    expect(invite?.personId).toBe(ann.id);
    const calendar = parseIcs(inviteFor(invite!.event, { method: invite!.method }));
    expect(text(calendar, "method")).toBe("REQUEST");
    const event = eventByUid(calendar, `booking-${booking.id}@frontline`);
    expect(text(event, "organizer")).toBe("mailto:aino@invite.example");
    expect(text(event, "attendee").toLowerCase()).toBe("mailto:ann@invite.example");
    expect(parameter(event, "attendee", "partstat")).toBe("ACCEPTED");
    expect(text(event, "location")).toBe("https://meet.example/xyz");
    expect(text(event, "description")).toContain("Listen, don't talk.");
    expect(text(event, "description")).toContain(`${ORIGIN}/sessions/${session.id}`);
  });

  it("becomes a CANCEL with the same UID and a higher SEQUENCE once cancelled", async () => {
    const host = await build.aPerson({ isHost: true });
    const ann = await build.aPerson();
    const session = await build.aSession({ hostId: host.id });
    const booking = await build.aBooking({ sessionId: session.id, personId: ann.id });
    const request = await bookingInvite(db, booking.id, { origin: ORIGIN, reader: ann });

    // Even a cancellation written without raising the version raises SEQUENCE.
    await db
      .update(schema.bookings)
      .set({ status: "cancelled", cancelledAt: NOW })
      .where(eq(schema.bookings.id, booking.id));
    const cancel = await bookingInvite(db, booking.id, { origin: ORIGIN, reader: ann });
    expect(cancel?.method).toBe("CANCEL");
    const calendar = parseIcs(inviteFor(cancel!.event, { method: cancel!.method }));
    expect(text(calendar, "method")).toBe("CANCEL");
    const event = eventsOf(calendar)[0];
    expect(text(event, "uid")).toBe(request!.event.uid);
    expect(Number(event.getFirstPropertyValue("sequence"))).toBeGreaterThan(request!.event.sequence);
    expect(text(event, "status")).toBe("CANCELLED");
  });

  it("becomes a CANCEL when the session is called off", async () => {
    const host = await build.aPerson({ isHost: true });
    const ann = await build.aPerson();
    const session = await build.aSession({ hostId: host.id });
    const booking = await build.aBooking({ sessionId: session.id, personId: ann.id });
    const request = await bookingInvite(db, booking.id, { origin: ORIGIN, reader: ann });
    await db
      .update(schema.sessions)
      .set({ status: "cancelled", cancelledAt: NOW, version: 1, updatedAt: NOW })
      .where(eq(schema.sessions.id, session.id));
    const cancel = await bookingInvite(db, booking.id, { origin: ORIGIN, reader: ann });
    expect(cancel?.method).toBe("CANCEL");
    expect(cancel!.event.uid).toBe(request!.event.uid);
    expect(cancel!.event.sequence).toBeGreaterThan(request!.event.sequence);
  });

  it("is not found for an unknown booking", async () => {
    const reader = await build.aPerson();
    expect(await bookingInvite(db, 987_654, { origin: ORIGIN, reader })).toBeUndefined();
  });

  it("states, for whoever reads it, the facts that decide whether they may", async () => {
    const manager = await build.aPerson({ isManager: true });
    const director = await build.aPerson({ isManager: true });
    await db.update(schema.people).set({ managerId: director.id }).where(eq(schema.people.id, manager.id));
    const ann = await build.aPerson({ managerId: manager.id });
    const host = await build.aPerson({ isHost: true });
    const stranger = await build.aPerson();
    const session = await build.aSession({ hostId: host.id });
    const booking = await build.aBooking({ sessionId: session.id, personId: ann.id });
    const factsFor = async (reader: { id: number; isAdmin: boolean }) =>
      (await bookingInvite(db, booking.id, { origin: ORIGIN, reader }))?.readerFacts;
    expect(await factsFor(ann)).toEqual({ isOwnBooking: true, hostId: host.id, managesPerson: false });
    expect(await factsFor(manager)).toEqual({ isOwnBooking: false, hostId: host.id, managesPerson: true });
    expect(await factsFor(director)).toEqual({ isOwnBooking: false, hostId: host.id, managesPerson: true });
    expect(await factsFor(host)).toEqual({ isOwnBooking: false, hostId: host.id, managesPerson: false });
    expect(await factsFor(stranger)).toEqual({ isOwnBooking: false, hostId: host.id, managesPerson: false });
  });
});

describe("ETags", () => {
  async function aBusyFeed() {
    const host = await build.aPerson({ isHost: true });
    const manager = await build.aPerson({ isManager: true });
    const ann = await build.aPerson({ managerId: manager.id });
    const kind = await build.aKind();
    const module = await build.aModule({
      ruleKindId: kind.id,
      guide: "Listen first.\n\n- What does the customer ask?",
    });
    const session = await build.aSession({ hostId: host.id, kindId: kind.id });
    const booking = await build.aBooking({ sessionId: session.id, personId: ann.id });
    const feeds = {
      bookings: (await feedOf(ann.id, "bookings")).token,
      hosting: (await feedOf(host.id, "hosting")).token,
      team: (await feedOf(manager.id, "team")).token,
    };
    return { host, manager, ann, kind, module, session, booking, feeds };
  }

  /** The tag and the body a client would get from the feed's URL right now. */
  async function fetchFeed(token: string, now = NOW) {
    const feed = await findFeedByToken(db, token);
    if (!feed) throw new Error("feed not found");
    const options = { now, origin: ORIGIN };
    const etag = await feedEtag(db, feed, options);
    return { etag, body: feedFor(await feedCalendarFor(db, feed, options)) };
  }

  const etag = async (token: string, now = NOW) => {
    const feed = await findFeedByToken(db, token);
    if (!feed) throw new Error("feed not found");
    return feedEtag(db, feed, { now, origin: ORIGIN });
  };

  it("stay the same through the day while nothing changes, and equal tags mean equal bodies", async () => {
    const { feeds } = await aBusyFeed();
    for (const token of Object.values(feeds)) {
      const morning = await fetchFeed(token);
      const evening = await fetchFeed(token, NOW + 11 * HOUR);
      expect(evening).toEqual(morning);
      expect(await etag(token)).toBe(morning.etag);
      // Feeds list by whole days, so each day brings a new tag (and one fresh download).
      expect((await fetchFeed(token, NOW + DAY)).etag).not.toBe(morning.etag);
    }
  });

  it("change with every change a feed shows, whoever makes it", async () => {
    const { feeds, session, booking, host, manager, ann, kind, module } = await aBusyFeed();
    const bob = await build.aPerson({ name: "Bob Berg" });
    const changes: [string, () => Promise<unknown>, (keyof typeof feeds)[]][] = [
      [
        "the session moves",
        () =>
          db
            .update(schema.sessions)
            .set({ location: "Hämeentie 1", version: 1 })
            .where(eq(schema.sessions.id, session.id)),
        ["bookings", "hosting", "team"],
      ],
      [
        "the module's guide is edited",
        () =>
          db
            .update(schema.serviceModules)
            .set({ guide: "Ask first.\n\n- What is the customer's worry?" })
            .where(eq(schema.serviceModules.id, module.id)),
        ["bookings"],
      ],
      [
        "the booking is attended",
        () =>
          db.update(schema.bookings).set({ status: "attended", version: 1 }).where(eq(schema.bookings.id, booking.id)),
        ["bookings", "hosting", "team"],
      ],
      [
        "someone else books the session",
        () => build.aBooking({ sessionId: session.id, personId: bob.id }),
        ["hosting"],
      ],
      [
        "the host is renamed",
        () => db.update(schema.people).set({ name: "Renamed Host" }).where(eq(schema.people.id, host.id)),
        ["bookings", "hosting", "team"],
      ],
      [
        "the shadow is renamed",
        () => db.update(schema.people).set({ name: "Ann Renamed" }).where(eq(schema.people.id, ann.id)),
        ["hosting", "team"],
      ],
      [
        "the kind is renamed",
        () => db.update(schema.sessionKinds).set({ name: "Listen-in" }).where(eq(schema.sessionKinds.id, kind.id)),
        ["bookings", "hosting", "team"],
      ],
      [
        "the shadow leaves the team",
        () => db.update(schema.people).set({ managerId: null }).where(eq(schema.people.id, ann.id)),
        ["team"],
      ],
      ["the manager books a seat", () => build.aBooking({ sessionId: session.id, personId: manager.id }), ["hosting"]],
    ];
    let before = {
      bookings: await fetchFeed(feeds.bookings),
      hosting: await fetchFeed(feeds.hosting),
      team: await fetchFeed(feeds.team),
    };
    for (const [change, make, shownIn] of changes) {
      await make();
      const after = {
        bookings: await fetchFeed(feeds.bookings),
        hosting: await fetchFeed(feeds.hosting),
        team: await fetchFeed(feeds.team),
      };
      for (const scope of ["bookings", "hosting", "team"] as const) {
        // A changed body always comes with a new tag; the body changes where the change is shown.
        if (after[scope].body !== before[scope].body)
          expect(after[scope].etag, `${change}: ${scope}`).not.toBe(before[scope].etag);
        if (shownIn.includes(scope)) expect(after[scope].body, `${change}: ${scope}`).not.toBe(before[scope].body);
      }
      before = after;
    }
  });

  it("leave other people's feeds alone", async () => {
    const first = await aBusyFeed();
    const second = await aBusyFeed();
    const tags = await Promise.all(Object.values(second.feeds).map((token) => etag(token)));
    await db
      .update(schema.bookings)
      .set({ status: "cancelled", cancelledAt: NOW, version: 1 })
      .where(eq(schema.bookings.id, first.booking.id));
    expect(await Promise.all(Object.values(second.feeds).map((token) => etag(token)))).toEqual(tags);
  });

  it("change when a cancellation leaves the feed after 30 days", async () => {
    const { feeds, booking } = await aBusyFeed();
    await db
      .update(schema.bookings)
      .set({ status: "cancelled", cancelledAt: NOW, version: 1, updatedAt: NOW })
      .where(eq(schema.bookings.id, booking.id));
    const kept = await fetchFeed(feeds.bookings, NOW + 29 * DAY);
    const gone = await fetchFeed(feeds.bookings, NOW + 31 * DAY);
    expect(kept.body).toContain(`booking-${booking.id}@frontline`);
    expect(gone.body).not.toContain(`booking-${booking.id}@frontline`);
    expect(gone.etag).not.toBe(kept.etag);
  });

  it("differ between feeds and between sites", async () => {
    const a = await aBusyFeed();
    const b = await aBusyFeed();
    expect(await etag(a.feeds.bookings)).not.toBe(await etag(b.feeds.bookings));
    const feed = await findFeedByToken(db, a.feeds.bookings);
    expect(await etag(a.feeds.bookings)).not.toBe(
      await feedEtag(db, feed!, { now: NOW, origin: "https://other.example" }),
    );
  });
});
