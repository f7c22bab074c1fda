/**
 * Frontline's database, one typed file.
 *
 * Conventions:
 * - Instants are integer UTC milliseconds (`*_at`). Local times exist only for display and for
 *   "which day" questions, using the viewer's time zone.
 * - A date a person picks as a calendar day (an assignment's due day) is kept as text
 *   `YYYY-MM-DD` beside the instant it ends at in the assignee's zone (`due_at`).
 * - Nothing is deleted: statuses, `cancelled_at`, `revoked_at` and `active` keep the record.
 */
import { relations, sql } from "drizzle-orm";
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

export const DEPARTMENT_KINDS = ["customer_facing", "back_office"] as const;
export const BOOKING_STATUSES = ["booked", "waitlisted", "cancelled", "attended", "no_show"] as const;
export const BOOKING_SOURCES = ["self", "manager", "planner"] as const;
export const SESSION_STATUSES = ["scheduled", "cancelled"] as const;
export const ASSIGNMENT_STATUSES = ["open", "completed", "withdrawn"] as const;
export const COMPLETION_SOURCES = ["evidence", "manual"] as const;
export const FEED_SCOPES = ["bookings", "hosting", "team"] as const;

export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export type BookingSource = (typeof BOOKING_SOURCES)[number];
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];
export type CompletionSource = (typeof COMPLETION_SOURCES)[number];
export type FeedScope = (typeof FEED_SCOPES)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));
const bool = (name: string) => integer(name, { mode: "boolean" });
const nowMs = sql`(cast(unixepoch('subsec') * 1000 as integer))`;
const createdAt = () => integer("created_at").notNull().default(nowMs);
const updatedAt = () => integer("updated_at").notNull().default(nowMs);

export const departments = sqliteTable(
  "departments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    kind: text("kind", { enum: DEPARTMENT_KINDS }).notNull(),
    description: text("description").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("departments_name_unique").on(sql`lower(${t.name})`),
    check("departments_kind_check", sql`${t.kind} in (${inList(DEPARTMENT_KINDS)})`),
  ],
);

export const people = sqliteTable(
  "people",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    title: text("title").notNull().default(""),
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
    managerId: integer("manager_id").references((): AnySQLiteColumn => people.id),
    // Everyone is an employee; these add the other roles (README.md, "Who uses it").
    isHost: bool("is_host").notNull().default(false),
    isManager: bool("is_manager").notNull().default(false),
    isAdmin: bool("is_admin").notNull().default(false),
    timeZone: text("time_zone").notNull().default("UTC"),
    passwordHash: text("password_hash"),
    active: bool("active").notNull().default(true),
    // Rises (by trigger, see migration 0001) whenever a booking of this person, a session they are
    // booked on or a session they host changes: their calendar feeds' ETags are made from it.
    calendarVersion: integer("calendar_version").notNull().default(0),
    // Rises (by trigger, see migration 0004) whenever the calendar_version of anyone below this
    // person in the reporting line rises: the team feed's ETag, read with its token.
    teamCalendarVersion: integer("team_calendar_version").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("people_email_unique").on(t.email),
    index("people_department_idx").on(t.departmentId, t.active, sql`lower(${t.name})`),
    index("people_manager_idx").on(t.managerId),
    // The directory's order (active people by name), and the overview's counts by department.
    index("people_active_name_idx").on(t.active, sql`lower(${t.name})`, t.id),
    index("people_active_department_idx").on(t.active, t.departmentId, t.isHost, t.isManager),
    check("people_email_lower_check", sql`${t.email} = lower(${t.email})`),
    check("people_not_own_manager_check", sql`${t.managerId} is null or ${t.managerId} <> ${t.id}`),
  ],
);

/**
 * The reporting line as a closure table: one row for every manager above a person, at any depth
 * (1 for the direct manager). Triggers on `people` keep it in step with `manager_id` (migration
 * 0004), so a team is one indexed range (`manager_id = ?`) and "does A manage B" one row. A change
 * that would close a cycle fails on the primary key, so the line stays a tree.
 */
