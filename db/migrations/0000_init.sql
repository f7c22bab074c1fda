CREATE TABLE `assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`module_id` integer NOT NULL,
	`due_on` text NOT NULL,
	`due_at` integer NOT NULL,
	`assigned_by_id` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`completion_id` integer,
	`withdrawn_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`module_id`) REFERENCES `service_modules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`completion_id`) REFERENCES `completions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "assignments_status_check" CHECK("assignments"."status" in ('open', 'completed', 'withdrawn')),
	CONSTRAINT "assignments_due_on_check" CHECK("assignments"."due_on" glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	CONSTRAINT "assignments_withdrawn_check" CHECK(("assignments"."status" = 'withdrawn') = ("assignments"."withdrawn_at" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assignments_one_live_per_module` ON `assignments` (`person_id`,`module_id`) WHERE "assignments"."status" <> 'withdrawn';--> statement-breakpoint
CREATE INDEX `assignments_status_due_idx` ON `assignments` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `assignments_module_idx` ON `assignments` (`module_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer,
	`summary` text DEFAULT '' NOT NULL,
	`details` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`,`at`);--> statement-breakpoint
CREATE TABLE `bookings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`status` text NOT NULL,
	`booked_by_id` integer NOT NULL,
	`source` text DEFAULT 'self' NOT NULL,
	`waitlist_position` integer,
	`reflection` text DEFAULT '' NOT NULL,
	`reflected_at` integer,
	`host_note` text DEFAULT '' NOT NULL,
	`cancelled_at` integer,
	`cancelled_by_id` integer,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`booked_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cancelled_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bookings_status_check" CHECK("bookings"."status" in ('booked', 'waitlisted', 'cancelled', 'attended', 'no_show')),
	CONSTRAINT "bookings_source_check" CHECK("bookings"."source" in ('self', 'manager', 'planner')),
	CONSTRAINT "bookings_waitlist_check" CHECK(("bookings"."status" = 'waitlisted') = ("bookings"."waitlist_position" is not null)),
	CONSTRAINT "bookings_waitlist_positive_check" CHECK("bookings"."waitlist_position" is null or "bookings"."waitlist_position" >= 1),
	CONSTRAINT "bookings_cancelled_check" CHECK(("bookings"."status" = 'cancelled') = ("bookings"."cancelled_at" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_one_live_per_person` ON `bookings` (`session_id`,`person_id`) WHERE "bookings"."status" <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_waitlist_place` ON `bookings` (`session_id`,`waitlist_position`) WHERE "bookings"."status" = 'waitlisted';--> statement-breakpoint
CREATE INDEX `bookings_session_status_idx` ON `bookings` (`session_id`,`status`);--> statement-breakpoint
CREATE INDEX `bookings_person_status_idx` ON `bookings` (`person_id`,`status`);--> statement-breakpoint
CREATE TABLE `calendar_feeds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`scope` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "calendar_feeds_scope_check" CHECK("calendar_feeds"."scope" in ('bookings', 'hosting', 'team'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feeds_token_unique` ON `calendar_feeds` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feeds_one_live_per_scope` ON `calendar_feeds` (`person_id`,`scope`) WHERE "calendar_feeds"."revoked_at" is null;--> statement-breakpoint
CREATE TABLE `completions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`module_id` integer NOT NULL,
	`completed_at` integer NOT NULL,
	`expires_at` integer,
	`source` text NOT NULL,
	`evidence` text DEFAULT '[]' NOT NULL,
	`manual_reason` text DEFAULT '' NOT NULL,
	`signed_off_by_id` integer,
	`revoked_at` integer,
	`revoked_reason` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`module_id`) REFERENCES `service_modules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signed_off_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "completions_source_check" CHECK("completions"."source" in ('evidence', 'manual')),
	CONSTRAINT "completions_manual_check" CHECK("completions"."source" <> 'manual' or ("completions"."signed_off_by_id" is not null and length("completions"."manual_reason") > 0))
);
--> statement-breakpoint
CREATE INDEX `completions_person_module_idx` ON `completions` (`person_id`,`module_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `completions_one_live_per_module` ON `completions` (`person_id`,`module_id`) WHERE "completions"."revoked_at" is null;--> statement-breakpoint
CREATE TABLE `departments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	CONSTRAINT "departments_kind_check" CHECK("departments"."kind" in ('customer_facing', 'back_office'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `departments_name_unique` ON `departments` (lower("name"));--> statement-breakpoint
CREATE TABLE `people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`department_id` integer NOT NULL,
	`manager_id` integer,
	`is_host` integer DEFAULT false NOT NULL,
	`is_manager` integer DEFAULT false NOT NULL,
	`is_admin` integer DEFAULT false NOT NULL,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`password_hash` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`manager_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "people_email_lower_check" CHECK("people"."email" = lower("people"."email")),
	CONSTRAINT "people_not_own_manager_check" CHECK("people"."manager_id" is null or "people"."manager_id" <> "people"."id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_email_unique` ON `people` (`email`);--> statement-breakpoint
CREATE INDEX `people_department_idx` ON `people` (`department_id`);--> statement-breakpoint
CREATE INDEX `people_manager_idx` ON `people` (`manager_id`);--> statement-breakpoint
CREATE TABLE `service_modules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`guide` text DEFAULT '' NOT NULL,
	`rule_kind_id` integer,
	`required_count` integer DEFAULT 1 NOT NULL,
	`reflection_required` integer DEFAULT false NOT NULL,
	`validity_days` integer,
	`core` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`rule_kind_id`) REFERENCES `session_kinds`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "service_modules_count_check" CHECK("service_modules"."required_count" between 1 and 50),
	CONSTRAINT "service_modules_validity_check" CHECK("service_modules"."validity_days" is null or "service_modules"."validity_days" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_modules_title_unique` ON `service_modules` (lower("title"));--> statement-breakpoint
CREATE TABLE `session_kinds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`default_minutes` integer NOT NULL,
	`on_site` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	CONSTRAINT "session_kinds_minutes_check" CHECK("session_kinds"."default_minutes" between 5 and 1440)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `session_kinds_name_unique` ON `session_kinds` (lower("name"));--> statement-breakpoint
CREATE TABLE `session_series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind_id` integer NOT NULL,
	`host_id` integer NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`meeting_url` text DEFAULT '' NOT NULL,
	`customer_name` text DEFAULT '' NOT NULL,
	`customer_confidential` integer DEFAULT false NOT NULL,
	`seats` integer NOT NULL,
	`department_cap` integer,
	`notes` text DEFAULT '' NOT NULL,
	`rrule` text NOT NULL,
	`first_starts_at` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`time_zone` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`kind_id`) REFERENCES `session_kinds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`host_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "session_series_seats_check" CHECK("session_series"."seats" between 1 and 500),
	CONSTRAINT "session_series_duration_check" CHECK("session_series"."duration_minutes" between 5 and 1440)
);
--> statement-breakpoint
CREATE INDEX `session_series_host_idx` ON `session_series` (`host_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`series_id` integer,
	`kind_id` integer NOT NULL,
	`host_id` integer NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`meeting_url` text DEFAULT '' NOT NULL,
	`customer_name` text DEFAULT '' NOT NULL,
	`customer_confidential` integer DEFAULT false NOT NULL,
	`seats` integer NOT NULL,
	`department_cap` integer,
	`notes` text DEFAULT '' NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`time_zone` text NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`cancelled_at` integer,
	`cancel_reason` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`series_id`) REFERENCES `session_series`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kind_id`) REFERENCES `session_kinds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`host_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sessions_times_check" CHECK("sessions"."ends_at" > "sessions"."starts_at"),
	CONSTRAINT "sessions_seats_check" CHECK("sessions"."seats" between 1 and 500),
	CONSTRAINT "sessions_cap_check" CHECK("sessions"."department_cap" is null or "sessions"."department_cap" >= 1),
	CONSTRAINT "sessions_status_check" CHECK("sessions"."status" in ('scheduled', 'cancelled')),
	CONSTRAINT "sessions_cancelled_check" CHECK(("sessions"."status" = 'cancelled') = ("sessions"."cancelled_at" is not null))
);
--> statement-breakpoint
CREATE INDEX `sessions_starts_idx` ON `sessions` (`starts_at`);--> statement-breakpoint
CREATE INDEX `sessions_host_starts_idx` ON `sessions` (`host_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `sessions_kind_starts_idx` ON `sessions` (`kind_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `sessions_series_idx` ON `sessions` (`series_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
