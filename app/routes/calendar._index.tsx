/**
 * /calendar — the person's private subscription feeds: turn each on, get a new link, turn it off.
 * A feed's token is stored only as a hash, so its address is shown once: in the answer to the POST
 * that issued it (status 200, never a redirect, so the token is in no URL, history entry or log).
 */
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef, useState, type ReactNode } from "react";
import { redirectWithNotice } from "~/auth.server";
import { ErrorPage } from "~/components/error-page";
import { FormErrors } from "~/components/forms";
import { feedAddresses, FEED_SCOPE_LABELS, feedScopesFor, type FeedScope } from "~/domain/calendar";
import { formatDateTime } from "~/domain/time";
import { issueFeed, listFeeds, turnOffFeed, type FeedRefusal } from "~/models/calendar/tokens.server";
import { publicOrigin } from "~/origin.server";
import { requirePermission } from "~/permissions.server";
import { FeedChangeSchema, type FeedChange } from "~/schemas/calendar";

export const meta: MetaFunction = () => [{ title: "Calendar feeds · Frontline" }];

// The page can carry a feed's secret address: no cache may keep it, no link may leak it.
const PRIVATE_PAGE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export const headers: HeadersFunction = () => PRIVATE_PAGE;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "calendar:own-feeds");
  const feeds = await listFeeds(context.db, viewer.id);
  const offered = feedScopesFor(viewer);
  // A feed of a role the person no longer holds is still listed, so they can turn it off.
  const scopes = [...offered, ...feeds.map((feed) => feed.scope).filter((scope) => !offered.includes(scope))];
  return data(
    {
      timeZone: viewer.timeZone,
      feeds: scopes.map((scope) => ({
        scope,
        label: FEED_SCOPE_LABELS[scope],
        offered: offered.includes(scope),
        onSince: feeds.find((feed) => feed.scope === scope)?.createdAt ?? null,
      })),
    },
    { headers: PRIVATE_PAGE },
  );
}

const NOT_OFFERED: Record<FeedScope, string> = {
  bookings: "This feed isn't available to you.",
  hosting: "Only hosts have a feed of the sessions they host.",
  team: "Only managers can subscribe to their team's bookings.",
};

function refusal(reason: FeedRefusal, scope: FeedScope): string {
  if (reason === "not_offered") return NOT_OFFERED[scope];
  return "Your account is no longer active, so no feed can be turned on.";
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "calendar:own-feeds");
  const submission = parseWithZod(await request.formData(), { schema: FeedChangeSchema });
  if (submission.status !== "success") {
    return data(
      { result: submission.reply({ formErrors: ["That action isn't available here."] }), issued: null },
      { status: 400, headers: PRIVATE_PAGE },
    );
  }
  const { intent, scope } = submission.value;
  const change = { personId: viewer.id, scope, actorId: viewer.id, now: context.now };
  const label = FEED_SCOPE_LABELS[scope];

  if (intent === "turn-off") {
    const { turnedOff } = await turnOffFeed(context.db, change);
    return redirectWithNotice(
      request,
      "/calendar",
      turnedOff
        ? {
            tone: "ok",
            message: `“${label}” is off: its link has stopped working. Remove the calendar from your calendar app as well.`,
          }
        : { tone: "info", message: `“${label}” was already off.` },
    );
  }

  const result = await issueFeed(context.db, change);
  if (!result.ok) {
    return data(
      { result: submission.reply({ formErrors: [refusal(result.reason, scope)] }), issued: null },
      { status: 400, headers: PRIVATE_PAGE },
    );
  }
  return data(
    {
      result: submission.reply(),
      issued: {
        scope,
        label,
        replaced: result.replacedFeedId !== null,
        ...feedAddresses(publicOrigin(request), result.token),
      },
    },
    { headers: PRIVATE_PAGE },
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}

const DESCRIPTIONS: Record<FeedScope, string> = {
  bookings:
    "Every session you have a seat on or are waiting for, with the host's notes, what to watch for and a link back to the session. A cancelled session stays for a while, marked cancelled, so your calendar removes it.",
  hosting: "The sessions you host, with who is coming and who is on the waitlist.",
  team: "The bookings of everyone who reports to you, directly or through their managers, from the past month onwards. Confidential customers stay hidden.",
};

