/**
 * Calendar feeds and invites: the feed tokens, and the rows behind every calendar Frontline writes.
 *
 * - A feed's URL token is 32 random bytes (base64url); only its SHA-256 is stored, so a copy of
 *   the database cannot be used to read anyone's calendar. The token is shown once, when issued.
 *   Regenerating revokes the old feed in the same transaction, so the old URL answers 404 at once.
 * - Each feed is read with a few set-based queries (no query per event). Its ETag is made from
 *   versions the database keeps by trigger (migration 0001) and read with the token, so a
 *   revalidation (304) reads one row and never builds the calendar. Nothing is kept in process
 *   memory: any app instance answers any request the same way.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, asc, Column, eq, inArray, is, isNotNull, isNull, sql, type GetColumnData, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { schema, type Db, type Queryable } from "~/db.server";
import { maySeeCustomer, type RoleFlags } from "~/domain/access";
import { isSeated, SEATED_STATUSES } from "~/domain/bookings";
import {
  attendeeStatusFor,
  bookingSequence,
  bookingUid,
  cancellationsSince,
  customerLabel,
  describeHostedSession,
  describeSeat,
  describeTeamSeat,
  feedBytes,
  FEED_HISTORY_DAYS,
  FEED_REFRESH_MINUTES,
  guideInShort,
  historyStart,
  listingDayStart,
  hostedSessionSequence,
  hostedSummary,
  inviteMethodFor,
  seatEventStatus,
  seatSummary,
  sessionLocation,
  sessionPageUrl,
  sessionUid,
  TEAM_HISTORY_DAYS,
  teamSeatSummary,
  type CalendarEventData,
  type FeedCalendarData,
  type InviteMethod,
  type SessionText,
  type ShadowText,
} from "~/domain/calendar";
import { recordAudit } from "~/models/audit.server";
import { managesPerson } from "~/models/bookings.server";

export type FeedScope = schema.FeedScope;

// ---------------------------------------------------------------------------------------------
// Tokens

const TOKEN_BYTES = 32;
/** 32 bytes in base64url without padding. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function createFeedToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

export function hashFeedToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A strong ETag for a body that is sent whole (an invite). */
export function etagFor(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url")}"`;
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for it). */
export function etagMatches(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  if (ifNoneMatch.trim() === "*") return true;
  const wanted = bare(etag);
  return ifNoneMatch.split(",").some((tag) => bare(tag) === wanted);
}

// ---------------------------------------------------------------------------------------------
// Feeds

/** A live feed and the person it belongs to, as found by its token. */
export interface Feed {
  id: number;
  scope: FeedScope;
  createdAt: number;
  person: {
    id: number;
    name: string;
    email: string;
    timeZone: string;
    isAdmin: boolean;
    isManager: boolean;
    isHost: boolean;
  };
  /** What the feed's ETag is made from, read with the token. */
  versions: FeedVersions;
}

/**
 * `own`: the person's calendar_version (their bookings, the sessions they are booked on or host);
 * `shared`: the company's, for names, departments, kinds and module guides shown in any feed.
 */
export interface FeedVersions {
  own: number;
  shared: number;
}

export interface FeedListing {
  id: number;
  scope: FeedScope;
  createdAt: number;
}

export const FEED_SCOPE_LABELS: Record<FeedScope, string> = {
  bookings: "My bookings",
  hosting: "Sessions I host",
  team: "My team's bookings",
};

/** The feeds a person may turn on: their bookings; what they host; their team's, if they manage. */
export function feedScopesFor(person: RoleFlags): FeedScope[] {
  const scopes: FeedScope[] = ["bookings"];
  if (person.isHost) scopes.push("hosting");
  if (person.isManager) scopes.push("team");
  return scopes;
}

export type FeedRefusal = "person_not_found" | "not_a_manager";

export type IssueFeedResult =
  { ok: true; token: string; feed: FeedListing; replacedFeedId: number | null } | { ok: false; reason: FeedRefusal };

/**
 * Gives the person a new feed of this scope and returns its token — the only time it is known.
 * A live feed of the same scope is revoked in the same transaction, so its URL stops at once.
 */
export async function issueFeed(
  db: Db,
  input: { personId: number; scope: FeedScope; actorId: number | null; now: number },
): Promise<IssueFeedResult> {
  const { personId, scope, actorId, now } = input;
  const token = createFeedToken();
  return db.write(async (tx): Promise<IssueFeedResult> => {
    const [person] = await tx
      .select({ name: schema.people.name, active: schema.people.active, isManager: schema.people.isManager })
      .from(schema.people)
      .where(eq(schema.people.id, personId));
    if (!person || !person.active) return { ok: false, reason: "person_not_found" };
    if (scope === "team" && !person.isManager) return { ok: false, reason: "not_a_manager" };

    const [replaced] = await tx
      .update(schema.calendarFeeds)
      .set({ revokedAt: now })
      .where(liveFeedOf(personId, scope))
      .returning({ id: schema.calendarFeeds.id });
    const [feed] = await tx
      .insert(schema.calendarFeeds)
      .values({ personId, scope, tokenHash: hashFeedToken(token), createdAt: now })
      .returning({
        id: schema.calendarFeeds.id,
        scope: schema.calendarFeeds.scope,
        createdAt: schema.calendarFeeds.createdAt,
      });
    await recordAudit(tx, {
      at: now,
      actorId,
      action: replaced ? "feed.regenerated" : "feed.issued",
      entityType: "feed",
      entityId: feed.id,
      summary: replaced
        ? `${person.name}'s calendar feed "${FEED_SCOPE_LABELS[scope]}" got a new address; the old one stopped working.`
        : `${person.name} turned on the calendar feed "${FEED_SCOPE_LABELS[scope]}".`,
      details: { personId, scope, replacedFeedId: replaced?.id ?? null },
    });
    return { ok: true, token, feed, replacedFeedId: replaced?.id ?? null };
  });
}

