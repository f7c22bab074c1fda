/**
 * Writing a table as CSV for a spreadsheet: RFC 4180 (CRLF between rows, a value quoted when it
 * holds a comma, a quote or a line break, quotes doubled), UTF-8 with a byte-order mark so Excel
 * reads "Zoë" as Zoë. A value that a spreadsheet would read as a formula (=, +, -, @, a tab or a
 * carriage return first) is written with a leading apostrophe, so a name typed as "=HYPERLINK(…)"
 * stays text. Plain TypeScript.
 */

export type CsvValue = string | number | null | undefined;

const BYTE_ORDER_MARK = "\uFEFF";

export function csvText(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvValue).join(","));
  return BYTE_ORDER_MARK + lines.join("\r\n") + "\r\n";
}

function csvValue(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A file name safe in a Content-Disposition header: letters, digits, dots, dashes. */
export function csvFileName(...parts: string[]): string {
  const name = parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${name || "export"}.csv`;
}
