// Runs the typed-local-time checks with the server's clock in Asia/Kolkata. The zone is set before any
// check runs (imports make no Dates), and the first check proves it took effect.
process.env.TZ = "Asia/Kolkata";

import { checkLocalTimesUnder } from "./time-zones";

checkLocalTimesUnder("Asia/Kolkata", { january: -330, july: -330 });
