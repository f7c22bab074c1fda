import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { AdminHeader } from "~/components/admin-nav";
import { redirectWithNotice } from "~/auth.server";
import { PersonForm } from "~/components/directory-forms";
import { ROLE_LABELS, rolesOf } from "~/domain/access";
import { LIMITS, timeZoneChoices } from "~/domain/directory";
import { formatDay } from "~/domain/time";
import { submitDirectoryForm } from "~/directory-forms.server";
import { departmentOptions } from "~/models/departments.server";
import { personForAdmin, savePerson } from "~/models/people.server";
import { notFound, requireId, requirePermission } from "~/permissions.server";
import { PersonSchema } from "~/schemas/admin";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.person.name ?? "Person"} · Admin · Frontline` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  const person = await personForAdmin(context.db, requireId(params), context.now);
  if (!person) throw notFound();
  return {
    person,
    isViewer: person.id === viewer.id,
    viewerZone: viewer.timeZone,
    departments: await departmentOptions(context.db),
    timeZones: timeZoneChoices(person.timeZone),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  const id = requireId(params);
  const form = await submitDirectoryForm(
    request,
    PersonSchema,
    (person) => savePerson(context.db, { id, person, actorId: viewer.id, now: context.now }),
    { hideFields: ["password"], recordInAddress: true },
  );
  if (!form.ok) return form.response;
  return redirectWithNotice(request, `/admin/people/${id}`, {
    tone: "ok",
    message: `Saved ${form.result.saved.name}.${form.value.password ? " Their new password works from now on." : ""}`,
  });
}

export default function EditPerson() {
  const { person, isViewer, viewerZone, departments, timeZones } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";
  const roles = rolesOf(person);

  return (
    <>
      <AdminHeader
        up={{ to: "/admin/people", label: "People" }}
        title={person.name}
        lead={
          <>
            {person.title ? `${person.title}, ` : ""}
            {person.departmentName}
            {person.managerName ? ` · reports to ${person.managerName}` : ""}
          </>
        }
        actions={
          <Link to={`/admin/audit?type=person&entityId=${person.id}`} className="button button-secondary">
            History
          </Link>
        }
      >
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
      </AdminHeader>

      <div className="admin-split">
        <section className="card" aria-labelledby="edit-heading">
          <h2 id="edit-heading">Edit {isViewer ? "your details" : "their details"}</h2>
          <PersonForm
            key={location.key}
            id={`edit-person-${person.id}`}
            result={actionData?.result}
            defaultValue={{
              ...person,
              managerEmail: person.managerEmail ?? "",
              host: person.isHost,
              manager: person.isManager,
              admin: person.isAdmin,
            }}
            departments={departments}
            timeZones={timeZones}
            managerName={person.managerName}
            passwordHint={`At least ${LIMITS.minPassword} characters. Leave empty to keep ${person.hasPassword ? "the current password" : "them without one"}.`}
          >
            <div className="row">
              <button type="submit" className="button" disabled={busy}>
                Save
              </button>
              <Link to="/admin/people" className="button button-secondary">
                Back to people
              </Link>
            </div>
          </PersonForm>
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
