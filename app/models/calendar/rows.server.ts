/**
 * The rows behind every calendar event, read with a few set-based queries (no query per event):
 * the seats of "my bookings", of a manager's team or of one invite, and a host's sessions with who
 * is on them. A session's columns are named once, in `sessionColumns`, for every kind of event;
 * each row's type is derived from its select object.
 */
import { and, asc, eq, inArray, isNotNull, sql, type Column, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { schema, type Queryable } from "~/db.server";
import { SEATED_STATUSES } from "~/domain/bookings";
import { feedWindow, guideInShort, type SessionText } from "~/domain/calendar";
import { TEXT_DETAIL_LIST, type SessionDetailField, type TextDetailField } from "~/domain/hosting";
import { jsonRows, type RowOf } from "./json-rows.server";
import { prepared } from "./prepared.server";
import type { Feed } from "./tokens.server";

const b = schema.bookings;
const s = schema.sessions;
const k = schema.sessionKinds;
const host = alias(schema.people, "host");
const shadow = alias(schema.people, "shadow");
const shadowDepartment = alias(schema.departments, "shadow_department");

// ---------------------------------------------------------------------------------------------
// The columns

/** The columns a list names, without those it names as null (left out). */
function namedColumns<T extends Record<string, Column | null>>(columns: T) {
  return Object.fromEntries(Object.entries(columns).filter(([, column]) => column !== null)) as {
    [K in keyof T as T[K] extends null ? never : K]: Exclude<T[K], null>;
  };
}

/**
 * Every detail a host gives a session (`sessionDetails()`, db/schema.ts) as events read it: its
 * column, under its own name, or null where events leave it out. The plain text details
 * (TEXT_DETAILS) are read generically, below, into `details` of `SessionText`; any other new
 * detail is a type error here until events read it or leave it out.
 */
const detailColumns = {
  location: s.location,
  meetingUrl: s.meetingUrl,
  customerName: s.customerName,
  customerConfidential: s.customerConfidential,
  seats: s.seats,
  // Events do not say it.
  departmentCap: null,
  notes: s.notes,
} satisfies Record<Exclude<SessionDetailField, TextDetailField>, Column | null>;

/** The plain text details (TEXT_DETAILS), by their own names: `details` of `SessionText` is made of them. */
const textDetailColumns = Object.fromEntries(TEXT_DETAIL_LIST.map(([field]) => [field, s[field]])) as {
  [F in TextDetailField]: (typeof s)[F];
};

/**
 * A session as every event of it reads it: a seat's, a team seat's or the host's own. The fields
 * of `SessionText` it reads straight off the row are named as `SessionText` names them; the rest
 * is worked out per reader (the host's name, the customer as the reader may see it) or from the
 * status, so a field added to `SessionText` is a type error here until its column is named (and
 * in `sessionText`, events.server.ts, until it is copied).
 */
const sessionColumns = {
  ...namedColumns(detailColumns),
  ...textDetailColumns,
  kindName: k.name,
  onSite: k.onSite,
  timeZone: s.timeZone,
  cancelReason: s.cancelReason,
  sessionId: s.id,
  kindId: s.kindId,
  hostId: s.hostId,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  sessionStatus: s.status,
  sessionVersion: s.version,
  sessionCreatedAt: s.createdAt,
  sessionUpdatedAt: s.updatedAt,
  sessionCancelledAt: s.cancelledAt,
} satisfies Record<keyof Omit<SessionText, "id" | "hostName" | "customer" | "cancelled" | "details">, Column> &
  Record<string, Column>;

export type SessionRow = RowOf<typeof sessionColumns>;

/** A seat: its session, its booking, the session's host, and the booked person. */
const seatColumns = {
  ...sessionColumns,
  bookingId: b.id,
  bookingStatus: b.status,
  bookingVersion: b.version,
  bookingCreatedAt: b.createdAt,
  bookingUpdatedAt: b.updatedAt,
  bookingCancelledAt: b.cancelledAt,
  personId: b.personId,
  hostName: host.name,
  hostEmail: host.email,
  shadowName: shadow.name,
  shadowEmail: shadow.email,
  shadowIsAdmin: shadow.isAdmin,
  shadowDepartment: shadowDepartment.name,
};

/** In "my bookings" the shadow is the feed's person, so their columns are filled in, not joined. */
const ownShadowColumns = {
  shadowName: sql<string>`''`,
  shadowEmail: sql<string>`''`,
  // 1 or 0: SQL carries no decoder here, so the reader of the row takes it with Boolean().
  shadowIsAdmin: sql<number>`${sql.placeholder("isAdmin")}`,
  shadowDepartment: sql<string>`''`,
};

/** Who is on a host's session, in the order they booked. */
const hostedSeatColumns = {
  sessionId: b.sessionId,
  status: b.status,
  version: b.version,
  updatedAt: b.updatedAt,
  cancelledAt: b.cancelledAt,
  name: shadow.name,
  departmentName: shadowDepartment.name,
};

export type HostedSeatRow = RowOf<typeof hostedSeatColumns>;

// ---------------------------------------------------------------------------------------------
// Which rows a feed lists

/**
 * A seat is listed until its history window ends after its session (`listedSince`); once it or
 * its session is cancelled, for CANCELLED_KEPT_DAYS after the first cancellation, then it drops out.
 */
const seatListed = sql`(case when ${b.status} = 'cancelled' or ${s.status} = 'cancelled'
    then min(coalesce(${b.cancelledAt}, ${s.cancelledAt}), coalesce(${s.cancelledAt}, ${b.cancelledAt})) >= ${sql.placeholder("cancelledSince")}
    else ${s.endsAt} >= ${sql.placeholder("listedSince")} end)`;

const sessionListed = sql`(case when ${s.status} = 'cancelled'
    then ${s.cancelledAt} >= ${sql.placeholder("cancelledSince")}
    else ${s.endsAt} >= ${sql.placeholder("listedSince")} end)`;

/** Everyone below the manager in the line (direct and indirect reports). */
const inTeam = sql`${b.personId} in (
    select person_id from reporting_lines where manager_id = ${sql.placeholder("personId")})`;

type SeatScope = "bookings" | "team" | "booking";

const seatsWhere: Record<SeatScope, SQL | undefined> = {
  bookings: and(eq(b.personId, sql.placeholder("personId")), seatListed),
  team: and(inTeam, seatListed),
  booking: eq(b.id, sql.placeholder("bookingId")),
};

const hostedWhere = and(eq(s.hostId, sql.placeholder("personId")), sessionListed);

/** The values of a feed's placeholders at `now`: whose feed, and its window (see feedWindow). */
export function listingValues(feed: Feed, now: number) {
  const { listedSince, cancelledSince } = feedWindow(feed.scope, now);
  return { personId: feed.person.id, isAdmin: feed.person.isAdmin ? 1 : 0, cancelledSince, listedSince };
}

// ---------------------------------------------------------------------------------------------
// Seats

/**
 * For the team feed: whether the manager holds a seat on the row's session themselves (then they
 * may see a confidential customer's name). Computed for confidential sessions only.
 */
const viewerSeated = sql<number>`(case when ${s.customerConfidential} then exists (
    select 1 from bookings mine
    where mine.session_id = ${s.id} and mine.person_id = ${sql.placeholder("personId")}
      and mine.status in ('booked', 'attended', 'no_show')
  ) else 0 end)`;

const seatRows = {
  bookings: jsonRows({ ...seatColumns, ...ownShadowColumns, viewerSeated: sql<number>`0` }),
  team: jsonRows({ ...seatColumns, viewerSeated }),
  booking: jsonRows({ ...seatColumns, viewerSeated: sql<number>`0` }),
};

/** A seat's row, whichever scope read it (in "my bookings" `shadowIsAdmin` is 1 or 0). */
export type SeatRow = ReturnType<(typeof seatRows)[SeatScope]["decode"]>[number];

/**
 * The seats of a scope: "my bookings" joins no people but the hosts (the shadow is the feed's
 * person); the team feed and a single booking's invite join each shadow and their department.
 * Rows are put in order in JavaScript: sorting inside SQLite's aggregate costs a temporary b-tree.
 */
function seatsQuery(scope: SeatScope) {
  return (q: Queryable) => {
    const seats = q
      .select({ rows: seatRows[scope].select() })
      .from(b)
      .innerJoin(s, eq(s.id, b.sessionId))
      .innerJoin(k, eq(k.id, s.kindId))
      .innerJoin(host, eq(host.id, s.hostId));
    if (scope === "bookings") return seats.where(seatsWhere[scope]).prepare();
    return seats
      .innerJoin(shadow, eq(shadow.id, b.personId))
      .innerJoin(shadowDepartment, eq(shadowDepartment.id, shadow.departmentId))
      .where(seatsWhere[scope])
      .prepare();
  };
}

const seatsQueries: Record<SeatScope, ReturnType<typeof seatsQuery>> = {
  bookings: seatsQuery("bookings"),
  team: seatsQuery("team"),
  booking: seatsQuery("booking"),
};

/** The seats of a feed (or of one booking), oldest session first. */
export async function readSeats(q: Queryable, scope: SeatScope, values: Record<string, number>): Promise<SeatRow[]> {
  const [result] = await prepared(q, seatsQueries[scope]).all(values);
  const rows: SeatRow[] = seatRows[scope].decode(result?.rows ?? null);
  rows.sort((x, y) => x.startsAt - y.startsAt || x.bookingId - y.bookingId);
  return rows;
}

/** Whether the person holds a seat (booked, attended or not) on the session. */
export async function holdsSeat(q: Queryable, personId: number, sessionId: number): Promise<boolean> {
  const [seat] = await q
    .select({ id: b.id })
    .from(b)
    .where(and(eq(b.personId, personId), eq(b.sessionId, sessionId), inArray(b.status, [...SEATED_STATUSES])))
    .limit(1);
  return seat !== undefined;
}

// ---------------------------------------------------------------------------------------------
// A host's sessions

const hostedSessionRows = jsonRows(sessionColumns);
const hostedSeatRows = jsonRows(hostedSeatColumns);

function hostedSessionsQuery(q: Queryable) {
  return q
    .select({ rows: hostedSessionRows.select(sql`${s.startsAt}, ${s.id}`) })
    .from(s)
    .innerJoin(k, eq(k.id, s.kindId))
    .where(hostedWhere)
    .prepare();
}

function hostedSeatsQuery(q: Queryable) {
  return q
    .select({ rows: hostedSeatRows.select(sql`${b.sessionId}, ${b.waitlistPosition}, ${b.id}`) })
    .from(b)
    .innerJoin(s, eq(s.id, b.sessionId))
    .innerJoin(shadow, eq(shadow.id, b.personId))
    .innerJoin(shadowDepartment, eq(shadowDepartment.id, shadow.departmentId))
    .where(hostedWhere)
    .prepare();
}

/** The host's listed sessions, oldest first, each with its bookings in order (waitlist by place). */
export async function readHostedSessions(
  q: Queryable,
  values: Record<string, number>,
): Promise<{ session: SessionRow; seats: HostedSeatRow[] }[]> {
  const [sessionResult] = await prepared(q, hostedSessionsQuery).all(values);
  const sessions = hostedSessionRows.decode(sessionResult?.rows ?? null);
  if (!sessions.length) return [];
  const [seatResult] = await prepared(q, hostedSeatsQuery).all(values);
  const bySession = new Map<number, HostedSeatRow[]>();
  for (const seat of hostedSeatRows.decode(seatResult?.rows ?? null)) {
    const list = bySession.get(seat.sessionId);
    if (list) list.push(seat);
    else bySession.set(seat.sessionId, [seat]);
  }
  return sessions.map((session) => ({ session, seats: bySession.get(session.sessionId) ?? [] }));
}

// ---------------------------------------------------------------------------------------------
// Guides

/** The guide in short of the module each kind counts toward (core first, then the oldest), by kind. */
export async function guidesForKinds(q: Queryable, kindIds: number[]): Promise<Map<number, string>> {
  const byKind = new Map<number, string>();
  if (!kindIds.length) return byKind;
  const wanted = new Set(kindIds);
  // A company has tens of modules: reading them all beats a query whose shape changes per feed.
  const modules = await prepared(q, moduleGuidesQuery).all();
  for (const { kindId, ...module } of modules) {
    if (kindId !== null && wanted.has(kindId) && !byKind.has(kindId)) byKind.set(kindId, guideInShort(module));
  }
  return byKind;
}

function moduleGuidesQuery(q: Queryable) {
  return q
    .select({
      kindId: schema.serviceModules.ruleKindId,
      title: schema.serviceModules.title,
      summary: schema.serviceModules.summary,
      guide: schema.serviceModules.guide,
    })
    .from(schema.serviceModules)
    .where(and(eq(schema.serviceModules.active, true), isNotNull(schema.serviceModules.ruleKindId)))
    .orderBy(sql`${schema.serviceModules.core} desc`, asc(schema.serviceModules.id))
    .prepare();
}
