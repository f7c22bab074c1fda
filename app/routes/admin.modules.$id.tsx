import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirectWithNotice, requireRole } from "~/auth.server";
import { AdminNav } from "~/components/admin-nav";
import { FormProblem, ModuleFields, moduleValues, type FormErrors } from "~/components/directory-fields";
import { Guide } from "~/components/guide";
import { getDb } from "~/db.server";
import { ModuleForm, refusalErrors } from "~/domain/directory";
import { parseForm } from "~/forms";
import { kindOptions, moduleById, updateModule } from "~/models/directory.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.module.title ?? "Module"} · Admin · Frontline` },
];

function idOf(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isInteger(id) || id < 1) throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const db = getDb();
  const module = await moduleById(db, idOf(params), Date.now());
  if (!module) throw new Response("Not found", { status: 404 });
  return { module, kinds: await kindOptions(db) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "admin");
  const id = idOf(params);
  const parsed = parseForm(ModuleForm, await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors as FormErrors, values: parsed.values }, { status: 400 });
  const result = await updateModule(getDb(), {
    id,
    module: parsed.data,
    actorId: viewer.id,
    now: Date.now(),
  });
  if (!result.ok) {
    if (result.reason.code === "not_found") throw new Response("Not found", { status: 404 });
    return data(
      {
        errors: refusalErrors(result.reason) as FormErrors,
        values: parsed.values,
      },
      { status: 400 },
    );
  }
  const already = result.completedNow ?? 0;
  return redirectWithNotice(request, `/admin/modules/${id}`, {
    tone: "ok",
    message:
      already === 0
        ? `Saved "${result.saved.title}".`
        : `Saved "${result.saved.title}". ${already === 1 ? "One more person now holds" : `${already} more people now hold`} it on sessions they attended.`,
  });
}

export default function EditModule() {
  const { module, kinds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: FormErrors = actionData?.errors ?? {};

  return (
    <>
      <AdminNav />
      <div className="page-header">
        <div>
          <p className="eyebrow">
            <Link to="/admin/modules">Service modules</Link>
          </p>
          <h1>{module.title}</h1>
          <p className="lead">{module.rule[0].toUpperCase() + module.rule.slice(1)}.</p>
          <div className="badge-row">
            {module.core ? <span className="badge badge-brand">Core</span> : null}
            {module.active ? (
              <span className="badge badge-ok">In use</span>
            ) : (
              <span className="badge">Switched off</span>
            )}
            <span className="badge badge-info">
              {module.holders.toLocaleString("en")} {module.holders === 1 ? "holder" : "holders"}
            </span>
            <span className="badge">{module.open.toLocaleString("en")} still assigned</span>
          </div>
        </div>
      </div>

      <div className="admin-split admin-split-even">
        <section className="card" aria-labelledby="edit-heading">
          <h2 id="edit-heading">Edit the module</h2>
          <p className="muted small">
            A new rule applies from now on: completions already earned stand until they expire, and anyone whose
            attended sessions meet a looser rule holds the module at once.
          </p>
          <FormProblem errors={errors} />
          <Form method="post" className="form" noValidate>
            <ModuleFields values={actionData?.values ?? moduleValues(module)} errors={errors} kinds={kinds} />
            <div className="row">
              <button type="submit" className="button" disabled={busy}>
                Save module
              </button>
              <Link to="/admin/modules" className="button button-secondary">
                Back to modules
              </Link>
            </div>
          </Form>
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
