// Runs the calendar time checks with the server's clock in UTC. The zone is set before any check
// runs (imports make no Dates), and the first check proves it took effect.
process.env.TZ = "UTC";

import { checkCalendarTimesIn } from "./calendar-times";

checkCalendarTimesIn("UTC", 0);
