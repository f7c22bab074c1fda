import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminHeader } from "~/components/admin-nav";
import { redirectWithNotice } from "~/auth.server";
import { ModuleForm } from "~/components/directory-forms";
import { submitDirectoryForm } from "~/directory-forms.server";
import { kindOptions } from "~/models/kinds.server";
import { saveModule } from "~/models/modules.server";
import { requirePermission } from "~/permissions.server";
import { ModuleSchema } from "~/schemas/admin";

export const meta: MetaFunction = () => [{ title: "Add a module · Admin · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:company");
  return { kinds: await kindOptions(context.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  const form = await submitDirectoryForm(request, ModuleSchema, (module) =>
    saveModule(context.db, { module, actorId: viewer.id, now: context.now }),
  );
  if (!form.ok) return form.response;
  const { saved, completedNow: already = 0 } = form.result;
  return redirectWithNotice(request, `/admin/modules/${saved.id}`, {
    tone: "ok",
    message:
      already === 0
        ? `Added the module "${saved.title}".`
        : `Added the module "${saved.title}". ${already === 1 ? "One person already holds" : `${already} people already hold`} it on sessions they attended.`,
  });
}

export default function NewModule() {
  const { kinds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";

  return (
    <>
      <AdminHeader
        up={{ to: "/admin/modules", label: "Service modules" }}
        title="Add a module"
        lead="A module is completed by attending sessions: people who already attended enough of them hold it as soon as it is added."
      />
      <section className="card admin-narrow" aria-labelledby="form-heading">
        <h2 id="form-heading" className="visually-hidden">
          The module
        </h2>
        <ModuleForm
          id="new-module"
          kinds={kinds}
          result={actionData?.result}
          defaultValue={{ ruleUnit: "sessions", requiredCount: "1", ruleKindId: "", active: true }}
        >
          <div className="row">
            <button type="submit" className="button" disabled={busy}>
              Add module
            </button>
            <Link to="/admin/modules" className="button button-secondary">
              Cancel
            </Link>
          </div>
        </ModuleForm>
      </section>
    </>
  );
}