export const reportingLines = sqliteTable(
  "reporting_lines",
  {
    managerId: integer("manager_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    depth: integer("depth").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.managerId, t.personId] }),
    index("reporting_lines_person_idx").on(t.personId, t.managerId),
  ],
);

export const sessionKinds = sqliteTable(
  "session_kinds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    defaultMinutes: integer("default_minutes").notNull(),
    onSite: bool("on_site").notNull(),
    active: bool("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("session_kinds_name_unique").on(sql`lower(${t.name})`),
    check("session_kinds_minutes_check", sql`${t.defaultMinutes} between 5 and 1440`),
  ],
);

/** Fields a series hands to each of its sessions. */
export const sessionDetails = () => ({
  kindId: integer("kind_id")
    .notNull()
    .references(() => sessionKinds.id),
  hostId: integer("host_id")
    .notNull()
    .references(() => people.id),
  location: text("location").notNull().default(""),
  meetingUrl: text("meeting_url").notNull().default(""),
  customerName: text("customer_name").notNull().default(""),
  customerConfidential: bool("customer_confidential").notNull().default(false),
  seats: integer("seats").notNull(),
  departmentCap: integer("department_cap"),
  notes: text("notes").notNull().default(""),
});

export const sessionSeries = sqliteTable(
  "session_series",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ...sessionDetails(),
    // RFC 5545 RRULE, e.g. FREQ=WEEKLY;COUNT=8 or FREQ=WEEKLY;UNTIL=20270131T235959Z.
    rrule: text("rrule").notNull(),
    // Wall-clock start and zone, so "Tuesdays 10:00" stays 10:00 across daylight-saving changes.
    firstStartsAt: integer("first_starts_at").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    timeZone: text("time_zone").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("session_series_host_idx").on(t.hostId),
    check("session_series_seats_check", sql`${t.seats} between 1 and 500`),
    check("session_series_duration_check", sql`${t.durationMinutes} between 5 and 1440`),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    seriesId: integer("series_id").references(() => sessionSeries.id),
    ...sessionDetails(),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    timeZone: text("time_zone").notNull(),
    status: text("status", { enum: SESSION_STATUSES }).notNull().default("scheduled"),
    cancelledAt: integer("cancelled_at"),
    cancelReason: text("cancel_reason").notNull().default(""),
    // Rises on every change a calendar should see (iCalendar SEQUENCE).
    version: integer("version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // What changed after an instant (a stored plan asks before it is applied).
    index("sessions_updated_idx").on(t.updatedAt),
    // Counting the scheduled sessions of a time window reads this index alone. Time comes first, so
    // a query that asks only for a status is never led through it across every session.
    index("sessions_starts_idx").on(t.startsAt, t.status),
    // The scheduled sessions alone, in time order: a search reads a page of them in the order it
    // shows them (no sort) and counts a window from the index alone. A query reaches it by saying
    // `status = 'scheduled'` as a literal, which a bound value cannot do.
    index("sessions_scheduled_starts_idx")
      .on(t.startsAt)
      .where(sql`${t.status} = 'scheduled'`),
    index("sessions_host_starts_idx").on(t.hostId, t.startsAt),
    index("sessions_kind_starts_idx").on(t.kindId, t.startsAt),
    index("sessions_series_idx").on(t.seriesId, t.startsAt),
    check("sessions_times_check", sql`${t.endsAt} > ${t.startsAt}`),
    check("sessions_seats_check", sql`${t.seats} between 1 and 500`),
    check("sessions_cap_check", sql`${t.departmentCap} is null or ${t.departmentCap} >= 1`),
    check("sessions_status_check", sql`${t.status} in (${inList(SESSION_STATUSES)})`),
    check("sessions_cancelled_check", sql`(${t.status} = 'cancelled') = (${t.cancelledAt} is not null)`),
  ],
);

export const bookings = sqliteTable(
  "bookings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: integer("session_id")
      .notNull()
      .references(() => sessions.id),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    status: text("status", { enum: BOOKING_STATUSES }).notNull(),
    bookedById: integer("booked_by_id")
      .notNull()
      .references(() => people.id),
    source: text("source", { enum: BOOKING_SOURCES }).notNull().default("self"),
    // Queue ticket while waitlisted (rising, never reused within a session); null otherwise.
    // The place shown to a person is the number of waitlisted tickets up to theirs.
    waitlistPosition: integer("waitlist_position"),
    reflection: text("reflection").notNull().default(""),
    reflectedAt: integer("reflected_at"),
    hostNote: text("host_note").notNull().default(""),
    cancelledAt: integer("cancelled_at"),
    cancelledById: integer("cancelled_by_id").references(() => people.id),
    version: integer("version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("bookings_one_live_per_person")
      .on(t.sessionId, t.personId)
      .where(sql`${t.status} <> 'cancelled'`),
    uniqueIndex("bookings_waitlist_place")
      .on(t.sessionId, t.waitlistPosition)
      .where(sql`${t.status} = 'waitlisted'`),
    index("bookings_session_status_idx").on(t.sessionId, t.status),
    index("bookings_person_status_idx").on(t.personId, t.status),
    // What changed after an instant (a stored plan asks before it is applied).
    index("bookings_updated_idx").on(t.updatedAt),
    check("bookings_status_check", sql`${t.status} in (${inList(BOOKING_STATUSES)})`),
    check("bookings_source_check", sql`${t.source} in (${inList(BOOKING_SOURCES)})`),
    check("bookings_waitlist_check", sql`(${t.status} = 'waitlisted') = (${t.waitlistPosition} is not null)`),
    check("bookings_waitlist_positive_check", sql`${t.waitlistPosition} is null or ${t.waitlistPosition} >= 1`),
    check("bookings_cancelled_check", sql`(${t.status} = 'cancelled') = (${t.cancelledAt} is not null)`),
  ],
);

export const serviceModules = sqliteTable(
  "service_modules",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    // What to watch for and questions to ask; paragraphs separated by blank lines, "- " lists.
    guide: text("guide").notNull().default(""),
    // Completion rule: `requiredCount` attended sessions of `ruleKindId` (any kind when null),
    // each with a reflection when `reflectionRequired`; or, when `requiredMinutes` is set, that
    // much attended time of the kind, each session counted by its length. An hour rule still
    // keeps `requiredCount` as the number of sessions of the kind's usual length it comes to, so
    // anything that counts in sessions reads a fair estimate.
    ruleKindId: integer("rule_kind_id").references(() => sessionKinds.id),
    requiredCount: integer("required_count").notNull().default(1),
    requiredMinutes: integer("required_minutes"),
    reflectionRequired: bool("reflection_required").notNull().default(false),
    validityDays: integer("validity_days"),
    core: bool("core").notNull().default(false),
    active: bool("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("service_modules_title_unique").on(sql`lower(${t.title})`),
    check("service_modules_count_check", sql`${t.requiredCount} between 1 and 50`),
    check(
      "service_modules_minutes_check",
      sql`${t.requiredMinutes} is null or (${t.requiredMinutes} between 30 and 12000 and ${t.requiredMinutes} % 30 = 0)`,
    ),
    check("service_modules_validity_check", sql`${t.validityDays} is null or ${t.validityDays} >= 1`),
  ],
);

export const assignments = sqliteTable(
  "assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    moduleId: integer("module_id")
      .notNull()
      .references(() => serviceModules.id),
    dueOn: text("due_on").notNull(),
    // The instant the due day ends in the assignee's time zone.
    dueAt: integer("due_at").notNull(),
    assignedById: integer("assigned_by_id")
      .notNull()
      .references(() => people.id),
    // Kept by the completion engine; "overdue" is open with dueAt in the past.
    status: text("status", { enum: ASSIGNMENT_STATUSES }).notNull().default("open"),
    completionId: integer("completion_id").references((): AnySQLiteColumn => completions.id),
    withdrawnAt: integer("withdrawn_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("assignments_one_live_per_module")
      .on(t.personId, t.moduleId)
      .where(sql`${t.status} <> 'withdrawn'`),
    index("assignments_status_due_idx").on(t.status, t.dueAt),
    index("assignments_person_status_idx").on(t.personId, t.status, t.dueAt),
    index("assignments_module_idx").on(t.moduleId),
    check("assignments_status_check", sql`${t.status} in (${inList(ASSIGNMENT_STATUSES)})`),
    check("assignments_due_on_check", sql`${t.dueOn} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`),
    check("assignments_withdrawn_check", sql`(${t.status} = 'withdrawn') = (${t.withdrawnAt} is not null)`),
  ],
);

export const completions = sqliteTable(
  "completions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    moduleId: integer("module_id")
      .notNull()
      .references(() => serviceModules.id),
    completedAt: integer("completed_at").notNull(),
    expiresAt: integer("expires_at"),
    source: text("source", { enum: COMPLETION_SOURCES }).notNull(),
    // JSON array of booking ids that met the rule (source = evidence).
    evidence: text("evidence", { mode: "json" }).$type<number[]>().notNull().default([]),
    manualReason: text("manual_reason").notNull().default(""),
    signedOffById: integer("signed_off_by_id").references(() => people.id),
    // Set when the evidence is undone; the record stays.
    revokedAt: integer("revoked_at"),
    revokedReason: text("revoked_reason").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    index("completions_person_module_idx").on(t.personId, t.moduleId),
    uniqueIndex("completions_one_live_per_module")
      .on(t.personId, t.moduleId)
      .where(sql`${t.revokedAt} is null`),
    check("completions_source_check", sql`${t.source} in (${inList(COMPLETION_SOURCES)})`),
    check(
      "completions_manual_check",
      sql`${t.source} <> 'manual' or (${t.signedOffById} is not null and length(${t.manualReason}) > 0)`,
    ),
  ],
);

