import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { AdminHeader } from "~/components/admin-nav";
import { redirectWithNotice } from "~/auth.server";
import { ModuleForm } from "~/components/directory-forms";
import { Guide } from "~/components/guide";
import { submitDirectoryForm } from "~/directory-forms.server";
import { kindOptions } from "~/models/kinds.server";
import { moduleWithUse, saveModule } from "~/models/modules.server";
import { notFound, requireId, requirePermission } from "~/permissions.server";
import { ModuleSchema } from "~/schemas/admin";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.module.title ?? "Module"} · Admin · Frontline` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:company");
  const module = await moduleWithUse(context.db, requireId(params), context.now);
  if (!module) throw notFound();
  return { module, kinds: await kindOptions(context.db) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  const id = requireId(params);
  const form = await submitDirectoryForm(
    request,
    ModuleSchema,
    (module) => saveModule(context.db, { id, module, actorId: viewer.id, now: context.now }),
    { recordInAddress: true },
  );
  if (!form.ok) return form.response;
  const { saved, completedNow: already = 0 } = form.result;
  return redirectWithNotice(request, `/admin/modules/${id}`, {
    tone: "ok",
    message:
      already === 0
        ? `Saved "${saved.title}".`
        : `Saved "${saved.title}". ${already === 1 ? "One more person now holds" : `${already} more people now hold`} it on sessions they attended.`,
  });
}

export default function EditModule() {
  const { module, kinds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";

  return (
    <>
      <AdminHeader
        up={{ to: "/admin/modules", label: "Service modules" }}
        title={module.title}
        lead={`${module.rule[0].toUpperCase() + module.rule.slice(1)}.`}
      >
        <div className="badge-row">
          {module.core ? <span className="badge badge-brand">Core</span> : null}
          {module.active ? <span className="badge badge-ok">In use</span> : <span className="badge">Switched off</span>}
          <span className="badge badge-info">
            {module.holders.toLocaleString("en")} {module.holders === 1 ? "holder" : "holders"}
          </span>
          <span className="badge">{module.openAssignments.toLocaleString("en")} still assigned</span>
        </div>
      </AdminHeader>

      <div className="admin-split admin-split-even">
        <section className="card" aria-labelledby="edit-heading">
          <h2 id="edit-heading">Edit the module</h2>
          <p className="muted small">
            A new rule applies from now on: completions already earned stand until they expire, and anyone whose
            attended sessions meet a looser rule holds the module at once.
          </p>
          <ModuleForm
            key={location.key}
            id={`edit-module-${module.id}`}
            kinds={kinds}
            result={actionData?.result}
            defaultValue={{
              ...module,
              ruleKindId: module.ruleKindId === null ? "" : String(module.ruleKindId),
              ruleUnit: module.requiredMinutes === null ? "sessions" : "hours",
              // For an hour rule the stored count is only an estimate: switching to sessions asks for a number.
              requiredCount: module.requiredMinutes === null ? String(module.requiredCount) : "",
              requiredHours: module.requiredMinutes === null ? "" : String(module.requiredMinutes / 60),
            }}
          >
            <div className="row">
              <button type="submit" className="button" disabled={busy}>
                Save module
              </button>
              <Link to="/admin/modules" className="button button-secondary">
                Back to modules
              </Link>
            </div>
          </ModuleForm>
        </section>

        <section className="card admin-guide-preview" aria-labelledby="preview-heading">
          <p className="eyebrow">Preview</p>
          <h2 id="preview-heading">The guide as people read it</h2>
          {module.summary ? <p className="lead small">{module.summary}</p> : null}
          {module.guide.trim() ? (
            <Guide text={module.guide} />
          ) : (
            <div className="empty">
              <strong>No guide yet</strong>
              <p>Write what to watch for and which questions to ask, then save to see it here.</p>
            </div>
          )}
        </section>
      </div>
    </>
  );
}
