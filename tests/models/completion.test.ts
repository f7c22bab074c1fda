import { and, asc, eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { DAY, HOUR, MINUTE } from "~/domain/time";
import { bookSeat, recordAttendance, saveReflection } from "~/models/bookings.server";
import {
  completionsOf,
  progressFor,
  recomputeCompletion,
  refreshExpiries,
  signOffManually,
} from "~/models/completion.server";
import { saveModule } from "~/models/modules.server";
import { anAttendedSession } from "../support/attendance";
import { freshDatabase } from "../support/db";
import {
  aDepartment,
  aKind,
  aModule,
  anAssignment,
  aPerson,
  aSession,
  TEST_NOW,
  type Person,
  type SessionKind,
} from "../support/builders";

const NOW = TEST_NOW;
let db: Db;

beforeEach(async () => {
  ({ db } = await freshDatabase());
});

async function assignmentById(id: number) {
  const [row] = await db.select().from(schema.assignments).where(eq(schema.assignments.id, id));
  return row;
}

/** The person's completions of one module, newest first (other modules may count the same sessions). */
async function completionsOfModule(personId: number, moduleId: number) {
  return (await completionsOf(db, personId)).filter((c) => c.moduleId === moduleId);
}

async function audits(entityType: string, entityIds: number[]) {
  return db
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.entityType, entityType), inArray(schema.auditLog.entityId, entityIds)))
    .orderBy(asc(schema.auditLog.id));
}

/** A back-office shadow with a manager, ready to attend sessions of `kind`. */
async function aShadow() {
  const manager = await aPerson(db, { isManager: true });
  const person = await aPerson(db, { department: await aDepartment(db), manager });
  return { person, manager };
}

/** Books the person on a new hour-long session of the kind, and the host confirms attendance. */
const attend = (person: Person, kind: SessionKind, startsAt: number) =>
  anAttendedSession(db, { person, kind, startsAt });

