// Runs the calendar time checks with the server's clock in America/New_York. The zone is set before any check
// runs (imports make no Dates), and the first check proves it took effect.
process.env.TZ = "America/New_York";

import { checkCalendarTimesIn } from "./calendar-times";

checkCalendarTimesIn("America/New_York", 300);
