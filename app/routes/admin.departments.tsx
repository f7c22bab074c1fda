import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { redirectWithNotice, requireRole } from "~/auth.server";
import { AdminNav } from "~/components/admin-nav";
import { DepartmentFields, departmentValues, FormProblem, type FormErrors } from "~/components/directory-fields";
import { TableRegion } from "~/components/table-region";
import { getDb } from "~/db.server";
import { DEPARTMENT_KIND_LABELS, DepartmentForm, refusalErrors } from "~/domain/directory";
import { parseForm } from "~/forms";
import { createDepartment, departmentsWithHeadcount, updateDepartment } from "~/models/directory.server";

export const meta: MetaFunction = () => [{ title: "Departments · Admin · Frontline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const edit = Number(new URL(request.url).searchParams.get("edit"));
  const departments = await departmentsWithHeadcount(getDb());
  const editing = Number.isInteger(edit) && edit > 0 ? (departments.find((d) => d.id === edit) ?? null) : null;
  return { departments, editing };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "admin");
  const formData = await request.formData();
  const intent = formData.get("intent") === "update" ? "update" : "create";
  const parsed = parseForm(DepartmentForm, formData);
  if (!parsed.ok) return data({ intent, errors: parsed.errors as FormErrors, values: parsed.values }, { status: 400 });

  const now = Date.now();
  const result =
    intent === "update"
      ? await updateDepartment(getDb(), {
          id: Number(formData.get("id")),
          department: parsed.data,
          actorId: viewer.id,
          now,
        })
      : await createDepartment(getDb(), {
          department: parsed.data,
          actorId: viewer.id,
          now,
        });
  if (!result.ok) {
    return data(
      {
        intent,
        errors: refusalErrors(result.reason) as FormErrors,
        values: parsed.values,
      },
      { status: 400 },
    );
  }
  return redirectWithNotice(request, "/admin/departments", {
    tone: "ok",
    message:
      intent === "update" ? `Saved the ${result.saved.name} department.` : `Added the ${result.saved.name} department.`,
  });
}

export default function Departments() {
  const { departments, editing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";
  const errors: FormErrors = actionData?.errors ?? {};
  const people = departments.reduce((n, d) => n + d.active, 0);

  return (
    <>
      <AdminNav />
      <div className="page-header">
        <div>
          <p className="eyebrow">Admin</p>
          <h1>Departments</h1>
          <p className="lead">
            {departments.length === 0
              ? "Add the company's departments first, then its people."
              : `${departments.length} departments, ${people.toLocaleString("en")} active people. Customer-facing departments host sessions; back-office people shadow them.`}
          </p>
        </div>
      </div>

      <div className="admin-split">
        <section aria-labelledby="list-heading">
          <h2 id="list-heading" className="visually-hidden">
            All departments
          </h2>
          {departments.length === 0 ? (
            <div className="empty">
              <strong>No departments yet</strong>
              <p>Add the first one with the form — for example Sales (customer-facing) or Accounting (back-office).</p>
            </div>
          ) : (
            <TableRegion label="Departments">
              <table className="table-stack">
                <thead>
                  <tr>
                    <th scope="col">Department</th>
                    <th scope="col">Kind</th>
                    <th scope="col">People</th>
                    <th scope="col">Hosts</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {departments.map((d) => (
                    <tr key={d.id} id={`department-${d.id}`} aria-current={editing?.id === d.id ? "true" : undefined}>
                      <th scope="row">
                        <Link to={`/admin/people?department=${d.id}`}>{d.name}</Link>
                        {d.description ? <div className="item-meta admin-wrap">{d.description}</div> : null}
                      </th>
                      <td data-label="Kind">
                        <span className={d.kind === "customer_facing" ? "badge badge-brand" : "badge"}>
                          {DEPARTMENT_KIND_LABELS[d.kind]}
                        </span>
                      </td>
                      <td data-label="People">
                        <div>
                          {d.active.toLocaleString("en")}
                          {d.inactive > 0 ? <div className="item-meta">+{d.inactive} switched off</div> : null}
                        </div>
                      </td>
                      <td data-label="Hosts">{d.hosts}</td>
                      <td className="table-stack-actions">
                        <Link
                          className="button button-secondary button-small"
                          to={`/admin/departments?edit=${d.id}`}
                          preventScrollReset
                          aria-label={`Edit ${d.name}`}
                        >
                          Edit
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
        </section>

        {editing ? (
          <section className="card" aria-labelledby="edit-heading">
            <h2 id="edit-heading">Edit {editing.name}</h2>
            <p className="muted small">
              Renaming keeps everyone in it. A change of kind changes who hosts and who shadows; nothing else moves.
            </p>
            <FormProblem errors={errors} />
            <Form
              method="post"
              action={`/admin/departments?edit=${editing.id}`}
              className="form"
              noValidate
              key={`edit-${editing.id}-${location.key}`}
            >
              <input type="hidden" name="intent" value="update" />
              <input type="hidden" name="id" value={editing.id} />
              <DepartmentFields values={actionData?.values ?? departmentValues(editing)} errors={errors} />
              <div className="row">
                <button type="submit" className="button" disabled={busy}>
                  Save department
                </button>
                <Link to="/admin/departments" className="button button-secondary">
                  Cancel
                </Link>
              </div>
            </Form>
          </section>
        ) : (
          <section className="card" aria-labelledby="add-heading">
            <h2 id="add-heading">Add a department</h2>
            <FormProblem errors={errors} />
            <Form method="post" action="/admin/departments" className="form" noValidate key={`add-${location.key}`}>
              <input type="hidden" name="intent" value="create" />
              <DepartmentFields values={actionData?.values ?? {}} errors={errors} />
              <button type="submit" className="button" disabled={busy}>
                Add department
              </button>
            </Form>
          </section>
        )}
      </div>
    </>
  );
}
