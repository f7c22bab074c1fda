/**
 * Mail benchmark: `npm run bench:mail` (tsx tests/bench/mail.bench.ts).
 *
 * Builds a fresh migrated database in a temp folder with a demo company of 400 people and 600
 * sessions, then, in one run:
 *   (a) books people onto upcoming sessions, each booking in its own write transaction through
 *       `bookSeatWithin`, as the booking form does, and times the message the booking writes: the
 *       `mailSeat` call, timed inside the same transaction (the booking's own message is taken
 *       out first and written again by the timed call, so the insert is measured too);
 *   (b) fills the outbox with 10,000 messages (invitations, updates and cancellations with their
 *       calendar part, waitlist notices, modules assigned, reminders, digests) and times one
 *       dispatcher, as the server starts it, draining them into an SMTP server (the `smtp-server`
 *       package) on this machine, in a process of its own as a mail server would be, checking
 *       that each Message-ID arrives exactly once.
 * Targets: (a) a median under 1 ms; (b) over 500 messages a second.
 * Options: --bookings N (default 1000), --messages N (default 10000).
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { and, eq, like, ne } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { migrateDatabase, openDatabase, schema, type Db } from "~/db.server";
import { dayOf, DAY } from "~/domain/time";
import { MailDispatcher } from "~/mail/dispatcher.server";
import type { NewMessage, SeatPayload } from "~/mail/payloads.server";
import { smtpTransport } from "~/mail/transport.server";
import { bookSeatWithin, type BookSeatInput } from "~/models/bookings.server";
import { guidesForKinds, readSeats } from "~/models/calendar/rows.server";
import { enqueueMail } from "~/models/mail/outbox.server";
import { moduleFacts } from "~/models/mail/module-mail.server";
import { mailSeat } from "~/models/mail/seat-mail.server";
import { seedDemoCompany } from "../../db/seed";
import { TEST_NOW } from "../support/clock";

const ORIGIN = "https://frontline.example";
const FROM = "Frontline <frontline@frontline.example>";
const TARGET_ENQUEUE_MS = 1;
const TARGET_PER_SECOND = 500;
const WARM_UP = 50;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a positive whole number.`);
  return value;
}

const BOOKINGS = option("bookings", 1000);
const MESSAGES = option("messages", 10_000);

/** A small seeded generator, so every run books the same people onto the same sessions. */
function randomSource(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Timing {
  median: number;
  p95: number;
  max: number;
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

/**
 * (a) Bookings of active non-hosts onto upcoming sessions, in a fixed random order, until
 * `wanted` have been made (a booking the rules refuse is skipped): each booking's whole
 * transaction, and its `mailSeat` call alone.
 */
async function timeEnqueueing(db: Db, now: number, wanted: number) {
  const next = randomSource(2027);
  const people = await db
    .select({ id: schema.people.id, name: schema.people.name })
    .from(schema.people)
    .where(and(eq(schema.people.active, true), eq(schema.people.isHost, false)));
  const sessions = (await db.select().from(schema.sessions)).filter(
    (s) => s.status === "scheduled" && s.startsAt > now,
  );
  const bookingTimes: number[] = [];
  const mailTimes: number[] = [];
  let refused = 0;
  let waitlisted = 0;
  for (let made = 0; made < wanted + WARM_UP;) {
    const person = people[Math.floor(next() * people.length)];
    const input: BookSeatInput = {
      personId: person.id,
      sessionId: sessions[Math.floor(next() * sessions.length)].id,
      actorId: person.id,
      source: "self",
      now,
    };
    const timed = await db.write(async (tx) => {
      const started = performance.now();
      const result = await bookSeatWithin(tx, input);
      const booked = performance.now() - started;
      if (!result.ok) return null;
      const { booking } = result;
      const o = schema.outboxMessages;
      await tx.delete(o).where(and(eq(o.personId, booking.personId), like(o.changeKey, `%:booking-${booking.id}:%`)));
      // The same call, with the same facts, as the booking made.
      const told = { byName: person.name, selfBooked: true };
      const before = performance.now();
      if (result.status === "booked") {
        await mailSeat(tx, { bookingId: booking.id, kind: "seat_booked", extra: { ...told, source: "self" }, now });
      } else {
        await mailSeat(tx, {
          bookingId: booking.id,
          kind: "waitlisted",
          extra: { ...told, place: result.place ?? 1 },
          now,
        });
      }
      return { booked, mail: performance.now() - before, status: result.status };
    });
    if (!timed) {
      refused++;
      continue;
    }
    made++;
    if (made <= WARM_UP) continue;
    bookingTimes.push(timed.booked);
    mailTimes.push(timed.mail);
    if (timed.status === "waitlisted") waitlisted++;
  }
  return { booking: timing(bookingTimes), mail: timing(mailTimes), refused, waitlisted };
}

/** An SMTP server that counts what arrives by Message-ID and keeps no more; run in a process of its own. */
async function serveSmtp() {
  const arrived = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      let head = "";
      stream.on("data", (chunk: Buffer) => {
        if (head.length < 8192) head += chunk.toString("utf8");
      });
      stream.on("end", () => {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? "(none)";
        arrived.set(id, (arrived.get(id) ?? 0) + 1);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  process.on("message", () => {
    const twice = [...arrived.values()].filter((n) => n > 1).length;
    process.send?.({ unique: arrived.size, twice });
  });
  process.send?.({ port: (server.server.address() as AddressInfo).port });
}

interface ServerCount {
  unique: number;
  twice: number;
}

/** The counting SMTP server in a child process, as a mail server is another program on the machine. */
async function countingServer() {
  const child = fork(fileURLToPath(import.meta.url), ["--serve-smtp"], { stdio: "inherit" });
  const reply = <T>() => new Promise<T>((resolve) => child.once("message", (message) => resolve(message as T)));
  const { port } = await reply<{ port: number }>();
  return {
    url: `smtp://127.0.0.1:${port}`,
    async count(): Promise<ServerCount> {
      const answer = reply<ServerCount>();
      child.send("count");
      return answer;
    },
    close: () => child.kill(),
  };
}

/**
 * `count` messages of every kind a change or the clock writes, about the company's real seats
 * and modules, to active people: half of them carry a calendar part.
 */
async function fillOutbox(db: Db, now: number, count: number): Promise<Record<string, number>> {
  const bookings = await db
    .select({ id: schema.bookings.id })
    .from(schema.bookings)
    .innerJoin(schema.people, eq(schema.people.id, schema.bookings.personId))
    .where(and(ne(schema.bookings.status, "cancelled"), eq(schema.people.active, true)))
    .limit(600);
  const seats: SeatPayload[] = [];
  for (const { id } of bookings)
    seats.push(...(await readSeats(db, "booking", { bookingId: id })).map((row) => ({ row, guide: null })));
  const guides = await guidesForKinds(db, [...new Set(seats.map((s) => s.row.kindId))]);
  for (const seat of seats) seat.guide = guides.get(seat.row.kindId) ?? null;
  const modules = await db.select({ id: schema.serviceModules.id }).from(schema.serviceModules);
  const facts = [];
  for (const module of modules) {
    const found = await moduleFacts(db, { moduleId: module.id, now, endsBy: now + 28 * DAY });
    if (found) facts.push(found);
  }
  const managers = await db
    .select({ id: schema.people.id })
    .from(schema.people)
    .where(and(eq(schema.people.isManager, true), eq(schema.people.active, true)));

  const messages: NewMessage[] = [];
  for (let i = 0; i < count; i++) {
    const seat = seats[i % seats.length];
    const personId = seat.row.personId;
    const changeKey = `bench:${i}`;
    const module = facts[i % facts.length];
    const { sessions, ...about } = module;
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
        messages.push({
          kind: "seat_booked",
          personId,
          changeKey,
          payload: { ...seat, source: "self", byName: "", selfBooked: true },
        });
        break;
      case 3:
        messages.push({ kind: "seat_updated", personId, changeKey, payload: { ...seat, changes: ["time"] } });
        break;
      case 4:
        messages.push({
          kind: "seat_cancelled",
          personId,
          changeKey,
          payload: { ...seat, byName: "", selfCancelled: true },
        });
        break;
      case 5:
        messages.push({
          kind: "waitlisted",
          personId,
          changeKey,
          payload: { ...seat, place: 2, byName: "", selfBooked: true },
        });
        break;
      case 6:
      case 7:
        messages.push({
          kind: "module_assigned",
          personId,
          changeKey,
          payload: {
            ...about,
            assignmentId: i,
            dueOn: dayOf(now + 21 * DAY, "UTC"),
            assignedByName: "Oskar Lindqvist",
            sessions: sessions.slice(0, 5),
          },
        });
        break;
      case 8:
        messages.push({ kind: "session_reminder", personId, changeKey, payload: seat });
        break;
      default:
        messages.push({
          kind: "manager_digest",
          personId: managers[i % managers.length].id,
          changeKey,
          payload: {
            weekOf: dayOf(now, "UTC"),
            overdue: [{ personId, personName: seat.row.hostName, moduleTitle: about.moduleTitle, dueOn: "2027-02-20" }],
            dueSoon: [],
            moreOverdue: 0,
            moreDueSoon: 0,
          },
        });
    }
  }
  await db.write(async (tx) => {
    // The bookings of (a) and the demo's history are not part of the drain.
    await tx.update(schema.outboxMessages).set({ state: "kept" }).where(eq(schema.outboxMessages.state, "pending"));
    await enqueueMail(tx, messages, now);
  });
  const kinds: Record<string, number> = {};
  for (const message of messages) kinds[message.kind] = (kinds[message.kind] ?? 0) + 1;
  return kinds;
}

/** (b) One dispatcher draining the outbox into the server, until nothing is due. */
async function timeDraining(db: Db, now: number, count: number) {
  const server = await countingServer();
  const transport = smtpTransport(server.url);
  const dispatcher = new MailDispatcher({
    db,
    transport,
    origin: ORIGIN,
    from: FROM,
    clock: () => now,
    owner: "bench",
  });
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const report = await dispatcher.deliverDue();
    const seconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    if (report.sent !== count) throw new Error(`Sent ${report.sent} of ${count}: ${JSON.stringify(report)}`);
    const { unique, twice } = await server.count();
    if (unique !== count || twice > 0) {
      throw new Error(`${unique} Message-IDs arrived for ${count} messages, ${twice} more than once.`);
    }
    return { seconds, perSecond: count / seconds, cpuPerMessage: (user + system) / 1000 / count };
  } finally {
    transport.close();
    server.close();
  }
}

async function main() {
  const folder = mkdtempSync(path.join(os.tmpdir(), "frontline-bench-"));
  const db = openDatabase(`file:${path.join(folder, "frontline.db")}`);
  try {
    await migrateDatabase(db);
    // A fixed "now", so every run measures the same data.
    const now = TEST_NOW;
    const company = await seedDemoCompany(db, { now, people: 400, sessions: 600 });
    console.log(
      `\nMail benchmark: a demo company of ${company.people} people, ${company.sessions} sessions and ` +
        `${company.bookings} bookings, Node ${process.version}, load average ${os.loadavg()[0].toFixed(2)} ` +
        `on ${os.cpus().length} processors\n`,
    );

    const enqueue = await timeEnqueueing(db, now, BOOKINGS);
    const met = (ok: boolean) => (ok ? "yes" : "NO");
    console.log(
      `(a) ${BOOKINGS} bookings (${enqueue.waitlisted} of them waitlist places; ${enqueue.refused} refused by the rules and ` +
        `not counted; ${WARM_UP} warm-up first), each in its own write transaction:`,
    );
    console.log(
      `    ${"".padEnd(36)}  ${"median".padStart(10)}  ${"p95".padStart(10)}  ${"max".padStart(10)}  target   met`,
    );
    const row = (name: string, t: Timing, target: string, ok: string) =>
      console.log(
        `    ${name.padEnd(36)}  ${ms(t.median).padStart(10)}  ${ms(t.p95).padStart(10)}  ${ms(t.max).padStart(10)}  ${target.padEnd(8)} ${ok}`,
      );
    row(
      "mailSeat (the message it writes)",
      enqueue.mail,
      `< ${TARGET_ENQUEUE_MS} ms`,
      met(enqueue.mail.median < TARGET_ENQUEUE_MS),
    );
    row("bookSeatWithin (the whole booking)", enqueue.booking, "", "");

    const kinds = await fillOutbox(db, now, MESSAGES);
    const drain = await timeDraining(db, now, MESSAGES);
    console.log(
      `\n(b) One dispatcher drained ${MESSAGES.toLocaleString("en")} messages into an SMTP server on this machine, ` +
        `each Message-ID exactly once:`,
    );
    console.log(
      `    ${Object.entries(kinds)
        .map(([kind, n]) => `${n} ${kind}`)
        .join(", ")}`,
    );
    console.log(
      `    ${drain.seconds.toFixed(2)} s: ${Math.round(drain.perSecond)} messages a second ` +
        `(target > ${TARGET_PER_SECOND}: ${met(drain.perSecond > TARGET_PER_SECOND)}), ` +
        `${drain.cpuPerMessage.toFixed(2)} ms of the dispatcher's processor time a message`,
    );
    // Both figures are wall-clock: on a machine busy with other work they come out slower.
    console.log(
      `\nLoad average over the last minute: ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} processors.`,
    );
  } finally {
    db.$client.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const run = process.argv.includes("--serve-smtp") ? serveSmtp() : main().then(() => process.exit(0));
  run.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
