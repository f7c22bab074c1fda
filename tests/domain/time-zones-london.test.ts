// Runs the typed-local-time checks with the server's clock in Europe/London. The zone is set before any
// check runs (imports make no Dates), and the first check proves it took effect.
process.env.TZ = "Europe/London";

import { checkLocalTimesUnder } from "./time-zones";

checkLocalTimesUnder("Europe/London", { january: 0, july: -60 });
