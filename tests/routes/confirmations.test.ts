/**
 * Giving up a seat, leaving the waitlist and signing a module off each ask first, as a browser
 * without JavaScript sees it: the first press (a link, or the form sent without `confirm`) only
 * shows what will happen and changes nothing; the confirmed form acts and keeps the reason in the
 * audit log. Also the session page's words once a session took place, and its reflection box.
 */
import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema, type Db } from "~/db.server";
import { DAY, HOUR } from "~/domain/time";
import { testApp, TEST_NOW, type TestClient } from "../support/app";
import { aDepartment, aModule, anAssignment, aPerson, aSession, type Person } from "../support/builders";
import { fieldValue, textOf, visibleText } from "../support/html";

const PASSWORD = "a long confirming password";
const passwordHash = await hashPassword(PASSWORD);

/** An app on an empty company of this test's own, with a way to sign people in. */
async function anApp() {
  const app = await testApp({ now: TEST_NOW });
  const signedIn = async (person: Person): Promise<TestClient> => {
    const client = app.client.another();
    await client.signIn(person.email, PASSWORD);
    return client;
  };
  const anEmployee = (fields: Parameters<typeof aPerson>[1] = {}) =>
    aPerson(app.db, { passwordHash, timeZone: "Europe/Helsinki", ...fields });
  return { ...app, signedIn, anEmployee };
}

async function bookingsOn(db: Db, sessionId: number) {
  return db.select().from(schema.bookings).where(eq(schema.bookings.sessionId, sessionId)).orderBy(schema.bookings.id);
}

async function auditRows(db: Db) {
  return db.select().from(schema.auditLog).orderBy(desc(schema.auditLog.id));
}

describe("giving up a seat asks first", () => {
  it("shows the step from its link and from a plain POST, changing nothing, then cancels with the reason", async () => {
    const { db, signedIn, anEmployee } = await anApp();
    const session = await aSession(db);
    const ann = await anEmployee();
    const client = await signedIn(ann);
    expect((await client.post(`/sessions/${session.id}`, { intent: "book" })).status).toBe(302);
    const before = { bookings: await bookingsOn(db, session.id), audit: (await auditRows(db)).length };

    const page = await client.get(`/sessions/${session.id}`);
    const html = await page.text();
    // The first button is a GET form: it only opens the step.
    expect(html).toMatch(/<form method="get"[^>]*>\s*<input type="hidden" name="confirm" value="cancel"/);

    const step = await textOf(await client.get(`/sessions/${session.id}?confirm=cancel`));
    expect(step).toContain("Cancel your seat?");
    expect(step).toContain("Your seat is offered to anyone who wants it.");
    expect(step).toContain("Reason (optional)");
    expect(step).toContain("Yes, cancel my seat");
    expect(step).toContain("Keep my seat");
    expect(await bookingsOn(db, session.id)).toEqual(before.bookings);

    const reason = "A customer escalation moved into that hour.";
    const unconfirmed = await client.post(`/sessions/${session.id}`, { intent: "cancel", reason });
    expect(unconfirmed.status).toBe(200);
    const unconfirmedHtml = await unconfirmed.text();
    expect(visibleText(unconfirmedHtml)).toContain("Cancel your seat?");
    expect(fieldValue(unconfirmedHtml, "Reason (optional)")).toBe(reason);
    expect(await bookingsOn(db, session.id)).toEqual(before.bookings);
    expect((await auditRows(db)).length).toBe(before.audit);

    const confirmed = await client.post(`/sessions/${session.id}?confirm=cancel`, {
      intent: "cancel",
      reason,
      confirm: "1",
    });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe(`/sessions/${session.id}`);
    const [booking] = await bookingsOn(db, session.id);
    expect(booking.status).toBe("cancelled");
    const [row] = await auditRows(db);
    expect(row).toMatchObject({ action: "booking.cancelled", actorId: ann.id, at: TEST_NOW, entityId: booking.id });
    expect(row.details).toMatchObject({ reason, previousStatus: "booked" });
    expect(row.summary).toContain(`Reason: ${reason}`);
    expect(await textOf(await client.get(`/sessions/${session.id}`))).toContain("Your seat is cancelled.");
  });

  it("cancels without a reason, and then keeps none", async () => {
    const { db, signedIn, anEmployee } = await anApp();
    const session = await aSession(db);
    const client = await signedIn(await anEmployee());
    await client.post(`/sessions/${session.id}`, { intent: "book" });
    expect((await client.post(`/sessions/${session.id}`, { intent: "cancel", confirm: "1" })).status).toBe(302);
    const [row] = await auditRows(db);
    expect(row.action).toBe("booking.cancelled");
    expect(row.details).not.toHaveProperty("reason");
    expect(row.summary).not.toContain("Reason:");
  });

  it("refuses a reason that is too long, keeps what was typed and the seat", async () => {
    const { db, signedIn, anEmployee } = await anApp();
    const session = await aSession(db);
    const client = await signedIn(await anEmployee());
    await client.post(`/sessions/${session.id}`, { intent: "book" });
    const reason = "Too much to say. ".repeat(40);
    const refused = await client.post(`/sessions/${session.id}`, { intent: "cancel", reason, confirm: "1" });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(visibleText(html)).toContain("Keep the reason to at most 500 characters.");
    expect(visibleText(html)).toContain("Cancel your seat?");
    expect(fieldValue(html, "Reason (optional)")).toBe(reason);
    const [booking] = await bookingsOn(db, session.id);
    expect(booking.status).toBe("booked");
  });

  it("offers no step to someone without a place, and refuses their form in words", async () => {
    const { db, signedIn, anEmployee } = await anApp();
    const session = await aSession(db);
    const client = await signedIn(await anEmployee());
    expect(await textOf(await client.get(`/sessions/${session.id}?confirm=cancel`))).not.toContain("Cancel your seat?");
    const refused = await client.post(`/sessions/${session.id}`, { intent: "cancel", confirm: "1" });
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain("You have no booking on this session to cancel.");
  });
});

