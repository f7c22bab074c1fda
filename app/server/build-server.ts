/**
 * `npm run build`'s second step: the server (and the planner's process) as plain JavaScript in
 * build/app/, so `npm start` runs them with Node alone. Our own modules (`~/…` and relative ones)
 * are bundled; packages stay in node_modules, imported as they are.
 */
import { build, type Plugin } from "esbuild";

/** Everything imported by a bare name (a package, or `node:…`) is left to Node at run time. */
const packagesStayOutside: Plugin = {
  name: "packages-stay-outside",
  setup(builder) {
    builder.onResolve({ filter: /^[^./~]/ }, (args) => ({ path: args.path, external: true }));
  },
};

await build({
  entryPoints: ["app/server/main.ts", "app/models/planning-process.server.ts"],
  outdir: "build/app",
  outbase: "app",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  plugins: [packagesStayOutside],
  logLevel: "warning",
});
