/**
 * Minimum-cost flow by the primal network simplex method, with costs that are vectors of
 * integers compared lexicographically.
 *
 * Why vectors: the planner's objective has four ranked levels. Folding them into one number
 * needs weights whose products pass 2^53 at company scale, while a vector cost is exact at any
 * size. The simplex method only adds, subtracts and compares costs, and (Z^4, +, lexicographic
 * order) is a totally ordered abelian group, so every step and every optimality argument of the
 * scalar method holds unchanged: a tree solution is optimal iff no non-tree arc has a negative
 * reduced cost vector. Each component stays a small integer, far below 2^53.
 *
 * Why network simplex: the planner's networks have tens of thousands of nodes and flow in the
 * thousands; successive shortest paths would need one shortest-path search per placed person,
 * the simplex needs a few cheap pivots per node.
 *
 * The spanning tree is strongly feasible (every tree node can send flow to the root), and the
 * leaving arc is the last blocking arc met when walking the cycle from its apex in the direction
 * of the flow change; together they rule out cycling on degenerate pivots (Cunningham 1976).
 */

export const COST_LEVELS = 4;

/**
 * Potentials are tree-path sums plus one offset that every node shares; the offset moves when a
 * pivot shifts the root's side. Keeping sums and offset below 2^50 keeps every number the method
 * forms below 2^53, where doubles still count exactly.
 */
const SAFE_SUM = 2 ** 50;

/** Capacity meaning "no limit"; flows in the planner stay far below it. */
export const UNLIMITED = 0x3fffffff;

const STATE_UPPER = -1;
const STATE_TREE = 0;
const STATE_LOWER = 1;
const DIR_UP = 1; // the tree arc points from the node to its parent
const DIR_DOWN = -1; // the tree arc points from the parent to the node

/** A directed network under construction: nodes 0..nodeCount-1, arcs in insertion order. */
export class FlowNetwork {
  readonly nodeCount: number;
  /** Positive: the node sends that much; negative: it must receive that much. */
  readonly supply: Int32Array;
  private size = 0;
  private from: Int32Array;
  private to: Int32Array;
  private capacity: Int32Array;
  /** Cost level `k` of arc `a` is `costs[a * COST_LEVELS + k]`. */
  private costs: Float64Array;

  constructor(nodeCount: number, expectedArcs = 16) {
    this.nodeCount = nodeCount;
    this.supply = new Int32Array(nodeCount);
    const room = Math.max(16, Math.ceil(expectedArcs));
    this.from = new Int32Array(room);
    this.to = new Int32Array(room);
    this.capacity = new Int32Array(room);
    this.costs = new Float64Array(room * COST_LEVELS);
  }

  get arcCount(): number {
    return this.size;
  }

  /** Adds an arc and returns its index; costs are integers, highest-ranked level first. */
  addArc(from: number, to: number, capacity: number, c0: number, c1 = 0, c2 = 0, c3 = 0): number {
    if (!(from >= 0 && from < this.nodeCount && to >= 0 && to < this.nodeCount)) {
      throw new Error(`Arc ${from} → ${to} leaves the network of ${this.nodeCount} nodes.`);
    }
    if (this.size === this.from.length) this.grow();
    const a = this.size++;
    this.from[a] = from;
    this.to[a] = to;
    this.capacity[a] = Math.min(capacity, UNLIMITED);
    const base = a * COST_LEVELS;
    this.costs[base] = c0;
    this.costs[base + 1] = c1;
    this.costs[base + 2] = c2;
    this.costs[base + 3] = c3;
    return a;
  }

  arcFrom(a: number): number {
    return this.from[a];
  }

  arcTo(a: number): number {
    return this.to[a];
  }

  arcCapacity(a: number): number {
    return this.capacity[a];
  }

  arcCost(a: number, level: number): number {
    return this.costs[a * COST_LEVELS + level];
  }

  private grow(): void {
    const room = this.from.length * 2;
    const from = new Int32Array(room);
    const to = new Int32Array(room);
    const capacity = new Int32Array(room);
    const costs = new Float64Array(room * COST_LEVELS);
    from.set(this.from);
    to.set(this.to);
    capacity.set(this.capacity);
    costs.set(this.costs);
    this.from = from;
    this.to = to;
    this.capacity = capacity;
    this.costs = costs;
  }
}

