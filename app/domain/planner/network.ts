/**
 * The flow network whose minimum-cost flow is an optimal plan (README.md, "The network").
 *
 *   group ──(urgency)──▶ range tree ──▶ block ──(department room)──▶ session ──(seats, hours)──▶
 *   host ──(1, 3, 5, … per unit)──▶ sink,        and  group ──("not placed")──▶ sink.
 *
 * A host with one session has no node: session ──(1, 3, 5, … per unit, hours)──▶ sink.
 *
 * Each department-and-kind list of sessions is cut into blocks at every position where some
 * group's range starts or ends, so every range is a run of whole blocks, and a range tree over
 * the blocks lets a group reach a run by O(log) arcs. All flow of one department into one
 * session passes one block arc, which therefore carries the department cap.
 */
import type { Group, SessionList } from "./groups";
import { upperBound } from "./groups";
import { FlowNetwork, UNLIMITED } from "./min-cost-flow";
import { departmentRoom, hoursUntil } from "./rules";
import type { PlannerSession } from "./types";

export interface PairingNetwork {
  network: FlowNetwork;
  /** A strongly feasible starting tree: everyone unplaced, everything else hanging toward the sink. */
  initialTree: Int32Array;
  /** Decomposes an optimal flow: the offered sessions each group's members take. */
  sessionsTaken(flow: Int32Array): number[][];
}

const TREE_ARITY = 4;

/** A node of a list's range tree: its network node and the blocks [lo, hi) below it. */
interface RangeNode {
  node: number;
  lo: number;
  hi: number;
  kids: RangeNode[];
}

/** What a node is, where decomposing the flow needs to know: groups, sessions, hosts are plain. */
const PLAIN = 0;
const INTERNAL = 1;
const BLOCK = 2;
const CAP = 3;

