import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser, type RequestArgs } from "~/auth.server";
import { managedSession } from "~/models/hosted-sessions.server";
import { assertPermission, notFound, requireId } from "~/permissions.server";

/**
 * The session behind a host page's URL, for its host or an admin: 404 when there is no such
 * session, 403 (with the rule's words) when it is another host's.
 */
export async function sessionToManage(args: RequestArgs & { params: LoaderFunctionArgs["params"] }) {
  const viewer = await requireUser(args);
  const managed = await managedSession(args.context.db, requireId(args.params));
  if (!managed) throw notFound("That session doesn't exist.");
  assertPermission(viewer, "hosting:manage-session", { hostId: managed.session.hostId });
  return { viewer, managed };
}
