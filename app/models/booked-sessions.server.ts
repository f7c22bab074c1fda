/**
 * A booking with the session it is on, the session's kind and its host: the join that the booking
 * rules, the completion engine and the home page all read. Callers add their own `where`,
 * `orderBy` and `limit`.
 */
import { aliasedTable, eq } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/sqlite-core";
import { schema, type Queryable } from "~/db.server";

const host = aliasedTable(schema.people, "host");

const bookedFields = {
  bookingId: schema.bookings.id,
  personId: schema.bookings.personId,
  status: schema.bookings.status,
  source: schema.bookings.source,
  reflection: schema.bookings.reflection,
  reflectedAt: schema.bookings.reflectedAt,
  sessionId: schema.sessions.id,
  sessionStatus: schema.sessions.status,
  startsAt: schema.sessions.startsAt,
  endsAt: schema.sessions.endsAt,
  location: schema.sessions.location,
  kindId: schema.sessionKinds.id,
  kindName: schema.sessionKinds.name,
  onSite: schema.sessionKinds.onSite,
  hostId: host.id,
  hostName: host.name,
};

/** The join, with any `extra` fields a caller reads beside the booking's own. */
export function bookedSessions<Extra extends SelectedFields = Record<never, never>>(q: Queryable, extra?: Extra) {
  return q
    .select({ ...bookedFields, ...(extra as Extra) })
    .from(schema.bookings)
    .innerJoin(schema.sessions, eq(schema.sessions.id, schema.bookings.sessionId))
    .innerJoin(schema.sessionKinds, eq(schema.sessionKinds.id, schema.sessions.kindId))
    .innerJoin(host, eq(host.id, schema.sessions.hostId))
    .$dynamic();
}

export type BookedSession = Awaited<ReturnType<typeof bookedSessions>>[number];