/** Revokes the person's live feed of this scope; its URL answers 404 from now on. */
export async function turnOffFeed(
  db: Db,
  input: { personId: number; scope: FeedScope; actorId: number | null; now: number },
): Promise<{ turnedOff: boolean }> {
  const { personId, scope, actorId, now } = input;
  return db.write(async (tx) => {
    const [revoked] = await tx
      .update(schema.calendarFeeds)
      .set({ revokedAt: now })
      .where(liveFeedOf(personId, scope))
      .returning({ id: schema.calendarFeeds.id });
    if (!revoked) return { turnedOff: false };
    const [person] = await tx
      .select({ name: schema.people.name })
      .from(schema.people)
      .where(eq(schema.people.id, personId));
    await recordAudit(tx, {
      at: now,
      actorId,
      action: "feed.turned_off",
      entityType: "feed",
      entityId: revoked.id,
      summary: `${person?.name ?? "Someone"}'s calendar feed "${FEED_SCOPE_LABELS[scope]}" was turned off.`,
      details: { personId, scope },
    });
    return { turnedOff: true };
  });
}

function liveFeedOf(personId: number, scope: FeedScope): SQL | undefined {
  return and(
    eq(schema.calendarFeeds.personId, personId),
    eq(schema.calendarFeeds.scope, scope),
    isNull(schema.calendarFeeds.revokedAt),
  );
}

/** The live feed behind a URL token, or null (unknown, revoked, or its person deactivated). */
export async function findFeedByToken(q: Queryable, token: string): Promise<Feed | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const [row] = await prepared(q, "feed by token", feedByTokenQuery).all({ tokenHash: hashFeedToken(token) });
  if (!row) return null;
  const { id, scope, createdAt, personId, ownVersion, sharedVersion, ...person } = row;
  return {
    id,
    scope,
    createdAt,
    person: { id: personId, ...person },
    versions: { own: ownVersion, shared: sharedVersion },
  };
}

function feedByTokenQuery(q: Queryable) {
  return q
    .select({
      id: schema.calendarFeeds.id,
      scope: schema.calendarFeeds.scope,
      createdAt: schema.calendarFeeds.createdAt,
      personId: schema.people.id,
      name: schema.people.name,
      email: schema.people.email,
      timeZone: schema.people.timeZone,
      isAdmin: schema.people.isAdmin,
      isManager: schema.people.isManager,
      isHost: schema.people.isHost,
      ownVersion: schema.people.calendarVersion,
      sharedVersion: sql<number>`(select ${schema.calendarSharedVersion.version} from ${schema.calendarSharedVersion})`,
    })
    .from(schema.calendarFeeds)
    .innerJoin(schema.people, eq(schema.people.id, schema.calendarFeeds.personId))
    .where(
      and(
        eq(schema.calendarFeeds.tokenHash, sql.placeholder("tokenHash")),
        isNull(schema.calendarFeeds.revokedAt),
        eq(schema.people.active, true),
      ),
    )
    .prepare();
}

