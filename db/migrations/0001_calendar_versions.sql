CREATE TABLE `calendar_shared_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "calendar_shared_version_one_row" CHECK("calendar_shared_version"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE `people` ADD `calendar_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
INSERT INTO `calendar_shared_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
-- A person's calendar_version rises with every change to their bookings, to the sessions they are
-- booked on (cancelled bookings too: those stay in feeds for 30 days) and to the sessions they host,
-- including who books them. Triggers do it, so no writer can forget.
CREATE TRIGGER `bookings_calendar_insert` AFTER INSERT ON `bookings` BEGIN
  UPDATE `people` SET `calendar_version` = `calendar_version` + 1 WHERE `id` = new.`person_id`;
  UPDATE `people` SET `calendar_version` = `calendar_version` + 1
    WHERE `id` = (SELECT `host_id` FROM `sessions` WHERE `id` = new.`session_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `bookings_calendar_update` AFTER UPDATE ON `bookings` BEGIN
  UPDATE `people` SET `calendar_version` = `calendar_version` + 1 WHERE `id` IN (old.`person_id`, new.`person_id`);
  UPDATE `people` SET `calendar_version` = `calendar_version` + 1
    WHERE `id` IN (SELECT `host_id` FROM `sessions` WHERE `id` IN (old.`session_id`, new.`session_id`));
END;
--> statement-breakpoint
CREATE TRIGGER `bookings_calendar_delete` AFTER DELETE ON `bookings` BEGIN
  UPDATE `people` SET `calendar_version` = `calendar_version` + 1 WHERE `id` = old.`person_id`;
  UPDATE `people` SET `calendar_version` = `calendar_version` + 1
    WHERE `id` = (SELECT `host_id` FROM `sessions` WHERE `id` = old.`session_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `sessions_calendar_insert` AFTER INSERT ON `sessions` BEGIN
  UPDATE `people` SET `calendar_version` = `calendar_version` + 1 WHERE `id` = new.`host_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `sessions_calendar_update` AFTER UPDATE ON `sessions` BEGIN
  UPDATE `people` SET `calendar_version` = `calendar_version` + 1 WHERE `id` IN (old.`host_id`, new.`host_id`);
  UPDATE `people` SET `calendar_version` = `calendar_version` + 1
    WHERE `id` IN (SELECT `person_id` FROM `bookings` WHERE `session_id` IN (old.`id`, new.`id`));
END;
--> statement-breakpoint
CREATE TRIGGER `sessions_calendar_delete` AFTER DELETE ON `sessions` BEGIN
  UPDATE `people` SET `calendar_version` = `calendar_version` + 1 WHERE `id` = old.`host_id`;
  UPDATE `people` SET `calendar_version` = `calendar_version` + 1
    WHERE `id` IN (SELECT `person_id` FROM `bookings` WHERE `session_id` = old.`id`);
END;
--> statement-breakpoint
-- What many feeds show at once (names, departments, managers, roles, kinds, module guides) raises
-- the one shared version instead: such changes are rare, and a feed may show any of them.
CREATE TRIGGER `people_calendar_shared` AFTER UPDATE OF `name`, `email`, `department_id`, `manager_id`, `is_admin`, `is_manager`, `active` ON `people`
  WHEN old.`name` IS NOT new.`name` OR old.`email` IS NOT new.`email` OR old.`department_id` IS NOT new.`department_id`
    OR old.`manager_id` IS NOT new.`manager_id` OR old.`is_admin` IS NOT new.`is_admin`
    OR old.`is_manager` IS NOT new.`is_manager` OR old.`active` IS NOT new.`active`
BEGIN
  UPDATE `calendar_shared_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `people_calendar_delete` AFTER DELETE ON `people` BEGIN
  UPDATE `calendar_shared_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `departments_calendar_update` AFTER UPDATE OF `name` ON `departments` BEGIN
  UPDATE `calendar_shared_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `departments_calendar_delete` AFTER DELETE ON `departments` BEGIN
  UPDATE `calendar_shared_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `session_kinds_calendar_update` AFTER UPDATE OF `name`, `on_site` ON `session_kinds` BEGIN
  UPDATE `calendar_shared_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `session_kinds_calendar_delete` AFTER DELETE ON `session_kinds` BEGIN
  UPDATE `calendar_shared_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `service_modules_calendar_insert` AFTER INSERT ON `service_modules` BEGIN
  UPDATE `calendar_shared_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `service_modules_calendar_update` AFTER UPDATE ON `service_modules` BEGIN
  UPDATE `calendar_shared_version` SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `service_modules_calendar_delete` AFTER DELETE ON `service_modules` BEGIN
  UPDATE `calendar_shared_version` SET `version` = `version` + 1;
END;
