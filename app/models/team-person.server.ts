/**
 * One report's whole picture for their manager: modules and the evidence for them, bookings ahead
 * and behind with reflections, and sessions that would count toward what is still open.
 */
import { aliasedTable, and, asc, count, desc, eq, gt, inArray, lte, ne, sql } from "drizzle-orm";
import { keptByShape, oncePer, schema, type Queryable } from "~/db.server";
import { isDone } from "~/domain/completion";
import { DAY } from "~/domain/time";
import { bookedSessions } from "~/models/booked-sessions.server";
import { progressFor, type ModuleProgress } from "~/models/completion.server";
import { scheduledOnly, seatsTakenOn } from "~/models/sessions.server";
import type { TeamMember } from "~/models/team.server";

export interface BookingLine {
  bookingId: number;
  sessionId: number;
  status: "booked" | "waitlisted" | "attended" | "no_show";
  source: "self" | "manager" | "planner";
  sessionStatus: "scheduled" | "cancelled";
  kindName: string;
  hostName: string;
  startsAt: number;
  endsAt: number;
  reflection: string;
  reflectedAt: number | null;
}

export interface SessionSuggestion {
  sessionId: number;
  kindName: string;
  hostName: string;
  hostDepartment: string;
  startsAt: number;
  endsAt: number;
  seats: number;
  seated: number;
  /** Titles of the person's unfinished modules this session counts toward. */
  countsFor: string[];
}

export interface PersonDetail {
  person: TeamMember;
  progress: ModuleProgress[];
  /** Names of the people who signed modules off by hand, by id. */
  signers: Record<number, string>;
  upcoming: BookingLine[];
  /** One page of the sessions behind them, the latest first. */
  past: BookingLine[];
  /** Which page of past sessions `past` is, and how many there are in all. */
  pastPages: { total: number; page: number; pages: number; pageSize: number };
  /** The soonest few sessions that would count. */
  suggestions: SessionSuggestion[];
  /** How many sessions would count in all, shown or not (at least this many when `suggestionsTotalIsFloor`). */
  suggestionsTotal: number;
  suggestionsTotalIsFloor: boolean;
}

const PAST_BOOKINGS_PAGE_SIZE = 20;
const SUGGESTION_DAYS = 28;
const SUGGESTIONS_SHOWN = 5;
/** Sessions that would count are counted up to this many. */
const SUGGESTIONS_COUNTED = 100;

const host = aliasedTable(schema.people, "host");

const UPCOMING_STATUSES: BookingLine["status"][] = ["booked", "waitlisted"];
const PAST_STATUSES: BookingLine["status"][] = ["booked", "attended", "no_show"];

/*
 * The person's bookings ahead and behind, by the session's start, each read built once per
 * database with the person, the moment and the page as parameters.
 */
const given = {
  personId: sql.placeholder("personId"),
  now: sql.placeholder("now"),
  limit: sql.placeholder("limit"),
  offset: sql.placeholder("offset"),
};
const ended = and(eq(schema.sessions.status, "scheduled"), lte(schema.sessions.endsAt, given.now));
const pastOfPerson = and(
  eq(schema.bookings.personId, given.personId),
  inArray(schema.bookings.status, PAST_STATUSES),
  ended,
);

const upcomingRead = oncePer((q: Queryable) =>
  bookedSessions(q)
    .where(
      and(
        eq(schema.bookings.personId, given.personId),
        inArray(schema.bookings.status, UPCOMING_STATUSES),
        gt(schema.sessions.endsAt, given.now),
      ),
    )
    .orderBy(asc(schema.sessions.startsAt), asc(schema.bookings.id))
    .prepare(),
);
const pastCountRead = oncePer((q: Queryable) =>
  q
    .select({ total: count() })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .where(pastOfPerson)
    .prepare(),
);
/** A page of the sessions behind the person, each row with how many there are in all. */
const pastPageRead = oncePer((q: Queryable) =>
  bookedSessions(q, { total: sql<number>`count(*) over ()` })
    .where(pastOfPerson)
    .orderBy(desc(schema.sessions.startsAt), desc(schema.bookings.id))
    .limit(given.limit)
    .offset(given.offset)
    .prepare(),
);

function bookingLine(row: Awaited<ReturnType<ReturnType<typeof upcomingRead>["all"]>>[number]): BookingLine {
  return {
    bookingId: row.bookingId,
    sessionId: row.sessionId,
    status: row.status as BookingLine["status"],
    source: row.source,
    sessionStatus: row.sessionStatus,
    kindName: row.kindName,
    hostName: row.hostName,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    reflection: row.reflection,
    reflectedAt: row.reflectedAt,
  };
}

/**
 * The soonest sessions that would count, and how many in all (up to a cap), for one shape of
 * need: any kind of work, or the given number of kinds. Built once per database and shape.
 */
