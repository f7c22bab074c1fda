import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { EmptyList, FilterButtons } from "~/components/admin-lists";
import { AdminHeader } from "~/components/admin-nav";
import { DownloadCsv } from "~/components/download-csv";
import { ListLink } from "~/components/list-link";
import { Pager } from "~/components/pager";
import { TableRegion } from "~/components/table-region";
import { ROLE_LABELS } from "~/domain/access";
import {
  PEOPLE_ROLE_FILTERS,
  PEOPLE_STATUS_FILTERS,
  peopleSearchFrom,
  rolesFromFlags,
  type PeopleRoleFilter,
  type PeopleStatusFilter,
} from "~/domain/directory";
import { departmentOptions } from "~/models/departments.server";
import { searchPeople } from "~/models/people.server";
import { requirePermission } from "~/permissions.server";
import { everyOne } from "~/domain/counting";

export const meta: MetaFunction = () => [{ title: "People · Admin · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:company");
  const search = peopleSearchFrom(new URL(request.url).searchParams);
  const [result, departments] = await Promise.all([searchPeople(context.db, search), departmentOptions(context.db)]);
  return { search, result, departments };
}

const ROLE_FILTER_LABELS: Record<PeopleRoleFilter, string> = {
  host: "Hosts",
  manager: "Managers",
  admin: "Admins",
  employee_only: "Employees only",
};
const STATUS_LABELS: Record<PeopleStatusFilter, string> = {
  active: "Active",
  inactive: "Switched off",
  all: "Everyone",
};

export default function People() {
  const { search, result, departments } = useLoaderData<typeof loader>();
  const filtered = Boolean(
    search.q || search.departmentId || search.managerId || search.role || search.status !== "active",
  );
  const queryFor = (page: number) => {
    const params = new URLSearchParams();
    if (search.q) params.set("q", search.q);
    if (search.departmentId) params.set("department", String(search.departmentId));
    if (search.managerId) params.set("manager", String(search.managerId));
    if (search.role) params.set("role", search.role);
    if (search.status !== "active") params.set("status", search.status);
    if (page > 1) params.set("page", String(page));
    const query = params.toString();
    return query ? `?${query}` : "";
  };
  const hrefFor = (page: number) => `/admin/people${queryFor(page)}`;

  return (
    <>
      <AdminHeader
        title="People"
        lead="The company directory: who works where, who they report to and what they do in Frontline."
        actions={
          <div className="row">
            <Link to="/admin/people/import" className="button button-secondary">
              Import the staff directory
            </Link>
            <Link to="/admin/people/new" className="button">
              Add a person
            </Link>
          </div>
        }
      />

      <Form method="get" className="admin-filters card" role="search" aria-label="Find people">
        {search.managerId ? <input type="hidden" name="manager" value={search.managerId} /> : null}
        {result.reportingTo ? (
          <p className="admin-filters-note">
            Showing the people who report to{" "}
            <Link to={`/admin/people/${result.reportingTo.id}`}>{result.reportingTo.name}</Link>.
          </p>
        ) : null}
        <div className="field admin-filters-wide">
          <label htmlFor="q">Name or email</label>
          <input type="search" id="q" name="q" defaultValue={search.q} placeholder="e.g. Korhonen or emma@" />
        </div>
        <div className="field">
          <label htmlFor="department">Department</label>
          <select id="department" name="department" defaultValue={search.departmentId ?? ""}>
            <option value="">All departments</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="role">Role</label>
          <select id="role" name="role" defaultValue={search.role ?? ""}>
            <option value="">Any role</option>
            {PEOPLE_ROLE_FILTERS.map((r) => (
              <option key={r} value={r}>
                {ROLE_FILTER_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={search.status}>
            {PEOPLE_STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <FilterButtons label="Search" clearTo="/admin/people" filtered={filtered} />
      </Form>

      {result.total === 0 ? (
        <EmptyList
          filtered={filtered}
          noMatch={{
            title: "No one matches",
            text: "Try part of the name or email, another department, or Everyone under Status.",
          }}
          nothingYet={{
            title: "No people yet",
            text: "Add people one by one, or import the staff directory as a CSV file.",
          }}
        />
      ) : (
        <>
          <DownloadCsv
            href={`/admin/people/export.csv${queryFor(1)}`}
            what={`${everyOne(result.total, "person", "people")} ${filtered ? "matching these filters" : "in the directory"}, with their department, manager, roles and status.`}
          />
          <TableRegion label="People">
            <table className="table-stack">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Department</th>
                  <th scope="col">Manager</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((p) => (
                  <tr key={p.id}>
                    <th scope="row" className="admin-wrap">
                      <ListLink to={`/admin/people/${p.id}`}>{p.name}</ListLink>
                      <div className="item-meta">{p.email}</div>
                      {p.title ? <div className="item-meta">{p.title}</div> : null}
                    </th>
                    <td data-label="Department">{p.departmentName}</td>
                    <td data-label="Manager" className="admin-wrap">
                      {p.managerId && p.managerName ? (
                        <ListLink to={`/admin/people/${p.managerId}`}>{p.managerName}</ListLink>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td data-label="Roles">
                      <div className="badge-row">
                        {rolesFromFlags(p).length === 0 ? (
                          <span className="badge">{ROLE_LABELS.employee}</span>
                        ) : (
                          rolesFromFlags(p).map((r) => (
                            <span key={r} className={r === "admin" ? "badge badge-warn" : "badge badge-info"}>
                              {ROLE_LABELS[r]}
                            </span>
                          ))
                        )}
                      </div>
                    </td>
                    <td data-label="Status">
                      {p.active ? (
                        <span className="badge badge-ok">Active</span>
                      ) : (
                        <span className="badge">Switched off</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <Pager
            page={result.page}
            pages={result.pages}
            total={result.total}
            perPage={result.perPage}
            hrefFor={hrefFor}
            noun={result.total === 1 ? "person" : "people"}
          />
        </>
      )}
    </>
  );
}
