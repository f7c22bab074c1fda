/**
 * GET /bookings/<id>/invite.ics — the booked person's invite: METHOD:REQUEST while the seat or
 * waitlist place is live, METHOD:CANCEL (same UID, higher SEQUENCE) once the booking or its session
 * is cancelled. For the person, their managers, the host and admins (`booking:invite`); everyone
 * else is answered as if the booking did not exist, so an invite's address tells them nothing.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth.server";
import { ICS_CONTENT_TYPE, inviteFor } from "~/domain/calendar";
import { can } from "~/domain/permissions";
import { bookingInvite } from "~/models/calendar/invites.server";
import { publicOrigin } from "~/origin.server";
import { idParam } from "~/permissions.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireUser({ request, context });
  const bookingId = idParam(params);
  if (bookingId === undefined) return noSuchBooking();
  const invite = await bookingInvite(context.db, bookingId, { origin: publicOrigin(request), reader: viewer });
  if (!invite || !can(viewer, "booking:invite", invite.readerFacts)) return noSuchBooking();
  return new Response(inviteFor(invite.event, { method: invite.method }), {
    headers: {
      // The media type's method must match the file's METHOD, or mail and calendar programs refuse it.
      "Content-Type": `${ICS_CONTENT_TYPE}; method=${invite.method}`,
      "Content-Disposition": `attachment; filename="frontline-session-${invite.sessionId}.ics"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

function noSuchBooking() {
  return new Response("No such booking.\n", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}