/** The person's live feeds (their tokens cannot be shown again, only regenerated). */
export async function listFeeds(q: Queryable, personId: number): Promise<FeedListing[]> {
  return q
    .select({
      id: schema.calendarFeeds.id,
      scope: schema.calendarFeeds.scope,
      createdAt: schema.calendarFeeds.createdAt,
    })
    .from(schema.calendarFeeds)
    .where(and(eq(schema.calendarFeeds.personId, personId), isNull(schema.calendarFeeds.revokedAt)))
    .orderBy(asc(schema.calendarFeeds.id));
}

// ---------------------------------------------------------------------------------------------
// Prepared queries

const preparedQueries = new WeakMap<object, Map<string, unknown>>();

/**
 * A query built once per database (or transaction) and run with new values each time. Feeds are
 * polled often, and building a query with drizzle costs more than SQLite takes to run it; the
 * built SQL is all that is kept, so every instance still reads everything from the database.
 */
function prepared<T>(q: Queryable, key: string, build: (q: Queryable) => T): T {
  let queries = preparedQueries.get(q);
  if (!queries) preparedQueries.set(q, (queries = new Map()));
  let query = queries.get(key) as T | undefined;
  if (query === undefined) queries.set(key, (query = build(q)));
  return query;
}

// ---------------------------------------------------------------------------------------------
// Reading many rows as one value

type RowOf<C extends Record<string, Column | SQL>> = {
  [K in keyof C]: C[K] extends Column ? GetColumnData<C[K]> : C[K] extends SQL<infer T> ? T : never;
};

/**
 * Reads a list of rows as one JSON value built by SQLite (see parseJsonTuples). @libsql/client
 * turns every value of every row into a property with two defineProperty calls and a BigInt round
 * trip, which costs tens of milliseconds for a 500-event feed; one JSON text costs about one.
 * Columns go through drizzle's own decoding (booleans from 0/1) as with a normal select.
 */
function jsonRows<C extends Record<string, Column | SQL>>(columns: C) {
  const names = Object.keys(columns) as (keyof C & string)[];
  const values = names.map((name) => columns[name]);
  // The columns drizzle decodes (booleans from 0/1), by position.
  const decoded = values.flatMap((column, index) =>
    is(column, Column) && column.mapFromDriverValue !== Column.prototype.mapFromDriverValue ? [{ index, column }] : [],
  );
  // Every row starts as a copy of one object with all the names, so all rows share one shape;
  // adding the names one by one to an empty object costs more than parsing the whole text.
  const shape = Object.fromEntries(names.map((name) => [name, null]));
  return {
    select: (orderBy?: SQL) =>
      orderBy
        ? sql<ArrayBuffer | null>`cast(json_group_array(json_array(${sql.join(values, sql`, `)}) order by ${orderBy}) as blob)`
        : sql<ArrayBuffer | null>`cast(json_group_array(json_array(${sql.join(values, sql`, `)})) as blob)`,
    decode(json: ArrayBuffer | null): RowOf<C>[] {
      if (!json) return [];
      return parseJsonTuples(json).map((tuple) => {
        const row: Record<string, unknown> = { ...shape };
        for (let i = 0; i < names.length; i++) row[names[i]] = tuple[i];
        for (const { index, column } of decoded) {
          if (tuple[index] !== null) row[names[index]] = column.mapFromDriverValue(tuple[index]);
        }
        return row as RowOf<C>;
      });
    },
  };
}

const BEYOND_ASCII = /[\u0080-\u00ff]/;

/**
 * A JSON array of arrays from SQLite, handed over as its UTF-8 bytes. Made into a JavaScript
 * string as UTF-8, a text of a few hundred kilobytes costs about 3 ns a byte as soon as it holds
 * one character beyond ASCII (a name like Hämeentie); read as Latin-1, one character per byte,
 * it costs a copy. SQLite writes such characters as they are (it escapes only control
 * characters), so they arrive inside strings as their UTF-8 bytes, and only those strings are
 * decoded again as UTF-8.
 */
function parseJsonTuples(json: ArrayBuffer): unknown[][] {
  const bytes = Buffer.from(json);
  const text = bytes.toString("latin1");
  const tuples = JSON.parse(text) as unknown[][];
  if (!BEYOND_ASCII.test(text)) return tuples;
  for (const tuple of tuples) {
    for (let i = 0; i < tuple.length; i++) {
      const value = tuple[i];
      if (typeof value === "string" && BEYOND_ASCII.test(value))
        tuple[i] = Buffer.from(value, "latin1").toString("utf8");
    }
  }
  return tuples;
}

