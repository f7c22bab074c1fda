// Runs the calendar route time checks with the server's clock in UTC. The zone is set before any
// check runs (imports make no Dates), and the first check proves it took effect.
process.env.TZ = "UTC";

import { checkRouteTimesIn } from "./calendar-times";

checkRouteTimesIn("UTC", 0);