describe("leaving the waitlist asks first", () => {
  it("says which place is given up, and moves nobody else when it is left", async () => {
    const { db, signedIn, anEmployee } = await anApp();
    const session = await aSession(db, { seats: 1 });
    const people = await Promise.all([anEmployee(), anEmployee(), anEmployee(), anEmployee()]);
    const clients = await Promise.all(people.map(signedIn));
    for (const client of clients) await client.post(`/sessions/${session.id}`, { intent: "book" });
    const [seated, first, second, third] = clients;
    const before = await bookingsOn(db, session.id);
    expect(before.map((b) => b.status)).toEqual(["booked", "waitlisted", "waitlisted", "waitlisted"]);

    const step = await textOf(await second.get(`/sessions/${session.id}?confirm=cancel`));
    expect(step).toContain("Leave the waitlist?");
    expect(step).toContain("You are 2nd in line; leaving gives up your place.");
    expect(step).toContain("Yes, leave the waitlist");
    expect(step).toContain("Keep my place");

    const unconfirmed = await second.post(`/sessions/${session.id}`, { intent: "cancel" });
    expect(unconfirmed.status).toBe(200);
    expect(await textOf(unconfirmed)).toContain("You are 2nd in line; leaving gives up your place.");
    expect(await bookingsOn(db, session.id)).toEqual(before);

    const reason = "Found a listen-in on Thursday instead.";
    const left = await second.post(`/sessions/${session.id}`, { intent: "cancel", confirm: "1", reason });
    expect(left.status).toBe(302);
    expect(await textOf(await second.get(left.headers.get("Location")!))).toContain("You've left the waitlist.");

    const after = await bookingsOn(db, session.id);
    expect(after.map((b) => b.status)).toEqual(["booked", "waitlisted", "cancelled", "waitlisted"]);
    // The others keep their tickets: the seat is still taken, so nobody moves up or back.
    expect(after[1].waitlistPosition).toBe(before[1].waitlistPosition);
    expect(after[3].waitlistPosition).toBe(before[3].waitlistPosition);
    expect(after[0].version).toBe(before[0].version);
    const audit = await auditRows(db);
    expect(audit.filter((r) => r.action === "booking.promoted")).toEqual([]);
    expect(audit[0]).toMatchObject({ action: "booking.cancelled", actorId: people[2].id });
    expect(audit[0].details).toMatchObject({ reason, previousStatus: "waitlisted" });

    expect(await textOf(await first.get(`/sessions/${session.id}`))).toContain("You're number 1 on the waitlist");
    expect(await textOf(await third.get(`/sessions/${session.id}`))).toContain("You're number 2 on the waitlist");
    expect(await textOf(await seated.get(`/sessions/${session.id}`))).toContain("You have a seat.");
  });
});

