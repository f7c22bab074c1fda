/**
 * Small builders for test fixtures: each inserts one row with sensible defaults and returns it.
 * Anything not given is made up (unique names, a department, a host), so a test states only the
 * facts it is about: `aPerson(db, { department: accounting })`.
 */
import { schema, type Queryable } from "~/db.server";
import { DAY, HOUR } from "~/domain/time";
import { TEST_NOW } from "./clock";

export type Department = typeof schema.departments.$inferSelect;
export type Person = typeof schema.people.$inferSelect;
export type SessionKind = typeof schema.sessionKinds.$inferSelect;
export type Session = typeof schema.sessions.$inferSelect;
export type ServiceModule = typeof schema.serviceModules.$inferSelect;
export type Assignment = typeof schema.assignments.$inferSelect;

export { TEST_NOW };

let counter = 0;
const next = () => ++counter;

type Ref<T extends { id: number }> = T | number;
const idOf = <T extends { id: number }>(ref: Ref<T>): number => (typeof ref === "number" ? ref : ref.id);

export async function aDepartment(
  db: Queryable,
  fields: Partial<Omit<typeof schema.departments.$inferInsert, "id">> = {},
): Promise<Department> {
  const n = next();
  const [row] = await db
    .insert(schema.departments)
    .values({ name: `Department ${n}`, kind: "back_office", ...fields })
    .returning();
  return row;
}

export interface PersonFields extends Partial<
  Omit<typeof schema.people.$inferInsert, "id" | "departmentId" | "managerId">
> {
  /** The department, or a new back-office one when left out. */
  department?: Ref<Department>;
  manager?: Ref<Person> | null;
}

export async function aPerson(db: Queryable, fields: PersonFields = {}): Promise<Person> {
  const n = next();
  const { department, manager, ...rest } = fields;
  const departmentId = department === undefined ? (await aDepartment(db)).id : idOf(department);
  const [row] = await db
    .insert(schema.people)
    .values({
      name: `Person ${n}`,
      email: `person${n}@example.com`,
      departmentId,
      managerId: manager === undefined || manager === null ? null : idOf(manager),
      ...rest,
    })
    .returning();
  return row;
}

export async function aKind(
  db: Queryable,
  fields: Partial<Omit<typeof schema.sessionKinds.$inferInsert, "id">> = {},
): Promise<SessionKind> {
  const n = next();
  const [row] = await db
    .insert(schema.sessionKinds)
    .values({ name: `Kind ${n}`, defaultMinutes: 60, onSite: false, ...fields })
    .returning();
  return row;
}

export interface SessionFields extends Partial<
  Omit<typeof schema.sessions.$inferInsert, "id" | "kindId" | "hostId" | "startsAt" | "endsAt">
> {
  kind?: Ref<SessionKind>;
  /** The host, or a new host in a new customer-facing department when left out. */
  host?: Ref<Person>;
  /** Defaults to a distinct day after TEST_NOW at 10:00, so default sessions never overlap. */
  startsAt?: number;
  /** Defaults to one hour after the start. */
  endsAt?: number;
}

export async function aSession(db: Queryable, fields: SessionFields = {}): Promise<Session> {
  const n = next();
  const { kind, host, startsAt: givenStart, endsAt: givenEnd, ...rest } = fields;
  const kindId = kind === undefined ? (await aKind(db)).id : idOf(kind);
  const hostId =
    host === undefined
      ? (await aPerson(db, { department: await aDepartment(db, { kind: "customer_facing" }), isHost: true })).id
      : idOf(host);
  const startsAt = givenStart ?? TEST_NOW + n * DAY + HOUR;
  const endsAt = givenEnd ?? startsAt + HOUR;
  const [row] = await db
    .insert(schema.sessions)
    .values({
      kindId,
      hostId,
      startsAt,
      endsAt,
      seats: 3,
      timeZone: "UTC",
      ...rest,
      cancelledAt: rest.status === "cancelled" ? (rest.cancelledAt ?? startsAt - DAY) : rest.cancelledAt,
    })
    .returning();
  return row;
}

export interface ModuleFields extends Partial<Omit<typeof schema.serviceModules.$inferInsert, "id" | "ruleKindId">> {
  /** The kind of session that counts; any kind when left out or null. */
  kind?: Ref<SessionKind> | null;
}

export async function aModule(db: Queryable, fields: ModuleFields = {}): Promise<ServiceModule> {
  const n = next();
  const { kind, ...rest } = fields;
  const [row] = await db
    .insert(schema.serviceModules)
    .values({ title: `Module ${n}`, ruleKindId: kind === undefined || kind === null ? null : idOf(kind), ...rest })
    .returning();
  return row;
}

export interface AssignmentFields extends Partial<
  Omit<typeof schema.assignments.$inferInsert, "id" | "personId" | "moduleId" | "assignedById">
> {
  person: Ref<Person>;
  module: Ref<ServiceModule>;
  /** Who assigned it; a new manager when left out. */
  assignedBy?: Ref<Person>;
}

/** Due by default at the end of the day 30 days after TEST_NOW (UTC). */
export async function anAssignment(db: Queryable, fields: AssignmentFields): Promise<Assignment> {
  const { person, module, assignedBy, ...rest } = fields;
  const assignedById = assignedBy === undefined ? (await aPerson(db, { isManager: true })).id : idOf(assignedBy);
  const dueAt = rest.dueAt ?? Date.UTC(2027, 2, 31, 23, 59, 59, 999);
  const dueOn = rest.dueOn ?? new Date(dueAt).toISOString().slice(0, 10);
  const [row] = await db
    .insert(schema.assignments)
    .values({ personId: idOf(person), moduleId: idOf(module), assignedById, ...rest, dueAt, dueOn })
    .returning();
  return row;
}
