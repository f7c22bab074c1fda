CREATE TABLE `sign_in_throttles` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`lockouts` integer DEFAULT 0 NOT NULL,
	`last_failure_at` integer NOT NULL,
	`locked_until` integer,
	`forget_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_throttles_forget_idx` ON `sign_in_throttles` (`forget_at`);--> statement-breakpoint
CREATE TABLE `sign_ins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`user_agent` text DEFAULT '' NOT NULL,
	`client_address` text DEFAULT '' NOT NULL,
	`ended_at` integer,
	`ended_reason` text,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sign_ins_ended_check" CHECK(("sign_ins"."ended_at" is null) = ("sign_ins"."ended_reason" is null)),
	CONSTRAINT "sign_ins_reason_check" CHECK("sign_ins"."ended_reason" is null or "sign_ins"."ended_reason" in ('signed_out', 'signed_out_elsewhere', 'signed_out_remotely', 'signed_out_by_admin', 'password_changed', 'password_set_by_link', 'switched_off', 'roles_changed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sign_ins_token_unique` ON `sign_ins` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sign_ins_live_person_idx` ON `sign_ins` (`person_id`,`last_seen_at`) WHERE "sign_ins"."ended_at" is null;