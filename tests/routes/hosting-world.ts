/**
 * A small company for the host's series and time-change tests: two hosts in Customer Care, shadows
 * in back-office departments, a remote listen-in kind, and helpers to publish a weekly series
 * through the real form and to put people on sessions.
 */
import { and, asc, eq } from "drizzle-orm";
import { expect, onTestFinished } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema, type Db } from "~/db.server";
import { addDays, dayOf, timeOf } from "~/domain/time";
import { testApp, TEST_NOW, type TestClient } from "../support/app";
import { aDepartment, aKind, aPerson, type Person, type Session } from "../support/builders";
import { startMailServer, testDispatcher } from "../support/mail";

export const PASSWORD = "a-long-test-password";
export const HELSINKI = "Europe/Helsinki";

let passwordHash: Promise<string> | undefined;

/** A local day some days from TEST_NOW in the hosts' zone. */
export const dayFromNow = (days: number) => addDays(dayOf(TEST_NOW, HELSINKI), days);

/** A session's edit form as a browser without script sends it, with the given fields changed. */
export function editForm(session: Session, fields: Record<string, string> = {}) {
  return {
    scope: "one",
    date: dayOf(session.startsAt, HELSINKI),
    startTime: timeOf(session.startsAt, HELSINKI),
    durationMinutes: String((session.endsAt - session.startsAt) / 60_000),
    meetingUrl: session.meetingUrl,
    customerName: session.customerName,
    seats: String(session.seats),
    departmentCap: session.departmentCap === null ? "" : String(session.departmentCap),
    notes: session.notes,
    ...fields,
  };
}

export async function hostingWorld() {
  const app = await testApp();
  const { db } = app;
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const care = await aDepartment(db, { name: "Customer Care", kind: "customer_facing" });
  const sales = await aDepartment(db, { name: "Sales", kind: "customer_facing" });
  const accounting = await aDepartment(db, { name: "Accounting", kind: "back_office" });
  const legal = await aDepartment(db, { name: "Legal", kind: "back_office" });
  const person = (name: string, fields: Parameters<typeof aPerson>[1]) =>
    aPerson(db, {
      name,
      email: `${name.split(" ")[0].toLowerCase()}@example.test`,
      passwordHash: hash,
      timeZone: HELSINKI,
      ...fields,
    });
  const host = await person("Hanna Host", { department: care, isHost: true });
  const otherHost = await person("Olli Other", { department: sales, isHost: true });
  const eeva = await person("Eeva Employee", { department: accounting });
  const lauri = await person("Lauri Legal", { department: legal });
  const aleksi = await person("Aleksi Accounts", { department: accounting });
  const wilma = await person("Wilma Waiting", { department: legal });
  const listenIn = await aKind(db, { name: "Call-centre listen-in", defaultMinutes: 60, onSite: false });
  const salesCall = await aKind(db, { name: "Sales call", defaultMinutes: 60, onSite: false });

  async function signedIn(who: Person): Promise<TestClient> {
    const client = app.client.another();
    await client.signIn(who.email, PASSWORD);
    return client;
  }

  /** Publishes a weekly listen-in series through the form, as a browser without script sends it. */
  async function aSeries(count: number, firstInDays: number, seats = 3) {
    const client = await signedIn(host);
    const response = await client.post("/hosting/new", {
      kindId: String(listenIn.id),
      date: dayFromNow(firstInDays),
      startTime: "10:00",
      durationMinutes: "60",
      meetingUrl: "https://meet.example.com/listen-in",
      location: "",
      customerName: "",
      seats: String(seats),
      departmentCap: "",
      notes: "Weekly series",
      repeat: "weekly_count",
      count: String(count),
      untilDate: "",
    });
    expect(response.status).toBe(302);
    const [series] = await db.select().from(schema.sessionSeries).orderBy(asc(schema.sessionSeries.id));
    const sessions = await db
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.seriesId, series.id))
      .orderBy(asc(schema.sessions.startsAt));
    return { client, series, sessions };
  }

  /** A seat or a waitlist place, as the booking form would have left it. */
  async function book(sessionId: number, who: Person, status: "booked" | "waitlisted" = "booked", ticket = 1) {
    const [row] = await db
      .insert(schema.bookings)
      .values({
        sessionId,
        personId: who.id,
        bookedById: who.id,
        status,
        waitlistPosition: status === "waitlisted" ? ticket : null,
        createdAt: TEST_NOW - 1000,
        updatedAt: TEST_NOW - 1000,
      })
      .returning();
    return row;
  }

  /** A mail server and a dispatcher aimed at it, stopped when the test ends. */
  async function mailbox() {
    const server = await startMailServer();
    const { dispatcher, transport } = testDispatcher(db, app.clock, server);
    onTestFinished(async () => {
      transport.close();
      await server.stop();
    });
    return { server, dispatcher };
  }

  return {
    app,
    db,
    host,
    otherHost,
    eeva,
    lauri,
    aleksi,
    wilma,
    listenIn,
    salesCall,
    signedIn,
    aSeries,
    book,
    mailbox,
  };
}

export async function sessionRow(db: Db, id: number) {
  const [row] = await db.select().from(schema.sessions).where(eq(schema.sessions.id, id));
  return row;
}

export async function bookingRow(db: Db, id: number) {
  const [row] = await db.select().from(schema.bookings).where(eq(schema.bookings.id, id));
  return row;
}

export async function auditRows(db: Db, entityType: "session" | "series" | "booking", entityId: number) {
  return db
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.entityType, entityType), eq(schema.auditLog.entityId, entityId)))
    .orderBy(asc(schema.auditLog.id));
}

export async function outboxOf(db: Db) {
  return db.select().from(schema.outboxMessages).orderBy(asc(schema.outboxMessages.id));
}
