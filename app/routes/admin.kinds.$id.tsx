import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirectWithNotice, requireRole } from "~/auth.server";
import { AdminNav } from "~/components/admin-nav";
import { FormProblem, KindFields, kindValues, type FormErrors } from "~/components/directory-fields";
import { getDb } from "~/db.server";
import { KindForm, refusalErrors } from "~/domain/directory";
import { parseForm } from "~/forms";
import { kindsWithUse, updateKind } from "~/models/directory.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.kind.name ?? "Session kind"} · Admin · Frontline` },
];

function idOf(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isInteger(id) || id < 1) throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const id = idOf(params);
  const kind = (await kindsWithUse(getDb(), Date.now())).find((k) => k.id === id);
  if (!kind) throw new Response("Not found", { status: 404 });
  return { kind };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "admin");
  const id = idOf(params);
  const parsed = parseForm(KindForm, await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors as FormErrors, values: parsed.values }, { status: 400 });
  const result = await updateKind(getDb(), {
    id,
    kind: parsed.data,
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
  return redirectWithNotice(request, "/admin/kinds", {
    tone: "ok",
    message: `Saved the session kind ${result.saved.name}.`,
  });
}

export default function EditKind() {
  const { kind } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: FormErrors = actionData?.errors ?? {};

  return (
    <>
      <AdminNav />
      <div className="page-header">
        <div>
          <p className="eyebrow">
            <Link to="/admin/kinds">Session kinds</Link>
          </p>
          <h1>{kind.name}</h1>
          <p className="lead">
            {kind.upcomingSessions === 0
              ? "No upcoming sessions of this kind."
              : `${kind.upcomingSessions} upcoming ${kind.upcomingSessions === 1 ? "session" : "sessions"} of this kind.`}{" "}
            {kind.modules === 0
              ? "No module counts it specifically."
              : `It counts toward ${kind.modules} ${kind.modules === 1 ? "module" : "modules"}.`}
          </p>
        </div>
      </div>
      <section className="card admin-narrow" aria-labelledby="edit-heading">
        <h2 id="edit-heading">Edit the session kind</h2>
        <p className="muted small">
          Changes apply to sessions published from now on; sessions already published keep their times.
        </p>
        <FormProblem errors={errors} />
        <Form method="post" className="form" noValidate>
          <KindFields values={actionData?.values ?? kindValues(kind)} errors={errors} />
          <div className="row">
            <button type="submit" className="button" disabled={busy}>
              Save session kind
            </button>
            <Link to="/admin/kinds" className="button button-secondary">
              Cancel
            </Link>
          </div>
        </Form>
      </section>
    </>
  );
}