describe("completion from attendance", () => {
  it("completes a module and its assignment the moment attendance is confirmed", async () => {
    const kind = await aKind(db, { name: "Sales call" });
    const module = await aModule(db, { kind, requiredCount: 1 });
    const { person, manager } = await aShadow();
    const assignment = await anAssignment(db, { person, module, assignedBy: manager });

    const { session, booking, completions } = await attend(person, kind, NOW + 2 * DAY);

    expect(completions.filter((c) => c.moduleId === module.id)).toHaveLength(1);
    const [completion] = await completionsOfModule(person.id, module.id);
    expect(completion).toMatchObject({
      moduleId: module.id,
      source: "evidence",
      evidence: [booking.id],
      completedAt: session.endsAt,
      expiresAt: null,
      revokedAt: null,
    });
    expect(await assignmentById(assignment.id)).toMatchObject({ status: "completed", completionId: completion.id });
    expect((await audits("completion", [completion.id])).map((a) => [a.action, a.actorId])).toEqual([
      ["completion.created", session.hostId],
    ]);
    expect((await audits("assignment", [assignment.id])).map((a) => a.action)).toEqual(["assignment.completed"]);
  });

  it("does not count a session of another kind", async () => {
    const [listenIn, install] = [await aKind(db), await aKind(db)];
    const module = await aModule(db, { kind: listenIn });
    const { person } = await aShadow();
    await anAssignment(db, { person, module });
    await attend(person, install, NOW + 3 * DAY);
    const item = (await progressFor(db, person.id, NOW + 4 * DAY)).find((p) => p.module.id === module.id);
    expect(item).toMatchObject({ standing: "due", completion: null });
  });

  it("completes a reflection-required module only after the reflection is written", async () => {
    const kind = await aKind(db);
    const module = await aModule(db, { kind, requiredCount: 2, reflectionRequired: true });
    const { person } = await aShadow();
    const assignment = await anAssignment(db, { person, module });

    const first = await attend(person, kind, NOW + 2 * DAY);
    const second = await attend(person, kind, NOW + 3 * DAY);
    expect(first.completions.filter((c) => c.moduleId === module.id)).toEqual([]);
    expect(second.completions.filter((c) => c.moduleId === module.id)).toEqual([]);

    const firstReflection = await saveReflection(db, {
      bookingId: first.booking.id,
      personId: person.id,
      text: "Listened to a billing complaint.",
      now: NOW + 4 * DAY,
    });
    expect(firstReflection).toMatchObject({ ok: true });
    expect(firstReflection.ok && firstReflection.completions.filter((c) => c.moduleId === module.id)).toEqual([]);
    expect((await assignmentById(assignment.id)).status).toBe("open");

    const reflectedAt = NOW + 5 * DAY;
    const secondReflection = await saveReflection(db, {
      bookingId: second.booking.id,
      personId: person.id,
      text: "A caller wanted a refund.",
      now: reflectedAt,
    });
    expect(secondReflection.ok && secondReflection.completions.filter((c) => c.moduleId === module.id)).toMatchObject([
      { change: "created" },
    ]);
    const [completion] = await completionsOfModule(person.id, module.id);
    expect(completion).toMatchObject({ completedAt: reflectedAt, evidence: [second.booking.id, first.booking.id] });
    expect(await assignmentById(assignment.id)).toMatchObject({ status: "completed", completionId: completion.id });
  });

  it("withdraws the completion and reopens the assignment when attendance is undone, keeping the record", async () => {
    const kind = await aKind(db);
    const module = await aModule(db, { kind });
    const { person } = await aShadow();
    const assignment = await anAssignment(db, { person, module });
    const { session, booking } = await attend(person, kind, NOW + 2 * DAY);
    const [completion] = await completionsOfModule(person.id, module.id);

    const undoneAt = session.endsAt + HOUR;
    const undone = await recordAttendance(db, {
      bookingId: booking.id,
      actorId: session.hostId,
      status: "booked",
      now: undoneAt,
    });
    expect(undone).toMatchObject({ ok: true, booking: { status: "booked" } });
    expect(undone.ok && undone.completions.filter((c) => c.moduleId === module.id)).toMatchObject([
      { change: "revoked", reason: "evidence_withdrawn" },
    ]);

    const [kept] = await completionsOfModule(person.id, module.id);
    expect(kept).toMatchObject({ id: completion.id, revokedAt: undoneAt });
    expect(kept.revokedReason).not.toBe("");
    expect(await assignmentById(assignment.id)).toMatchObject({ status: "open", completionId: null });
    expect((await audits("completion", [completion.id])).map((a) => a.action)).toEqual([
      "completion.created",
      "completion.withdrawn",
    ]);
    expect((await audits("assignment", [assignment.id])).map((a) => a.action)).toEqual([
      "assignment.completed",
      "assignment.reopened",
    ]);

    const again = await recordAttendance(db, {
      bookingId: booking.id,
      actorId: session.hostId,
      status: "attended",
      now: undoneAt + HOUR,
    });
    expect(again.ok && again.completions.filter((c) => c.moduleId === module.id)).toMatchObject([
      { change: "created" },
    ]);
    const history = await completionsOfModule(person.id, module.id);
    expect(history.filter((c) => c.revokedAt === null)).toHaveLength(1);
    expect(history).toHaveLength(2);
    expect((await assignmentById(assignment.id)).status).toBe("completed");
  });

  it("withdraws the completion when the host changes attendance to a no-show", async () => {
    const kind = await aKind(db);
    const module = await aModule(db, { kind });
    const { person } = await aShadow();
    const assignment = await anAssignment(db, { person, module });
    const { session, booking } = await attend(person, kind, NOW + 2 * DAY);
    await recordAttendance(db, {
      bookingId: booking.id,
      actorId: session.hostId,
      status: "no_show",
      now: session.endsAt + HOUR,
    });
    expect((await assignmentById(assignment.id)).status).toBe("open");
    expect((await completionsOfModule(person.id, module.id)).every((c) => c.revokedAt !== null)).toBe(true);
  });

  it("writes nothing when nothing changed", async () => {
    const kind = await aKind(db);
    const module = await aModule(db, { kind });
    const { person } = await aShadow();
    await attend(person, kind, NOW + 2 * DAY);
    const before = await db.$count(schema.auditLog);
    const update = await db.write((tx) =>
      recomputeCompletion(tx, { personId: person.id, moduleId: module.id, now: NOW + 3 * DAY, actorId: null }),
    );
    expect(update).toBeNull();
    expect(await db.$count(schema.auditLog)).toBe(before);
  });
});

