// Runs the typed-local-time checks with the server's clock in America/New_York. The zone is set before any
// check runs (imports make no Dates), and the first check proves it took effect.
process.env.TZ = "America/New_York";

import { checkLocalTimesUnder } from "./time-zones";

checkLocalTimesUnder("America/New_York", { january: 300, july: 240 });
