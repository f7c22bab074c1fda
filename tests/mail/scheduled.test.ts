import { and, eq } from "drizzle-orm";
import { describe, expect, it, onTestFinished } from "vitest";
import { schema, type Db } from "~/db.server";
import type { MailKind } from "~/domain/mail/kinds";
import { DAY, endOfDay, HOUR, MINUTE } from "~/domain/time";
import type { Payloads } from "~/mail/payloads.server";
import { bookSeat, recordAttendance, saveReflection } from "~/models/bookings.server";
import { updateSessions } from "~/models/hosting-edits.server";
import { writeScheduledMail } from "~/models/mail/scheduled.server";
import {
  aDepartment,
  aKind,
  aModule,
  anAssignment,
  aPerson,
  aSession,
  type Person,
  type PersonFields,
} from "../support/builders";
import { TestClock, TEST_NOW } from "../support/clock";
import { freshDatabase } from "../support/db";
import { startMailServer, testDispatcher } from "../support/mail";

const utc = (text: string) => Date.parse(`${text}Z`);

/**
 * A company with a host in Sales and a back office, on a clock at Monday 1 March 2027, 09:00
 * UTC, with a dispatcher that runs the schedule and delivers to a real SMTP server.
 */
async function company() {
  const { db } = await freshDatabase();
  const clock = new TestClock(TEST_NOW);
  const mail = await startMailServer();
  const { dispatcher, transport } = testDispatcher(db, clock, mail, { schedule: writeScheduledMail });
  onTestFinished(async () => {
    transport.close();
    await mail.stop();
  });
  const sales = await aDepartment(db, { kind: "customer_facing", name: "Sales" });
  const accounts = await aDepartment(db, { name: "Accounts" });
  const kind = await aKind(db, { name: "Sales call" });
  const host = await aPerson(db, { department: sales, isHost: true, name: "Hana Host", email: "hana@example.test" });

  /** Someone in the back office, written to at their first name. */
  const person = (name: string, fields: PersonFields = {}) =>
    aPerson(db, {
      department: accounts,
      name,
      email: `${name.split(" ")[0].toLowerCase()}@example.test`,
      createdAt: TEST_NOW,
      ...fields,
    });

  /** Sets the clock (when given), then runs the schedule and delivers, as the dispatcher does each minute. */
  const tick = async (at?: number) => {
    if (at !== undefined) clock.set(at);
    await dispatcher.tick(true);
  };

  /** What a person received whose subject starts with `prefix`. */
  const received = (to: Pick<Person, "email">, prefix: string) =>
    mail.to(to.email).filter((m) => m.parsed.subject?.startsWith(prefix));

  const book = async (sessionId: number, who: Person) => {
    const result = await bookSeat(db, {
      sessionId,
      personId: who.id,
      actorId: who.id,
      source: "self",
      now: clock.now(),
    });
    if (!result.ok || result.status !== "booked") throw new Error(`Not booked: ${JSON.stringify(result)}`);
    return result.booking;
  };

  const session = (startsAt: number, fields: { kindId?: number } = {}) =>
    aSession(db, { kind: fields.kindId ?? kind, host, startsAt, endsAt: startsAt + HOUR, createdAt: TEST_NOW });

  return { db, clock, mail, tick, received, book, session, kind, host, person };
}

async function payloadsOf<K extends MailKind>(db: Db, kind: K, personId: number): Promise<Payloads[K][]> {
  const rows = await db
    .select({ payload: schema.outboxMessages.payload })
    .from(schema.outboxMessages)
    .where(and(eq(schema.outboxMessages.kind, kind), eq(schema.outboxMessages.personId, personId)));
  return rows.map((r) => r.payload as unknown as Payloads[K]);
}