export const calendarFeeds = sqliteTable(
  "calendar_feeds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    scope: text("scope", { enum: FEED_SCOPES }).notNull(),
    // SHA-256 of the URL token; the token itself is never stored.
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [
    uniqueIndex("calendar_feeds_token_unique").on(t.tokenHash),
    uniqueIndex("calendar_feeds_one_live_per_scope")
      .on(t.personId, t.scope)
      .where(sql`${t.revokedAt} is null`),
    check("calendar_feeds_scope_check", sql`${t.scope} in (${inList(FEED_SCOPES)})`),
  ],
);

/**
 * One row: a version that rises (by trigger, see migration 0001) when something shown in many
 * people's feeds changes: a person's name, e-mail, department, manager or roles, a department's
 * name, a session kind, or a module (its guide is in the events of its kind).
 */
export const calendarSharedVersion = sqliteTable(
  "calendar_shared_version",
  {
    id: integer("id").primaryKey(),
    version: integer("version").notNull().default(0),
  },
  (t) => [check("calendar_shared_version_one_row", sql`${t.id} = 1`)],
);

/**
 * One row: a version that rises (by trigger, see migration 0004) with every change to people,
 * assignments, completions and modules. Counts over a whole team or company are remembered
 * against it (`app/models/remembered.server.ts`).
 */