// ---------------------------------------------------------------------------------------------
// Which rows a feed lists

const b = schema.bookings;
const s = schema.sessions;
const k = schema.sessionKinds;
const host = alias(schema.people, "host");
const shadow = alias(schema.people, "shadow");
const shadowDepartment = alias(schema.departments, "shadow_department");

export interface FeedReadOptions {
  now: number;
  /** Scheme and host of the app, e.g. "https://frontline.example", for links back. */
  origin: string;
}

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

/** Everyone below the manager in the line (direct and indirect reports); `union` stops at cycles. */
const inTeam = sql`${b.personId} in (
    with recursive team(id) as (
      select id from people where manager_id = ${sql.placeholder("personId")}
      union
      select people.id from people join team on people.manager_id = team.id
    )
    select id from team)`;

type SeatScope = "bookings" | "team";

function seatsWhere(scope: SeatScope): SQL | undefined {
  if (scope === "team") return and(inTeam, seatListed);
  return and(eq(b.personId, sql.placeholder("personId")), seatListed);
}

const hostedWhere = and(eq(s.hostId, sql.placeholder("personId")), sessionListed);

/**
 * The values of a feed's placeholders at `now`. A feed lists by whole UTC days (what it lists at
 * `now` is what it listed at the start of that day), so the day can stand in its ETag for time.
 */
function listingValues(feed: Feed, now: number) {
  const day = listingDayStart(now);
  return {
    personId: feed.person.id,
    isAdmin: feed.person.isAdmin ? 1 : 0,
    cancelledSince: cancellationsSince(day),
    listedSince: historyStart(day, feed.scope === "team" ? TEAM_HISTORY_DAYS : FEED_HISTORY_DAYS),
  };
}

/** A team feed exists only while its person manages; otherwise it lists nothing. */
function listsNothing(feed: Feed): boolean {
  return feed.scope === "team" && !feed.person.isManager;
}

// ---------------------------------------------------------------------------------------------
// ETag: versions kept by the database, so a 304 costs the token's own row

/**
 * The feed's ETag, without building the calendar. A feed's body is made from its person, its
 * scope, the site's address, the day (the listing window moves by whole days) and rows whose every
 * change raises a version by trigger: the person's own `calendar_version` for their bookings, the
 * sessions they are booked on and the sessions they host; the shared version for names, kinds and
 * guides. A team feed adds the versions of everyone in the team, read with one small query.
 * The tag is weak (W/): it stands for the feed's meaning rather than a hash of its bytes.
 */
export async function feedEtag(q: Queryable, feed: Feed, options: FeedReadOptions): Promise<string> {
  const { person } = feed;
  const parts: unknown[] = [
    FEED_FORMAT,
    feed.id,
    feed.scope,
    options.origin,
    person.id,
    person.name,
    person.email,
    person.isAdmin,
    person.isManager,
  ];
  if (!listsNothing(feed)) {
    parts.push(listingDayStart(options.now), feed.versions.own, feed.versions.shared);
    if (feed.scope === "team") parts.push(await teamVersions(q, person.id));
  }
  return `W/"${createHash("sha256").update(JSON.stringify(parts)).digest("base64url")}"`;
}

/** Bumped when the calendar's layout changes, so clients fetch the new one. */
const FEED_FORMAT = 3;

/**
 * The versions of a manager's team: their sum, which rises with any change to a report's bookings,
 * and who is in it (joining or leaving a team changes a manager_id, which raises the shared version).
 */
async function teamVersions(q: Queryable, managerId: number): Promise<string | null> {
  const [row] = await q.all<{ versions: string | null }>(sql`
    with recursive team(id) as (
      select id from people where manager_id = ${managerId}
      union
      select people.id from people join team on people.manager_id = team.id
    )
    select json_array(count(*), sum(people.id), sum(people.calendar_version)) as versions
    from people join team on team.id = people.id`);
  return row?.versions ?? null;
}

/**
 * `rows` over the seats of a scope: "my bookings" joins no people but the hosts (the shadow is the
 * feed's person); the team feed and a single booking's invite join each shadow and their department.
 */