function suggestionStatementsFor(q: Queryable, kinds: number | "any") {
  const s = schema.sessions;
  const counts = and(
    scheduledOnly,
    gt(s.startsAt, sql.placeholder("now")),
    lte(s.startsAt, sql.placeholder("until")),
    // Nobody shadows their own department's work.
    ne(host.departmentId, sql.placeholder("departmentId")),
    kinds === "any"
      ? undefined
      : inArray(
          s.kindId,
          Array.from({ length: kinds }, (_, i) => sql.placeholder(`kind${i}`)),
        ),
    sql`not exists (select 1 from bookings b where b.session_id = ${s.id} and b.person_id = ${sql.placeholder("personId")} and b.status <> 'cancelled')`,
  );
  const counted = q
    .select({ one: sql`1` })
    .from(s)
    .innerJoin(host, eq(host.id, s.hostId))
    .where(counts)
    .limit(SUGGESTIONS_COUNTED)
    .as("counted");
  // Worked out once for the read (it names nothing of the row), and only when a row is found.
  const total = q.select({ total: count() }).from(counted);
  return {
    soonest: q
      .select({
        sessionId: s.id,
        kindId: s.kindId,
        kindName: schema.sessionKinds.name,
        hostName: host.name,
        hostDepartment: schema.departments.name,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        seats: s.seats,
        seated: seatsTakenOn(s.id),
        total: sql<number>`(${total})`,
      })
      .from(s)
      .innerJoin(host, eq(host.id, s.hostId))
      .innerJoin(schema.departments, eq(schema.departments.id, host.departmentId))
      .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, s.kindId))
      .where(counts)
      .orderBy(asc(s.startsAt), asc(s.id))
      .limit(SUGGESTIONS_SHOWN)
      .prepare(),
  };
}

const suggestionStatements = keptByShape<Queryable, ReturnType<typeof suggestionStatementsFor>>();

/**
 * Upcoming sessions that would count toward the person's unfinished modules: the soonest few, and
 * how many there are, counted up to `SUGGESTIONS_COUNTED` (past that, the page says "or more" and
 * leads to Find sessions, so the count never reads every session of four busy weeks).
 */
async function suggestionsFor(
  q: Queryable,
  person: { id: number; departmentId: number },
  progress: readonly ModuleProgress[],
  now: number,
): Promise<{ sessions: SessionSuggestion[]; total: number; totalIsFloor: boolean }> {
  const open = progress.filter((p) => !isDone(p.standing));
  if (open.length === 0) return { sessions: [], total: 0, totalIsFloor: false };
  const anyKind = open.some((p) => p.module.ruleKindId === null);
  const kinds = [...new Set(open.map((p) => p.module.ruleKindId).filter((k): k is number => k !== null))];
  const shape = anyKind ? "any" : kinds.length;
  const statements = suggestionStatements(q, String(shape), () => suggestionStatementsFor(q, shape));
  const values: Record<string, number> = {
    now,
    until: now + SUGGESTION_DAYS * DAY,
    departmentId: person.departmentId,
    personId: person.id,
  };
  if (!anyKind) kinds.forEach((kind, i) => (values[`kind${i}`] = kind));
  const rows = await statements.soonest.all(values);
  const total = rows[0]?.total ?? 0;
  const sessions = rows.map(({ kindId, total: _total, ...row }) => ({
    ...row,
    countsFor: open
      .filter((p) => p.module.ruleKindId === null || p.module.ruleKindId === kindId)
      .map((p) => p.module.title),
  }));
  return { sessions, total, totalIsFloor: total === SUGGESTIONS_COUNTED };
}

async function signerNames(q: Queryable, progress: readonly ModuleProgress[]): Promise<Record<number, string>> {
  const ids = [
    ...new Set(progress.map((p) => p.completion?.signedOffById).filter((id): id is number => typeof id === "number")),
  ];
  if (ids.length === 0) return {};
  const people = await q.query.people.findMany({ columns: { id: true, name: true }, where: (p) => inArray(p.id, ids) });
  return Object.fromEntries(people.map((p) => [p.id, p.name]));
}

/**
 * One person's whole picture for their manager (the person as `teamMember` reads them). Past
 * sessions come a page at a time (`pastPage`), the latest first.
 */
export async function personDetail(q: Queryable, person: TeamMember, now: number, pastPage = 1): Promise<PersonDetail> {
  const personId = person.id;
  const progress = await progressFor(q, personId, now);
  const upcoming = (await upcomingRead(q).all({ personId, now })).map(bookingLine);
  const { rows: past, total: pastTotal, page } = await pastSessionsPage(q, personId, now, pastPage);
  const pages = Math.max(1, Math.ceil(pastTotal / PAST_BOOKINGS_PAGE_SIZE));
  const suggestions = person.active
    ? await suggestionsFor(q, person, progress, now)
    : { sessions: [], total: 0, totalIsFloor: false };
  return {
    person,
    progress,
    signers: await signerNames(q, progress),
    upcoming,
    past,
    pastPages: { total: pastTotal, page, pages, pageSize: PAST_BOOKINGS_PAGE_SIZE },
    suggestions: suggestions.sessions,
    suggestionsTotal: suggestions.total,
    suggestionsTotalIsFloor: suggestions.totalIsFloor,
  };
}

/**
 * The asked-for page of the sessions behind the person and how many there are: one read, which
 * counts them as it goes. A page past the last (a stale link) reads the last page instead.
 */
async function pastSessionsPage(
  q: Queryable,
  personId: number,
  now: number,
  asked: number,
): Promise<{ rows: BookingLine[]; total: number; page: number }> {
  const read = async (page: number) =>
    pastPageRead(q).all({
      personId,
      now,
      limit: PAST_BOOKINGS_PAGE_SIZE,
      offset: (page - 1) * PAST_BOOKINGS_PAGE_SIZE,
    });
  let page = Math.max(1, Math.floor(asked));
  let rows = await read(page);
  if (rows.length === 0 && page > 1) {
    const [{ total }] = await pastCountRead(q).all({ personId, now });
    page = Math.max(1, Math.ceil(total / PAST_BOOKINGS_PAGE_SIZE));
    rows = total === 0 ? [] : await read(page);
  }
  return { rows: rows.map(bookingLine), total: rows[0]?.total ?? 0, page };
}
