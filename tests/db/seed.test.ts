import { TZDate } from "@date-fns/tz";
import { asc } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "~/auth/password.server";
import { schema, type Db } from "~/db.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoCompany, type SeedOptions } from "../../db/seed";
import { freshDatabase } from "../support/db";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
// A Thursday a few days before Europe moves its clocks forward, so the weeks ahead cross the change.
const NOW = Date.UTC(2025, 2, 27, 9, 30);

const DEPARTMENTS = {
  Administration: "back_office",
  Accounting: "back_office",
  Finance: "back_office",
  HR: "back_office",
  Legal: "back_office",
  IT: "back_office",
  Procurement: "back_office",
  Sales: "customer_facing",
  "Installation & Field Service": "customer_facing",
  "Customer Care": "customer_facing",
} as const;

type Snapshot = Awaited<ReturnType<typeof snapshot>>;

async function snapshot(db: Db) {
  return {
    departments: await db.select().from(schema.departments).orderBy(asc(schema.departments.id)),
    people: await db.select().from(schema.people).orderBy(asc(schema.people.id)),
    kinds: await db.select().from(schema.sessionKinds).orderBy(asc(schema.sessionKinds.id)),
    modules: await db.select().from(schema.serviceModules).orderBy(asc(schema.serviceModules.id)),
    series: await db.select().from(schema.sessionSeries).orderBy(asc(schema.sessionSeries.id)),
    sessions: await db.select().from(schema.sessions).orderBy(asc(schema.sessions.id)),
    bookings: await db.select().from(schema.bookings).orderBy(asc(schema.bookings.id)),
    completions: await db.select().from(schema.completions).orderBy(asc(schema.completions.id)),
    assignments: await db.select().from(schema.assignments).orderBy(asc(schema.assignments.id)),
    settings: await db.select().from(schema.settings),
    audit: await db.select().from(schema.auditLog),
  };
}

async function seededCompany(options: SeedOptions): Promise<{ db: Db; company: Snapshot }> {
  const { db } = await freshDatabase();
  await seedDemoCompany(db, options);
  return { db, company: await snapshot(db) };
}

function byId<T extends { id: number }>(rows: T[]): Map<number, T> {
  return new Map(rows.map((row) => [row.id, row]));
}

const holdsSeat = (status: string) => status === "booked" || status === "attended" || status === "no_show";

function localTime(ms: number, zone: string) {
  const local = new TZDate(ms, zone);
  return { weekday: local.getDay(), minutes: local.getHours() * 60 + local.getMinutes() };
}

