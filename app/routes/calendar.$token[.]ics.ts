/**
 * GET /calendar/<token>.ics — a private subscription feed, fetched by calendar clients, which carry
 * no cookie: the token in the URL is the only key. Unknown, regenerated and turned-off tokens answer
 * 404; a client that already has the current feed gets 304 without the calendar being built.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedBytes, ICS_CONTENT_TYPE } from "~/domain/calendar";
import { feedCalendarFor, feedEtag } from "~/models/calendar/feeds.server";
import { findFeedByToken } from "~/models/calendar/tokens.server";
import { publicOrigin } from "~/origin.server";

// A feed is one person's, never shared caches'; clients may keep it but must ask again
// (If-None-Match) before using it.
const CACHE_CONTROL = "private, max-age=0, must-revalidate";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // `calendar.$token[.]ics` is the path "calendar/:token.ics": `token` is the segment without
  // ".ics"; a client that adds ".ics" once more still finds its feed.
  const token = (params.token ?? "").replace(/\.ics$/, "");
  const feed = await findFeedByToken(context.db, token);
  if (!feed) return feedNotFound();

  const options = { now: context.now, origin: publicOrigin(request) };
  // The tag is read before the rows: a write landing in between only makes the body newer than
  // its tag, so the client downloads once more and misses nothing.
  const etag = await feedEtag(context.db, feed, options);
  const headers = { ETag: etag, "Cache-Control": CACHE_CONTROL, "X-Content-Type-Options": "nosniff" };
  if (etagMatches(request.headers.get("If-None-Match"), etag)) return new Response(null, { status: 304, headers });

  const calendar = await feedCalendarFor(context.db, feed, options);
  return new Response(feedBytes(calendar), {
    headers: {
      "Content-Type": ICS_CONTENT_TYPE,
      ...headers,
      "Content-Disposition": 'inline; filename="frontline.ics"',
    },
  });
}

function feedNotFound() {
  return new Response(
    "This calendar feed doesn't exist or was turned off. Get a new link on the Calendar feeds page in Frontline.\n",
    {
      status: 404,
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    },
  );
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for it). */
function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  if (ifNoneMatch.trim() === "*") return true;
  const wanted = bare(etag);
  return ifNoneMatch.split(",").some((tag) => bare(tag) === wanted);
}
