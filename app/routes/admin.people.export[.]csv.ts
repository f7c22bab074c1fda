/**
 * GET /admin/people/export.csv — the staff directory as a spreadsheet: everyone the directory's
 * filters find (every page of them), in the page's order. For admins, as the directory is.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload } from "~/csv.server";
import { peopleSearchFrom } from "~/domain/directory";
import { peopleTable } from "~/domain/exports";
import { dayOf } from "~/domain/time";
import { everyPersonFound } from "~/models/people.server";
import { requirePermission } from "~/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  const search = peopleSearchFrom(new URL(request.url).searchParams);
  const { header, rows } = peopleTable(await everyPersonFound(context.db, search));
  return csvDownload(["people", dayOf(context.now, viewer.timeZone)], header, rows);
}
