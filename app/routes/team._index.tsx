import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DownloadCsv } from "~/components/download-csv";
import { OverdueList } from "~/components/overdue-list";
import { MatrixTable } from "~/components/team-matrix";
import { STANDING_LABELS, type ModuleStanding } from "~/domain/completion";
import { STANDING_TONES } from "~/domain/team";
import { requirePermission } from "~/permissions.server";
import { MATRIX_PAGE_SIZE, teamMatrix, teamView } from "~/models/team-matrix.server";
import { readQuery, TeamFilterSchema, teamFilterQuery } from "~/schemas/team";
import { everyOne } from "~/domain/counting";

export const meta: MetaFunction = () => [{ title: "Team · Frontline" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "team:view");
  const { db, now } = args.context;
  const filter = readQuery(TeamFilterSchema, args.request);
  const { reports, departments, scope } = await teamView(db, viewer, filter);
  const matrix = await teamMatrix(db, viewer, now, { ...scope, page: filter.page ?? 1 });
  return {
    isAdmin: viewer.isAdmin,
    reports,
    filter: scope,
    departments,
    matrix,
    pageSize: MATRIX_PAGE_SIZE,
  };
}

const LEGEND: { standing: ModuleStanding; meaning: string }[] = [
  { standing: "done", meaning: "met the rule" },
  { standing: "expires_soon", meaning: "done, runs out within 30 days" },
  { standing: "due", meaning: "open, not late yet" },
  { standing: "overdue", meaning: "open, past the due day" },
  { standing: "expired", meaning: "done once, needs renewing" },
];

