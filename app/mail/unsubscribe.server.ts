/**
 * One-click unsubscribe (RFC 8058) for reminders and digests: the link names the person and the
 * category, signed with the app's secret, so it needs no sign-in and cannot be made for anyone else.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { sessionSecret } from "~/auth.server";
import { MAIL_CATEGORIES, type MailCategory } from "~/domain/mail/kinds";

function signature(personId: number, category: MailCategory, secret: string): string {
  return createHmac("sha256", secret).update(`unsubscribe:${personId}:${category}`).digest("base64url").slice(0, 32);
}

export function unsubscribeToken(personId: number, category: MailCategory, secret = sessionSecret()): string {
  return `${personId}.${category}.${signature(personId, category, secret)}`;
}

/** The person and category a token names, or null when it was not made by this app. */
export function readUnsubscribeToken(
  token: string,
  secret = sessionSecret(),
): { personId: number; category: MailCategory } | null {
  const [id, category, given, ...rest] = token.split(".");
  if (rest.length || !id || !/^\d{1,12}$/.test(id) || !given) return null;
  if (!(MAIL_CATEGORIES as readonly string[]).includes(category)) return null;
  const personId = Number(id);
  const expected = Buffer.from(signature(personId, category as MailCategory, secret));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  return { personId, category: category as MailCategory };
}