describe("expiry", () => {
  it("reopens an assignment when its completion expires, and reads it as expired even before the refresh runs", async () => {
    const kind = await aKind(db);
    const module = await aModule(db, { kind, validityDays: 365 });
    const { person } = await aShadow();
    const assignment = await anAssignment(db, { person, module });
    const { session } = await attend(person, kind, NOW + 2 * DAY);
    const [completion] = await completionsOfModule(person.id, module.id);
    const expiresAt = session.endsAt + 365 * DAY;
    expect(completion.expiresAt).toBe(expiresAt);

    const soon = (await progressFor(db, person.id, expiresAt - 10 * DAY)).find((p) => p.module.id === module.id);
    expect(soon?.standing).toBe("expires_soon");
    const lapsed = (await progressFor(db, person.id, expiresAt)).find((p) => p.module.id === module.id);
    expect(lapsed).toMatchObject({ standing: "expired", standingLabel: "Expired" });
    expect((await assignmentById(assignment.id)).status).toBe("completed");

    const updates = await refreshExpiries(db, expiresAt);
    expect(updates.filter((u) => u.moduleId === module.id)).toMatchObject([{ change: "revoked", reason: "expired" }]);
    expect(await assignmentById(assignment.id)).toMatchObject({ status: "open", completionId: null });
    const afterRefresh = (await progressFor(db, person.id, expiresAt + DAY)).find((p) => p.module.id === module.id);
    expect(afterRefresh).toMatchObject({
      standing: "expired",
      completion: null,
      expiresAt,
      assignment: { status: "open" },
    });
    const [ended] = await completionsOfModule(person.id, module.id);
    expect(ended.revokedAt).toBe(expiresAt);
    expect((await audits("completion", [completion.id])).map((a) => [a.action, a.actorId])).toEqual([
      ["completion.created", session.hostId],
      ["completion.expired", null],
    ]);
    expect((await refreshExpiries(db, expiresAt + DAY)).filter((u) => u.moduleId === module.id)).toEqual([]);
  });

  it("renews straight away at expiry when newer evidence already meets the rule", async () => {
    const kind = await aKind(db);
    const module = await aModule(db, { kind, validityDays: 30, requiredCount: 2 });
    const { person } = await aShadow();
    const assignment = await anAssignment(db, { person, module });
    await attend(person, kind, NOW + 2 * DAY);
    const second = await attend(person, kind, NOW + 3 * DAY);
    const third = await attend(person, kind, NOW + 20 * DAY);
    const fourth = await attend(person, kind, NOW + 21 * DAY);

    const live = (await completionsOfModule(person.id, module.id)).filter((c) => c.revokedAt === null);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({
      evidence: [fourth.booking.id, third.booking.id],
      expiresAt: fourth.session.endsAt + 30 * DAY,
    });
    expect(second.completions.filter((c) => c.moduleId === module.id)).toMatchObject([{ change: "created" }]);
    expect(third.completions.filter((c) => c.moduleId === module.id)).toMatchObject([
      { change: "replaced", reason: "renewed" },
    ]);
    expect(await assignmentById(assignment.id)).toMatchObject({ status: "completed", completionId: live[0].id });
  });
});