export const trainingVersion = sqliteTable(
  "training_version",
  {
    id: integer("id").primaryKey(),
    version: integer("version").notNull().default(0),
  },
  (t) => [check("training_version_one_row", sql`${t.id} = 1`)],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    actorId: integer("actor_id").references(() => people.id),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: integer("entity_id"),
    summary: text("summary").notNull().default(""),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_action_idx").on(t.action, t.at),
    index("audit_log_entity_idx").on(t.entityType, t.entityId),
    index("audit_log_actor_idx").on(t.actorId, t.at),
  ],
);

/** Small facts about this installation, e.g. whether the demo company is in use. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

// ---- Mail ------------------------------------------------------------------------------------

export const MAIL_STATES = ["pending", "sent", "failed", "kept", "skipped"] as const;
export type MailState = (typeof MAIL_STATES)[number];

/**
 * The transactional outbox: one row per message to one person, written in the same transaction
 * as the change that causes it (app/domain/mail/README.md). The dispatcher claims rows with a
 * lease, delivers them and records the outcome; rows are kept as the record of what was said.
 */
export const outboxMessages = sqliteTable(
  "outbox_messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind").notNull(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    // The change and the recipient: one message per change per person, however often it is written.
    changeKey: text("change_key").notNull(),
    // What the message says, as it was when the change was made (rendered on delivery).
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    state: text("state", { enum: MAIL_STATES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until"),
    lastError: text("last_error").notNull().default(""),
    sentAt: integer("sent_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("outbox_change_unique").on(t.changeKey),
    index("outbox_due_idx").on(t.state, t.nextAttemptAt),
    index("outbox_person_idx").on(t.personId, t.id),
    index("outbox_kind_idx").on(t.kind, t.id),
    check("outbox_state_check", sql`${t.state} in (${inList(MAIL_STATES)})`),
  ],
);

/**
 * How many outbox messages are in each state, kept by trigger (migration 0007) with every message
 * written, moved on or removed: the Outbox and the admin overview read five rows, not the outbox.
 */
export const outboxCounts = sqliteTable("outbox_counts", {
  state: text("state", { enum: MAIL_STATES }).primaryKey(),
  n: integer("n").notNull().default(0),
});

/** What a person wants by e-mail; no row means the defaults (everything on). */
export const mailPreferences = sqliteTable("mail_preferences", {
  personId: integer("person_id")
    .primaryKey()
    .references(() => people.id),
  // JSON object: category -> on/off, for the categories the person changed.
  choices: text("choices", { mode: "json" }).$type<Record<string, boolean>>().notNull().default({}),
  updatedAt: integer("updated_at").notNull(),
});

export const ACCOUNT_TOKEN_PURPOSES = ["invitation", "reset"] as const;
export type AccountTokenPurpose = (typeof ACCOUNT_TOKEN_PURPOSES)[number];

/** One-time links to set a password: SHA-256 of the token only, single use, expiring. */
export const accountTokens = sqliteTable(
  "account_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    purpose: text("purpose", { enum: ACCOUNT_TOKEN_PURPOSES }).notNull(),
    tokenHash: text("token_hash").notNull(),
    // The message that carried the link: a resend replaces the link it had sent.
    messageId: integer("message_id").references(() => outboxMessages.id),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("account_tokens_hash_unique").on(t.tokenHash),
    index("account_tokens_person_idx").on(t.personId),
    index("account_tokens_message_idx").on(t.messageId),
    check("account_tokens_purpose_check", sql`${t.purpose} in (${inList(ACCOUNT_TOKEN_PURPOSES)})`),
  ],
);

// ---- Signing in -------------------------------------------------------------------------------

export const SIGN_IN_END_REASONS = [
  "signed_out",
  "signed_out_elsewhere",
  "signed_out_remotely",
  "signed_out_by_admin",
  "password_changed",
  "password_set_by_link",
  "switched_off",
  "roles_changed",
] as const;
export type SignInEndReason = (typeof SIGN_IN_END_REASONS)[number];

/**
 * One row per sign-in (a browser that signed in). The cookie carries a random id; only its
 * SHA-256 is stored. A sign-in lapses after `expires_at` or after a stretch without requests
 * (measured from `last_seen_at`); it ends for good when `ended_at` is set, with the reason.
 */
export const signIns = sqliteTable(
  "sign_ins",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    tokenHash: text("token_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    // Refreshed at most once a minute, so a busy page does not write on every request.
    lastSeenAt: integer("last_seen_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    // The browser as it named itself, cut short; shown to the person in plain words.
    userAgent: text("user_agent").notNull().default(""),
    clientAddress: text("client_address").notNull().default(""),
    endedAt: integer("ended_at"),
    endedReason: text("ended_reason", { enum: SIGN_IN_END_REASONS }),
  },
  (t) => [
    uniqueIndex("sign_ins_token_unique").on(t.tokenHash),
    index("sign_ins_live_person_idx")
      .on(t.personId, t.lastSeenAt)
      .where(sql`${t.endedAt} is null`),
    check("sign_ins_ended_check", sql`(${t.endedAt} is null) = (${t.endedReason} is null)`),
    check(
      "sign_ins_reason_check",
      sql`${t.endedReason} is null or ${t.endedReason} in (${inList(SIGN_IN_END_REASONS)})`,
    ),
  ],
);

/**
 * Failed sign-ins, counted per account (the e-mail typed, known or not: `account:<email>`) and per
 * client address (`address:<address>`), so the count holds across instances. A row is forgotten
 * once `forget_at` has passed; a successful sign-in removes its account's row.
 */
export const signInThrottles = sqliteTable(
  "sign_in_throttles",
  {
    key: text("key").primaryKey(),
    // Failures since the key was last quiet for the counting window.
    failures: integer("failures").notNull(),
    // Locks in a row: each doubles the next delay.
    lockouts: integer("lockouts").notNull().default(0),
    lastFailureAt: integer("last_failure_at").notNull(),
    lockedUntil: integer("locked_until"),
    forgetAt: integer("forget_at").notNull(),
  },
  (t) => [index("sign_in_throttles_forget_idx").on(t.forgetAt)],
);

// ---- Relations: the joins pages make again and again, for `db.query.*.findMany({ with })` ------

export const PLAN_SCOPES = ["team", "department", "everyone"] as const;
export const PLAN_LINE_STATES = ["proposed", "booked", "refused"] as const;
export type PlanScope = (typeof PLAN_SCOPES)[number];
export type PlanLineState = (typeof PLAN_LINE_STATES)[number];

/**
 * A plan the planner made: for whom, over which weeks, and the instant its inputs were read at
 * (`made_at`). Its lines are read back page by page; re-opening a plan never plans again.
 */
export const plans = sqliteTable(
  "plans",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    madeById: integer("made_by_id")
      .notNull()
      .references(() => people.id),
    madeAt: integer("made_at").notNull(),
    scope: text("scope", { enum: PLAN_SCOPES }).notNull(),
    departmentId: integer("department_id").references(() => departments.id),
    weeks: integer("weeks").notNull(),
    peopleWithNeeds: integer("people_with_needs").notNull(),
    sessionsOffered: integer("sessions_offered").notNull(),
    // The plan's size for its header: placed, overdue placed, not placed by reason.
    summary: text("summary", { mode: "json" }).$type<unknown>().notNull(),
  },
  (t) => [
    index("plans_made_by_idx").on(t.madeById, t.madeAt),
    check("plans_scope_check", sql`${t.scope} in (${inList(PLAN_SCOPES)})`),
  ],
);

/**
 * One person of a plan: the session proposed to them (null when they are not placed) and why, as
 * data the page puts into words in the reader's time zone. Applying a line books it or records
 * why the booking rules refused it.
 */
export const planLines = sqliteTable(
  "plan_lines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    // The person's name when the plan was made: the order of the "by person" pages.
    personName: text("person_name").notNull(),
    sessionId: integer("session_id").references(() => sessions.id),
    // The session's start, for the order of the "by session" pages.
    startsAt: integer("starts_at"),
    reason: text("reason", { mode: "json" }).$type<unknown>().notNull(),
    state: text("state", { enum: PLAN_LINE_STATES }).notNull().default("proposed"),
    bookingId: integer("booking_id").references(() => bookings.id),
    // What the booking rules said when applying this line was refused.
    refusal: text("refusal", { mode: "json" }).$type<unknown>(),
  },
  (t) => [
    index("plan_lines_session_order_idx").on(t.planId, t.startsAt, t.sessionId),
    // The review's pages by person: the placed lines and the people not placed, each in name order
    // on its own, so neither page steps over the other's lines (a big company's plan places a
    // few thousand of its tens of thousands).
    index("plan_lines_placed_by_person_idx")
      .on(t.planId, t.personName, t.personId)
      .where(sql`${t.sessionId} is not null`),
    index("plan_lines_unplaced_by_person_idx")
      .on(t.planId, t.personName, t.personId)
      .where(sql`${t.sessionId} is null`),
    // What is still to apply, and whether a changed session is one the plan still proposes.
    index("plan_lines_state_idx").on(t.planId, t.state, t.sessionId),
    check("plan_lines_state_check", sql`${t.state} in (${inList(PLAN_LINE_STATES)})`),
  ],
);

