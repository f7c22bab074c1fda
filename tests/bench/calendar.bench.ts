/**
 * Calendar feed benchmark: `npm run bench:calendar` (tsx tests/bench/calendar.bench.ts).
 *
 * Builds a fresh migrated database in a temp folder with the demo company and one more person
 * holding 500 bookings (past, upcoming, waitlisted, recently cancelled, some confidential), turns on
 * their "My bookings" feed, and times, after a warm-up:
 *   (a) GET /calendar/<token>.ics through the production build's request handler, end to end;
 *   (b) ical-generator alone writing the same 500 events (`feedCalendar(data).toString()`);
 *   (c) the 304 revalidation through the same route with If-None-Match.
 * (b) takes about a second a run, so it runs --reference-runs times (default 20).
 * Options: --runs N (at least 200, default 300), --events N (default 500), --reference-runs N.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { count, eq } from "drizzle-orm";
import "~/context";
import { migrateDatabase, openDatabase, schema, type Db } from "~/db.server";
import { feedBytes, feedCalendar, feedFor } from "~/domain/calendar";
import { DAY, HOUR } from "~/domain/time";
import { feedCalendarFor } from "~/models/calendar/feeds.server";
import { findFeedByToken, issueFeed } from "~/models/calendar/tokens.server";
import { CANCELLED_SESSION_REASON, CUSTOMERS, MEETING_HOST, SESSION_NOTES } from "../../db/demo/content";
import { DEMO_SESSION_KINDS } from "../../db/demo/modules";
import { seedDemoCompany } from "../../db/seed";
import { TEST_NOW } from "../support/clock";

const ORIGIN = "https://frontline.example";
const TARGET_FEED_MS = 10;
const TARGET_304_MS = 1;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a positive whole number.`);
  return value;
}

const RUNS = Math.max(200, option("runs", 300));
const EVENTS = option("events", 500);
const REFERENCE_RUNS = option("reference-runs", 20);
const WARM_UP = 50;

/** The production build, built first when missing (as the test suite's global setup does). */
function ensureBuild(): string {
  const entry = path.resolve("build/server/index.js");
  if (existsSync(entry)) return entry;
  console.log("Building the app (build/server/index.js is missing)…");
  const { VITEST: _vitest, VITEST_MODE: _mode, ...env } = process.env;
  execFileSync("node_modules/.bin/remix", ["vite:build"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...env, NODE_ENV: "production" },
  });
  return entry;
}

/** A small seeded generator, so every run measures the same data. */
function randomSource(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] };
}

/**
 * One person in Accounting with `events` bookings, one a day from ten months ago onwards, on
 * sessions of the demo hosts and kinds; other people share some of the sessions. Every booking is
 * inside the feed's window, so the feed lists exactly `events` events.
 */