describe("signOffManually", () => {
  it("signs a module off with the manager's reason and completes the assignment", async () => {
    const module = await aModule(db, { validityDays: 365 });
    const { person, manager } = await aShadow();
    const assignment = await anAssignment(db, { person, module, assignedBy: manager });

    const result = await signOffManually(db, {
      personId: person.id,
      moduleId: module.id,
      actorId: manager.id,
      reason: "Worked the call line for two years.",
      now: NOW,
    });
    if (!result.ok) throw new Error(result.reason.code);
    expect(result.completion).toMatchObject({
      source: "manual",
      signedOffById: manager.id,
      manualReason: "Worked the call line for two years.",
      completedAt: NOW,
      expiresAt: NOW + 365 * DAY,
      evidence: [],
    });
    expect(await assignmentById(assignment.id)).toMatchObject({
      status: "completed",
      completionId: result.completion.id,
    });
    expect((await audits("completion", [result.completion.id])).map((a) => [a.action, a.actorId])).toEqual([
      ["completion.signed_off", manager.id],
    ]);
  });

  it("refuses without a reason, outside the reporting line, for one's own training and twice, writing nothing", async () => {
    const module = await aModule(db);
    const { person, manager } = await aShadow();
    const stranger = await aPerson(db, { isManager: true });
    const counts = async () => [await db.$count(schema.completions), await db.$count(schema.auditLog)];
    const before = await counts();
    expect(
      await signOffManually(db, {
        personId: person.id,
        moduleId: module.id,
        actorId: manager.id,
        reason: " ",
        now: NOW,
      }),
    ).toEqual({
      ok: false,
      reason: { code: "reason_missing" },
    });
    expect(
      await signOffManually(db, {
        personId: person.id,
        moduleId: module.id,
        actorId: stranger.id,
        reason: "Knows it",
        now: NOW,
      }),
    ).toEqual({
      ok: false,
      reason: { code: "not_allowed" },
    });
    expect(
      await signOffManually(db, {
        personId: manager.id,
        moduleId: module.id,
        actorId: manager.id,
        reason: "Knows it",
        now: NOW,
      }),
    ).toEqual({
      ok: false,
      reason: { code: "own_training" },
    });
    expect(await counts()).toEqual(before);
    expect(
      (
        await signOffManually(db, {
          personId: person.id,
          moduleId: module.id,
          actorId: manager.id,
          reason: "Knows it",
          now: NOW,
        })
      ).ok,
    ).toBe(true);
    expect(
      await signOffManually(db, {
        personId: person.id,
        moduleId: module.id,
        actorId: manager.id,
        reason: "Again",
        now: NOW,
      }),
    ).toEqual({
      ok: false,
      reason: { code: "already_complete" },
    });
  });

  it("leaves a manual sign-off standing when some attendance is undone", async () => {
    const kind = await aKind(db);
    const module = await aModule(db, { kind });
    const { person, manager } = await aShadow();
    await signOffManually(db, {
      personId: person.id,
      moduleId: module.id,
      actorId: manager.id,
      reason: "Trained elsewhere.",
      now: NOW,
    });
    const { session, booking } = await attend(person, kind, NOW + 2 * DAY);
    await recordAttendance(db, {
      bookingId: booking.id,
      actorId: session.hostId,
      status: "booked",
      now: session.endsAt + HOUR,
    });
    const live = (await completionsOfModule(person.id, module.id)).filter((c) => c.revokedAt === null);
    expect(live).toMatchObject([{ source: "manual" }]);
  });
});

describe("progressFor", () => {
  it("lists every core and assigned module with its rule, evidence so far, due date and standing, most pressing first", async () => {
    const kind = await aKind(db, { name: "Call-centre listen-in" });
    const core = await aModule(db, {
      title: "Hear the customer (core)",
      core: true,
      kind,
      requiredCount: 2,
      reflectionRequired: true,
    });
    const assigned = await aModule(db, { title: "Ride-along (assigned)", requiredCount: 1 });
    const unrelated = await aModule(db, { title: "Trade-show booth (unassigned)" });
    const { person } = await aShadow();
    const dueAt = NOW + 5 * DAY;
    await anAssignment(db, { person, module: assigned, dueAt });
    const { booking } = await attend(person, kind, NOW + 2 * DAY);

    const progress = await progressFor(db, person.id, NOW + 10 * DAY);
    const ids = progress.map((p) => p.module.id);
    expect(ids).not.toContain(unrelated.id);
    const coreItem = progress.find((p) => p.module.id === core.id);
    expect(coreItem).toMatchObject({
      rule: "2 attended call-centre listen-ins, each with a reflection",
      assignment: null,
      dueAt: null,
      standing: "due",
      evidence: {
        required: 2,
        counted: [],
        awaitingReflection: [{ bookingId: booking.id, kindName: "Call-centre listen-in", hasReflection: false }],
      },
    });
    // The any-kind module was completed by the same attendance, so it reads as done.
    const assignedItem = progress.find((p) => p.module.id === assigned.id);
    expect(assignedItem).toMatchObject({ standing: "done", dueAt, assignment: { status: "completed" } });
    expect(progress[0].module.id).toBe(core.id);
  });

  it("shows an open assignment past its due date as overdue", async () => {
    const module = await aModule(db);
    const { person } = await aShadow();
    await anAssignment(db, { person, module, dueAt: NOW - DAY });
    const [item] = (await progressFor(db, person.id, NOW)).filter((p) => p.module.id === module.id);
    expect(item).toMatchObject({ standing: "overdue", standingLabel: "Overdue" });
  });
});

