/**
 * The reporting line's closure table (`reporting_lines`, migration 0004) stays equal to the line
 * that `manager_id` describes, whatever the directory does: people join, move with their part of
 * the tree, leave the line; a move that would close a cycle is refused by the database itself.
 * The team feed's version rises for everyone above a person whose calendar changes.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { aDepartment, aPerson, type Person } from "../support/builders";
import { freshDatabase } from "../support/db";

/** The line read the slow way: walking up from every person through manager_id. */
async function walkedLine(db: Db): Promise<string[]> {
  const rows = await db.all<{ manager_id: number; person_id: number; depth: number }>(sql`
    with recursive line(manager_id, person_id, depth) as (
      select manager_id, id, 1 from people where manager_id is not null
      union all
      select up.manager_id, line.person_id, line.depth + 1
      from line join people up on up.id = line.manager_id
      where up.manager_id is not null and line.depth < 64
    )
    select manager_id, person_id, depth from line`);
  return rows.map((r) => `${r.manager_id}>${r.person_id}@${r.depth}`).sort();
}

async function closure(db: Db): Promise<string[]> {
  const rows = await db.select().from(schema.reportingLines);
  return rows.map((r) => `${r.managerId}>${r.personId}@${r.depth}`).sort();
}

async function moveTo(db: Db, person: Person, manager: Person | null) {
  await db
    .update(schema.people)
    .set({ managerId: manager?.id ?? null })
    .where(eq(schema.people.id, person.id));
}

/** ceo ─ vp1 ─ lead1 ─ a, b;  ceo ─ vp2 ─ lead2 ─ c */
async function company(db: Db) {
  const department = await aDepartment(db);
  const at = (manager: Person | null) => aPerson(db, { department, manager });
  const ceo = await at(null);
  const vp1 = await at(ceo);
  const vp2 = await at(ceo);
  const lead1 = await at(vp1);
  const lead2 = await at(vp2);
  const a = await at(lead1);
  const b = await at(lead1);
  const c = await at(lead2);
  return { ceo, vp1, vp2, lead1, lead2, a, b, c };
}

describe("the reporting line's closure table", () => {
  it("holds every manager above each person, at their depth, as people join", async () => {
    const { db } = await freshDatabase();
    const { ceo, lead1, a } = await company(db);
    expect(await closure(db)).toEqual(await walkedLine(db));
    expect(await closure(db)).toHaveLength(7 + 5 + 3);
    const above = await db.select().from(schema.reportingLines).where(eq(schema.reportingLines.personId, a.id));
    expect(above.map((r) => [r.managerId, r.depth]).sort((x, y) => x[1] - y[1])).toEqual([
      [lead1.id, 1],
      [above.find((r) => r.depth === 2)!.managerId, 2],
      [ceo.id, 3],
    ]);
  });

  it("moves a person with everyone below them, and out of the line altogether", async () => {
    const { db } = await freshDatabase();
    const { vp1, vp2, lead1, lead2, ceo } = await company(db);
    await moveTo(db, lead1, vp2);
    expect(await closure(db)).toEqual(await walkedLine(db));
    await moveTo(db, vp2, null);
    expect(await closure(db)).toEqual(await walkedLine(db));
    await moveTo(db, lead2, vp1);
    await moveTo(db, vp2, ceo);
    expect(await closure(db)).toEqual(await walkedLine(db));
  });

  it("refuses a move that would put a manager below their own report", async () => {
    const { db } = await freshDatabase();
    const { vp1, a } = await company(db);
    const before = await closure(db);
    await expect(moveTo(db, vp1, a)).rejects.toThrow();
    expect(await closure(db)).toEqual(before);
    const [vp1Now] = await db.select().from(schema.people).where(eq(schema.people.id, vp1.id));
    expect(vp1Now.managerId).toBe(vp1.managerId);
  });

  it("raises the team calendar version of everyone above a person whose calendar changes", async () => {
    const { db } = await freshDatabase();
    const { ceo, vp1, vp2, lead1, a } = await company(db);
    const versions = async () =>
      Object.fromEntries(
        (await db.select().from(schema.people)).map((p) => [p.id, p.teamCalendarVersion] as const),
      ) as Record<number, number>;
    const before = await versions();
    await db
      .update(schema.people)
      .set({ calendarVersion: sql`${schema.people.calendarVersion} + 1` })
      .where(eq(schema.people.id, a.id));
    const after = await versions();
    for (const manager of [lead1, vp1, ceo]) expect(after[manager.id]).toBe(before[manager.id] + 1);
    for (const other of [vp2, a]) expect(after[other.id]).toBe(before[other.id]);
  });
});