function seatQuery(q: Queryable, scope: SeatScope | "booking", rows: SQL<ArrayBuffer | null>) {
  const where = scope === "booking" ? eq(b.id, sql.placeholder("bookingId")) : seatsWhere(scope);
  const seats = q
    .select({ rows })
    .from(b)
    .innerJoin(s, eq(s.id, b.sessionId))
    .innerJoin(k, eq(k.id, s.kindId))
    .innerJoin(host, eq(host.id, s.hostId));
  if (scope === "bookings") return seats.where(where);
  return seats
    .innerJoin(shadow, eq(shadow.id, b.personId))
    .innerJoin(shadowDepartment, eq(shadowDepartment.id, shadow.departmentId))
    .where(where);
}

/**
 * For the team feed: whether the manager holds a seat on the row's session themselves (then they
 * may see a confidential customer's name). Computed for confidential sessions only.
 */
function viewerSeated(scope: SeatScope | "booking"): SQL<number> {
  if (scope !== "team") return sql<number>`0`;
  return sql<number>`(case when ${s.customerConfidential} then exists (
      select 1 from bookings mine
      where mine.session_id = ${s.id} and mine.person_id = ${sql.placeholder("personId")}
        and mine.status in ('booked', 'attended', 'no_show')
    ) else 0 end)`;
}

// ---------------------------------------------------------------------------------------------
// Events

/** The calendar of a feed: its name, refresh hint and events. */
export async function feedCalendarFor(q: Queryable, feed: Feed, options: FeedReadOptions): Promise<FeedCalendarData> {
  return feedCalendarOf(feed, await feedEventsFor(q, feed, options));
}

function feedCalendarOf(feed: Feed, events: CalendarEventData[]): FeedCalendarData {
  return {
    name: FEED_NAMES[feed.scope],
    description: FEED_DESCRIPTIONS[feed.scope],
    refreshMinutes: FEED_REFRESH_MINUTES,
    events,
  };
}

const FEED_NAMES: Record<FeedScope, string> = {
  bookings: "Frontline: my bookings",
  hosting: "Frontline: sessions I host",
  team: "Frontline: my team's bookings",
};

// Clients may not unescape X-WR-CALDESC, so these sentences avoid commas and semicolons.
const SLOW_CLIENTS =
  "Google Calendar may take hours to refresh a subscription: for urgent changes open the invite on the session page.";

const FEED_DESCRIPTIONS: Record<FeedScope, string> = {
  bookings: `Your shadowing bookings in Frontline. ${SLOW_CLIENTS}`,
  hosting: `The sessions you host in Frontline and who is coming. ${SLOW_CLIENTS}`,
  team: `The shadowing bookings of the people you manage in Frontline. ${SLOW_CLIENTS}`,
};

/** The events of a feed, oldest first. */
export async function feedEventsFor(q: Queryable, feed: Feed, options: FeedReadOptions): Promise<CalendarEventData[]> {
  if (listsNothing(feed)) return [];
  if (feed.scope === "hosting") return hostedEvents(q, feed, options);
  return seatEvents(q, feed, options);
}

const seatColumns = {
  bookingId: b.id,
  bookingStatus: b.status,
  bookingVersion: b.version,
  bookingCreatedAt: b.createdAt,
  bookingUpdatedAt: b.updatedAt,
  bookingCancelledAt: b.cancelledAt,
  personId: b.personId,
  sessionId: s.id,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  timeZone: s.timeZone,
  sessionStatus: s.status,
  sessionVersion: s.version,
  sessionUpdatedAt: s.updatedAt,
  sessionCancelledAt: s.cancelledAt,
  cancelReason: s.cancelReason,
  location: s.location,
  meetingUrl: s.meetingUrl,
  customerName: s.customerName,
  customerConfidential: s.customerConfidential,
  notes: s.notes,
  kindId: s.kindId,
  hostId: s.hostId,
  kindName: k.name,
  onSite: k.onSite,
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
  // 1 or 0: SQL carries no decoder here, so shadowMaySeeCustomer reads it with Boolean().
  shadowIsAdmin: sql<number>`${sql.placeholder("isAdmin")}`,
  shadowDepartment: sql<string>`''`,
};

const seatRows = {
  bookings: jsonRows({ ...seatColumns, ...ownShadowColumns, viewerSeated: viewerSeated("bookings") }),
  team: jsonRows({ ...seatColumns, viewerSeated: viewerSeated("team") }),
  booking: jsonRows({ ...seatColumns, viewerSeated: viewerSeated("booking") }),
};

