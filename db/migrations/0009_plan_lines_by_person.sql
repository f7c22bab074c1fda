DROP INDEX `plan_lines_person_order_idx`;--> statement-breakpoint
CREATE INDEX `plan_lines_placed_by_person_idx` ON `plan_lines` (`plan_id`,`person_name`,`person_id`) WHERE "plan_lines"."session_id" is not null;--> statement-breakpoint
CREATE INDEX `plan_lines_unplaced_by_person_idx` ON `plan_lines` (`plan_id`,`person_name`,`person_id`) WHERE "plan_lines"."session_id" is null;