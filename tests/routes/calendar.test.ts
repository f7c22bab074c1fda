import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { schema } from "~/db.server";
import { DAY, HOUR } from "~/domain/time";
import { issueFeed } from "~/models/calendar/tokens.server";
import { cancelSession } from "~/models/bookings.server";
import { eventByUid, eventsOf, instantOf, parameter, parseIcs, text, wallTime } from "../domain/ics";
import { testApp, type TestClient } from "../support/app";
import { aDepartment, aKind, aModule, aPerson, aSession, type Person, type Session } from "../support/builders";
import { aroundAutumnChange, feedLinksIn, fetchFeed, HELSINKI, turnOnFeed } from "./calendar-support";

const PASSWORD = "calendar-test-password";
let passwordHash: Promise<string> | undefined;

/**
 * A company of its own for each test: Hanna hosts three listen-ins at 10:00 in Helsinki (two on
 * either side of the autumn change, the third for a confidential customer); Anna, who reports to
 * Maija, who reports to Dora, has booked all three; Otto has booked the first; Sami has booked none.
 */
async function aCalendarCompany() {
  const app = await testApp();
  passwordHash ??= hashPassword(PASSWORD);
  const withPassword = { passwordHash: await passwordHash };
  const care = await aDepartment(app.db, { name: "Customer Care", kind: "customer_facing" });
  const accounting = await aDepartment(app.db, { name: "Accounting" });
  const legal = await aDepartment(app.db, { name: "Legal" });
  const host = await aPerson(app.db, {
    ...withPassword,
    name: "Hanna Host",
    email: "hanna.host@calendar.example",
    department: care,
    isHost: true,
    timeZone: HELSINKI,
  });
  const director = await aPerson(app.db, {
    ...withPassword,
    name: "Dora Director",
    department: accounting,
    isManager: true,
  });
  const manager = await aPerson(app.db, {
    ...withPassword,
    name: "Maija Manager",
    department: accounting,
    isManager: true,
    manager: director,
  });
  const anna = await aPerson(app.db, {
    ...withPassword,
    name: "Anna Accountant",
    email: "anna.accountant@calendar.example",
    department: accounting,
    manager,
    timeZone: HELSINKI,
  });
  const otto = await aPerson(app.db, { ...withPassword, name: "Otto Other", department: legal });
  const stranger = await aPerson(app.db, { ...withPassword, name: "Sami Stranger", department: legal });

  const listenIn = await aKind(app.db, { name: "Call-line listen-in", onSite: false });
  await aModule(app.db, {
    title: "Hear the customer",
    kind: listenIn,
    summary: "Listen for what the customer needs before what they ask for.",
    guide:
      "Notice the first thing the customer says.\n\n- How does the agent open the call?\n- When does the customer relax?",
  });
  const days = aroundAutumnChange(app.clock.now());
  const common = {
    host,
    kind: listenIn,
    timeZone: HELSINKI,
    meetingUrl: "https://meet.example/listen-in",
    notes: "Headphones on, microphone off.",
  };
  const early = await aSession(app.db, { ...common, startsAt: days[0].at, endsAt: days[0].at + HOUR });
  const late = await aSession(app.db, { ...common, startsAt: days[1].at, endsAt: days[1].at + HOUR });
  const secret = await aSession(app.db, {
    ...common,
    startsAt: days[1].at + DAY,
    endsAt: days[1].at + DAY + HOUR,
    customerName: "Northwind Oy",
    customerConfidential: true,
  });

  const clients = new Map<number, TestClient>();
  /** The person's own signed-in browser (one per person, kept for the test). */
  async function signedIn(person: Person): Promise<TestClient> {
    let client = clients.get(person.id);
    if (!client) {
      client = app.client.another();
      await client.signIn(person.email, PASSWORD);
      clients.set(person.id, client);
    }
    return client;
  }

  const bookingIds = new Map<string, number>();
  async function book(person: Person, session: Session): Promise<void> {
    const response = await (await signedIn(person)).post(`/sessions/${session.id}`, { intent: "book" });
    expect(response.status).toBe(302);
    const [row] = await app.db
      .select({ id: schema.bookings.id })
      .from(schema.bookings)
      .where(and(eq(schema.bookings.personId, person.id), eq(schema.bookings.sessionId, session.id)));
    bookingIds.set(`${person.id}:${session.id}`, row.id);
  }
  for (const session of [early, late, secret]) await book(anna, session);
  await book(otto, early);

  const bookingId = (person: Person, session: Session) => bookingIds.get(`${person.id}:${session.id}`)!;
  return {
    app,
    host,
    director,
    manager,
    anna,
    otto,
    stranger,
    early,
    late,
    secret,
    days,
    signedIn,
    bookingId,
    uid: (person: Person, session: Session) => `booking-${bookingId(person, session)}@frontline`,
    invitePath: (person: Person, session: Session) => `/bookings/${bookingId(person, session)}/invite.ics`,
  };
}

