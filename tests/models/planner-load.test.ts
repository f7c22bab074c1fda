import { beforeEach, describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { planPairings, type PlannerInput } from "~/domain/planner";
import { DAY, HOUR } from "~/domain/time";
import { loadPlannerInput } from "~/models/planner.server";
import { freshDatabase } from "../support/db";

const NOW = Date.UTC(2027, 4, 3, 8, 0);

type Department = typeof schema.departments.$inferSelect;
type Person = typeof schema.people.$inferSelect;
type Kind = typeof schema.sessionKinds.$inferSelect;
type Session = typeof schema.sessions.$inferSelect;
type Module = typeof schema.serviceModules.$inferSelect;

let db: Db;
let n = 0;

async function aDepartment(name: string, kind: Department["kind"] = "back_office"): Promise<Department> {
  const [row] = await db.insert(schema.departments).values({ name, kind }).returning();
  return row;
}

async function aPerson(
  department: Department,
  fields: Partial<typeof schema.people.$inferInsert> = {},
): Promise<Person> {
  const i = ++n;
  const [row] = await db
    .insert(schema.people)
    .values({ email: `person${i}@example.com`, name: `Person ${i}`, departmentId: department.id, ...fields })
    .returning();
  return row;
}

async function aKind(name: string): Promise<Kind> {
  const [row] = await db.insert(schema.sessionKinds).values({ name, defaultMinutes: 60, onSite: false }).returning();
  return row;
}

async function aModule(title: string, fields: Partial<typeof schema.serviceModules.$inferInsert>): Promise<Module> {
  const [row] = await db
    .insert(schema.serviceModules)
    .values({ title, ...fields })
    .returning();
  return row;
}

async function aSession(
  kind: Kind,
  host: Person,
  startsAt: number,
  fields: Partial<typeof schema.sessions.$inferInsert> = {},
): Promise<Session> {
  const [row] = await db
    .insert(schema.sessions)
    .values({
      kindId: kind.id,
      hostId: host.id,
      startsAt,
      endsAt: startsAt + HOUR,
      timeZone: "UTC",
      seats: 3,
      ...fields,
    })
    .returning();
  return row;
}

let ticket = 0;
async function aBooking(
  session: Session,
  person: Person,
  status: typeof schema.bookings.$inferInsert.status,
  fields: Partial<typeof schema.bookings.$inferInsert> = {},
) {
  await db.insert(schema.bookings).values({
    sessionId: session.id,
    personId: person.id,
    bookedById: person.id,
    status,
    waitlistPosition: status === "waitlisted" ? ++ticket : null,
    cancelledAt: status === "cancelled" ? NOW - DAY : null,
    ...fields,
  });
}

async function anAssignment(
  person: Person,
  module: Module,
  dueAt: number,
  fields: Partial<typeof schema.assignments.$inferInsert> = {},
) {
  const [row] = await db
    .insert(schema.assignments)
    .values({
      personId: person.id,
      moduleId: module.id,
      dueOn: "2027-05-20",
      dueAt,
      assignedById: person.id,
      ...fields,
    })
    .returning();
  return row;
}

// One small company, built afresh for each test: a manager's line in Accounting, a lawyer, a sales host.
let sales: Department, accounting: Department, legal: Department;
let manager: Person, ana: Person, ben: Person, retired: Person, lawyer: Person, host: Person;
let salesCall: Kind, listenIn: Kind;
let sitIn: Module, hear: Module, anyKind: Module, yearly: Module;
let upcoming: Session, listenSoon: Session, held: Session;
const ids: Record<string, number> = {};

beforeEach(async () => {
  ({ db } = await freshDatabase());
  sales = await aDepartment("Sales", "customer_facing");
  accounting = await aDepartment("Accounting");
  legal = await aDepartment("Legal");
  manager = await aPerson(accounting, { isManager: true });
  ana = await aPerson(accounting, { managerId: manager.id });
  ben = await aPerson(accounting, { managerId: ana.id });
  retired = await aPerson(accounting, { managerId: manager.id, active: false });
  lawyer = await aPerson(legal);
  host = await aPerson(sales, { isHost: true });
  salesCall = await aKind("Sales call");
  listenIn = await aKind("Listen-in");
  sitIn = await aModule("Sit in on a sales call", { ruleKindId: salesCall.id, requiredCount: 1 });
  hear = await aModule("Hear the customer", { ruleKindId: listenIn.id, requiredCount: 2, reflectionRequired: true });
  anyKind = await aModule("What to do when a customer asks", { ruleKindId: null, requiredCount: 2 });
  yearly = await aModule("Yearly refresher", { ruleKindId: salesCall.id, requiredCount: 1, validityDays: 30 });

  upcoming = await aSession(salesCall, host, NOW + 2 * DAY, { seats: 3, departmentCap: 1 });
  listenSoon = await aSession(listenIn, host, NOW + 3 * DAY);
  held = await aSession(listenIn, host, NOW - 5 * DAY);
  const longAgo = await aSession(salesCall, host, NOW - 60 * DAY);
  ids.started = (await aSession(salesCall, host, NOW - HOUR)).id;
  ids.atNow = (await aSession(salesCall, host, NOW)).id;
  ids.beyond = (await aSession(salesCall, host, NOW + 29 * DAY)).id;
  ids.cancelled = (await aSession(salesCall, host, NOW + 4 * DAY, { status: "cancelled", cancelledAt: NOW - DAY })).id;
  const cancelledSession = await db.query.sessions.findFirst({ where: (s, { eq }) => eq(s.id, ids.cancelled) });

  // On the upcoming sales call: a lawyer seated, an accountant waiting, a cancellation.
  await aBooking(upcoming, lawyer, "booked");
  await aBooking(upcoming, ben, "waitlisted");
  await aBooking(upcoming, retired, "cancelled");

  // Ana: a reflected listen-in and one still waiting for its reflection.
  await aBooking(held, ana, "attended", { reflection: "They asked about invoices.", reflectedAt: NOW - 4 * DAY });
  const another = await aSession(listenIn, host, NOW - 6 * DAY);
  await aBooking(another, ana, "attended");
  // Ben: a listen-in booked ahead, and a sales call long ago: evidence for a module that never
  // expires, too old for one valid 30 days.
  await aBooking(listenSoon, ben, "booked");
  await aBooking(longAgo, ben, "attended");
  await aBooking(cancelledSession!, ana, "booked");

  ids.anaSitIn = (await anAssignment(ana, sitIn, NOW + 10 * DAY)).id;
  ids.anaHear = (await anAssignment(ana, hear, NOW + 20 * DAY)).id;
  ids.benAny = (await anAssignment(ben, anyKind, NOW + 15 * DAY)).id;
  ids.benYearly = (await anAssignment(ben, yearly, NOW + 15 * DAY)).id;
  await anAssignment(lawyer, sitIn, NOW + 5 * DAY, { status: "withdrawn", withdrawnAt: NOW - DAY });
  ids.lawyerHear = (await anAssignment(lawyer, hear, NOW + 5 * DAY)).id;
});

const load = (scope: Parameters<typeof loadPlannerInput>[1], horizonDays?: number): Promise<PlannerInput> =>
  loadPlannerInput(db, scope, { now: NOW, horizonDays });

describe("loadPlannerInput", () => {
  it("takes a manager's active reports, direct and indirect, but not the manager", async () => {
    const input = await load({ kind: "team", managerId: manager.id });
    expect(input.people.map((p) => p.id)).toEqual([ana.id, ben.id]);
    expect(input.now).toBe(NOW);
  });

  it("narrows a manager's team to their reports in one department", async () => {
    const counsel = await aPerson(legal, { managerId: manager.id });
    await anAssignment(counsel, sitIn, NOW + 10 * DAY);
    const inLegal = await load({ kind: "team", managerId: manager.id, departmentId: legal.id });
    expect(inLegal.people.map((p) => p.id)).toEqual([counsel.id]);
    expect(new Set(inLegal.assignments.map((a) => a.personId))).toEqual(new Set([counsel.id]));
    const inAccounting = await load({ kind: "team", managerId: manager.id, departmentId: accounting.id });
    expect(inAccounting.people.map((p) => p.id)).toEqual([ana.id, ben.id]);
  });

  it("takes a whole department, or everyone active, leaving out whoever has nothing assigned", async () => {
    expect((await load({ kind: "department", departmentId: legal.id })).people.map((p) => p.id)).toEqual([lawyer.id]);
    const everyone = await load({ kind: "everyone" });
    expect(everyone.people.map((p) => p.id)).toEqual([ana.id, ben.id, lawyer.id]);
  });

  it("counts what each open assignment still needs after evidence and bookings ahead", async () => {
    const input = await load({ kind: "everyone" });
    const byId = new Map(input.assignments.map((a) => [a.id, a]));
    expect(byId.get(ids.anaSitIn)).toEqual({
      id: ids.anaSitIn,
      personId: ana.id,
      moduleId: sitIn.id,
      moduleTitle: "Sit in on a sales call",
      kindId: salesCall.id,
      remaining: 1,
      dueAt: NOW + 10 * DAY,
      dueOn: "2027-05-20",
      bookedSeats: 0,
    });
    // Two listen-ins attended, one reflected: the rule asks for reflections, so one counts.
    expect(byId.get(ids.anaHear)?.remaining).toBe(1);
    // For a module of any kind, an old sales call counts and a listen-in booked ahead will.
    expect(byId.get(ids.benAny)).toMatchObject({ kindId: null, remaining: 0, bookedSeats: 1 });
    // A sales call from 60 days ago is outside a 30-day module's window.
    expect(byId.get(ids.benYearly)?.remaining).toBe(1);
    // Withdrawn assignments are not needs.
    expect([...byId.values()].filter((a) => a.personId === lawyer.id).map((a) => a.id)).toEqual([ids.lawyerHear]);
  });

  it("counts attended and booked time for a rule counted in hours", async () => {
    // Two hours of listen-ins; the 15-minute ones count 15 minutes each.
    const twoHours = await aModule("Two hours on the call line", {
      ruleKindId: listenIn.id,
      requiredCount: 1,
      requiredMinutes: 120,
    });
    const short = async (startsAt: number) => aSession(listenIn, host, startsAt, { endsAt: startsAt + 15 * 60_000 });
    for (const daysAgo of [7, 8, 9]) await aBooking(await short(NOW - daysAgo * DAY), lawyer, "attended");
    const lawyerHours = (await anAssignment(lawyer, twoHours, NOW + 10 * DAY)).id;
    // Ben has an hour attended and the hour-long listen-in booked ahead.
    await aBooking(await aSession(listenIn, host, NOW - 2 * DAY), ben, "attended");
    const benHours = (await anAssignment(ben, twoHours, NOW + 10 * DAY)).id;

    const byId = new Map((await load({ kind: "everyone" })).assignments.map((a) => [a.id, a]));
    // 45 minutes of 120: one more session is needed.
    expect(byId.get(lawyerHours)).toMatchObject({ remaining: 1, bookedSeats: 0 });
    // An hour attended and an hour booked ahead: the booking covers the rest.
    expect(byId.get(benHours)).toMatchObject({ remaining: 0, bookedSeats: 1 });
  });

  it("offers scheduled sessions that start after now and within the horizon, with seats and caps", async () => {
    const input = await load({ kind: "everyone" });
    expect(input.sessions.map((s) => s.id)).toEqual([upcoming.id, listenSoon.id]);
    const call = input.sessions[0];
    expect(call).toEqual({
      id: upcoming.id,
      kindId: salesCall.id,
      hostId: host.id,
      hostDepartmentId: sales.id,
      startsAt: upcoming.startsAt,
      endsAt: upcoming.endsAt,
      // Three seats, one seated and one waiting.
      seatsLeft: 1,
      departmentCap: 1,
      bookedByDepartment: { [legal.id]: 1, [accounting.id]: 1 },
    });
    const longer = await load({ kind: "everyone" }, 30);
    expect(longer.sessions.map((s) => s.id)).toContain(ids.beyond);
    expect(longer.sessions.map((s) => s.id)).not.toContain(ids.atNow);
  });

  it("gives each person the live bookings that can still collide, and only those", async () => {
    const input = await load({ kind: "team", managerId: manager.id });
    const anaIn = input.people.find((p) => p.id === ana.id)!;
    const benIn = input.people.find((p) => p.id === ben.id)!;
    expect(anaIn.bookings).toEqual([]);
    expect(benIn.bookings).toEqual(
      expect.arrayContaining([
        { startsAt: upcoming.startsAt, endsAt: upcoming.endsAt },
        { startsAt: listenSoon.startsAt, endsAt: listenSoon.endsAt },
      ]),
    );
    expect(benIn.bookings).toHaveLength(2);
  });

  it("feeds the planner: the accountant cap on the sales call is already reached", async () => {
    const result = planPairings(await load({ kind: "team", managerId: manager.id }));
    // Ana's sales call is capped for Accounting (Ben waits there), Ben is busy at both times.
    expect(result.proposals).toEqual([
      expect.objectContaining({ personId: ana.id, sessionId: listenSoon.id, assignmentId: ids.anaHear }),
    ]);
    expect(result.unplaced).toEqual([
      expect.objectContaining({ personId: ben.id, reason: expect.objectContaining({ code: "sessions_unavailable" }) }),
    ]);
  });
});
