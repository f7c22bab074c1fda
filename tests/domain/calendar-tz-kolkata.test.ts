// Runs the calendar time checks with the server's clock in Asia/Kolkata. The zone is set before any check
// runs (imports make no Dates), and the first check proves it took effect.
process.env.TZ = "Asia/Kolkata";

import { checkCalendarTimesIn } from "./calendar-times";

checkCalendarTimesIn("Asia/Kolkata", -330);
