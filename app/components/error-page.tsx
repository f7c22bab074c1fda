import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const HEADINGS: Record<number, string> = {
  400: "That request didn't make sense to us",
  403: "You don't have access to this page",
  404: "We couldn't find that page",
};

const FALLBACKS: Record<number, string> = {
  403: "If you think you should see it, ask an admin.",
  404: "The link may be old, or the item was removed from view. Check the address, or start again from home.",
};

const UNEXPECTED =
  "The problem has been logged. Try again in a moment; if it keeps happening, tell your admin what you were doing.";

/**
 * The error page of a route area: the status, and the words the route refused with ("This
 * session belongs to another host…"), inside the app's frame so the way on is one click away.
 */
export function ErrorPage({ back = { to: "/", label: "Go to home" } }: { back?: { to: string; label: string } }) {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const said = isRouteErrorResponse(error) && typeof error.data === "string" ? error.data.trim() : "";
  const heading = HEADINGS[status] ?? "Something went wrong";
  const detail = status >= 500 ? UNEXPECTED : said || FALLBACKS[status] || UNEXPECTED;
  return (
    <section className="error-page" aria-labelledby="error-heading">
      <p className="eyebrow">Error {status}</p>
      <h1 id="error-heading">{heading}</h1>
      <p className="lead">{detail}</p>
      <p>
        <Link className="button" to={back.to}>
          {back.label}
        </Link>
      </p>
    </section>
  );
}
