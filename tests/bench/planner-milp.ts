/**
 * The planner's optimum from an independent exact method: the model written as a
 * mixed-integer program from the literal eligibility rule and solved by HiGHS, one level of the
 * objective at a time, each optimum kept as a constraint for the next level.
 */
import highsLoader from "highs";
import type { PlannerInput, PlanObjective } from "~/domain/planner";
import { literalOptions } from "./planner-reference";

type Highs = Awaited<ReturnType<typeof highsLoader>>;

let loaded: Promise<Highs> | undefined;

function solver(): Promise<Highs> {
  loaded ??= highsLoader();
  return loaded;
}

/** Σ coefficient·variable in LP-file syntax, wrapped so no line grows too long. */
function sum(terms: Array<[number, string]>): string {
  if (terms.length === 0) return "0 dummy";
  const parts = terms.map(([c, v], i) => `${i === 0 ? (c < 0 ? "-" : "") : c < 0 ? "- " : "+ "}${Math.abs(c)} ${v}`);
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 20) lines.push(parts.slice(i, i + 20).join(" "));
  return lines.join("\n ");
}

export async function milpOptimum(input: PlannerInput): Promise<PlanObjective> {
  const highs = await solver();
  const options = literalOptions(input);
  const departmentOf = new Map(input.people.map((p) => [p.id, p.departmentId]));

  const x: Array<{ name: string; person: number; session: number; days: number; hours: number; host: number }> = [];
  for (const [person, list] of options) {
    for (const o of list) {
      x.push({
        name: `x${x.length}`,
        person,
        session: o.session.id,
        days: o.days,
        hours: o.hours,
        host: o.session.hostId,
      });
    }
  }

  const rows: string[] = [];
  const byPerson = new Map<number, string[]>();
  const bySession = new Map<number, string[]>();
  const bySessionDepartment = new Map<string, string[]>();
  const byHost = new Map<number, string[]>();
  const push = <K>(map: Map<K, string[]>, key: K, v: string) => {
    const list = map.get(key);
    if (list) list.push(v);
    else map.set(key, [v]);
  };
  for (const v of x) {
    push(byPerson, v.person, v.name);
    push(bySession, v.session, v.name);
    push(bySessionDepartment, `${v.session}:${departmentOf.get(v.person)}`, v.name);
    push(byHost, v.host, v.name);
  }
  let r = 0;
  for (const names of byPerson.values()) rows.push(` r${r++}: ${sum(names.map((n) => [1, n]))} <= 1`);
  const sessionById = new Map(input.sessions.map((s) => [s.id, s]));
  for (const [id, names] of bySession)
    rows.push(` r${r++}: ${sum(names.map((n) => [1, n]))} <= ${sessionById.get(id)!.seatsLeft}`);
  for (const [key, names] of bySessionDepartment) {
    const [sid, did] = key.split(":").map(Number);
    const s = sessionById.get(sid)!;
    if (s.departmentCap === null) continue;
    rows.push(` r${r++}: ${sum(names.map((n) => [1, n]))} <= ${s.departmentCap - (s.bookedByDepartment[did] ?? 0)}`);
  }
  // A host's load n counts as Σ_k (2k − 1)·y_k with Σ_k y_k = n: the cheapest filling is
  // y_1 … y_n = 1, whose cost is n², and nothing cheaper meets the sum.
  const loadTerms: Array<[number, string]> = [];
  const yNames: string[] = [];
  for (const [host, names] of byHost) {
    const ys: string[] = [];
    for (let k = 1; k <= names.length; k++) {
      const y = `y${host}_${k}`;
      ys.push(y);
      yNames.push(y);
      loadTerms.push([2 * k - 1, y]);
    }
    rows.push(
      ` r${r++}: ${sum([...ys.map((y): [number, string] => [1, y]), ...names.map((n): [number, string] => [-1, n])])} = 0`,
    );
  }

  const placed = sum(x.map((v) => [1, v.name]));
  const urgency = sum(x.map((v) => [v.days, v.name]));
  const hostLoad = sum(loadTerms);
  const earliness = sum(x.map((v) => [v.hours, v.name]));
  const bounds = [...yNames.map((y) => ` 0 <= ${y} <= 1`), " dummy = 0"];
  const binaries = x.map((v) => v.name);

  const solveFor = (sense: "Maximize" | "Minimize", objective: string, extra: string[]): number => {
    const text = [
      sense,
      ` obj: ${objective}`,
      "Subject To",
      ...rows,
      ...extra,
      "Bounds",
      ...bounds,
      ...(binaries.length > 0 ? ["Binaries", ` ${binaries.join(" ")}`] : []),
      "End",
    ].join("\n");
    const result = highs.solve(text, { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-9 });
    if (result.Status !== "Optimal") throw new Error(`HiGHS ended with ${result.Status}`);
    return Math.round(result.ObjectiveValue);
  };

  const best: PlanObjective = { placed: 0, urgency: 0, hostLoad: 0, earliness: 0 };
  best.placed = solveFor("Maximize", placed, []);
  const fixed = [` f1: ${placed} >= ${best.placed}`];
  best.urgency = solveFor("Minimize", urgency, fixed);
  fixed.push(` f2: ${urgency} <= ${best.urgency}`);
  best.hostLoad = solveFor("Minimize", hostLoad, fixed);
  fixed.push(` f3: ${hostLoad} <= ${best.hostLoad}`);
  best.earliness = solveFor("Minimize", earliness, fixed);
  return best;
}
