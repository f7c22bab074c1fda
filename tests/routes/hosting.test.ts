import { and, asc, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema, type Db } from "~/db.server";
import { addDays, dayOf, DAY, HOUR, localInstant, timeOf } from "~/domain/time";
import { testApp, TEST_NOW, type TestClient } from "../support/app";
import { visibleText } from "../support/html";
import { editForm } from "./hosting-world";
import { aDepartment, aKind, aPerson, aSession, type Person, type Session } from "../support/builders";

const PASSWORD = "a-long-test-password";
const HELSINKI = "Europe/Helsinki";

let passwordHash: Promise<string> | undefined;

/**
 * A small company of this test's own: two hosts in Customer Care, an admin, an employee and two
 * more shadows, a remote listen-in and an on-site install, at TEST_NOW.
 */
async function hostingCompany() {
  const app = await testApp();
  const db = app.db;
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const care = await aDepartment(db, { name: "Customer Care", kind: "customer_facing" });
  const accounting = await aDepartment(db, { name: "Accounting", kind: "back_office" });
  const legal = await aDepartment(db, { name: "Legal", kind: "back_office" });
  const person = (name: string, fields: Parameters<typeof aPerson>[1]) =>
    aPerson(db, { name, passwordHash: hash, timeZone: HELSINKI, ...fields });
  const host = await person("Hanna Host", { department: care, isHost: true });
  const otherHost = await person("Olli Other", { department: care, isHost: true });
  const admin = await person("Aino Admin", { department: accounting, isAdmin: true, timeZone: "UTC" });
  const employee = await person("Eeva Employee", { department: accounting });
  const shadows = [
    employee,
    await person("Lauri Legal", { department: legal, timeZone: "UTC" }),
    await person("Aleksi Accounts", { department: accounting, timeZone: "UTC" }),
  ];
  const listenIn = await aKind(db, { name: "Call-centre listen-in", defaultMinutes: 60, onSite: false });
  const install = await aKind(db, { name: "Install", defaultMinutes: 240, onSite: true });

  async function signedIn(who: Person): Promise<TestClient> {
    const client = app.client.another();
    await client.signIn(who.email, PASSWORD);
    return client;
  }

  /** The new-session form as a browser without script sends it, for a listen-in three days ahead. */
  function sessionForm(fields: Record<string, string> = {}): Record<string, string> {
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

  return { app, db, host, otherHost, admin, employee, shadows, listenIn, install, signedIn, sessionForm };
}

/** A local day some days from TEST_NOW in the hosts' zone. */
const dayFromNow = (days: number) => addDays(dayOf(TEST_NOW, HELSINKI), days);

async function sessionsOf(db: Db, hostId: number) {
  return db
    .select()
    .from(schema.sessions)
    .where(eq(schema.sessions.hostId, hostId))
    .orderBy(asc(schema.sessions.startsAt));
}

async function sessionRow(db: Db, id: number) {
  const [row] = await db.select().from(schema.sessions).where(eq(schema.sessions.id, id));
  return row;
}

async function book(
  db: Db,
  sessionId: number,
  person: Person,
  status: "booked" | "waitlisted" | "attended",
  ticket?: number,
) {
  const [row] = await db
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

async function auditOf(db: Db, entityType: "session" | "series", entityId: number) {
  return db
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.entityType, entityType), eq(schema.auditLog.entityId, entityId)));
}

describe("who may host", () => {
  it("gives an employee a 403 on the hosting list and the new-session form", async () => {
    const { employee, signedIn, sessionForm } = await hostingCompany();
    const client = await signedIn(employee);
    expect((await client.get("/hosting")).status).toBe(403);
    const form = await client.get("/hosting/new");
    expect(form.status).toBe(403);
    expect(await form.text()).toContain("Publishing sessions is for hosts.");
    expect((await client.post("/hosting/new", sessionForm())).status).toBe(403);
  });

  it("shows a new host an empty list that says what to do next", async () => {
    const { otherHost, signedIn } = await hostingCompany();
    const response = await (await signedIn(otherHost)).get("/hosting");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<h1>Sessions you host</h1>");
    expect(html).toContain("Nothing scheduled");
    expect(html).toContain('href="/hosting/new"');
  });

  it("says on the form which time zone the times are in", async () => {
    const { host, signedIn } = await hostingCompany();
    const html = await (await (await signedIn(host)).get("/hosting/new")).text();
    expect(html).toContain("Europe/Helsinki");
    expect(html).toContain("Kind of session");
  });
});