describe("the reminder the day before a session", () => {
  // Wed 3 Mar 2027 14:00 UTC: 23:00 that day in Tokyo, 09:00 in New York.
  const startsAt = utc("2027-03-03T14:00");

  it("reaches each person once, at 09:00 the day before in their own zone", async () => {
    const { tick, received, book, session, person } = await company();
    const sales = await session(startsAt);
    const kenji = await person("Kenji Sato", { timeZone: "Asia/Tokyo" });
    const nora = await person("Nora Quinn", { timeZone: "America/New_York" });
    await book(sales.id, kenji);
    await book(sales.id, nora);
    await tick();
    expect(received(kenji, "Booked:")).toHaveLength(1);

    // 09:00 on Tuesday in Tokyo is midnight UTC.
    await tick(utc("2027-03-02T00:00") - MINUTE);
    expect(received(kenji, "Tomorrow:")).toHaveLength(0);
    await tick(utc("2027-03-02T00:00"));
    expect(received(kenji, "Tomorrow:")).toHaveLength(1);
    expect(received(nora, "Tomorrow:")).toHaveLength(0);

    // 09:00 on Tuesday in New York is 14:00 UTC.
    await tick(utc("2027-03-02T14:00") - MINUTE);
    expect(received(nora, "Tomorrow:")).toHaveLength(0);
    await tick(utc("2027-03-02T14:00"));
    for (let minute = 1; minute <= 5; minute++) await tick(utc("2027-03-02T14:00") + minute * MINUTE);
    await tick(startsAt - MINUTE);

    expect(received(kenji, "Tomorrow:")).toHaveLength(1);
    expect(received(nora, "Tomorrow:")).toHaveLength(1);
    // Each reads the start in their own zone, with a one-click way to stop reminders.
    expect(received(kenji, "Tomorrow:")[0].parsed.subject).toBe("Tomorrow: Sales call with Hana Host at 23:00");
    const [toNora] = received(nora, "Tomorrow:");
    expect(toNora.parsed.subject).toBe("Tomorrow: Sales call with Hana Host at 09:00");
    expect(toNora.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
  });

  it("sends none for a seat booked after the reminder time: its invitation has just gone", async () => {
    const { tick, received, book, session, person } = await company();
    const sales = await session(startsAt);
    const kenji = await person("Kenji Sato", { timeZone: "Asia/Tokyo" });
    await tick(utc("2027-03-02T01:00"));
    await book(sales.id, kenji);
    await tick();
    await tick(utc("2027-03-03T09:00"));
    expect(received(kenji, "Booked:")).toHaveLength(1);
    expect(received(kenji, "Tomorrow:")).toHaveLength(0);
  });

  it("sends none once the session has started, even when it was never sent", async () => {
    const { tick, received, book, session, person } = await company();
    const sales = await session(startsAt);
    const uma = await person("Uma Stone");
    await book(sales.id, uma);
    await tick();
    // The schedule did not run between the reminder time and the start.
    await tick(startsAt);
    await tick(startsAt + HOUR);
    expect(received(uma, "Tomorrow:")).toHaveLength(0);
  });

  it("reminds again when the host moves the session to another day", async () => {
    const { db, tick, received, book, session, person, host } = await company();
    const sales = await session(startsAt);
    const uma = await person("Uma Stone");
    await book(sales.id, uma);
    await tick(utc("2027-03-02T09:00"));
    expect(received(uma, "Tomorrow:")).toHaveLength(1);

    const moved = await updateSessions(db, {
      sessionId: sales.id,
      actorId: host.id,
      now: utc("2027-03-02T10:00"),
      edit: {
        scope: "one",
        date: "2027-03-05",
        startTime: "14:00",
        durationMinutes: 60,
        details: {
          location: sales.location,
          meetingUrl: sales.meetingUrl,
          customerName: sales.customerName,
          customerConfidential: sales.customerConfidential,
          seats: sales.seats,
          departmentCap: sales.departmentCap,
          notes: sales.notes,
        },
      },
    });
    expect(moved.ok).toBe(true);
    await tick(utc("2027-03-02T10:00"));
    expect(received(uma, "Changed:")).toHaveLength(1);

    await tick(utc("2027-03-04T09:00") - MINUTE);
    expect(received(uma, "Tomorrow:")).toHaveLength(1);
    await tick(utc("2027-03-04T09:00"));
    await tick(utc("2027-03-04T10:00"));
    expect(received(uma, "Tomorrow:")).toHaveLength(2);
  });

  it("sends nothing to a person who turned reminders off, or who is no longer active", async () => {
    const { db, tick, received, book, session, person } = await company();
    const sales = await session(startsAt);
    const quiet = await person("Quinn Quiet");
    const gone = await person("Gale Gone");
    await book(sales.id, quiet);
    await book(sales.id, gone);
    await db
      .insert(schema.mailPreferences)
      .values({ personId: quiet.id, choices: { reminders: false }, updatedAt: TEST_NOW });
    await db.update(schema.people).set({ active: false }).where(eq(schema.people.id, gone.id));
    await tick();
    await tick(utc("2027-03-02T09:00"));
    await tick(utc("2027-03-03T13:00"));
    expect(received(quiet, "Booked:")).toHaveLength(1);
    expect(received(quiet, "Tomorrow:")).toHaveLength(0);
    expect(received(gone, "Tomorrow:")).toHaveLength(0);
  });
});

describe("the reminder a week before a module is due", () => {
  const dueOn = "2027-03-20";
  const dueAt = endOfDay(dueOn, "UTC");
  // Saturday 13 March, 09:00 UTC: a week before the due day.
  const moment = utc("2027-03-13T09:00");

  it("goes once, seven days before, to those with nothing booked that counts", async () => {
    const { db, tick, received, book, session, person, kind } = await company();
    const other = await aKind(db, { name: "Install" });
    const module = await aModule(db, { title: "Sit in on a sales call", kind });
    const counting = await session(utc("2027-03-16T10:00"));
    const elsewhere = await session(utc("2027-03-17T10:00"), { kindId: other.id });
    await session(utc("2027-03-18T10:00"));

    const idle = await person("Ida Idle");
    const ready = await person("Rudi Ready");
    const wrongKind = await person("Walt Wrong");
    await book(counting.id, ready);
    await book(elsewhere.id, wrongKind);
    for (const who of [idle, ready, wrongKind]) {
      await anAssignment(db, { person: who, module, dueOn, dueAt, createdAt: TEST_NOW, updatedAt: TEST_NOW });
    }

    await tick(moment - MINUTE);
    expect(received(idle, "Due ")).toHaveLength(0);
    await tick(moment);
    await tick(moment + MINUTE);
    await tick(moment + 2 * HOUR);
    expect(received(idle, "Due ")).toHaveLength(1);
    expect(received(wrongKind, "Due ")).toHaveLength(1);
    expect(received(ready, "Due ")).toHaveLength(0);

    const [message] = received(idle, "Due ");
    expect(message.parsed.subject).toBe("Due in 7 days: Sit in on a sales call");
    expect(message.parsed.text).toContain("Sessions that would count");
    const [payload] = await payloadsOf(db, "module_due_soon", idle.id);
    expect(payload.dueOn).toBe(dueOn);
    expect(payload.sessions.map((s) => s.startsAt)).toEqual([utc("2027-03-16T10:00"), utc("2027-03-18T10:00")]);
  });

  it("is not sent for an assignment made within the last week, nor once it is overdue", async () => {
    const { db, tick, received, person, kind } = await company();
    const module = await aModule(db, { title: "Sit in on a sales call", kind });
    const late = await person("Lou Late");
    const overdue = await person("Olga Over");
    await anAssignment(db, { person: late, module, dueOn, dueAt, createdAt: moment + HOUR, updatedAt: moment + HOUR });
    await anAssignment(db, {
      person: overdue,
      module,
      dueOn: "2027-02-26",
      dueAt: endOfDay("2027-02-26", "UTC"),
      createdAt: TEST_NOW - 30 * DAY,
    });
    await tick();
    await tick(moment + 2 * HOUR);
    expect(received(late, "Due ")).toHaveLength(0);
    expect(received(overdue, "Due ")).toHaveLength(0);
  });

  it("is not sent to a person who turned reminders off", async () => {
    const { db, tick, received, person, kind } = await company();
    const module = await aModule(db, { kind });
    const quiet = await person("Quinn Quiet");
    await db
      .insert(schema.mailPreferences)
      .values({ personId: quiet.id, choices: { reminders: false }, updatedAt: TEST_NOW });
    await anAssignment(db, { person: quiet, module, dueOn, dueAt, createdAt: TEST_NOW });
    await tick(moment);
    expect(received(quiet, "")).toHaveLength(0);
    const [row] = await db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.personId, quiet.id));
    expect(row).toMatchObject({ kind: "module_due_soon", state: "skipped" });
  });
});

