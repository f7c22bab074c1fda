/**
 * Who acts for whom: whether a person is above another in the reporting line, and what the
 * booking and sign-off rules need to know about the one pressing the button.
 */
import { and, eq, sql } from "drizzle-orm";
import { oncePer, schema, type Queryable } from "~/db.server";
import type { ActorFacts } from "~/domain/bookings";

/** Whether `managerId` is above `personId` in the reporting line, directly or indirectly. */
export async function managesPerson(q: Queryable, managerId: number, personId: number): Promise<boolean> {
  if (managerId === personId) return false;
  const rows = await lineReadOf(q).all({ managerId, personId });
  return rows.length > 0;
}

/** The reporting line's one-row read, built once per database (or transaction). */
const lineReadOf = oncePer((q: Queryable) =>
  q
    .select({ found: sql<number>`1` })
    .from(schema.reportingLines)
    .where(
      and(
        eq(schema.reportingLines.managerId, sql.placeholder("managerId")),
        eq(schema.reportingLines.personId, sql.placeholder("personId")),
      ),
    )
    .limit(1)
    .prepare(),
);

/** What the booking rules need to know about who is acting for whom. */
export async function actorFacts(
  q: Queryable,
  actorId: number,
  personId: number,
): Promise<ActorFacts & { name: string }> {
  const [actor] = await q
    .select({
      id: schema.people.id,
      name: schema.people.name,
      isAdmin: schema.people.isAdmin,
      active: schema.people.active,
    })
    .from(schema.people)
    .where(eq(schema.people.id, actorId));
  if (!actor || !actor.active) return { id: actorId, name: "", isAdmin: false, managesPerson: false };
  return {
    id: actor.id,
    name: actor.name,
    isAdmin: actor.isAdmin,
    managesPerson: await managesPerson(q, actorId, personId),
  };
}