const uidsOf = (ics: string) => eventsOf(parseIcs(ics)).map((event) => text(event, "uid"));
const sequenceOf = (ics: string, eventUid: string) =>
  Number(eventByUid(parseIcs(ics), eventUid).getFirstPropertyValue("sequence"));

describe("the Calendar feeds page", () => {
  it("offers each person the feeds their roles allow", async () => {
    const { anna, host, manager, signedIn } = await aCalendarCompany();
    const annaPage = await (await (await signedIn(anna)).get("/calendar")).text();
    expect(annaPage).toContain("Calendar feeds");
    expect(annaPage).toContain("My bookings");
    expect(annaPage).not.toContain("Sessions I host");
    expect(annaPage).not.toContain("My team&#x27;s bookings");
    expect(annaPage).toContain("8–24 hours");

    const hostPage = await (await (await signedIn(host)).get("/calendar")).text();
    expect(hostPage).toContain("Sessions I host");
    const managerPage = await (await (await signedIn(manager)).get("/calendar")).text();
    expect(managerPage).toContain("My team&#x27;s bookings");
  });

  it("asks a signed-out visitor to sign in", async () => {
    const app = await testApp();
    const response = await app.client.get("/calendar");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fcalendar");
  });

  it("shows a new feed's webcal:// and web address once, right after turning it on", async () => {
    const { app, anna, signedIn } = await aCalendarCompany();
    const client = await signedIn(anna);
    const { token, html, response } = await turnOnFeed(client, "bookings");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const links = feedLinksIn(html);
    expect(links).toContainEqual({ scheme: "webcal", host: "localhost:3000", token });
    expect(links).toContainEqual({ scheme: "http", host: "localhost:3000", token });
    expect(html).toContain(">Copy</button>");
    expect(html).toContain("Web address (http://)");
    expect(html).toContain("Calendar app link (webcal://)");
    expect(html).toContain("shown only this once");

    const laterResponse = await client.get("/calendar");
    expect(laterResponse.headers.get("Cache-Control")).toBe("no-store");
    expect(laterResponse.headers.get("Referrer-Policy")).toBe("no-referrer");
    const later = await laterResponse.text();
    expect(later).not.toContain(token);
    expect(later).toContain("Your link is active. For safety we can&#x27;t show it again");
    expect(later).toContain("Get a new link");
    expect(later).toContain("Turn off");
    // Only the hash is stored.
    const rows = await app.db.select().from(schema.calendarFeeds).where(eq(schema.calendarFeeds.personId, anna.id));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("builds the addresses from the address the person used behind a proxy", async () => {
    const { host, signedIn } = await aCalendarCompany();
    const client = await signedIn(host);
    const response = await client.request("/calendar?index", {
      method: "POST",
      body: new URLSearchParams({ intent: "turn-on", scope: "hosting" }),
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: "https://frontline.example",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "frontline.example",
      },
    });
    const html = await response.text();
    expect(response.status).toBe(200);
    const links = feedLinksIn(html);
    expect(new Set(links.map((l) => `${l.scheme}://${l.host}`))).toEqual(
      new Set(["https://frontline.example", "webcal://frontline.example"]),
    );
    expect(html).toContain("Web address (https://)");
  });

  it("refuses a team feed to someone who manages nobody, and writes nothing", async () => {
    const { app, otto, signedIn } = await aCalendarCompany();
    const response = await (await signedIn(otto)).post("/calendar?index", { intent: "turn-on", scope: "team" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Only managers can subscribe to their team&#x27;s bookings.");
    const rows = await app.db.select().from(schema.calendarFeeds).where(eq(schema.calendarFeeds.personId, otto.id));
    expect(rows).toEqual([]);
  });

  it("refuses a hosting feed to someone who hosts nothing", async () => {
    const { otto, signedIn } = await aCalendarCompany();
    const response = await (await signedIn(otto)).post("/calendar?index", { intent: "turn-on", scope: "hosting" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Only hosts have a feed of the sessions they host.");
  });

  it("refuses an unknown action", async () => {
    const { otto, signedIn } = await aCalendarCompany();
    const response = await (await signedIn(otto)).post("/calendar?index", { intent: "share", scope: "bookings" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("That action isn&#x27;t available here.");
  });
});

describe("GET /calendar/<token>.ics", () => {
  it("serves my bookings to a calendar client without a cookie, at 10:00 Helsinki across the autumn change", async () => {
    const { app, anna, otto, early, late, secret, days, signedIn, uid } = await aCalendarCompany();
    const { token } = await turnOnFeed(await signedIn(anna), "bookings");
    const response = await fetchFeed(app.handle, token);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toMatch(/^private\b/);
    expect(response.headers.get("ETag")).toMatch(/^W\/".+"$/);
    expect(response.headers.get("Content-Disposition")).toBe('inline; filename="frontline.ics"');

    const ics = await response.text();
    const calendar = parseIcs(ics);
    expect(text(calendar, "x-wr-calname")).toBe("Frontline: my bookings");
    expect(text(calendar, "method")).toBe("PUBLISH");
    expect(text(calendar, "refresh-interval")).toBe("PT15M");
    expect(text(calendar, "x-published-ttl")).toBe("PT15M");
    expect(uidsOf(ics)).toEqual([uid(anna, early), uid(anna, late), uid(anna, secret)]);
    expect(ics).not.toContain(uid(otto, early));

    const first = eventByUid(calendar, uid(anna, early));
    const second = eventByUid(calendar, uid(anna, late));
    expect(wallTime(instantOf(first, "dtstart"), HELSINKI)).toBe(`${days[0].date} 10:00`);
    expect(wallTime(instantOf(first, "dtend"), HELSINKI)).toBe(`${days[0].date} 11:00`);
    expect(wallTime(instantOf(second, "dtstart"), HELSINKI)).toBe(`${days[1].date} 10:00`);
    expect(instantOf(first, "dtstart")).toBe(early.startsAt);
    expect(text(first, "summary")).toBe("Shadowing: Call-line listen-in with Hanna Host");
    expect(text(first, "location")).toBe("https://meet.example/listen-in");
    expect(text(first, "url")).toBe(`http://localhost:3000/sessions/${early.id}`);
    expect(text(first, "description")).toContain("Headphones on, microphone off.");
    // Anna holds a seat, so she may read the confidential customer's name.
    expect(text(eventByUid(calendar, uid(anna, secret)), "description")).toContain("Customer: Northwind Oy");
  });

  it("answers 304 with no body when the client already has the current feed", async () => {
    const { app, anna, signedIn } = await aCalendarCompany();
    const { token } = await turnOnFeed(await signedIn(anna), "bookings");
    const full = await fetchFeed(app.handle, token);
    const etag = full.headers.get("ETag")!;
    await full.text();

    const again = await fetchFeed(app.handle, token, { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("ETag")).toBe(etag);
    expect(again.headers.get("Cache-Control")).toMatch(/^private\b/);
    expect(await again.text()).toBe("");

    const stale = await fetchFeed(app.handle, token, { "If-None-Match": 'W/"something-else"' });
    expect(stale.status).toBe(200);
    await stale.text();
  });

  it("compares If-None-Match weakly: the tag with or without W/, in a list, or *", async () => {
    const { app, anna, signedIn } = await aCalendarCompany();
    const { token } = await turnOnFeed(await signedIn(anna), "bookings");
    const etag = (await fetchFeed(app.handle, token)).headers.get("ETag")!;
    const strong = etag.replace(/^W\//, "");
    for (const ifNoneMatch of [etag, strong, `"x", ${etag}`, `"x",${strong}`, "*", ` ${etag} `]) {
      expect((await fetchFeed(app.handle, token, { "If-None-Match": ifNoneMatch })).status, ifNoneMatch).toBe(304);
    }
    for (const ifNoneMatch of ['"x"', `W/"x", "y"`, ""]) {
      const response = await fetchFeed(app.handle, token, { "If-None-Match": ifNoneMatch });
      expect(response.status, ifNoneMatch).toBe(200);
      await response.arrayBuffer();
    }
    // A client that adds ".ics" to the address once more still finds its feed.
    const doubled = await app.handle(
      new Request(`http://localhost:3000/calendar/${token}.ics.ics`, { headers: { "If-None-Match": etag } }),
    );
    expect(doubled.status).toBe(304);
  });

  it("answers 304 to the ETag of its own 200 for every kind of feed", async () => {
    const { app, anna, host, manager, signedIn } = await aCalendarCompany();
    for (const [person, scope] of [
      [anna, "bookings"],
      [host, "hosting"],
      [manager, "team"],
    ] as const) {
      const { token } = await turnOnFeed(await signedIn(person), scope);
      const full = await fetchFeed(app.handle, token);
      expect(full.status).toBe(200);
      await full.arrayBuffer();
      const again = await fetchFeed(app.handle, token, { "If-None-Match": full.headers.get("ETag")! });
      expect(again.status, scope).toBe(304);
    }
  });

  it("gives a new ETag and a higher SEQUENCE after the host changes a session", async () => {
    const { app, anna, host, early, late, signedIn, uid } = await aCalendarCompany();
    const { token } = await turnOnFeed(await signedIn(anna), "bookings");
    const before = await fetchFeed(app.handle, token);
    const etag = before.headers.get("ETag")!;
    const beforeIcs = await before.text();

    const cancelled = await cancelSession(app.db, {
      sessionId: late.id,
      actorId: host.id,
      reason: "The customer moved the call.",
      now: app.clock.now(),
    });
    expect(cancelled.ok).toBe(true);

    const after = await fetchFeed(app.handle, token, { "If-None-Match": etag });
    expect(after.status).toBe(200);
    expect(after.headers.get("ETag")).not.toBe(etag);
    const afterIcs = await after.text();
    expect(sequenceOf(afterIcs, uid(anna, late))).toBeGreaterThan(sequenceOf(beforeIcs, uid(anna, late)));
    const event = eventByUid(parseIcs(afterIcs), uid(anna, late));
    // Cancelled events stay in the feed, marked, so calendars remove them.
    expect(text(event, "status")).toBe("CANCELLED");
    expect(text(event, "description")).toContain("The customer moved the call.");
    expect(sequenceOf(afterIcs, uid(anna, early))).toBe(sequenceOf(beforeIcs, uid(anna, early)));
  });

  it("stops answering the old address the moment a new link is made", async () => {
    const { app, anna, signedIn } = await aCalendarCompany();
    const client = await signedIn(anna);
    const { token: old } = await turnOnFeed(client, "bookings");
    const first = await fetchFeed(app.handle, old);
    expect(first.status).toBe(200);
    const { token: fresh } = await turnOnFeed(client, "bookings", "new-link");
    expect(fresh).not.toBe(old);

    const gone = await fetchFeed(app.handle, old);
    expect(gone.status).toBe(404);
    expect(gone.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(await gone.text()).toContain("doesn't exist or was turned off");
    // Not even a client that still holds the old copy gets a 304.
    expect((await fetchFeed(app.handle, old, { "If-None-Match": first.headers.get("ETag")! })).status).toBe(404);
    expect((await fetchFeed(app.handle, fresh)).status).toBe(200);
  });

  it("answers 404 once the feed is turned off", async () => {
    const { app, otto, signedIn } = await aCalendarCompany();
    const client = await signedIn(otto);
    const { token } = await turnOnFeed(client, "bookings");
    expect((await fetchFeed(app.handle, token)).status).toBe(200);
    const off = await client.post("/calendar?index", { intent: "turn-off", scope: "bookings" });
    expect(off.status).toBe(302);
    expect(off.headers.get("Location")).toBe("/calendar");
    expect((await fetchFeed(app.handle, token)).status).toBe(404);
    const page = await (await client.get("/calendar")).text();
    expect(page).toContain("“My bookings” is off");
    expect(page).toContain("Turn on");
  });

  it("answers HEAD as GET, for clients that check a feed before fetching it", async () => {
    const { app, anna, signedIn } = await aCalendarCompany();
    const { token } = await turnOnFeed(await signedIn(anna), "bookings");
    const head = await app.handle(new Request(`http://localhost:3000/calendar/${token}.ics`, { method: "HEAD" }));
    expect(head.status).toBe(200);
    expect(head.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(head.headers.get("ETag")).toBe((await fetchFeed(app.handle, token)).headers.get("ETag"));
  });

  it("answers 404 to made-up and malformed tokens", async () => {
    const app = await testApp();
    for (const token of ["A".repeat(43), "not-a-token", "..%2F..%2Fetc%2Fpasswd"]) {
      expect((await fetchFeed(app.handle, token)).status).toBe(404);
    }
  });

  it("never gives one person's events through another person's token", async () => {
    const { app, anna, otto, early, late, secret, signedIn, uid } = await aCalendarCompany();
    const { token } = await turnOnFeed(await signedIn(otto), "bookings");
    const ics = await (await fetchFeed(app.handle, token)).text();
    expect(uidsOf(ics)).toEqual([uid(otto, early)]);
    for (const session of [early, late, secret]) expect(ics).not.toContain(uid(anna, session));
    expect(ics).not.toContain("Northwind");
  });

  it("shows the host their sessions with who is coming", async () => {
    const { app, host, early, secret, days, signedIn } = await aCalendarCompany();
    const { token } = await turnOnFeed(await signedIn(host), "hosting");
    const ics = await (await fetchFeed(app.handle, token)).text();
    const calendar = parseIcs(ics);
    expect(text(calendar, "x-wr-calname")).toBe("Frontline: sessions I host");
    const event = eventByUid(calendar, `session-${early.id}@frontline`);
    expect(text(event, "description")).toContain("Anna Accountant (Accounting)");
    expect(text(event, "description")).toContain("Otto Other (Legal)");
    expect(wallTime(instantOf(event, "dtstart"), HELSINKI)).toBe(`${days[0].date} 10:00`);
    expect(text(eventByUid(calendar, `session-${secret.id}@frontline`), "description")).toContain("Northwind Oy");
  });

  it("shows a manager their team's bookings, with a confidential customer hidden", async () => {
    const { app, manager, anna, otto, early, late, secret, signedIn, uid } = await aCalendarCompany();
    const { token } = await turnOnFeed(await signedIn(manager), "team");
    const ics = await (await fetchFeed(app.handle, token)).text();
    const calendar = parseIcs(ics);
    expect(text(calendar, "x-wr-calname")).toBe("Frontline: my team's bookings");
    expect(uidsOf(ics)).toEqual([uid(anna, early), uid(anna, late), uid(anna, secret)]);
    expect(ics).not.toContain(uid(otto, early));
    expect(ics).not.toContain("Northwind");
    expect(text(eventByUid(calendar, uid(anna, secret)), "description")).toContain("Customer: Confidential customer");
  });

  it("answers a 500-event feed in full, and revalidates it with a 304", async () => {
    const app = await testApp();
    const { db, clock } = app;
    const host = await aPerson(db, { isHost: true });
    const ann = await aPerson(db);
    const kind = await aKind(db);
    await aModule(db, { title: "Hear the customer", kind, guide: "Listen.\n\n- What does the customer ask?" });
    const now = clock.now();
    const sessions = await db
      .insert(schema.sessions)
      .values(
        Array.from({ length: 500 }, (_, i) => ({
          hostId: host.id,
          kindId: kind.id,
          seats: 3,
          timeZone: HELSINKI,
          startsAt: now + i * 3 * HOUR,
          endsAt: now + i * 3 * HOUR + HOUR,
          notes: "Listen first, then ask.",
        })),
      )
      .returning({ id: schema.sessions.id });
    await db.insert(schema.bookings).values(
      sessions.map((session) => ({
        sessionId: session.id,
        personId: ann.id,
        bookedById: ann.id,
        status: "booked" as const,
      })),
    );
    const issued = await issueFeed(db, { personId: ann.id, scope: "bookings", actorId: ann.id, now });
    if (!issued.ok) throw new Error(issued.reason);
    const first = await fetchFeed(app.handle, issued.token);
    expect(first.status).toBe(200);
    expect(eventsOf(parseIcs(await first.text()))).toHaveLength(500);

    // Speed is measured by tests/bench/calendar.bench.ts; here, the 304 path of a large feed.
    const again = await fetchFeed(app.handle, issued.token, { "If-None-Match": first.headers.get("ETag")! });
    expect(again.status).toBe(304);
  });
});

describe("GET /bookings/<id>/invite.ics", () => {
  it("gives the booked person a REQUEST from the host, with them as attendee", async () => {
    const { anna, early, days, signedIn, uid, invitePath } = await aCalendarCompany();
    const response = await (await signedIn(anna)).get(invitePath(anna, early));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8; method=REQUEST");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="frontline-session-${early.id}.ics"`,
    );
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");

    const calendar = parseIcs(await response.text());
    expect(text(calendar, "method")).toBe("REQUEST");
    const [event] = eventsOf(calendar);
    expect(text(event, "uid")).toBe(uid(anna, early));
    expect(text(event, "organizer")).toBe("mailto:hanna.host@calendar.example");
    expect(parameter(event, "organizer", "cn")).toBe("Hanna Host");
    expect(text(event, "attendee").toLowerCase()).toBe("mailto:anna.accountant@calendar.example");
    expect(parameter(event, "attendee", "cn")).toBe("Anna Accountant");
    expect(parameter(event, "attendee", "partstat")).toBe("ACCEPTED");
    expect(text(event, "location")).toBe("https://meet.example/listen-in");
    const description = text(event, "description");
    expect(description).toContain("Headphones on, microphone off.");
    expect(description).toContain("What to watch for (Hear the customer)");
    expect(description).toContain("- How does the agent open the call?");
    expect(description).toContain(`Session page: http://localhost:3000/sessions/${early.id}`);
    expect(wallTime(instantOf(event, "dtstart"), HELSINKI)).toBe(`${days[0].date} 10:00`);
  });

  it("offers the invite on the session page, and the cancellation once the seat is cancelled", async () => {
    const { anna, early, signedIn, uid, invitePath } = await aCalendarCompany();
    const client = await signedIn(anna);
    const path = invitePath(anna, early);
    const page = await (await client.get(`/sessions/${early.id}`)).text();
    expect(page).toContain(`href="${path}"`);
    expect(page).toContain("Add to calendar (.ics)");

    const request = await (await client.get(path)).text();
    const cancelled = await client.post(`/sessions/${early.id}`, { intent: "cancel", confirm: "1" });
    expect(cancelled.status).toBe(302);

    const response = await client.get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8; method=CANCEL");
    const cancel = await response.text();
    const calendar = parseIcs(cancel);
    expect(text(calendar, "method")).toBe("CANCEL");
    const [event] = eventsOf(calendar);
    expect(text(event, "uid")).toBe(uid(anna, early));
    expect(text(event, "status")).toBe("CANCELLED");
    expect(sequenceOf(cancel, uid(anna, early))).toBeGreaterThan(sequenceOf(request, uid(anna, early)));

    const after = await (await client.get(`/sessions/${early.id}`)).text();
    expect(after).toContain("Download cancellation (.ics)");
    expect(after).toContain(`href="${path}"`);
  });

  it("gives a cancellation for a seat on a session the host called off", async () => {
    const { app, anna, host, late, signedIn, invitePath } = await aCalendarCompany();
    const called = await cancelSession(app.db, {
      sessionId: late.id,
      actorId: host.id,
      reason: "The customer moved the call.",
      now: app.clock.now(),
    });
    expect(called.ok).toBe(true);
    const client = await signedIn(anna);
    const response = await client.get(invitePath(anna, late));
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8; method=CANCEL");
    expect(text(parseIcs(await response.text()), "method")).toBe("CANCEL");
    const page = await (await client.get(`/sessions/${late.id}`)).text();
    expect(page).toContain("Download cancellation (.ics)");
  });

  it("lets the person's managers, the host and admins download it; others get 404", async () => {
    const { app, anna, manager, director, host, otto, stranger, secret, signedIn, invitePath } =
      await aCalendarCompany();
    const path = invitePath(anna, secret);
    const admin = await aPerson(app.db, { isAdmin: true, passwordHash: await passwordHash! });
    for (const person of [anna, manager, director, host, admin]) {
      expect((await (await signedIn(person)).get(path)).status, person.name).toBe(200);
    }
    for (const person of [stranger, otto]) {
      const response = await (await signedIn(person)).get(path);
      expect(response.status, person.name).toBe(404);
      expect(await response.text()).toBe("No such booking.\n");
    }
    const client = await signedIn(anna);
    expect((await client.get("/bookings/987654/invite.ics")).status).toBe(404);
    const malformed = await client.get("/bookings/abc/invite.ics");
    expect(malformed.status).toBe(404);
    expect(await malformed.text()).toBe("No such booking.\n");
  });

  it("keeps a confidential customer out of the invite a manager downloads", async () => {
    const { anna, manager, secret, signedIn, invitePath } = await aCalendarCompany();
    const path = invitePath(anna, secret);
    const own = await (await (await signedIn(anna)).get(path)).text();
    expect(text(eventsOf(parseIcs(own))[0], "description")).toContain("Customer: Northwind Oy");
    const managers = await (await (await signedIn(manager)).get(path)).text();
    expect(managers).not.toContain("Northwind");
    expect(text(eventsOf(parseIcs(managers))[0], "description")).toContain("Customer: Confidential customer");
  });

  it("sends a signed-out visitor to sign in first, and back afterwards", async () => {
    const { app, anna, early, invitePath } = await aCalendarCompany();
    const path = invitePath(anna, early);
    const response = await app.client.another().get(path);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
  });
});
