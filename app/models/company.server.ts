import { and, eq, inArray } from "drizzle-orm";
import { schema, type Queryable } from "~/db.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed";

export interface DemoAccounts {
  password: string;
  accounts: { email: string; name: string; roleLabel: string; description: string }[];
}

/**
 * The demo accounts to list on the sign-in page: only while the demo company is in use
 * (the seed marks it) and only those accounts that are still there and active.
 */
export async function demoAccountsInUse(db: Queryable): Promise<DemoAccounts | null> {
  const [marker] = await db.select().from(schema.settings).where(eq(schema.settings.key, "demo_company"));
  if (marker?.value !== "1") return null;
  const present = await db
    .select({ email: schema.people.email })
    .from(schema.people)
    .where(
      and(
        inArray(
          schema.people.email,
          DEMO_ACCOUNTS.map((a) => a.email),
        ),
        eq(schema.people.active, true),
      ),
    );
  const emails = new Set(present.map((p) => p.email));
  const accounts = DEMO_ACCOUNTS.filter((a) => emails.has(a.email));
  return accounts.length > 0 ? { password: DEMO_PASSWORD, accounts } : null;
}
