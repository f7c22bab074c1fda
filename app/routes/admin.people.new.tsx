import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirectWithNotice, requireRole } from "~/auth.server";
import { AdminNav } from "~/components/admin-nav";
import { FormProblem, PersonFields, type FormErrors, type FormValues } from "~/components/directory-fields";
import { getDb } from "~/db.server";
import { LIMITS, PersonForm, refusalErrors, timeZoneChoices } from "~/domain/directory";
import { parseForm } from "~/forms";
import { createPerson, departmentOptions } from "~/models/directory.server";

export const meta: MetaFunction = () => [{ title: "Add a person · Admin · Frontline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, "admin");
  const departments = await departmentOptions(getDb());
  const preset = Number(new URL(request.url).searchParams.get("department"));
  const defaults: FormValues = {
    active: "on",
    timeZone: viewer.timeZone,
    departmentId: departments.some((d) => d.id === preset) ? String(preset) : "",
  };
  return { departments, timeZones: timeZoneChoices(viewer.timeZone), defaults };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "admin");
  const parsed = parseForm(PersonForm, await request.formData());
  const { password: _password, ...values } = parsed.values;
  if (!parsed.ok) return data({ errors: parsed.errors as FormErrors, values }, { status: 400 });
  const result = await createPerson(getDb(), {
    person: parsed.data,
    actorId: viewer.id,
    now: Date.now(),
  });
  if (!result.ok) return data({ errors: refusalErrors(result.reason) as FormErrors, values }, { status: 400 });
  return redirectWithNotice(request, `/admin/people/${result.saved.id}`, {
    tone: "ok",
    message: `Added ${result.saved.name} to the directory.${parsed.data.password ? "" : " Set a password when they need to sign in."}`,
  });
}

export default function NewPerson() {
  const { departments, timeZones, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: FormErrors = actionData?.errors ?? {};

  return (
    <>
      <AdminNav />
      <div className="page-header">
        <div>
          <p className="eyebrow">
            <Link to="/admin/people">People</Link>
          </p>
          <h1>Add a person</h1>
          <p className="lead">
            For many people at once, <Link to="/admin/people/import">import the staff directory</Link> instead.
          </p>
        </div>
      </div>
      {departments.length === 0 ? (
        <div className="empty">
          <strong>Add a department first</strong>
          <p>
            Everyone belongs to a department. <Link to="/admin/departments">Add the company's departments</Link>, then
            come back.
          </p>
        </div>
      ) : (
        <section className="card admin-narrow" aria-labelledby="form-heading">
          <h2 id="form-heading" className="visually-hidden">
            Their details
          </h2>
          <FormProblem errors={errors} />
          <Form method="post" className="form" noValidate>
            <PersonFields
              values={actionData?.values ?? defaults}
              errors={errors}
              departments={departments}
              timeZones={timeZones}
              passwordHint={`At least ${LIMITS.minPassword} characters. Leave empty if they don't sign in yet; you can set one later.`}
            />
            <div className="row">
              <button type="submit" className="button" disabled={busy}>
                Add person
              </button>
              <Link to="/admin/people" className="button button-secondary">
                Cancel
              </Link>
            </div>
          </Form>
        </section>
      )}
    </>
  );
}
