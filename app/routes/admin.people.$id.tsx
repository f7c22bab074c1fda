import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirectWithNotice, requireRole } from "~/auth.server";
import { AdminNav } from "~/components/admin-nav";
import { FormProblem, PersonFields, personValues, type FormErrors } from "~/components/directory-fields";
import { getDb } from "~/db.server";
import { ROLE_LABELS, rolesOf } from "~/domain/access";
import { LIMITS, PersonForm, refusalErrors, timeZoneChoices } from "~/domain/directory";
import { formatDay } from "~/domain/time";
import { parseForm } from "~/forms";
import { departmentOptions, personForAdmin, updatePerson } from "~/models/directory.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.person.name ?? "Person"} · Admin · Frontline` },
];

function idOf(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isInteger(id) || id < 1) throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, "admin");
  const db = getDb();
  const now = Date.now();
  const person = await personForAdmin(db, idOf(params), now);
  if (!person) throw new Response("Not found", { status: 404 });
  return {
    person,
    isViewer: person.id === viewer.id,
    viewerZone: viewer.timeZone,
    departments: await departmentOptions(db),
    timeZones: timeZoneChoices(person.timeZone),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "admin");
  const id = idOf(params);
  const parsed = parseForm(PersonForm, await request.formData());
  const { password: _password, ...values } = parsed.values;
  if (!parsed.ok) return data({ errors: parsed.errors as FormErrors, values }, { status: 400 });
  const result = await updatePerson(getDb(), {
    id,
    person: parsed.data,
    actorId: viewer.id,
    now: Date.now(),
  });
  if (!result.ok) {
    if (result.reason.code === "not_found") throw new Response("Not found", { status: 404 });
    return data({ errors: refusalErrors(result.reason) as FormErrors, values }, { status: 400 });
  }
  return redirectWithNotice(request, `/admin/people/${id}`, {
    tone: "ok",
    message: `Saved ${result.saved.name}.${parsed.data.password ? " Their new password works from now on." : ""}`,
  });
}

export default function EditPerson() {
  const { person, isViewer, viewerZone, departments, timeZones } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: FormErrors = actionData?.errors ?? {};
  const roles = rolesOf(person);

  return (
    <>
      <AdminNav />
      <div className="page-header">
        <div>
          <p className="eyebrow">
            <Link to="/admin/people">People</Link>
          </p>
          <h1>{person.name}</h1>
          <p className="lead">
            {person.title ? `${person.title}, ` : ""}
            {person.departmentName}
            {person.managerName ? ` · reports to ${person.managerName}` : ""}
          </p>
          <div className="badge-row">
            {person.active ? (
              <span className="badge badge-ok">Active</span>
            ) : (
              <span className="badge badge-danger">Switched off</span>
            )}
            {roles.map((r) => (
              <span key={r} className="badge badge-info">
                {ROLE_LABELS[r]}
              </span>
            ))}
            {person.hasPassword ? null : <span className="badge badge-warn">No password yet</span>}
          </div>
        </div>
        <Link to={`/admin/audit?type=person&entityId=${person.id}`} className="button button-secondary">
          History
        </Link>
      </div>

      <div className="admin-split">
        <section className="card" aria-labelledby="edit-heading">
          <h2 id="edit-heading">Edit {isViewer ? "your details" : "their details"}</h2>
          <FormProblem errors={errors} />
          <Form method="post" className="form" noValidate>
            <PersonFields
              values={actionData?.values ?? personValues(person)}
              errors={errors}
              departments={departments}
              timeZones={timeZones}
              managerName={person.managerName}
              passwordHint={`At least ${LIMITS.minPassword} characters. Leave empty to keep ${person.hasPassword ? "the current password" : "them without one"}.`}
            />
            <div className="row">
              <button type="submit" className="button" disabled={busy}>
                Save
              </button>
              <Link to="/admin/people" className="button button-secondary">
                Back to people
              </Link>
            </div>
          </Form>
        </section>

        <aside className="card" aria-labelledby="records-heading">
          <h2 id="records-heading">In Frontline</h2>
          <dl className="admin-facts">
            <div>
              <dt>Reports</dt>
              <dd>
                {person.reports === 0 ? (
                  "No one reports to them"
                ) : (
                  <Link to={`/admin/people?manager=${person.id}`}>
                    {person.reports} active {person.reports === 1 ? "person" : "people"}
                  </Link>
                )}
              </dd>
            </div>
            <div>
              <dt>Hosting</dt>
              <dd>
                {person.upcomingHosting} upcoming {person.upcomingHosting === 1 ? "session" : "sessions"}
              </dd>
            </div>
            <div>
              <dt>Booked</dt>
              <dd>
                {person.upcomingBookings} upcoming {person.upcomingBookings === 1 ? "seat" : "seats"}
              </dd>
            </div>
            <div>
              <dt>In the directory since</dt>
              <dd>{formatDay(person.createdAt, viewerZone)}</dd>
            </div>
          </dl>
          {person.active && (person.upcomingHosting > 0 || person.upcomingBookings > 0 || person.reports > 0) ? (
            <p className="notice notice-info small">
              Switching {isViewer ? "yourself" : "them"} off keeps every record: their sessions, seats and reports stay
              as they are until someone changes them.
            </p>
          ) : null}
        </aside>
      </div>
    </>
  );
}
