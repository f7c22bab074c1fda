/**
 * GET /calendar/<token>.ics — a private subscription feed, fetched by calendar clients, which carry
 * no cookie: the token in the URL is the only key. Unknown, regenerated and turned-off tokens answer
 * 404; a client that already has the current feed gets 304 without the calendar being built.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db.server";
import { answerFeed, CALENDAR_HEADERS } from "~/models/calendar.server";
import { publicOrigin } from "~/origin.server";

// The clients' caches may keep the feed but must ask again (If-None-Match) before using it.
const CACHE_CONTROL = `${CALENDAR_HEADERS["Cache-Control"]}, max-age=0, must-revalidate`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  // `calendar.$token[.]ics` is the path "calendar/:token.ics": `token` is the segment without ".ics".
  const token = params.token ?? "";
  const answer = await answerFeed(getDb(), token, {
    now: Date.now(),
    origin: publicOrigin(request),
    ifNoneMatch: request.headers.get("If-None-Match"),
  });
  if (answer.status === 404) {
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
  const headers = { ETag: answer.etag, "Cache-Control": CACHE_CONTROL, "X-Content-Type-Options": "nosniff" };
  if (answer.status === 304) return new Response(null, { status: 304, headers });
  return new Response(answer.bytes, {
    status: 200,
    headers: {
      ...CALENDAR_HEADERS,
      ...headers,
      "Content-Disposition": 'inline; filename="frontline.ics"',
    },
  });
}
