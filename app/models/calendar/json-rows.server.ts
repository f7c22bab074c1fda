/**
 * Reading a list of rows as one value: SQLite builds the rows into one JSON text, handed over as
 * bytes and read as Latin-1. Feeds read hundreds of rows per request, and this is what keeps a
 * 500-event feed within a few milliseconds.
 */
import { Column, is, sql, type GetColumnData, type SQL } from "drizzle-orm";

/** The row a select object gives: each column's decoded type, or the type an SQL expression states. */
export type RowOf<C extends Record<string, Column | SQL>> = {
  [K in keyof C]: C[K] extends Column ? GetColumnData<C[K]> : C[K] extends SQL<infer T> ? T : never;
};

/**
 * Reads a list of rows as one JSON value built by SQLite (see parseJsonTuples). @libsql/client
 * turns every value of every row into a property with two defineProperty calls and a BigInt round
 * trip, which costs tens of milliseconds for a 500-event feed; one JSON text costs about one.
 * Columns go through drizzle's own decoding (booleans from 0/1) as with a normal select.
 */
export function jsonRows<C extends Record<string, Column | SQL>>(columns: C) {
  const names = Object.keys(columns) as (keyof C & string)[];
  const values = names.map((name) => columns[name]);
  // The columns drizzle decodes (booleans from 0/1), by position.
  const decoded = values.flatMap((column, index) =>
    is(column, Column) && column.mapFromDriverValue !== Column.prototype.mapFromDriverValue ? [{ index, column }] : [],
  );
  // Every row starts as a copy of one object with all the names, so all rows share one shape;
  // adding the names one by one to an empty object costs more than parsing the whole text.
  const shape = Object.fromEntries(names.map((name) => [name, null]));
  return {
    select: (orderBy?: SQL) =>
      orderBy
        ? sql<ArrayBuffer | null>`cast(json_group_array(json_array(${sql.join(values, sql`, `)}) order by ${orderBy}) as blob)`
        : sql<ArrayBuffer | null>`cast(json_group_array(json_array(${sql.join(values, sql`, `)})) as blob)`,
    decode(json: ArrayBuffer | null): RowOf<C>[] {
      if (!json) return [];
      return parseJsonTuples(json).map((tuple) => {
        const row: Record<string, unknown> = { ...shape };
        for (let i = 0; i < names.length; i++) row[names[i]] = tuple[i];
        for (const { index, column } of decoded) {
          if (tuple[index] !== null) row[names[index]] = column.mapFromDriverValue(tuple[index]);
        }
        return row as RowOf<C>;
      });
    },
  };
}

const BEYOND_ASCII = /[\u0080-\u00ff]/;

/**
 * A JSON array of arrays from SQLite, handed over as its UTF-8 bytes. Made into a JavaScript
 * string as UTF-8, a text of a few hundred kilobytes costs about 3 ns a byte as soon as it holds
 * one character beyond ASCII (a name like Hämeentie); read as Latin-1, one character per byte,
 * it costs a copy. SQLite writes such characters as they are (it escapes only control
 * characters), so they arrive inside strings as their UTF-8 bytes, and only those strings are
 * decoded again as UTF-8.
 */
function parseJsonTuples(json: ArrayBuffer): unknown[][] {
  const bytes = Buffer.from(json);
  const text = bytes.toString("latin1");
  const tuples = JSON.parse(text) as unknown[][];
  if (!BEYOND_ASCII.test(text)) return tuples;
  for (const tuple of tuples) {
    for (let i = 0; i < tuple.length; i++) {
      const value = tuple[i];
      if (typeof value === "string" && BEYOND_ASCII.test(value))
        tuple[i] = Buffer.from(value, "latin1").toString("utf8");
    }
  }
  return tuples;
}