describe("rules counted in hours", () => {
  /** A quarter-hour listen-in the person attends, `day` days from now, confirmed by its host. */
  async function quarterHour(person: Person, kind: SessionKind, day: number) {
    const startsAt = NOW + day * DAY;
    const session = await aSession(db, { kind, startsAt, endsAt: startsAt + 15 * MINUTE });
    const seat = await bookSeat(db, {
      sessionId: session.id,
      personId: person.id,
      actorId: person.id,
      source: "self",
      now: NOW,
    });
    if (!seat.ok) throw new Error(seat.reason.code);
    const attended = await recordAttendance(db, {
      bookingId: seat.booking.id,
      actorId: session.hostId,
      status: "attended",
      now: session.endsAt,
    });
    if (!attended.ok) throw new Error(attended.reason.code);
    return { session, booking: attended.booking, completions: attended.completions };
  }

  it("completes a 2-hour rule on the eighth confirmed 15-minute listen-in, not before, and undoes it with one", async () => {
    const kind = await aKind(db, { name: "Call-centre listen-in", defaultMinutes: 15 });
    const module = await aModule(db, { kind, requiredCount: 8, requiredMinutes: 120, title: "Two hours on the line" });
    const { person, manager } = await aShadow();
    const assignment = await anAssignment(db, { person, module, assignedBy: manager });

    const seven = [];
    for (let day = 1; day <= 7; day++) seven.push(await quarterHour(person, kind, day));
    expect(seven.flatMap((s) => s.completions).filter((c) => c.moduleId === module.id)).toEqual([]);
    const before = (await progressFor(db, person.id, NOW + 8 * DAY)).find((p) => p.module.id === module.id);
    expect(before).toMatchObject({ standing: "due", evidence: { requiredMinutes: 120, countedMinutes: 105 } });
    expect(before?.rule).toBe("2 hours of attended call-centre listen-ins");

    const eighth = await quarterHour(person, kind, 8);
    expect(eighth.completions.filter((c) => c.moduleId === module.id)).toMatchObject([{ change: "created" }]);
    const [completion] = await completionsOfModule(person.id, module.id);
    expect(completion).toMatchObject({ source: "evidence", completedAt: eighth.session.endsAt, revokedAt: null });
    expect([...completion.evidence].sort((a, b) => a - b)).toEqual(
      [...seven.map((s) => s.booking.id), eighth.booking.id].sort((a, b) => a - b),
    );
    expect(await assignmentById(assignment.id)).toMatchObject({ status: "completed", completionId: completion.id });
    const after = (await progressFor(db, person.id, NOW + 9 * DAY)).find((p) => p.module.id === module.id);
    expect(after?.evidence.counted.map((e) => e.minutes)).toEqual(Array.from({ length: 8 }, () => 15));

    const undone = await recordAttendance(db, {
      bookingId: seven[2].booking.id,
      actorId: seven[2].session.hostId,
      status: "booked",
      now: NOW + 9 * DAY,
    });
    expect(undone.ok && undone.completions.filter((c) => c.moduleId === module.id)).toMatchObject([
      { change: "revoked", reason: "evidence_withdrawn" },
    ]);
    expect(await assignmentById(assignment.id)).toMatchObject({ status: "open", completionId: null });
    expect((await audits("completion", [completion.id])).map((a) => a.action)).toEqual([
      "completion.created",
      "completion.withdrawn",
    ]);
  });

  it("saves an hour rule with the sessions of the kind's usual length it comes to, and completes it for those who already have the time", async () => {
    const kind = await aKind(db, { name: "Call-centre listen-in", defaultMinutes: 15 });
    const admin = await aPerson(db, { isAdmin: true });
    const { person } = await aShadow();
    for (let day = 1; day <= 8; day++) await quarterHour(person, kind, day);
    const { person: shortOfTime } = await aShadow();
    for (let day = 1; day <= 7; day++) await quarterHour(shortOfTime, kind, day);

    const saved = await saveModule(db, {
      actorId: admin.id,
      now: NOW + 10 * DAY,
      module: {
        title: "Two hours on the call line",
        summary: "",
        guide: "",
        ruleKindId: kind.id,
        ruleUnit: "hours",
        requiredHours: 2,
        requiredCount: undefined,
        reflectionRequired: false,
        validityDays: null,
        core: false,
        active: true,
      },
    });
    if (!saved.ok) throw new Error(saved.reason.code);
    expect(saved.saved).toMatchObject({ requiredMinutes: 120, requiredCount: 8 });
    expect(saved.completedNow).toBe(1);
    expect(await completionsOfModule(person.id, saved.saved.id)).toHaveLength(1);
    expect(await completionsOfModule(shortOfTime.id, saved.saved.id)).toEqual([]);
    const [audit] = await audits("module", [saved.saved.id]);
    expect(audit.summary).toBe(
      'Added the module "Two hours on the call line": 2 hours of attended call-centre listen-ins.',
    );
  });
});
