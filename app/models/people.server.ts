/**
 * The people in the directory as an admin finds and keeps them: who works where, who they report
 * to, which roles they hold, and whether they can sign in. Switching someone off keeps all their
 * records (bookings, hosted sessions, completions, reports); they can't sign in and drop out of
 * lists of active people.
 */
import { aliasedTable, and, asc, count, desc, eq, gt, inArray, ne, sql, type SQL } from "drizzle-orm";
import { hashPassword } from "~/auth/password.server";
import { keptByShape, oncePer, schema, type Db, type Queryable } from "~/db.server";
import { pageOf } from "~/domain/paging";
import { cycleThrough, rolesFromFlags, rolesWords, type DirectoryRefusal, type PeopleSearch } from "~/domain/directory";
import { reasonToEndSignIns } from "~/domain/sign-in";
import { listOf, saveWithAudit, type SaveBy } from "~/models/directory-save.server";
import { invitationMessage, inviterName } from "~/models/mail/account-tokens.server";
import { enqueueMail } from "~/models/mail/outbox.server";
import { nameOrEmailCondition, nameOrEmailSearch } from "~/models/people-search.server";
import { remembered } from "~/models/remembered.server";
import { endSignInsOf } from "~/models/sign-ins.server";
import type { PersonInput } from "~/schemas/admin";

export type Person = typeof schema.people.$inferSelect;

export const PEOPLE_PER_PAGE = 25;

/**
 * The directory's filters as a condition on people with placeholders, the values for them, and
 * the name of its shape (which filters are set, and to which role and status), for prepared
 * statements kept per shape.
 */
function peopleMatching(search: PeopleSearch): {
  shape: string;
  where: SQL | undefined;
  values: Record<string, unknown>;
} {
  const conditions: SQL[] = [];
  const values: Record<string, unknown> = {};
  let shape = `${search.role ?? "any"}:${search.status}:`;
  if (search.q) {
    const { short, needle } = nameOrEmailSearch(search.q);
    shape += short ? "s" : "q";
    conditions.push(nameOrEmailCondition(short, sql.placeholder("needle")));
    values.needle = needle;
  }
  if (search.departmentId !== null) {
    shape += "d";
    conditions.push(eq(schema.people.departmentId, sql.placeholder("departmentId")));
    values.departmentId = search.departmentId;
  }
  if (search.managerId !== null) {
    shape += "m";
    conditions.push(eq(schema.people.managerId, sql.placeholder("managerId")));
    values.managerId = search.managerId;
  }
  if (search.role === "host") conditions.push(eq(schema.people.isHost, true));
  if (search.role === "manager") conditions.push(eq(schema.people.isManager, true));
  if (search.role === "admin") conditions.push(eq(schema.people.isAdmin, true));
  if (search.role === "employee_only") {
    conditions.push(
      and(eq(schema.people.isHost, false), eq(schema.people.isManager, false), eq(schema.people.isAdmin, false))!,
    );
  }
  if (search.status !== "all") conditions.push(eq(schema.people.active, search.status === "active"));
  return { shape, where: conditions.length > 0 ? and(...conditions) : undefined, values };
}

/** A page of the directory and the count of all it matches, for one shape of search. */
function directoryStatementsFor(q: Queryable, where: SQL | undefined) {
  return {
    count: q.select({ total: count() }).from(schema.people).where(where).prepare(),
    page: q.query.people
      .findMany({
        columns: {
          id: true,
          name: true,
          email: true,
          title: true,
          managerId: true,
          isHost: true,
          isManager: true,
          isAdmin: true,
          active: true,
        },
        with: { department: { columns: { name: true } }, manager: { columns: { name: true } } },
        where,
        orderBy: [sql`lower(${schema.people.name})`, asc(schema.people.id)],
        limit: sql.placeholder("limit"),
        offset: sql.placeholder("offset"),
      })
      .prepare(),
  };
}

const directoryStatements = keptByShape<Queryable, ReturnType<typeof directoryStatementsFor>>();

const personNamed = oncePer((q: Queryable) =>
  q.query.people
    .findFirst({ columns: { id: true, name: true }, where: eq(schema.people.id, sql.placeholder("id")) })
    .prepare(),
);

/** One page of the directory, by name, with the total that matches (LIMIT/OFFSET on indexed joins). */
export async function searchPeople(q: Queryable, search: PeopleSearch, perPage = PEOPLE_PER_PAGE) {
  const { shape, where, values } = peopleMatching(search);
  const statements = directoryStatements(q, shape, () => directoryStatementsFor(q, where));

  const counted = () => statements.count.get(values).then((row) => row?.total ?? 0);
  // A count decided only by what the training version follows (who is active, in which
  // department, under whom) is remembered with it; a search by name, email or role counts afresh.
  const total =
    search.q || search.role !== null
      ? await counted()
      : await remembered(q, `people-count:${search.status}:${search.departmentId}:${search.managerId}`, 0, counted);
  const { page, pages, offset } = pageOf(total, search.page, perPage);
  const found = await statements.page.execute({ ...values, limit: perPage, offset });
  const rows = found.map(({ department, manager, ...person }) => ({
    ...person,
    departmentName: department.name,
    managerName: manager?.name ?? null,
  }));
  const reportingTo = search.managerId === null ? undefined : await personNamed(q).execute({ id: search.managerId });
  return { rows, total, page, pages, perPage, reportingTo: reportingTo ?? null };
}

