/**
 * Every message Frontline sends, the category a person switches it by, and what each category
 * means on the Notifications page. Account mail (an invitation to set a password, a reset link)
 * belongs to no category: it is always sent, because it is how a person gets in.
 */

export const MAIL_CATEGORIES = ["invitations", "assignments", "reminders", "follow_ups", "digests"] as const;
export type MailCategory = (typeof MAIL_CATEGORIES)[number];

export interface CategoryInfo {
  label: string;
  description: string;
  /** Reminders and digests carry a one-click unsubscribe (RFC 8058) for their category. */
  unsubscribable: boolean;
}

export const CATEGORIES: Record<MailCategory, CategoryInfo> = {
  invitations: {
    label: "Calendar invitations and cancellations",
    description:
      "An invitation when you get a seat, an update when its host changes the time or place, and a cancellation when the seat or the session is called off. Waitlist places too.",
    unsubscribable: false,
  },
  assignments: {
    label: "Training assigned to you",
    description: "When a manager assigns you a module: what it asks, the due day and sessions that count.",
    unsubscribable: false,
  },
  reminders: {
    label: "Reminders",
    description: "The day before a session you are booked on, and a week before a module is due with nothing booked.",
    unsubscribable: true,
  },
  follow_ups: {
    label: "After a session",
    description: "A request for your reflection once you have shadowed; for hosts, a request to confirm who came.",
    unsubscribable: true,
  },
  digests: {
    label: "Weekly team digest",
    description:
      "For managers: each Monday, your team's overdue and due-soon training. Nothing is sent when all is on track.",
    unsubscribable: true,
  },
};

/** Every category is on until the person turns it off. */
export function wantsCategory(choices: Readonly<Record<string, boolean>>, category: MailCategory): boolean {
  return choices[category] !== false;
}

export const MAIL_KINDS = [
  "seat_booked",
  "seat_promoted",
  "seat_updated",
  "seat_cancelled",
  "session_cancelled",
  "waitlisted",
  "waitlist_left",
  "module_assigned",
  "session_reminder",
  "module_due_soon",
  "manager_digest",
  "reflection_request",
  "attendance_request",
  "account_invitation",
  "password_reset",
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export interface KindInfo {
  /** What the admin Outbox calls it. */
  label: string;
  /** null: account mail, always sent. */
  category: MailCategory | null;
}

export const KINDS: Record<MailKind, KindInfo> = {
  seat_booked: { label: "Invitation: seat booked", category: "invitations" },
  seat_promoted: { label: "Invitation: off the waitlist", category: "invitations" },
  seat_updated: { label: "Invitation: session changed", category: "invitations" },
  seat_cancelled: { label: "Cancellation: seat", category: "invitations" },
  session_cancelled: { label: "Cancellation: session", category: "invitations" },
  waitlisted: { label: "Waitlist place", category: "invitations" },
  waitlist_left: { label: "Left the waitlist", category: "invitations" },
  module_assigned: { label: "Module assigned", category: "assignments" },
  session_reminder: { label: "Reminder: session tomorrow", category: "reminders" },
  module_due_soon: { label: "Reminder: module due soon", category: "reminders" },
  manager_digest: { label: "Weekly team digest", category: "digests" },
  reflection_request: { label: "Reflection request", category: "follow_ups" },
  attendance_request: { label: "Attendance request", category: "follow_ups" },
  account_invitation: { label: "Account invitation", category: null },
  password_reset: { label: "Password reset", category: null },
};

export function isMailKind(value: string): value is MailKind {
  return (MAIL_KINDS as readonly string[]).includes(value);
}
