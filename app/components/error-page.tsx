import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { REFERENCE_ELEMENT_ID, useDocumentRequestId } from "~/components/request-info";

const HEADINGS: Record<number, string> = {
  400: "That request didn't make sense to us",
  403: "You don't have access to this page",
  404: "We couldn't find that page",
  413: "That was more than we can take at once",
};

const FALLBACKS: Record<number, string> = {
  403: "If you think you should see it, ask an admin.",
  404: "The link may be old, or the item was removed from view. Check the address, or start again from home.",
};

const UNEXPECTED =
  "The problem has been logged. Try again in a moment; if it keeps happening, tell your admin what you were doing.";

/**
 * What a refusal carries: a route's own words (a string), or from the server in front of the
 * routes, the words with an optional heading and the request's reference.
 */
function told(data: unknown): { message: string; heading: string; reference: string } {
  if (typeof data === "string") return { message: data.trim(), heading: "", reference: "" };
  if (!data || typeof data !== "object") return { message: "", heading: "", reference: "" };
  const text = (key: string) => {
    const value = (data as Record<string, unknown>)[key];
    return typeof value === "string" ? value.trim() : "";
  };
  return { message: text("message"), heading: text("heading"), reference: text("reference") };
}

/**
 * The error page of a route area: the status, and the words the route refused with ("This
 * session belongs to another host…"), inside the app's frame so the way on is one click away.
 * It shows the request's reference, which the server's log names too, so a person can quote it.
 */
export function ErrorPage({ back = { to: "/", label: "Go to home" } }: { back?: { to: string; label: string } }) {
  const error = useRouteError();
  const documentRequestId = useDocumentRequestId();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const said = isRouteErrorResponse(error) ? told(error.data) : told(null);
  const heading = said.heading || HEADINGS[status] || "Something went wrong";
  const detail = status >= 500 ? UNEXPECTED : said.message || FALLBACKS[status] || UNEXPECTED;
  const reference = said.reference || documentRequestId;
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
      {reference ? (
        <p className="small muted">
          Reference: <code id={REFERENCE_ELEMENT_ID}>{reference}</code>
        </p>
      ) : null}
    </section>
  );
}
