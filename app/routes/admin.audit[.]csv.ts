/**
 * GET /admin/audit.csv — the audit log as a spreadsheet: every entry the page's filters find,
 * newest first, each time in the admin's zone and in ISO UTC. For admins, as the log is.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload } from "~/csv.server";
import { auditFiltersFrom, auditQueryOf } from "~/domain/audit";
import { auditTable } from "~/domain/exports";
import { dayOf } from "~/domain/time";
import { auditLogEntries } from "~/models/audit.server";
import { requirePermission } from "~/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  const filters = auditFiltersFrom(new URL(request.url).searchParams);
  const entries = await auditLogEntries(context.db, auditQueryOf(filters, viewer.timeZone));
  const { header, rows } = auditTable(entries, viewer.timeZone);
  return csvDownload(["audit-log", dayOf(context.now, viewer.timeZone)], header, rows);
}