describe("a manual sign-off asks first", () => {
  it("shows what the sign-off does on the first press, writing nothing, and signs off when confirmed", async () => {
    const { db, signedIn } = await anApp();
    const accounting = await aDepartment(db, { name: "Accounting" });
    const boss = await aPerson(db, {
      name: "Beatrice Boss",
      email: "beatrice@example.com",
      passwordHash,
      department: accounting,
      isManager: true,
    });
    const alice = await aPerson(db, { name: "Alice Aalto", department: accounting, manager: boss });
    const module = await aModule(db, { title: "Care line basics", validityDays: 365 });
    await anAssignment(db, { person: alice, module, assignedBy: boss });
    const client = await signedIn(boss);
    const auditBefore = (await auditRows(db)).length;

    const reason = "Answered the care line for two years before joining Accounting.";
    const first = await client.post(`/team/${alice.id}`, { intent: "sign-off", moduleId: module.id, reason });
    expect(first.status).toBe(200);
    const html = await first.text();
    const words = visibleText(html);
    expect(words).toContain("Sign off “Care line basics” for Alice?");
    expect(words).toContain("It counts as done from today, valid until");
    expect(words).toContain("Alice’s assignment, due");
    expect(words).toContain("Yes, sign it off");
    expect(words).toContain("Go back");
    expect(words).toContain(`Your reason: “${reason}”`);
    // What was typed stays in the form, to change before pressing again.
    expect(fieldValue(html, "Reason")).toBe(reason);
    expect(await db.select().from(schema.completions)).toEqual([]);
    expect((await auditRows(db)).length).toBe(auditBefore);

    const confirmed = await client.post(`/team/${alice.id}`, {
      intent: "sign-off",
      moduleId: module.id,
      reason,
      confirm: "1",
    });
    expect(confirmed.status).toBe(302);
    const [completion] = await db.select().from(schema.completions);
    expect(completion).toMatchObject({ source: "manual", manualReason: reason, signedOffById: boss.id });
    const [row] = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, "completion.signed_off"), eq(schema.auditLog.entityId, completion.id)));
    expect(row).toMatchObject({ actorId: boss.id, at: TEST_NOW });
    expect(row.summary).toContain(reason);
  });

  it("refuses on the first press what the sign-off would refuse, with the words beside the field", async () => {
    const { db, signedIn } = await anApp();
    const boss = await aPerson(db, { email: "boss@example.com", passwordHash, isManager: true });
    const alice = await aPerson(db, { manager: boss });
    const module = await aModule(db, { title: "Care line basics" });
    await anAssignment(db, { person: alice, module, assignedBy: boss });
    const refused = await (
      await signedIn(boss)
    ).post(`/team/${alice.id}`, { intent: "sign-off", moduleId: module.id, reason: "  " });
    expect(refused.status).toBe(400);
    const words = await textOf(refused);
    expect(words).toContain("Say why you are signing this off, for the record.");
    expect(words).not.toContain("Yes, sign it off");
  });
});

describe("the session page after the session", () => {
  it("no longer offers the invite, and says who came once attendance is in", async () => {
    const { db, signedIn, anEmployee } = await anApp();
    const sales = await aDepartment(db, { name: "Sales", kind: "customer_facing" });
    const host = await aPerson(db, { department: sales, isHost: true });
    const session = await aSession(db, { host, startsAt: TEST_NOW - 3 * HOUR, endsAt: TEST_NOW - 2 * HOUR });
    const ann = await anEmployee({ name: "Ann Attender" });
    const bo = await anEmployee({ name: "Bo Absent" });
    const [annBooking] = await db
      .insert(schema.bookings)
      .values([
        { sessionId: session.id, personId: ann.id, bookedById: ann.id, status: "booked" },
        { sessionId: session.id, personId: bo.id, bookedById: bo.id, status: "booked" },
      ])
      .returning();
    const client = await signedIn(ann);

    const before = await textOf(await client.get(`/sessions/${session.id}`));
    expect(before).toContain("Who was booked");
    expect(before).toContain("2 of 3 taken");
    expect(before).not.toContain("Who is coming");
    expect(before).not.toContain("Add to calendar");
    expect(before).toContain("Ann Attender");
    expect(before).toContain("Bo Absent");

    await db.update(schema.bookings).set({ status: "attended" }).where(eq(schema.bookings.id, annBooking.id));
    await db
      .update(schema.bookings)
      .set({ status: "no_show" })
      .where(and(eq(schema.bookings.sessionId, session.id), eq(schema.bookings.personId, bo.id)));
    const after = await textOf(await client.get(`/sessions/${session.id}`));
    expect(after).toContain("Who came");
    expect(after).toContain("Ann Attender");
    expect(after).not.toContain("Bo Absent");
    expect(after).not.toContain("Add to calendar");
  });

  it("still offers the invite and says who is coming while the session is ahead", async () => {
    const { db, signedIn, anEmployee } = await anApp();
    const session = await aSession(db, { startsAt: TEST_NOW + 2 * DAY, endsAt: TEST_NOW + 2 * DAY + HOUR });
    const client = await signedIn(await anEmployee());
    await client.post(`/sessions/${session.id}`, { intent: "book" });
    const page = await textOf(await client.get(`/sessions/${session.id}`));
    expect(page).toContain("Who is coming");
    expect(page).toContain("Add to calendar");
  });

  it("gives the reflection box its own name and id, apart from its section", async () => {
    const { db, signedIn, anEmployee } = await anApp();
    const session = await aSession(db, { startsAt: TEST_NOW - 3 * HOUR, endsAt: TEST_NOW - 2 * HOUR });
    const ann = await anEmployee();
    await db
      .insert(schema.bookings)
      .values({ sessionId: session.id, personId: ann.id, bookedById: ann.id, status: "attended" });
    const html = await (await (await signedIn(ann)).get(`/sessions/${session.id}`)).text();
    const label = /<label[^>]*for="([^"]+)"[^>]*>Reflection<\/label>/.exec(html);
    expect(label).not.toBeNull();
    const boxId = label![1];
    expect(html).toMatch(new RegExp(`<textarea[^>]*id="${boxId}"`));
    expect(boxId).not.toBe("reflection");
    expect([...html.matchAll(/id="reflection"/g)]).toHaveLength(1);
    expect(html).toMatch(/<section[^>]*id="reflection"/);
  });
});