export default function CalendarFeeds() {
  const { timeZone, feeds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const issued = actionData?.issued ?? null;
  // The buttons carry no fields to check as they are pressed: the form only shows the page's refusal.
  const [form] = useForm({ id: "feed-change", lastResult: actionData?.result });

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">Calendar</p>
          <h1>Calendar feeds</h1>
          <p className="lead">
            Subscribe once and your Frontline sessions appear in Google Calendar, Outlook or Apple Calendar, and stay up
            to date as seats, times and notes change.
          </p>
        </div>
      </div>

      <FormErrors form={form} />
      {issued ? (
        <div className="notice notice-ok" role="status">
          <p>
            {issued.replaced
              ? `“${issued.label}” has a new link; the old one has stopped working.`
              : `“${issued.label}” is on.`}{" "}
            Add the link below to your calendar now: for your safety it is shown only this once.
          </p>
        </div>
      ) : null}

      <div className="calendar-layout">
        <div className="stack">
          {feeds.map((feed) => {
            const headingId = `feed-${feed.scope}-heading`;
            const shown = issued?.scope === feed.scope ? issued : null;
            const onSince = feed.onSince;
            const on = onSince !== null;
            return (
              <section key={feed.scope} className="card feed-card" aria-labelledby={headingId}>
                <div className="card-header">
                  <h2 id={headingId}>{feed.label}</h2>
                  {on ? <span className="badge badge-ok">On</span> : <span className="badge">Off</span>}
                </div>
                <p className="muted">{DESCRIPTIONS[feed.scope]}</p>
                {!feed.offered ? (
                  <p className="notice notice-warn">
                    {feed.scope === "team"
                      ? "You no longer manage anyone, so this feed lists nothing. You can turn it off."
                      : "You no longer host sessions, so this feed lists nothing new. You can turn it off."}
                  </p>
                ) : null}
                {shown ? (
                  <FeedLinks web={shown.web} webcal={shown.webcal} scope={feed.scope} />
                ) : onSince !== null ? (
                  <p>
                    Your link is active. For safety we can't show it again — get a new link if you lost it (the old one
                    stops working at once).
                    <span className="item-meta feed-since"> Turned on {formatDateTime(onSince, timeZone)}.</span>
                  </p>
                ) : (
                  <p>Turn it on to get a private link your calendar app can subscribe to.</p>
                )}
                <div className="row feed-actions">
                  {feed.offered && !on ? (
                    <FeedChangeButton scope={feed.scope} intent="turn-on" className="button" busy={busy}>
                      Turn on
                    </FeedChangeButton>
                  ) : null}
                  {feed.offered && on ? (
                    <FeedChangeButton
                      scope={feed.scope}
                      intent="new-link"
                      className="button button-secondary"
                      busy={busy}
                    >
                      Get a new link
                    </FeedChangeButton>
                  ) : null}
                  {on ? (
                    <FeedChangeButton scope={feed.scope} intent="turn-off" className="button button-danger" busy={busy}>
                      Turn off
                    </FeedChangeButton>
                  ) : null}
                </div>
              </section>
            );
          })}
        </div>

        <aside className="stack" aria-label="How to subscribe">
          <section className="card" aria-labelledby="subscribe-heading">
            <h2 id="subscribe-heading">How to subscribe</h2>
            <h3>Google Calendar</h3>
            <p>
              On a computer, open Google Calendar, then <strong>Other calendars</strong> → <strong>+</strong> →{" "}
              <strong>From URL</strong>. Paste the web address (https://) and choose <strong>Add calendar</strong>. It
              shows on your phone too.
            </p>
            <h3>Outlook</h3>
            <p>
              Choose <strong>Add calendar</strong> → <strong>Subscribe from web</strong>, paste the web address, give it
              a name and import it. In classic Outlook: <strong>Add Calendar</strong> → <strong>From Internet</strong>.
            </p>
            <h3>Apple Calendar</h3>
            <p>
              On a Mac: <strong>File</strong> → <strong>New Calendar Subscription</strong>, paste the address. On an
              iPhone or iPad, open the webcal:// link and tap <strong>Subscribe</strong>.
            </p>
          </section>
          <section className="card" aria-labelledby="fresh-heading">
            <h2 id="fresh-heading">How quickly changes arrive</h2>
            <p>
              Google Calendar refreshes subscribed calendars only every 8–24 hours; Outlook and Apple Calendar every 15
              minutes to an hour. For an urgent change, download the session's invite (.ics) from the session page: open
              it from <Link to="/">your upcoming sessions</Link> and choose <strong>Add to calendar (.ics)</strong>.
            </p>
          </section>
          <section className="card" aria-labelledby="mail-heading">
            <h2 id="mail-heading">Invitations by e-mail</h2>
            <p>
              Where your company has set up e-mail, Frontline also sends you an invitation for each seat, and an update
              or cancellation when it changes, so your calendar follows at once. Choose which messages you get on your{" "}
              <Link to="/notifications">Notifications</Link> page.
            </p>
          </section>
          <section className="card" aria-labelledby="private-heading">
            <h2 id="private-heading">Keep your links private</h2>
            <p>
              Anyone who has a feed's address can read its events, so don't share it. If it got out, get a new link: the
              old one stops working at once.
            </p>
          </section>
        </aside>
      </div>
    </>
  );
}

