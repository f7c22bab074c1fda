import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { AdminHeader } from "~/components/admin-nav";
import { redirectWithNotice } from "~/auth.server";
import { KindForm } from "~/components/directory-forms";
import { submitDirectoryForm } from "~/directory-forms.server";
import { kindsWithUse, saveKind } from "~/models/kinds.server";
import { requirePermission } from "~/permissions.server";
import { KindSchema } from "~/schemas/admin";

export const meta: MetaFunction = () => [{ title: "Session kinds · Admin · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:company");
  return { kinds: await kindsWithUse(context.db, context.now) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  const form = await submitDirectoryForm(request, KindSchema, (kind) =>
    saveKind(context.db, { kind, actorId: viewer.id, now: context.now }),
  );
  if (!form.ok) return form.response;
  return redirectWithNotice(request, "/admin/kinds", {
    tone: "ok",
    message: `Added the session kind ${form.result.saved.name}. Hosts can publish it now.`,
  });
}

export default function Kinds() {
  const { kinds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";

  return (
    <>
      <AdminHeader
        title="Session kinds"
        lead="The kinds of customer-facing work shadows can join: each has a usual length and happens on site or remotely."
      />

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
          <KindForm
            key={location.key}
            id="new-kind"
            result={actionData?.result}
            defaultValue={{ defaultMinutes: 60, onSite: "remote", active: true }}
          >
            <button type="submit" className="button" disabled={busy}>
              Add session kind
            </button>
          </KindForm>
        </section>
      </div>
    </>
  );
}