describe("the managers' weekly digest", () => {
  it("goes on Monday at 08:00 in the manager's zone with the team's overdue and due-soon training", async () => {
    const { db, tick, received, person, kind } = await company();
    const module = await aModule(db, { title: "Sit in on a sales call", kind });
    const later = await aModule(db, { title: "Ride-along", kind });
    // Mia (Los Angeles) manages Leo (UTC), who manages Rae; Sam reports to Mia directly.
    const mia = await person("Mia Lane", { isManager: true, timeZone: "America/Los_Angeles" });
    const leo = await person("Leo Park", { isManager: true, manager: mia });
    const rae = await person("Rae Moss", { manager: leo });
    const sam = await person("Sam Reed", { manager: mia });
    const assign = (who: Person, day: string, m = module) =>
      anAssignment(db, { person: who, module: m, dueOn: day, dueAt: endOfDay(day, "UTC"), createdAt: TEST_NOW });
    await assign(rae, "2027-02-25");
    await assign(sam, "2027-03-08");
    await assign(sam, "2027-04-30", later);
    // Nia's only report is due far ahead: nothing to say.
    const nia = await person("Nia Calm", { isManager: true });
    await assign(await person("Cal Calm", { manager: nia }), "2027-05-01");

    // Monday 09:00 UTC: past 08:00 for Leo and Nia, 01:00 for Mia.
    await tick();
    expect(received(leo, "Your team's training")).toHaveLength(1);
    expect(received(mia, "Your team's training")).toHaveLength(0);
    await tick(utc("2027-03-01T16:00") - MINUTE);
    expect(received(mia, "Your team's training")).toHaveLength(0);
    await tick(utc("2027-03-01T16:00"));
    await tick(utc("2027-03-01T18:00"));
    await tick(utc("2027-03-02T16:00"));

    const [digest] = received(mia, "Your team's training");
    expect(received(mia, "Your team's training")).toHaveLength(1);
    expect(digest.parsed.subject).toBe("Your team's training: 1 overdue, 1 due soon");
    expect(digest.parsed.text).toContain("Rae Moss: Sit in on a sales call");
    expect(digest.parsed.text).toContain("Sam Reed: Sit in on a sales call");
    expect(digest.parsed.text).not.toContain("Ride-along");
    const [payload] = await payloadsOf(db, "manager_digest", mia.id);
    expect(payload).toEqual({
      weekOf: "2027-03-01",
      overdue: [
        { personId: rae.id, personName: "Rae Moss", moduleTitle: "Sit in on a sales call", dueOn: "2027-02-25" },
      ],
      dueSoon: [
        { personId: sam.id, personName: "Sam Reed", moduleTitle: "Sit in on a sales call", dueOn: "2027-03-08" },
      ],
      moreOverdue: 0,
      moreDueSoon: 0,
    });
    expect(received(nia, "")).toHaveLength(0);

    // And again the next Monday.
    await tick(utc("2027-03-08T16:00"));
    expect(received(mia, "Your team's training")).toHaveLength(2);
  });
});