/**
 * One change to one feed: a button that posts the feed's scope and what to do with it. It works
 * without JavaScript; a refusal comes back as the page's form error.
 */
function FeedChangeButton({
  scope,
  intent,
  className,
  busy,
  children,
}: {
  scope: FeedScope;
  intent: FeedChange["intent"];
  className: string;
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="scope" value={scope} />
      <button type="submit" name="intent" value={intent} className={className} disabled={busy}>
        {children}
      </button>
    </Form>
  );
}

/** The two addresses of a just-issued feed, each in a read-only field that selects itself on focus. */
function FeedLinks({ web, webcal, scope }: { web: string; webcal: string; scope: FeedScope }) {
  const webInput = useRef<HTMLInputElement>(null);
  const [copyStatus, setCopyStatus] = useState("");
  const scheme = web.startsWith("https:") ? "https://" : "http://";

  async function copy() {
    try {
      await navigator.clipboard.writeText(web);
      setCopyStatus("Copied. Now paste it into your calendar.");
    } catch {
      // Without clipboard access (an older browser, a page not served over https) the text is selected instead.
      webInput.current?.focus();
      webInput.current?.select();
      setCopyStatus("Selected: press Ctrl+C (⌘C on a Mac) to copy it.");
    }
  }

  return (
    <div className="feed-links">
      <div className="field">
        <label htmlFor={`${scope}-web`}>{`Web address (${scheme})`}</label>
        <div className="copy-row">
          <input
            ref={webInput}
            id={`${scope}-web`}
            type="url"
            readOnly
            value={web}
            aria-describedby={`${scope}-web-hint`}
            onFocus={(event) => event.currentTarget.select()}
          />
          <button type="button" className="button button-secondary" onClick={copy}>
            Copy
          </button>
        </div>
        <p className="hint" id={`${scope}-web-hint`}>
          For Google Calendar and Outlook: paste it where they ask for a calendar's URL.
        </p>
        <p className="copy-status small" role="status" aria-live="polite">
          {copyStatus}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${scope}-webcal`}>Calendar app link (webcal://)</label>
        <input
          id={`${scope}-webcal`}
          type="url"
          readOnly
          value={webcal}
          aria-describedby={`${scope}-webcal-hint`}
          onFocus={(event) => event.currentTarget.select()}
        />
        <p className="hint" id={`${scope}-webcal-hint`}>
          Opens Apple Calendar or Outlook on this device as a subscription:{" "}
          <a href={webcal}>subscribe in my calendar app</a>.
        </p>
      </div>
    </div>
  );
}
