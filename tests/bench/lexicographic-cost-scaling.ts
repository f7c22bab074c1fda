/**
 * Lexicographic minimum-cost flow: one scalar minimum-cost flow per cost level, each confined to
 * the flows that are optimal for the levels above it, each solved by cost scaling
 * (push–relabel, Goldberg & Tarjan 1990, with Goldberg's 1997 price updates).
 *
 * Why per level: the flows optimal for a level form a face of the flow polytope, and by
 * complementary slackness that face is exactly the set of feasible flows in which every arc
 * with positive reduced cost (under any one optimal dual) carries nothing and every arc with
 * negative reduced cost is full. Freezing those arcs and optimising the next level over the
 * rest yields the lexicographic optimum with small integer costs at every step, where one
 * weighted sum would need weights past 2^53 at company scale.
 *
 * Role: an independent exact algorithm to check the planner's network simplex against
 * (tests/domain/planner-min-cost-flow.test.ts). It shares only the network type with it: a
 * different method, and scalar costs level by level instead of vector costs. Measured on the
 * planner's networks it is slower (2–7 s at 10,000 people), so the planner does not use it.
 *
 * Exactness: costs are multiplied by n + 1 and scaling stops at ε = 1, so the flow is
 * 1/(n+1)-optimal for the integer costs, hence optimal. Exact optimal duals then come from a
 * label-correcting pass (no negative cycle exists in the residual graph of an optimal flow)
 * started from the final prices, which are already within one unit of feasibility.
 */
import { COST_LEVELS, type FlowNetwork, type MinCostFlowResult } from "~/domain/planner/min-cost-flow";

const SCALE_FACTOR = 12;

