import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminHeader } from "~/components/admin-nav";
import { redirectWithNotice } from "~/auth.server";
import { PersonForm } from "~/components/directory-forms";
import { LIMITS, timeZoneChoices } from "~/domain/directory";
import { submitDirectoryForm } from "~/directory-forms.server";
import { departmentOptions } from "~/models/departments.server";
import { savePerson } from "~/models/people.server";
import { requirePermission } from "~/permissions.server";
import { PersonSchema } from "~/schemas/admin";

export const meta: MetaFunction = () => [{ title: "Add a person · Admin · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  const departments = await departmentOptions(context.db);
  const preset = Number(new URL(request.url).searchParams.get("department"));
  const defaults = {
    active: true,
    timeZone: viewer.timeZone,
    departmentId: departments.some((d) => d.id === preset) ? String(preset) : "",
  };
  return { departments, timeZones: timeZoneChoices(viewer.timeZone), defaults };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  const form = await submitDirectoryForm(
    request,
    PersonSchema,
    (person) => savePerson(context.db, { person, actorId: viewer.id, now: context.now }),
    { hideFields: ["password"] },
  );
  if (!form.ok) return form.response;
  const { saved, invited } = form.result;
  const then = invited
    ? ` We're e-mailing them an invitation to set a password.`
    : form.value.password
      ? ""
      : " Set a password when they need to sign in.";
  return redirectWithNotice(request, `/admin/people/${saved.id}`, {
    tone: "ok",
    message: `Added ${saved.name} to the directory.${then}`,
  });
}

export default function NewPerson() {
  const { departments, timeZones, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";

  return (
    <>
      <AdminHeader
        up={{ to: "/admin/people", label: "People" }}
        title="Add a person"
        lead={
          <>
            For many people at once, <Link to="/admin/people/import">import the staff directory</Link> instead.
          </>
        }
      />
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
          <PersonForm
            id="new-person"
            result={actionData?.result}
            defaultValue={defaults}
            departments={departments}
            timeZones={timeZones}
            passwordHint={`At least ${LIMITS.minPassword} characters. Leave it empty and they get an e-mail inviting them to choose their own.`}
          >
            <div className="row">
              <button type="submit" className="button" disabled={busy}>
                Add person
              </button>
              <Link to="/admin/people" className="button button-secondary">
                Cancel
              </Link>
            </div>
          </PersonForm>
        </section>
      )}
    </>
  );
}
