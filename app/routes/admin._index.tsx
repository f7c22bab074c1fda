import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth.server";
import { getDb } from "~/db.server";
import { companyOverview } from "~/models/admin.server";

export const meta: MetaFunction = () => [{ title: "Company overview · Frontline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return companyOverview(getDb(), Date.now());
}

export default function AdminOverview() {
  const overview = useLoaderData<typeof loader>();
  const totals = overview.departments.reduce(
    (t, d) => ({
      people: t.people + d.people,
      open: t.open + d.open,
      overdue: t.overdue + d.overdue,
      completed: t.completed + d.completed,
    }),
    { people: 0, open: 0, overdue: 0, completed: 0 },
  );
  const assigned = totals.open + totals.completed;

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">Admin</p>
          <h1>Company overview</h1>
          <p className="lead">How far every department has come in knowing first-hand how we serve our customers.</p>
        </div>
      </div>
      <div className="grid grid-3" style={{ marginBottom: "1.25rem" }}>
        <div className="card stat">
          <span className="stat-value">{totals.people}</span>
          <span className="stat-label">active people</span>
        </div>
        <div className="card stat">
          <span className="stat-value">{overview.upcomingSessions}</span>
          <span className="stat-label">upcoming sessions</span>
        </div>
        <div className="card stat">
          <span className="stat-value">{assigned === 0 ? "—" : `${Math.round((totals.completed / assigned) * 100)}%`}</span>
          <span className="stat-label">of assigned modules done</span>
        </div>
        <div className="card stat">
          <span className="stat-value">{totals.overdue}</span>
          <span className="stat-label">modules overdue</span>
        </div>
      </div>
      <section aria-labelledby="departments-heading">
        <h2 id="departments-heading">Departments</h2>
        {overview.departments.length === 0 ? (
          <div className="empty">
            <strong>No departments yet</strong>
            <p>Add the company's departments first, then its people.</p>
          </div>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Department</th>
                  <th scope="col">Kind</th>
                  <th scope="col">People</th>
                  <th scope="col">Hosts</th>
                  <th scope="col">Modules done</th>
                  <th scope="col">Open</th>
                  <th scope="col">Overdue</th>
                </tr>
              </thead>
              <tbody>
                {overview.departments.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">{d.name}</th>
                    <td>
                      {d.kind === "customer_facing" ? (
                        <span className="badge badge-brand">Customer-facing</span>
                      ) : (
                        <span className="badge">Back-office</span>
                      )}
                    </td>
                    <td>{d.people}</td>
                    <td>{d.hosts}</td>
                    <td>{d.completed}</td>
                    <td>{d.open}</td>
                    <td>{d.overdue > 0 ? <span className="badge badge-danger">{d.overdue} overdue</span> : "0"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
