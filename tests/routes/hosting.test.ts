import { and, asc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema } from "~/db.server";
import {
  localDate,
  localInstant,
  localTime,
  shiftDate,
} from "~/domain/recurrence";
import { appWithFreshDatabase, TestClient } from "../support/app";
import {
  aDepartment,
  aKind,
  aPerson,
  aSession,
  type Person,
  type SessionKind,
} from "../support/builders";

const PASSWORD = "a-long-test-password";
const HELSINKI = "Europe/Helsinki";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let app: Awaited<ReturnType<typeof appWithFreshDatabase>>;
let host: Person;
let otherHost: Person;
let admin: Person;
let employee: Person;
let shadows: Person[];
let listenIn: SessionKind;
let install: SessionKind;

beforeAll(async () => {
  app = await appWithFreshDatabase();
  const passwordHash = await hashPassword(PASSWORD);
  const care = await aDepartment(app.db, {
    name: "Customer Care",
    kind: "customer_facing",
  });
  const accounting = await aDepartment(app.db, {
    name: "Accounting",
    kind: "back_office",
  });
  const legal = await aDepartment(app.db, {
    name: "Legal",
    kind: "back_office",
  });
  host = await aPerson(app.db, {
    name: "Hanna Host",
    department: care,
    isHost: true,
    timeZone: HELSINKI,
    passwordHash,
  });
  otherHost = await aPerson(app.db, {
    name: "Olli Other",
    department: care,
    isHost: true,
    timeZone: HELSINKI,
    passwordHash,
  });
  admin = await aPerson(app.db, {
    name: "Aino Admin",
    department: accounting,
    isAdmin: true,
    passwordHash,
  });
  employee = await aPerson(app.db, {
    name: "Eeva Employee",
    department: accounting,
    timeZone: HELSINKI,
    passwordHash,
  });
  shadows = [
    employee,
    await aPerson(app.db, {
      name: "Lauri Legal",
      department: legal,
      passwordHash,
    }),
    await aPerson(app.db, {
      name: "Aleksi Accounts",
      department: accounting,
      passwordHash,
    }),
  ];
  listenIn = await aKind(app.db, {
    name: "Call-centre listen-in",
    defaultMinutes: 60,
    onSite: false,
  });
  install = await aKind(app.db, {
    name: "Install",
    defaultMinutes: 240,
    onSite: true,
  });
});

async function signedIn(person: Person): Promise<TestClient> {
  const client = new TestClient(app.handle);
  await client.signIn(person.email, PASSWORD);
  return client;
}

/** A local day some days from now in the host's zone. */
const dayFromNow = (days: number) =>
  shiftDate(localDate(Date.now(), HELSINKI), days);

function sessionForm(
  fields: Record<string, string> = {},
): Record<string, string> {
  return {
    kindId: String(listenIn.id),
    date: dayFromNow(3),
    startTime: "10:00",
    durationMinutes: "",
    meetingUrl: "https://meet.example.com/listen-in",
    location: "",
    customerName: "",
    seats: "3",
    departmentCap: "",
    notes: "Bring a notebook.",
    repeat: "none",
    count: "",
    untilDate: "",
    ...fields,
  };
}

async function sessionsOf(hostId: number) {
  return app.db
    .select()
    .from(schema.sessions)
    .where(eq(schema.sessions.hostId, hostId))
    .orderBy(asc(schema.sessions.startsAt));
}

async function book(
  sessionId: number,
  person: Person,
  status: "booked" | "waitlisted" | "attended",
  ticket?: number,
) {
  const [row] = await app.db
    .insert(schema.bookings)
    .values({
      sessionId,
      personId: person.id,
      bookedById: person.id,
      status,
      waitlistPosition: status === "waitlisted" ? (ticket ?? 1) : null,
    })
    .returning();
  return row;
}

describe("who may host", () => {
  it("gives an employee a 403 on My sessions and the new-session form", async () => {
    const client = await signedIn(employee);
    expect((await client.get("/hosting")).status).toBe(403);
    expect((await client.get("/hosting/new")).status).toBe(403);
    expect((await client.post("/hosting/new", sessionForm())).status).toBe(403);
  });

  it("shows a new host an empty list that says what to do next", async () => {
    const client = await signedIn(otherHost);
    const response = await client.get("/hosting");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("My sessions");
    expect(html).toContain("Nothing scheduled");
    expect(html).toContain('href="/hosting/new"');
  });

  it("says on the form which time zone the times are in", async () => {
    const client = await signedIn(host);
    const html = await (await client.get("/hosting/new")).text();
    expect(html).toContain("Europe/Helsinki");
    expect(html).toContain("Kind of session");
  });
});

