import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { AdminHeader } from "~/components/admin-nav";
import { redirectWithNotice } from "~/auth.server";
import { DepartmentForm } from "~/components/directory-forms";
import { TableRegion } from "~/components/table-region";
import { DEPARTMENT_KIND_LABELS } from "~/domain/directory";
import { submitDirectoryForm } from "~/directory-forms.server";
import { departmentsWithHeadcount, saveDepartment } from "~/models/departments.server";
import { requirePermission } from "~/permissions.server";
import { DepartmentFormSchema } from "~/schemas/admin";

export const meta: MetaFunction = () => [{ title: "Departments · Admin · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:company");
  const edit = Number(new URL(request.url).searchParams.get("edit"));
  const departments = await departmentsWithHeadcount(context.db);
  const editing = Number.isInteger(edit) && edit > 0 ? (departments.find((d) => d.id === edit) ?? null) : null;
  return { departments, editing };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  const form = await submitDirectoryForm(request, DepartmentFormSchema, ({ intent, id, ...department }) =>
    saveDepartment(context.db, {
      // No department has id 0, so an edit that names none is refused as one of a department gone.
      id: intent === "update" ? (id ?? 0) : undefined,
      department,
      actorId: viewer.id,
      now: context.now,
    }),
  );
  if (!form.ok) return form.response;
  const { name } = form.result.saved;
  return redirectWithNotice(request, "/admin/departments", {
    tone: "ok",
    message: form.value.intent === "update" ? `Saved the ${name} department.` : `Added the ${name} department.`,
  });
}

export default function Departments() {
  const { departments, editing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";
  const people = departments.reduce((n, d) => n + d.active, 0);

  return (
    <>
      <AdminHeader
        title="Departments"
        lead={
          departments.length === 0
            ? "Add the company's departments first, then its people."
            : `${departments.length} departments, ${people.toLocaleString("en")} active people. Customer-facing departments host sessions; back-office people shadow them.`
        }
      />

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
            <DepartmentForm
              key={`edit-${editing.id}-${location.key}`}
              id={`edit-department-${editing.id}`}
              action={`/admin/departments?edit=${editing.id}`}
              result={actionData?.result}
              defaultValue={editing}
            >
              <input type="hidden" name="intent" value="update" />
              <input type="hidden" name="id" value={editing.id} />
              <div className="row">
                <button type="submit" className="button" disabled={busy}>
                  Save department
                </button>
                <Link to="/admin/departments" className="button button-secondary">
                  Cancel
                </Link>
              </div>
            </DepartmentForm>
          </section>
        ) : (
          <section className="card" aria-labelledby="add-heading">
            <h2 id="add-heading">Add a department</h2>
            <DepartmentForm
              key={`add-${location.key}`}
              id="new-department"
              action="/admin/departments"
              result={actionData?.result}
              defaultValue={{ kind: "back_office" }}
            >
              <input type="hidden" name="intent" value="create" />
              <button type="submit" className="button" disabled={busy}>
                Add department
              </button>
            </DepartmentForm>
          </section>
        )}
      </div>
    </>
  );
}
