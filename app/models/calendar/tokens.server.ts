/**
 * Feed tokens: turning a person's feed on, giving it a new address, turning it off, and finding
 * the live feed behind an address.
 *
 * A feed's URL token is 32 random bytes (base64url); only its SHA-256 is stored, so a copy of the
 * database cannot be used to read anyone's calendar. The token is shown once, when issued.
 * Regenerating revokes the old feed in the same transaction, so the old URL answers 404 at once.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { schema, type Db, type Queryable } from "~/db.server";
import { FEED_SCOPE_LABELS, feedScopesFor, type FeedScope } from "~/domain/calendar";
import { recordAudit } from "~/models/audit.server";
import { prepared } from "./prepared.server";

const TOKEN_BYTES = 32;
/** 32 bytes in base64url without padding. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function createFeedToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

export function hashFeedToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

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
 * `shared`: the company's, for names, departments, kinds and module guides shown in any feed;
 * `team`: the person's team_calendar_version, which rises with the calendar of anyone below them.
 */
export interface FeedVersions {
  own: number;
  shared: number;
  team: number;
}

export interface FeedListing {
  id: number;
  scope: FeedScope;
  createdAt: number;
}

/** Why a feed was not turned on: the person is gone, or the feed is not one their roles offer. */
export type FeedRefusal = "person_not_found" | "not_offered";

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
      .select({
        name: schema.people.name,
        active: schema.people.active,
        isHost: schema.people.isHost,
        isManager: schema.people.isManager,
        isAdmin: schema.people.isAdmin,
      })
      .from(schema.people)
      .where(eq(schema.people.id, personId));
    if (!person || !person.active) return { ok: false, reason: "person_not_found" };
    if (!feedScopesFor(person).includes(scope)) return { ok: false, reason: "not_offered" };

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

/** The live feed behind a URL token, or undefined (unknown, revoked, or its person deactivated). */
export async function findFeedByToken(q: Queryable, token: string): Promise<Feed | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const [row] = await prepared(q, feedByTokenQuery).all({ tokenHash: hashFeedToken(token) });
  if (!row) return undefined;
  const { id, scope, createdAt, personId, ownVersion, sharedVersion, teamVersion, ...person } = row;
  return {
    id,
    scope,
    createdAt,
    person: { id: personId, ...person },
    versions: { own: ownVersion, shared: sharedVersion, team: teamVersion },
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
      teamVersion: schema.people.teamCalendarVersion,
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
