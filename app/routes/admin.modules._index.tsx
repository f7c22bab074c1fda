import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminHeader } from "~/components/admin-nav";
import { TableRegion } from "~/components/table-region";
import { modulesWithUse } from "~/models/modules.server";
import { requirePermission } from "~/permissions.server";

export const meta: MetaFunction = () => [{ title: "Modules · Admin · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:company");
  return { modules: await modulesWithUse(context.db, context.now) };
}

export default function Modules() {
  const { modules } = useLoaderData<typeof loader>();
  const inUse = modules.filter((m) => m.active);
  const retired = modules.filter((m) => !m.active);

  return (
    <>
      <AdminHeader
        title="Service modules"
        lead="The service curriculum: what each module asks of people, how it is completed and how long it lasts."
        actions={
          <Link to="/admin/modules/new" className="button">
            Add a module
          </Link>
        }
      />

      {modules.length === 0 ? (
        <div className="empty">
          <strong>No modules yet</strong>
          <p>
            Add the first module — for example "Hear the customer: call-line listen-in", completed by two attended
            listen-ins with a reflection on each.
          </p>
        </div>
      ) : (
        <TableRegion label="Service modules">
          <table className="table-stack">
            <thead>
              <tr>
                <th scope="col">Module</th>
                <th scope="col">Completion rule</th>
                <th scope="col">Holders</th>
                <th scope="col">Still assigned</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {[...inUse, ...retired].map((m) => (
                <tr key={m.id}>
                  <th scope="row" className="admin-wrap">
                    <Link to={`/admin/modules/${m.id}`}>{m.title}</Link>
                    {m.summary ? <div className="item-meta">{m.summary}</div> : null}
                  </th>
                  <td data-label="Completion rule" className="admin-wrap">
                    {m.rule}
                  </td>
                  <td data-label="Holders">{m.holders.toLocaleString("en")}</td>
                  <td data-label="Still assigned">{m.openAssignments.toLocaleString("en")}</td>
                  <td data-label="Status">
                    <div className="badge-row">
                      {m.core ? <span className="badge badge-brand">Core</span> : null}
                      {m.active ? (
                        <span className="badge badge-ok">In use</span>
                      ) : (
                        <span className="badge">Switched off</span>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}
