/**
 * /password/<token> — the link in an invitation or a reset message: choose a password, then sign
 * in with it. A link works once and for a limited time; a dead one says why and how to get another.
 */
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirectWithNotice } from "~/auth.server";
import { Field, FormErrors } from "~/components/forms";
import { LIMITS } from "~/domain/directory";
import { INVITATION_DAYS, RESET_MINUTES } from "~/mail/messages.server";
// Not a React hook, whatever its name says: the alias keeps the rules of hooks from reading it as one.
import { accountLinkFor, setPasswordWithLink, type DeadLinkReason } from "~/models/mail/account-tokens.server";
import { SetPasswordSchema } from "~/schemas/auth";

// The secret is in the address: no cache may keep the page, and no request from it may pass it on.
const TOKEN_PAGE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export const headers: HeadersFunction = () => TOKEN_PAGE;

const HIDDEN = ["password", "confirm"];

const statusOf = (reason: DeadLinkReason) => (reason === "unknown" ? 404 : 410);

type Purpose = "invitation" | "reset";
type Shown = { ok: true; purpose: Purpose; name: string; email: string } | { ok: false; reason: DeadLinkReason };

const HEADINGS: Record<Purpose, string> = { invitation: "Set your password", reset: "Choose a new password" };

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const link = data?.link;
  const title = link?.ok ? HEADINGS[link.purpose] : "This link doesn't work";
  return [{ title: `${title} · Frontline` }, { name: "robots", content: "noindex" }];
};

export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await accountLinkFor(context.db, params.token ?? "", context.now);
  const link: Shown = found.ok
    ? { ok: true, purpose: found.purpose, name: found.person.name, email: found.person.email }
    : { ok: false, reason: found.reason };
  return data(
    { link, invitationDays: INVITATION_DAYS, resetMinutes: RESET_MINUTES },
    { status: found.ok ? 200 : statusOf(found.reason), headers: TOKEN_PAGE },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: SetPasswordSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: HIDDEN }), dead: null }, { status: 400, headers: TOKEN_PAGE });
  }
  const done = await setPasswordWithLink(context.db, {
    token: params.token ?? "",
    password: submission.value.password,
    now: context.now,
  });
  if (!done.ok) {
    return data(
      { result: submission.reply({ hideFields: HIDDEN }), dead: done.reason },
      { status: statusOf(done.reason), headers: TOKEN_PAGE },
    );
  }
  return redirectWithNotice(
    request,
    `/login?email=${encodeURIComponent(done.person.email)}`,
    { tone: "ok", message: "Your password is set. Sign in with it." },
    { headers: TOKEN_PAGE },
  );
}

export default function PasswordFromLink() {
  const { link, invitationDays, resetMinutes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const dead = actionData?.dead ?? (link.ok ? null : link.reason);
  if (dead || !link.ok) {
    return <DeadLink reason={dead ?? "unknown"} invitationDays={invitationDays} resetMinutes={resetMinutes} />;
  }
  return <ChoosePassword link={link} />;
}

function ChoosePassword({ link }: { link: Extract<Shown, { ok: true }> }) {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "set-password",
    lastResult: actionData?.result,
    constraint: getZodConstraint(SetPasswordSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetPasswordSchema }),
  });
  const firstName = link.name.trim().split(/\s+/)[0] || link.name;

  return (
    <div className="auth">
      <section className="auth-intro">
        <p className="eyebrow">Frontline</p>
        <h1>{HEADINGS[link.purpose]}</h1>
        <p className="lead">
          {link.purpose === "invitation"
            ? `Welcome, ${firstName}. Choose the password you'll sign in to Frontline with.`
            : `Hello ${firstName}. Choose a new password; the old one stops working once you save it.`}
        </p>
        <p>
          You sign in as <strong>{link.email}</strong>.
        </p>
      </section>
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Your password</h2>
        <FormErrors form={form} noun="your password can be set" />
        <Form method="post" className="form" {...getFormProps(form)}>
          <Field
            meta={fields.password}
            label="New password"
            type="password"
            hint={`At least ${LIMITS.minPassword} characters. A few words you'll remember are a good choice.`}
            inputProps={{ autoComplete: "new-password" }}
          />
          <Field
            meta={fields.confirm}
            label="Repeat the new password"
            type="password"
            inputProps={{ autoComplete: "new-password" }}
          />
          <button type="submit" className="button button-block" disabled={busy}>
            {busy ? "Saving…" : "Save the password"}
          </button>
        </Form>
      </section>
    </div>
  );
}

function DeadLink({
  reason,
  invitationDays,
  resetMinutes,
}: {
  reason: DeadLinkReason;
  invitationDays: number;
  resetMinutes: number;
}) {
  const words: Record<DeadLinkReason, { heading: string; detail: string }> = {
    used: {
      heading: "This link has already been used",
      detail:
        "Each link to set a password works once. If you set your password with it, sign in with that password. If you didn't, ask for a new link.",
    },
    expired: {
      heading: "This link has expired",
      detail: `Links to set a password work for a while only: an invitation for ${invitationDays} days, a reset for ${resetMinutes} minutes. Ask for a new link and use it soon after it arrives.`,
    },
    unknown: {
      heading: "This link doesn't work",
      detail:
        "It may have been copied only in part, or a newer message replaced it. Ask for a new link, or ask an admin to send you an invitation.",
    },
  };
  const { heading, detail } = words[reason];
  return (
    <section className="error-page" aria-labelledby="dead-link-heading">
      <p className="eyebrow">Frontline</p>
      <h1 id="dead-link-heading">{heading}</h1>
      <p className="lead">{detail}</p>
      <p>
        <Link className="button" to="/forgot-password">
          Ask for a new link
        </Link>{" "}
        <Link className="button button-secondary" to="/login">
          Sign in
        </Link>
      </p>
    </section>
  );
}