describe("after a session", () => {
  const startsAt = utc("2027-03-02T10:00");
  const endsAt = startsAt + HOUR;

  it("asks attended shadows for their reflection and the host to confirm attendance, each once", async () => {
    const { db, tick, received, book, session, person, host } = await company();
    const sales = await session(startsAt);
    const ann = await person("Ann Early");
    const ben = await person("Ben Later");
    const cai = await person("Cai Quick");
    const seats = { ann: await book(sales.id, ann), ben: await book(sales.id, ben), cai: await book(sales.id, cai) };
    await tick();

    // The host confirms Ann and Cai during the session; Cai writes a reflection at once.
    for (const seat of [seats.ann, seats.cai]) {
      const done = await recordAttendance(db, {
        bookingId: seat.id,
        actorId: host.id,
        status: "attended",
        now: startsAt + 30 * MINUTE,
      });
      expect(done.ok).toBe(true);
    }
    const written = await saveReflection(db, {
      bookingId: seats.cai.id,
      personId: cai.id,
      text: "Heard a lot.",
      now: endsAt,
    });
    expect(written.ok).toBe(true);

    await tick(endsAt + HOUR - MINUTE);
    expect(received(ann, "How was")).toHaveLength(0);
    expect(received(host, "Who came")).toHaveLength(0);
    await tick(endsAt + HOUR);
    await tick(endsAt + HOUR + MINUTE);
    expect(received(ann, "How was")).toHaveLength(1);
    expect(received(ben, "How was")).toHaveLength(0);
    expect(received(cai, "How was")).toHaveLength(0);
    expect(received(host, "Who came")).toHaveLength(1);
    expect(received(host, "Who came")[0].parsed.text).toContain("1 seat is not yet marked");

    // Ben's attendance is confirmed days later, past the schedule's look-back: his request goes
    // with the confirmation, once however often it is undone and made again.
    const later = endsAt + 3 * DAY;
    const confirm = (status: "attended" | "booked", at: number) =>
      recordAttendance(db, { bookingId: seats.ben.id, actorId: host.id, status, now: at });
    await confirm("attended", later);
    await tick(later);
    expect(received(ben, "How was")).toHaveLength(1);
    await confirm("booked", later + MINUTE);
    await confirm("attended", later + 2 * MINUTE);
    await tick(later + 3 * MINUTE);
    await tick(later + DAY);
    expect(received(ben, "How was")).toHaveLength(1);
    expect(received(ann, "How was")).toHaveLength(1);
    expect(received(host, "Who came")).toHaveLength(1);
  });
});
