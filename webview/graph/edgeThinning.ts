// The strongest links per concept: an edge stays when it is among the k heaviest of either of its
// ends, so every concept keeps its best links and a dense graph stops being a hairball.

export interface WeightedEdge { source: string; target: string; weight: number }

export function strongestEdges<E extends WeightedEdge>(edges: readonly E[], k: number): E[] {
  if (!Number.isFinite(k)) return [...edges];
  const byNode = new Map<string, E[]>();
  for (const e of edges) {
    for (const end of [e.source, e.target]) {
      const list = byNode.get(end);
      if (list) list.push(e); else byNode.set(end, [e]);
    }
  }
  const keep = new Set<E>();
  for (const list of byNode.values()) {
    // Ties broken by the other end's id, so the choice is the same on every opening.
    list.sort((a, b) => b.weight - a.weight || (a.source + a.target < b.source + b.target ? -1 : 1));
    for (const e of list.slice(0, Math.max(0, k))) keep.add(e);
  }
  return edges.filter((e) => keep.has(e));
}
