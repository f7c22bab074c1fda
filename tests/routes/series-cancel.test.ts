/**
 * Cancelling a session of a weekly series, or it and the following ones, from the host's session
 * page, as a browser without script posts it: what the panel says each choice reaches, which
 * sessions are cancelled, who is told (by e-mail with the invite's cancellation), the audit rows,
 * and that earlier sessions stay as they were.
 */
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "~/db.server";
import { DAY, HOUR } from "~/domain/time";
import { TEST_NOW } from "../support/app";
import { aSession } from "../support/builders";
import { calendarPart } from "../support/mail";
import { auditRows, bookingRow, HELSINKI, hostingWorld, outboxOf, sessionRow } from "./hosting-world";

/** A five-week series with people on its sessions: Eeva on weeks 2–4, Lauri on 3, Aleksi waiting on 4, Wilma on 1. */
async function seriesWithPeople() {
  const world = await hostingWorld();
  const { client, series, sessions } = await world.aSeries(5, 3, 1);
  const { book, eeva, lauri, aleksi, wilma } = world;
  const seats = {
    wilmaWeek1: await book(sessions[0].id, wilma),
    eevaWeek2: await book(sessions[1].id, eeva),
    eevaWeek3: await book(sessions[2].id, eeva),
    lauriWeek3: await book(sessions[2].id, lauri, "waitlisted"),
    eevaWeek4: await book(sessions[3].id, eeva),
    aleksiWeek4: await book(sessions[3].id, aleksi, "waitlisted"),
  };
  return { ...world, client, series, sessions, seats };
}

