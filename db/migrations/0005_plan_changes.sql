CREATE INDEX `bookings_updated_idx` ON `bookings` (`updated_at`);--> statement-breakpoint
CREATE INDEX `plan_lines_state_idx` ON `plan_lines` (`plan_id`,`state`,`session_id`);--> statement-breakpoint
CREATE INDEX `sessions_updated_idx` ON `sessions` (`updated_at`);