const directoryManager = aliasedTable(schema.people, "manager");

/**
 * Everyone the directory's filters find, every page of it, in the page's order: the directory's
 * download. One query with its joins, however many people match.
 */
export async function everyPersonFound(q: Queryable, search: PeopleSearch) {
  const { where, values } = peopleMatching(search);
  return q
    .select({
      id: schema.people.id,
      name: schema.people.name,
      email: schema.people.email,
      title: schema.people.title,
      departmentName: schema.departments.name,
      managerName: directoryManager.name,
      timeZone: schema.people.timeZone,
      isHost: schema.people.isHost,
      isManager: schema.people.isManager,
      isAdmin: schema.people.isAdmin,
      active: schema.people.active,
    })
    .from(schema.people)
    .innerJoin(schema.departments, eq(schema.departments.id, schema.people.departmentId))
    .leftJoin(directoryManager, eq(directoryManager.id, schema.people.managerId))
    .where(where)
    .orderBy(sql`lower(${schema.people.name})`, asc(schema.people.id))
    .prepare()
    .all(values);
}

/**
 * A person as the admin edits them, with what switching them off would leave behind and the last
 * invitation to set a password they were sent.
 */
export async function personForAdmin(q: Queryable, id: number, now: number) {
  const person = await q.query.people.findFirst({
    columns: { passwordHash: false, calendarVersion: false },
    extras: { hasPassword: sql<number>`${schema.people.passwordHash} is not null`.as("has_password") },
    with: { department: { columns: { name: true } }, manager: { columns: { name: true, email: true } } },
    where: eq(schema.people.id, id),
  });
  if (!person) return undefined;
  const [{ reports }] = await q
    .select({ reports: count() })
    .from(schema.people)
    .where(and(eq(schema.people.managerId, id), eq(schema.people.active, true)));
  const [{ hosting }] = await q
    .select({ hosting: count() })
    .from(schema.sessions)
    .where(
      and(eq(schema.sessions.hostId, id), eq(schema.sessions.status, "scheduled"), gt(schema.sessions.startsAt, now)),
    );
  const [{ booked }] = await q
    .select({ booked: count() })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .where(
      and(
        eq(schema.bookings.personId, id),
        inArray(schema.bookings.status, ["booked", "waitlisted"]),
        gt(schema.sessions.startsAt, now),
      ),
    );
  const outbox = schema.outboxMessages;
  const [invitation] = await q
    .select({ createdAt: outbox.createdAt, state: outbox.state })
    .from(outbox)
    .where(and(eq(outbox.personId, id), eq(outbox.kind, "account_invitation")))
    .orderBy(desc(outbox.id))
    .limit(1);
  const { department, manager, ...rest } = person;
  return {
    ...rest,
    hasPassword: Boolean(person.hasPassword),
    departmentName: department.name,
    managerName: manager?.name ?? null,
    managerEmail: manager?.email ?? null,
    reports,
    upcomingHosting: hosting,
    upcomingBookings: booked,
    lastInvitation: invitation ?? null,
  };
}

/** The reporting line above a person, nearest first (depth-bounded so a bad cycle can't loop). */
async function lineAbove(q: Queryable, personId: number): Promise<{ id: number; name: string }[]> {
  return q.all<{ id: number; name: string }>(sql`
    with recursive line(id, depth) as (
      select ${personId}, 0
      union all
      select p.manager_id, line.depth + 1 from people p join line on p.id = line.id
      where p.manager_id is not null and line.depth < 64
    )
    select people.id as id, people.name as name from line join people on people.id = line.id order by line.depth`);
}

/**
 * The manager a person would have, from the email typed: someone active in the directory who
 * doesn't already report to the person. A switched-off manager the person already has may stay.
 */
async function resolveManager(
  q: Queryable,
  input: { person: Person | undefined; personName: string; managerEmail: string },
): Promise<{ ok: true; managerId: number | null } | { ok: false; reason: DirectoryRefusal }> {
  const { person, personName, managerEmail } = input;
  if (managerEmail === "") return { ok: true, managerId: null };
  const [found] = await q
    .select({ id: schema.people.id, name: schema.people.name, active: schema.people.active })
    .from(schema.people)
    .where(eq(schema.people.email, managerEmail));
  if (!found) return { ok: false, reason: { code: "manager_unknown", email: managerEmail } };
  if (found.id === person?.id) return { ok: false, reason: { code: "manager_self" } };
  if (found.id === person?.managerId) return { ok: true, managerId: found.id };
  if (!found.active) return { ok: false, reason: { code: "manager_inactive", name: found.name } };
  const chain = person ? cycleThrough(person.id, await lineAbove(q, found.id)) : null;
  if (chain) return { ok: false, reason: { code: "manager_cycle", person: personName, manager: found.name, chain } };
  return { ok: true, managerId: found.id };
}

