import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { attemptSignIn, getViewer, signIn } from "~/auth.server";
import { Field, FormErrors } from "~/components/forms";
import { tooManyAttempts } from "~/domain/sign-in";
import { demoAccountsInUse } from "~/models/company.server";
import { SignInSchema } from "~/schemas/auth";

export const meta: MetaFunction = () => [{ title: "Sign in · Frontline" }];

/** A refused try says when to come back, for clients that read it. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getViewer({ request, context })) throw redirect("/");
  return { demo: await demoAccountsInUse(context.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: SignInSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const result = await attemptSignIn({ request, context }, email, password);
  if (!result.ok && result.reason === "locked") {
    // The same answer whether or not anyone has the address, and whatever the password was.
    return data(
      { result: submission.reply({ formErrors: [tooManyAttempts(result.for)], hideFields: ["password"] }) },
      { status: 429, headers: { "Retry-After": String(Math.ceil(result.for / 1000)) } },
    );
  }
  if (!result.ok) {
    const formError =
      result.reason === "inactive"
        ? "This account has been switched off. Ask an admin if you think that's a mistake."
        : "That email and password don't match an account. Check both and try again.";
    return data({ result: submission.reply({ formErrors: [formError], hideFields: ["password"] }) }, { status: 400 });
  }
  return signIn({ request, context }, result, redirectTo ?? "/");
}

export default function Login() {
  const { demo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "sign-in",
    lastResult: actionData?.result,
    constraint: getZodConstraint(SignInSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInSchema }),
    // A link that has just set a password brings its address along, so only the password is left to type.
    defaultValue: { email: searchParams.get("email") ?? "" },
  });

  // A refused sign-in empties the password box and keeps the address, so the next try starts clean.
  const passwordId = fields.password.id;
  useEffect(() => {
    const box = actionData ? document.getElementById(passwordId) : null;
    if (box instanceof HTMLInputElement) box.value = "";
  }, [actionData, passwordId]);

  return (
    <div className="auth auth-sign-in">
      <section className="auth-intro">
        <p className="eyebrow">Frontline</p>
        <h1>Every one of us serves the customer.</h1>
        <p className="lead">
          Book a seat on a real sales call, an install at a client's site or a listen-in on the customer line. Track the
          service training your manager asked of you, and get every booking in your calendar.
        </p>
      </section>
      <section className="card auth-form" aria-labelledby="signin-heading">
        <h2 id="signin-heading">Sign in</h2>
        <FormErrors form={form} noun="you can sign in" />
        <Form method="post" className="form" {...getFormProps(form)}>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
          <Field meta={fields.email} label="Work email" type="email" inputProps={{ autoComplete: "username" }} />
          <Field
            meta={fields.password}
            label="Password"
            type="password"
            inputProps={{ autoComplete: "current-password" }}
          />
          <div className="small">
            <Link to="/forgot-password">Forgot your password?</Link>
          </div>
          <button type="submit" className="button button-block" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </Form>
      </section>
      {demo ? (
        <section className="card auth-demo" aria-labelledby="demo-heading">
          <h2 id="demo-heading">Try the demo company</h2>
          <p className="muted small">
            This installation runs a demo company. Every demo account uses the password <code>{demo.password}</code>.
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
        </section>
      ) : null}
    </div>
  );
}
