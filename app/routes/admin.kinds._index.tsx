import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { redirectWithNotice, requireRole } from "~/auth.server";
import { AdminNav } from "~/components/admin-nav";
import { FormProblem, KindFields, NEW_KIND_VALUES, type FormErrors } from "~/components/directory-fields";
import { getDb } from "~/db.server";
import { KindForm, refusalErrors } from "~/domain/directory";
import { parseForm } from "~/forms";
import { createKind, kindsWithUse } from "~/models/directory.server";

export const meta: MetaFunction = () => [{ title: "Session kinds · Admin · Frontline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { kinds: await kindsWithUse(getDb(), Date.now()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "admin");
  const parsed = parseForm(KindForm, await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors as FormErrors, values: parsed.values }, { status: 400 });
  const result = await createKind(getDb(), {
    kind: parsed.data,
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
  return redirectWithNotice(request, "/admin/kinds", {
    tone: "ok",
    message: `Added the session kind ${result.saved.name}. Hosts can publish it now.`,
  });
}

export default function Kinds() {
  const { kinds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";
  const errors: FormErrors = actionData?.errors ?? {};

  return (
    <>
      <AdminNav />
      <div className="page-header">
        <div>
          <p className="eyebrow">Admin</p>
          <h1>Session kinds</h1>
          <p className="lead">
            The kinds of customer-facing work shadows can join: each has a usual length and happens on site or remotely.
          </p>
        </div>
      </div>

      <div className="admin-split">
        <section aria-labelledby="list-heading">
          <h2 id="list-heading" className="visually-hidden">
            All session kinds
          </h2>
          {kinds.length === 0 ? (
            <div className="empty">
              <strong>No session kinds yet</strong>
              <p>
                Add the first one — a sales call, an install, a call-centre listen-in — so hosts can publish sessions.
              </p>
            </div>
          ) : (
            <ul className="admin-card-list">
              {kinds.map((k) => (
                <li key={k.id} className="card">
                  <div className="card-header">
                    <h3>
                      <Link to={`/admin/kinds/${k.id}`}>{k.name}</Link>
                    </h3>
                    {k.active ? (
                      <span className="badge badge-ok">Offered</span>
                    ) : (
                      <span className="badge">Not offered</span>
                    )}
                  </div>
                  {k.description ? <p className="small">{k.description}</p> : null}
                  <p className="item-meta">
                    {k.defaultMinutes} minutes · {k.onSite ? "On site" : "Remote"} · {k.upcomingSessions} upcoming{" "}
                    {k.upcomingSessions === 1 ? "session" : "sessions"} · counts for {k.modules}{" "}
                    {k.modules === 1 ? "module" : "modules"}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="add-heading">
          <h2 id="add-heading">Add a session kind</h2>
          <FormProblem errors={errors} />
          <Form method="post" className="form" noValidate key={location.key}>
            <KindFields values={actionData?.values ?? NEW_KIND_VALUES} errors={errors} />
            <button type="submit" className="button" disabled={busy}>
              Add session kind
            </button>
          </Form>
        </section>
      </div>
    </>
  );
}
