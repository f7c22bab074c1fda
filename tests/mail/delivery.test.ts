/**
 * What the outbox promises, checked against a real SMTP server, the real request handlers and a
 * clock the test moves: a change that does not commit sends nothing; a host's change reaches
 * every seat once; mail waits while the server is down and arrives once when it is back, with one
 * dispatcher or two; a crashed dispatcher's lease runs out; a message given up can be sent again
 * with the same Message-ID; a person switched off gets nothing; reminders and digests carry a
 * one-click unsubscribe and invitations do not.
 */
import { and, asc, eq } from "drizzle-orm";
import ICAL from "ical.js";
import { describe, expect, it, onTestFinished } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema, type Db } from "~/db.server";
import { LEASE_MS, MAX_ATTEMPTS, messageIdDomain, messageIdFor, retryDelay } from "~/domain/mail/delivery";
import { addDays, dayOf, DAY, formatDueDay, HOUR, MINUTE, timeOf } from "~/domain/time";
import { MailDispatcher, outgoingMail } from "~/mail/dispatcher.server";
import type { NewMessage, SeatPayload } from "~/mail/payloads.server";
import { smtpTransport } from "~/mail/transport.server";
import { bookSeat, bookSeatWithin } from "~/models/bookings.server";
import { guidesForKinds, readSeats } from "~/models/calendar/rows.server";
import { claimDueMessages, enqueueMail, retryMessage, settleMessages } from "~/models/mail/outbox.server";
import { testApp, TEST_NOW } from "../support/app";
import { aDepartment, aKind, aModule, aPerson, aSession, type Person, type Session } from "../support/builders";
import { calendarPart, startMailServer, testDispatcher, type MailServer, type ReceivedMail } from "../support/mail";

const PASSWORD = "correct horse battery";
const passwordHash = await hashPassword(PASSWORD);
const HELSINKI = "Europe/Helsinki";
const ORIGIN = "http://localhost:3000";
const FROM = "Frontline <frontline@example.test>";

/**
 * A small company on a database of this test's own, a mail server and a dispatcher aimed at it:
 * a host in Customer Care with a remote listen-in kind and an on-site install kind, a manager,
 * an admin and four shadows in Accounting reporting to the manager.
 */
async function mailWorld() {
  const app = await testApp({ now: TEST_NOW });
  const { db } = app;
  const mail = await startMailServer();
  const { dispatcher, transport } = testDispatcher(db, app.clock, mail);
  onTestFinished(async () => {
    transport.close();
    await mail.stop();
  });
  const care = await aDepartment(db, { kind: "customer_facing", name: "Customer Care" });
  const accounts = await aDepartment(db, { name: "Accounting" });
  const person = (name: string, email: string, fields: Parameters<typeof aPerson>[1] = {}) =>
    aPerson(db, { name, email, passwordHash, timeZone: HELSINKI, department: accounts, ...fields });
  const host = await person("Hana Host", "hana@example.test", { department: care, isHost: true });
  const manager = await person("Mia Manager", "mia@example.test", { isManager: true });
  const admin = await person("Aino Admin", "aino@example.test", { isAdmin: true });
  const shadows = [
    await person("Ann Shadow", "ann@example.test", { manager }),
    await person("Ben Shadow", "ben@example.test", { manager }),
    await person("Cai Shadow", "cai@example.test", { manager }),
    await person("Dee Shadow", "dee@example.test", { manager }),
  ];
  const listenIn = await aKind(db, { name: "Call-centre listen-in", onSite: false });
  const install = await aKind(db, { name: "Heat pump install", defaultMinutes: 240, onSite: true });

  async function signedIn(who: Person) {
    const client = app.client.another();
    await client.signIn(who.email, PASSWORD);
    return client;
  }

  /** A session of Hana's some days ahead, at 10:00 in Helsinki. */
  function aSessionOfHana(fields: { kind: "remote" | "on-site"; seats: number; inDays?: number }) {
    const onSite = fields.kind === "on-site";
    const startsAt = Date.UTC(2027, 2, 1 + (fields.inDays ?? 3), 8, 0);
    return aSession(db, {
      host,
      kind: onSite ? install : listenIn,
      seats: fields.seats,
      startsAt,
      endsAt: startsAt + (onSite ? 4 : 1) * HOUR,
      timeZone: HELSINKI,
      location: onSite ? "Mannerheimintie 12, Helsinki" : "",
      meetingUrl: onSite ? "" : "https://meet.example.com/listen-in",
      notes: "Bring a notebook.",
    });
  }

  /** Books each person onto the session in turn, as they would themselves. */
  async function bookAll(session: Session, people: Person[]) {
    for (const someone of people) {
      const booked = await bookSeat(db, {
        sessionId: session.id,
        personId: someone.id,
        actorId: someone.id,
        source: "self",
        now: app.clock.now(),
      });
      expect(booked.ok).toBe(true);
    }
  }

  return {
    ...app,
    mail,
    dispatcher,
    host,
    manager,
    admin,
    shadows,
    listenIn,
    install,
    signedIn,
    aSessionOfHana,
    bookAll,
  };
}