// Rows are put in order in JavaScript: sorting inside SQLite's aggregate costs a temporary b-tree.
const seatsQueries = {
  bookings: (q: Queryable) => seatQuery(q, "bookings", seatRows.bookings.select()).prepare(),
  team: (q: Queryable) => seatQuery(q, "team", seatRows.team.select()).prepare(),
  booking: (q: Queryable) => seatQuery(q, "booking", seatRows.booking.select()).prepare(),
};

/** The seats of a feed (or of one booking), oldest session first. */
async function readSeats(q: Queryable, scope: SeatScope | "booking", values: Record<string, number>) {
  const [result] = await prepared(q, `seats of ${scope}`, seatsQueries[scope]).all(values);
  const rows = seatRows[scope].decode(result?.rows ?? null);
  rows.sort((x, y) => x.startsAt - y.startsAt || x.bookingId - y.bookingId);
  return rows;
}

type SeatRow = Awaited<ReturnType<typeof readSeats>>[number];

/** The session's columns a description reads. */
interface SessionRow {
  sessionId: number;
  kindName: string;
  hostName: string;
  onSite: boolean;
  location: string;
  meetingUrl: string;
  notes: string;
  timeZone: string;
  sessionStatus: "scheduled" | "cancelled";
  cancelReason: string;
}

function sessionText(row: SessionRow, customer: string): SessionText {
  return {
    id: row.sessionId,
    kindName: row.kindName,
    hostName: row.hostName,
    onSite: row.onSite,
    location: row.location,
    meetingUrl: row.meetingUrl,
    customer,
    notes: row.notes,
    timeZone: row.timeZone,
    cancelled: row.sessionStatus === "cancelled",
    cancelReason: row.cancelReason,
  };
}

function latest(...instants: (number | null)[]): number {
  let last = 0;
  for (const instant of instants) if (instant !== null && instant > last) last = instant;
  return last;
}

/**
 * The seat's event as the person themselves sees it. The invite names them as attendee with their
 * answer; "my bookings" is a PUBLISH feed and names nobody.
 */
function ownSeatEvent(
  row: SeatRow,
  guide: string | null,
  origin: string,
  withAttendee: boolean,
  maySee: boolean = shadowMaySeeCustomer(row),
): CalendarEventData {
  const booking = row.bookingStatus;
  const sessionCancelled = row.sessionStatus === "cancelled";
  const session = sessionText(row, customerLabel(row.customerName, row.customerConfidential, maySee));
  const status = seatEventStatus(booking, sessionCancelled);
  return seatEvent(row, origin, {
    summary: seatSummary(session, booking),
    description: describeSeat({ session, booking, guide, origin }),
    attendees: withAttendee
      ? [{ name: row.shadowName, email: row.shadowEmail, partstat: attendeeStatusFor(booking) }]
      : [],
    status,
  });
}

/** Whether the booked person may read the session's confidential customer name. */
function shadowMaySeeCustomer(row: SeatRow): boolean {
  return maySeeCustomer(
    { id: row.personId, isAdmin: Boolean(row.shadowIsAdmin) },
    { hostId: row.hostId, customerConfidential: row.customerConfidential },
    isSeated(row.bookingStatus),
  );
}

/** A seat's event: what every reader's event shares, with what `reader` sees of it. */
function seatEvent(
  row: SeatRow,
  origin: string,
  reader: Pick<CalendarEventData, "summary" | "description" | "attendees" | "status">,
): CalendarEventData {
  const sessionCancelled = row.sessionStatus === "cancelled";
  return {
    uid: bookingUid(row.bookingId),
    sequence: bookingSequence(
      { version: row.sessionVersion, cancelled: sessionCancelled },
      { version: row.bookingVersion, cancelled: row.bookingStatus === "cancelled" },
    ),
    start: row.startsAt,
    end: row.endsAt,
    timeZone: row.timeZone,
    summary: reader.summary,
    description: reader.description,
    location: sessionLocation(row),
    url: sessionPageUrl(origin, row.sessionId),
    organizer: { name: row.hostName, email: row.hostEmail },
    attendees: reader.attendees,
    status: reader.status,
    lastModified: latest(row.sessionUpdatedAt, row.bookingUpdatedAt, row.sessionCancelledAt, row.bookingCancelledAt),
    created: row.bookingCreatedAt,
  };
}

