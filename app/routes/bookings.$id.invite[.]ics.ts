/**
 * GET /bookings/<id>/invite.ics — the booked person's invite: METHOD:REQUEST while the seat or
 * waitlist place is live, METHOD:CANCEL (same UID, higher SEQUENCE) once the booking or its session
 * is cancelled. For the person, their managers, the host and admins; everyone else gets 404.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth.server";
import { getDb } from "~/db.server";
import { inviteFor } from "~/domain/calendar";
import { CALENDAR_HEADERS, inviteEventFor, mayReadInvite } from "~/models/calendar.server";
import { publicOrigin } from "~/origin.server";

const BookingId = z.coerce.number().int().positive();

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const db = getDb();
  const id = BookingId.safeParse(params.id);
  const invite = id.success
    ? await inviteEventFor(db, id.data, { origin: publicOrigin(request), reader: viewer })
    : null;
  if (!invite || !(await mayReadInvite(db, viewer, invite))) {
    return new Response("No such booking.\n", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
    });
  }
  return new Response(inviteFor(invite.event, { method: invite.method }), {
    headers: {
      // The MIME type's method must match the file's METHOD, or mail and calendar programs refuse it.
      "Content-Type": `${CALENDAR_HEADERS["Content-Type"]}; method=${invite.method}`,
      "Content-Disposition": `attachment; filename="frontline-session-${invite.sessionId}.ics"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
