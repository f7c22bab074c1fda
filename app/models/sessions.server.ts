import {
  aliasedTable,
  and,
  asc,
  eq,
  gte,
  inArray,
  isNull,
  lt,
  ne,
  or,
  sql,
  type SQL,
  type SQLWrapper,
} from "drizzle-orm";
import { keptByShape, oncePer, preparedSql, schema, type Db, type Queryable } from "~/db.server";
import { maySeeCustomer, type Viewer } from "~/domain/access";
import { SEATED_STATUSES } from "~/domain/bookings";
import { containsPattern } from "~/domain/session-search";
import { givenTextDetails } from "~/domain/hosting";
import { bookingOfPersonOn } from "~/models/bookings.server";

const host = aliasedTable(schema.people, "host");
const hostDepartment = aliasedTable(schema.departments, "host_department");
const mine = aliasedTable(schema.bookings, "mine");

const inStatuses = (statuses: readonly string[]) => sql.raw(statuses.map((s) => `'${s}'`).join(", "));

export const CONFIDENTIAL_CUSTOMER = "Confidential customer";

/**
 * Scheduled sessions only, said as a literal: so a search by time reads the index of scheduled
 * sessions in time order (`sessions_scheduled_starts_idx`), which a bound value cannot reach.
 */
export const scheduledOnly = sql`${schema.sessions.status} = 'scheduled'`;

/** The seats taken on one session, as SQL: counted through the bookings' session index. */
export function seatsTakenOn(sessionId: SQLWrapper): SQL<number> {
  return sql<number>`(select count(*) from ${schema.bookings} where ${schema.bookings.sessionId} = ${sessionId} and ${schema.bookings.status} in (${inStatuses(SEATED_STATUSES)}))`;
}

export interface SessionFilters {
  kindId?: number;
  /** Inclusive start and exclusive end, as instants. */
  from: number;
  to: number;
  where?: "on_site" | "remote";
  hostDepartmentId?: number;
  onlyFree?: boolean;
  /** Only kinds that count towards the viewer's open assignments. */
  forMyAssignments?: boolean;
  /** Words found in the customer's name (where the viewer may read it), the host's name or the place. */
  text?: string;
}

/** Kinds the viewer still needs for open assignments; null when an open module takes any kind. */
export async function kindsNeededBy(db: Queryable, personId: number): Promise<number[] | null> {
  const rows = await db
    .selectDistinct({ kindId: schema.serviceModules.ruleKindId })
    .from(schema.assignments)
    .innerJoin(schema.serviceModules, eq(schema.serviceModules.id, schema.assignments.moduleId))
    .where(and(eq(schema.assignments.personId, personId), eq(schema.assignments.status, "open")));
  if (rows.some((r) => r.kindId === null)) return null;
  return rows.map((r) => r.kindId as number);
}

/**
 * The typed search as SQL. It reads only the sessions the rest of the search has already narrowed
 * to by time through an index, so a "contains" match needs no index of its own. A confidential
 * customer is matched only for those who may read the name, so a search never reveals it.
 */
function textCondition(viewerIsAdmin: boolean): SQL {
  const like = (column: SQLWrapper) => sql`${column} like ${sql.placeholder("pattern")} escape '\\'`;
  const customerReadable = viewerIsAdmin
    ? sql`1`
    : sql`(${schema.sessions.customerConfidential} = 0 or ${schema.sessions.hostId} = ${sql.placeholder("viewerId")} or exists (select 1 from ${schema.bookings} where ${schema.bookings.sessionId} = ${schema.sessions.id} and ${schema.bookings.personId} = ${sql.placeholder("viewerId")} and ${schema.bookings.status} in (${inStatuses(SEATED_STATUSES)})))`;
  return sql`(${like(schema.sessions.location)} or ${like(host.name)} or (${like(schema.sessions.customerName)} and ${customerReadable}))`;
}

/**
 * A search's filters as SQL with placeholders, and the values for them. Searches of the same
 * shape (which filters are set, not to what) share their statements, so each shape's SQL is
 * written once per database, not on every request.
 */
