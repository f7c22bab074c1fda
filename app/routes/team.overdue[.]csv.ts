/**
 * GET /team/overdue.csv — every overdue module in the team the overdue list shows (same filters),
 * the most overdue first: whose, which, the due day and how many days late.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload } from "~/csv.server";
import { overdueTable } from "~/domain/exports";
import { dayOf } from "~/domain/time";
import { everyOverdueItem, teamView } from "~/models/team-matrix.server";
import { requirePermission } from "~/permissions.server";
import { readQuery, TeamFilterSchema } from "~/schemas/team";

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "team:view");
  const { db, now } = args.context;
  const { scope } = await teamView(db, viewer, readQuery(TeamFilterSchema, args.request));
  const { header, rows } = overdueTable(await everyOverdueItem(db, viewer, now, scope));
  return csvDownload(["overdue-training", dayOf(now, viewer.timeZone)], header, rows);
}
