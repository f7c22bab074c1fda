/**
 * The mail pages' forms: a person's choices on the Notifications page, the admin Outbox's
 * filters, and its "Send again" button.
 */
import { z } from "zod";
import { MAIL_CATEGORIES, MAIL_KINDS, type MailCategory } from "~/domain/mail/kinds";
import type { MailState } from "~/models/mail/outbox.server";
import { singleLine } from "./text";

/** A checkbox: ticked is "on", unticked sends nothing. */
const checkbox = z.boolean().default(false);

/**
 * One checkbox per category. A category the page did not offer the person (the team digest, to
 * someone who manages nobody) is not in the form and is left as it was.
 */
export const MailChoicesSchema = z.object(
  Object.fromEntries(MAIL_CATEGORIES.map((category) => [category, checkbox])) as Record<MailCategory, typeof checkbox>,
);

export type MailChoicesInput = z.infer<typeof MailChoicesSchema>;

/** The Outbox's states, in the order an admin looks for them: what needs attention first. */
export const OUTBOX_STATES = ["failed", "pending", "kept", "skipped", "sent"] as const satisfies readonly MailState[];

export const OUTBOX_STATE_LABELS: Record<MailState, string> = {
  pending: "Waiting",
  sent: "Sent",
  failed: "Failed — gave up",
  kept: "Kept (not sent)",
  skipped: "Not sent — turned off",
};

/** The colour of each state's badge (its label says it in words too). */
export const OUTBOX_STATE_TONES: Record<MailState, "info" | "ok" | "danger" | "warn" | null> = {
  pending: "info",
  sent: "ok",
  failed: "danger",
  kept: null,
  skipped: "warn",
};

/** What each state means, beside its count. */
export const OUTBOX_STATE_HINTS: Record<MailState, string> = {
  pending: "Due now or waiting to try again",
  sent: "Accepted by the mail server",
  failed: "Every try failed; send again when the cause is fixed",
  kept: "Kept here because no mail server is set",
  skipped: "The person turned this off, or left",
};

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** The Outbox's filters from its address; anything unreadable is left out, not an error. */
export const OutboxFilterSchema = z.object({
  person: optional(singleLine("the person").trim().max(200)),
  kind: optional(z.enum(MAIL_KINDS)),
  state: optional(z.enum(OUTBOX_STATES)),
  before: optional(z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER)),
});

export type OutboxFilterInput = z.infer<typeof OutboxFilterSchema>;

/** The one button on a message's page. */
export const RetryMessageSchema = z.object({
  intent: z.literal("retry", { error: "That action isn't available here." }),
});
