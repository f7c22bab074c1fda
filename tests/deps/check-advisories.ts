/**
 * `npm run deps:check`: asks `npm audit` about the runtime dependencies (what `npm ci --omit=dev`
 * installs) and fails on every high or critical advisory it reports, printing each with the
 * installed path and the fix. Lower ones are listed without failing.
 *
 * Exit status: 0 none high or critical, 1 some, 2 the audit could not be done (the registry or
 * its advisory service did not answer), so a caller can tell "clean" from "not checked".
 */
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";

const FAILING = new Set(["high", "critical"]);

interface Advisory {
  source?: number;
  name: string;
  title: string;
  url: string;
  severity: string;
  range: string;
}

interface Vulnerability {
  name: string;
  severity: string;
  via: (Advisory | string)[];
  nodes?: string[];
  fixAvailable?: boolean | { name: string; version: string; isSemVerMajor?: boolean };
}

/** What `npm audit --json` prints: a report, or an error when it could not ask. */
export interface AuditOutput {
  vulnerabilities?: Record<string, Vulnerability>;
  error?: { code?: string; summary?: string; detail?: string };
  message?: string;
  statusCode?: number;
}

export type Verdict =
  { kind: "unavailable"; reason: string } | { kind: "checked"; failing: string[]; others: string[] };

/** Sorts the report's advisories into those that fail the check and the rest. */
export function judge(output: AuditOutput): Verdict {
  if (!output.vulnerabilities) {
    const reason =
      output.message ||
      [output.error?.code, output.error?.summary, output.error?.detail].filter(Boolean).join(": ") ||
      "npm audit gave no report";
    return { kind: "unavailable", reason };
  }
  const failing: string[] = [];
  const others: string[] = [];
  for (const vulnerability of Object.values(output.vulnerabilities)) {
    for (const via of vulnerability.via) {
      // A string names a dependency whose own advisory is listed under its name.
      if (typeof via === "string") continue;
      const where = vulnerability.nodes?.length ? ` (${vulnerability.nodes.join(", ")})` : "";
      const line = `${via.severity} ${via.name} ${via.range}: ${via.title} ${via.url}${where}${fixOf(vulnerability)}`;
      (FAILING.has(via.severity) ? failing : others).push(line);
    }
  }
  return { kind: "checked", failing: [...new Set(failing)].sort(), others: [...new Set(others)].sort() };
}

function fixOf(vulnerability: Vulnerability): string {
  const fix = vulnerability.fixAvailable;
  if (fix === true) return "; fix: npm audit fix";
  if (fix && typeof fix === "object")
    return `; fix: ${fix.name}@${fix.version}${fix.isSemVerMajor ? " (a new major version)" : ""}`;
  return "; no fixed version yet (an override in package.json, or a replacement)";
}

export function runAudit(): AuditOutput {
  const result = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8", timeout: 120_000 });
  try {
    return JSON.parse(result.stdout) as AuditOutput;
  } catch {
    return { message: (result.error?.message ?? result.stderr.trim()) || "npm audit printed no report" };
  }
}

function main(): number {
  const verdict = judge(runAudit());
  if (verdict.kind === "unavailable") {
    console.error(`The dependencies could not be checked: ${verdict.reason}`);
    return 2;
  }
  for (const line of verdict.others) console.log(`  ${line}`);
  if (verdict.failing.length === 0) {
    console.log(`No high or critical advisories for the runtime dependencies (${verdict.others.length} lower).`);
    return 0;
  }
  console.error(`${verdict.failing.length} high or critical advisories for the runtime dependencies:`);
  for (const line of verdict.failing) console.error(`  ${line}`);
  return 1;
}

// The test imports `judge`; only `tsx tests/deps/check-advisories.ts` itself runs the audit.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(main());