async function departmentName(q: Queryable, id: number): Promise<string> {
  const [department] = await q
    .select({ name: schema.departments.name })
    .from(schema.departments)
    .where(eq(schema.departments.id, id));
  return department?.name ?? "";
}

/**
 * Adds a person, or changes the one with `id`. An admin can't take the admin role away from
 * themselves or switch themselves off: another admin does that. Someone added without a password
 * is e-mailed an invitation to set one, in the same write (`invited`). A new password, switching
 * someone off or a change of roles ends their sign-ins in the same write; an admin changing their
 * own stays signed in where they made the change (`keepSignInId`).
 */
export async function savePerson(db: Db, input: SaveBy & { person: PersonInput; keepSignInId?: number }) {
  const { person, keepSignInId, ...by } = input;
  if (by.id === by.actorId && !person.admin) return refused({ code: "own_admin_role" });
  if (by.id === by.actorId && !person.active) return refused({ code: "own_account_off" });
  // Hashing takes a while; do it before taking the write queue.
  const passwordHash = person.password ? await hashPassword(person.password) : null;
  return saveWithAudit<typeof schema.people, { invited: boolean }>(db, by, {
    table: schema.people,
    entityType: "person",
    holderOf: async (tx) => {
      const [holder] = await tx
        .select({ name: schema.people.name })
        .from(schema.people)
        .where(
          and(eq(schema.people.email, person.email), by.id === undefined ? undefined : ne(schema.people.id, by.id)),
        );
      return holder?.name ?? null;
    },
    taken: (holder) => ({ code: "email_taken", email: person.email, holder: holder ?? "someone else" }),
    check: async (tx, before) => {
      if (!(await departmentName(tx, person.departmentId))) return refused({ code: "department_unknown" });
      const manager = await resolveManager(tx, {
        person: before,
        personName: person.name,
        managerEmail: person.managerEmail,
      });
      if (!manager.ok) return manager;
      return {
        ok: true,
        values: {
          name: person.name,
          email: person.email,
          title: person.title,
          departmentId: person.departmentId,
          managerId: manager.managerId,
          timeZone: person.timeZone,
          isHost: person.host,
          isManager: person.manager,
          isAdmin: person.admin,
          active: person.active,
        },
        secrets: passwordHash ? { passwordHash } : undefined,
      };
    },
    describe: async (tx, { before, saved, changed }) => {
      if (!before) {
        return {
          action: "person.created",
          summary: `Added ${saved.name} (${saved.email}) to ${await departmentName(tx, saved.departmentId)} as ${rolesWords(saved)}${passwordHash ? ", with a password" : ""}.`,
          details: {
            email: saved.email,
            departmentId: saved.departmentId,
            managerId: saved.managerId,
            roles: rolesFromFlags(saved),
            timeZone: saved.timeZone,
            active: saved.active,
            passwordSet: passwordHash !== null,
          },
        };
      }
      const what: string[] = [];
      if (changed.name) what.push(`name ${before.name} → ${saved.name}`);
      if (changed.email) what.push(`email ${before.email} → ${saved.email}`);
      if (changed.title) what.push(`title "${before.title}" → "${saved.title}"`);
      if (changed.departmentId) {
        const [was, is] = [await departmentName(tx, before.departmentId), await departmentName(tx, saved.departmentId)];
        what.push(`department ${was} → ${is}`);
      }
      if (changed.managerId) what.push(saved.managerId === null ? "no manager" : `manager ${person.managerEmail}`);
      if (changed.timeZone) what.push(`time zone ${saved.timeZone}`);
      if (changed.isHost || changed.isManager || changed.isAdmin) {
        what.push(`roles ${rolesWords(before)} → ${rolesWords(saved)}`);
      }
      if (changed.active) what.push(saved.active ? "switched back on" : "switched off (records kept)");
      if (passwordHash) what.push("new password set");
      return {
        action: changed.active ? (saved.active ? "person.reactivated" : "person.deactivated") : "person.updated",
        summary: `${before.name}: ${listOf(what)}.`,
        details: { changed, passwordSet: passwordHash !== null },
      };
    },
    then: async (tx, { before, saved, changed }) => {
      const ending = before
        ? reasonToEndSignIns({
            switchedOff: Boolean(changed.active) && !saved.active,
            passwordSet: passwordHash !== null,
            rolesChanged: Boolean(changed.isHost || changed.isManager || changed.isAdmin),
          })
        : null;
      if (ending) {
        await endSignInsOf(tx, {
          personId: saved.id,
          which: keepSignInId === undefined || by.id !== by.actorId ? { all: true } : { allBut: keepSignInId },
          reason: ending,
          actorId: by.actorId,
          now: by.now,
        });
      }
      const invited = !before && !passwordHash && saved.active;
      if (invited)
        await enqueueMail(tx, [invitationMessage(saved.id, await inviterName(tx, by.actorId), by.now)], by.now);
      return { invited };
    },
  });
}

function refused(reason: DirectoryRefusal) {
  return { ok: false as const, reason };
}
