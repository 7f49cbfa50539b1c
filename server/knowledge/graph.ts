// Concept graph: co-occurrence within a window of sentences, plus embedding similarity between concepts.
import type { GraphEdge } from '../domain/analysis';
import { dot } from '../domain/vector';

export interface GraphDepth {
  /** Sentences on either side that count as "together". */
  window: number;
  /** Similarity edges per concept (0 = none). */
  similarNeighbours: number;
  minSimilarity: number;
}

export function buildGraph(ids: string[], occurrenceSentences: Map<string, number[]>, vectors: Map<string, Float32Array>, depth: GraphDepth): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const sorted = [...ids].sort();
  // Co-occurrence: count sentence pairs within the window; weight = count / sqrt(freqA * freqB).
  for (let a = 0; a < sorted.length; a++) {
    const sa = occurrenceSentences.get(sorted[a]) ?? [];
    for (let b = a + 1; b < sorted.length; b++) {
      const sb = occurrenceSentences.get(sorted[b]) ?? [];
      let count = 0;
      let j = 0;
      for (const x of sa) {
        while (j < sb.length && sb[j] < x - depth.window) j++;
        if (j < sb.length && sb[j] <= x + depth.window) count++;
      }
      const needed = Math.min(sa.length, sb.length) >= 3 ? 2 : 1;
      if (count >= needed) {
        edges.push({ source: sorted[a], target: sorted[b], weight: round(Math.min(1, count / Math.sqrt(sa.length * sb.length))), kind: 'cooccurrence' });
      }
    }
  }
  if (depth.similarNeighbours > 0) {
    const seen = new Set<string>();
    for (const a of sorted) {
      const va = vectors.get(a);
      if (!va) continue;
      const near = sorted
        .filter((b) => b !== a && vectors.has(b))
        .map((b) => ({ b, s: dot(va, vectors.get(b)!) }))
        .filter((x) => x.s >= depth.minSimilarity)
        .sort((x, y) => y.s - x.s || (x.b < y.b ? -1 : 1))
        .slice(0, depth.similarNeighbours);
      for (const { b, s } of near) {
        const [source, target] = a < b ? [a, b] : [b, a];
        const key = `${source}\u0000${target}`;
        if (seen.has(key)) continue;
        seen.add(key);
        edges.push({ source, target, weight: round(s), kind: 'similarity' });
      }
    }
  }
  return edges;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
