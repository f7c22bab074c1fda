-- A module's rule may count attended time: `required_minutes` set means "this much time of the
-- kind". Every existing module keeps counting sessions (the column starts empty). Added in place,
-- not by rebuilding the table, so the triggers on `service_modules` stay.
ALTER TABLE `service_modules` ADD `required_minutes` integer CONSTRAINT "service_modules_minutes_check" CHECK("required_minutes" is null or ("required_minutes" between 30 and 12000 and "required_minutes" % 30 = 0));