export function pairingNetwork(
  now: number,
  offered: readonly PlannerSession[],
  lists: readonly SessionList[],
  groups: readonly Group[],
): PairingNetwork {
  // Cut points per list: every range boundary.
  const cuts: number[][] = lists.map(() => []);
  for (const g of groups) {
    for (let r = 0; r < g.ranges.length; r += 4) cuts[g.ranges[r]].push(g.ranges[r + 1], g.ranges[r + 2]);
  }
  const breakpoints: Int32Array[] = cuts.map((c) => Int32Array.from(new Set(c)).sort());

  let nodeCount = groups.length;
  const sessionNode = new Int32Array(offered.length).fill(-1);
  const nodeRole: number[] = [];
  const roleOf = (node: number): number => nodeRole[node] ?? PLAIN;
  const newNode = (role: number): number => {
    nodeRole[nodeCount] = role;
    return nodeCount++;
  };
  const sessionNodeOf = (i: number): number => {
    if (sessionNode[i] < 0) sessionNode[i] = newNode(PLAIN);
    return sessionNode[i];
  };
  /** The offered session a session node or a cap node leads to. */
  const entrySession: number[] = [];
  /** A block's sessions in list order, and the department's room on each. */
  const blockSessions: number[][] = [];
  const blockRooms: number[][] = [];

  // Leaves: one node per block. A one-session block needs its own node only when the
  // department's room is tighter than the seats; otherwise the session node itself serves.
  const capEntries: number[] = []; // triples (node, offered session, room)
  const leaves: Int32Array[] = lists.map((list) => {
    const points = breakpoints[list.id];
    const out = new Int32Array(Math.max(points.length - 1, 0));
    for (let b = 0; b + 1 < points.length; b++) {
      const from = points[b];
      const to = points[b + 1];
      if (to - from === 1) {
        const i = list.sessions[from];
        const room = departmentRoom(offered[i], list.departmentId);
        if (room < offered[i].seatsLeft) {
          sessionNodeOf(i);
          const node = newNode(CAP);
          entrySession[node] = i;
          capEntries.push(node, i, room);
          out[b] = node;
        } else {
          out[b] = sessionNodeOf(i);
        }
      } else {
        const node = newNode(BLOCK);
        const sessions: number[] = [];
        const rooms: number[] = [];
        for (let pos = from; pos < to; pos++) {
          const i = list.sessions[pos];
          sessionNodeOf(i);
          sessions.push(i);
          rooms.push(departmentRoom(offered[i], list.departmentId));
        }
        blockSessions[node] = sessions;
        blockRooms[node] = rooms;
        out[b] = node;
      }
    }
    return out;
  });
  for (let i = 0; i < offered.length; i++) if (sessionNode[i] >= 0) entrySession[sessionNode[i]] = i;

  // A range tree per list over its blocks, the block nodes as its leaves. Four children per
  // node measured best: fewer nodes than a binary tree, few more arcs per range.
  const childList: number[][] = [];
  const trees: (RangeNode | null)[] = lists.map((list) => {
    const blocks = leaves[list.id];
    const build = (lo: number, hi: number): RangeNode => {
      if (hi - lo === 1) return { node: blocks[lo], lo, hi, kids: [] };
      const node = newNode(INTERNAL);
      const kids: RangeNode[] = [];
      const parts = Math.min(TREE_ARITY, hi - lo);
      for (let k = 0; k < parts; k++) {
        const from = lo + Math.floor(((hi - lo) * k) / parts);
        const to = lo + Math.floor(((hi - lo) * (k + 1)) / parts);
        kids.push(build(from, to));
      }
      childList[node] = kids.map((c) => c.node);
      return { node, lo, hi, kids };
    };
    return blocks.length > 0 ? build(0, blocks.length) : null;
  });
  const cover = (list: number, fromBlock: number, toBlock: number, out: number[]): void => {
    const tree = trees[list];
    if (tree) coverRange(tree, fromBlock, toBlock, out);
  };

  // A host with one offered session needs no node of its own: the session's seats go straight
  // to the sink as the host's unit arcs (fewer nodes, a smaller tree to keep).
  const hostSessions = new Map<number, number>();
  for (let i = 0; i < offered.length; i++) {
    if (sessionNode[i] >= 0) hostSessions.set(offered[i].hostId, (hostSessions.get(offered[i].hostId) ?? 0) + 1);
  }
  const hostNode = new Map<number, number>();
  const hostSeats = new Map<number, number>();
  for (let i = 0; i < offered.length; i++) {
    if (sessionNode[i] < 0) continue;
    const s = offered[i];
    if (hostSessions.get(s.hostId) === 1) continue;
    if (!hostNode.has(s.hostId)) hostNode.set(s.hostId, newNode(PLAIN));
    hostSeats.set(s.hostId, (hostSeats.get(s.hostId) ?? 0) + s.seatsLeft);
  }
  const sink = newNode(PLAIN);

  let supply = 0;
  for (const g of groups) supply += g.members.length;

  // Each group's entry arcs, as pairs (node, days) in a typed array that doubles when full (half
  // a million at company scale), and how many arcs the network will hold, so its arrays are made
  // once at their size.
  const covering: number[] = [];
  const coverEnd = new Int32Array(groups.length);
  let entries = new Int32Array(1024);
  let entryCount = 0;
  groups.forEach((g, gi) => {
    for (let r = 0; r < g.ranges.length; r += 4) {
      const list = g.ranges[r];
      const points = breakpoints[list];
      covering.length = 0;
      cover(list, upperBound(points, g.ranges[r + 1]) - 1, upperBound(points, g.ranges[r + 2]) - 1, covering);
      if (entryCount + 2 * covering.length > entries.length) {
        const more = new Int32Array(2 * entries.length + 2 * covering.length);
        more.set(entries);
        entries = more;
      }
      for (const node of covering) {
        entries[entryCount++] = node;
        entries[entryCount++] = g.ranges[r + 3];
      }
    }
    coverEnd[gi] = entryCount;
  });
  let arcs = entryCount / 2 + groups.length + capEntries.length / 3;
  for (let node = groups.length; node < nodeCount; node++) {
    if (roleOf(node) === INTERNAL) arcs += childList[node].length;
    else if (roleOf(node) === BLOCK) arcs += blockSessions[node].length;
  }
  for (let i = 0; i < offered.length; i++) {
    if (sessionNode[i] < 0) continue;
    arcs += hostNode.has(offered[i].hostId) ? 1 : Math.min(offered[i].seatsLeft, supply);
  }
  for (const seats of hostSeats.values()) arcs += Math.min(seats, supply);

  const network = new FlowNetwork(nodeCount, arcs);
  const initialTree = new Int32Array(nodeCount).fill(-1);

  const groupArcStart = new Int32Array(groups.length);
  const groupArcEnd = new Int32Array(groups.length);
  groups.forEach((g, gi) => {
    network.supply[gi] = g.members.length;
    groupArcStart[gi] = network.arcCount;
    // The group's supply bounds what it sends; unlimited entry arcs are never at a bound.
    for (let e = gi === 0 ? 0 : coverEnd[gi - 1]; e < coverEnd[gi]; e += 2) {
      network.addArc(gi, entries[e], UNLIMITED, 0, entries[e + 1], 0, 0);
    }
    groupArcEnd[gi] = network.arcCount;
  });
  groups.forEach((g, gi) => (initialTree[gi] = network.addArc(gi, sink, UNLIMITED, 1, 0, 0, 0)));

  const childArcs: number[] = [];
  const blockArcs = new Map<number, number>();
  for (let node = groups.length; node < nodeCount; node++) {
    const role = roleOf(node);
    if (role === INTERNAL) {
      childArcs[node] = network.arcCount;
      childList[node].forEach((c, k) => {
        const arc = network.addArc(node, c, UNLIMITED, 0);
        if (k === 0) initialTree[node] = arc;
      });
    } else if (role === BLOCK) {
      const sessions = blockSessions[node];
      const rooms = blockRooms[node];
      blockArcs.set(node, network.arcCount);
      for (let k = 0; k < sessions.length; k++) {
        // A room the seats cannot exceed binds nothing; left unlimited, the arc is never at a
        // bound when its session fills, which spares the solver degenerate pivots.
        const room = rooms[k] < offered[sessions[k]].seatsLeft ? rooms[k] : UNLIMITED;
        const arc = network.addArc(node, sessionNode[sessions[k]], room, 0);
        if (k === 0) initialTree[node] = arc;
      }
    }
  }
  for (let c = 0; c < capEntries.length; c += 3) {
    initialTree[capEntries[c]] = network.addArc(capEntries[c], sessionNode[capEntries[c + 1]], capEntries[c + 2], 0);
  }
  // Convex host load: the k-th new shadow of a host costs 2k − 1, so n shadows cost n².
  for (let i = 0; i < offered.length; i++) {
    if (sessionNode[i] < 0) continue;
    const s = offered[i];
    const host = hostNode.get(s.hostId);
    const hours = hoursUntil(now, s.startsAt);
    if (host !== undefined) {
      initialTree[sessionNode[i]] = network.addArc(sessionNode[i], host, s.seatsLeft, 0, 0, 0, hours);
      continue;
    }
    // The host's only session: its unit arcs carry the hours as well.
    const most = Math.min(s.seatsLeft, supply);
    for (let k = 1; k <= most; k++) {
      const arc = network.addArc(sessionNode[i], sink, 1, 0, 0, 2 * k - 1, hours);
      if (k === 1) initialTree[sessionNode[i]] = arc;
    }
  }
  for (const [hostId, node] of hostNode) {
    const most = Math.min(hostSeats.get(hostId)!, supply);
    for (let k = 1; k <= most; k++) {
      const arc = network.addArc(node, sink, 1, 0, 0, 2 * k - 1, 0);
      if (k === 1) initialTree[node] = arc;
    }
  }
  network.supply[sink] = -supply;

  // Flow is conserved at every tree and block node, and every session below a group's entry
  // node is in that group's ranges, so following any arc that still carries flow downward
  // from the entry reaches a session the group may take.
  const sessionsTaken = (flow: Int32Array): number[][] => {
    const left = Int32Array.from(flow);
    return groups.map((_, gi) => {
      const taken: number[] = [];
      for (let a = groupArcStart[gi]; a < groupArcEnd[gi]; a++) {
        for (let f = left[a]; f > 0; f--) {
          let node = network.arcTo(a);
          while (roleOf(node) === INTERNAL) {
            let arc = childArcs[node];
            while (left[arc] === 0) arc++;
            left[arc]--;
            node = network.arcTo(arc);
          }
          if (roleOf(node) === BLOCK) {
            let arc = blockArcs.get(node)!;
            while (left[arc] === 0) arc++;
            left[arc]--;
            node = network.arcTo(arc);
          }
          taken.push(entrySession[node]);
        }
      }
      return taken;
    });
  };

  return { network, initialTree, sessionsTaken };
}

/**
 * Adds the highest range-tree nodes whose blocks lie inside [fromBlock, toBlock): together they
 * reach exactly those blocks.
 */
function coverRange(t: RangeNode, fromBlock: number, toBlock: number, out: number[]): void {
  if (toBlock <= t.lo || t.hi <= fromBlock) return;
  if (fromBlock <= t.lo && t.hi <= toBlock) {
    out.push(t.node);
    return;
  }
  for (const c of t.kids) coverRange(c, fromBlock, toBlock, out);
}
