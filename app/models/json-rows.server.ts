import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "~/db.server";

/**
 * Many rows read as one JSON text, each row an array of its columns in the order given.
 *
 * libSQL's client makes an object with a property per column for every row it returns; at
 * 100,000 rows that costs seconds, most of it in the garbage collector. SQLite's
 * `json_group_array` builds one string instead, which `JSON.parse` reads in milliseconds. Meant
 * for set-based reads of numbers and short texts that feed a computation (the planner), where
 * the rows run to tens of thousands; pages read their few rows the ordinary way.
 *
 * `from` is the rest of the statement after the select list (`from … where … group by …`).
 * The rows come in `orderBy` order when one is given, else in whatever order SQLite meets them
 * (sorting a large read in JavaScript is cheaper than SQLite's sort into a temporary tree).
 */
export async function jsonRows<Row extends unknown[]>(
  db: Queryable,
  columns: SQL,
  from: SQL,
  orderBy?: SQL,
): Promise<Row[]> {
  const [row] = await db.all<{ rows: string | null }>(
    sql`select json_group_array(json_array(${columns})${orderBy ? sql` order by ${orderBy}` : sql``}) as rows ${from}`,
  );
  return row?.rows ? (JSON.parse(row.rows) as Row[]) : [];
}