function eventOf(mail: ReceivedMail) {
  const part = calendarPart(mail);
  if (!part) throw new Error(`"${mail.parsed.subject}" has no calendar part.`);
  const calendar = new ICAL.Component(ICAL.parse(part.content));
  const event = calendar.getFirstSubcomponent("vevent");
  if (!event) throw new Error(`"${mail.parsed.subject}" has no event.`);
  return {
    mimeMethod: part.method,
    method: String(calendar.getFirstPropertyValue("method")),
    uid: String(event.getFirstPropertyValue("uid")),
    sequence: Number(event.getFirstPropertyValue("sequence")),
    start: (event.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().getTime(),
    location: String(event.getFirstPropertyValue("location") ?? ""),
    attendee: String(event.getFirstPropertyValue("attendee")).toLowerCase(),
  };
}

/** A header as it was sent, its folded lines joined. */
function headerOf(mail: ReceivedMail, name: string): string | undefined {
  const line = mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line
    ?.slice(line.indexOf(":") + 1)
    .replace(/\r?\n[ \t]+/g, " ")
    .trim();
}

/** The messages that arrived after the first `since`, by recipient. */
function arrivedSince(mail: MailServer, since: number): Map<string, ReceivedMail[]> {
  const byRecipient = new Map<string, ReceivedMail[]>();
  for (const message of mail.received.slice(since)) {
    for (const to of message.to) byRecipient.set(to, [...(byRecipient.get(to) ?? []), message]);
  }
  return byRecipient;
}

async function outbox(db: Db) {
  return db.select().from(schema.outboxMessages).orderBy(asc(schema.outboxMessages.id));
}

/** The seat as the invite and the feed read it, the way seat messages carry it. */
async function seatPayload(db: Db, bookingId: number): Promise<SeatPayload> {
  const [row] = await readSeats(db, "booking", { bookingId });
  const guides = await guidesForKinds(db, [row.kindId]);
  return { row, guide: guides.get(row.kindId) ?? null };
}

async function bookingOf(db: Db, sessionId: number, personId: number) {
  const [row] = await db
    .select()
    .from(schema.bookings)
    .where(and(eq(schema.bookings.sessionId, sessionId), eq(schema.bookings.personId, personId)));
  return row;
}

/** The host's edit form as a browser without script sends it, with the session as it is. */
function editForm(session: Session, fields: Record<string, string> = {}) {
  return {
    scope: "one",
    date: dayOf(session.startsAt, HELSINKI),
    startTime: timeOf(session.startsAt, HELSINKI),
    durationMinutes: String((session.endsAt - session.startsAt) / MINUTE),
    location: session.location,
    meetingUrl: session.meetingUrl,
    customerName: session.customerName,
    seats: String(session.seats),
    departmentCap: session.departmentCap === null ? "" : String(session.departmentCap),
    notes: session.notes,
    ...fields,
  };
}

describe("a change that does not commit", () => {
  it("writes and sends nothing for a booking refused because the session has started", async () => {
    const { db, mail, dispatcher, shadows, signedIn, aSessionOfHana, clock } = await mailWorld();
    const session = await aSessionOfHana({ kind: "remote", seats: 3, inDays: 1 });
    clock.set(session.startsAt + 5 * MINUTE);
    const response = await (await signedIn(shadows[0])).post(`/sessions/${session.id}`, { intent: "book" });
    expect(response.status).toBe(400);
    expect(await outbox(db)).toEqual([]);
    expect(await dispatcher.deliverDue()).toEqual({ sent: 0, kept: 0, skipped: 0, retried: 0 });
    expect(mail.received).toEqual([]);
  });

  it("sends one invite for a booking and nothing for the same person booking again", async () => {
    const { db, mail, dispatcher, shadows, signedIn, aSessionOfHana } = await mailWorld();
    const session = await aSessionOfHana({ kind: "remote", seats: 3 });
    const ann = await signedIn(shadows[0]);
    expect((await ann.post(`/sessions/${session.id}`, { intent: "book" })).status).toBe(302);
    const again = await ann.post(`/sessions/${session.id}`, { intent: "book" });
    expect(again.status).toBe(400);
    expect((await outbox(db)).map((m) => m.kind)).toEqual(["seat_booked"]);
    await dispatcher.deliverDue();
    expect(mail.received.map((m) => m.to)).toEqual([[shadows[0].email]]);
  });

  it("leaves no message when the transaction that wrote it rolls back", async () => {
    const { db, mail, dispatcher, shadows, aSessionOfHana, clock } = await mailWorld();
    const session = await aSessionOfHana({ kind: "remote", seats: 3 });
    const [ann, ben] = shadows;
    // A booking (which writes its invite) in a transaction that then fails.
    const booking = db.write(async (tx) => {
      const booked = await bookSeatWithin(tx, {
        sessionId: session.id,
        personId: ann.id,
        actorId: ann.id,
        source: "self",
        now: clock.now(),
      });
      expect(booked.ok).toBe(true);
      throw new Error("The change failed after its message was written.");
    });
    await expect(booking).rejects.toThrow("failed after");
    // A message written by hand, then the same.
    const written = db.write(async (tx) => {
      await enqueueMail(
        tx,
        [{ kind: "password_reset", personId: ben.id, changeKey: "password_reset:rolled-back", payload: {} }],
        clock.now(),
      );
      throw new Error("Rolled back.");
    });
    await expect(written).rejects.toThrow("Rolled back.");

    expect(await outbox(db)).toEqual([]);
    expect(await db.select().from(schema.bookings)).toEqual([]);
    await dispatcher.deliverDue();
    expect(mail.received).toEqual([]);
  });
});

describe("a host's change", () => {
  it("sends each seated person one updated REQUEST when the time moves, with the invite's UID and a higher SEQUENCE, and nobody waiting gets one", async () => {
    const { mail, dispatcher, shadows, host, signedIn, aSessionOfHana, bookAll } = await mailWorld();
    const session = await aSessionOfHana({ kind: "remote", seats: 2 });
    const [ann, ben, cai] = shadows;
    await bookAll(session, [ann, ben, cai]);
    await dispatcher.deliverDue();
    const invites = arrivedSince(mail, 0);
    expect(mail.received).toHaveLength(3);
    const first = new Map([ann, ben].map((p) => [p.email, eventOf(invites.get(p.email)![0])]));
    expect(calendarPart(invites.get(cai.email)![0])).toBeUndefined();

    const hana = await signedIn(host);
    const moved = await hana.post(`/hosting/sessions/${session.id}/edit`, editForm(session, { startTime: "14:30" }));
    expect(moved.status).toBe(302);
    await dispatcher.deliverDue();
    const updates = arrivedSince(mail, 3);
    expect([...updates.keys()].sort()).toEqual([ann.email, ben.email]);
    for (const shadow of [ann, ben]) {
      const [update] = updates.get(shadow.email)!;
      expect(updates.get(shadow.email)).toHaveLength(1);
      expect(update.parsed.subject).toMatch(/^Changed: /);
      expect(update.parsed.text).toContain("changed the time");
      const event = eventOf(update);
      const before = first.get(shadow.email)!;
      expect(event).toMatchObject({ method: "REQUEST", mimeMethod: "REQUEST", uid: before.uid });
      expect(event.sequence).toBeGreaterThan(before.sequence);
      expect(event.start).toBe(Date.UTC(2027, 2, 4, 12, 30));
      expect(event.attendee).toBe(`mailto:${shadow.email}`);
    }
  });

  it("sends an update when the place or the link changes", async () => {
    const { mail, dispatcher, shadows, host, signedIn, aSessionOfHana, bookAll } = await mailWorld();
    const install = await aSessionOfHana({ kind: "on-site", seats: 2, inDays: 3 });
    const listenIn = await aSessionOfHana({ kind: "remote", seats: 2, inDays: 5 });
    const [ann, ben] = shadows;
    await bookAll(install, [ann]);
    await bookAll(listenIn, [ben]);
    await dispatcher.deliverDue();
    const invites = arrivedSince(mail, 0);
    const hana = await signedIn(host);

    const newPlace = editForm(install, { location: "Hämeentie 3, Helsinki" });
    expect((await hana.post(`/hosting/sessions/${install.id}/edit`, newPlace)).status).toBe(302);
    const newLink = editForm(listenIn, { meetingUrl: "https://meet.example.com/moved" });
    expect((await hana.post(`/hosting/sessions/${listenIn.id}/edit`, newLink)).status).toBe(302);
    await dispatcher.deliverDue();
    const updates = arrivedSince(mail, 2);
    expect(updates.get(ann.email)).toHaveLength(1);
    expect(updates.get(ben.email)).toHaveLength(1);
    const [place] = updates.get(ann.email)!;
    expect(place.parsed.text).toContain("changed the location");
    expect(eventOf(place)).toMatchObject({
      method: "REQUEST",
      mimeMethod: "REQUEST",
      uid: eventOf(invites.get(ann.email)![0]).uid,
      location: "Hämeentie 3, Helsinki",
    });
    const [link] = updates.get(ben.email)!;
    expect(link.parsed.text).toContain("changed the meeting link");
    expect(link.parsed.text).toContain("https://meet.example.com/moved");
    expect(eventOf(link)).toMatchObject({ method: "REQUEST", mimeMethod: "REQUEST" });
    expect(eventOf(link).sequence).toBeGreaterThan(eventOf(invites.get(ben.email)![0]).sequence);
  });

  it("sends nothing when only the notes change", async () => {
    const { db, mail, dispatcher, shadows, host, signedIn, aSessionOfHana, bookAll } = await mailWorld();
    const session = await aSessionOfHana({ kind: "remote", seats: 2 });
    await bookAll(session, shadows.slice(0, 2));
    await dispatcher.deliverDue();
    const hana = await signedIn(host);
    const notes = editForm(session, { notes: "Headset on the desk by the window." });
    expect((await hana.post(`/hosting/sessions/${session.id}/edit`, notes)).status).toBe(302);
    const [edited] = await db.select().from(schema.sessions).where(eq(schema.sessions.id, session.id));
    expect(edited.notes).toBe("Headset on the desk by the window.");
    expect(await dispatcher.deliverDue()).toEqual({ sent: 0, kept: 0, skipped: 0, retried: 0 });
    expect(mail.received).toHaveLength(2);
  });

  it("sends a CANCEL to every seat and a notice without an invite to everyone waiting when the host calls the session off", async () => {
    const { mail, dispatcher, shadows, host, signedIn, aSessionOfHana, bookAll } = await mailWorld();
    const session = await aSessionOfHana({ kind: "remote", seats: 2 });
    const [ann, ben, cai, dee] = shadows;
    await bookAll(session, [ann, ben, cai, dee]);
    await dispatcher.deliverDue();
    const before = arrivedSince(mail, 0);

    const hana = await signedIn(host);
    const called = await hana.post(`/hosting/sessions/${session.id}`, {
      intent: "cancel",
      reason: "The customer moved the visit.",
    });
    expect(called.status).toBe(302);
    await dispatcher.deliverDue();
    const after = arrivedSince(mail, 4);
    expect([...after.keys()].sort()).toEqual([ann, ben, cai, dee].map((p) => p.email).sort());
    for (const seated of [ann, ben]) {
      const [cancel] = after.get(seated.email)!;
      expect(after.get(seated.email)).toHaveLength(1);
      expect(cancel.parsed.text).toContain("The customer moved the visit.");
      const event = eventOf(cancel);
      const invite = eventOf(before.get(seated.email)![0]);
      expect(event).toMatchObject({ method: "CANCEL", mimeMethod: "CANCEL", uid: invite.uid });
      expect(event.sequence).toBeGreaterThan(invite.sequence);
    }
    for (const waiting of [cai, dee]) {
      const [notice] = after.get(waiting.email)!;
      expect(after.get(waiting.email)).toHaveLength(1);
      expect(notice.parsed.subject).toMatch(/^Called off: /);
      expect(notice.parsed.text).toContain("The customer moved the visit.");
      expect(calendarPart(notice)).toBeUndefined();
    }
  });
});

describe("the waitlist", () => {
  it("tells a person who joins a full session their place without an invite, and sends the invite when a seat frees", async () => {
    const { mail, dispatcher, shadows, signedIn, aSessionOfHana } = await mailWorld();
    const session = await aSessionOfHana({ kind: "remote", seats: 1 });
    const [ann, ben, cai] = shadows;
    const clients = [await signedIn(ann), await signedIn(ben), await signedIn(cai)];
    for (const client of clients) {
      expect((await client.post(`/sessions/${session.id}`, { intent: "book" })).status).toBe(302);
    }
    await dispatcher.deliverDue();
    const first = arrivedSince(mail, 0);
    expect(eventOf(first.get(ann.email)![0]).method).toBe("REQUEST");
    for (const [shadow, place] of [
      [ben, 1],
      [cai, 2],
    ] as const) {
      const [notice] = first.get(shadow.email)!;
      expect(notice.parsed.subject).toMatch(
        new RegExp(`^Waitlist place ${place}: Call-centre listen-in with Hana Host`),
      );
      expect(notice.parsed.text).toContain(`You are number ${place} on the waitlist`);
      expect(calendarPart(notice)).toBeUndefined();
    }

    expect((await clients[0].post(`/sessions/${session.id}`, { intent: "cancel", confirm: "1" })).status).toBe(302);
    await dispatcher.deliverDue();
    const after = arrivedSince(mail, 3);
    expect([...after.keys()].sort()).toEqual([ann.email, ben.email]);
    expect(eventOf(after.get(ann.email)![0]).method).toBe("CANCEL");
    const [promoted] = after.get(ben.email)!;
    expect(promoted.parsed.subject).toMatch(/^You have a seat: Call-centre listen-in with Hana Host/);
    expect(eventOf(promoted)).toMatchObject({
      method: "REQUEST",
      mimeMethod: "REQUEST",
      attendee: `mailto:${ben.email}`,
    });
  });
});

describe("a module assigned", () => {
  it("tells each of many people assigned at once, with the due day and the sessions that would count", async () => {
    const { db, mail, dispatcher, shadows, manager, listenIn, signedIn, aSessionOfHana } = await mailWorld();
    const module = await aModule(db, { title: "Hear the customer line", kind: listenIn, requiredCount: 1 });
    await aSessionOfHana({ kind: "remote", seats: 3, inDays: 4 });
    await aSessionOfHana({ kind: "remote", seats: 3, inDays: 8 });
    // An install does not count toward a listen-in module.
    await aSessionOfHana({ kind: "on-site", seats: 3, inDays: 6 });
    const dueOn = addDays(dayOf(TEST_NOW, HELSINKI), 14);
    const mia = await signedIn(manager);
    const assigned = await mia.post("/team/assign", { moduleId: module.id, dueOn, everyone: "1" });
    expect(assigned.status).toBe(302);

    await dispatcher.deliverDue();
    expect(mail.received.map((m) => m.to[0]).sort()).toEqual(shadows.map((p) => p.email).sort());
    for (const message of mail.received) {
      expect(message.parsed.subject).toBe(`New training: Hear the customer line, due ${formatDueDay(dueOn)}`);
      expect(message.parsed.text).toContain("Mia Manager asked you to complete");
      const counting = message.parsed.text!.split("\n").filter((line) => line.includes("with Hana Host"));
      expect(counting).toHaveLength(2);
      expect(counting.every((line) => line.includes("Call-centre listen-in"))).toBe(true);
      expect(calendarPart(message)).toBeUndefined();
    }
  });
});

/** Seat messages (with invites) and digests for the people given, `count` in all, written at once. */
async function manyMessages(db: Db, people: Person[], bookingIds: number[], count: number, now: number) {
  const seats = await Promise.all(bookingIds.map((id) => seatPayload(db, id)));
  const messages: NewMessage[] = Array.from({ length: count }, (_, i): NewMessage => {
    const personId = people[i % people.length].id;
    if (i % 3 === 2) {
      return {
        kind: "manager_digest",
        personId,
        changeKey: `manager_digest:test-${i}`,
        payload: { weekOf: dayOf(now, "UTC"), overdue: [], dueSoon: [], moreOverdue: 0, moreDueSoon: 0 },
      };
    }
    return {
      kind: "seat_updated",
      personId,
      changeKey: `seat_updated:test-${i}`,
      payload: { ...seats[i % seats.length], changes: ["time"] },
    };
  });
  await db.write((tx) => enqueueMail(tx, messages, now));
  return messages.length;
}

/** Delivers round after round until nothing is left pending, and says how many it sent. */
async function deliverUntilDone(db: Db, dispatcher: MailDispatcher) {
  let sent = 0;
  for (let round = 0; round < 200; round++) {
    sent += (await dispatcher.deliverDue()).sent;
    if ((await db.$count(schema.outboxMessages, eq(schema.outboxMessages.state, "pending"))) === 0) return sent;
    // Let the other dispatcher have its turn.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error("The outbox did not empty.");
}

function expectEachOnce(mail: MailServer, expected: string[]) {
  const ids = mail.received.map((m) => m.parsed.messageId);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual([...expected].sort());
}

async function expectedIds(db: Db) {
  return (await outbox(db)).map((m) => messageIdFor(m, messageIdDomain(FROM, ORIGIN)));
}

describe("delivery", () => {
  it("keeps messages waiting while the mail server is down, retrying later each time, and delivers each once when it is back", async () => {
    const { db, mail, dispatcher, shadows, aSessionOfHana, bookAll, clock } = await mailWorld();
    const session = await aSessionOfHana({ kind: "remote", seats: 3 });
    await mail.stop();
    await bookAll(session, shadows.slice(0, 3));

    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await dispatcher.deliverDue()).toEqual({ sent: 0, kept: 0, skipped: 0, retried: 3 });
      for (const message of await outbox(db)) {
        expect(message).toMatchObject({
          state: "pending",
          attempts: attempt,
          nextAttemptAt: clock.now() + retryDelay(attempt),
          leaseOwner: null,
          sentAt: null,
        });
        expect(message.lastError).toMatch(/ECONNREFUSED/);
      }
      // Not due again until the wait is over.
      clock.advance(retryDelay(attempt) - 1);
      expect(await dispatcher.deliverDue()).toEqual({ sent: 0, kept: 0, skipped: 0, retried: 0 });
      clock.advance(1);
    }

    await mail.start();
    expect(await dispatcher.deliverDue()).toEqual({ sent: 3, kept: 0, skipped: 0, retried: 0 });
    expect((await outbox(db)).map((m) => [m.state, m.attempts, m.lastError, m.sentAt])).toEqual(
      Array(3).fill(["sent", 4, "", clock.now()]),
    );
    clock.advance(DAY);
    expect(await dispatcher.deliverDue()).toEqual({ sent: 0, kept: 0, skipped: 0, retried: 0 });
    expectEachOnce(mail, await expectedIds(db));
    expect(mail.received.map((m) => m.to[0]).sort()).toEqual(shadows.slice(0, 3).map((p) => p.email));
  });

  it("delivers each of a few hundred messages exactly once with two dispatchers on one database, through an outage", async () => {
    const { db, mail, clock, shadows, aSessionOfHana, bookAll } = await mailWorld();
    const session = await aSessionOfHana({ kind: "remote", seats: 4 });
    await bookAll(session, shadows);
    const bookingIds = (await db.select().from(schema.bookings)).map((b) => b.id);
    const total = 4 + (await manyMessages(db, shadows, bookingIds, 296, clock.now()));
    // Small batches, so the two take turns claiming while the other is sending.
    const one = testDispatcher(db, clock, mail, { owner: "first", batchSize: 16 });
    const two = testDispatcher(db, clock, mail, { owner: "second", batchSize: 16 });
    onTestFinished(() => {
      one.transport.close();
      two.transport.close();
    });

    // While the server is down both try, and no message is tried by both.
    await mail.stop();
    const [downOne, downTwo] = await Promise.all([one.dispatcher.deliverDue(), two.dispatcher.deliverDue()]);
    expect(downOne.retried + downTwo.retried).toBe(total);
    expect(downOne.retried).toBeGreaterThan(0);
    expect(downTwo.retried).toBeGreaterThan(0);
    expect(
      (await outbox(db)).filter((m) => m.state !== "pending" || m.attempts !== 1 || m.leaseOwner !== null),
    ).toEqual([]);

    await mail.start();
    clock.advance(retryDelay(1));
    const [byOne, byTwo] = await Promise.all([
      deliverUntilDone(db, one.dispatcher),
      deliverUntilDone(db, two.dispatcher),
    ]);
    expect(byOne + byTwo).toBe(total);
    expect(byOne).toBeGreaterThan(0);
    expect(byTwo).toBeGreaterThan(0);
    expect((await outbox(db)).filter((m) => m.state !== "sent" || m.attempts !== 2)).toEqual([]);
    expect(mail.received).toHaveLength(total);
    expectEachOnce(mail, await expectedIds(db));
    clock.advance(DAY);
    await Promise.all([one.dispatcher.deliverDue(), two.dispatcher.deliverDue()]);
    expect(mail.received).toHaveLength(total);
  });

  it("leaves a crashed dispatcher's messages until its lease runs out, then another delivers them", async () => {
    const { db, mail, dispatcher, clock, shadows, aSessionOfHana, bookAll } = await mailWorld();
    const session = await aSessionOfHana({ kind: "remote", seats: 3 });
    await bookAll(session, shadows.slice(0, 3));
    const claimed = await claimDueMessages(db, { owner: "crashed", now: clock.now(), limit: 10 });
    expect(claimed).toHaveLength(3);

    expect(await dispatcher.deliverDue()).toEqual({ sent: 0, kept: 0, skipped: 0, retried: 0 });
    clock.advance(LEASE_MS - 1);
    expect(await dispatcher.deliverDue()).toEqual({ sent: 0, kept: 0, skipped: 0, retried: 0 });
    expect(mail.received).toEqual([]);
    clock.advance(1);
    expect(await dispatcher.deliverDue()).toEqual({ sent: 3, kept: 0, skipped: 0, retried: 0 });
    expectEachOnce(mail, await expectedIds(db));

    // The crashed dispatcher waking up cannot undo what the other settled.
    await settleMessages(db, {
      owner: "crashed",
      now: clock.now(),
      outcomes: claimed.map((m) => ({ id: m.id, state: "retry", attempts: m.attempts, error: "Too late." })),
    });
    expect((await outbox(db)).map((m) => [m.state, m.attempts, m.lastError])).toEqual(Array(3).fill(["sent", 2, ""]));
    clock.advance(DAY);
    await dispatcher.deliverDue();
    expect(mail.received).toHaveLength(3);
  });

  it("sends a message again with the same Message-ID when its first sending was never settled", async () => {
    const { db, mail, dispatcher, clock, shadows, aSessionOfHana, bookAll } = await mailWorld();
    const session = await aSessionOfHana({ kind: "remote", seats: 3 });
    const [ann] = shadows;
    await bookAll(session, [ann]);
    // A dispatcher claims the message, sends it, and stops before it can record that.
    const [claimed] = await claimDueMessages(db, { owner: "lost", now: clock.now(), limit: 10 });
    const transport = smtpTransport(mail.url);
    onTestFinished(() => transport.close());
    const to = { id: ann.id, name: ann.name, email: ann.email, timeZone: ann.timeZone };
    await transport.send(
      outgoingMail(claimed, "seat_booked", to, { origin: ORIGIN, from: FROM, now: clock.now(), accountLink: null }),
    );
    clock.advance(LEASE_MS);
    expect(await dispatcher.deliverDue()).toMatchObject({ sent: 1 });
    expect(mail.received).toHaveLength(2);
    const [first, again] = mail.received;
    expect(again.parsed.messageId).toBe(first.parsed.messageId);
    expect(again.parsed.messageId).toBe(messageIdFor(claimed, messageIdDomain(FROM, ORIGIN)));
    expect(eventOf(again).uid).toBe(eventOf(first).uid);
  });

  it("gives a message up as failed with its last error after MAX_ATTEMPTS tries, and an admin's retry sends it with the same Message-ID", async () => {
    const { db, mail, dispatcher, clock, shadows, admin, aSessionOfHana, bookAll } = await mailWorld();
    const session = await aSessionOfHana({ kind: "remote", seats: 3 });
    await bookAll(session, [shadows[0]]);
    await mail.stop();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await dispatcher.deliverDue()).toMatchObject({ retried: 1 });
      clock.advance(retryDelay(attempt));
    }
    const [failed] = await outbox(db);
    expect(failed).toMatchObject({ state: "failed", attempts: MAX_ATTEMPTS, sentAt: null, leaseOwner: null });
    expect(failed.lastError).toMatch(/ECONNREFUSED/);

    await mail.start();
    clock.advance(7 * DAY);
    expect(await dispatcher.deliverDue()).toEqual({ sent: 0, kept: 0, skipped: 0, retried: 0 });
    expect(mail.received).toEqual([]);

    expect(await retryMessage(db, { id: failed.id, actorId: admin.id, now: clock.now() })).toEqual({ ok: true });
    expect(await dispatcher.deliverDue()).toEqual({ sent: 1, kept: 0, skipped: 0, retried: 0 });
    const [sent] = await outbox(db);
    expect(sent).toMatchObject({ state: "sent", attempts: 1, lastError: "", sentAt: clock.now() });
    expect(mail.received.map((m) => m.parsed.messageId)).toEqual([messageIdFor(failed, messageIdDomain(FROM, ORIGIN))]);
    expect(await retryMessage(db, { id: failed.id, actorId: admin.id, now: clock.now() })).toEqual({
      ok: false,
      reason: "not_retryable",
    });
  });

  it("sends nothing to a person who is switched off, or who turned the kind of message off", async () => {
    const { db, mail, dispatcher, shadows, aSessionOfHana, bookAll, clock } = await mailWorld();
    const session = await aSessionOfHana({ kind: "remote", seats: 3 });
    const [ann, ben, cai] = shadows;
    await bookAll(session, [ann, ben, cai]);
    await db.update(schema.people).set({ active: false }).where(eq(schema.people.id, ann.id));
    await db
      .insert(schema.mailPreferences)
      .values({ personId: ben.id, choices: { invitations: false }, updatedAt: clock.now() });

    expect(await dispatcher.deliverDue()).toEqual({ sent: 1, kept: 0, skipped: 2, retried: 0 });
    expect(mail.received.map((m) => m.to)).toEqual([[cai.email]]);
    const rows = new Map((await outbox(db)).map((m) => [m.personId, m]));
    expect(rows.get(ann.id)).toMatchObject({ state: "skipped", lastError: "The recipient is switched off." });
    expect(rows.get(ben.id)).toMatchObject({ state: "skipped" });
    expect(rows.get(ben.id)!.lastError).toContain("turned off");
    clock.advance(DAY);
    await dispatcher.deliverDue();
    expect(mail.received).toHaveLength(1);
  });

  it("puts a one-click unsubscribe on reminders and digests, and none on invitations", async () => {
    const { db, mail, dispatcher, shadows, manager, aSessionOfHana, bookAll, clock } = await mailWorld();
    const session = await aSessionOfHana({ kind: "remote", seats: 3 });
    const [ann] = shadows;
    await bookAll(session, [ann]);
    const booking = await bookingOf(db, session.id, ann.id);
    const payload = await seatPayload(db, booking.id);
    await db.write((tx) =>
      enqueueMail(
        tx,
        [
          { kind: "session_reminder", personId: ann.id, changeKey: `session_reminder:booking-${booking.id}`, payload },
          {
            kind: "manager_digest",
            personId: manager.id,
            changeKey: "manager_digest:week-2027-03-01",
            payload: {
              weekOf: "2027-03-01",
              overdue: [
                { personId: ann.id, personName: ann.name, moduleTitle: "Hear the customer line", dueOn: "2027-02-20" },
              ],
              dueSoon: [],
              moreOverdue: 0,
              moreDueSoon: 0,
            },
          },
        ],
        clock.now(),
      ),
    );
    await dispatcher.deliverDue();
    expect(mail.received).toHaveLength(3);
    const byKind = new Map(
      mail.received.map((m) => [
        m.parsed.subject!.startsWith("Booked:")
          ? "invite"
          : m.parsed.subject!.startsWith("Tomorrow:")
            ? "reminder"
            : "digest",
        m,
      ]),
    );
    expect([...byKind.keys()].sort()).toEqual(["digest", "invite", "reminder"]);
    for (const [kind, category] of [
      ["reminder", "reminders"],
      ["digest", "digests"],
    ] as const) {
      const message = byKind.get(kind)!;
      expect(headerOf(message, "List-Unsubscribe")).toMatch(new RegExp(`^<${ORIGIN}/mail/unsubscribe/[^>]+>$`));
      expect(headerOf(message, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      expect(message.parsed.text).toContain(`"${category === "reminders" ? "Reminders" : "Weekly team digest"}"`);
    }
    const invite = byKind.get("invite")!;
    expect(headerOf(invite, "List-Unsubscribe")).toBeUndefined();
    expect(headerOf(invite, "List-Unsubscribe-Post")).toBeUndefined();
    expect(eventOf(invite).method).toBe("REQUEST");
  });
});