export const peopleRelations = relations(people, ({ one }) => ({
  department: one(departments, { fields: [people.departmentId], references: [departments.id] }),
  manager: one(people, { fields: [people.managerId], references: [people.id] }),
}));

export const sessionsRelations = relations(sessions, ({ one, many }) => ({
  kind: one(sessionKinds, { fields: [sessions.kindId], references: [sessionKinds.id] }),
  host: one(people, { fields: [sessions.hostId], references: [people.id] }),
  series: one(sessionSeries, { fields: [sessions.seriesId], references: [sessionSeries.id] }),
  bookings: many(bookings),
}));

export const bookingsRelations = relations(bookings, ({ one }) => ({
  session: one(sessions, { fields: [bookings.sessionId], references: [sessions.id] }),
  person: one(people, { fields: [bookings.personId], references: [people.id] }),
}));

export const serviceModulesRelations = relations(serviceModules, ({ one }) => ({
  ruleKind: one(sessionKinds, { fields: [serviceModules.ruleKindId], references: [sessionKinds.id] }),
}));

export const assignmentsRelations = relations(assignments, ({ one }) => ({
  person: one(people, { fields: [assignments.personId], references: [people.id] }),
  module: one(serviceModules, { fields: [assignments.moduleId], references: [serviceModules.id] }),
}));

export const outboxMessagesRelations = relations(outboxMessages, ({ one }) => ({
  person: one(people, { fields: [outboxMessages.personId], references: [people.id] }),
}));

export const signInsRelations = relations(signIns, ({ one }) => ({
  person: one(people, { fields: [signIns.personId], references: [people.id] }),
}));

export const completionsRelations = relations(completions, ({ one }) => ({
  person: one(people, { fields: [completions.personId], references: [people.id] }),
  module: one(serviceModules, { fields: [completions.moduleId], references: [serviceModules.id] }),
}));
