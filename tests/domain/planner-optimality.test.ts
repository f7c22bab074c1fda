/**
 * The planner is optimal: on small instances its objective equals exhaustive search over every
 * plan, on medium ones the optimum HiGHS proves for the same model written as a MILP. Both
 * yardsticks read the eligibility rule literally (tests/bench/planner-reference.ts) and share
 * no code with the planner.
 */
import { describe, expect, it } from "vitest";
import { planPairings, type PlannerInput } from "~/domain/planner";
import { syntheticCompany, tinyInstance } from "../bench/planner-instances";
import { milpOptimum } from "../bench/planner-milp";
import { evaluatePlan, exhaustiveOptimum } from "../bench/planner-reference";

function checkedPlan(input: PlannerInput) {
  const result = planPairings(input);
  const { violations, objective } = evaluatePlan(input, result.proposals);
  expect(violations).toEqual([]);
  // The objective the planner reports is the one its proposals earn.
  expect(result.objective).toEqual(objective);
  return result;
}

describe("planPairings is optimal", () => {
  it("matches exhaustive search on 400 random instances of up to 8 people and 6 sessions", () => {
    let contested = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const input = tinyInstance(seed, { people: 1 + (seed % 8), sessions: 1 + ((seed >> 3) % 6) });
      const result = checkedPlan(input);
      expect(result.objective, `seed ${seed}`).toEqual(exhaustiveOptimum(input));
      if (result.unplaced.some((u) => u.reason.code === "seats_taken")) contested++;
    }
    // The instances are not all easy: in many, someone with options is left out.
    expect(contested).toBeGreaterThan(60);
  });

  it("matches exhaustive search when seats are scarce and everyone shares one department", () => {
    for (let seed = 1000; seed < 1100; seed++) {
      const input = tinyInstance(seed, { people: 8, sessions: 4, departments: 1, hosts: 2 });
      expect(checkedPlan(input).objective, `seed ${seed}`).toEqual(exhaustiveOptimum(input));
    }
  });

  it("matches exhaustive search when most assignments are overdue, skipping none that a seat can serve", () => {
    let overduePlaced = 0;
    for (let seed = 2000; seed < 2300; seed++) {
      const input = tinyInstance(seed, { people: 1 + (seed % 8), sessions: 1 + ((seed >> 3) % 6), overdue: 0.7 });
      const result = checkedPlan(input);
      expect(result.objective, `seed ${seed}`).toEqual(exhaustiveOptimum(input));
      overduePlaced += result.proposals.filter((p) => p.dueAt <= input.now).length;
    }
    expect(overduePlaced).toBeGreaterThan(300);
  });

  for (const seed of [11, 12]) {
    it(`matches HiGHS on a company of 200 people and 40 sessions (seed ${seed})`, async () => {
      const input = syntheticCompany({ people: 200, sessions: 40, assignments: 400, seed });
      const result = checkedPlan(input);
      expect(result.diagnostics.eligiblePairs).toBeGreaterThan(1000);
      expect(result.objective).toEqual(await milpOptimum(input));
    });
  }

  for (const seed of [22]) {
    it(`matches HiGHS on 200 crowded people and 40 sessions (seed ${seed})`, async () => {
      const input = tinyInstance(seed, { people: 200, sessions: 40, departments: 4, kinds: 3, hosts: 8 });
      const result = checkedPlan(input);
      expect(result.unplaced.filter((u) => u.reason.code === "seats_taken").length).toBeGreaterThan(50);
      expect(result.objective).toEqual(await milpOptimum(input));
    });
  }
});
