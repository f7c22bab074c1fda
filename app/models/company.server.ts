import { eq, inArray } from "drizzle-orm";
import { schema, type Queryable } from "~/db.server";

/** The setting the demo company leaves: its accounts and their password, as JSON. */
export const DEMO_SETTING = "demo_company";

export interface DemoAccounts {
  password: string;
  accounts: { email: string; name: string; roleLabel: string; description: string }[];
}

/**
 * The demo accounts to list on the sign-in page: only while the demo company is in use
 * (the seed leaves the list in the settings, so no seed code ships with the app) and only those
 * accounts that are still there and active.
 */
export async function demoAccountsInUse(db: Queryable): Promise<DemoAccounts | null> {
  const [marker] = await db.select().from(schema.settings).where(eq(schema.settings.key, DEMO_SETTING));
  if (!marker) return null;
  const { password, accounts: listed } = readDemoSetting(marker.value);
  // By email alone, so the unique email index finds the few rows; "active" narrows nothing
  // and, asked in SQL, would lead the search through every active person.
  const present = await db
    .select({ email: schema.people.email, active: schema.people.active })
    .from(schema.people)
    .where(
      inArray(
        schema.people.email,
        listed.map((a) => a.email),
      ),
    );
  const emails = new Set(present.filter((p) => p.active).map((p) => p.email));
  const accounts = listed.filter((a) => emails.has(a.email));
  return accounts.length > 0 ? { password, accounts } : null;
}

/** A database seeded before the list was kept reads as no list: nothing to show. */
function readDemoSetting(value: string): DemoAccounts {
  try {
    const parsed = JSON.parse(value) as Partial<DemoAccounts> | null;
    return { password: parsed?.password ?? "", accounts: Array.isArray(parsed?.accounts) ? parsed.accounts : [] };
  } catch {
    return { password: "", accounts: [] };
  }
}
