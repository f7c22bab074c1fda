/**
 * Moving a session onto the time of its shadows' other bookings, as a browser without script
 * posts the edit form: the host is shown who would overlap (name, the other booking and its time)
 * and nothing changes until they confirm; then the places that overlap are released (a person
 * never holds two bookings at once), the other bookings stay, each person is told by e-mail which
 * booking overlaps, and the rest get the moved invite as before.
 */
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "~/db.server";
import { dayOf, localInstant, timeOf } from "~/domain/time";
import { aSession } from "../support/builders";
import { visibleText } from "../support/html";
import { calendarPart } from "../support/mail";
import {
  auditRows,
  bookingRow,
  dayFromNow,
  editForm,
  HELSINKI,
  hostingWorld,
  outboxOf,
  sessionRow,
} from "./hosting-world";

/** The value the warning's confirm button sends. */
function confirmValue(html: string): string {
  const match =
    /name="confirmReleases" value="([^"]*)"/.exec(html) ?? /value="([^"]*)" name="confirmReleases"/.exec(html);
  if (!match) throw new Error("The page has no confirm button.");
  return match[1];
}

/**
 * Hanna's listen-in on day 5 at 10:00 with two seats (Eeva and Lauri seated, Aleksi and Wilma
 * waiting); Olli's sales call the same day at 14:00, where Eeva has a seat and Aleksi a waitlist place.
 */
async function movingWorld() {
  const world = await hostingWorld();
  const { db, host, otherHost, listenIn, salesCall, book, eeva, lauri, aleksi, wilma } = world;
  const day = dayFromNow(3);
  const listen = await aSession(db, {
    host,
    kind: listenIn,
    startsAt: localInstant(day, "10:00", HELSINKI),
    endsAt: localInstant(day, "11:00", HELSINKI),
    seats: 2,
    timeZone: HELSINKI,
    meetingUrl: "https://meet.example.com/listen",
  });
  const call = await aSession(db, {
    host: otherHost,
    kind: salesCall,
    startsAt: localInstant(day, "14:00", HELSINKI),
    endsAt: localInstant(day, "15:00", HELSINKI),
    seats: 1,
    timeZone: HELSINKI,
  });
  const seats = {
    eevaListen: await book(listen.id, eeva),
    lauriListen: await book(listen.id, lauri),
    aleksiListen: await book(listen.id, aleksi, "waitlisted", 1),
    wilmaListen: await book(listen.id, wilma, "waitlisted", 2),
    eevaCall: await book(call.id, eeva),
    aleksiCall: await book(call.id, aleksi, "waitlisted", 1),
  };
  const client = await world.signedIn(host);
  return { ...world, day, listen, call, seats, client };
}

describe("moving a session onto its shadows' other bookings", () => {
  it("shows who would overlap, with the other booking and its time, and changes nothing", async () => {
    const { client, db, listen, call, seats } = await movingWorld();
    const before = { outbox: await outboxOf(db), bookings: await db.select().from(schema.bookings) };
    const response = await client.post(
      `/hosting/sessions/${listen.id}/edit`,
      editForm(listen, { startTime: "14:30", notes: "Moved to the afternoon" }),
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("The new time overlaps other bookings of 2 people");
    const text = visibleText(html);
    expect(text).toContain(
      "Eeva Employee loses their seat: already booked on Sales call with Olli Other, Thu 4 Mar, 14:00–15:00",
    );
    expect(text).toContain("Aleksi Accounts loses their waitlist place: already booked on Sales call with Olli Other");
    expect(text).not.toContain("Lauri Legal loses");
    expect(text).not.toContain("Wilma Waiting loses");
    expect(html).toContain("Save and release 2 places");
    expect(confirmValue(html)).toBe([seats.eevaListen.id, seats.aleksiListen.id].sort((a, b) => a - b).join(","));
    // What was typed is kept for the confirmation.
    expect(html).toContain('value="14:30"');
    expect(html).toContain("Moved to the afternoon</textarea>");

    expect(await sessionRow(db, listen.id)).toEqual(listen);
    expect(await sessionRow(db, call.id)).toEqual(call);
    expect(await db.select().from(schema.bookings)).toEqual(before.bookings);
    expect(await outboxOf(db)).toEqual(before.outbox);
    expect(await auditRows(db, "session", listen.id)).toEqual([]);
  });

  it("saves once the host confirms: the overlapping places are released and the other bookings kept", async () => {
    const { client, db, host, listen, call, seats, day } = await movingWorld();
    const asked = await client.post(`/hosting/sessions/${listen.id}/edit`, editForm(listen, { startTime: "14:30" }));
    const confirm = confirmValue(await asked.text());
    const saved = await client.post(`/hosting/sessions/${listen.id}/edit`, {
      ...editForm(listen, { startTime: "14:30" }),
      confirmReleases: confirm,
    });
    expect(saved.status).toBe(302);

    const moved = await sessionRow(db, listen.id);
    expect(moved.startsAt).toBe(localInstant(day, "14:30", HELSINKI));
    expect(moved.version).toBe(listen.version + 1);
    expect(await bookingRow(db, seats.eevaListen.id)).toMatchObject({
      status: "cancelled",
      cancelledById: host.id,
      version: seats.eevaListen.version + 1,
    });
    expect((await bookingRow(db, seats.aleksiListen.id)).status).toBe("cancelled");
    expect((await bookingRow(db, seats.lauriListen.id)).status).toBe("booked");
    // Eeva's freed seat goes to the next person waiting whose time is free.
    expect((await bookingRow(db, seats.wilmaListen.id)).status).toBe("booked");
    expect((await bookingRow(db, seats.eevaCall.id)).status).toBe("booked");
    expect((await bookingRow(db, seats.aleksiCall.id)).status).toBe("waitlisted");
    expect(await sessionRow(db, call.id)).toEqual(call);

    const [released] = await auditRows(db, "booking", seats.eevaListen.id);
    expect(released).toMatchObject({ action: "booking.released_overlap", actorId: host.id });
    expect(released.summary).toContain("Eeva Employee's seat on the session of");
    expect(released.summary).toContain("overlaps their booking on Sales call with Olli Other");
    expect(released.details).toMatchObject({ keptBookingId: seats.eevaCall.id, reason: "overlap" });

    const page = await (await client.get(`/hosting/sessions/${listen.id}`)).text();
    expect(page).toContain("2 places were released because the new time overlaps another booking");
  });

  it("tells each released person by e-mail which booking overlaps, and sends the others the moved invite", async () => {
    const { client, db, listen, eeva, lauri, aleksi, wilma, mailbox } = await movingWorld();
    const asked = await client.post(`/hosting/sessions/${listen.id}/edit`, editForm(listen, { startTime: "14:30" }));
    await client.post(`/hosting/sessions/${listen.id}/edit`, {
      ...editForm(listen, { startTime: "14:30" }),
      confirmReleases: confirmValue(await asked.text()),
    });
    const kinds = (await outboxOf(db)).map((m) => [m.kind, m.personId]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ["seat_cancelled", eeva.id],
        ["waitlist_left", aleksi.id],
        ["seat_updated", lauri.id],
        ["seat_promoted", wilma.id],
      ]),
    );
    expect(kinds.filter(([, person]) => person === eeva.id)).toEqual([["seat_cancelled", eeva.id]]);

    const { server, dispatcher } = await mailbox();
    await dispatcher.deliverDue();
    await server.waitFor(4);
    const [toEeva] = server.to(eeva.email);
    expect(toEeva.parsed.subject).toBe(
      "Seat released: Call-centre listen-in with Hanna Host moved onto another booking of yours",
    );
    expect(toEeva.parsed.text).toContain(
      "The host moved Call-centre listen-in with Hanna Host to Thu 4 Mar, 14:30–15:30",
    );
    expect(toEeva.parsed.text).toContain("overlaps your booking on Sales call with Olli Other, Thu 4 Mar, 14:00–15:00");
    expect(toEeva.parsed.text).toContain("your booking on Sales call with Olli Other stays");
    expect(calendarPart(toEeva)?.method).toBe("CANCEL");
    const [toAleksi] = server.to(aleksi.email);
    expect(toAleksi.parsed.text).toContain("your waitlist place on Call-centre listen-in with Hanna Host is released");
    const [toLauri] = server.to(lauri.email);
    expect(toLauri.parsed.subject).toMatch(/^Changed: Call-centre listen-in with Hanna Host/);
    expect(calendarPart(toLauri)?.method).toBe("REQUEST");
  });

  it("asks again, changing nothing, when the places changed since the host looked", async () => {
    const { client, db, listen, lauri, otherHost, salesCall, book, day } = await movingWorld();
    const asked = await client.post(`/hosting/sessions/${listen.id}/edit`, editForm(listen, { startTime: "14:30" }));
    const confirm = confirmValue(await asked.text());
    // Meanwhile Lauri books another session at the new time.
    const later = await aSession(db, {
      host: otherHost,
      kind: salesCall,
      startsAt: localInstant(day, "15:00", HELSINKI),
      endsAt: localInstant(day, "16:00", HELSINKI),
      timeZone: HELSINKI,
    });
    await book(later.id, lauri);
    const again = await client.post(`/hosting/sessions/${listen.id}/edit`, {
      ...editForm(listen, { startTime: "14:30" }),
      confirmReleases: confirm,
    });
    expect(again.status).toBe(200);
    const html = await again.text();
    expect(html).toContain("The list changed since you looked");
    expect(html).toContain("The new time overlaps other bookings of 3 people");
    expect(visibleText(html)).toContain("Lauri Legal loses their seat: already booked on Sales call with Olli Other");
    expect(await sessionRow(db, listen.id)).toEqual(listen);
  });

  it("saves at once, with no warning, when the new time overlaps nobody's other booking", async () => {
    const { client, db, listen, seats, lauri } = await movingWorld();
    const response = await client.post(`/hosting/sessions/${listen.id}/edit`, editForm(listen, { startTime: "12:00" }));
    expect(response.status).toBe(302);
    expect(timeOf((await sessionRow(db, listen.id)).startsAt, HELSINKI)).toBe("12:00");
    for (const seat of Object.values(seats)) {
      expect((await bookingRow(db, seat.id)).status).toBe(seat.status);
    }
    const updated = await db
      .select()
      .from(schema.outboxMessages)
      .where(eq(schema.outboxMessages.kind, "seat_updated"))
      .orderBy(asc(schema.outboxMessages.personId));
    expect(updated.map((m) => m.personId)).toContain(lauri.id);
    const page = await (await client.get(`/hosting/sessions/${listen.id}`)).text();
    expect(page).not.toContain("released");
  });

  it("does not count a session ending as the other begins as an overlap", async () => {
    const { client, db, listen } = await movingWorld();
    const response = await client.post(`/hosting/sessions/${listen.id}/edit`, editForm(listen, { startTime: "13:00" }));
    expect(response.status).toBe(302);
    expect(timeOf((await sessionRow(db, listen.id)).startsAt, HELSINKI)).toBe("13:00");
  });

  it("checks each moved session of a series against its shadows' other bookings", async () => {
    const world = await hostingWorld();
    const { db, book, eeva, lauri, otherHost, salesCall } = world;
    const { client, sessions } = await world.aSeries(3, 3, 2);
    const week2 = sessions[1];
    const day2 = dayOf(week2.startsAt, HELSINKI);
    const call = await aSession(db, {
      host: otherHost,
      kind: salesCall,
      startsAt: localInstant(day2, "15:00", HELSINKI),
      endsAt: localInstant(day2, "16:00", HELSINKI),
      timeZone: HELSINKI,
    });
    const eevaWeek2 = await book(week2.id, eeva);
    const lauriWeek3 = await book(sessions[2].id, lauri);
    await book(call.id, eeva);
    const form = editForm(sessions[0], { scope: "following", startTime: "15:30" });
    const asked = await client.post(`/hosting/sessions/${sessions[0].id}/edit`, form);
    expect(asked.status).toBe(200);
    const html = await asked.text();
    expect(html).toContain("The new time overlaps another booking of 1 person");
    expect(confirmValue(html)).toBe(String(eevaWeek2.id));
    const saved = await client.post(`/hosting/sessions/${sessions[0].id}/edit`, {
      ...form,
      confirmReleases: confirmValue(html),
    });
    expect(saved.status).toBe(302);
    expect((await bookingRow(db, eevaWeek2.id)).status).toBe("cancelled");
    expect((await bookingRow(db, lauriWeek3.id)).status).toBe("booked");
  });
});
