import { and, asc, count, eq, gt, lte, sql, sum } from "drizzle-orm";
import { schema, type Queryable } from "~/db.server";

/** The company at a glance: each department with its people and how its training stands. */
export async function companyOverview(db: Queryable, now: number) {
  const people = db
    .select({
      departmentId: schema.people.departmentId,
      people: count().as("people"),
      hosts: sum(sql`case when ${schema.people.isHost} then 1 else 0 end`).as("hosts"),
      managers: sum(sql`case when ${schema.people.isManager} then 1 else 0 end`).as("managers"),
    })
    .from(schema.people)
    .where(eq(schema.people.active, true))
    .groupBy(schema.people.departmentId)
    .as("p");
  const training = db
    .select({
      departmentId: schema.people.departmentId,
      open: sum(sql`case when ${schema.assignments.status} = 'open' then 1 else 0 end`).as("open"),
      overdue: sum(
        sql`case when ${schema.assignments.status} = 'open' and ${schema.assignments.dueAt} <= ${now} then 1 else 0 end`,
      ).as("overdue"),
      completed: sum(sql`case when ${schema.assignments.status} = 'completed' then 1 else 0 end`).as("completed"),
    })
    .from(schema.assignments)
    .innerJoin(schema.people, eq(schema.people.id, schema.assignments.personId))
    .where(and(eq(schema.people.active, true)))
    .groupBy(schema.people.departmentId)
    .as("t");

  const rows = await db
    .select({
      id: schema.departments.id,
      name: schema.departments.name,
      kind: schema.departments.kind,
      people: people.people,
      hosts: people.hosts,
      managers: people.managers,
      open: training.open,
      overdue: training.overdue,
      completed: training.completed,
    })
    .from(schema.departments)
    .leftJoin(people, eq(people.departmentId, schema.departments.id))
    .leftJoin(training, eq(training.departmentId, schema.departments.id))
    .orderBy(asc(schema.departments.kind), asc(schema.departments.name));

  const [{ upcoming }] = await db
    .select({ upcoming: count() })
    .from(schema.sessions)
    .where(and(eq(schema.sessions.status, "scheduled"), gt(schema.sessions.startsAt, now)));
  const [{ attended }] = await db
    .select({ attended: count() })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .where(and(eq(schema.bookings.status, "attended"), lte(schema.sessions.startsAt, now)));

  return {
    upcomingSessions: upcoming,
    attendedBookings: attended,
    departments: rows.map((r) => ({
      ...r,
      people: Number(r.people ?? 0),
      hosts: Number(r.hosts ?? 0),
      managers: Number(r.managers ?? 0),
      open: Number(r.open ?? 0),
      overdue: Number(r.overdue ?? 0),
      completed: Number(r.completed ?? 0),
    })),
  };
}
