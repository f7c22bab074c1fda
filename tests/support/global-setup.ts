import { execFileSync } from "node:child_process";

/**
 * Route and browser tests run the real production build, so build it once per test run.
 * FRONTLINE_SKIP_BUILD=1 reuses an existing build while iterating on domain tests.
 */
export default function setup() {
  if (process.env.FRONTLINE_SKIP_BUILD === "1") return;
  // Without VITEST in its environment, vite.config.ts turns the Remix plugin on.
  const { VITEST: _vitest, VITEST_MODE: _mode, ...env } = process.env;
  execFileSync("node_modules/.bin/remix", ["vite:build"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...env, NODE_ENV: "production" },
  });
}