describe("publishing sessions", () => {
  it("creates a one-off session in the host's zone, with the kind's usual length", async () => {
    const { db, host, signedIn, sessionForm } = await hostingCompany();
    const client = await signedIn(host);
    const date = dayFromNow(2);
    const response = await client.post(
      "/hosting/new",
      sessionForm({ date, startTime: "09:30", customerName: "Acme Oy", customerConfidential: "on" }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/hosting");
    const [session] = await sessionsOf(db, host.id);
    expect(session.customerName).toBe("Acme Oy");
    expect(session.startsAt).toBe(localInstant(date, "09:30", HELSINKI));
    expect(session.endsAt - session.startsAt).toBe(HOUR);
    expect(session.timeZone).toBe(HELSINKI);
    expect(session.seriesId).toBeNull();
    expect(session.customerConfidential).toBe(true);
    expect(session.meetingUrl).toBe("https://meet.example.com/listen-in");
    expect(session.location).toBe("");
    expect(session.notes).toBe("Bring a notebook.");
    const audit = await auditOf(db, "session", session.id);
    expect(audit.map((a) => a.action)).toEqual(["session.created"]);
    expect(audit[0].actorId).toBe(host.id);

    const list = await (await client.get("/hosting")).text();
    expect(list).toContain("Published Call-centre listen-in");
    expect(list).toContain("0/3 seats booked");
  });

  it("creates a weekly series as N sessions at the same local time", async () => {
    const { db, host, signedIn, sessionForm } = await hostingCompany();
    const client = await signedIn(host);
    // Six weeks from 11 March: Helsinki's clocks go forward on 28 March.
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
    const [series] = await db.select().from(schema.sessionSeries);
    expect(series.rrule).toBe("FREQ=WEEKLY;COUNT=6");
    expect(series.timeZone).toBe(HELSINKI);
    expect(series.durationMinutes).toBe(45);
    expect(series.notes).toBe("Weekly block");
    const sessions = await db
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.seriesId, series.id))
      .orderBy(asc(schema.sessions.startsAt));
    expect(sessions).toHaveLength(6);
    expect(sessions.map((s) => dayOf(s.startsAt, HELSINKI))).toEqual(
      [0, 7, 14, 21, 28, 35].map((d) => addDays(date, d)),
    );
    for (const s of sessions) {
      expect(timeOf(s.startsAt, HELSINKI)).toBe("14:00");
      expect(s.endsAt - s.startsAt).toBe(45 * 60_000);
      expect(s.hostId).toBe(host.id);
    }
    expect(series.firstStartsAt).toBe(sessions[0].startsAt);
    const list = await (await client.get("/hosting")).text();
    expect(list).toContain("Published 6 Call-centre listen-in sessions");
  });

  it("creates a series until a date, that date included, with UNTIL in UTC", async () => {
    const { db, host, install, signedIn, sessionForm } = await hostingCompany();
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
        untilDate: addDays(date, 21),
        notes: "Until series",
      }),
    );
    expect(response.status).toBe(302);
    const [series] = await db.select().from(schema.sessionSeries);
    expect(series.rrule).toMatch(/^FREQ=WEEKLY;UNTIL=\d{8}T\d{6}Z$/);
    const sessions = await db.select().from(schema.sessions).where(eq(schema.sessions.seriesId, series.id));
    expect(sessions).toHaveLength(4);
    expect(sessions.every((s) => s.location === "Mannerheimintie 1, Helsinki" && s.meetingUrl === "")).toBe(true);
    expect(sessions.every((s) => s.endsAt - s.startsAt === 240 * 60_000)).toBe(true);
  });

  it("refuses bad input with sentences beside the fields, keeps what was typed, and writes nothing", async () => {
    const { db, host, install, signedIn, sessionForm } = await hostingCompany();
    const client = await signedIn(host);

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
    expect(html).toContain("things need fixing");
    expect(html).toContain('value="Typed Customer"');
    expect(html).toContain('value="http://meet"');
    expect(html).toContain('aria-invalid="true"');

    const cap = await client.post("/hosting/new", sessionForm({ seats: "2", departmentCap: "3" }));
    expect(cap.status).toBe(400);
    expect(await cap.text()).toContain("The department cap can&#x27;t be more than the seats (2).");

    const noLink = await client.post("/hosting/new", sessionForm({ meetingUrl: "" }));
    expect(await noLink.text()).toContain("Enter the meeting link.");

    const noPlace = await client.post("/hosting/new", sessionForm({ kindId: String(install.id), location: " " }));
    expect(noPlace.status).toBe(400);
    expect(await noPlace.text()).toContain("Say where the session takes place");

    const tooFew = await client.post("/hosting/new", sessionForm({ repeat: "weekly_count", count: "1" }));
    expect(await tooFew.text()).toContain("A weekly series has 2 to 52 sessions.");
    const tooMany = await client.post("/hosting/new", sessionForm({ repeat: "weekly_count", count: "53" }));
    expect(await tooMany.text()).toContain("A weekly series has 2 to 52 sessions.");

    const backwards = await client.post(
      "/hosting/new",
      sessionForm({ date: dayFromNow(8), repeat: "weekly_until", untilDate: dayFromNow(4) }),
    );
    expect(backwards.status).toBe(400);
    html = await backwards.text();
    expect(html).toContain("The last date must be after the first date.");
    expect(html).toContain(`value="${dayFromNow(4)}"`);

    const noKind = await client.post("/hosting/new", sessionForm({ kindId: "" }));
    expect(await noKind.text()).toContain("Choose what kind of session this is.");

    expect(await sessionsOf(db, host.id)).toHaveLength(0);
    expect(await db.select().from(schema.sessionSeries)).toHaveLength(0);
    expect(await db.select().from(schema.auditLog)).toHaveLength(0);
  });

  it("asks for another kind when the chosen one is no longer offered", async () => {
    const { db, host, listenIn, signedIn, sessionForm } = await hostingCompany();
    const client = await signedIn(host);
    await db.update(schema.sessionKinds).set({ active: false }).where(eq(schema.sessionKinds.id, listenIn.id));
    const response = await client.post("/hosting/new", sessionForm());
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Choose what kind of session this is.");
    expect(await sessionsOf(db, host.id)).toHaveLength(0);
  });
});