export async function aBusyPerson(db: Db, now: number, events: number): Promise<number> {
  const random = randomSource(2026);
  const [accounting] = await db.select().from(schema.departments).where(eq(schema.departments.name, "Accounting"));
  const hosts = await db.select().from(schema.people).where(eq(schema.people.isHost, true));
  const others = (await db.select().from(schema.people).where(eq(schema.people.isHost, false))).slice(0, 60);
  const kinds = await db.select().from(schema.sessionKinds);
  const keyOf = (name: string) => DEMO_SESSION_KINDS.find((kind) => kind.name === name)?.key ?? "salesCall";

  return db.write(async (tx) => {
    const [person] = await tx
      .insert(schema.people)
      .values({
        name: "Benedikt Björklund",
        email: "benedikt.bjorklund@northwind-energy.example",
        departmentId: accounting.id,
        title: "Senior accountant",
        timeZone: "Europe/Helsinki",
      })
      .returning();
    const firstDay = now - Math.round(events * 0.6) * DAY;
    for (let i = 0; i < events; i++) {
      const kind = random.pick(kinds);
      const host = random.pick(hosts);
      const startsAt = firstDay + i * DAY + (7 + Math.floor(random.next() * 6)) * HOUR;
      const past = startsAt + kind.defaultMinutes * 60_000 < now;
      const roll = random.next();
      const sessionCancelled = !past && roll < 0.03;
      const confidential = random.next() < 0.1;
      const customers = random.pick([CUSTOMERS.helsinki, CUSTOMERS.manchester]);
      const [session] = await tx
        .insert(schema.sessions)
        .values({
          kindId: kind.id,
          hostId: host.id,
          startsAt,
          endsAt: startsAt + kind.defaultMinutes * 60_000,
          timeZone: host.timeZone,
          seats: 3,
          location: kind.onSite
            ? `${random.pick(["Mannerheimintie", "Oxford Road", "Hämeentie", "Deansgate"])} ${1 + Math.floor(random.next() * 90)}`
            : "",
          meetingUrl: kind.onSite ? "" : `${MEETING_HOST}/${kind.name.toLowerCase().replace(/[^a-z]+/g, "-")}-${i}`,
          customerName:
            random.next() < 0.7
              ? random.pick(random.next() < 0.5 ? customers.households : customers.organisations)
              : "",
          customerConfidential: confidential,
          notes: random.pick(SESSION_NOTES[keyOf(kind.name)]),
          status: sessionCancelled ? "cancelled" : "scheduled",
          cancelledAt: sessionCancelled ? now - 2 * DAY : null,
          cancelReason: sessionCancelled ? CANCELLED_SESSION_REASON : "",
          version: Math.floor(random.next() * 3) + (sessionCancelled ? 1 : 0),
          createdAt: startsAt - 20 * DAY,
          updatedAt: sessionCancelled ? now - 2 * DAY : startsAt - 10 * DAY,
        })
        .returning({ id: schema.sessions.id });
      const bookingCancelled = !past && !sessionCancelled && roll > 0.96;
      const status = past
        ? roll < 0.93
          ? "attended"
          : "no_show"
        : bookingCancelled
          ? "cancelled"
          : roll < 0.12
            ? "waitlisted"
            : "booked";
      await tx.insert(schema.bookings).values({
        sessionId: session.id,
        personId: person.id,
        bookedById: person.id,
        status,
        waitlistPosition: status === "waitlisted" ? 1 : null,
        cancelledAt: bookingCancelled ? now - 3 * DAY : null,
        cancelledById: bookingCancelled ? person.id : null,
        version: status === "booked" || status === "waitlisted" ? 0 : 1,
        createdAt: startsAt - 14 * DAY,
        updatedAt: bookingCancelled ? now - 3 * DAY : startsAt - 14 * DAY,
      });
      // Colleagues on the same session, as on a real roster.
      const colleagues = new Set<number>();
      while (colleagues.size < Math.floor(random.next() * 3)) colleagues.add(random.pick(others).id);
      for (const id of colleagues) {
        await tx.insert(schema.bookings).values({
          sessionId: session.id,
          personId: id,
          bookedById: id,
          status: past ? "attended" : "booked",
          createdAt: startsAt - 7 * DAY,
          updatedAt: startsAt - 7 * DAY,
        });
      }
    }
    return person.id;
  });
}

interface Timing {
  median: number;
  p95: number;
  min: number;
}

