import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { AdminHeader } from "~/components/admin-nav";
import { redirectWithNotice } from "~/auth.server";
import { KindForm } from "~/components/directory-forms";
import { submitDirectoryForm } from "~/directory-forms.server";
import { kindWithUse, saveKind } from "~/models/kinds.server";
import { notFound, requireId, requirePermission } from "~/permissions.server";
import { KindSchema } from "~/schemas/admin";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.kind.name ?? "Session kind"} · Admin · Frontline` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:company");
  const kind = await kindWithUse(context.db, requireId(params), context.now);
  if (!kind) throw notFound();
  return { kind };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  const id = requireId(params);
  const form = await submitDirectoryForm(
    request,
    KindSchema,
    (kind) => saveKind(context.db, { id, kind, actorId: viewer.id, now: context.now }),
    { recordInAddress: true },
  );
  if (!form.ok) return form.response;
  return redirectWithNotice(request, "/admin/kinds", {
    tone: "ok",
    message: `Saved the session kind ${form.result.saved.name}.`,
  });
}

export default function EditKind() {
  const { kind } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";

  return (
    <>
      <AdminHeader
        up={{ to: "/admin/kinds", label: "Session kinds" }}
        title={kind.name}
        lead={
          <>
            {kind.upcomingSessions === 0
              ? "No upcoming sessions of this kind."
              : `${kind.upcomingSessions} upcoming ${kind.upcomingSessions === 1 ? "session" : "sessions"} of this kind.`}{" "}
            {kind.modules === 0
              ? "No module counts it specifically."
              : `It counts toward ${kind.modules} ${kind.modules === 1 ? "module" : "modules"}.`}
          </>
        }
      />
      <section className="card admin-narrow" aria-labelledby="edit-heading">
        <h2 id="edit-heading">Edit the session kind</h2>
        <p className="muted small">
          Changes apply to sessions published from now on; sessions already published keep their times.
        </p>
        <KindForm
          key={location.key}
          id={`edit-kind-${kind.id}`}
          result={actionData?.result}
          defaultValue={{ ...kind, onSite: kind.onSite ? "on_site" : "remote" }}
        >
          <div className="row">
            <button type="submit" className="button" disabled={busy}>
              Save session kind
            </button>
            <Link to="/admin/kinds" className="button button-secondary">
              Cancel
            </Link>
          </div>
        </KindForm>
      </section>
    </>
  );
}
