// Runs the calendar time checks with the server's clock in UTC. The zone is set before any check
// runs (imports make no Dates), and the first check proves it took effect.
process.env.TZ = "UTC";

import { freshDatabase } from "../support/db";
import { checkCalendarTimesIn } from "./calendar-times";

const { db } = await freshDatabase();
checkCalendarTimesIn("UTC", 0, db);