describe("publishing sessions", () => {
  it("creates a one-off session in the host's zone, with the kind's usual length", async () => {
    const client = await signedIn(host);
    const date = dayFromNow(2);
    const response = await client.post(
      "/hosting/new",
      sessionForm({
        date,
        startTime: "09:30",
        customerName: "Acme Oy",
        customerConfidential: "on",
      }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/hosting");
    const [session] = (await sessionsOf(host.id)).filter(
      (s) => s.customerName === "Acme Oy",
    );
    expect(session.startsAt).toBe(localInstant(date, "09:30", HELSINKI));
    expect(session.endsAt - session.startsAt).toBe(HOUR);
    expect(session.timeZone).toBe(HELSINKI);
    expect(session.seriesId).toBeNull();
    expect(session.customerConfidential).toBe(true);
    expect(session.meetingUrl).toBe("https://meet.example.com/listen-in");
    expect(session.location).toBe("");
    const audit = await app.db
      .select()
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.entityType, "session"),
          eq(schema.auditLog.entityId, session.id),
        ),
      );
    expect(audit.map((a) => a.action)).toEqual(["session.created"]);
    expect(audit[0].actorId).toBe(host.id);

    const list = await (await client.get("/hosting")).text();
    expect(list).toContain("Published Call-centre listen-in");
    expect(list).toContain("0/3 seats booked");
  });

  it("creates a weekly series as N sessions at the same local time", async () => {
    const client = await signedIn(host);
    const date = dayFromNow(10);
    const response = await client.post(
      "/hosting/new",
      sessionForm({
        date,
        startTime: "14:00",
        durationMinutes: "45",
        repeat: "weekly_count",
        count: "6",
        notes: "Weekly block",
      }),
    );
    expect(response.status).toBe(302);
    const [series] = await app.db
      .select()
      .from(schema.sessionSeries)
      .where(eq(schema.sessionSeries.notes, "Weekly block"));
    expect(series.rrule).toBe("FREQ=WEEKLY;COUNT=6");
    expect(series.timeZone).toBe(HELSINKI);
    expect(series.durationMinutes).toBe(45);
    const sessions = await app.db
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.seriesId, series.id))
      .orderBy(asc(schema.sessions.startsAt));
    expect(sessions).toHaveLength(6);
    expect(sessions.map((s) => localDate(s.startsAt, HELSINKI))).toEqual(
      [0, 7, 14, 21, 28, 35].map((d) => shiftDate(date, d)),
    );
    for (const s of sessions) {
      expect(localTime(s.startsAt, HELSINKI)).toBe("14:00");
      expect(s.endsAt - s.startsAt).toBe(45 * 60_000);
      expect(s.hostId).toBe(host.id);
    }
    expect(series.firstStartsAt).toBe(sessions[0].startsAt);
    const list = await (await client.get("/hosting")).text();
    expect(list).toContain("Published 6 Call-centre listen-in sessions");
  });

  it("creates a series until a date, that date included, with UNTIL in UTC", async () => {
    const client = await signedIn(host);
    const date = dayFromNow(5);
    const response = await client.post(
      "/hosting/new",
      sessionForm({
        kindId: String(install.id),
        meetingUrl: "",
        location: "Mannerheimintie 1, Helsinki",
        date,
        startTime: "08:00",
        repeat: "weekly_until",
        untilDate: shiftDate(date, 21),
        notes: "Until series",
      }),
    );
    expect(response.status).toBe(302);
    const [series] = await app.db
      .select()
      .from(schema.sessionSeries)
      .where(eq(schema.sessionSeries.notes, "Until series"));
    expect(series.rrule).toMatch(/^FREQ=WEEKLY;UNTIL=\d{8}T\d{6}Z$/);
    const sessions = await app.db
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.seriesId, series.id));
    expect(sessions).toHaveLength(4);
    expect(
      sessions.every(
        (s) =>
          s.location === "Mannerheimintie 1, Helsinki" && s.meetingUrl === "",
      ),
    ).toBe(true);
    expect(sessions.every((s) => s.endsAt - s.startsAt === 240 * 60_000)).toBe(
      true,
    );
  });

  it("refuses bad input with sentences beside the fields, keeps what was typed, and writes nothing", async () => {
    const client = await signedIn(host);
    const before = (await sessionsOf(host.id)).length;
    const seriesBefore = (await app.db.select().from(schema.sessionSeries))
      .length;

    const past = await client.post(
      "/hosting/new",
      sessionForm({
        date: dayFromNow(-1),
        seats: "0",
        departmentCap: "4",
        meetingUrl: "http://meet",
        customerName: "Typed Customer",
      }),
    );
    expect(past.status).toBe(400);
    let html = await past.text();
    expect(html).toContain("The session must start in the future");
    expect(html).toContain("Seats must be a whole number from 1 to 50.");
    expect(html).toContain("That isn&#x27;t a valid meeting link");
    expect(html).toContain('value="Typed Customer"');
    expect(html).toContain('value="http://meet"');
    expect(html).toContain('aria-invalid="true"');

    const cap = await client.post(
      "/hosting/new",
      sessionForm({ seats: "2", departmentCap: "3" }),
    );
    expect(cap.status).toBe(400);
    expect(await cap.text()).toContain(
      "The department cap can&#x27;t be more than the seats (2).",
    );

    const noLink = await client.post(
      "/hosting/new",
      sessionForm({ meetingUrl: "" }),
    );
    expect(await noLink.text()).toContain(
      "Paste the meeting link shadows will join",
    );

    const noPlace = await client.post(
      "/hosting/new",
      sessionForm({ kindId: String(install.id), location: " " }),
    );
    expect(noPlace.status).toBe(400);
    expect(await noPlace.text()).toContain("Say where the session takes place");

    const tooFew = await client.post(
      "/hosting/new",
      sessionForm({ repeat: "weekly_count", count: "1" }),
    );
    expect(await tooFew.text()).toContain(
      "A weekly series has 2 to 52 sessions.",
    );
    const tooMany = await client.post(
      "/hosting/new",
      sessionForm({ repeat: "weekly_count", count: "53" }),
    );
    expect(await tooMany.text()).toContain(
      "A weekly series has 2 to 52 sessions.",
    );

    const backwards = await client.post(
      "/hosting/new",
      sessionForm({
        date: dayFromNow(8),
        repeat: "weekly_until",
        untilDate: dayFromNow(4),
      }),
    );
    expect(backwards.status).toBe(400);
    html = await backwards.text();
    expect(html).toContain("The last date must be after the first date.");
    expect(html).toContain(`value="${dayFromNow(4)}"`);

    const noKind = await client.post(
      "/hosting/new",
      sessionForm({ kindId: "" }),
    );
    expect(await noKind.text()).toContain(
      "Choose what kind of session this is.",
    );

    expect((await sessionsOf(host.id)).length).toBe(before);
    expect((await app.db.select().from(schema.sessionSeries)).length).toBe(
      seriesBefore,
    );
  });
});

