import { csvFileName, csvText, type CsvValue } from "~/domain/csv-export";

/**
 * A CSV download: the table as ./domain/csv-export writes it, sent as an attachment that is
 * never cached (it holds people's names and training).
 */
export function csvDownload(
  name: readonly string[],
  header: readonly string[],
  rows: readonly (readonly CsvValue[])[],
): Response {
  return new Response(csvText(header, rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${csvFileName(...name)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
