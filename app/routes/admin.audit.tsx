import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { EmptyList, FilterButtons } from "~/components/admin-lists";
import { AdminHeader } from "~/components/admin-nav";
import { DownloadCsv } from "~/components/download-csv";
import { Pager } from "~/components/pager";
import { TableRegion } from "~/components/table-region";
import {
  actionLabel,
  AUDIT_ENTITY_LABELS,
  AUDIT_ENTITY_TYPES,
  auditEntityPath,
  auditFiltersFrom,
  auditQueryOf,
  isAuditEntityType,
  type AuditFilters,
} from "~/domain/audit";
import { formatDateTime, zoneLabel } from "~/domain/time";
import { auditActions, auditLogPage } from "~/models/admin.server";
import { requirePermission } from "~/permissions.server";
import { everyOne } from "~/domain/counting";

export const meta: MetaFunction = () => [{ title: "Audit log · Admin · Frontline" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  const filters = auditFiltersFrom(new URL(request.url).searchParams);
  const [log, actions] = await Promise.all([
    auditLogPage(context.db, auditQueryOf(filters, viewer.timeZone)),
    auditActions(context.db),
  ]);
  return { filters, log, actions, timeZone: viewer.timeZone, now: context.now };
}

function queryWith(filters: AuditFilters, page: number): string {
  const params = new URLSearchParams();
  if (filters.entityType) params.set("type", filters.entityType);
  if (filters.action) params.set("action", filters.action);
  if (filters.actor) params.set("actor", filters.actor);
  if (filters.entityId !== null) params.set("entityId", String(filters.entityId));
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "";
}

function hrefWith(filters: AuditFilters, page: number): string {
  return `/admin/audit${queryWith(filters, page)}`;
}

export default function AuditLog() {
  const { filters, log, actions, timeZone, now } = useLoaderData<typeof loader>();
  const filtered = Boolean(
    filters.entityType || filters.action || filters.actor || filters.entityId !== null || filters.from || filters.to,
  );

  return (
    <>
      <AdminHeader
        title="Audit log"
        lead={
          <>
            Every change to bookings, sessions, assignments, completions and the directory: who made it and when, newest
            first. Times are in your zone ({zoneLabel(now, timeZone)}).
          </>
        }
      />

      <Form method="get" className="admin-filters card" role="search" aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="type">Record</label>
          <select id="type" name="type" defaultValue={filters.entityType ?? ""}>
            <option value="">All records</option>
            {AUDIT_ENTITY_TYPES.map((t) => (
              <option key={t} value={t}>
                {AUDIT_ENTITY_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="action">Action</label>
          <select id="action" name="action" defaultValue={filters.action ?? ""}>
            <option value="">All actions</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </div>
        <div className="field admin-filters-wide">
          <label htmlFor="actor">Who (name or email)</label>
          <input type="search" id="actor" name="actor" defaultValue={filters.actor ?? ""} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="entityId">Record number</label>
          <input
            type="number"
            inputMode="numeric"
            min={1}
            id="entityId"
            name="entityId"
            defaultValue={filters.entityId ?? ""}
          />
        </div>
        <div className="field">
          <label htmlFor="from">From</label>
          <input type="date" id="from" name="from" defaultValue={filters.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="to">Until (included)</label>
          <input type="date" id="to" name="to" defaultValue={filters.to ?? ""} />
        </div>
        <FilterButtons label="Filter" clearTo="/admin/audit" filtered={filtered} />
      </Form>

      {log.total === 0 ? (
        <EmptyList
          filtered={filtered}
          noMatch={{ title: "Nothing matches these filters", text: "Widen the dates, or clear a filter." }}
          nothingYet={{
            title: "Nothing has happened yet",
            text: "Changes to bookings, sessions, training and the directory appear here as they happen.",
          }}
        />
      ) : (
        <>
          <DownloadCsv
            href={`/admin/audit.csv${queryWith(filters, 1)}`}
            what={`${everyOne(log.total, "entry", "entries")} ${filtered ? "matching these filters" : "in the log"}, with times in your zone and in UTC.`}
          />
          <TableRegion label="Audit log entries">
            <table className="table-stack">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Record</th>
                </tr>
              </thead>
              <tbody>
                {log.rows.map((entry) => {
                  const path = auditEntityPath(entry.entityType, entry.entityId);
                  const label = isAuditEntityType(entry.entityType)
                    ? AUDIT_ENTITY_LABELS[entry.entityType]
                    : entry.entityType;
                  return (
                    <tr key={entry.id}>
                      <td data-label="When">
                        <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(entry.at, timeZone)}</time>
                      </td>
                      <td data-label="Who" className="admin-wrap">
                        {entry.actorId && entry.actorName ? (
                          <div>
                            <Link to={`/admin/people/${entry.actorId}`}>{entry.actorName}</Link>
                            <div className="item-meta">{entry.actorEmail}</div>
                          </div>
                        ) : (
                          <span className="muted">Frontline (automatic)</span>
                        )}
                      </td>
                      <td data-label="What" className="admin-wrap audit-summary">
                        <div>
                          <span className="badge">{actionLabel(entry.action)}</span>
                          <div>{entry.summary}</div>
                        </div>
                      </td>
                      <td data-label="Record">
                        {path ? (
                          <Link to={path}>{`${label} ${entry.entityId}`}</Link>
                        ) : (
                          <span>{entry.entityId !== null ? `${label} ${entry.entityId}` : label}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableRegion>
          <Pager
            page={log.page}
            pages={log.pages}
            total={log.total}
            perPage={log.perPage}
            hrefFor={(page) => hrefWith(filters, page)}
            noun={log.total === 1 ? "entry" : "entries"}
          />
        </>
      )}
    </>
  );
}
