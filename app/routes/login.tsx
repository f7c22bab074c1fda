import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { authenticate, getViewer, safeRedirect, signIn } from "~/auth.server";
import { getDb } from "~/db.server";
import { FieldError, fieldProps } from "~/components/forms";
import { demoAccountsInUse } from "~/models/company.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Frontline" }];

const SignInForm = z.object({
  email: z.string().trim().min(1, "Enter your work email.").email("That doesn't look like an email address."),
  password: z.string().min(1, "Enter your password."),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getViewer(request)) throw redirect("/");
  return { demo: await demoAccountsInUse(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = SignInForm.safeParse(form);
  const values = { email: typeof form.email === "string" ? form.email : "" };
  if (!parsed.success) {
    return data({ values, errors: z.flattenError(parsed.error).fieldErrors, formError: null }, { status: 400 });
  }
  const result = await authenticate(getDb(), parsed.data.email, parsed.data.password);
  if (!result.ok) {
    const formError =
      result.reason === "inactive"
        ? "This account has been switched off. Ask an admin if you think that's a mistake."
        : "That email and password don't match an account. Check both and try again.";
    return data({ values, errors: {}, formError }, { status: 400 });
  }
  return signIn(request, result.personId, safeRedirect(parsed.data.redirectTo));
}

export default function Login() {
  const { demo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const errors: Partial<Record<"email" | "password", string[]>> = actionData?.errors ?? {};
  const busy = navigation.state === "submitting";

  return (
    <div className="auth">
      <section className="auth-intro">
        <p className="eyebrow">Frontline</p>
        <h1>Every one of us serves the customer.</h1>
        <p className="lead">
          Book a seat on a real sales call, an install at a client's site or a listen-in on the customer line.
          Track the service training your manager asked of you, and get every booking in your calendar.
        </p>
        {demo ? (
          <div className="card">
            <h2>Try the demo company</h2>
            <p className="muted small">
              This installation runs a demo company. Every demo account uses the password{" "}
              <code>{demo.password}</code>.
            </p>
            <ul className="demo-accounts">
              {demo.accounts.map((account) => (
                <li key={account.email}>
                  <div className="who-line">
                    <span className="item-title">{account.roleLabel}</span>
                    <span className="small muted">
                      {account.name} · <code>{account.email}</code>
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
      <section className="card" aria-labelledby="signin-heading">
        <h2 id="signin-heading">Sign in</h2>
        {actionData?.formError ? (
          <div className="notice notice-error" role="alert">
            <p>{actionData.formError}</p>
          </div>
        ) : null}
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
          <div className="field">
            <label htmlFor="email">Work email</label>
            <input
              type="email"
              autoComplete="username"
              defaultValue={actionData?.values.email ?? ""}
              {...fieldProps("email", errors.email)}
            />
            <FieldError name="email" errors={errors.email} />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input type="password" autoComplete="current-password" {...fieldProps("password", errors.password)} />
            <FieldError name="password" errors={errors.password} />
          </div>
          <button type="submit" className="button button-block" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </Form>
      </section>
    </div>
  );
}
