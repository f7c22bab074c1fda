/**
 * POST /admin/people/import/rejected.csv — the lines of a staff file that an import left out, as
 * a CSV file to fix: the file's own header and values, and a "problem" column saying what is wrong.
 * The page posts the file back (nothing of it is kept on the server), and the lines are found by
 * checking it again against the directory; the answer is only a download, never imported. For admins.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireUser } from "~/auth.server";
import { csvDownload } from "~/csv.server";
import { can, refusalFor } from "~/domain/permissions";
import { dayOf } from "~/domain/time";
import { rejectedLinesReport } from "~/models/staff-import.server";

/** Opened as an address (a reload, a bookmark), it has no file to read: back to the import. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser({ request, context });
  return redirect("/admin/people/import");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireUser({ request, context });
  if (!can(viewer, "admin:company")) return plain(refusalFor("admin:company"), 403);
  const form = await request.formData();
  const text = String(form.get("csv") ?? "").replace(/\r\n?/g, "\n");
  const report = await rejectedLinesReport(context.db, { text, importerId: viewer.id });
  if (!report)
    return plain(
      "This file can't be read as a staff directory, so there are no rows to list. Check it on the import page.",
      400,
    );
  return csvDownload(["staff-import-rejected-rows", dayOf(context.now, viewer.timeZone)], report.header, report.rows);
}

function plain(text: string, status: number) {
  return new Response(`${text}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}
