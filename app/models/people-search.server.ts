/** Finding people by a piece of their name or e-mail address, as the admin pages' searches do. */
import { sql, type Placeholder, type SQL } from "drizzle-orm";
import { schema } from "~/db.server";

/**
 * People whose name or email holds `text`, whatever its case. From three letters on, the
 * `people_search` trigram index finds them (migration 0004); a shorter text is looked for in
 * every name, as no index holds pieces that small.
 */
export function nameOrEmailContains(text: string): SQL {
  const { short, needle } = nameOrEmailSearch(text);
  return nameOrEmailCondition(short, needle);
}

/**
 * The search's two parts, for a prepared statement whose text is a placeholder: which of the two
 * conditions it takes (`short`), and the value for the placeholder.
 */
export function nameOrEmailSearch(text: string): { short: boolean; needle: string } {
  const needle = text.trim().toLowerCase();
  if ([...needle].length >= 3) return { short: false, needle: `"${needle.replace(/"/g, '""')}"` };
  return { short: true, needle: `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%` };
}

/** The condition of a search for `needle` (as `nameOrEmailSearch` gives it), a value or a placeholder. */
export function nameOrEmailCondition(short: boolean, needle: Placeholder | string): SQL {
  return short
    ? sql`(lower(${schema.people.name}) like ${needle} escape '\\' or ${schema.people.email} like ${needle} escape '\\')`
    : sql`${schema.people.id} in (select rowid from people_search where people_search match ${needle})`;
}
