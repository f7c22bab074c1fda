/**
 * /admin/outbox/<id> — one message as it was sent (or would be): its headers, plain text and HTML,
 * its invite, and what became of it, with "Send again" for one that failed, was kept or was not
 * sent. An account message is shown without its one-time link: that link is made only as the
 * message goes out, for its recipient alone, so an admin never sees a way into someone's account.
 */
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirectWithNotice } from "~/auth.server";
import { ErrorPage } from "~/components/error-page";
import { AdminHeader } from "~/components/admin-nav";
import { FormErrors } from "~/components/forms";
import { MAX_ATTEMPTS } from "~/domain/mail/delivery";
import { CATEGORIES, isMailKind, KINDS } from "~/domain/mail/kinds";
import { formatDateTime, zoneLabel } from "~/domain/time";
import { outgoingMail } from "~/mail/dispatcher.server";
import type { Recipient } from "~/mail/messages.server";
import { mailDestination, mailFrom } from "~/mail/transport.server";
import { messageById, retryMessage, type MailState } from "~/models/mail/outbox.server";
import { publicOrigin } from "~/origin.server";
import { notFound, requireId, requirePermission } from "~/permissions.server";
import { OUTBOX_STATE_LABELS, OUTBOX_STATE_TONES, RetryMessageSchema } from "~/schemas/mail";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.mail?.subject ?? `Message ${data?.message.id ?? ""}`} · Outbox · Admin · Frontline` },
];

const NO_SUCH_MESSAGE = "There is no message with that number in the outbox.";

/** Messages an admin may send again: not while one is waiting, and never one already sent. */
const RETRYABLE: readonly MailState[] = ["failed", "kept", "skipped"];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  const found = await messageById(context.db, requireId(params));
  if (!found) throw notFound(NO_SUCH_MESSAGE);
  const { message } = found;
  const to = { id: message.personId, name: found.personName, email: found.personEmail, timeZone: found.personTimeZone };
  const kind = isMailKind(message.kind) ? message.kind : null;
  const category = kind ? KINDS[kind].category : null;
  return {
    message: {
      id: message.id,
      kind: kind ? KINDS[kind].label : message.kind,
      category: category ? CATEGORIES[category].label : null,
      state: message.state,
      attempts: message.attempts,
      lastError: message.lastError,
      createdAt: message.createdAt,
      sentAt: message.sentAt,
      nextAttemptAt: message.nextAttemptAt,
      retryable: RETRYABLE.includes(message.state),
    },
    to,
    // As it was sent, or as it would be sent now.
    ...writtenOut(message, to, { origin: publicOrigin(request), now: message.sentAt ?? context.now }),
    mailIsSent: mailDestination().delivers,
    timeZone: viewer.timeZone,
    now: context.now,
  };
}

type Found = NonNullable<Awaited<ReturnType<typeof messageById>>>;

/** The message written out for its recipient, or why it can't be. */
function writtenOut(message: Found["message"], to: Recipient, options: { origin: string; now: number }) {
  if (!isMailKind(message.kind)) {
    return {
      mail: null,
      problem: `Frontline doesn't know messages of the kind "${message.kind}", so it can't write this one out.`,
    };
  }
  try {
    const written = outgoingMail(message, message.kind, to, { ...options, from: mailFrom(), accountLink: null });
    return {
      mail: {
        from: written.from,
        subject: written.subject,
        messageId: written.messageId,
        text: written.text,
        html: written.html,
        invite: written.calendar?.method ?? null,
        unsubscribe: written.headers["List-Unsubscribe"] ?? null,
      },
      problem: null,
    };
  } catch (error) {
    return {
      mail: null,
      problem: `This message can't be written out: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  const id = requireId(params);
  const submission = parseWithZod(await request.formData(), { schema: RetryMessageSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ formErrors: ["That action isn't available here."] }) }, { status: 400 });
  }
  const result = await retryMessage(context.db, { id, actorId: viewer.id, now: context.now });
  if (!result.ok) {
    if (result.reason === "not_found") throw notFound(NO_SUCH_MESSAGE);
    return data(
      {
        result: submission.reply({
          formErrors: ["This message is already waiting to be sent, or was sent, so there is nothing to send again."],
        }),
      },
      { status: 400 },
    );
  }
  return redirectWithNotice(request, `/admin/outbox/${id}`, {
    tone: "ok",
    message: mailDestination().delivers
      ? "Sending again: the message is waiting to go out and leaves within a minute. Its tries start again from one."
      : "The message is waiting again. No mail server is set, so it is kept here rather than sent.",
  });
}

export function ErrorBoundary() {
  return <ErrorPage back={{ to: "/admin/outbox", label: "Back to the Outbox" }} />;
}

