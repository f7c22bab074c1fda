/**
 * /account/sessions — where a person is signed in: every live sign-in with its browser, when it
 * began, when it was last used and from which address. They can sign out one of the others, or
 * every one but the browser in front of them.
 */
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { redirectWithNotice, requireSignIn, type RequestArgs } from "~/auth.server";
import { ErrorPage } from "~/components/error-page";
import { FormErrors } from "~/components/forms";
import { lastActiveWords, lifetimeWords } from "~/domain/sign-in";
import { formatDateTime } from "~/domain/time";
import { endSignIns, liveSignInsOf, signInLifetimes } from "~/models/sign-ins.server";
import { assertPermission } from "~/permissions.server";

export const meta: MetaFunction = () => [{ title: "Where you're signed in · Frontline" }];

const PRIVATE_PAGE = { "Cache-Control": "private, no-store" };

export const headers: HeadersFunction = () => PRIVATE_PAGE;

/** The page's two buttons: sign out one other browser, or all of them. */
const SignInChangeSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("sign-out-others") }),
    z.object({ intent: z.literal("sign-out-one"), signInId: z.number().int().positive() }),
  ],
  { error: "That action isn't available here." },
);

async function signedInHere(args: RequestArgs) {
  const current = await requireSignIn(args);
  assertPermission(current.viewer, "account:own-sign-ins");
  return current;
}

export async function loader(args: LoaderFunctionArgs) {
  const { viewer, signInId } = await signedInHere(args);
  const { db, now } = args.context;
  const { idleMs, maxMs } = signInLifetimes();
  const { signIns, total } = await liveSignInsOf(db, viewer.id, now, signInId);
  return data(
    {
      now,
      timeZone: viewer.timeZone,
      idle: lifetimeWords(idleMs),
      longest: lifetimeWords(maxMs),
      signIns: signIns.map((signIn) => ({ ...signIn, current: signIn.id === signInId })),
      total,
    },
    { headers: PRIVATE_PAGE },
  );
}

export async function action(args: ActionFunctionArgs) {
  const { viewer, signInId } = await signedInHere(args);
  const { request, context } = args;
  const submission = parseWithZod(await request.formData(), { schema: SignInChangeSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ formErrors: ["That action isn't available here."] }) }, { status: 400 });
  }
  const change = { personId: viewer.id, actorId: viewer.id, now: context.now };
  if (submission.value.intent === "sign-out-others") {
    const ended = await endSignIns(context.db, {
      ...change,
      which: { allBut: signInId },
      reason: "signed_out_elsewhere",
    });
    return redirectWithNotice(
      request,
      "/account/sessions",
      ended > 0
        ? {
            tone: "ok",
            message: `Signed out everywhere else (${ended === 1 ? "1 browser" : `${ended} browsers`}). You're still signed in here.`,
          }
        : { tone: "info", message: "You weren't signed in anywhere else." },
    );
  }
  const other = submission.value.signInId;
  // This browser signs out with the Sign out button at the top, which also clears its cookie.
  const ended =
    other === signInId
      ? 0
      : await endSignIns(context.db, { ...change, which: { only: other }, reason: "signed_out_remotely" });
  return redirectWithNotice(
    request,
    "/account/sessions",
    ended > 0
      ? { tone: "ok", message: "Signed out that browser. It needs your password to get back in." }
      : { tone: "info", message: "That browser was already signed out." },
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}

export default function WhereSignedIn() {
  const { now, timeZone, idle, longest, signIns, total } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  // The buttons carry no fields to check as they are pressed: the form only shows the page's refusal.
  const [form] = useForm({ id: "sign-in-change", lastResult: actionData?.result });
  const others = total - signIns.filter((signIn) => signIn.current).length;
  const unlisted = total - signIns.length;

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">Your account</p>
          <h1>Where you&apos;re signed in</h1>
          <p className="lead">
            Every browser signed in to your account. Sign out of any you don&apos;t recognise or no longer use.
          </p>
        </div>
      </div>

      <FormErrors form={form} />

      <div className="calendar-layout">
        <section className="card" aria-labelledby="signed-in-heading">
          <div className="card-header">
            <h2 id="signed-in-heading">Signed in now</h2>
            <span className="badge">{total === 1 ? "1 browser" : `${total} browsers`}</span>
          </div>
          <ul className="list">
            {signIns.map((signIn) => {
              const active = lastActiveWords(signIn.lastSeenAt, now);
              return (
                <li key={signIn.id}>
                  <div className="roster-head">
                    <div className="roster-who">
                      <span className="item-title">{signIn.browser}</span>
                      {signIn.current ? <span className="badge badge-ok">This browser</span> : null}
                    </div>
                    {signIn.current ? null : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="sign-out-one" />
                        <input type="hidden" name="signInId" value={signIn.id} />
                        <button
                          type="submit"
                          className="button button-secondary button-small"
                          disabled={busy}
                          aria-label={`Sign out ${signIn.browser}, last active ${active ?? formatDateTime(signIn.lastSeenAt, timeZone)}`}
                        >
                          Sign out
                        </button>
                      </Form>
                    )}
                  </div>
                  <p className="item-meta break-anywhere">
                    Signed in {formatDateTime(signIn.createdAt, timeZone)} · Last active{" "}
                    {active ?? formatDateTime(signIn.lastSeenAt, timeZone)}
                    {signIn.clientAddress ? ` · from ${signIn.clientAddress}` : ""}
                  </p>
                </li>
              );
            })}
          </ul>
          {unlisted > 0 ? (
            <p className="muted">
              And {unlisted === 1 ? "1 more browser" : `${unlisted} more browsers`}, used less recently. Signing out
              everywhere else ends them too.
            </p>
          ) : null}
          <div className="form-actions">
            {others > 0 ? (
              <Form method="post">
                <input type="hidden" name="intent" value="sign-out-others" />
                <button type="submit" className="button button-danger" disabled={busy}>
                  Sign out everywhere else
                </button>
              </Form>
            ) : (
              <p className="muted">You&apos;re signed in only in this browser.</p>
            )}
          </div>
        </section>

        <aside className="stack" aria-label="About signing in">
          <section className="card" aria-labelledby="lapse-heading">
            <h2 id="lapse-heading">When a sign-in ends</h2>
            <p>
              A browser stays signed in until you sign out there, or until it goes {idle} without being used. However
              busy, it asks for your password again {longest} after you signed in.
            </p>
            <p className="muted small">
              A new password, being switched off or a change of your roles signs you out everywhere.
            </p>
          </section>
          <section className="card" aria-labelledby="unknown-heading">
            <h2 id="unknown-heading">A browser you don&apos;t know?</h2>
            <p>
              Sign it out, then choose a new password with a <Link to="/forgot-password">reset link</Link>: setting it
              signs you out everywhere, so only you can sign in again.
            </p>
          </section>
        </aside>
      </div>
    </>
  );
}
