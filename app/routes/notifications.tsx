/**
 * /notifications — which messages a person gets by e-mail: one checkbox per category, all on until
 * they turn one off. Account mail (an invitation to set a password, a reset link) is always sent.
 */
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirectWithNotice } from "~/auth.server";
import { ErrorPage } from "~/components/error-page";
import { CheckboxField, FormErrors } from "~/components/forms";
import { CATEGORIES, type MailCategory } from "~/domain/mail/kinds";
import { mailDestination } from "~/mail/transport.server";
import { categoriesOfferedTo, mailChoicesOf, saveMailChoices } from "~/models/mail/preferences.server";
import { requirePermission } from "~/permissions.server";
import { MailChoicesSchema } from "~/schemas/mail";

export const meta: MetaFunction = () => [{ title: "Notifications · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "mail:own-preferences");
  const choices = await mailChoicesOf(context.db, viewer.id);
  return {
    email: viewer.email,
    mailIsSent: mailDestination().delivers,
    categories: categoriesOfferedTo(viewer).map((category) => ({
      category,
      label: CATEGORIES[category].label,
      description: CATEGORIES[category].description,
    })),
    choices,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "mail:own-preferences");
  const submission = parseWithZod(await request.formData(), { schema: MailChoicesSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, { status: 400 });
  }
  // Only what the page offered this person: a category it did not show stays as it was.
  const offered = categoriesOfferedTo(viewer);
  const choices = Object.fromEntries(offered.map((c) => [c, submission.value[c]])) as Partial<
    Record<MailCategory, boolean>
  >;
  const { changed } = await saveMailChoices(context.db, { personId: viewer.id, choices, now: context.now });
  return redirectWithNotice(
    request,
    "/notifications",
    changed.length
      ? { tone: "ok", message: `Saved. ${changeWords(changed, choices)}` }
      : { tone: "info", message: "Nothing changed: your e-mail choices were already these." },
  );
}

/** "You get Reminders by e-mail again. You no longer get Weekly team digest by e-mail." */
function changeWords(changed: MailCategory[], choices: Partial<Record<MailCategory, boolean>>): string {
  const on = changed.filter((c) => choices[c]).map((c) => `“${CATEGORIES[c].label}”`);
  const off = changed.filter((c) => !choices[c]).map((c) => `“${CATEGORIES[c].label}”`);
  return [
    on.length ? `You get ${on.join(" and ")} by e-mail again.` : "",
    off.length ? `You no longer get ${off.join(" and ")} by e-mail.` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

export function ErrorBoundary() {
  return <ErrorPage />;
}

export default function Notifications() {
  const { email, mailIsSent, categories, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "mail-choices",
    lastResult: actionData?.result,
    constraint: getZodConstraint(MailChoicesSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MailChoicesSchema }),
    defaultValue: choices,
  });

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">Your account</p>
          <h1>Notifications</h1>
          <p className="lead">
            Choose which messages Frontline sends you by e-mail. Whatever you choose, your pages here (and your calendar
            feed, once you turn it on) show every change.
          </p>
        </div>
      </div>

      {mailIsSent ? null : (
        <div className="notice notice-info">
          <p>
            E-mail isn't set up here yet: an admin connects Frontline to the company's mail server. Your choices apply
            from the moment it is.
          </p>
        </div>
      )}

      <div className="calendar-layout">
        <section className="card" aria-labelledby="choices-heading">
          <h2 id="choices-heading">E-mail me about</h2>
          <FormErrors form={form} />
          <Form method="post" className="form" {...getFormProps(form)}>
            <div className="mail-choices">
              {categories.map(({ category, label, description }) => (
                <CheckboxField key={category} meta={fields[category]} label={label} hint={description} />
              ))}
            </div>
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy}>
                {busy ? "Saving…" : "Save my choices"}
              </button>
            </div>
          </Form>
        </section>

        <aside className="stack" aria-label="About your e-mail">
          <section className="card" aria-labelledby="address-heading">
            <h2 id="address-heading">Where your mail goes</h2>
            <p>
              Messages go to <strong className="break-anywhere">{email}</strong>. To use another address, ask an admin
              to change it in the directory.
            </p>
          </section>
          <section className="card" aria-labelledby="signed-in-heading">
            <h2 id="signed-in-heading">Where you&apos;re signed in</h2>
            <p>
              Every browser signed in to your account is listed on{" "}
              <Link to="/account/sessions">Where you&apos;re signed in</Link>, where you can sign out of the ones you
              don&apos;t use.
            </p>
          </section>
          <section className="card" aria-labelledby="always-heading">
            <h2 id="always-heading">Always sent</h2>
            <p>Account mail (invitations to set a password, reset links) is always sent.</p>
            <p className="muted small">
              Reminders and other messages you can turn off carry a link at the bottom that turns them off in one click.
              To see your sessions in your calendar without e-mail, subscribe to a{" "}
              <Link to="/calendar">calendar feed</Link>.
            </p>
          </section>
        </aside>
      </div>
    </>
  );
}