async function time(runs: number, work: () => Promise<unknown> | unknown, warmUp = WARM_UP): Promise<Timing> {
  for (let i = 0; i < warmUp; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { median: at(0.5), p95: at(0.95), min: samples[0] };
}

/** Reads a response's body as a server does, chunk by chunk to the socket, and counts its bytes. */
async function bytesOf(response: Response): Promise<number> {
  let bytes = 0;
  const reader = response.body?.getReader();
  if (!reader) return 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
  return bytes;
}

const ms = (value: number) => `${value.toFixed(value < 1 ? 3 : 2)} ms`;

async function main() {
  const entry = ensureBuild();
  const folder = mkdtempSync(path.join(os.tmpdir(), "frontline-bench-"));
  const url = `file:${path.join(folder, "frontline.db")}`;
  // The build reads these on first use; the database and the clock come with each request.
  process.env.SESSION_SECRET = "calendar-benchmark";
  process.env.PUBLIC_URL = ORIGIN;
  const db = openDatabase(url);
  try {
    await migrateDatabase(db);
    // A fixed "now", so every run measures the same data.
    const now = TEST_NOW;
    await seedDemoCompany(db, { now, people: 400, sessions: 600 });
    const personId = await aBusyPerson(db, now, EVENTS);
    const issued = await issueFeed(db, { personId, scope: "bookings", actorId: personId, now });
    if (!issued.ok) throw new Error(issued.reason);
    const [{ bookings }] = await db.select({ bookings: count() }).from(schema.bookings);

    const build = (await import(pathToFileURL(entry).href)) as ServerBuild;
    const handler = createRequestHandler(build, "production");
    const handle = (request: Request) =>
      handler(request, { db, now, requestId: "bench", nonce: "", clientAddress: "127.0.0.1" });
    const feedUrl = `${ORIGIN}/calendar/${issued.token}.ics`;

    const first = await handle(new Request(feedUrl));
    const body = await first.text();
    const etag = first.headers.get("ETag");
    if (first.status !== 200 || !etag) throw new Error(`The feed answered ${first.status}.`);
    const bodyBytes = Buffer.byteLength(body, "utf8");
    const listed = body.split("BEGIN:VEVENT").length - 1;
    if (listed !== EVENTS) throw new Error(`The feed lists ${listed} events, not ${EVENTS}.`);

    // The same events, as the route reads them, for ical-generator on its own.
    const feed = await findFeedByToken(db, issued.token);
    if (!feed) throw new Error("The feed was not found.");
    const data = await feedCalendarFor(db, feed, { now, origin: ORIGIN });
    if (data.events.length !== EVENTS) throw new Error(`Read ${data.events.length} events, not ${EVENTS}.`);
    if (feedFor(data) !== feedCalendar(data).toString()) throw new Error("feedFor and ical-generator disagree.");
    if (feedFor(data) !== body) throw new Error("The route's feed differs from the same events written directly.");

    const route = await time(RUNS, async () => {
      const response = await handle(new Request(feedUrl));
      if (response.status !== 200) throw new Error(`GET answered ${response.status}`);
      if ((await bytesOf(response)) !== bodyBytes) throw new Error("The feed changed size between runs.");
    });
    const revalidate = await time(RUNS, async () => {
      const response = await handle(new Request(feedUrl, { headers: { "If-None-Match": etag } }));
      if (response.status !== 304) throw new Error(`Revalidation answered ${response.status}`);
      if ((await bytesOf(response)) !== 0) throw new Error("A 304 came with a body.");
    });
    const serialise = await time(RUNS, () => feedBytes(data));
    const generator = await time(REFERENCE_RUNS, () => feedCalendar(data).toString(), 3);

    const rows: [string, Timing, string][] = [
      [`(a) GET /calendar/<token>.ics, ${EVENTS} events, full route`, route, `< ${TARGET_FEED_MS} ms`],
      [`(b) ical-generator alone, same ${EVENTS} events (${REFERENCE_RUNS} runs)`, generator, ""],
      [`    feedBytes alone (the route's writer), same events`, serialise, ""],
      ["(c) 304 revalidation, If-None-Match, full route", revalidate, `< ${TARGET_304_MS} ms`],
    ];
    const width = Math.max(...rows.map(([name]) => name.length));
    console.log(
      `\nCalendar feed benchmark: ${EVENTS} events (${(body.length / 1024).toFixed(0)} KiB), ${bookings} bookings in the database, ` +
        `${RUNS} runs after ${WARM_UP} warm-up, Node ${process.version}\n`,
    );
    console.log(
      `${"".padEnd(width)}  ${"median".padStart(10)}  ${"p95".padStart(10)}  ${"min".padStart(10)}  target   met`,
    );
    for (const [name, timing, target] of rows) {
      const limit = target ? Number(target.replace(/[^\d.]/g, "")) : null;
      const met = limit === null ? "" : timing.median < limit ? "yes" : "NO";
      console.log(
        `${name.padEnd(width)}  ${ms(timing.median).padStart(10)}  ${ms(timing.p95).padStart(10)}  ${ms(timing.min).padStart(10)}  ${target.padEnd(8)} ${met}`,
      );
    }
    console.log(
      `\nRoute / ical-generator alone (medians): ${(route.median / generator.median).toFixed(2)}× ` +
        `(the route reads the database, checks the token, computes the ETag and writes the calendar).`,
    );
  } finally {
    db.$client.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
