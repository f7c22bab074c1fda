/** Small builders for calendar tests: each inserts one row with plain defaults and returns it. */
import { schema, type Db } from "~/db.server";
import { HOUR } from "~/domain/time";

/** When the rows were made, unless a test says otherwise: a month before the sessions. */
export const T0 = Date.UTC(2026, 8, 1, 9, 0);

export function calendarBuilders(db: Db) {
  let serial = 0;
  const next = () => ++serial;

  async function aDepartment(input: Partial<typeof schema.departments.$inferInsert> = {}) {
    const n = next();
    const [row] = await db
      .insert(schema.departments)
      .values({ name: `Department ${n}`, kind: "back_office", ...input })
      .returning();
    return row;
  }

  async function aPerson(input: Partial<typeof schema.people.$inferInsert> = {}) {
    const n = next();
    const departmentId = input.departmentId ?? (await aDepartment()).id;
    const [row] = await db
      .insert(schema.people)
      .values({
        name: `Person ${n}`,
        email: `person${n}@frontline.example`,
        timeZone: "Europe/Helsinki",
        ...input,
        departmentId,
      })
      .returning();
    return row;
  }

  async function aKind(input: Partial<typeof schema.sessionKinds.$inferInsert> = {}) {
    const n = next();
    const [row] = await db
      .insert(schema.sessionKinds)
      .values({ name: `Kind ${n}`, defaultMinutes: 60, onSite: false, ...input })
      .returning();
    return row;
  }

  async function aSession(input: Partial<typeof schema.sessions.$inferInsert> & { hostId: number }) {
    const kindId = input.kindId ?? (await aKind({ name: `Sales call ${next()}` })).id;
    const startsAt = input.startsAt ?? Date.UTC(2026, 9, 20, 7, 0);
    const [row] = await db
      .insert(schema.sessions)
      .values({
        seats: 3,
        timeZone: "Europe/Helsinki",
        endsAt: startsAt + HOUR,
        createdAt: T0,
        updatedAt: T0,
        ...input,
        kindId,
        startsAt,
      })
      .returning();
    return row;
  }

  async function aBooking(
    input: Partial<typeof schema.bookings.$inferInsert> & { sessionId: number; personId: number },
  ) {
    const [row] = await db
      .insert(schema.bookings)
      .values({ status: "booked", bookedById: input.personId, createdAt: T0, updatedAt: T0, ...input })
      .returning();
    return row;
  }

  async function aModule(input: Partial<typeof schema.serviceModules.$inferInsert> = {}) {
    const n = next();
    const [row] = await db
      .insert(schema.serviceModules)
      .values({ title: `Module ${n}`, ...input })
      .returning();
    return row;
  }

  return { aDepartment, aPerson, aKind, aSession, aBooking, aModule };
}
