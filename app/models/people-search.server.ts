/** Finding people by a piece of their name or e-mail address, as the admin pages' searches do. */
import { sql, type SQL } from "drizzle-orm";
import { schema } from "~/db.server";

/**
 * People whose name or email holds `text`, whatever its case. From three letters on, the
 * `people_search` trigram index finds them (migration 0004); a shorter text is looked for in
 * every name, as no index holds pieces that small.
 */
export function nameOrEmailContains(text: string): SQL {
  const needle = text.trim().toLowerCase();
  if ([...needle].length >= 3) {
    const phrase = `"${needle.replace(/"/g, '""')}"`;
    return sql`${schema.people.id} in (select rowid from people_search where people_search match ${phrase})`;
  }
  const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`(lower(${schema.people.name}) like ${pattern} escape '\\' or ${schema.people.email} like ${pattern} escape '\\')`;
}