describe.each([
  { label: "The demo company", options: { now: NOW, seed: 7 } },
  { label: "A demo company of 1,000 people", options: { now: NOW, seed: 3, people: 1000, sessions: 600 } },
])("$label", ({ options }) => {
  let company: Snapshot;
  let db: Db;
  beforeAll(async () => {
    ({ db, company } = await seededCompany(options));
  });

  it("staffs every listed department, each with a manager, and gives everyone but the chief executive a manager", () => {
    expect(company.people).toHaveLength(options.people ?? 80);
    expect(Object.fromEntries(company.departments.map((d) => [d.name, d.kind]))).toEqual(DEPARTMENTS);
    const people = byId(company.people);
    for (const department of company.departments) {
      const staff = company.people.filter((p) => p.departmentId === department.id);
      expect(staff.length, department.name).toBeGreaterThanOrEqual(2);
      expect(
        staff.some((p) => p.isManager),
        department.name,
      ).toBe(true);
    }
    const withoutManager = company.people.filter((p) => p.managerId === null);
    expect(withoutManager.map((p) => p.title)).toEqual(["Chief Executive Officer"]);
    for (const person of company.people) {
      if (person.managerId !== null) expect(people.get(person.managerId)?.isManager).toBe(true);
    }
    expect(new Set(company.people.map((p) => p.email)).size).toBe(company.people.length);
    expect(company.people.filter((p) => !p.active)).toHaveLength(1);
  });

  it("hosts only from customer-facing departments", () => {
    const departments = byId(company.departments);
    const hosts = company.people.filter((p) => p.isHost);
    expect(hosts.length).toBeGreaterThan(company.people.length / 3);
    for (const host of hosts) expect(departments.get(host.departmentId)?.kind).toBe("customer_facing");
  });

  it("never books more seats than a session has", () => {
    for (const session of company.sessions) {
      const seated = company.bookings.filter((b) => b.sessionId === session.id && holdsSeat(b.status));
      expect(seated.length, `session ${session.id}`).toBeLessThanOrEqual(session.seats);
    }
  });

  it("never gives a person two bookings at overlapping times", () => {
    const sessions = byId(company.sessions);
    const live = new Map<number, { start: number; end: number }[]>();
    for (const booking of company.bookings) {
      if (booking.status === "cancelled") continue;
      const session = sessions.get(booking.sessionId)!;
      live.set(booking.personId, [
        ...(live.get(booking.personId) ?? []),
        { start: session.startsAt, end: session.endsAt },
      ]);
    }
    for (const [personId, intervals] of live) {
      intervals.sort((a, b) => a.start - b.start);
      for (let i = 1; i < intervals.length; i++) {
        expect(intervals[i].start, `person ${personId}`).toBeGreaterThanOrEqual(intervals[i - 1].end);
      }
    }
  });

  it("never has anyone shadow a session hosted from their own department", () => {
    const people = byId(company.people);
    const sessions = byId(company.sessions);
    for (const booking of company.bookings) {
      const host = people.get(sessions.get(booking.sessionId)!.hostId)!;
      expect(people.get(booking.personId)!.departmentId).not.toBe(host.departmentId);
    }
  });

  it("respects each session's department cap", () => {
    const people = byId(company.people);
    const capped = company.sessions.filter((s) => s.departmentCap !== null);
    expect(capped.length).toBeGreaterThan(0);
    for (const session of capped) {
      const perDepartment = new Map<number, number>();
      for (const booking of company.bookings) {
        if (booking.sessionId !== session.id || booking.status === "cancelled") continue;
        const department = people.get(booking.personId)!.departmentId;
        perDepartment.set(department, (perDepartment.get(department) ?? 0) + 1);
      }
      for (const taken of perDepartment.values()) expect(taken).toBeLessThanOrEqual(session.departmentCap!);
    }
  });

  it("keeps a waitlist only behind full upcoming sessions, in the order people joined it", () => {
    const waitlisted = company.bookings.filter((b) => b.status === "waitlisted");
    expect(waitlisted.length).toBeGreaterThan(0);
    for (const session of company.sessions) {
      const queue = waitlisted.filter((b) => b.sessionId === session.id);
      if (queue.length === 0) continue;
      expect(session.startsAt).toBeGreaterThan(NOW);
      const seated = company.bookings.filter((b) => b.sessionId === session.id && holdsSeat(b.status));
      expect(seated).toHaveLength(session.seats);
      queue.sort((a, b) => a.waitlistPosition! - b.waitlistPosition!);
      expect(queue.map((b) => b.waitlistPosition)).toEqual(queue.map((_, i) => i + 1));
      const joined = queue.map((b) => b.createdAt);
      expect(joined).toEqual([...joined].sort((a, b) => a - b));
      expect(Math.min(...joined)).toBeGreaterThanOrEqual(Math.max(...seated.map((b) => b.createdAt)));
    }
  });

  it("records who made each booking, when, and what became of it", () => {
    const people = byId(company.people);
    const sessions = byId(company.sessions);
    const statuses = new Set(company.bookings.map((b) => b.status));
    expect([...statuses].sort()).toEqual(["attended", "booked", "cancelled", "no_show", "waitlisted"]);
    for (const booking of company.bookings) {
      const session = sessions.get(booking.sessionId)!;
      const person = people.get(booking.personId)!;
      expect(session.status).toBe("scheduled");
      expect(person.active).toBe(true);
      if (booking.source === "self") expect(booking.bookedById).toBe(booking.personId);
      else expect([booking.source, booking.bookedById]).toEqual(["manager", person.managerId]);
      expect(booking.createdAt).toBeLessThan(Math.min(session.startsAt, NOW));
      expect(booking.createdAt).toBeGreaterThanOrEqual(session.createdAt);
      expect(booking.updatedAt).toBeGreaterThanOrEqual(booking.createdAt);
      expect(booking.updatedAt).toBeLessThanOrEqual(NOW);
      expect(booking.cancelledAt !== null).toBe(booking.status === "cancelled");
      if (booking.status === "cancelled") expect(booking.cancelledById).not.toBeNull();
      if (booking.status === "attended" || booking.status === "no_show")
        expect(session.endsAt).toBeLessThanOrEqual(NOW);
      if (booking.reflection) {
        expect(booking.status).toBe("attended");
        expect(booking.reflectedAt).toBeGreaterThan(session.endsAt);
        expect(booking.updatedAt).toBe(booking.reflectedAt);
      } else expect(booking.reflectedAt).toBeNull();
    }
  });

  it("derives every completion from evidence that meets its module's rule, and misses none", () => {
    const bookings = byId(company.bookings);
    const sessions = byId(company.sessions);
    const people = byId(company.people);
    const attendedBy = new Map<number, typeof company.bookings>();
    for (const booking of company.bookings) {
      if (booking.status === "attended")
        attendedBy.set(booking.personId, [...(attendedBy.get(booking.personId) ?? []), booking]);
    }
    const counts = (module: (typeof company.modules)[number], booking: (typeof company.bookings)[number]) =>
      (module.ruleKindId === null || sessions.get(booking.sessionId)!.kindId === module.ruleKindId) &&
      (!module.reflectionRequired || booking.reflection.length > 0);

    const held = new Set<string>();
    for (const completion of company.completions) {
      const module = company.modules.find((m) => m.id === completion.moduleId)!;
      held.add(`${completion.personId}:${completion.moduleId}`);
      expect(completion.revokedAt).toBeNull();
      expect(completion.expiresAt).toBe(
        module.validityDays === null ? null : completion.completedAt + module.validityDays * DAY,
      );
      if (completion.source === "manual") {
        expect(completion.evidence).toEqual([]);
        expect(completion.manualReason.length).toBeGreaterThan(20);
        expect(completion.signedOffById).toBe(people.get(completion.personId)!.managerId);
        continue;
      }
      const evidence = completion.evidence.map((id) => bookings.get(id)!);
      expect(evidence).toHaveLength(module.requiredCount);
      for (const booking of evidence) {
        expect(booking.personId).toBe(completion.personId);
        expect(booking.status).toBe("attended");
        expect(counts(module, booking)).toBe(true);
      }
      expect(completion.completedAt).toBe(Math.max(...evidence.map((b) => b.updatedAt)));
    }
    expect(company.completions.filter((c) => c.source === "manual")).toHaveLength(1);

    for (const person of company.people) {
      for (const module of company.modules) {
        const met =
          (attendedBy.get(person.id) ?? []).filter((b) => counts(module, b)).length >= module.requiredCount;
        if (met) expect(held.has(`${person.id}:${module.id}`), `${person.name}, ${module.title}`).toBe(true);
      }
    }
  });

  it("completes an assignment exactly when its module is held, and dates the rest in the assignee's zone", () => {
    const people = byId(company.people);
    const completionFor = new Map(company.completions.map((c) => [`${c.personId}:${c.moduleId}`, c]));
    for (const assignment of company.assignments) {
      const person = people.get(assignment.personId)!;
      const completion = completionFor.get(`${assignment.personId}:${assignment.moduleId}`);
      expect(assignment.status).toBe(completion ? "completed" : "open");
      expect(assignment.completionId).toBe(completion?.id ?? null);
      expect(assignment.assignedById).toBe(person.managerId);
      const [year, month, day] = assignment.dueOn.split("-").map(Number);
      expect(assignment.dueAt).toBe(new TZDate(year, month - 1, day + 1, person.timeZone).getTime());
      expect(assignment.createdAt).toBeLessThan(Math.min(NOW, assignment.dueAt));
    }
    const open = company.assignments.filter((a) => a.status === "open");
    expect(open.some((a) => a.dueAt < NOW)).toBe(true);
    expect(open.some((a) => a.dueAt >= NOW && a.dueAt < NOW + 8 * DAY)).toBe(true);
    expect(company.assignments.some((a) => a.status === "completed")).toBe(true);
    const backOffice = new Set(company.departments.filter((d) => d.kind === "back_office").map((d) => d.id));
    const shadows = company.people.filter(
      (p) => p.active && p.managerId !== null && backOffice.has(p.departmentId),
    );
    expect(company.assignments.length).toBeGreaterThanOrEqual(shadows.length * 1.5);
  });

  it("fills the next four weeks with sessions at working hours in the host's zone, never double-booking a host", () => {
    const people = byId(company.people);
    for (let week = 0; week < 4; week++) {
      const inWeek = company.sessions.filter(
        (s) => s.startsAt >= NOW + week * 7 * DAY && s.startsAt < NOW + (week + 1) * 7 * DAY,
      );
      expect(new Set(inWeek.map((s) => s.kindId)).size, `week ${week + 1}`).toBe(company.kinds.length);
    }
    expect(company.sessions.some((s) => s.endsAt <= NOW)).toBe(true);
    const byHost = new Map<number, typeof company.sessions>();
    for (const session of company.sessions) {
      const host = people.get(session.hostId)!;
      expect(host.isHost).toBe(true);
      expect(session.timeZone).toBe(host.timeZone);
      expect(session.startsAt).toBeGreaterThanOrEqual(NOW - 14 * DAY);
      expect(session.startsAt).toBeLessThan(NOW + 28 * DAY);
      const start = localTime(session.startsAt, session.timeZone);
      const end = localTime(session.endsAt, session.timeZone);
      expect([1, 2, 3, 4, 5]).toContain(start.weekday);
      expect(start.minutes).toBeGreaterThanOrEqual(8 * 60);
      expect(end.minutes).toBeLessThanOrEqual(17 * 60);
      const kind = company.kinds.find((k) => k.id === session.kindId)!;
      expect(session.endsAt - session.startsAt).toBe(kind.defaultMinutes * MINUTE);
      expect(kind.onSite ? session.location : session.meetingUrl).not.toBe("");
      byHost.set(session.hostId, [...(byHost.get(session.hostId) ?? []), session]);
    }
    for (const hosted of byHost.values()) {
      hosted.sort((a, b) => a.startsAt - b.startsAt);
      for (let i = 1; i < hosted.length; i++)
        expect(hosted[i].startsAt).toBeGreaterThanOrEqual(hosted[i - 1].endsAt);
    }
  });

  it("repeats each weekly listen-in block at the same local time from its recurrence rule", () => {
    expect(company.series.length).toBeGreaterThan(0);
    for (const series of company.series) {
      const count = Number(/COUNT=(\d+)/.exec(series.rrule)?.[1]);
      expect(series.rrule.startsWith("FREQ=WEEKLY;")).toBe(true);
      const occurrences = company.sessions.filter((s) => s.seriesId === series.id);
      expect(occurrences).toHaveLength(count);
      expect(occurrences[0].startsAt).toBe(series.firstStartsAt);
      const first = localTime(series.firstStartsAt, series.timeZone);
      for (const occurrence of occurrences) {
        expect(localTime(occurrence.startsAt, series.timeZone)).toEqual(first);
        expect(occurrence.endsAt - occurrence.startsAt).toBe(series.durationMinutes * MINUTE);
        expect([occurrence.hostId, occurrence.seats, occurrence.meetingUrl]).toEqual([
          series.hostId,
          series.seats,
          series.meetingUrl,
        ]);
      }
    }
  });

  it("refuses to seed a database that already holds people", async () => {
    await expect(seedDemoCompany(db, options)).rejects.toThrow(/empty database/);
    expect(await db.$count(schema.people)).toBe(company.people.length);
  });
});

