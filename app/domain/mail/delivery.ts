/**
 * How the outbox delivers: leases, retries and the Message-ID. Plain numbers in, plain numbers
 * out, so the dispatcher and its tests agree on every figure.
 */
import { HOUR, MINUTE } from "../time";

/** Tries before a message is given up and shown to admins as failed. */
export const MAX_ATTEMPTS = 8;

/** How long a claimed message is held by one dispatcher before another may take it. */
export const LEASE_MS = 2 * MINUTE;

/** The first retry waits 30 seconds; each later one twice as long, at most 6 hours. */
export function retryDelay(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * HOUR);
}

/**
 * A Message-ID stable for one change and one recipient (one outbox row): a resend after a lost
 * acknowledgement carries the same id, so mail systems and people see one message.
 */
export function messageIdFor(message: { id: number; createdAt: number }, domain: string): string {
  return `<frontline.${message.id}.${message.createdAt.toString(36)}@${domain}>`;
}

/** The domain part of a Message-ID: the sender's, or the app's host. */
export function messageIdDomain(from: string, origin: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.includes("@") ? address.slice(address.lastIndexOf("@") + 1).trim() : "";
  if (domain) return domain;
  try {
    return new URL(origin).hostname || "frontline.local";
  } catch {
    return "frontline.local";
  }
}