interface FilterShape {
  /** Names the shape: the filters that are set. */
  key: string;
  /** Without the time window. */
  conditions: SQL[];
  values: Record<string, unknown>;
  joins: CountJoins;
}

/** The filters as a shape and its values; null when nothing can match. */
async function filterShape(
  db: Queryable,
  viewer: Pick<Viewer, "id" | "isAdmin">,
  filters: Omit<SessionFilters, "from" | "to">,
): Promise<FilterShape | null> {
  const conditions: SQL[] = [scheduledOnly];
  const values: Record<string, unknown> = { viewerId: viewer.id };
  let key = "";
  if (filters.kindId) {
    key += "k";
    conditions.push(eq(schema.sessions.kindId, sql.placeholder("kindId")));
    values.kindId = filters.kindId;
  }
  if (filters.where) {
    key += "w";
    conditions.push(eq(schema.sessionKinds.onSite, sql.placeholder("onSite")));
    values.onSite = filters.where === "on_site" ? 1 : 0;
  }
  if (filters.hostDepartmentId) {
    key += "d";
    conditions.push(eq(host.departmentId, sql.placeholder("hostDepartmentId")));
    values.hostDepartmentId = filters.hostDepartmentId;
  }
  if (filters.text) {
    key += viewer.isAdmin ? "T" : "t";
    conditions.push(textCondition(viewer.isAdmin));
    values.pattern = containsPattern(filters.text);
  }
  if (filters.onlyFree) {
    key += "f";
    // Counted per candidate session, never over the whole table.
    conditions.push(sql`${schema.sessions.seats} > ${seatsTakenOn(schema.sessions.id)}`);
  }
  if (filters.forMyAssignments) {
    const kinds = await kindsNeededBy(db, viewer.id);
    if (kinds !== null) {
      if (kinds.length === 0) return null;
      key += `m${kinds.length}`;
      conditions.push(
        inArray(
          schema.sessions.kindId,
          kinds.map((_, i) => sql.placeholder(`neededKind${i}`)),
        ),
      );
      kinds.forEach((kind, i) => (values[`neededKind${i}`] = kind));
    }
  }
  return { key, conditions, values, joins: countJoins(filters) };
}

/**
 * Sessions starting between two placeholders, `${name}From` and `${name}To`, as one range of the
 * start-time index. The lower one is the later of the window's start and now: with two lower
 * bounds SQLite may range over the earlier one and test the other row by row.
 */
function startsBetween(name: string): SQL {
  return and(
    gte(schema.sessions.startsAt, sql.placeholder(`${name}From`)),
    lt(schema.sessions.startsAt, sql.placeholder(`${name}To`)),
  )!;
}

/** The values of `startsBetween(name)` for a window, upcoming from `now`. */
function upcomingWithin(name: string, window: { from: number; to: number }, now: number) {
  return { [`${name}From`]: Math.max(window.from, now + 1), [`${name}To`]: window.to };
}

/** The tables a count must join for these filters: the kind for "where", the host for their department. */
interface CountJoins {
  kind: boolean;
  host: boolean;
}

function countJoins(filters: Omit<SessionFilters, "from" | "to">): CountJoins {
  return { kind: Boolean(filters.where), host: Boolean(filters.hostDepartmentId || filters.text) };
}

const listStatements = keptByShape<Db, ReturnType<typeof listStatementsFor>>();

