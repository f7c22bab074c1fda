CREATE TABLE `plan_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`person_name` text NOT NULL,
	`session_id` integer,
	`starts_at` integer,
	`reason` text NOT NULL,
	`state` text DEFAULT 'proposed' NOT NULL,
	`booking_id` integer,
	`refusal` text,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "plan_lines_state_check" CHECK("plan_lines"."state" in ('proposed', 'booked', 'refused'))
);
--> statement-breakpoint
CREATE INDEX `plan_lines_session_order_idx` ON `plan_lines` (`plan_id`,`starts_at`,`session_id`);--> statement-breakpoint
CREATE INDEX `plan_lines_person_order_idx` ON `plan_lines` (`plan_id`,`person_name`,`person_id`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`made_by_id` integer NOT NULL,
	`made_at` integer NOT NULL,
	`scope` text NOT NULL,
	`department_id` integer,
	`weeks` integer NOT NULL,
	`people_with_needs` integer NOT NULL,
	`sessions_offered` integer NOT NULL,
	`summary` text NOT NULL,
	FOREIGN KEY (`made_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "plans_scope_check" CHECK("plans"."scope" in ('team', 'department', 'everyone'))
);
--> statement-breakpoint
CREATE INDEX `plans_made_by_idx` ON `plans` (`made_by_id`,`made_at`);--> statement-breakpoint
CREATE TABLE `reporting_lines` (
	`manager_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`depth` integer NOT NULL,
	PRIMARY KEY(`manager_id`, `person_id`),
	FOREIGN KEY (`manager_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reporting_lines_person_idx` ON `reporting_lines` (`person_id`,`manager_id`);--> statement-breakpoint
CREATE TABLE `training_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "training_version_one_row" CHECK("training_version"."id" = 1)
);
--> statement-breakpoint
DROP INDEX `people_department_idx`;--> statement-breakpoint
ALTER TABLE `people` ADD `team_calendar_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `people_active_name_idx` ON `people` (`active`,lower("name"),`id`);--> statement-breakpoint
CREATE INDEX `people_active_department_idx` ON `people` (`active`,`department_id`,`is_host`,`is_manager`);--> statement-breakpoint
CREATE INDEX `people_department_idx` ON `people` (`department_id`,`active`,lower("name"));--> statement-breakpoint
DROP INDEX `sessions_starts_idx`;--> statement-breakpoint
CREATE INDEX `sessions_starts_idx` ON `sessions` (`starts_at`,`status`);--> statement-breakpoint
CREATE INDEX `assignments_person_status_idx` ON `assignments` (`person_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `audit_log_action_idx` ON `audit_log` (`action`,`at`);--> statement-breakpoint
-- The reporting line as it stands: every manager above each person, at any depth (the depth bound
-- and `min` keep a mistaken cycle, which the directory refuses, from looping here).
INSERT INTO `reporting_lines` (`manager_id`, `person_id`, `depth`)
  WITH RECURSIVE `line`(`manager_id`, `person_id`, `depth`) AS (
    SELECT `manager_id`, `id`, 1 FROM `people` WHERE `manager_id` IS NOT NULL
    UNION
    SELECT `up`.`manager_id`, `line`.`person_id`, `line`.`depth` + 1
      FROM `line` JOIN `people` `up` ON `up`.`id` = `line`.`manager_id`
      WHERE `up`.`manager_id` IS NOT NULL AND `line`.`depth` < 64
  )
  SELECT `manager_id`, `person_id`, min(`depth`) FROM `line`
  WHERE `manager_id` <> `person_id` GROUP BY `manager_id`, `person_id`;
--> statement-breakpoint
-- A new person sits below their manager and everyone above them.
CREATE TRIGGER `people_line_insert` AFTER INSERT ON `people` WHEN new.`manager_id` IS NOT NULL BEGIN
  INSERT INTO `reporting_lines` (`manager_id`, `person_id`, `depth`)
    SELECT new.`manager_id`, new.`id`, 1
    UNION ALL
    SELECT `manager_id`, new.`id`, `depth` + 1 FROM `reporting_lines` WHERE `person_id` = new.`manager_id`;
END;
--> statement-breakpoint
-- A person who moves takes everyone below them along: the links from their old line above to their
-- part of the tree go, and links from the new line above come. Moving a person below someone of
-- their own part would repeat a link, and the primary key refuses it.
CREATE TRIGGER `people_line_move` AFTER UPDATE OF `manager_id` ON `people`
  WHEN old.`manager_id` IS NOT new.`manager_id`
