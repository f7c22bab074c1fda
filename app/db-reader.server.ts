/**
 * Reads on the embedded database file through a connection that keeps its prepared statements.
 *
 * @libsql/client prepares every statement again on every call, asks the statement for its
 * columns twice, and builds each row with one `Object.defineProperty` per column (objects V8 then
 * keeps in its slow dictionary shape). On a page of a dozen small reads that is a large share of
 * the request. Reads outside a transaction come here instead: each distinct SQL text is prepared
 * once and kept (the most recently used few hundred), and rows come in the shape drizzle reads
 * from @libsql/client: the columns by name (enumerable, the first of a repeated name), by index
 * and a `length` (neither enumerable).
 *
 * Writes and transactions stay on the client's own connections. In WAL mode a read on this
 * connection sees every transaction committed before it starts, as a read on the client would.
 * Integers come back as JavaScript numbers: the app's integers (ids, counts, instants in
 * milliseconds) are far below 2^53. Anything this path cannot answer (an error of any kind) is
 * asked of the client again, so errors reach the app exactly as the client reports them.
 */
import type { InArgs, InStatement, ResultSet } from "@libsql/client";
import Database from "libsql";

/** Prepared statements kept per connection; a page reads a few dozen distinct ones. */
const KEPT_STATEMENTS = 500;

const VALUES = Symbol("values");

type Statement = Database.Statement;

interface Prepared {
  statement: Statement;
  columns: string[];
  columnTypes: string[];
  makeRow: (values: unknown[]) => Record<string, unknown>;
}

/** Only plain reads: a statement that starts with SELECT never writes. */
const READ = /^\s*select\b/i;

export class CachedReader {
  private readonly connection: Database.Database;
  private readonly prepared = new Map<string, Prepared | null>();

  constructor(file: string) {
    // A read that meets a lock is asked of the client at once: waiting here would hold the whole
    // event loop, since the native call is synchronous.
    this.connection = new Database(file, { timeout: 0 });
  }

  /** The statement's result, or undefined when it is not a plain read this path answers. */
  read(stmtOrSql: InStatement | string, args?: InArgs): ResultSet | undefined {
    const sql = typeof stmtOrSql === "string" ? stmtOrSql : stmtOrSql.sql;
    if (!READ.test(sql)) return undefined;
    const given = typeof stmtOrSql === "string" ? args : stmtOrSql.args;
    if (given !== undefined && !Array.isArray(given)) return undefined;
    const prepared = this.preparedFor(sql);
    if (!prepared) return undefined;
    const values = (given ?? []).map(toSql);
    const rows = (prepared.statement.all(values) as unknown[][]).map((row) => prepared.makeRow(row.map(fromSql)));
    return resultSet(prepared, rows);
  }

  close(): void {
    this.prepared.clear();
    this.connection.close();
  }

  private preparedFor(sql: string): Prepared | null {
    const kept = this.prepared.get(sql);
    if (kept !== undefined) {
      // Most recently used last, so the oldest goes first when the cache is full.
      this.prepared.delete(sql);
      this.prepared.set(sql, kept);
      return kept;
    }
    const statement = this.connection.prepare(sql);
    let prepared: Prepared | null = null;
    try {
      statement.raw(true);
      statement.safeIntegers(false);
      const described = statement.columns();
      const columns = described.map((c) => c.name);
      prepared = {
        statement,
        columns,
        columnTypes: described.map((c) => c.type ?? ""),
        makeRow: rowMaker(columns),
      };
    } catch {
      // raw() refuses a statement that returns no rows: not a read after all.
      prepared = null;
    }
    this.prepared.set(sql, prepared);
    if (this.prepared.size > KEPT_STATEMENTS) this.prepared.delete(this.prepared.keys().next().value!);
    return prepared;
  }
}

/** Rows of one statement: named columns as own properties, indexes and length on a shared prototype. */
function rowMaker(columns: readonly string[]): (values: unknown[]) => Record<string, unknown> {
  const prototype = Object.create(Object.prototype) as Record<PropertyKey, unknown>;
  Object.defineProperty(prototype, "length", { value: columns.length });
  columns.forEach((_, index) =>
    Object.defineProperty(prototype, index, {
      get(this: { [VALUES]: unknown[] }) {
        return this[VALUES][index];
      },
    }),
  );
  const named = columns.map((name, index) => columns.indexOf(name) === index);
  return (values) => {
    const row = Object.create(prototype) as Record<PropertyKey, unknown>;
    Object.defineProperty(row, VALUES, { value: values });
    for (let i = 0; i < columns.length; i++) if (named[i]) row[columns[i]] = values[i];
    return row as Record<string, unknown>;
  };
}

function resultSet(prepared: Prepared, rows: Record<string, unknown>[]): ResultSet {
  return {
    columns: prepared.columns,
    columnTypes: prepared.columnTypes,
    rows: rows as unknown as ResultSet["rows"],
    rowsAffected: 0,
    lastInsertRowid: undefined,
    toJSON() {
      return { columns: prepared.columns, columnTypes: prepared.columnTypes, rows, rowsAffected: 0 };
    },
  };
}

/** An argument as @libsql/client passes it to SQLite. */
function toSql(value: unknown): unknown {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError("Only finite numbers can be passed as arguments");
    return value;
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError("undefined cannot be passed as argument to the database");
  return value;
}

/** A value as @libsql/client gives it back: a blob as an ArrayBuffer. */
function fromSql(value: unknown): unknown {
  return value instanceof Buffer ? value.buffer : value;
}
