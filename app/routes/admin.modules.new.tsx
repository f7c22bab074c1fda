import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirectWithNotice, requireRole } from "~/auth.server";
import { AdminNav } from "~/components/admin-nav";
import { FormProblem, ModuleFields, NEW_MODULE_VALUES, type FormErrors } from "~/components/directory-fields";
import { getDb } from "~/db.server";
import { ModuleForm, refusalErrors } from "~/domain/directory";
import { parseForm } from "~/forms";
import { createModule, kindOptions } from "~/models/directory.server";

export const meta: MetaFunction = () => [{ title: "Add a module · Admin · Frontline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { kinds: await kindOptions(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "admin");
  const parsed = parseForm(ModuleForm, await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors as FormErrors, values: parsed.values }, { status: 400 });
  const result = await createModule(getDb(), {
    module: parsed.data,
    actorId: viewer.id,
    now: Date.now(),
  });
  if (!result.ok) {
    return data(
      {
        errors: refusalErrors(result.reason) as FormErrors,
        values: parsed.values,
      },
      { status: 400 },
    );
  }
  const already = result.completedNow ?? 0;
  return redirectWithNotice(request, `/admin/modules/${result.saved.id}`, {
    tone: "ok",
    message:
      already === 0
        ? `Added the module "${result.saved.title}".`
        : `Added the module "${result.saved.title}". ${already === 1 ? "One person already holds" : `${already} people already hold`} it on sessions they attended.`,
  });
}

export default function NewModule() {
  const { kinds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: FormErrors = actionData?.errors ?? {};

  return (
    <>
      <AdminNav />
      <div className="page-header">
        <div>
          <p className="eyebrow">
            <Link to="/admin/modules">Service modules</Link>
          </p>
          <h1>Add a module</h1>
          <p className="lead">
            A module is completed by attending sessions: people who already attended enough of them hold it as soon as
            it is added.
          </p>
        </div>
      </div>
      <section className="card admin-narrow" aria-labelledby="form-heading">
        <h2 id="form-heading" className="visually-hidden">
          The module
        </h2>
        <FormProblem errors={errors} />
        <Form method="post" className="form" noValidate>
          <ModuleFields values={actionData?.values ?? NEW_MODULE_VALUES} errors={errors} kinds={kinds} />
          <div className="row">
            <button type="submit" className="button" disabled={busy}>
              Add module
            </button>
            <Link to="/admin/modules" className="button button-secondary">
              Cancel
            </Link>
          </div>
        </Form>
      </section>
    </>
  );
}
