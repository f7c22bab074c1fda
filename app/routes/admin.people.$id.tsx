import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { AdminHeader } from "~/components/admin-nav";
import { redirectWithNotice, requireSignIn } from "~/auth.server";
import { PersonForm } from "~/components/directory-forms";
import { ROLE_LABELS, rolesOf } from "~/domain/access";
import { LIMITS, timeZoneChoices } from "~/domain/directory";
import { formatDateTime, formatDay } from "~/domain/time";
import { submitDirectoryForm } from "~/directory-forms.server";
import { departmentOptions } from "~/models/departments.server";
import { sendInvitation } from "~/models/mail/account-tokens.server";
import type { MailState } from "~/models/mail/outbox.server";
import { personForAdmin, savePerson } from "~/models/people.server";
import { endSignIns, liveSignInCount } from "~/models/sign-ins.server";
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
    signedInCount: await liveSignInCount(context.db, person.id, context.now),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  const id = requireId(params);
  if ((await request.clone().formData()).get("intent") === "invite") {
    const sent = await sendInvitation(context.db, { personId: id, actorId: viewer.id, now: context.now });
    if (!sent.ok && sent.reason === "not_found") throw notFound();
    return redirectWithNotice(
      request,
      `/admin/people/${id}`,
      sent.ok
        ? { tone: "ok", message: `We're e-mailing ${sent.name} an invitation to set a password, to ${sent.email}.` }
        : { tone: "error", message: "This person is switched off. Switch them back on before inviting them." },
    );
  }
  if ((await request.clone().formData()).get("intent") === "sign-out-everywhere") {
    // Their own browsers an admin signs out where everyone does, keeping the one in front of them.
    if (id === viewer.id) throw redirect("/account/sessions");
    const person = await personForAdmin(context.db, id, context.now);
    if (!person) throw notFound();
    const ended = await endSignIns(context.db, {
      personId: id,
      which: { all: true },
      reason: "signed_out_by_admin",
      actorId: viewer.id,
      now: context.now,
    });
    return redirectWithNotice(
      request,
      `/admin/people/${id}`,
      ended > 0
        ? {
            tone: "ok",
            message: `Signed ${person.name} out everywhere (${ended === 1 ? "1 browser" : `${ended} browsers`}). They need their password to sign in again.`,
          }
        : { tone: "info", message: `${person.name} wasn't signed in anywhere.` },
    );
  }
  // An admin changing their own password or roles stays signed in where they made the change.
  const keepSignInId = id === viewer.id ? (await requireSignIn({ request, context })).signInId : undefined;
  const form = await submitDirectoryForm(
    request,
    PersonSchema,
    (person) => savePerson(context.db, { id, person, actorId: viewer.id, now: context.now, keepSignInId }),
    { hideFields: ["password"], recordInAddress: true },
  );
  if (!form.ok) return form.response;
  return redirectWithNotice(request, `/admin/people/${id}`, {
    tone: "ok",
    message: `Saved ${form.result.saved.name}.${form.value.password ? " Their new password works from now on." : ""}`,
  });
}

/** What became of the last invitation, after its date. */
const INVITATION_STATES: Record<MailState, string> = {
  pending: "on its way",
  sent: "sent",
  failed: "could not be delivered",
  kept: "kept in the Outbox because mail is not set up",
  skipped: "not sent",
};

export default function EditPerson() {
  const { person, isViewer, viewerZone, departments, timeZones, signedInCount } = useLoaderData<typeof loader>();
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
              <dt>Training</dt>
              <dd>
                {/* Completions, sign-offs by hand and their undoing live on the person's team page. */}
                <Link to={`/team/${person.id}`}>Modules, completions and sign-offs</Link>
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
          {person.active ? (
            <div className="stack">
              <Form method="post" className="stack" aria-labelledby="signing-in-heading">
                <h3 id="signing-in-heading">Signing in</h3>
                <p className="small">
                  {person.hasPassword
                    ? "They have a password. If they've lost it, they can ask for a link on the sign-in page, or you can e-mail them one."
                    : "They have no password yet. A link we e-mail them lets them choose one."}
                  {person.lastInvitation
                    ? ` Last invitation: ${formatDateTime(person.lastInvitation.createdAt, viewerZone)}, ${INVITATION_STATES[person.lastInvitation.state]}.`
                    : ""}
                </p>
                <button type="submit" name="intent" value="invite" className="button button-secondary" disabled={busy}>
                  Send an invitation to set a password
                </button>
              </Form>
              {isViewer ? (
                <p className="small">
                  To sign yourself out of other browsers, open{" "}
                  <Link to="/account/sessions">where you&apos;re signed in</Link>.
                </p>
              ) : (
                <Form method="post" className="stack" aria-labelledby="signed-in-heading">
                  <h3 id="signed-in-heading">Where they&apos;re signed in</h3>
                  <p className="small">
                    {signedInCount === 0
                      ? "They aren't signed in anywhere."
                      : `Signed in on ${signedInCount === 1 ? "1 browser" : `${signedInCount} browsers`}. Signing them out ends every one at once; they need their password to get back in.`}
                  </p>
                  {signedInCount > 0 ? (
                    <button
                      type="submit"
                      name="intent"
                      value="sign-out-everywhere"
                      className="button button-secondary"
                      disabled={busy}
                    >
                      Sign out everywhere
                    </button>
                  ) : null}
                </Form>
              )}
            </div>
          ) : null}
        </aside>
      </div>
    </>
  );
}