/** A report's seat as their manager sees it. */
function teamSeatEvent(row: SeatRow, feed: Feed, origin: string): CalendarEventData {
  const booking = row.bookingStatus;
  const maySee = maySeeCustomer(
    { id: feed.person.id, isAdmin: feed.person.isAdmin },
    { hostId: row.hostId, customerConfidential: row.customerConfidential },
    Boolean(row.viewerSeated),
  );
  const session = sessionText(row, customerLabel(row.customerName, row.customerConfidential, maySee));
  const shadowText: ShadowText = { name: row.shadowName, departmentName: row.shadowDepartment };
  return seatEvent(row, origin, {
    summary: teamSeatSummary(session, shadowText, booking),
    description: describeTeamSeat({ session, shadow: shadowText, booking, origin }),
    attendees: [],
    status: seatEventStatus(booking, session.cancelled),
  });
}

async function seatEvents(q: Queryable, feed: Feed, { now, origin }: FeedReadOptions): Promise<CalendarEventData[]> {
  const rows = await readSeats(q, feed.scope === "team" ? "team" : "bookings", listingValues(feed, now));
  if (feed.scope === "team") return rows.map((row) => teamSeatEvent(row, feed, origin));
  const guides = await guidesForKinds(
    q,
    rows.map((row) => row.kindId),
  );
  return rows.map((row) => ownSeatEvent(row, guides.get(row.kindId) ?? null, origin, false));
}