BEGIN
  DELETE FROM `reporting_lines`
    WHERE `person_id` IN (SELECT `person_id` FROM `reporting_lines` WHERE `manager_id` = new.`id` UNION ALL SELECT new.`id`)
      AND `manager_id` NOT IN (SELECT `person_id` FROM `reporting_lines` WHERE `manager_id` = new.`id` UNION ALL SELECT new.`id`);
  INSERT INTO `reporting_lines` (`manager_id`, `person_id`, `depth`)
    SELECT `up`.`manager_id`, `down`.`person_id`, `up`.`depth` + `down`.`depth` + 1
    FROM (SELECT `manager_id`, `depth` FROM `reporting_lines` WHERE `person_id` = new.`manager_id`
          UNION ALL SELECT new.`manager_id`, 0) AS `up`
    CROSS JOIN (SELECT `person_id`, `depth` FROM `reporting_lines` WHERE `manager_id` = new.`id`
          UNION ALL SELECT new.`id`, 0) AS `down`
    WHERE new.`manager_id` IS NOT NULL;
END;
--> statement-breakpoint
-- A change to anyone's calendar raises the team version of everyone above them, so a team feed's
-- ETag is read with its token, from one row.
CREATE TRIGGER `people_team_calendar` AFTER UPDATE OF `calendar_version` ON `people`
  WHEN old.`calendar_version` IS NOT new.`calendar_version`
BEGIN
  UPDATE `people` SET `team_calendar_version` = `team_calendar_version` + 1
    WHERE `id` IN (SELECT `manager_id` FROM `reporting_lines` WHERE `person_id` = new.`id`);
END;
--> statement-breakpoint
-- Names and e-mail addresses by their three-letter pieces, so "contains" searches (the directory,
-- the audit log's actor, the outbox's recipient) find people through an index. Triggers keep it.
CREATE VIRTUAL TABLE `people_search` USING fts5(`name`, `email`, content='people', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
INSERT INTO `people_search` (`people_search`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `people_search_insert` AFTER INSERT ON `people` BEGIN
  INSERT INTO `people_search` (`rowid`, `name`, `email`) VALUES (new.`id`, new.`name`, new.`email`);
END;
--> statement-breakpoint
CREATE TRIGGER `people_search_update` AFTER UPDATE OF `name`, `email` ON `people` BEGIN
  INSERT INTO `people_search` (`people_search`, `rowid`, `name`, `email`) VALUES ('delete', old.`id`, old.`name`, old.`email`);
  INSERT INTO `people_search` (`rowid`, `name`, `email`) VALUES (new.`id`, new.`name`, new.`email`);
END;
--> statement-breakpoint
CREATE TRIGGER `people_search_delete` AFTER DELETE ON `people` BEGIN
  INSERT INTO `people_search` (`people_search`, `rowid`, `name`, `email`) VALUES ('delete', old.`id`, old.`name`, old.`email`);
END;
--> statement-breakpoint
INSERT INTO `training_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
-- Counts over a whole team or the company are remembered against this version: any change to
-- who is where, what is assigned, what is held or what a module asks raises it.
CREATE TRIGGER `people_training_insert` AFTER INSERT ON `people` BEGIN
  UPDATE `training_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `people_training_update` AFTER UPDATE OF `name`, `title`, `department_id`, `manager_id`, `active` ON `people` BEGIN
  UPDATE `training_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `people_training_delete` AFTER DELETE ON `people` BEGIN
  UPDATE `training_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `assignments_training_insert` AFTER INSERT ON `assignments` BEGIN
  UPDATE `training_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `assignments_training_update` AFTER UPDATE ON `assignments` BEGIN
  UPDATE `training_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `assignments_training_delete` AFTER DELETE ON `assignments` BEGIN
  UPDATE `training_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `completions_training_insert` AFTER INSERT ON `completions` BEGIN
  UPDATE `training_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `completions_training_update` AFTER UPDATE ON `completions` BEGIN
  UPDATE `training_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `completions_training_delete` AFTER DELETE ON `completions` BEGIN
  UPDATE `training_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `service_modules_training_insert` AFTER INSERT ON `service_modules` BEGIN
  UPDATE `training_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `service_modules_training_update` AFTER UPDATE ON `service_modules` BEGIN
  UPDATE `training_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `departments_training_insert` AFTER INSERT ON `departments` BEGIN
  UPDATE `training_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `departments_training_update` AFTER UPDATE ON `departments` BEGIN
  UPDATE `training_version` SET `version` = `version` + 1;
END;
