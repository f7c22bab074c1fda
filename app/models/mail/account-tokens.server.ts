/**
 * One-time links to set a password: an invitation for a new or imported person, a reset for
 * someone who forgot theirs. Only the SHA-256 of a token is stored; a link works once and expires.
 * The link is made when its message is sent, so the raw token is never at rest, not even in the
 * outbox; a resend makes a new link and the one it replaces stops working.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { hashPassword } from "~/auth/password.server";
import { schema, type Db, type Queryable } from "~/db.server";
import { DAY, MINUTE } from "~/domain/time";
import { INVITATION_DAYS, RESET_MINUTES } from "~/mail/messages.server";
import type { NewMessage } from "~/mail/payloads.server";
import { recordAudit } from "~/models/audit.server";
import { enqueueMail } from "~/models/mail/outbox.server";
import { endSignInsOf } from "~/models/sign-ins.server";

export type AccountTokenPurpose = (typeof schema.ACCOUNT_TOKEN_PURPOSES)[number];

export const TOKEN_LIFETIME: Record<AccountTokenPurpose, number> = {
  invitation: INVITATION_DAYS * DAY,
  reset: RESET_MINUTES * MINUTE,
};

/** Asking for a reset again within this time sends nothing more, so repeated clicks don't flood a mailbox. */
export const RESET_REQUEST_GAP = 2 * MINUTE;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Makes the link a message carries, replacing any unused link that message carried before. */
export async function issueAccountToken(
  db: Db,
  input: { personId: number; purpose: AccountTokenPurpose; messageId: number; now: number },
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const t = schema.accountTokens;
  await db.write(async (tx) => {
    await tx.delete(t).where(and(eq(t.messageId, input.messageId), isNull(t.usedAt)));
    await tx.insert(t).values({
      personId: input.personId,
      purpose: input.purpose,
      tokenHash: hashToken(token),
      messageId: input.messageId,
      expiresAt: input.now + TOKEN_LIFETIME[input.purpose],
      createdAt: input.now,
    });
  });
  return token;
}

/** Why a link no longer works: used (or made void by another link being used), too old, or never ours. */
export type DeadLinkReason = "used" | "expired" | "unknown";

export interface LiveLink {
  ok: true;
  tokenId: number;
  purpose: AccountTokenPurpose;
  person: { id: number; name: string; email: string };
}

export type AccountLink = LiveLink | { ok: false; reason: DeadLinkReason };

/**
 * What a link from a message opens: the person and the purpose while it is live. A link of a
 * person who has been switched off leads nowhere, like one that was never made.
 */
export async function accountLinkFor(q: Queryable, token: string, now: number): Promise<AccountLink> {
  const t = schema.accountTokens;
  const [row] = await q
    .select({
      tokenId: t.id,
      purpose: t.purpose,
      expiresAt: t.expiresAt,
      usedAt: t.usedAt,
      personId: schema.people.id,
      name: schema.people.name,
      email: schema.people.email,
      active: schema.people.active,
    })
    .from(t)
    .innerJoin(schema.people, eq(schema.people.id, t.personId))
    .where(eq(t.tokenHash, hashToken(token)));
  if (!row || !row.active) return { ok: false, reason: "unknown" };
  if (row.usedAt !== null) return { ok: false, reason: "used" };
  if (row.expiresAt <= now) return { ok: false, reason: "expired" };
  return {
    ok: true,
    tokenId: row.tokenId,
    purpose: row.purpose,
    person: { id: row.personId, name: row.name, email: row.email },
  };
}

/**
 * Sets the person's password from a live link, in one write: the link is checked again inside
 * it, and it and every other unused link of the person stop working, so a link works once and an
 * older invitation or reset can't undo the password just chosen. Every sign-in of the person ends
 * in the same write: whoever held a browser signed in must now know the new password.
 */
