// Runs the typed-local-time checks with the server's clock in Europe/Helsinki. The zone is set before any
// check runs (imports make no Dates), and the first check proves it took effect.
process.env.TZ = "Europe/Helsinki";

import { checkLocalTimesUnder } from "./time-zones";

checkLocalTimesUnder("Europe/Helsinki", { january: -120, july: -180 });