/** A page of the list and the count of all it matches, for one shape of filters. */
function listStatementsFor(db: Db, { conditions, joins }: FilterShape) {
  const where = and(...conditions, startsBetween("window"));
  let counted = db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(schema.sessions)
    .$dynamic();
  if (joins.kind) counted = counted.innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.sessions.kindId));
  if (joins.host) counted = counted.innerJoin(host, eq(host.id, schema.sessions.hostId));
  const page = db
    .select({
      id: schema.sessions.id,
      startsAt: schema.sessions.startsAt,
      endsAt: schema.sessions.endsAt,
      seats: schema.sessions.seats,
      location: schema.sessions.location,
      customerName: schema.sessions.customerName,
      customerConfidential: schema.sessions.customerConfidential,
      hostId: schema.sessions.hostId,
      kindName: schema.sessionKinds.name,
      onSite: schema.sessionKinds.onSite,
      hostName: host.name,
      hostDepartmentName: hostDepartment.name,
      myStatus: mine.status,
      // Counted for the page's sessions only, through the bookings' session index.
      seated: seatsTakenOn(schema.sessions.id),
      waitlisted: sql<number>`(select count(*) from ${schema.bookings} where ${schema.bookings.sessionId} = ${schema.sessions.id} and ${schema.bookings.status} = 'waitlisted')`,
    })
    .from(schema.sessions)
    .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.sessions.kindId))
    .innerJoin(host, eq(host.id, schema.sessions.hostId))
    .innerJoin(hostDepartment, eq(hostDepartment.id, host.departmentId))
    .leftJoin(
      mine,
      and(
        eq(mine.sessionId, schema.sessions.id),
        eq(mine.personId, sql.placeholder("viewerId")),
        ne(mine.status, "cancelled"),
      ),
    )
    .where(where)
    .orderBy(asc(schema.sessions.startsAt), asc(schema.sessions.id))
    .limit(sql.placeholder("limit"))
    .offset(sql.placeholder("offset"));
  return { count: counted.where(where).prepare(), page: page.prepare() };
}

/** Upcoming scheduled sessions matching the filters, soonest first, with the viewer's own booking. */
export async function findSessions(
  db: Db,
  viewer: Pick<Viewer, "id" | "isAdmin">,
  filters: SessionFilters,
  now: number,
  page: { limit: number; offset: number },
) {
  const shape = await filterShape(db, viewer, filters);
  if (shape === null) return { total: 0, sessions: [] };
  const statements = listStatements(db, shape.key, () => listStatementsFor(db, shape));
  const values = { ...shape.values, ...upcomingWithin("window", filters, now), ...page };
  const rows = await statements.page.all(values);

  // The page stops at its LIMIT; the count is its own query, so it never makes the page read every match.
  const total =
    rows.length < page.limit && page.offset === 0 ? rows.length : ((await statements.count.get(values))?.n ?? 0);
  return {
    total,
    // The customer's name leaves here only as the viewer may see it, so it never reaches their browser.
    sessions: rows.map(({ customerName, customerConfidential, hostId, seated, ...row }) => ({
      ...row,
      seatsLeft: Math.max(0, row.seats - seated),
      customer: customerShown(
        viewer,
        { hostId, customerName, customerConfidential },
        row.myStatus !== null && row.myStatus !== "waitlisted",
      ),
    })),
  };
}

export type FoundSession = Awaited<ReturnType<typeof findSessions>>["sessions"][number];

/** A session as a day of the week view shows it: when, what, and whether the viewer can still join. */
export interface WeekSession {
  id: number;
  startsAt: number;
  endsAt: number;
  kindName: string;
  onSite: boolean;
  seatsLeft: number;
  myStatus: string | null;
}

type WeekRow = Omit<WeekSession, "onSite" | "seatsLeft"> & {
  day: number;
  seats: number;
  seated: number;
  onSite: number;
};

const weekStatements = keptByShape<Db, ReturnType<typeof weekStatementsFor>>();

/**
 * For `days` consecutive days and one shape of filters: each day's count and its first sessions.
 * Each day is counted over its own stretch of the start-time index (no sort, no grouping), and
 * each day's first sessions stop at the limit.
 */