export default function OutboxMessage() {
  const { message, to, mail, problem, mailIsSent, timeZone, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form] = useForm({ id: "send-again", lastResult: actionData?.result });
  const when = (ms: number) => <time dateTime={new Date(ms).toISOString()}>{formatDateTime(ms, timeZone)}</time>;
  const tone = OUTBOX_STATE_TONES[message.state];

  return (
    <>
      <AdminHeader
        up={{ to: "/admin/outbox", label: "Outbox" }}
        title={mail?.subject ?? `Message ${message.id}`}
        lead={
          <>
            {message.kind} to {to.name}. Times are in your zone ({zoneLabel(now, timeZone)}).
          </>
        }
        actions={
          <div className="header-actions">
            {mail?.invite ? (
              <a className="button button-secondary" href={`/admin/outbox/${message.id}/invite.ics`} download>
                Download the invite (.ics)
              </a>
            ) : null}
          </div>
        }
      >
        <div className="badge-row">
          <span className={tone ? `badge badge-${tone}` : "badge"}>{OUTBOX_STATE_LABELS[message.state]}</span>
        </div>
      </AdminHeader>

      <FormErrors form={form} />

      <div className="admin-split">
        <div className="stack">
          {problem ? (
            <div className="notice notice-error">
              <p>{problem}</p>
            </div>
          ) : null}
          {mail ? (
            <>
              <section className="card" aria-labelledby="headers-heading">
                <h2 id="headers-heading">The message</h2>
                <dl className="admin-facts">
                  <div>
                    <dt>From</dt>
                    <dd className="break-anywhere">{mail.from}</dd>
                  </div>
                  <div>
                    <dt>To</dt>
                    <dd className="break-anywhere">
                      {to.name} &lt;{to.email}&gt;
                    </dd>
                  </div>
                  <div>
                    <dt>Subject</dt>
                    <dd>{mail.subject}</dd>
                  </div>
                  <div>
                    <dt>Message-ID</dt>
                    <dd className="break-anywhere">
                      <code>{mail.messageId}</code>
                    </dd>
                  </div>
                  {mail.invite ? (
                    <div>
                      <dt>Calendar</dt>
                      <dd>
                        {mail.invite === "CANCEL" ? "A cancellation" : "An invitation"} (
                        <code>text/calendar; method={mail.invite}</code>)
                      </dd>
                    </div>
                  ) : null}
                  {mail.unsubscribe ? (
                    <div>
                      <dt>Unsubscribe</dt>
                      <dd>One click, in the message's List-Unsubscribe header and its last lines</dd>
                    </div>
                  ) : null}
                </dl>
              </section>
              <section className="card" aria-labelledby="text-heading">
                <h2 id="text-heading">Plain text</h2>
                <pre className="outbox-text">{mail.text}</pre>
              </section>
              <section className="card" aria-labelledby="html-heading">
                <h2 id="html-heading">As it looks in a mail program</h2>
                <iframe
                  className="outbox-html"
                  title={`The message “${mail.subject}” as HTML`}
                  // No scripts, forms, pop-ups or navigation of this page: the message is only shown.
                  // It keeps the page's origin so it is drawn and checked with the page.
                  sandbox="allow-same-origin"
                  srcDoc={mail.html}
                />
              </section>
            </>
          ) : null}
        </div>

        <aside className="stack" aria-label="Delivery">
          <section className="card" aria-labelledby="delivery-heading">
            <h2 id="delivery-heading">Delivery</h2>
            <dl className="admin-facts">
              <div>
                <dt>State</dt>
                <dd>{OUTBOX_STATE_LABELS[message.state]}</dd>
              </div>
              <div>
                <dt>Tries</dt>
                <dd>
                  {message.attempts} of {MAX_ATTEMPTS}
                </dd>
              </div>
              {message.lastError ? (
                <div>
                  <dt>{message.state === "skipped" ? "Why not sent" : "Last error"}</dt>
                  <dd className="break-anywhere">{message.lastError}</dd>
                </div>
              ) : null}
              <div>
                <dt>Written</dt>
                <dd>{when(message.createdAt)}</dd>
              </div>
              {message.sentAt !== null ? (
                <div>
                  <dt>{message.state === "kept" ? "Kept" : "Sent"}</dt>
                  <dd>{when(message.sentAt)}</dd>
                </div>
              ) : null}
              {message.state === "pending" ? (
                <div>
                  <dt>Next try</dt>
                  <dd>{when(message.nextAttemptAt)}</dd>
                </div>
              ) : null}
              <div>
                <dt>Recipient</dt>
                <dd>
                  <Link to={`/admin/people/${to.id}`}>{to.name}</Link>
                  <div className="item-meta break-anywhere">
                    {to.email} · {to.timeZone}
                  </div>
                </dd>
              </div>
              {message.category ? (
                <div>
                  <dt>Category</dt>
                  <dd>{message.category}</dd>
                </div>
              ) : (
                <div>
                  <dt>Category</dt>
                  <dd>Account mail, always sent</dd>
                </div>
              )}
            </dl>
            {message.retryable ? (
              <Form method="post" {...getFormProps(form)}>
                <p className="small muted">
                  {message.state === "skipped"
                    ? "It was not sent because of the reason above; it goes out only if that has changed."
                    : mailIsSent
                      ? "It goes out within a minute, with its tries counted from one again."
                      : "No mail server is set, so it will be kept here again."}
                </p>
                <button type="submit" name="intent" value="retry" className="button" disabled={busy}>
                  {busy ? "Sending…" : "Send again"}
                </button>
              </Form>
            ) : null}
          </section>
        </aside>
      </div>
    </>
  );
}