describe("a session's page", () => {
  it("lets a host manage their own session, refuses another host, and lets an admin in", async () => {
    const session = await aSession(app.db, {
      host,
      kind: listenIn,
      startsAt: Date.now() + 3 * DAY,
      timeZone: HELSINKI,
    });
    await book(session.id, shadows[1], "booked");
    const own = await (
      await signedIn(host)
    ).get(`/hosting/sessions/${session.id}`);
    expect(own.status).toBe(200);
    const html = await own.text();
    expect(html).toContain("Lauri Legal");
    expect(html).toContain("Who&#x27;s coming");

    const other = await signedIn(otherHost);
    expect((await other.get(`/hosting/sessions/${session.id}`)).status).toBe(
      403,
    );
    expect(
      (await other.get(`/hosting/sessions/${session.id}/edit`)).status,
    ).toBe(403);
    expect(
      (
        await other.post(`/hosting/sessions/${session.id}`, {
          intent: "cancel",
          reason: "mine now",
        })
      ).status,
    ).toBe(403);
    const [unchanged] = await app.db
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.id, session.id));
    expect(unchanged.status).toBe("scheduled");

    const asAdmin = await signedIn(admin);
    expect((await asAdmin.get(`/hosting/sessions/${session.id}`)).status).toBe(
      200,
    );
    expect(
      (await asAdmin.get(`/hosting/sessions/${session.id}/edit`)).status,
    ).toBe(200);
    expect(
      (await (await signedIn(employee)).get(`/hosting/sessions/${session.id}`))
        .status,
    ).toBe(403);
    expect((await asAdmin.get(`/hosting/sessions/999999`)).status).toBe(404);
  });

  it("confirms attendance only once the session has started, and can undo it", async () => {
    const client = await signedIn(host);
    const upcoming = await aSession(app.db, {
      host,
      kind: listenIn,
      startsAt: Date.now() + 2 * DAY,
      timeZone: HELSINKI,
    });
    const early = await book(upcoming.id, shadows[0], "booked");
    const refused = await client.post(`/hosting/sessions/${upcoming.id}`, {
      intent: "attendance",
      bookingId: early.id,
      status: "attended",
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(
      "Attendance can be confirmed once the session has started.",
    );

    const past = await aSession(app.db, {
      host,
      kind: listenIn,
      startsAt: Date.now() - 2 * DAY,
      endsAt: Date.now() - 2 * DAY + HOUR,
      timeZone: HELSINKI,
    });
    const seat = await book(past.id, shadows[1], "booked");
    const todo = await (await client.get("/hosting")).text();
    expect(todo).toContain("Confirm attendance");

    const confirmed = await client.post(`/hosting/sessions/${past.id}`, {
      intent: "attendance",
      bookingId: seat.id,
      status: "attended",
    });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe(
      `/hosting/sessions/${past.id}`,
    );
    const [attended] = await app.db
      .select()
      .from(schema.bookings)
      .where(eq(schema.bookings.id, seat.id));
    expect(attended.status).toBe("attended");
    expect(
      await (await client.get(`/hosting/sessions/${past.id}`)).text(),
    ).toContain("Lauri Legal attended");

    const undone = await client.post(`/hosting/sessions/${past.id}`, {
      intent: "attendance",
      bookingId: seat.id,
      status: "booked",
    });
    expect(undone.status).toBe(302);
    const [booked] = await app.db
      .select()
      .from(schema.bookings)
      .where(eq(schema.bookings.id, seat.id));
    expect(booked.status).toBe("booked");

    // A booking from another session can't be touched through this one's page.
    const elsewhere = await client.post(`/hosting/sessions/${past.id}`, {
      intent: "attendance",
      bookingId: early.id,
      status: "no_show",
    });
    expect(elsewhere.status).toBe(400);
  });

  it("keeps a host note and shows the shadows' reflections", async () => {
    const client = await signedIn(host);
    const past = await aSession(app.db, {
      host,
      kind: listenIn,
      startsAt: Date.now() - 5 * DAY,
      endsAt: Date.now() - 5 * DAY + HOUR,
      timeZone: HELSINKI,
    });
    const seat = await book(past.id, shadows[2], "attended");
    await app.db
      .update(schema.bookings)
      .set({
        reflection: "The customer kept asking about the invoice date.",
        reflectedAt: Date.now() - 4 * DAY,
      })
      .where(eq(schema.bookings.id, seat.id));
    const saved = await client.post(`/hosting/sessions/${past.id}`, {
      intent: "note",
      bookingId: seat.id,
      note: "Great questions.",
    });
    expect(saved.status).toBe(302);
    const html = await (
      await client.get(`/hosting/sessions/${past.id}`)
    ).text();
    expect(html).toContain("Great questions.");
    expect(html).toContain("The customer kept asking about the invoice date.");
    const [row] = await app.db
      .select()
      .from(schema.bookings)
      .where(eq(schema.bookings.id, seat.id));
    expect(row.hostNote).toBe("Great questions.");
  });

  it("asks before cancelling, then cancels with a reason: audit, a higher version, and the shadows see it", async () => {
    const client = await signedIn(host);
    const session = await aSession(app.db, {
      host,
      kind: listenIn,
      startsAt: Date.now() + 4 * DAY,
      timeZone: HELSINKI,
    });
    await book(session.id, employee, "booked");
    const ask = await client.get(`/hosting/sessions/${session.id}?cancel=1`);
    const askHtml = await ask.text();
    expect(askHtml).toContain("Cancel this session?");
    expect(askHtml).toContain("Yes, cancel this session");

    const response = await client.post(`/hosting/sessions/${session.id}`, {
      intent: "cancel",
      reason: "I'm on a course that day.",
    });
    expect(response.status).toBe(302);
    const [cancelled] = await app.db
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.id, session.id));
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.cancelReason).toBe("I'm on a course that day.");
    expect(cancelled.version).toBe(session.version + 1);
    const audit = await app.db
      .select()
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.entityType, "session"),
          eq(schema.auditLog.entityId, session.id),
        ),
      );
    expect(audit.map((a) => a.action)).toContain("session.cancelled");

    const page = await (
      await client.get(`/hosting/sessions/${session.id}`)
    ).text();
    expect(page).toContain("The session is cancelled.");
    expect(page).toContain("I&#x27;m on a course that day.");
    const list = await (await client.get("/hosting")).text();
    expect(list).toMatch(/Cancelled/);

    const home = await (await signedIn(employee)).get("/");
    expect(await home.text()).toMatch(/[Cc]ancelled/);
  });
});