export function solveLexicographicFlow(network: FlowNetwork): MinCostFlowResult {
  const n = network.nodeCount;
  const m = network.arcCount;
  const m2 = 2 * m;

  // Residual graph in compressed rows: arc a becomes `forward[a]` and its sister.
  const first = new Int32Array(n + 1);
  for (let a = 0; a < m; a++) {
    first[network.arcFrom(a) + 1]++;
    first[network.arcTo(a) + 1]++;
  }
  for (let v = 0; v < n; v++) first[v + 1] += first[v];
  const fill = first.slice(0, n);
  const head = new Int32Array(m2);
  const sister = new Int32Array(m2);
  const residual = new Int32Array(m2);
  const cost = new Float64Array(m2);
  const forward = new Int32Array(m);
  for (let a = 0; a < m; a++) {
    const u = network.arcFrom(a);
    const v = network.arcTo(a);
    const f = fill[u]++;
    const b = fill[v]++;
    head[f] = v;
    head[b] = u;
    sister[f] = b;
    sister[b] = f;
    residual[f] = network.arcCapacity(a);
    forward[a] = f;
  }

  const excess = new Float64Array(n);
  for (let v = 0; v < n; v++) excess[v] = network.supply[v];
  const frozen = new Uint8Array(m);
  const fixedFlow = new Int32Array(m);
  const price = new Float64Array(n);
  const current = new Int32Array(n);
  const queue = new Int32Array(n);
  const queued = new Uint8Array(n);
  const dist = new Float64Array(n);
  const scanned = new Uint8Array(n);
  const scale = n + 1;
  const stats = { pushes: 0, relabels: 0, updates: 0 };

  let qHead = 0;
  let qSize = 0;
  const enqueue = (v: number): void => {
    if (queued[v]) return;
    queued[v] = 1;
    queue[(qHead + qSize++) % n] = v;
  };
  const dequeue = (): number => {
    const v = queue[qHead];
    qHead = (qHead + 1) % n;
    qSize--;
    queued[v] = 0;
    return v;
  };

  // A binary heap of (distance, node) with stale entries skipped on the way out.
  let heapKey = new Float64Array(1024);
  let heapNode = new Int32Array(1024);
  let heapSize = 0;
  const heapPush = (key: number, node: number): void => {
    if (heapSize === heapKey.length) {
      const keys = new Float64Array(heapSize * 2);
      const nodes = new Int32Array(heapSize * 2);
      keys.set(heapKey);
      nodes.set(heapNode);
      heapKey = keys;
      heapNode = nodes;
    }
    let i = heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapKey[parent] <= key) break;
      heapKey[i] = heapKey[parent];
      heapNode[i] = heapNode[parent];
      i = parent;
    }
    heapKey[i] = key;
    heapNode[i] = node;
  };
  const heapPop = (): number => {
    const top = heapNode[0];
    const key = heapKey[--heapSize];
    const node = heapNode[heapSize];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= heapSize) break;
      if (child + 1 < heapSize && heapKey[child + 1] < heapKey[child]) child++;
      if (heapKey[child] >= key) break;
      heapKey[i] = heapKey[child];
      heapNode[i] = heapNode[child];
      i = child;
    }
    heapKey[i] = key;
    heapNode[i] = node;
    return top;
  };

  /**
   * Price update: shortest distances (in units of ε, arc length ⌊c_p/ε⌋ + 1 ≥ 0) from every
   * node to the nearest node with a deficit, then p(v) −= ε·d(v), and ε·(D + 1) for nodes
   * beyond the distance D at which the last excess was reached. Keeps ε-optimality and opens
   * admissible paths from every excess to a deficit.
   */
  const updatePrices = (epsilon: number): void => {
    stats.updates++;
    let active = 0;
    heapSize = 0;
    for (let v = 0; v < n; v++) {
      dist[v] = Infinity;
      scanned[v] = 0;
      if (excess[v] > 0) active++;
      if (excess[v] < 0) {
        dist[v] = 0;
        heapPush(0, v);
      }
    }
    let beyond = 0;
    let stopAt = active === 0 ? -1 : Infinity;
    while (heapSize > 0) {
      const d = heapKey[0];
      if (d > stopAt) break;
      const w = heapPop();
      if (scanned[w] || d !== dist[w]) continue;
      scanned[w] = 1;
      beyond = d + 1;
      if (excess[w] > 0 && --active === 0) stopAt = d;
      const pw = price[w];
      for (let b = first[w]; b < first[w + 1]; b++) {
        const a = sister[b]; // the arc u → w
        if (residual[a] === 0) continue;
        const u = head[b];
        if (scanned[u]) continue;
        const reduced = cost[a] + price[u] - pw;
        const nd = d + (reduced < 0 ? 0 : Math.floor(reduced / epsilon) + 1);
        if (nd < dist[u]) {
          dist[u] = nd;
          heapPush(nd, u);
        }
      }
    }
    if (active > 0) throw new Error("No flow meets every supply and demand.");
    for (let v = 0; v < n; v++) price[v] -= epsilon * (scanned[v] ? dist[v] : beyond);
    for (let v = 0; v < n; v++) current[v] = first[v];
  };

  const refine = (epsilon: number): void => {
    // Saturate every residual arc with negative reduced cost: the flow is then 0-optimal,
    // at the price of excesses and deficits that push–relabel removes.
    for (let v = 0; v < n; v++) {
      const pv = price[v];
      for (let a = first[v]; a < first[v + 1]; a++) {
        const r = residual[a];
        if (r === 0) continue;
        const w = head[a];
        if (cost[a] + pv - price[w] < 0) {
          residual[a] = 0;
          residual[sister[a]] += r;
          excess[v] -= r;
          excess[w] += r;
        }
      }
    }
    updatePrices(epsilon);
    for (let v = 0; v < n; v++) if (excess[v] > 0) enqueue(v);
    let sinceUpdate = 0;
    while (qSize > 0) {
      const v = dequeue();
      while (excess[v] > 0) {
        const pv = price[v];
        const end = first[v + 1];
        let a = current[v];
        for (; a < end; a++) {
          const r = residual[a];
          if (r === 0) continue;
          const w = head[a];
          if (cost[a] + pv - price[w] >= 0) continue;
          const delta = excess[v] < r ? excess[v] : r;
          residual[a] = r - delta;
          residual[sister[a]] += delta;
          excess[v] -= delta;
          const before = excess[w];
          excess[w] = before + delta;
          stats.pushes++;
          if (before <= 0 && before + delta > 0) enqueue(w);
          if (excess[v] === 0) break;
        }
        current[v] = a < end ? a : first[v];
        if (excess[v] === 0) break;
        // Relabel: lower the price just enough that the cheapest residual arc is admissible.
        let highest = -Infinity;
        for (let b = first[v]; b < end; b++) {
          if (residual[b] === 0) continue;
          const candidate = price[head[b]] - cost[b];
          if (candidate > highest) highest = candidate;
        }
        if (highest === -Infinity) throw new Error("No flow meets every supply and demand.");
        price[v] = highest - epsilon;
        current[v] = first[v];
        stats.relabels++;
        if (++sinceUpdate >= Number(process.env.UPK ?? 1) * n) {
          sinceUpdate = 0;
          updatePrices(epsilon);
        }
      }
    }
  };

  /** Exact duals for the current optimal flow: relax until no residual arc has c_p < 0. */
  const exactPrices = (): void => {
    for (let v = 0; v < n; v++) enqueue(v);
    let steps = 0;
    const limit = 64 * (m2 + n) + 1_000_000;
    while (qSize > 0) {
      const v = dequeue();
      const pv = price[v];
      for (let a = first[v]; a < first[v + 1]; a++) {
        if (residual[a] === 0) continue;
        const w = head[a];
        // c + p(v) − p(w) ≥ 0 must hold; lower p(w) where it does not.
        if (cost[a] + pv < price[w]) {
          price[w] = cost[a] + pv;
          enqueue(w);
        }
      }
      if (++steps > limit) throw new Error("Residual graph has a negative cycle.");
    }
  };

  for (let level = 0; level < COST_LEVELS; level++) {
    let largest = 0;
    for (let a = 0; a < m; a++) {
      const f = forward[a];
      if (frozen[a]) {
        cost[f] = 0;
        cost[sister[f]] = 0;
        continue;
      }
      const c = network.arcCost(a, level) * scale;
      cost[f] = c;
      cost[sister[f]] = -c;
      if (Math.abs(c) > largest) largest = Math.abs(c);
    }
    let pending = false;
    for (let v = 0; v < n; v++) if (excess[v] !== 0) pending = true;
    if (largest === 0 && !pending) continue;

    price.fill(0);
    let epsilon = Math.max(largest, 1);
    do {
      epsilon = Math.max(1, Math.ceil(epsilon / SCALE_FACTOR));
      refine(epsilon);
    } while (epsilon > 1);
    exactPrices();

    // Freeze what this level decided: arcs priced above zero stay empty, below zero stay full.
    for (let a = 0; a < m; a++) {
      if (frozen[a]) continue;
      const f = forward[a];
      const reduced = cost[f] + price[network.arcFrom(a)] - price[network.arcTo(a)];
      if (reduced === 0) continue;
      frozen[a] = 1;
      fixedFlow[a] = residual[sister[f]];
      residual[f] = 0;
      residual[sister[f]] = 0;
    }
  }

  const flow = new Int32Array(m);
  const total = [0, 0, 0, 0];
  for (let a = 0; a < m; a++) {
    flow[a] = frozen[a] ? fixedFlow[a] : residual[sister[forward[a]]];
    for (let l = 0; l < COST_LEVELS; l++) total[l] += flow[a] * network.arcCost(a, l);
  }
  return { flow, cost: total, pivots: stats.pushes + stats.relabels };
}
