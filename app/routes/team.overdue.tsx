import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DownloadCsv } from "~/components/download-csv";
import { OverdueList } from "~/components/overdue-list";
import { Pager } from "~/components/pager";
import { requirePermission } from "~/permissions.server";
import { OVERDUE_PAGE_SIZE, overduePage, teamView } from "~/models/team-matrix.server";
import { readQuery, TeamFilterSchema, teamFilterQuery } from "~/schemas/team";
import { everyOne } from "~/domain/counting";

export const meta: MetaFunction = () => [{ title: "Overdue · Team · Frontline" }];

/** Everything overdue in the team the matrix shows (same filter), a page at a time. */
export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "team:view");
  const { db, now } = args.context;
  const filter = readQuery(TeamFilterSchema, args.request);
  const { departments, scope } = await teamView(db, viewer, filter);
  const overdue = await overduePage(db, viewer, now, scope, filter.page ?? 1);
  const department = departments.find((d) => d.id === scope.departmentId) ?? null;
  return { isAdmin: viewer.isAdmin, filter: scope, department, overdue, pageSize: OVERDUE_PAGE_SIZE };
}

export default function TeamOverdue() {
  const { isAdmin, filter, department, overdue, pageSize } = useLoaderData<typeof loader>();
  const { items, total, page, pages } = overdue;
  const heading = isAdmin && department ? `${department.name}: overdue training` : "Overdue training";
  const teamLink = `/team${teamFilterQuery(filter)}`;

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">
            <Link to={teamLink}>Team</Link>
          </p>
          <h1>{heading}</h1>
          <p className="lead">
            {total === 0
              ? "Nothing is overdue."
              : `${total === 1 ? "1 module is" : `${total} modules are`} past the due day${filter.directOnly ? " among your direct reports" : ""}${department ? ` in ${department.name}` : ""}, the most overdue first.`}
          </p>
        </div>
        <Link to="/team/assign" className="button">
          Assign a module
        </Link>
      </div>

      <section className="card" aria-labelledby="overdue-heading">
        <div className="card-header">
          <h2 id="overdue-heading">Overdue</h2>
          {total > 0 ? <span className="badge badge-danger">{total} overdue</span> : null}
        </div>
        {total > 0 ? (
          <DownloadCsv
            href={`/team/overdue.csv${teamFilterQuery(filter)}`}
            what={`${everyOne(total, "overdue module", "overdue modules")}, with the person, the due day and how many days overdue.`}
          />
        ) : null}
        {items.length === 0 ? (
          <div className="empty">
            <strong>Nothing is overdue</strong>
            <p>
              Everyone in view is on time. <Link to={teamLink}>Back to the team</Link>.
            </p>
          </div>
        ) : (
          <OverdueList items={items} />
        )}
        <Pager
          page={page}
          pages={pages}
          total={total}
          perPage={pageSize}
          hrefFor={(to) => teamFilterQuery(filter, to)}
          noun="overdue"
        />
      </section>
    </>
  );
}