describe("editing sessions", () => {
  async function aSeries(count: number, firstInDays: number, seats = 3) {
    const client = await signedIn(host);
    const notes = `Series ${Math.random()}`;
    const response = await client.post(
      "/hosting/new",
      sessionForm({
        date: dayFromNow(firstInDays),
        startTime: "10:00",
        seats: String(seats),
        repeat: "weekly_count",
        count: String(count),
        notes,
      }),
    );
    expect(response.status).toBe(302);
    const [series] = await app.db
      .select()
      .from(schema.sessionSeries)
      .where(eq(schema.sessionSeries.notes, notes));
    const sessions = await app.db
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.seriesId, series.id))
      .orderBy(asc(schema.sessions.startsAt));
    return { client, series, sessions, notes };
  }

  function editForm(
    session: typeof schema.sessions.$inferSelect,
    fields: Record<string, string> = {},
  ) {
    return {
      scope: "one",
      date: localDate(session.startsAt, HELSINKI),
      startTime: localTime(session.startsAt, HELSINKI),
      durationMinutes: String((session.endsAt - session.startsAt) / 60_000),
      meetingUrl: session.meetingUrl,
      customerName: session.customerName,
      seats: String(session.seats),
      departmentCap:
        session.departmentCap === null ? "" : String(session.departmentCap),
      notes: session.notes,
      ...fields,
    };
  }

  it("changes only this and the following occurrences when editing the series from a date on", async () => {
    const { client, series, sessions, notes } = await aSeries(4, 20);
    const third = sessions[2];
    const response = await client.post(
      `/hosting/sessions/${third.id}/edit`,
      editForm(third, {
        scope: "following",
        startTime: "11:15",
        seats: "5",
        notes,
      }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(
      `/hosting/sessions/${third.id}`,
    );

    const after = await app.db
      .select()
      .from(schema.sessions)
      .where(
        inArray(
          schema.sessions.id,
          sessions.map((s) => s.id),
        ),
      )
      .orderBy(asc(schema.sessions.startsAt));
    expect(after.map((s) => localTime(s.startsAt, HELSINKI))).toEqual([
      "10:00",
      "10:00",
      "11:15",
      "11:15",
    ]);
    expect(after.map((s) => s.seats)).toEqual([3, 3, 5, 5]);
    expect(after.map((s) => s.version)).toEqual([0, 0, 1, 1]);
    expect(after.map((s) => localDate(s.startsAt, HELSINKI))).toEqual(
      sessions.map((s) => localDate(s.startsAt, HELSINKI)),
    );
    expect(after[2].updatedAt).toBeGreaterThan(sessions[2].updatedAt - 1);
    expect(after[0].updatedAt).toBe(sessions[0].updatedAt);

    // The series splits: the first two keep it (now ending sooner), the last two form a new one.
    const [old] = await app.db
      .select()
      .from(schema.sessionSeries)
      .where(eq(schema.sessionSeries.id, series.id));
    expect(old.rrule).toBe("FREQ=WEEKLY;COUNT=2");
    expect(after[0].seriesId).toBe(series.id);
    expect(after[2].seriesId).not.toBe(series.id);
    expect(after[3].seriesId).toBe(after[2].seriesId);
    const [split] = await app.db
      .select()
      .from(schema.sessionSeries)
      .where(eq(schema.sessionSeries.id, after[2].seriesId!));
    expect(split.rrule).toBe("FREQ=WEEKLY;COUNT=2");
    expect(split.seats).toBe(5);
    expect(split.firstStartsAt).toBe(after[2].startsAt);

    const audit = await app.db
      .select()
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.action, "session.updated"),
          inArray(
            schema.auditLog.entityId,
            sessions.map((s) => s.id),
          ),
        ),
      );
    expect(audit.map((a) => a.entityId).sort()).toEqual(
      [after[2].id, after[3].id].sort(),
    );
  });

  it("changes the series itself when editing from its first session on", async () => {
    const { client, series, sessions } = await aSeries(3, 40);
    const response = await client.post(
      `/hosting/sessions/${sessions[0].id}/edit`,
      editForm(sessions[0], { scope: "following", durationMinutes: "90", notes: "Longer blocks now" }),
    );
    expect(response.status).toBe(302);
    const after = await app.db
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.seriesId, series.id))
      .orderBy(asc(schema.sessions.startsAt));
    expect(after).toHaveLength(3);
    expect(after.every((s) => s.endsAt - s.startsAt === 90 * 60_000 && s.version === 1)).toBe(true);
    const [same] = await app.db.select().from(schema.sessionSeries).where(eq(schema.sessionSeries.id, series.id));
    expect(same).toMatchObject({ rrule: "FREQ=WEEKLY;COUNT=3", durationMinutes: 90, notes: "Longer blocks now" });
  });

  it("changes one occurrence alone, and moves it to another day", async () => {
    const { client, sessions } = await aSeries(3, 30);
    const second = sessions[1];
    const newDate = shiftDate(localDate(second.startsAt, HELSINKI), 1);
    const response = await client.post(
      `/hosting/sessions/${second.id}/edit`,
      editForm(second, { date: newDate, startTime: "13:00" }),
    );
    expect(response.status).toBe(302);
    const after = await app.db
      .select()
      .from(schema.sessions)
      .where(
        inArray(
          schema.sessions.id,
          sessions.map((s) => s.id),
        ),
      )
      .orderBy(asc(schema.sessions.id));
    expect(after[1].startsAt).toBe(localInstant(newDate, "13:00", HELSINKI));
    expect(after[1].version).toBe(1);
    expect([after[0].version, after[2].version]).toEqual([0, 0]);
    expect(after[1].seriesId).toBe(sessions[1].seriesId);
  });

  it("refuses to lower seats below the seats taken, with a sentence, and changes nothing", async () => {
    const client = await signedIn(host);
    const session = await aSession(app.db, {
      host,
      kind: listenIn,
      startsAt: Date.now() + 6 * DAY,
      seats: 3,
      timeZone: HELSINKI,
      meetingUrl: "https://meet.example.com/x",
    });
    await book(session.id, shadows[0], "booked");
    await book(session.id, shadows[1], "booked");
    const response = await client.post(
      `/hosting/sessions/${session.id}/edit`,
      editForm(session, { seats: "1" }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("2 seats are already taken on");
    expect(html).toContain("seats can&#x27;t go below 2.");
    expect(html).toContain('value="1"');
    const [same] = await app.db
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.id, session.id));
    expect(same.seats).toBe(3);
    expect(same.version).toBe(0);
  });

  it("moves people up from the waitlist when seats rise", async () => {
    const client = await signedIn(host);
    const session = await aSession(app.db, {
      host,
      kind: listenIn,
      startsAt: Date.now() + 7 * DAY,
      seats: 1,
      timeZone: HELSINKI,
      meetingUrl: "https://meet.example.com/y",
    });
    await book(session.id, shadows[0], "booked");
    const waiting = await book(session.id, shadows[1], "waitlisted", 2);
    const response = await client.post(
      `/hosting/sessions/${session.id}/edit`,
      editForm(session, { seats: "2" }),
    );
    expect(response.status).toBe(302);
    const [promoted] = await app.db
      .select()
      .from(schema.bookings)
      .where(eq(schema.bookings.id, waiting.id));
    expect(promoted.status).toBe("booked");
    const page = await (
      await client.get(`/hosting/sessions/${session.id}`)
    ).text();
    expect(page).toContain("One person moved up from the waitlist");
  });

  it("won't edit a session that has started", async () => {
    const client = await signedIn(host);
    const session = await aSession(app.db, {
      host,
      kind: listenIn,
      startsAt: Date.now() - HOUR,
      endsAt: Date.now() + HOUR,
      timeZone: HELSINKI,
    });
    const page = await (
      await client.get(`/hosting/sessions/${session.id}/edit`)
    ).text();
    expect(page).toContain("already started");
    const response = await client.post(
      `/hosting/sessions/${session.id}/edit`,
      editForm(session, {
        startTime: "23:00",
        date: dayFromNow(3),
        meetingUrl: "https://meet.example.com/z",
      }),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      "This session has already started, so it can&#x27;t be changed.",
    );
  });
});