/** The guide in short of the module each kind counts toward (core first, then the oldest), by kind. */
async function guidesForKinds(q: Queryable, kindIds: number[]): Promise<Map<number, string>> {
  const byKind = new Map<number, string>();
  if (!kindIds.length) return byKind;
  const wanted = new Set(kindIds);
  // A company has tens of modules: reading them all beats a query whose shape changes per feed.
  const modules = await prepared(q, "module guides", moduleGuidesQuery).all();
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

const hostedSessionRows = jsonRows({
  sessionId: s.id,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  timeZone: s.timeZone,
  sessionStatus: s.status,
  sessionVersion: s.version,
  sessionCreatedAt: s.createdAt,
  sessionUpdatedAt: s.updatedAt,
  sessionCancelledAt: s.cancelledAt,
  cancelReason: s.cancelReason,
  location: s.location,
  meetingUrl: s.meetingUrl,
  customerName: s.customerName,
  notes: s.notes,
  seats: s.seats,
  kindName: k.name,
  onSite: k.onSite,
});

const hostedSeatRows = jsonRows({
  sessionId: b.sessionId,
  status: b.status,
  version: b.version,
  updatedAt: b.updatedAt,
  cancelledAt: b.cancelledAt,
  name: shadow.name,
  departmentName: shadowDepartment.name,
});

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

async function hostedEvents(q: Queryable, feed: Feed, { now, origin }: FeedReadOptions): Promise<CalendarEventData[]> {
  const values = listingValues(feed, now);
  const [sessionResult] = await prepared(q, "hosted sessions", hostedSessionsQuery).all(values);
  const sessions = hostedSessionRows.decode(sessionResult?.rows ?? null);
  if (!sessions.length) return [];
  const [seatResult] = await prepared(q, "hosted seats", hostedSeatsQuery).all(values);
  const seats = hostedSeatRows.decode(seatResult?.rows ?? null);
  const bySession = new Map<number, typeof seats>();
  for (const seat of seats) {
    const list = bySession.get(seat.sessionId);
    if (list) list.push(seat);
    else bySession.set(seat.sessionId, [seat]);
  }

  const organizer = { name: feed.person.name, email: feed.person.email };
  return sessions.map((row): CalendarEventData => {
    const onSession = bySession.get(row.sessionId) ?? [];
    const coming = onSession.filter((seat) => isSeated(seat.status));
    const waiting = onSession.filter((seat) => seat.status === "waitlisted");
    const cancelled = row.sessionStatus === "cancelled";
    // The host always sees their own customer's name.
    const session = sessionText({ ...row, hostName: feed.person.name }, row.customerName);
    return {
      uid: sessionUid(row.sessionId),
      sequence: hostedSessionSequence(
        { version: row.sessionVersion, cancelled },
        onSession.map((seat) => ({ version: seat.version, cancelled: seat.status === "cancelled" })),
      ),
      start: row.startsAt,
      end: row.endsAt,
      timeZone: row.timeZone,
      summary: hostedSummary(session, row.seats, coming.length),
      description: describeHostedSession({ session, seats: row.seats, coming, waiting, origin }),
      location: sessionLocation(row),
      url: sessionPageUrl(origin, row.sessionId),
      organizer,
      attendees: [],
      status: cancelled ? "cancelled" : "confirmed",
      lastModified: latest(
        row.sessionUpdatedAt,
        row.sessionCancelledAt,
        ...onSession.map((seat) => latest(seat.updatedAt, seat.cancelledAt)),
      ),
      created: row.sessionCreatedAt,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The feed URL

/** Headers of every calendar Frontline serves: a feed or invite is one person's, never shared caches'. */
export const CALENDAR_HEADERS = {
  "Content-Type": "text/calendar; charset=utf-8",
  "Cache-Control": "private",
} as const;

export type FeedAnswer =
  | { status: 404 }
  | { status: 304; etag: string }
  /** `bytes` is what is sent; `body` decodes them when read. */
  | { status: 200; etag: string; bytes: Uint8Array<ArrayBuffer>; readonly body: string };

/**
 * What `GET /calendar/<token>.ics` answers (the token with or without its ".ics"): 404 for an
 * unknown, revoked or turned-off token; 304 when If-None-Match names the current ETag (the token's
 * row, and for a team feed one small query; the calendar is not built); otherwise the calendar
 * with its ETag. The tag's versions are read before the rows: a write landing in between only
 * makes the body newer than its tag, so the client downloads once more and misses nothing.
 */
export async function answerFeed(
  q: Queryable,
  token: string,
  request: FeedReadOptions & { ifNoneMatch?: string | null },
): Promise<FeedAnswer> {
  const feed = await findFeedByToken(q, token.endsWith(".ics") ? token.slice(0, -4) : token);
  if (!feed) return { status: 404 };
  const etag = await feedEtag(q, feed, request);
  if (etagMatches(request.ifNoneMatch, etag)) return { status: 304, etag };
  const bytes = feedBytes(feedCalendarOf(feed, await feedEventsFor(q, feed, request)));
  return {
    status: 200,
    etag,
    bytes,
    get body() {
      return new TextDecoder().decode(bytes);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Invites

export interface InviteEvent {
  event: CalendarEventData;
  method: InviteMethod;
  /** Whose invite it is and who hosts, so the route can decide who may download it. */
  personId: number;
  hostId: number;
  sessionId: number;
}

/**
 * The invite of one booking (`/bookings/<id>/invite.ics`): a REQUEST while the seat or waitlist
 * place is live, a CANCEL with the same UID and a higher SEQUENCE once the booking or its session
 * is cancelled. Written for the booked person; the customer's name follows their own access.
 */
export async function inviteEventFor(
  q: Queryable,
  bookingId: number,
  options: {
    origin: string;
    /**
     * Who downloads it, when not the booked person (their manager, the host, an admin): the
     * customer's name then follows the reader's own access, so a manager never learns a
     * confidential customer from a report's invite.
     */
    reader?: { id: number; isAdmin: boolean };
  },
): Promise<InviteEvent | null> {
  const [row] = await readSeats(q, "booking", { bookingId });
  if (!row) return null;
  const guides = await guidesForKinds(q, [row.kindId]);
  const { reader } = options;
  const maySee =
    reader && reader.id !== row.personId
      ? maySeeCustomer(
          reader,
          { hostId: row.hostId, customerConfidential: row.customerConfidential },
          await holdsSeat(q, reader.id, row.sessionId),
        )
      : shadowMaySeeCustomer(row);
  const event = ownSeatEvent(row, guides.get(row.kindId) ?? null, options.origin, true, maySee);
  return {
    event,
    method: inviteMethodFor(event.status),
    personId: row.personId,
    hostId: row.hostId,
    sessionId: row.sessionId,
  };
}

async function holdsSeat(q: Queryable, personId: number, sessionId: number): Promise<boolean> {
  const [seat] = await q
    .select({ id: b.id })
    .from(b)
    .where(and(eq(b.personId, personId), eq(b.sessionId, sessionId), inArray(b.status, [...SEATED_STATUSES])))
    .limit(1);
  return seat !== undefined;
}

/**
 * Who may download a booking's invite: the booked person, their managers (direct or indirect),
 * the session's host and admins. Anyone else is answered as if the booking did not exist.
 */
export async function mayReadInvite(
  q: Queryable,
  viewer: { id: number; isAdmin: boolean },
  invite: Pick<InviteEvent, "personId" | "hostId">,
): Promise<boolean> {
  if (viewer.id === invite.personId || viewer.id === invite.hostId || viewer.isAdmin) return true;
  return managesPerson(q, viewer.id, invite.personId);
}