export async function setPasswordWithLink(
  db: Db,
  input: { token: string; password: string; now: number },
): Promise<LiveLink | { ok: false; reason: DeadLinkReason }> {
  const { token, password, now } = input;
  // Hashing takes a while; do it before taking the write queue.
  const passwordHash = await hashPassword(password);
  return db.write(async (tx) => {
    const link = await accountLinkFor(tx, token, now);
    if (!link.ok) return link;
    const t = schema.accountTokens;
    const spent = await tx
      .update(t)
      .set({ usedAt: now })
      .where(and(eq(t.id, link.tokenId), isNull(t.usedAt)))
      .returning({ id: t.id });
    // A writer on a libSQL server may have used it between the check and this update.
    if (spent.length === 0) return { ok: false, reason: "used" } as const;
    await tx
      .update(t)
      .set({ usedAt: now })
      .where(and(eq(t.personId, link.person.id), isNull(t.usedAt)));
    await tx.update(schema.people).set({ passwordHash }).where(eq(schema.people.id, link.person.id));
    await recordAudit(tx, {
      at: now,
      actorId: link.person.id,
      action: "person.password_set_by_link",
      entityType: "person",
      entityId: link.person.id,
      summary: `${link.person.name} set a password with ${link.purpose === "invitation" ? "the link in their invitation" : "a password reset link"}.`,
      details: { purpose: link.purpose, tokenId: link.tokenId },
    });
    await endSignInsOf(tx, {
      personId: link.person.id,
      which: { all: true },
      reason: "password_set_by_link",
      actorId: link.person.id,
      now,
    });
    return link;
  });
}

/** The invitation to set a password that a new or imported person gets; `invitedByName` signs it. */
export function invitationMessage(personId: number, invitedByName: string | null, now: number): NewMessage {
  return {
    kind: "account_invitation",
    personId,
    changeKey: `account_invitation:person-${personId}:${now}`,
    payload: { invitedByName },
  };
}

/** The name an invitation is signed with: the admin who made the account or sent it. */
export async function inviterName(q: Queryable, personId: number): Promise<string | null> {
  const [person] = await q
    .select({ name: schema.people.name })
    .from(schema.people)
    .where(eq(schema.people.id, personId));
  return person?.name ?? null;
}

/**
 * An admin sends a person a (new) invitation to set a password, with its audit row. Links sent
 * before keep working until one of them is used.
 */
export async function sendInvitation(
  db: Db,
  input: { personId: number; actorId: number; now: number },
): Promise<{ ok: true; name: string; email: string } | { ok: false; reason: "not_found" | "inactive" }> {
  const { personId, actorId, now } = input;
  return db.write(async (tx) => {
    const [person] = await tx
      .select({ name: schema.people.name, email: schema.people.email, active: schema.people.active })
      .from(schema.people)
      .where(eq(schema.people.id, personId));
    if (!person) return { ok: false, reason: "not_found" } as const;
    if (!person.active) return { ok: false, reason: "inactive" } as const;
    await enqueueMail(tx, [invitationMessage(personId, await inviterName(tx, actorId), now)], now);
    await recordAudit(tx, {
      at: now,
      actorId,
      action: "person.invitation_sent",
      entityType: "person",
      entityId: personId,
      summary: `Sent ${person.name} (${person.email}) an invitation to set a password.`,
      details: { email: person.email },
    });
    return { ok: true, name: person.name, email: person.email } as const;
  });
}

/**
 * Someone asks for a reset link for `email`. The asker is told the same whatever happens here, so
 * this says nothing back. Only a known, active person is sent a link, and only once in
 * RESET_REQUEST_GAP; the request is written to the audit log when the address is someone's.
 */
export async function requestPasswordReset(db: Db, input: { email: string; now: number }): Promise<void> {
  const { now } = input;
  const email = input.email.trim().toLowerCase();
  const [known] = await db.select({ id: schema.people.id }).from(schema.people).where(eq(schema.people.email, email));
  if (!known) return;
  await db.write(async (tx) => {
    const [person] = await tx
      .select({ id: schema.people.id, name: schema.people.name, active: schema.people.active })
      .from(schema.people)
      .where(eq(schema.people.id, known.id));
    if (!person) return;
    const audit = schema.auditLog;
    const [recent] = await tx
      .select({ id: audit.id })
      .from(audit)
      .where(
        and(
          eq(audit.entityType, "person"),
          eq(audit.entityId, person.id),
          eq(audit.action, "person.password_reset_requested"),
          gt(audit.at, now - RESET_REQUEST_GAP),
        ),
      )
      .orderBy(desc(audit.id))
      .limit(1);
    if (recent) return;
    if (person.active) {
      await enqueueMail(
        tx,
        [
          {
            kind: "password_reset",
            personId: person.id,
            changeKey: `password_reset:person-${person.id}:${now}`,
            payload: {},
          },
        ],
        now,
      );
    }
    await recordAudit(tx, {
      at: now,
      actorId: null,
      action: "person.password_reset_requested",
      entityType: "person",
      entityId: person.id,
      summary: person.active
        ? `A password reset link was asked for ${person.name} and e-mailed to them.`
        : `A password reset link was asked for ${person.name}, who is switched off, so none was sent.`,
      details: { sent: person.active },
    });
  });
}
