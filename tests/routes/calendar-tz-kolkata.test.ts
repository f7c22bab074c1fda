// Runs the calendar route time checks with the server's clock in Asia/Kolkata. The zone is set before any
// check runs (imports make no Dates), and the first check proves it took effect.
process.env.TZ = "Asia/Kolkata";

import { checkRouteTimesIn } from "./calendar-times";

checkRouteTimesIn("Asia/Kolkata", -330);