describe("The demo company's first visit", () => {
  let company: Snapshot;
  beforeAll(async () => {
    ({ company } = await seededCompany({ now: NOW }));
  });

  it("lets each demo account sign in with the demo password, and nobody else", async () => {
    expect(DEMO_ACCOUNTS.length).toBeGreaterThanOrEqual(4);
    for (const account of DEMO_ACCOUNTS) {
      const person = company.people.find((p) => p.email === account.email);
      expect(person?.name).toBe(account.name);
      expect(await verifyPassword(DEMO_PASSWORD, person?.passwordHash)).toBe(true);
      expect(await verifyPassword("not-the-password", person?.passwordHash)).toBe(false);
    }
    const demoEmails = new Set(DEMO_ACCOUNTS.map((a) => a.email));
    for (const person of company.people) {
      if (!demoEmails.has(person.email)) expect(person.passwordHash).toBeNull();
    }
  });

  it("gives the demo accounts the roles their labels promise", () => {
    const account = (label: string) => {
      const email = DEMO_ACCOUNTS.find((a) => a.roleLabel === label)?.email;
      return company.people.find((p) => p.email === email)!;
    };
    const reportsOf = (id: number) => company.people.filter((p) => p.managerId === id);
    expect(account("Admin").isAdmin).toBe(true);
    expect(account("Manager").isManager).toBe(true);
    expect(reportsOf(account("Manager").id).length).toBeGreaterThanOrEqual(3);
    expect(account("Host and manager")).toMatchObject({ isHost: true, isManager: true });
    expect(reportsOf(account("Host and manager").id).length).toBeGreaterThanOrEqual(2);
    expect(account("Host")).toMatchObject({ isHost: true, isManager: false });
    expect(account("Employee")).toMatchObject({ isHost: false, isManager: false, isAdmin: false });
  });

  it("tells the demo employee's story: a module held, a booked sales call, a waitlist place and an overdue assignment", () => {
    const emma = company.people.find(
      (p) => p.email === DEMO_ACCOUNTS.find((a) => a.roleLabel === "Employee")?.email,
    )!;
    const hers = company.bookings.filter((b) => b.personId === emma.id);
    expect(hers.filter((b) => b.status === "attended" && b.reflection)).toHaveLength(2);
    expect(hers.filter((b) => b.status === "booked")).toHaveLength(1);
    expect(hers.filter((b) => b.status === "waitlisted")).toHaveLength(1);
    const assignments = company.assignments.filter((a) => a.personId === emma.id);
    expect(assignments.map((a) => a.status).sort()).toEqual(["completed", "open", "open"]);
    expect(assignments.some((a) => a.status === "open" && a.dueAt < NOW)).toBe(true);
  });

  it("gives the demo hosts sessions with shadows booked on them", () => {
    for (const label of ["Host", "Host and manager"]) {
      const host = company.people.find(
        (p) => p.email === DEMO_ACCOUNTS.find((a) => a.roleLabel === label)?.email,
      )!;
      const hosted = company.sessions.filter((s) => s.hostId === host.id);
      expect(hosted.filter((s) => s.startsAt > NOW).length, label).toBeGreaterThanOrEqual(3);
      for (const session of hosted) {
        expect(
          company.bookings.some((b) => b.sessionId === session.id && holdsSeat(b.status)),
          label,
        ).toBe(true);
      }
    }
  });

  it("offers at least six modules with guides worth reading", () => {
    expect(company.modules.length).toBeGreaterThanOrEqual(6);
    expect(company.modules.map((m) => m.title)).toEqual(
      expect.arrayContaining([
        "Hear the customer: call-line listen-in",
        "Ride-along: install day",
        "Sit in on a sales call",
        "What to do when a customer asks you for help",
        "Follow up",
      ]),
    );
    for (const module of company.modules) {
      expect(module.summary.length, module.title).toBeGreaterThan(40);
      expect(module.guide.length, module.title).toBeGreaterThan(800);
      expect(module.guide.split("\n\n").length, module.title).toBeGreaterThanOrEqual(4);
      expect(
        module.guide.split("\n").filter((line) => line.startsWith("- ")).length,
        module.title,
      ).toBeGreaterThanOrEqual(3);
    }
    const listenIn = company.kinds.find((k) => k.name === "Call-centre listen-in")!;
    expect(company.modules.find((m) => m.title.startsWith("Hear the customer"))).toMatchObject({
      ruleKindId: listenIn.id,
      requiredCount: 2,
      reflectionRequired: true,
      validityDays: 365,
      core: true,
    });
    expect(company.modules.find((m) => m.title.startsWith("What to do"))?.ruleKindId).toBeNull();
  });

  it("marks the installation as a demo and writes the seeding to the audit log", () => {
    expect(company.settings).toEqual([{ key: "demo_company", value: "1" }]);
    expect(company.audit).toHaveLength(1);
    expect(company.audit[0]).toMatchObject({ action: "company.seeded", entityType: "company", at: NOW });
  });

  it("builds the same company from the same seed and instant", async () => {
    const again = (await seededCompany({ now: NOW })).company;
    const withoutHashes = (c: Snapshot) => ({
      ...c,
      people: c.people.map(({ passwordHash, ...person }) => ({
        ...person,
        hasPassword: passwordHash !== null,
      })),
      audit: c.audit.map(({ id, ...entry }) => entry),
    });
    expect(withoutHashes(again)).toEqual(withoutHashes(company));
    const other = (await seededCompany({ now: NOW, seed: 2 })).company;
    expect(other.people.map((p) => p.name)).not.toEqual(company.people.map((p) => p.name));
  });
});