describe("a session's page", () => {
  it("lets a host manage their own session and an admin in", async () => {
    const { db, host, admin, shadows, listenIn, signedIn } = await hostingCompany();
    const session = await aSession(db, { host, kind: listenIn, startsAt: TEST_NOW + 3 * DAY, timeZone: HELSINKI });
    await book(db, session.id, shadows[1], "booked");
    const own = await (await signedIn(host)).get(`/hosting/sessions/${session.id}`);
    expect(own.status).toBe(200);
    const html = await own.text();
    expect(html).toContain("Lauri Legal");
    expect(html).toContain("Who&#x27;s coming");
    expect(html).toContain('href="/hosting/sessions/' + session.id + '/edit"');

    const asAdmin = await signedIn(admin);
    const adminPage = await asAdmin.get(`/hosting/sessions/${session.id}`);
    expect(adminPage.status).toBe(200);
    expect(await adminPage.text()).toContain("hosted by Hanna Host");
    expect((await asAdmin.get(`/hosting/sessions/${session.id}/edit`)).status).toBe(200);
  });

  it("tells another host the session belongs to another host, and changes nothing", async () => {
    const { db, host, otherHost, employee, listenIn, signedIn } = await hostingCompany();
    const session = await aSession(db, { host, kind: listenIn, startsAt: TEST_NOW + 3 * DAY, timeZone: HELSINKI });
    const other = await signedIn(otherHost);
    for (const path of [`/hosting/sessions/${session.id}`, `/hosting/sessions/${session.id}/edit`]) {
      const response = await other.get(path);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain("This session belongs to another host.");
    }
    const cancel = await other.post(`/hosting/sessions/${session.id}`, { intent: "cancel", reason: "mine now" });
    expect(cancel.status).toBe(403);
    const edit = await other.post(`/hosting/sessions/${session.id}/edit`, { seats: "9" });
    expect(edit.status).toBe(403);
    expect(await sessionRow(db, session.id)).toEqual(session);
    expect(await db.select().from(schema.auditLog)).toHaveLength(0);

    const asEmployee = await (await signedIn(employee)).get(`/hosting/sessions/${session.id}`);
    expect(asEmployee.status).toBe(403);
  });

  it("answers 404 for a session that doesn't exist", async () => {
    const { admin, host, signedIn } = await hostingCompany();
    for (const client of [await signedIn(admin), await signedIn(host)]) {
      for (const path of ["/hosting/sessions/999999", "/hosting/sessions/999999/edit", "/hosting/sessions/abc"]) {
        expect((await client.get(path)).status).toBe(404);
      }
    }
  });

  it("confirms attendance only once the session has started, and can undo it", async () => {
    const { db, host, shadows, listenIn, signedIn } = await hostingCompany();
    const client = await signedIn(host);
    const upcoming = await aSession(db, { host, kind: listenIn, startsAt: TEST_NOW + 2 * DAY, timeZone: HELSINKI });
    const early = await book(db, upcoming.id, shadows[0], "booked");
    const refused = await client.post(`/hosting/sessions/${upcoming.id}`, {
      intent: "attendance",
      bookingId: early.id,
      status: "attended",
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Attendance can be confirmed once the session has started.");

    const past = await aSession(db, {
      host,
      kind: listenIn,
      startsAt: TEST_NOW - 2 * DAY,
      endsAt: TEST_NOW - 2 * DAY + HOUR,
      timeZone: HELSINKI,
    });
    const seat = await book(db, past.id, shadows[1], "booked");
    expect(await (await client.get("/hosting")).text()).toContain("Confirm attendance");

    const confirmed = await client.post(`/hosting/sessions/${past.id}`, {
      intent: "attendance",
      bookingId: seat.id,
      status: "attended",
    });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe(`/hosting/sessions/${past.id}`);
    const [attended] = await db.select().from(schema.bookings).where(eq(schema.bookings.id, seat.id));
    expect(attended.status).toBe("attended");
    expect(await (await client.get(`/hosting/sessions/${past.id}`)).text()).toContain("Lauri Legal attended");

    const undone = await client.post(`/hosting/sessions/${past.id}`, {
      intent: "attendance",
      bookingId: seat.id,
      status: "booked",
    });
    expect(undone.status).toBe(302);
    const [booked] = await db.select().from(schema.bookings).where(eq(schema.bookings.id, seat.id));
    expect(booked.status).toBe("booked");

    // A booking from another session can't be touched through this one's page.
    const elsewhere = await client.post(`/hosting/sessions/${past.id}`, {
      intent: "attendance",
      bookingId: early.id,
      status: "no_show",
    });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain("That booking isn&#x27;t on this session.");
    const [untouched] = await db.select().from(schema.bookings).where(eq(schema.bookings.id, early.id));
    expect(untouched.status).toBe("booked");
  });

  it("keeps a host note and shows the shadows' reflections", async () => {
    const { db, host, shadows, listenIn, signedIn } = await hostingCompany();
    const client = await signedIn(host);
    const past = await aSession(db, {
      host,
      kind: listenIn,
      startsAt: TEST_NOW - 5 * DAY,
      endsAt: TEST_NOW - 5 * DAY + HOUR,
      timeZone: HELSINKI,
    });
    const seat = await book(db, past.id, shadows[2], "attended");
    await db
      .update(schema.bookings)
      .set({ reflection: "The customer kept asking about the invoice date.", reflectedAt: TEST_NOW - 4 * DAY })
      .where(eq(schema.bookings.id, seat.id));
    const saved = await client.post(`/hosting/sessions/${past.id}`, {
      intent: "note",
      bookingId: seat.id,
      note: "Great questions.",
    });
    expect(saved.status).toBe(302);
    const html = await (await client.get(`/hosting/sessions/${past.id}`)).text();
    expect(html).toContain("Note saved.");
    expect(html).toContain("Great questions.");
    expect(html).toContain("The customer kept asking about the invoice date.");
    const [row] = await db.select().from(schema.bookings).where(eq(schema.bookings.id, seat.id));
    expect(row.hostNote).toBe("Great questions.");
  });

  it("refuses an over-long note beside the note, keeping what was typed", async () => {
    const { db, host, shadows, listenIn, signedIn } = await hostingCompany();
    const client = await signedIn(host);
    const past = await aSession(db, {
      host,
      kind: listenIn,
      startsAt: TEST_NOW - 5 * DAY,
      endsAt: TEST_NOW - 5 * DAY + HOUR,
      timeZone: HELSINKI,
    });
    const seat = await book(db, past.id, shadows[2], "attended");
    const note = `Too long ${"x".repeat(2000)}`;
    const response = await client.post(`/hosting/sessions/${past.id}`, { intent: "note", bookingId: seat.id, note });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Keep the note to 2000 characters.");
    expect(html).toContain(note);
    const [row] = await db.select().from(schema.bookings).where(eq(schema.bookings.id, seat.id));
    expect(row.hostNote).toBe("");
  });

  it("asks before cancelling, then cancels with a reason: audit, a higher version, and the shadows see it", async () => {
    const { db, host, employee, listenIn, signedIn } = await hostingCompany();
    const client = await signedIn(host);
    const session = await aSession(db, { host, kind: listenIn, startsAt: TEST_NOW + 4 * DAY, timeZone: HELSINKI });
    await book(db, session.id, employee, "booked");
    const askHtml = await (await client.get(`/hosting/sessions/${session.id}?cancel=1`)).text();
    expect(askHtml).toContain("Cancel this session?");
    expect(askHtml).toContain("Yes, cancel this session");

    const response = await client.post(`/hosting/sessions/${session.id}`, {
      intent: "cancel",
      reason: "I'm on a course that day.",
    });
    expect(response.status).toBe(302);
    const cancelled = await sessionRow(db, session.id);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.cancelReason).toBe("I'm on a course that day.");
    expect(cancelled.version).toBe(session.version + 1);
    expect((await auditOf(db, "session", session.id)).map((a) => a.action)).toContain("session.cancelled");

    const page = await (await client.get(`/hosting/sessions/${session.id}`)).text();
    expect(page).toContain("The session is cancelled.");
    expect(page).toContain("I&#x27;m on a course that day.");
    expect(page).not.toContain("Cancel session…");
    expect(await (await client.get("/hosting")).text()).toMatch(/Cancelled/);

    const home = await (await signedIn(employee)).get("/");
    expect(await home.text()).toMatch(/[Cc]ancelled/);
  });

  it("refuses an over-long cancellation reason and keeps the session", async () => {
    const { db, host, listenIn, signedIn } = await hostingCompany();
    const client = await signedIn(host);
    const session = await aSession(db, { host, kind: listenIn, startsAt: TEST_NOW + 4 * DAY, timeZone: HELSINKI });
    const response = await client.post(`/hosting/sessions/${session.id}?cancel=1`, {
      intent: "cancel",
      reason: "x".repeat(501),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Keep the reason to 500 characters.");
    expect((await sessionRow(db, session.id)).status).toBe("scheduled");
  });
});

describe("editing sessions", () => {
  async function aSeries(company: Awaited<ReturnType<typeof hostingCompany>>, count: number, firstInDays: number) {
    const client = await company.signedIn(company.host);
    const response = await client.post(
      "/hosting/new",
      company.sessionForm({
        date: dayFromNow(firstInDays),
        startTime: "10:00",
        repeat: "weekly_count",
        count: String(count),
        notes: "Weekly series",
      }),
    );
    expect(response.status).toBe(302);
    const [series] = await company.db.select().from(schema.sessionSeries);
    const sessions = await company.db
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.seriesId, series.id))
      .orderBy(asc(schema.sessions.startsAt));
    return { client, series, sessions };
  }

  async function sessionsById(db: Db, sessions: Session[]) {
    return db
      .select()
      .from(schema.sessions)
      .where(
        inArray(
          schema.sessions.id,
          sessions.map((s) => s.id),
        ),
      )
      .orderBy(asc(schema.sessions.startsAt));
  }

  it("shows the session's details in the form", async () => {
    const company = await hostingCompany();
    const session = await aSession(company.db, {
      host: company.host,
      kind: company.listenIn,
      startsAt: localInstant(dayFromNow(6), "13:30", HELSINKI),
      seats: 4,
      departmentCap: 2,
      timeZone: HELSINKI,
      meetingUrl: "https://meet.example.com/shown",
      customerName: "Acme Oy",
      customerConfidential: true,
      notes: "Shown notes",
    });
    const html = await (
      await (await company.signedIn(company.host)).get(`/hosting/sessions/${session.id}/edit`)
    ).text();
    for (const value of [dayFromNow(6), "13:30", "60", "https://meet.example.com/shown", "Acme Oy", "4", "2"]) {
      expect(html).toContain(`value="${value}"`);
    }
    expect(html).toContain("Shown notes</textarea>");
    expect(html).toMatch(/<input[^>]*type="checkbox"[^>]*checked=""/);
  });

  it("changes only this and the following occurrences when editing the series from a date on", async () => {
    const company = await hostingCompany();
    const { client, series, sessions } = await aSeries(company, 4, 20);
    const third = sessions[2];
    const response = await client.post(
      `/hosting/sessions/${third.id}/edit`,
      editForm(third, { scope: "following", startTime: "11:15", seats: "5" }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/hosting/sessions/${third.id}`);

    const after = await sessionsById(company.db, sessions);
    expect(after.map((s) => timeOf(s.startsAt, HELSINKI))).toEqual(["10:00", "10:00", "11:15", "11:15"]);
    expect(after.map((s) => s.seats)).toEqual([3, 3, 5, 5]);
    expect(after.map((s) => s.version)).toEqual([0, 0, 1, 1]);
    expect(after.map((s) => dayOf(s.startsAt, HELSINKI))).toEqual(sessions.map((s) => dayOf(s.startsAt, HELSINKI)));
    expect(after[2].updatedAt).toBe(TEST_NOW);
    expect(after[0].updatedAt).toBe(sessions[0].updatedAt);

    // The series splits: the first two keep it (now ending sooner), the last two form a new one.
    const [old] = await company.db.select().from(schema.sessionSeries).where(eq(schema.sessionSeries.id, series.id));
    expect(old.rrule).toBe("FREQ=WEEKLY;COUNT=2");
    expect(after[0].seriesId).toBe(series.id);
    expect(after[2].seriesId).not.toBe(series.id);
    expect(after[3].seriesId).toBe(after[2].seriesId);
    const [split] = await company.db
      .select()
      .from(schema.sessionSeries)
      .where(eq(schema.sessionSeries.id, after[2].seriesId!));
    expect(split.rrule).toBe("FREQ=WEEKLY;COUNT=2");
    expect(split.seats).toBe(5);
    expect(split.notes).toBe("Weekly series");
    expect(split.meetingUrl).toBe(series.meetingUrl);
    expect(split.firstStartsAt).toBe(after[2].startsAt);
    expect((await auditOf(company.db, "series", split.id)).map((a) => a.action)).toEqual(["series.split"]);

    const audit = await company.db
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
    expect(audit.map((a) => a.entityId).sort()).toEqual([after[2].id, after[3].id].sort());
    expect(audit[0].summary).toMatch(/changed: time, seats \(now .* UTC\)\.$/);
  });

  it("changes the series itself when editing from its first session on", async () => {
    const company = await hostingCompany();
    const { client, series, sessions } = await aSeries(company, 3, 40);
    const response = await client.post(
      `/hosting/sessions/${sessions[0].id}/edit`,
      editForm(sessions[0], { scope: "following", durationMinutes: "90", notes: "Longer blocks now" }),
    );
    expect(response.status).toBe(302);
    const after = await sessionsById(company.db, sessions);
    expect(after).toHaveLength(3);
    expect(after.every((s) => s.endsAt - s.startsAt === 90 * 60_000 && s.version === 1)).toBe(true);
    expect(after.every((s) => s.seriesId === series.id && s.notes === "Longer blocks now")).toBe(true);
    const [same] = await company.db.select().from(schema.sessionSeries).where(eq(schema.sessionSeries.id, series.id));
    expect(same).toMatchObject({ rrule: "FREQ=WEEKLY;COUNT=3", durationMinutes: 90, notes: "Longer blocks now" });
  });

  it("changes one occurrence alone, and moves it to another day", async () => {
    const company = await hostingCompany();
    const { client, sessions } = await aSeries(company, 3, 30);
    const second = sessions[1];
    const newDate = addDays(dayOf(second.startsAt, HELSINKI), 1);
    const response = await client.post(
      `/hosting/sessions/${second.id}/edit`,
      editForm(second, { date: newDate, startTime: "13:00" }),
    );
    expect(response.status).toBe(302);
    const after = await sessionsById(company.db, sessions);
    expect(after[1].startsAt).toBe(localInstant(newDate, "13:00", HELSINKI));
    expect(after[1].version).toBe(1);
    expect([after[0].version, after[2].version]).toEqual([0, 0]);
    expect(after[1].seriesId).toBe(sessions[1].seriesId);
  });

  it("saves an edit that changes only one detail, and says so when nothing changed", async () => {
    const company = await hostingCompany();
    const client = await company.signedIn(company.host);
    const session = await aSession(company.db, {
      host: company.host,
      kind: company.listenIn,
      startsAt: TEST_NOW + 6 * DAY,
      timeZone: HELSINKI,
      meetingUrl: "https://meet.example.com/x",
    });
    const unchanged = await client.post(`/hosting/sessions/${session.id}/edit`, editForm(session));
    expect(unchanged.status).toBe(302);
    expect(await (await client.get(`/hosting/sessions/${session.id}`)).text()).toContain("Nothing changed");
    expect(await sessionRow(company.db, session.id)).toEqual(session);

    const ticked = await client.post(
      `/hosting/sessions/${session.id}/edit`,
      editForm(session, { customerName: "Acme Oy", customerConfidential: "on" }),
    );
    expect(ticked.status).toBe(302);
    expect(await sessionRow(company.db, session.id)).toMatchObject({
      customerName: "Acme Oy",
      customerConfidential: true,
      version: 1,
    });
    const [audit] = await auditOf(company.db, "session", session.id);
    expect(audit.summary).toMatch(/changed: customer, confidentiality\.$/);
    expect(audit.details).toMatchObject({
      changed: ["customerName", "customerConfidential"],
      before: { customerName: "", customerConfidential: false },
      after: { customerName: "Acme Oy", customerConfidential: true },
    });
  });

  it("refuses to lower seats below the seats taken, with a sentence, and changes nothing", async () => {
    const { db, host, shadows, listenIn, signedIn } = await hostingCompany();
    const client = await signedIn(host);
    const session = await aSession(db, {
      host,
      kind: listenIn,
      startsAt: TEST_NOW + 6 * DAY,
      seats: 3,
      timeZone: HELSINKI,
      meetingUrl: "https://meet.example.com/x",
    });
    await book(db, session.id, shadows[0], "booked");
    await book(db, session.id, shadows[1], "booked");
    const response = await client.post(`/hosting/sessions/${session.id}/edit`, editForm(session, { seats: "1" }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("2 seats are already taken on");
    expect(html).toContain("seats can&#x27;t go below 2.");
    expect(html).toContain('value="1"');
    expect(await sessionRow(db, session.id)).toEqual(session);
  });

  it("refuses bad input beside the fields and keeps what was typed", async () => {
    const { db, host, listenIn, signedIn } = await hostingCompany();
    const client = await signedIn(host);
    const session = await aSession(db, {
      host,
      kind: listenIn,
      startsAt: TEST_NOW + 6 * DAY,
      timeZone: HELSINKI,
      meetingUrl: "https://meet.example.com/x",
    });
    const response = await client.post(
      `/hosting/sessions/${session.id}/edit`,
      editForm(session, { date: dayFromNow(-2), durationMinutes: "3", notes: "Typed notes" }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("The session must start in the future");
    expect(html).toContain("Enter the length in whole minutes, from 5 to 1440.");
    expect(html).toContain("Typed notes</textarea>");
    expect(await sessionRow(db, session.id)).toEqual(session);
  });

  it("moves people up from the waitlist when seats rise", async () => {
    const { db, host, shadows, listenIn, signedIn } = await hostingCompany();
    const client = await signedIn(host);
    const session = await aSession(db, {
      host,
      kind: listenIn,
      startsAt: TEST_NOW + 7 * DAY,
      seats: 1,
      timeZone: HELSINKI,
      meetingUrl: "https://meet.example.com/y",
    });
    await book(db, session.id, shadows[0], "booked");
    const waiting = await book(db, session.id, shadows[1], "waitlisted", 2);
    const response = await client.post(`/hosting/sessions/${session.id}/edit`, editForm(session, { seats: "2" }));
    expect(response.status).toBe(302);
    const [promoted] = await db.select().from(schema.bookings).where(eq(schema.bookings.id, waiting.id));
    expect(promoted.status).toBe("booked");
    expect(await (await client.get(`/hosting/sessions/${session.id}`)).text()).toContain(
      "One person moved up from the waitlist",
    );
  });

  it("won't edit a session that has started", async () => {
    const { db, host, listenIn, signedIn } = await hostingCompany();
    const client = await signedIn(host);
    const session = await aSession(db, {
      host,
      kind: listenIn,
      startsAt: TEST_NOW - HOUR,
      endsAt: TEST_NOW + HOUR,
      timeZone: HELSINKI,
    });
    const page = await (await client.get(`/hosting/sessions/${session.id}/edit`)).text();
    expect(page).toContain("already started");
    const response = await client.post(
      `/hosting/sessions/${session.id}/edit`,
      editForm(session, { startTime: "23:00", date: dayFromNow(3), meetingUrl: "https://meet.example.com/z" }),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("This session has already started, so it can&#x27;t be changed.");
    expect(await sessionRow(db, session.id)).toEqual(session);
  });
});

describe("the words a host reads", () => {
  it("says how a series repeats in one phrase, on the page and when it is published", async () => {
    const { db, host, signedIn, sessionForm } = await hostingCompany();
    const client = await signedIn(host);
    const date = dayFromNow(3);
    await client.post("/hosting/new", sessionForm({ date, repeat: "weekly_count", count: "6" }));
    const list = visibleText(await (await client.get("/hosting")).text());
    expect(list).toContain(
      "Published 6 Call-centre listen-in sessions, weekly on Thursdays at 10:00, from Thu 4 Mar 2027 to Thu 8 Apr 2027.",
    );
    const [first] = await sessionsOf(db, host.id);
    const page = visibleText(await (await client.get(`/hosting/sessions/${first.id}`)).text());
    expect(page).toContain("Repeats Weekly on Thursdays at 10:00, 6 sessions");
    expect(page).not.toContain("sessions in this series");
    expect(page).not.toContain("6 times");
  });

  it("keeps the weekly hint away from a session that does not repeat", async () => {
    const { host, signedIn } = await hostingCompany();
    const html = visibleText(await (await (await signedIn(host)).get("/hosting/new")).text());
    // Without script the page can't know the choice, so the hint says when it applies.
    expect(html).toContain("A weekly series keeps the same time of day, also after the clocks change.");
    expect(html).not.toContain("Every week at the same time of day");
  });

  it("says what is wrong with a meeting link once, without repeating its hint", async () => {
    const { host, signedIn, sessionForm } = await hostingCompany();
    const client = await signedIn(host);
    const errorOf = async (meetingUrl: string) => {
      const response = await client.post("/hosting/new", sessionForm({ meetingUrl }));
      expect(response.status).toBe(400);
      const html = await response.text();
      return /<p class="field-error" id="[^"]*meetingUrl[^"]*">([^<]*)<\/p>/.exec(html)?.[1];
    };
    expect(await errorOf("")).toBe("Enter the meeting link.");
    expect(await errorOf("meet.example.com/x")).toBe("That isn&#x27;t a valid meeting link.");
    expect(await errorOf("http://meet.example.com/x")).toBe(
      "That isn&#x27;t a valid meeting link: it starts with http://, not https://.",
    );
  });

  it("asks to confirm attendance in plain words once a session has started", async () => {
    const { db, host, shadows, listenIn, signedIn } = await hostingCompany();
    const past = await aSession(db, {
      host,
      kind: listenIn,
      startsAt: TEST_NOW - 2 * DAY,
      endsAt: TEST_NOW - 2 * DAY + HOUR,
      timeZone: HELSINKI,
    });
    await book(db, past.id, shadows[1], "booked");
    const client = await signedIn(host);
    const one = visibleText(await (await client.get(`/hosting/sessions/${past.id}`)).text());
    expect(one).toContain("Attendance to confirm for 1 person");
    expect(one).not.toContain("still waiting");
    await book(db, past.id, shadows[2], "booked");
    const two = visibleText(await (await client.get(`/hosting/sessions/${past.id}`)).text());
    expect(two).toContain("Attendance to confirm for 2 people");
  });
});
