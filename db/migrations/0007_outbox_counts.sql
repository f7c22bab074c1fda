CREATE TABLE `outbox_counts` (
	`state` text PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Every state has its row from the start, counted from the messages already written.
INSERT INTO `outbox_counts` (`state`, `n`)
  SELECT `state`, (SELECT count(*) FROM `outbox_messages` WHERE `outbox_messages`.`state` = `states`.`state`)
  FROM (SELECT 'pending' AS `state` UNION ALL SELECT 'sent' UNION ALL SELECT 'failed' UNION ALL SELECT 'kept' UNION ALL SELECT 'skipped') AS `states`;
--> statement-breakpoint
CREATE TRIGGER `outbox_counts_insert` AFTER INSERT ON `outbox_messages` BEGIN
  UPDATE `outbox_counts` SET `n` = `n` + 1 WHERE `state` = new.`state`;
END;
--> statement-breakpoint
CREATE TRIGGER `outbox_counts_update` AFTER UPDATE OF `state` ON `outbox_messages` WHEN old.`state` <> new.`state` BEGIN
  UPDATE `outbox_counts` SET `n` = `n` - 1 WHERE `state` = old.`state`;
  UPDATE `outbox_counts` SET `n` = `n` + 1 WHERE `state` = new.`state`;
END;
--> statement-breakpoint
CREATE TRIGGER `outbox_counts_delete` AFTER DELETE ON `outbox_messages` BEGIN
  UPDATE `outbox_counts` SET `n` = `n` - 1 WHERE `state` = old.`state`;
END;