export interface MinCostFlowOptions {
  /**
   * A starting spanning tree: for each node the arc to its parent, or -1 to hang it from the
   * solver's root. Used when its flows (fixed by the supplies) fit the capacities and every
   * node can still push flow toward the root; otherwise the solver starts from scratch.
   */
  initialTree?: Int32Array;
}

export interface MinCostFlowResult {
  /** Flow on each arc, by the index `addArc` returned. */
  flow: Int32Array;
  /** Total cost per level. */
  cost: number[];
  pivots: number;
}

/**
 * Finds a flow that meets every node's supply or demand within the arc capacities at the
 * lexicographically least total cost. Supplies must sum to zero; throws when no such flow
 * exists.
 */
export function solveMinCostFlow(network: FlowNetwork, options: MinCostFlowOptions = {}): MinCostFlowResult {
  const n = network.nodeCount;
  const m = network.arcCount;
  const root = n;
  const all = m + n; // real arcs, then one artificial arc per node to the root

  let supplySum = 0;
  for (let u = 0; u < n; u++) supplySum += network.supply[u];
  if (supplySum !== 0) throw new Error("Supplies and demands must balance.");

  const source = new Int32Array(all);
  const target = new Int32Array(all);
  const cap = new Int32Array(all);
  const flow = new Int32Array(all);
  const state = new Int8Array(all);
  const original = new Int32Array(m);

  // Two levels packed into one number where that is exact: every cost the method forms is a sum
  // along at most 2(n + 2) arcs, so a lower level whose sums stay below W in size can ride under
  // an upper level weighted by W, and the method works on half as many numbers. The sums must
  // also stay below SAFE_SUM, which leaves room for the potentials' common offset (below).
  const largest = [0, 0, 0, 0];
  for (let a = 0; a < m; a++) {
    for (let k = 0; k < COST_LEVELS; k++) largest[k] = Math.max(largest[k], Math.abs(network.arcCost(a, k)));
  }
  const span = 2 * (n + 2);
  const artificialCost = (2 * largest[0] + 1) * (n + 1);
  const upperWeight = span * largest[1] + 1;
  const lowerWeight = span * largest[3] + 1;
  const packed =
    span * (largest[0] * upperWeight + largest[1]) + artificialCost * upperWeight < SAFE_SUM &&
    span * (largest[2] * lowerWeight + largest[3]) < SAFE_SUM;
  const L = packed ? 2 : COST_LEVELS;
  const topUnit = packed ? upperWeight : 1;
  const cost = new Float64Array(all * L);

  // Block search (below) scans the arcs in blocks of this many.
  const blockSize = Math.max(Math.floor(0.5 * Math.sqrt(m)), 10);
  // Interleave the arcs so that each pricing block samples the whole network, not one corner:
  // a block holds one arc from each of `blockSize` evenly spaced stretches of the arc list, so
  // its candidates come from about as many different groups as it has arcs. (Blocks made of
  // runs of a group's consecutive arcs took twice the pivots at 50,000 people.)
  {
    const skip = blockSize;
    let i = 0;
    let j = 0;
    for (let a = 0; a < m; a++) {
      original[i] = a;
      source[i] = network.arcFrom(a);
      target[i] = network.arcTo(a);
      cap[i] = network.arcCapacity(a);
      if (packed) {
        cost[i * 2] = network.arcCost(a, 0) * upperWeight + network.arcCost(a, 1);
        cost[i * 2 + 1] = network.arcCost(a, 2) * lowerWeight + network.arcCost(a, 3);
      } else {
        for (let k = 0; k < L; k++) cost[i * L + k] = network.arcCost(a, k);
      }
      i += skip;
      if (i >= m) i = ++j;
    }
  }
  // An artificial arc (`artificialCost` above) costs more at the top level than any simple path
  // of real arcs, so an optimum of the extended network uses none when the real network has a
  // feasible flow.

  const parent = new Int32Array(n + 1);
  const pred = new Int32Array(n + 1);
  const predDir = new Int8Array(n + 1);
  /** Nodes in each node's subtree: an ancestor always has more than its descendants. */
  const size = new Int32Array(n + 1);
  // The tree in preorder, as a circular list from the root (`thread`, and `revThread` back), and
  // the last node of each subtree in it (`lastSucc`): a subtree is the run of the thread from
  // its root to its last node, so shifting its potentials is one walk along an array.
  const thread = new Int32Array(n + 1);
  const revThread = new Int32Array(n + 1);
  const lastSucc = new Int32Array(n + 1);
  const pi = new Float64Array((n + 1) * L);

  const resetStart = (): void => {
    state.fill(STATE_LOWER, 0, m);
    flow.fill(0);
    cost.fill(0, m * L);
    pi.fill(0);
    parent[root] = -1;
    pred[root] = -1;
    size[root] = n + 1;
  };

  /** Every node hangs from the root by its artificial arc, carrying its supply. */
  const startFromRoot = (): void => {
    for (let u = n - 1; u >= 0; u--) {
      const e = m + u;
      const s = network.supply[u];
      parent[u] = root;
      pred[u] = e;
      size[u] = 1;
      cap[e] = UNLIMITED;
      state[e] = STATE_TREE;
      if (s >= 0) {
        predDir[u] = DIR_UP;
        source[e] = u;
        target[e] = root;
        flow[e] = s;
      } else {
        predDir[u] = DIR_DOWN;
        source[e] = root;
        target[e] = u;
        flow[e] = -s;
        cost[e * L] = artificialCost * topUnit;
        pi[u * L] = artificialCost * topUnit;
      }
    }
    // Preorder: the root, then 0, 1, …, n − 1, each a leaf.
    for (let u = 0; u <= n; u++) {
      thread[u] = u + 1 < n ? u + 1 : root;
      lastSucc[u] = u;
    }
    thread[root] = n > 0 ? 0 : root;
    lastSucc[root] = n > 0 ? n - 1 : root;
    for (let u = 0; u <= n; u++) revThread[thread[u]] = u;
  };

  /** The caller's tree, if its flows are feasible and it is strongly feasible. */
  const startFromTree = (tree: Int32Array): boolean => {
    if (tree.length !== n) return false;
    const position = new Int32Array(m);
    for (let i = 0; i < m; i++) position[original[i]] = i;
    for (let u = 0; u < n; u++) {
      const a = tree[u];
      if (a < 0) {
        pred[u] = m + u;
        parent[u] = root;
      } else {
        if (a >= m) return false;
        const e = position[a];
        if (source[e] === u) {
          parent[u] = target[e];
          predDir[u] = DIR_UP;
        } else if (target[e] === u) {
          parent[u] = source[e];
          predDir[u] = DIR_DOWN;
        } else {
          return false;
        }
        pred[u] = e;
      }
    }
    // Order the nodes from the root down; a node never reached sits on a cycle.
    const childStart = new Int32Array(n + 2);
    for (let u = 0; u < n; u++) childStart[parent[u] + 1]++;
    for (let u = 0; u <= n; u++) childStart[u + 1] += childStart[u];
    const fill = childStart.slice(0, n + 1);
    const children = new Int32Array(n);
    for (let u = 0; u < n; u++) children[fill[parent[u]]++] = u;
    const order = new Int32Array(n + 1);
    let reached = 0;
    order[reached++] = root;
    for (let k = 0; k < reached; k++) {
      const u = order[k];
      for (let c = childStart[u]; c < childStart[u + 1]; c++) order[reached++] = children[c];
    }
    if (reached !== n + 1) return false;
    // With every non-tree arc empty, a node's tree arc carries its subtree's net supply.
    const net = new Float64Array(n + 1);
    for (let u = 0; u < n; u++) net[u] = network.supply[u];
    for (let k = n; k >= 1; k--) net[parent[order[k]]] += net[order[k]];
    for (let k = 1; k <= n; k++) {
      const u = order[k];
      const e = pred[u];
      let amount = net[u];
      if (e >= m) {
        cap[e] = UNLIMITED;
        if (amount >= 0) {
          predDir[u] = DIR_UP;
          source[e] = u;
          target[e] = root;
        } else {
          predDir[u] = DIR_DOWN;
          source[e] = root;
          target[e] = u;
          cost[e * L] = artificialCost * topUnit;
        }
      }
      if (predDir[u] === DIR_DOWN) amount = -amount;
      // Strong feasibility: every tree node can still send flow toward the root.
      if (amount < 0 || amount > cap[e]) return false;
      if (predDir[u] === DIR_UP ? amount >= cap[e] : amount <= 0) return false;
      flow[e] = amount;
      state[e] = STATE_TREE;
    }
    for (let k = 1; k <= n; k++) {
      const u = order[k];
      const p = parent[u];
      const e = pred[u];
      const dir = predDir[u];
      // Zero reduced cost on tree arcs: pi(target) = pi(source) + cost.
      for (let l = 0; l < L; l++) pi[u * L + l] = pi[p * L + l] - dir * cost[e * L + l];
    }
    for (let k = 0; k <= n; k++) size[order[k]] = 1;
    for (let k = n; k >= 1; k--) size[parent[order[k]]] += size[order[k]];
    // Preorder by a depth-first walk over the children lists above.
    const pending = new Int32Array(n + 1);
    let top = 0;
    let previous = -1;
    pending[top++] = root;
    while (top > 0) {
      const u = pending[--top];
      if (previous >= 0) thread[previous] = u;
      previous = u;
      for (let c = childStart[u + 1] - 1; c >= childStart[u]; c--) pending[top++] = children[c];
    }
    thread[previous] = root;
    for (let u = 0; u <= n; u++) revThread[thread[u]] = u;
    // A subtree's last node is the last of its size-long run of the thread.
    for (let u = root, k = 0; k <= n; u = thread[u], k++) order[k] = u;
    const rank = new Int32Array(n + 1);
    for (let k = 0; k <= n; k++) rank[order[k]] = k;
    for (let u = 0; u <= n; u++) lastSucc[u] = order[rank[u] + size[u] - 1];
    return true;
  };

  resetStart();
  if (!(options.initialTree && startFromTree(options.initialTree))) {
    resetStart();
    startFromRoot();
  }

  // Block search (Grigoriadis): scan the arcs in blocks and enter the most violating arc of the
  // first block that has one. A vector's sign is the sign of its first non-zero component;
  // "most violating" is the lexicographically least reduced cost.
  let nextArc = 0;
  const stem = new Int32Array(n + 1);
  const best = new Float64Array(L);
  const shift = new Float64Array(L);
  /** Nodes whose successor in the thread changed during a pivot: their successors' revThread. */
  const touched = new Int32Array(n + 1);
  let pivots = 0;

  for (;;) {
    let inArc = -1;
    if (L === 2) {
      // The same search on two numbers: the least (r0, r1) below (0, 0), lexicographically.
      let b0 = 0;
      let b1 = 0;
      let count = blockSize;
      let e = nextArc;
      for (let scanned = 0; scanned < m; scanned++) {
        const st = state[e];
        if (st !== STATE_TREE) {
          const cu = source[e] * 2;
          const cv = target[e] * 2;
          const r0 = st * (cost[e * 2] + pi[cu] - pi[cv]);
          if (r0 <= b0) {
            const r1 = st * (cost[e * 2 + 1] + pi[cu + 1] - pi[cv + 1]);
            if (r0 < b0 || r1 < b1) {
              b0 = r0;
              b1 = r1;
              inArc = e;
            }
          }
        }
        if (++e === m) e = 0;
        if (--count === 0) {
          if (inArc >= 0) break;
          count = blockSize;
        }
      }
      nextArc = e;
    } else {
      let bestLevel = L;
      let bestValue = 0;
      let count = blockSize;
      let e = nextArc;
      for (let scanned = 0; scanned < m; scanned++) {
        const st = state[e];
        if (st !== STATE_TREE) {
          const cu = source[e] * L;
          const cv = target[e] * L;
          const ce = e * L;
          let level = 0;
          let r = st * (cost[ce] + pi[cu] - pi[cv]);
          while (r === 0 && level < L - 1) {
            level++;
            r = st * (cost[ce + level] + pi[cu + level] - pi[cv + level]);
          }
          if (r < 0) {
            // Compare with the best so far on every level, not just the first non-zero one.
            let better = level < bestLevel || (level === bestLevel && r < bestValue);
            if (level === bestLevel && r === bestValue) {
              for (let l = level + 1; l < L; l++) {
                const x = st * (cost[ce + l] + pi[cu + l] - pi[cv + l]);
                if (x !== best[l]) {
                  better = x < best[l];
                  break;
                }
              }
            }
            if (better) {
              bestLevel = level;
              bestValue = r;
              inArc = e;
              for (let l = level + 1; l < L; l++) best[l] = st * (cost[ce + l] + pi[cu + l] - pi[cv + l]);
            }
          }
        }
        if (++e === m) e = 0;
        if (--count === 0) {
          if (inArc >= 0) break;
          count = blockSize;
        }
      }
      nextArc = e;
    }
    if (inArc < 0) break;
    pivots++;

    // The apex ("join") of the cycle the entering arc closes in the tree.
    let a = source[inArc];
    let b = target[inArc];
    while (a !== b) {
      if (size[a] < size[b]) a = parent[a];
      else b = parent[b];
    }
    const join = a;

    // The flow change runs first → (entering arc) → second → up to join → down to first.
    const forward = state[inArc] === STATE_LOWER;
    const first = forward ? source[inArc] : target[inArc];
    const second = forward ? target[inArc] : source[inArc];
    let delta = cap[inArc];
    let side = 0;
    let uOut = -1;
    // Walking from `first` up walks the cycle backwards, so strict `<` keeps the blocking arc
    // nearest `first`, the last one in cycle order on that side; `<=` does the same upward.
    for (let u = first; u !== join; u = parent[u]) {
      const e = pred[u];
      const d = predDir[u] === DIR_DOWN ? (cap[e] >= UNLIMITED ? UNLIMITED : cap[e] - flow[e]) : flow[e];
      if (d < delta) {
        delta = d;
        uOut = u;
        side = 1;
      }
    }
    for (let u = second; u !== join; u = parent[u]) {
      const e = pred[u];
      const d = predDir[u] === DIR_UP ? (cap[e] >= UNLIMITED ? UNLIMITED : cap[e] - flow[e]) : flow[e];
      if (d <= delta) {
        delta = d;
        uOut = u;
        side = 2;
      }
    }
    if (delta >= UNLIMITED) throw new Error("The network has a negative cycle without limit.");

    if (delta > 0) {
      const value = state[inArc] * delta;
      flow[inArc] += value;
      for (let u = source[inArc]; u !== join; u = parent[u]) flow[pred[u]] -= predDir[u] * value;
      for (let u = target[inArc]; u !== join; u = parent[u]) flow[pred[u]] += predDir[u] * value;
    }

    if (side === 0) {
      // The entering arc itself blocks: it moves from one bound to the other.
      state[inArc] = -state[inArc];
      continue;
    }

    const leaving = pred[uOut];
    state[inArc] = STATE_TREE;
    state[leaving] = flow[leaving] === 0 ? STATE_LOWER : STATE_UPPER;
    const uIn = side === 1 ? first : second;
    const vIn = side === 1 ? second : first;

    // Cut the subtree below the leaving arc and hang it from vIn by the entering arc: the path
    // uIn … uOut (the stem) turns upside down, every other parent link stays.
    const vOut = parent[uOut];
    const moved = size[uOut];
    for (let u = vOut; u !== join; u = parent[u]) size[u] -= moved;
    for (let u = vIn; u !== join; u = parent[u]) size[u] += moved;
    let stemLength = 0;
    for (let u = uIn; ; u = parent[u]) {
      stem[stemLength++] = u;
      if (u === uOut) break;
    }
    // New subtree sizes along the stem, from its old top down: each keeps what it had minus
    // the stem child it loses, plus the stem parent it gains.
    let carried = 0;
    for (let k = stemLength - 1; k >= 1; k--) {
      carried += size[stem[k]] - size[stem[k - 1]];
      size[stem[k]] = carried;
    }
    size[uIn] = moved;
    for (let k = stemLength - 1; k >= 1; k--) {
      pred[stem[k]] = pred[stem[k - 1]];
      predDir[stem[k]] = -predDir[stem[k - 1]];
    }
    pred[uIn] = inArc;
    predDir[uIn] = source[inArc] === uIn ? DIR_UP : DIR_DOWN;

    // The thread (as in LEMON's network simplex): the moved subtree leaves its place and comes
    // back right after vIn, each stem node followed by what it keeps of its old subtree and then
    // by the next stem node; the stem's parents turn around on the way.
    const oldRevThread = revThread[uOut];
    const oldLastSucc = lastSucc[uOut];
    if (uIn === uOut) {
      parent[uIn] = vIn;
      if (thread[vIn] !== uOut) {
        let after = thread[oldLastSucc];
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
        after = thread[vIn];
        thread[vIn] = uOut;
        revThread[uOut] = vIn;
        thread[oldLastSucc] = after;
        revThread[after] = oldLastSucc;
      }
    } else {
      const threadContinue = oldRevThread === vIn ? thread[oldLastSucc] : thread[vIn];
      let node = uIn;
      let above = vIn;
      let last = lastSucc[uIn];
      let after = thread[last];
      thread[vIn] = uIn;
      let dirty = 0;
      touched[dirty++] = vIn;
      while (node !== uOut) {
        const next = parent[node];
        thread[last] = next;
        touched[dirty++] = last;
        const before = revThread[node];
        thread[before] = after;
        revThread[after] = before;
        parent[node] = above;
        above = node;
        node = next;
        last = lastSucc[node] === lastSucc[above] ? revThread[above] : lastSucc[node];
        after = thread[last];
      }
      parent[uOut] = above;
      thread[last] = threadContinue;
      revThread[threadContinue] = last;
      lastSucc[uOut] = last;
      if (oldRevThread !== vIn) {
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
      }
      for (let k = 0; k < dirty; k++) revThread[thread[touched[k]]] = touched[k];
      for (let k = 0; k < stemLength; k++) lastSucc[stem[k]] = last;
    }
    // Subtrees above vIn whose run ended at vIn now end with the moved run; those above vOut whose
    // run ended with it now end just before its old place (or with it, where it came back).
    const upLimitOut = lastSucc[join] === vIn ? join : -1;
    const lastSuccOut = lastSucc[uOut];
    for (let u = vIn; u !== -1 && lastSucc[u] === vIn; u = parent[u]) lastSucc[u] = lastSuccOut;
    if (join !== oldRevThread && vIn !== oldRevThread) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]) lastSucc[u] = oldRevThread;
    } else if (lastSuccOut !== oldLastSucc) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]) lastSucc[u] = lastSuccOut;
    }

    // Tree arcs keep zero reduced cost, so the moved subtree's potentials shift by one vector
    // against the rest; only differences matter, so shift whichever side is smaller.
    const dir = predDir[uIn];
    const ui = uIn * L;
    const vi = vIn * L;
    const ci = inArc * L;
    const sign = 2 * moved > n + 1 ? -1 : 1;
    for (let l = 0; l < L; l++) shift[l] = sign * (pi[vi + l] - pi[ui + l] - dir * cost[ci + l]);
    // The moved subtree is the run uIn … lastSucc[uIn] of the thread; the rest is all the others.
    const from = sign === 1 ? uIn : thread[lastSucc[uIn]];
    const to = sign === 1 ? thread[lastSucc[uIn]] : uIn;
    if (L === 2) {
      const s0 = shift[0];
      const s1 = shift[1];
      for (let u = from; u !== to; u = thread[u]) {
        pi[2 * u] += s0;
        pi[2 * u + 1] += s1;
      }
    } else {
      for (let u = from; u !== to; u = thread[u]) for (let l = 0; l < L; l++) pi[u * L + l] += shift[l];
    }
    // Only differences matter: bring the shared offset back to zero before it grows large.
    if (sign === -1) {
      let drifted = false;
      for (let l = 0; l < L; l++) if (Math.abs(pi[root * L + l]) > SAFE_SUM) drifted = true;
      if (drifted) {
        for (let l = 0; l < L; l++) shift[l] = pi[root * L + l];
        for (let u = 0; u <= n; u++) for (let l = 0; l < L; l++) pi[u * L + l] -= shift[l];
      }
    }
  }

  for (let e = m; e < all; e++) {
    if (flow[e] !== 0) throw new Error("No flow meets every supply and demand.");
  }

  const result = new Int32Array(m);
  const total = [0, 0, 0, 0];
  for (let i = 0; i < m; i++) {
    const f = flow[i];
    const a = original[i];
    result[a] = f;
    if (f !== 0) for (let l = 0; l < COST_LEVELS; l++) total[l] += f * network.arcCost(a, l);
  }
  return { flow: result, cost: total, pivots };
}
