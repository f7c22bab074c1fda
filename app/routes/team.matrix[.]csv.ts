/**
 * GET /team/matrix.csv — the team matrix as a spreadsheet: everyone the team page's filters show
 * (every page of them, not only the 25 on screen), a row each, with every module's standing and
 * due day. For the same people as the page: a manager's own reports, or an admin's department.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload } from "~/csv.server";
import { matrixTable } from "~/domain/exports";
import { dayOf } from "~/domain/time";
import { teamMatrixForExport, teamView } from "~/models/team-matrix.server";
import { requirePermission } from "~/permissions.server";
import { readQuery, TeamFilterSchema } from "~/schemas/team";

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "team:view");
  const { db, now } = args.context;
  const { scope } = await teamView(db, viewer, readQuery(TeamFilterSchema, args.request));
  const { header, rows } = matrixTable(await teamMatrixForExport(db, viewer, now, scope));
  return csvDownload(["team-training", dayOf(now, viewer.timeZone)], header, rows);
}
