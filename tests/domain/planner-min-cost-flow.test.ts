/**
 * The planner's engine, checked on its own: the network simplex with lexicographic costs
 * against enumeration of every integral flow on tiny networks, and against an independent
 * algorithm (per-level cost scaling) on larger ones.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COST_LEVELS, FlowNetwork, solveMinCostFlow, UNLIMITED } from "~/domain/planner/min-cost-flow";
import { solveLexicographicFlow } from "../bench/lexicographic-cost-scaling";
import { randomSource, type RandomSource } from "../bench/planner-instances";

interface ArcSpec {
  from: number;
  to: number;
  capacity: number;
  cost: number[];
}

interface Spec {
  nodes: number;
  arcs: ArcSpec[];
  supply: number[];
}

/** A random network whose supplies come from a random flow, so that one feasible flow exists. */
function randomSpec(rng: RandomSource, nodes: number, arcCount: number, maxCapacity: number, negative: boolean): Spec {
  const arcs: ArcSpec[] = [];
  const supply = new Array<number>(nodes).fill(0);
  for (let a = 0; a < arcCount; a++) {
    const from = rng.int(0, nodes - 1);
    let to = rng.int(0, nodes - 2);
    if (to >= from) to++;
    const capacity = rng.int(0, maxCapacity);
    const low = negative ? -3 : 0;
    const cost = Array.from({ length: COST_LEVELS }, () => (rng.chance(0.5) ? 0 : rng.int(low, 4)));
    arcs.push({ from, to, capacity, cost });
    const used = rng.int(0, capacity);
    supply[from] += used;
    supply[to] -= used;
  }
  return { nodes, arcs, supply };
}

function networkOf(spec: Spec): FlowNetwork {
  const network = new FlowNetwork(spec.nodes);
  for (const a of spec.arcs) network.addArc(a.from, a.to, a.capacity, ...(a.cost as [number, number, number, number]));
  spec.supply.forEach((s, v) => (network.supply[v] = s));
  return network;
}

function compareVectors(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** The lexicographically least cost over every integral flow, or undefined if none exists. */
function enumeratedOptimum(spec: Spec): number[] | undefined {
  let best: number[] | undefined;
  const balance = [...spec.supply];
  const total = new Array<number>(COST_LEVELS).fill(0);
  const visit = (k: number): void => {
    if (k === spec.arcs.length) {
      if (balance.every((b) => b === 0) && (!best || compareVectors(total, best) < 0)) best = [...total];
      return;
    }
    const arc = spec.arcs[k];
    for (let f = 0; f <= arc.capacity; f++) {
      balance[arc.from] -= f;
      balance[arc.to] += f;
      for (let l = 0; l < COST_LEVELS; l++) total[l] += f * arc.cost[l];
      visit(k + 1);
      balance[arc.from] += f;
      balance[arc.to] -= f;
      for (let l = 0; l < COST_LEVELS; l++) total[l] -= f * arc.cost[l];
    }
  };
  visit(0);
  return best;
}

/** The flow meets every supply within the capacities, and its cost is what the solver says. */
function expectFeasible(spec: Spec, flow: Int32Array, cost: number[]): void {
  const balance = [...spec.supply];
  const total = new Array<number>(COST_LEVELS).fill(0);
  spec.arcs.forEach((arc, a) => {
    expect(flow[a]).toBeGreaterThanOrEqual(0);
    expect(flow[a]).toBeLessThanOrEqual(arc.capacity);
    balance[arc.from] -= flow[a];
    balance[arc.to] += flow[a];
    for (let l = 0; l < COST_LEVELS; l++) total[l] += flow[a] * arc.cost[l];
  });
  expect(balance.every((b) => b === 0)).toBe(true);
  expect(total).toEqual(cost);
}

describe("solveMinCostFlow", () => {
  it("finds the lexicographic optimum of every tiny network, costs of any sign", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 8 }), (seed, nodes, arcs) => {
        const spec = randomSpec(randomSource(seed), nodes, arcs, 2, true);
        const { flow, cost } = solveMinCostFlow(networkOf(spec));
        expectFeasible(spec, flow, cost);
        expect(cost).toEqual(enumeratedOptimum(spec));
      }),
      { numRuns: 400 },
    );
  });

  it("agrees with per-level cost scaling on networks of a few dozen nodes", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 5, max: 40 }), (seed, nodes) => {
        const spec = randomSpec(randomSource(seed), nodes, nodes * 4, 6, false);
        // Uncapacitated arcs too: with costs of one sign no cycle can run away.
        spec.arcs.forEach((a, i) => {
          if (i % 7 === 0) a.capacity = UNLIMITED;
        });
        const simplex = solveMinCostFlow(networkOf(spec));
        const scaling = solveLexicographicFlow(networkOf(spec));
        expectFeasible(spec, simplex.flow, simplex.cost);
        expectFeasible(spec, scaling.flow, scaling.cost);
        expect(simplex.cost).toEqual(scaling.cost);
      }),
      { numRuns: 150 },
    );
  });

  it("ranks levels strictly: one unit of a higher level outweighs any amount below it", () => {
    // Two routes from 0 to 1; the second is cheaper at level 0 by one, dearer below by a lot.
    const network = new FlowNetwork(2);
    network.addArc(0, 1, 5, 1, 0, 0, 0);
    network.addArc(0, 1, 5, 0, 1e12, 1e12, 1e12);
    network.supply[0] = 3;
    network.supply[1] = -3;
    const { flow, cost } = solveMinCostFlow(network);
    expect([...flow]).toEqual([0, 3]);
    expect(cost).toEqual([0, 3e12, 3e12, 3e12]);
  });

  it("starts from a caller's tree when it is strongly feasible, and from scratch otherwise", () => {
    // 0 → 1 → 2 and a direct 0 → 2 that is dearer at the last level.
    const network = new FlowNetwork(3);
    const viaMiddle = network.addArc(0, 1, 4, 0, 0, 0, 1);
    const onward = network.addArc(1, 2, 4, 0, 0, 0, 1);
    const direct = network.addArc(0, 2, UNLIMITED, 0, 0, 0, 3);
    network.supply[0] = 2;
    network.supply[2] = -2;
    const good = Int32Array.from([direct, onward, -1]);
    const cyclic = Int32Array.from([viaMiddle, viaMiddle, -1]);
    for (const initialTree of [good, cyclic, undefined]) {
      const { flow, cost } = solveMinCostFlow(network, { initialTree });
      expect([...flow]).toEqual([2, 2, 0]);
      expect(cost).toEqual([0, 0, 0, 4]);
    }
  });

  it("says so when no flow meets the supplies", () => {
    const network = new FlowNetwork(2);
    network.addArc(0, 1, 1, 0);
    network.supply[0] = 2;
    network.supply[1] = -2;
    expect(() => solveMinCostFlow(network)).toThrow("No flow meets every supply and demand.");
    const unbalanced = new FlowNetwork(2);
    unbalanced.supply[0] = 1;
    expect(() => solveMinCostFlow(unbalanced)).toThrow("Supplies and demands must balance.");
  });
});
