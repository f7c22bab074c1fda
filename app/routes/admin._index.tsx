import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminHeader } from "~/components/admin-nav";
import { TableRegion } from "~/components/table-region";
import { adminAreaCounts, companyOverview, coreModuleCoverage } from "~/models/admin.server";
import { countByState } from "~/models/mail/outbox.server";
import { requirePermission } from "~/permissions.server";

export const meta: MetaFunction = () => [{ title: "Company overview · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:company");
  const { db, now } = context;
  const [overview, areas, coverage, mail] = await Promise.all([
    companyOverview(db, now),
    adminAreaCounts(db),
    coreModuleCoverage(db, now),
    countByState(db),
  ]);
  return { ...overview, areas, coverage, mail };
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
  const { areas, coverage, mail } = overview;

  return (
    <>
      <AdminHeader
        title="Company overview"
        lead="How far every department has come in knowing first-hand how we serve our customers."
      />
      {mail.failed > 0 ? (
        <div className="notice notice-error">
          <p>
            {mail.failed === 1
              ? "1 message could not be sent: every try failed."
              : `${mail.failed.toLocaleString("en")} messages could not be sent: every try failed.`}{" "}
            <Link to="/admin/outbox?state=failed">See the failed messages in the Outbox</Link>
          </p>
        </div>
      ) : null}
      <div className="grid stat-grid">
        <div className="card stat">
          <span className="stat-value">{totals.people}</span>
          <span className="stat-label">active people</span>
        </div>
        <div className="card stat">
          <span className="stat-value">{overview.upcomingSessions}</span>
          <span className="stat-label">upcoming sessions</span>
        </div>
        <div className="card stat">
          <span className="stat-value">
            {assigned === 0 ? "—" : `${Math.round((totals.completed / assigned) * 100)}%`}
          </span>
          <span className="stat-label">of assigned modules done</span>
        </div>
        <div className="card stat">
          <span className="stat-value">{totals.overdue}</span>
          <span className="stat-label">modules overdue</span>
        </div>
      </div>
      {coverage.modules.length > 0 ? (
        <section aria-labelledby="coverage-heading" className="card admin-coverage">
          <h2 id="coverage-heading">Core modules across the company</h2>
          <p className="muted small">Everyone must hold these. Share of active people who hold each one today.</p>
          <ul className="list">
            {coverage.modules.map((m) => {
              const share = coverage.activePeople === 0 ? 0 : Math.round((m.holders / coverage.activePeople) * 100);
              return (
                <li key={m.id}>
                  <div className="row admin-coverage-row">
                    <Link to={`/admin/modules/${m.id}`} className="item-title">
                      {m.title}
                    </Link>
                    <span className="item-meta">
                      {m.holders.toLocaleString("en")} of {coverage.activePeople.toLocaleString("en")} people · {share}%
                    </span>
                  </div>
                  <div
                    className="meter"
                    role="img"
                    aria-label={`${m.holders} of ${coverage.activePeople} active people hold ${m.title}`}
                  >
                    <span style={{ width: `${share}%` }} />
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="departments-heading">
        <h2 id="departments-heading">Departments</h2>
        {overview.departments.length === 0 ? (
          <div className="empty">
            <strong>No departments yet</strong>
            <p>Add the company's departments first, then its people.</p>
          </div>
        ) : (
          <TableRegion label="Departments and their training">
            <table className="admin-department-table">
              <thead>
                <tr>
                  <th scope="col">Department</th>
                  <th scope="col" className="admin-number">
                    People
                  </th>
                  <th scope="col" className="admin-number">
                    Hosts
                  </th>
                  <th scope="col" className="admin-number">
                    Modules done
                  </th>
                  <th scope="col" className="admin-number">
                    Open
                  </th>
                  <th scope="col" className="admin-number">
                    Overdue
                  </th>
                </tr>
              </thead>
              <tbody>
                {overview.departments.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      <div className="admin-department">
                        <Link to={`/admin/people?department=${d.id}`}>{d.name}</Link>
                        {d.kind === "customer_facing" ? (
                          <span className="badge badge-brand">Customer-facing</span>
                        ) : (
                          <span className="badge">Back-office</span>
                        )}
                      </div>
                    </th>
                    <td className="admin-number" data-label="People">
                      {d.people}
                    </td>
                    <td className="admin-number" data-label="Hosts">
                      {d.hosts}
                    </td>
                    <td className="admin-number" data-label="Done">
                      {d.completed}
                    </td>
                    <td className="admin-number" data-label="Open">
                      {d.open}
                    </td>
                    <td className="admin-number" data-label="Overdue">
                      {d.overdue > 0 ? <span className="badge badge-danger">{d.overdue}</span> : "0"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      </section>
      <section aria-labelledby="areas-heading" className="admin-areas">
        <h2 id="areas-heading">Run Frontline</h2>
        <ul className="admin-area-cards">
          <li className="card admin-area-card">
            <h3>
              <Link to="/admin/people">People</Link>
            </h3>
            <p className="item-meta">
              {areas.activePeople.toLocaleString("en")} active
              {areas.people > areas.activePeople
                ? `, ${(areas.people - areas.activePeople).toLocaleString("en")} switched off`
                : ""}
            </p>
            <p className="small">Find anyone, change their roles, manager or department, or switch them off.</p>
            <p className="small">
              <Link to="/admin/people/import">Import the staff directory</Link>
            </p>
          </li>
          <li className="card admin-area-card">
            <h3>
              <Link to="/admin/departments">Departments</Link>
            </h3>
            <p className="item-meta">{areas.departments} departments</p>
            <p className="small">
              Add and rename departments; say which face customers and which work in the back office.
            </p>
          </li>
          <li className="card admin-area-card">
            <h3>
              <Link to="/admin/kinds">Session kinds</Link>
            </h3>
            <p className="item-meta">{areas.kinds} offered</p>
            <p className="small">Sales calls, installs, listen-ins and whatever else shadows may join.</p>
          </li>
          <li className="card admin-area-card">
            <h3>
              <Link to="/admin/modules">Modules</Link>
            </h3>
            <p className="item-meta">
              {areas.modules} in use, {areas.coreModules} core
            </p>
            <p className="small">The service curriculum: guides and the rule that completes each module.</p>
          </li>
          <li className="card admin-area-card">
            <h3>
              <Link to="/admin/outbox">Outbox</Link>
            </h3>
            <p className="item-meta">
              {mail.failed > 0
                ? `${mail.failed.toLocaleString("en")} failed, ${mail.pending.toLocaleString("en")} waiting`
                : `${mail.pending.toLocaleString("en")} waiting`}
            </p>
            <p className="small">
              Every message Frontline writes: read one, download its invite, send a failed one again.
            </p>
          </li>
          <li className="card admin-area-card">
            <h3>
              <Link to="/admin/audit">Audit log</Link>
            </h3>
            <p className="item-meta">Every change, who and when</p>
            <p className="small">Filter by record, action, person and dates.</p>
          </li>
        </ul>
      </section>
    </>
  );
}