export default function Team() {
  const { isAdmin, reports, filter, departments, matrix, pageSize } = useLoaderData<typeof loader>();
  const { stats } = matrix;
  const percent = stats.required === 0 ? null : Math.round((stats.done / stats.required) * 100);
  const department = departments.find((d) => d.id === filter.departmentId);
  const viewingDepartmentAsAdmin = isAdmin && department !== undefined;
  const heading = viewingDepartmentAsAdmin ? `${department.name}: training` : "Your team's training";
  const pageLink = (page: number) => teamFilterQuery(filter, page);

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">Team</p>
          <h1>{heading}</h1>
          <p className="lead">
            {stats.people === 0
              ? "Nobody to show yet."
              : `${stats.people === 1 ? "1 person" : `${stats.people} people`} · ${stats.done} of ${stats.required} modules done${stats.overdue > 0 ? ` · ${stats.overdue} overdue` : ""}.`}
          </p>
        </div>
        <Link to="/team/assign" className="button">
          Assign a module
        </Link>
      </div>

      {reports > 0 || isAdmin ? (
        <Form method="get" className="team-filter card" aria-label="Whose progress to show">
          <div className="field">
            <label htmlFor="department">Department</label>
            <select id="department" name="department" defaultValue={filter.departmentId ?? ""}>
              {isAdmin ? (
                reports > 0 ? (
                  <option value="">Your reports</option>
                ) : null
              ) : (
                <option value="">All departments</option>
              )}
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.people === 1 ? "1 person" : `${d.people} people`})
                </option>
              ))}
            </select>
          </div>
          {reports > 0 ? (
            <label className="checkbox">
              <input type="checkbox" name="direct" value="1" defaultChecked={filter.directOnly} />
              Direct reports only
            </label>
          ) : null}
          <button type="submit" className="button button-secondary">
            Show
          </button>
        </Form>
      ) : null}

      {stats.people === 0 ? (
        <div className="empty">
          {reports === 0 && !isAdmin ? (
            <>
              <strong>Nobody reports to you yet</strong>
              <p>
                When people are added with you as their manager, their training shows up here. Ask an admin to update
                the reporting line in the staff directory.
              </p>
            </>
          ) : (
            <>
              <strong>Nobody matches this choice</strong>
              <p>
                No active people {filter.directOnly ? "report to you directly" : "are in view"}
                {department ? ` in ${department.name}` : ""}. <Link to="/team">Show your whole team</Link>.
              </p>
            </>
          )}
        </div>
      ) : (
        <>
          <div className="grid team-stats" style={{ marginBottom: "1.25rem" }}>
            <div className="card stat">
              <span className="stat-value">{stats.people}</span>
              <span className="stat-label">{stats.people === 1 ? "person" : "people"} in view</span>
            </div>
            <div className="card stat">
              <span className="stat-value">{percent === null ? "—" : `${percent}%`}</span>
              <span className="stat-label">
                of required modules done ({stats.done} of {stats.required})
              </span>
            </div>
            <div className="card stat">
              <span className={`stat-value${stats.overdue > 0 ? " stat-danger" : ""}`}>{stats.overdue}</span>
              <span className="stat-label">overdue</span>
            </div>
            <div className="card stat">
              <span className="stat-value">{stats.dueSoon}</span>
              <span className="stat-label">due in the next 14 days</span>
            </div>
            <div className="card stat">
              <span className="stat-value">{stats.expiresSoon + stats.expired}</span>
              <span className="stat-label">expiring soon or expired</span>
            </div>
          </div>

          <section className="card" aria-labelledby="overdue-heading" style={{ marginBottom: "1.25rem" }}>
            <div className="card-header">
              <h2 id="overdue-heading">Overdue</h2>
              {stats.overdue > 0 ? <span className="badge badge-danger">{stats.overdue} overdue</span> : null}
            </div>
            {matrix.overdue.length === 0 ? (
              <p className="muted">Nothing is overdue — everyone in view is on time.</p>
            ) : (
              <OverdueList items={matrix.overdue} />
            )}
            {stats.overdue > matrix.overdue.length ? (
              <p className="team-more">
                <span className="small muted">
                  The {matrix.overdue.length} most overdue of {stats.overdue}.
                </span>{" "}
                <Link to={`/team/overdue${teamFilterQuery(filter)}`} className="button button-secondary button-small">
                  Show all {stats.overdue} overdue
                </Link>
              </p>
            ) : null}
          </section>

          {/* Not a region of its own: the table's scrolling frame is the one region of this name. */}
          <section className="matrix-section">
            <div className="card-header">
              <h2 id="matrix-heading">Progress by person</h2>
              {matrix.pages > 1 ? (
                <span className="small muted">
                  Page {matrix.page} of {matrix.pages}
                </span>
              ) : null}
            </div>
            <ul className="matrix-legend" aria-label="What the words mean">
              {LEGEND.map((entry) => (
                <li key={entry.standing}>
                  <span className={`badge badge-${STANDING_TONES[entry.standing]}`}>
                    {STANDING_LABELS[entry.standing]}
                  </span>{" "}
                  <span className="small muted">{entry.meaning}</span>
                </li>
              ))}
              {/* Only the grid has empty cells; a phone's cards list just the modules a person holds. */}
              <li className="matrix-legend-none">
                <span className="badge matrix-none-badge">—</span> <span className="small muted">not assigned</span>
              </li>
            </ul>
            {matrix.columns.length === 0 ? (
              <div className="empty">
                <strong>No modules to track yet</strong>
                <p>
                  Nobody in view has a module assigned, and no module is core.{" "}
                  <Link to="/team/assign">Assign a module</Link> to get started.
                </p>
              </div>
            ) : (
              <>
                <DownloadCsv
                  href={`/team/matrix.csv${teamFilterQuery(filter)}`}
                  what={`${everyOne(stats.people, "person", "people")} in view${matrix.pages > 1 ? ", not only this page" : ""}: every module with its standing and due day.`}
                />
                <MatrixTable matrix={matrix} label="Progress by person" />
              </>
            )}
            {matrix.pages > 1 ? (
              <nav className="team-pager" aria-label="Pages of people">
                {matrix.page > 1 ? (
                  <Link to={pageLink(matrix.page - 1)} className="button button-secondary button-small">
                    Previous people
                  </Link>
                ) : null}
                <span className="small muted">
                  People {(matrix.page - 1) * pageSize + 1}–{(matrix.page - 1) * pageSize + matrix.rows.length} of{" "}
                  {matrix.totalPeople}
                </span>
                {matrix.page < matrix.pages ? (
                  <Link to={pageLink(matrix.page + 1)} className="button button-secondary button-small">
                    Next people
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </section>
        </>
      )}
    </>
  );
}
