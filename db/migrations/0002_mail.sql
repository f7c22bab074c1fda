CREATE TABLE `account_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`token_hash` text NOT NULL,
	`message_id` integer,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_id`) REFERENCES `outbox_messages`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "account_tokens_purpose_check" CHECK("account_tokens"."purpose" in ('invitation', 'reset'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `account_tokens_hash_unique` ON `account_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `account_tokens_person_idx` ON `account_tokens` (`person_id`);--> statement-breakpoint
CREATE INDEX `account_tokens_message_idx` ON `account_tokens` (`message_id`);--> statement-breakpoint
CREATE TABLE `mail_preferences` (
	`person_id` integer PRIMARY KEY NOT NULL,
	`choices` text DEFAULT '{}' NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `outbox_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`person_id` integer NOT NULL,
	`change_key` text NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`last_error` text DEFAULT '' NOT NULL,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "outbox_state_check" CHECK("outbox_messages"."state" in ('pending', 'sent', 'failed', 'kept', 'skipped'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_change_unique` ON `outbox_messages` (`change_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox_messages` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_person_idx` ON `outbox_messages` (`person_id`,`id`);--> statement-breakpoint
CREATE INDEX `outbox_kind_idx` ON `outbox_messages` (`kind`,`id`);