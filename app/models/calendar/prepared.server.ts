import type { Queryable } from "~/db.server";

const preparedQueries = new WeakMap<Queryable, Map<(q: Queryable) => unknown, unknown>>();

/**
 * The query `build` makes, built once per database (or transaction) and run with new values each
 * time. Feeds are polled often, and building a query with drizzle costs more than SQLite takes to
 * run it; the built SQL is all that is kept, so every instance still reads everything from the
 * database.
 */
export function prepared<T>(q: Queryable, build: (q: Queryable) => T): T {
  let queries = preparedQueries.get(q);
  if (!queries) preparedQueries.set(q, (queries = new Map()));
  let query = queries.get(build) as T | undefined;
  if (query === undefined) queries.set(build, (query = build(q)));
  return query;
}