describe("the cancel panel of a series' session", () => {
  it("asks which sessions, and says how many sessions and people each choice reaches", async () => {
    const { client, sessions } = await seriesWithPeople();
    const response = await client.get(`/hosting/sessions/${sessions[2].id}?cancel=1`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Cancel this session?");
    expect(html).toContain("<legend>Which sessions</legend>");
    expect(html).toMatch(/<input[^>]*type="radio"[^>]*value="one"/);
    expect(html).toMatch(/<input[^>]*type="radio"[^>]*value="following"/);
    expect(html).toContain("Only this session (");
    expect(html).toContain("This and the following sessions");
    // Week 3: Eeva seated, Lauri waiting. Weeks 3–5: Eeva (twice, told once per seat), Lauri, Aleksi.
    expect(html).toContain("1 session, 2 people booked or waiting will be told");
    expect(html).toContain("3 sessions, 3 people booked or waiting will be told");
    expect(html).toContain("Earlier sessions, and any that have started, stay as they are.");
    expect(html).toContain("Yes, cancel the chosen sessions");
  });

  it("offers no choice on the last session of a series, nor on a session of its own", async () => {
    const { client, sessions, db, host, listenIn, book, eeva, lauri } = await seriesWithPeople();
    const last = await (await client.get(`/hosting/sessions/${sessions[4].id}?cancel=1`)).text();
    expect(last).toContain("Cancel this session?");
    expect(last).not.toContain("Which sessions");
    expect(last).toContain("Yes, cancel this session");

    const single = await aSession(db, { host, kind: listenIn, startsAt: TEST_NOW + 8 * DAY, timeZone: HELSINKI });
    await book(single.id, eeva);
    await book(single.id, lauri);
    const html = await (await client.get(`/hosting/sessions/${single.id}?cancel=1`)).text();
    expect(html).not.toContain("Which sessions");
    expect(html).toContain("Both people booked or waiting will see it cancelled");
    expect(html).not.toContain("All 2 people");
    expect(html).toContain("Yes, cancel this session");
  });
});

describe("cancelling this and the following sessions", () => {
  it("cancels them, keeps the records, and leaves the earlier sessions as they were", async () => {
    const { client, db, sessions } = await seriesWithPeople();
    const response = await client.post(`/hosting/sessions/${sessions[2].id}`, {
      intent: "cancel",
      scope: "following",
      reason: "The call line moves to the new building.",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/hosting/sessions/${sessions[2].id}`);

    const after = await Promise.all(sessions.map((s) => sessionRow(db, s.id)));
    expect(after.slice(0, 2)).toEqual(sessions.slice(0, 2));
    for (const [index, row] of after.entries()) {
      if (index < 2) continue;
      expect(row).toMatchObject({
        status: "cancelled",
        cancelledAt: TEST_NOW,
        cancelReason: "The call line moves to the new building.",
        version: sessions[index].version + 1,
        seriesId: sessions[index].seriesId,
      });
    }

    const page = await (await client.get(`/hosting/sessions/${sessions[2].id}`)).text();
    expect(page).toContain("3 sessions of the series are cancelled.");
    expect(page).toContain("The 3 people booked or waiting will see them in their bookings and calendars.");
    expect(page).toContain("Weekly on Thursdays at 10:00, 5 sessions (3 cancelled)");
  });

  it("tells every person booked or waiting, once per place, and nobody on the earlier sessions", async () => {
    const { client, db, sessions, seats, eeva, lauri, aleksi, mailbox } = await seriesWithPeople();
    const before = await outboxOf(db);
    await client.post(`/hosting/sessions/${sessions[2].id}`, { intent: "cancel", scope: "following", reason: "" });
    const written = (await outboxOf(db)).slice(before.length);
    const told = written.map((m) => [m.kind, m.personId, (m.payload as { row: { bookingId: number } }).row.bookingId]);
    expect(told).toEqual(
      expect.arrayContaining([
        ["session_cancelled", eeva.id, seats.eevaWeek3.id],
        ["waitlist_left", lauri.id, seats.lauriWeek3.id],
        ["session_cancelled", eeva.id, seats.eevaWeek4.id],
        ["waitlist_left", aleksi.id, seats.aleksiWeek4.id],
      ]),
    );
    expect(told).toHaveLength(4);
    // The bookings keep their own status; the session's status is what their calendars read.
    expect((await bookingRow(db, seats.eevaWeek2.id)).status).toBe("booked");
    expect((await bookingRow(db, seats.eevaWeek3.id)).status).toBe("booked");

    const { server, dispatcher } = await mailbox();
    await dispatcher.deliverDue();
    const received = await server.waitFor(4);
    const toEeva = received.filter((m) => m.to.includes(eeva.email));
    expect(toEeva).toHaveLength(2);
    for (const mail of toEeva) {
      expect(mail.parsed.subject).toMatch(/^Called off: Call-centre listen-in with Hanna Host/);
      const invite = calendarPart(mail);
      expect(invite?.method).toBe("CANCEL");
      expect(invite?.content).toContain("METHOD:CANCEL");
      expect(invite?.content).toContain("STATUS:CANCELLED");
    }
    const toLauri = received.filter((m) => m.to.includes(lauri.email));
    expect(toLauri).toHaveLength(1);
    expect(toLauri[0].parsed.text).toContain("The host called off a session you were waiting for.");
  });

  it("writes an audit row for each session and one for the series, with who and the reason", async () => {
    const { client, db, host, series, sessions, seats } = await seriesWithPeople();
    await client.post(`/hosting/sessions/${sessions[3].id}`, {
      intent: "cancel",
      scope: "following",
      reason: "Team offsite.",
    });
    for (const session of sessions.slice(0, 3)) expect(await auditRows(db, "session", session.id)).toHaveLength(1);
    const [week4] = (await auditRows(db, "session", sessions[3].id)).filter((a) => a.action === "session.cancelled");
    expect(week4).toMatchObject({ actorId: host.id, at: TEST_NOW });
    expect(week4.summary).toContain("was cancelled with the following sessions of its series: Team offsite.");
    expect(week4.details).toMatchObject({
      reason: "Team offsite.",
      scope: "following",
      affectedBookingIds: [seats.eevaWeek4.id, seats.aleksiWeek4.id],
    });
    const [week5] = (await auditRows(db, "session", sessions[4].id)).filter((a) => a.action === "session.cancelled");
    expect(week5.details).toMatchObject({ affectedBookingIds: [] });
    const seriesRows = (await auditRows(db, "series", series.id)).filter((a) => a.action === "series.cancelled_from");
    expect(seriesRows).toHaveLength(1);
    expect(seriesRows[0].details).toMatchObject({
      fromSessionId: sessions[3].id,
      sessions: [sessions[3].id, sessions[4].id],
    });
  });

  it("cancels only the session asked for when the host chooses this session", async () => {
    const { client, db, sessions } = await seriesWithPeople();
    const response = await client.post(`/hosting/sessions/${sessions[1].id}`, {
      intent: "cancel",
      scope: "one",
      reason: "",
    });
    expect(response.status).toBe(302);
    const after = await Promise.all(sessions.map((s) => sessionRow(db, s.id)));
    expect(after.map((s) => s.status)).toEqual(["scheduled", "cancelled", "scheduled", "scheduled", "scheduled"]);
    expect(await (await client.get(`/hosting/sessions/${sessions[1].id}`)).text()).toContain(
      "The session is cancelled. The person booked or waiting will see it",
    );
  });

  it("leaves sessions that were already cancelled and those that have started alone", async () => {
    const world = await seriesWithPeople();
    const { client, db, sessions, app } = world;
    await client.post(`/hosting/sessions/${sessions[3].id}`, { intent: "cancel", scope: "one", reason: "Holiday." });
    const cancelledWeek4 = await sessionRow(db, sessions[3].id);
    // A week on: the first session has taken place.
    app.clock.set(sessions[0].endsAt + HOUR);
    const response = await (
      await world.signedIn(world.host)
    ).post(`/hosting/sessions/${sessions[1].id}`, {
      intent: "cancel",
      scope: "following",
      reason: "",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/hosting/sessions/${sessions[1].id}`);
    const after = await Promise.all(sessions.map((s) => sessionRow(db, s.id)));
    expect(after[0]).toEqual(sessions[0]);
    expect(after[3]).toEqual(cancelledWeek4);
    expect(after.map((s) => s.status)).toEqual(["scheduled", "cancelled", "cancelled", "cancelled", "cancelled"]);
  });

  it("refuses a session that has started, and an over-long reason, changing nothing and keeping the choice", async () => {
    const { client, db, sessions, app, signedIn, host } = await seriesWithPeople();
    const tooLong = await client.post(`/hosting/sessions/${sessions[2].id}?cancel=1`, {
      intent: "cancel",
      scope: "following",
      reason: "x".repeat(501),
    });
    expect(tooLong.status).toBe(400);
    const html = await tooLong.text();
    expect(html).toContain("Keep the reason to 500 characters.");
    expect(html).toMatch(/<input[^>]*value="following"[^>]*checked=""|<input[^>]*checked=""[^>]*value="following"/);

    app.clock.set(sessions[2].startsAt + 5 * 60_000);
    const later = await signedIn(host);
    const started = await later.post(`/hosting/sessions/${sessions[2].id}`, {
      intent: "cancel",
      scope: "following",
      reason: "",
    });
    expect(started.status).toBe(400);
    expect(await started.text()).toContain("This session has already started, so it can&#x27;t be cancelled.");
    const after = await db
      .select()
      .from(schema.sessions)
      .where(
        and(
          inArray(
            schema.sessions.id,
            sessions.map((s) => s.id),
          ),
          eq(schema.sessions.status, "cancelled"),
        ),
      );
    expect(after).toEqual([]);
  });

  it("lets only the series' host or an admin cancel it", async () => {
    const { db, sessions, signedIn, otherHost } = await seriesWithPeople();
    const other = await signedIn(otherHost);
    const response = await other.post(`/hosting/sessions/${sessions[2].id}`, {
      intent: "cancel",
      scope: "following",
      reason: "",
    });
    expect(response.status).toBe(403);
    expect((await sessionRow(db, sessions[2].id)).status).toBe("scheduled");
  });
});