function weekStatementsFor(db: Db, { conditions, joins }: FilterShape, days: number) {
  const from = sql.join(
    [
      sql`from sessions`,
      joins.kind ? sql`join session_kinds on session_kinds.id = sessions.kind_id` : sql``,
      joins.host ? sql`join people host on host.id = sessions.host_id` : sql``,
    ],
    sql` `,
  );
  const dayNumbers = Array.from({ length: days }, (_, i) => i);
  const onDay = (i: number) => and(...conditions, startsBetween(`day${i}`));
  const dayCounts = sql.join(
    dayNumbers.map((i) => sql`(select count(*) ${from} where ${onDay(i)}) as ${sql.raw(`day${i}`)}`),
    sql`, `,
  );
  const firstOfEachDay = sql.join(
    dayNumbers.map(
      (i) =>
        sql`select * from (select sessions.id as id, ${sql.raw(String(i))} as day ${from} where ${onDay(i)} order by sessions.starts_at, sessions.id limit ${sql.placeholder("perDay")})`,
    ),
    sql` union all `,
  );
  return {
    counts: preparedSql<Record<string, number>>(db, sql`select ${dayCounts}`),
    rows: preparedSql<WeekRow>(
      db,
      sql`
      select first.day as day, s.id as id, s.starts_at as startsAt, s.ends_at as endsAt, s.seats as seats,
        k.name as kindName, k.on_site as onSite,
        ${seatsTakenOn(sql`s.id`)} as seated,
        (select m.status from bookings m where m.session_id = s.id and m.person_id = ${sql.placeholder("viewerId")} and m.status <> 'cancelled') as myStatus
      from (${firstOfEachDay}) first
      join sessions s on s.id = first.id
      join session_kinds k on k.id = s.kind_id
      order by first.day, s.starts_at, s.id`,
    ),
  };
}

/**
 * The same search over several consecutive days at once, given as the instants where each day
 * starts and ends in the viewer's zone: for each day, how many sessions match and the first
 * `perDay` of them. Each day is read on its own, so a busy day never crowds out the ones after
 * it, and seats are counted only for the sessions kept.
 */
export async function findSessionsByDay(
  db: Db,
  viewer: Pick<Viewer, "id" | "isAdmin">,
  filters: Omit<SessionFilters, "from" | "to">,
  days: { from: number; to: number }[],
  now: number,
  perDay: number,
): Promise<{ total: number; sessions: WeekSession[] }[]> {
  const found = days.map(() => ({ total: 0, sessions: [] as WeekSession[] }));
  const shape = await filterShape(db, viewer, filters);
  if (shape === null || days.length === 0) return found;
  const statements = weekStatements(db, `${shape.key}:${days.length}`, () => weekStatementsFor(db, shape, days.length));
  const values = Object.assign({ perDay }, shape.values, ...days.map((day, i) => upcomingWithin(`day${i}`, day, now)));
  const [counts, rows] = await Promise.all([statements.counts(values), statements.rows(values)]);
  found.forEach((day, i) => (day.total = counts[0]?.[`day${i}`] ?? 0));
  for (const { day, seats, seated, onSite, ...session } of rows) {
    found[day].sessions.push({ ...session, onSite: Boolean(onSite), seatsLeft: Math.max(0, seats - seated) });
  }
  return found;
}

function customerShown(
  viewer: Pick<Viewer, "id" | "isAdmin">,
  session: { hostId: number; customerConfidential: boolean; customerName: string },
  viewerIsBookedShadow: boolean,
): string {
  if (!session.customerName) return "";
  return maySeeCustomer(viewer, session, viewerIsBookedShadow) ? session.customerName : CONFIDENTIAL_CUSTOMER;
}

/** What the filter form offers: kinds and customer-facing departments. */
export async function filterChoices(db: Queryable) {
  const reads = choiceReadsOf(db);
  const [kinds, departments] = await Promise.all([reads.kinds.all(), reads.departments.all()]);
  return { kinds, departments };
}

// Every search page reads them: built once per database.
const choiceReadsOf = oncePer((db: Queryable) => ({
  kinds: db
    .select({ id: schema.sessionKinds.id, name: schema.sessionKinds.name })
    .from(schema.sessionKinds)
    .where(eq(schema.sessionKinds.active, true))
    .orderBy(asc(schema.sessionKinds.name))
    .prepare(),
  departments: db
    .select({ id: schema.departments.id, name: schema.departments.name })
    .from(schema.departments)
    .where(eq(schema.departments.kind, "customer_facing"))
    .orderBy(asc(schema.departments.name))
    .prepare(),
}));

