import { data } from "@remix-run/node";
import { requireUser, type RequestArgs } from "~/auth.server";
import type { Viewer } from "~/domain/access";
import { can, refusalFor, type Action, type Resource } from "~/domain/permissions";

/**
 * The signed-in person, if they may do `action` (on `resource`); otherwise the page answers 403
 * with the rule's own words. A signed-out visitor is sent to sign in first.
 */
export async function requirePermission(args: RequestArgs, action: Action, resource?: Resource): Promise<Viewer> {
  const viewer = await requireUser(args);
  assertPermission(viewer, action, resource);
  return viewer;
}

/** For checks that need facts looked up after sign-in: throws the same 403 as `requirePermission`. */
export function assertPermission(viewer: Viewer, action: Action, resource?: Resource): void {
  if (!can(viewer, action, resource)) throw forbidden(refusalFor(action));
}

export function forbidden(message: string) {
  return data(message, { status: 403, statusText: "Forbidden" });
}

export function notFound(message = "We couldn't find that. The link may be old, or the item may no longer exist.") {
  return data(message, { status: 404, statusText: "Not Found" });
}

/** A whole-number id from the URL (`:id` by default); anything else is a 404. */
export function requireId(params: Record<string, string | undefined>, name = "id"): number {
  const id = idParam(params, name);
  if (id === undefined) throw notFound();
  return id;
}

/**
 * The same id, or undefined: for a resource route (a download), which has no error page to show
 * a thrown 404 and answers it itself.
 */
export function idParam(params: Record<string, string | undefined>, name = "id"): number | undefined {
  const text = params[name];
  return text && /^[1-9]\d{0,14}$/.test(text) ? Number(text) : undefined;
}
