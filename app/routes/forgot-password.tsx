/**
 * /forgot-password — anyone asks for a link to choose a new password. The answer is the same
 * whether or not the address belongs to someone, so the page can't be used to find out who works
 * here; only a known, active person is sent a link.
 */
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormErrors } from "~/components/forms";
import { RESET_MINUTES } from "~/mail/messages.server";
import { requestPasswordReset } from "~/models/mail/account-tokens.server";
import { ForgotPasswordSchema } from "~/schemas/auth";

export const meta: MetaFunction = () => [{ title: "Forgot your password? · Frontline" }];

export function loader() {
  return { minutes: RESET_MINUTES };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ForgotPasswordSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), askedFor: null }, { status: 400 });
  }
  const { email } = submission.value;
  await requestPasswordReset(context.db, { email, now: context.now });
  return { result: submission.reply(), askedFor: email };
}

export default function ForgotPassword() {
  const { minutes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const askedFor = actionData?.askedFor ?? null;
  const [form, fields] = useForm({
    id: "forgot-password",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ForgotPasswordSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
  });

  return (
    <div className="auth">
      <section className="auth-intro">
        <p className="eyebrow">Frontline</p>
        <h1>Forgot your password?</h1>
        <p className="lead">
          Give the work email you sign in with. We'll e-mail you a link to choose a new password; it works once, for{" "}
          {minutes} minutes.
        </p>
        <p className="muted small">
          New here? Your admin's invitation e-mail has a link to set your first password. If it has expired, ask for a
          link here all the same.
        </p>
      </section>
      <section className="card" aria-labelledby="reset-heading">
        <h2 id="reset-heading">Get a link to choose a new password</h2>
        {askedFor ? (
          <div className="stack">
            <div className="notice notice-ok" role="status">
              <p>
                If {askedFor} has an account, we've sent a link to it. It works for {minutes} minutes.
              </p>
            </div>
            <p className="small">
              Nothing after a few minutes? Check the address and your spam folder, then ask again. Still nothing? Ask an
              admin to send you an invitation.
            </p>
            <div className="row">
              <Link to="/login" className="button">
                Back to sign in
              </Link>
              <Link to="/forgot-password" className="button button-secondary">
                Use another address
              </Link>
            </div>
          </div>
        ) : (
          <>
            <FormErrors form={form} noun="we can send a link" />
            <Form method="post" className="form" {...getFormProps(form)}>
              <Field meta={fields.email} label="Work email" type="email" inputProps={{ autoComplete: "username" }} />
              <button type="submit" className="button button-block" disabled={busy}>
                {busy ? "Sending…" : "Send me a link"}
              </button>
            </Form>
            <p className="small">
              Remembered it? <Link to="/login">Sign in</Link>
            </p>
          </>
        )}
      </section>
    </div>
  );
}