/** Everything the session page shows, from the viewer's point of view. */
export async function sessionPage(db: Queryable, viewer: Viewer, sessionId: number) {
  const reads = sessionPageReadsOf(db);
  const row = await reads.session.execute({ sessionId });
  if (!row) return null;

  const [attendees, modules, myBooking] = await Promise.all([
    reads.attendees.all({ sessionId }),
    reads.modules.all({ kindId: row.kindId }),
    bookingOfPersonOn(db, sessionId, viewer.id),
  ]);

  const seated = attendees.filter((a) => a.status !== "waitlisted");
  const waiting = attendees.filter((a) => a.status === "waitlisted");
  const viewerIsBookedShadow =
    myBooking !== undefined && myBooking.status !== "cancelled" && myBooking.status !== "waitlisted";
  const myPlace =
    myBooking?.status === "waitlisted" ? waiting.findIndex((w) => w.personId === viewer.id) + 1 || null : null;
  const { kind, host } = row;

  return {
    id: row.id,
    status: row.status,
    cancelReason: row.cancelReason,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    hostTimeZone: row.timeZone,
    location: row.location,
    meetingUrl: row.meetingUrl,
    notes: row.notes,
    textDetails: givenTextDetails(row),
    seats: row.seats,
    departmentCap: row.departmentCap,
    seriesId: row.seriesId,
    customer: customerShown(viewer, row, viewerIsBookedShadow),
    kind: { id: row.kindId, name: kind.name, description: kind.description, onSite: kind.onSite },
    host: {
      id: row.hostId,
      name: host.name,
      title: host.title,
      email: host.email,
      departmentId: host.departmentId,
      departmentName: host.department.name,
    },
    seatsLeft: Math.max(0, row.seats - seated.length),
    coming: seated.map(({ name, departmentName }) => ({ name, departmentName })),
    waitlisted: waiting.length,
    modules,
    myBooking: myBooking
      ? {
          id: myBooking.id,
          personId: myBooking.personId,
          status: myBooking.status,
          source: myBooking.source,
          reflection: myBooking.reflection,
          reflectedAt: myBooking.reflectedAt,
          place: myPlace,
        }
      : null,
  };
}

// The session page's reads, built once per database.
const sessionPageReadsOf = oncePer((db: Queryable) => ({
  session: db.query.sessions
    .findFirst({
      where: eq(schema.sessions.id, sql.placeholder("sessionId")),
      with: {
        kind: { columns: { name: true, description: true, onSite: true } },
        host: {
          columns: { name: true, title: true, email: true, departmentId: true },
          with: { department: { columns: { name: true } } },
        },
      },
    })
    .prepare(),
  attendees: db
    .select({
      personId: schema.people.id,
      name: schema.people.name,
      departmentName: schema.departments.name,
      status: schema.bookings.status,
    })
    .from(schema.bookings)
    .innerJoin(schema.people, eq(schema.people.id, schema.bookings.personId))
    .innerJoin(schema.departments, eq(schema.departments.id, schema.people.departmentId))
    .where(
      and(
        eq(schema.bookings.sessionId, sql.placeholder("sessionId")),
        inArray(schema.bookings.status, [...SEATED_STATUSES, "waitlisted"]),
      ),
    )
    .orderBy(
      sql`case ${schema.bookings.status} when 'waitlisted' then 1 else 0 end`,
      asc(schema.bookings.waitlistPosition),
      asc(schema.people.name),
    )
    .prepare(),
  modules: db
    .select({
      id: schema.serviceModules.id,
      title: schema.serviceModules.title,
      summary: schema.serviceModules.summary,
      guide: schema.serviceModules.guide,
      reflectionRequired: schema.serviceModules.reflectionRequired,
    })
    .from(schema.serviceModules)
    .where(
      and(
        eq(schema.serviceModules.active, true),
        or(eq(schema.serviceModules.ruleKindId, sql.placeholder("kindId")), isNull(schema.serviceModules.ruleKindId)),
      ),
    )
    .orderBy(sql`${schema.serviceModules.ruleKindId} is null`, asc(schema.serviceModules.title))
    .prepare(),
}));

export type SessionPage = NonNullable<Awaited<ReturnType<typeof sessionPage>>>;
