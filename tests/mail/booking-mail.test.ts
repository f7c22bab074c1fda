import ICAL from "ical.js";
import { describe, expect, it, onTestFinished } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { HOUR, DAY } from "~/domain/time";
import { testApp, TEST_NOW } from "../support/app";
import { aDepartment, aPerson, aSession } from "../support/builders";
import { calendarPart, startMailServer, testDispatcher, type ReceivedMail } from "../support/mail";

const PASSWORD = "correct horse battery";
const passwordHash = await hashPassword(PASSWORD);

async function bookingWorld() {
  const app = await testApp({ now: TEST_NOW });
  const mail = await startMailServer();
  const { dispatcher, transport } = testDispatcher(app.db, app.clock, mail);
  onTestFinished(async () => {
    transport.close();
    await mail.stop();
  });
  const sales = await aDepartment(app.db, { kind: "customer_facing", name: "Sales" });
  const host = await aPerson(app.db, {
    department: sales,
    isHost: true,
    name: "Hana Host",
    email: "hana@example.test",
  });
  const session = await aSession(app.db, {
    host,
    seats: 1,
    startsAt: TEST_NOW + 2 * DAY,
    endsAt: TEST_NOW + 2 * DAY + HOUR,
  });
  const accounts = await aDepartment(app.db, { name: "Accounts" });
  const ann = await aPerson(app.db, {
    department: accounts,
    passwordHash,
    name: "Ann Shadow",
    email: "ann@example.test",
  });
  const client = app.client.another();
  await client.signIn(ann.email, PASSWORD);
  return { ...app, mail, dispatcher, session, ann, host, client };
}

function parsedEvent(mail: ReceivedMail) {
  const part = calendarPart(mail);
  expect(part).toBeDefined();
  const calendar = new ICAL.Component(ICAL.parse(part!.content));
  const event = calendar.getFirstSubcomponent("vevent")!;
  return {
    mimeMethod: part!.method,
    method: String(calendar.getFirstPropertyValue("method")),
    uid: String(event.getFirstPropertyValue("uid")),
    sequence: Number(event.getFirstPropertyValue("sequence")),
    attendee: String(event.getFirstPropertyValue("attendee")),
    organizer: String(event.getFirstPropertyValue("organizer")),
  };
}

describe("mail about a seat", () => {
  it("sends one REQUEST invite when a booking commits, and a CANCEL with the same UID and a higher SEQUENCE", async () => {
    const { client, session, dispatcher, mail, ann } = await bookingWorld();
    expect((await client.post(`/sessions/${session.id}`, { intent: "book" })).status).toBe(302);
    await dispatcher.deliverDue();
    const [invite] = await mail.waitFor(1);
    expect(invite.to).toEqual([ann.email]);
    const request = parsedEvent(invite);
    expect(request).toMatchObject({ method: "REQUEST", mimeMethod: "REQUEST" });
    expect(request.attendee.toLowerCase()).toBe("mailto:ann@example.test");
    expect(request.organizer.toLowerCase()).toBe("mailto:hana@example.test");

    expect((await client.post(`/sessions/${session.id}`, { intent: "cancel", confirm: "1" })).status).toBe(302);
    await dispatcher.deliverDue();
    const [, cancellation] = await mail.waitFor(2);
    const cancel = parsedEvent(cancellation);
    expect(cancel).toMatchObject({ method: "CANCEL", mimeMethod: "CANCEL", uid: request.uid });
    expect(cancel.sequence).toBeGreaterThan(request.sequence);
    expect(mail.received).toHaveLength(2);
  });
});
