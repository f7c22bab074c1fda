/**
 * GET /admin/outbox/<id>/invite.ics — the invite or cancellation a message carries, as its
 * recipient's calendar gets it: the media type names the same METHOD as the file. For admins.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth.server";
import { ICS_CONTENT_TYPE } from "~/domain/calendar";
import { isMailKind } from "~/domain/mail/kinds";
import { can, refusalFor } from "~/domain/permissions";
import { outgoingMail } from "~/mail/dispatcher.server";
import { mailFrom } from "~/mail/transport.server";
import { messageById } from "~/models/mail/outbox.server";
import { publicOrigin } from "~/origin.server";
import { idParam } from "~/permissions.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireUser({ request, context });
  if (!can(viewer, "admin:company")) return plain(refusalFor("admin:company"), 403);
  const id = idParam(params);
  const found = id === undefined ? undefined : await messageById(context.db, id);
  if (!found || !isMailKind(found.message.kind)) return plain("No such message.", 404);
  const { message } = found;
  const to = { id: message.personId, name: found.personName, email: found.personEmail, timeZone: found.personTimeZone };
  const { calendar } = outgoingMail(message, found.message.kind, to, {
    origin: publicOrigin(request),
    from: mailFrom(),
    now: message.sentAt ?? context.now,
    accountLink: null,
  });
  if (!calendar) return plain("This message carries no invite.", 404);
  return new Response(calendar.content, {
    headers: {
      // The media type's method must match the file's METHOD, or mail and calendar programs refuse it.
      "Content-Type": `${ICS_CONTENT_TYPE}; method=${calendar.method}`,
      "Content-Disposition": `attachment; filename="frontline-message-${message.id}.ics"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

function plain(text: string, status: number) {
  return new Response(`${text}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}
