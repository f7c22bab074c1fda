/** The company's departments: each faces customers (its people host) or works in the back office. */
import { eq, sql } from "drizzle-orm";
import { oncePer, schema, type Db, type Queryable } from "~/db.server";
import { DEPARTMENT_KIND_LABELS } from "~/domain/directory";
import { holderOfName, listOf, saveWithAudit, type SaveBy } from "~/models/directory-save.server";
import type { DepartmentInput } from "~/schemas/admin";

export type Department = typeof schema.departments.$inferSelect;

/** Every department with its kind and headcount (active people; switched-off people apart). */
export async function departmentsWithHeadcount(q: Queryable) {
  const rows = await q
    .select({
      id: schema.departments.id,
      name: schema.departments.name,
      kind: schema.departments.kind,
      description: schema.departments.description,
      active: sql<number>`coalesce(sum(case when ${schema.people.active} then 1 else 0 end), 0)`,
      inactive: sql<number>`coalesce(sum(case when ${schema.people.active} = 0 then 1 else 0 end), 0)`,
      hosts: sql<number>`coalesce(sum(case when ${schema.people.active} and ${schema.people.isHost} then 1 else 0 end), 0)`,
    })
    .from(schema.departments)
    .leftJoin(schema.people, eq(schema.people.departmentId, schema.departments.id))
    .groupBy(schema.departments.id)
    .orderBy(sql`lower(${schema.departments.name})`);
  return rows.map((r) => ({
    ...r,
    active: Number(r.active),
    inactive: Number(r.inactive),
    hosts: Number(r.hosts),
  }));
}

/** Every department by name, for a form's choice; read by several pages on every visit. */
export async function departmentOptions(q: Queryable) {
  return departmentOptionsReadOf(q).all();
}

const departmentOptionsReadOf = oncePer((q: Queryable) =>
  q
    .select({ id: schema.departments.id, name: schema.departments.name })
    .from(schema.departments)
    .orderBy(sql`lower(${schema.departments.name})`)
    .prepare(),
);

const kindWord = (department: Pick<Department, "kind">) => DEPARTMENT_KIND_LABELS[department.kind].toLowerCase();

/** Adds a department, or changes the one with `id`; a name is one department's only, whatever its case. */
export function saveDepartment(db: Db, input: SaveBy & { department: DepartmentInput }) {
  const { department, ...by } = input;
  return saveWithAudit(db, by, {
    table: schema.departments,
    entityType: "department",
    holderOf: async (tx) => holderOfName(await tx.select().from(schema.departments), department.name, by.id),
    taken: (holder) => ({ code: "department_name_taken", name: holder ?? department.name }),
    check: async () => ({ ok: true, values: department }),
    describe: async (_tx, { before, saved, changed }) => {
      if (!before) {
        return {
          action: "department.created",
          summary: `Added the ${kindWord(saved)} department ${saved.name}.`,
          details: { name: saved.name, kind: saved.kind },
        };
      }
      const what: string[] = [];
      if (changed.name) what.push(`renamed ${before.name} to ${saved.name}`);
      if (changed.kind) what.push(`made it ${kindWord(saved)}`);
      if (changed.description) what.push("changed its description");
      return {
        action: changed.name ? "department.renamed" : "department.updated",
        summary: `Department ${before.name}: ${listOf(what)}.`,
        details: { changed },
      };
    },
  });
}
