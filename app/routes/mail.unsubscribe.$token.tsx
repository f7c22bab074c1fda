/**
 * /mail/unsubscribe/<token> — the one-click unsubscribe of reminders and digests (RFC 8058). The
 * token names the person and the category, signed by the app, so no sign-in is needed.
 *
 * A GET only asks: link checkers in mail systems open every link, and must not turn anything off.
 * A POST turns the category off: the person's button here, or their mail program sending
 * `List-Unsubscribe=One-Click` with no cookies. Both answer 200 with a page that says so.
 */
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { Db } from "~/db.server";
import { ErrorPage } from "~/components/error-page";
import { CATEGORIES } from "~/domain/mail/kinds";
import { readUnsubscribeToken } from "~/mail/unsubscribe.server";
import { choicesOfNamedPerson, saveMailChoices } from "~/models/mail/preferences.server";
import { notFound } from "~/permissions.server";

export const meta: MetaFunction = () => [{ title: "Stop e-mails · Frontline" }, { name: "robots", content: "noindex" }];

// The address is a key to someone's choices: no cache keeps it, and no link passes it on.
const PRIVATE_PAGE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export const headers: HeadersFunction = () => PRIVATE_PAGE;

const NOT_OURS =
  "This unsubscribe link doesn't work: it may have been cut short when it was copied. Sign in and choose what Frontline e-mails you on the Notifications page.";

/** The person and category the link names, if it is one of ours, about someone on file. */
async function subscriptionOf(db: Db, token: string | undefined) {
  const named = token ? readUnsubscribeToken(token) : null;
  if (!named || !CATEGORIES[named.category].unsubscribable) throw notFound(NOT_OURS);
  const choices = await choicesOfNamedPerson(db, named.personId);
  if (!choices) throw notFound(NOT_OURS);
  return { ...named, on: choices[named.category] };
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { category, on } = await subscriptionOf(context.db, params.token);
  return data({ label: CATEGORIES[category].label, on }, { headers: PRIVATE_PAGE });
}

export async function action({ params, context }: ActionFunctionArgs) {
  const { personId, category } = await subscriptionOf(context.db, params.token);
  await saveMailChoices(context.db, {
    personId,
    choices: { [category]: false },
    now: context.now,
    via: "unsubscribe",
  });
  return data({ stopped: CATEGORIES[category].label }, { headers: PRIVATE_PAGE });
}

export function ErrorBoundary() {
  return <ErrorPage back={{ to: "/notifications", label: "Choose what Frontline e-mails you" }} />;
}

export default function Unsubscribe() {
  const { label, on } = useLoaderData<typeof loader>();
  const stopped = useActionData<typeof action>()?.stopped;
  const busy = useNavigation().state === "submitting";

  return (
    <section className="card unsubscribe" aria-labelledby="unsubscribe-heading">
      <p className="eyebrow">E-mail from Frontline</p>
      {stopped ? (
        <>
          <h1 id="unsubscribe-heading">“{stopped}” e-mails are off</h1>
          <div className="notice notice-ok" role="status">
            <p>You won't get “{stopped}” e-mails any more. Everything else stays as you chose.</p>
          </div>
          <p>
            Changed your mind, or want to turn off something else?{" "}
            <Link to="/notifications">Choose what Frontline e-mails you</Link>.
          </p>
        </>
      ) : on ? (
        <>
          <h1 id="unsubscribe-heading">Stop “{label}” e-mails?</h1>
          <p>
            Frontline will stop sending you “{label}” e-mails. Calendar invitations and account mail keep coming, and
            you can turn this back on at any time on the Notifications page.
          </p>
          <Form method="post">
            <input type="hidden" name="List-Unsubscribe" value="One-Click" />
            <button type="submit" className="button" disabled={busy}>
              {busy ? "Stopping…" : `Stop “${label}” e-mails`}
            </button>
          </Form>
        </>
      ) : (
        <>
          <h1 id="unsubscribe-heading">“{label}” e-mails are already off</h1>
          <p>
            Frontline sends you no “{label}” e-mails. To turn them back on, or to change anything else,{" "}
            <Link to="/notifications">choose what Frontline e-mails you</Link>.
          </p>
        </>
      )}
    </section>
  );
}
