/**
 * What each person wants by e-mail. A person without a row gets everything (every category is on
 * until they turn it off); the dispatcher reads the same row as it sends, so a category turned off
 * here is not sent from then on, including messages already waiting in the outbox.
 */
import { eq } from "drizzle-orm";
import { schema, type Db, type Queryable } from "~/db.server";
import { hasRole, type Role } from "~/domain/access";
import { CATEGORIES, MAIL_CATEGORIES, wantsCategory, type MailCategory } from "~/domain/mail/kinds";
import { recordAudit } from "~/models/audit.server";

export type MailChoices = Record<MailCategory, boolean>;

/** The person's choice for every category, the ones they never touched on. */
export async function mailChoicesOf(q: Queryable, personId: number): Promise<MailChoices> {
  const [row] = await q
    .select({ choices: schema.mailPreferences.choices })
    .from(schema.mailPreferences)
    .where(eq(schema.mailPreferences.personId, personId));
  const stored = row?.choices ?? {};
  return Object.fromEntries(MAIL_CATEGORIES.map((c) => [c, wantsCategory(stored, c)])) as MailChoices;
}

/**
 * The choices of the person an unsubscribe link names, or undefined when nobody by that number is
 * on file (a link made for another installation's directory).
 */
export async function choicesOfNamedPerson(q: Queryable, personId: number): Promise<MailChoices | undefined> {
  const [person] = await q.select({ id: schema.people.id }).from(schema.people).where(eq(schema.people.id, personId));
  return person ? mailChoicesOf(q, personId) : undefined;
}

/** The categories a person is asked about: the team digest goes only to managers (and admins). */
export function categoriesOfferedTo(person: { roles: Role[] }): MailCategory[] {
  const leads = hasRole(person, "manager") || hasRole(person, "admin");
  return MAIL_CATEGORIES.filter((c) => c !== "digests" || leads);
}

export type ChoiceSource = "notifications" | "unsubscribe";

/**
 * Saves the categories given (the others stay as they were), with an audit row naming what was
 * turned on or off. Returns the categories that changed; nothing is written when none did.
 */
export async function saveMailChoices(
  db: Db,
  input: { personId: number; choices: Partial<MailChoices>; now: number; via?: ChoiceSource },
): Promise<{ changed: MailCategory[] }> {
  const { personId, choices, now, via = "notifications" } = input;
  return db.write(async (tx) => {
    const before = await mailChoicesOf(tx, personId);
    const changed = MAIL_CATEGORIES.filter((c) => choices[c] !== undefined && choices[c] !== before[c]);
    if (!changed.length) return { changed };
    const after: MailChoices = { ...before, ...pick(choices) };
    await tx
      .insert(schema.mailPreferences)
      .values({ personId, choices: after, updatedAt: now })
      .onConflictDoUpdate({ target: schema.mailPreferences.personId, set: { choices: after, updatedAt: now } });
    const words = changed.map((c) => `"${CATEGORIES[c].label}" ${after[c] ? "on" : "off"}`).join(", ");
    await recordAudit(tx, {
      at: now,
      actorId: personId,
      action: "mail.choices_changed",
      entityType: "person",
      entityId: personId,
      summary:
        via === "unsubscribe"
          ? `E-mail turned off from the link in a message: ${words}.`
          : `E-mail choices changed: ${words}.`,
      details: { via, changes: Object.fromEntries(changed.map((c) => [c, after[c]])) },
    });
    return { changed };
  });
}

/** Only known categories with a yes or no, whatever else the caller's object holds. */
function pick(choices: Partial<MailChoices>): Partial<MailChoices> {
  return Object.fromEntries(
    MAIL_CATEGORIES.filter((c) => typeof choices[c] === "boolean").map((c) => [c, choices[c]]),
  ) as Partial<MailChoices>;
}
