// Ranking helpers: maximal marginal relevance (diversity) and TextRank (centrality). Deterministic:
// ties always break by the lower index.

/**
 * Picks up to k items by MMR: relevance minus redundancy with what is already picked.
 * `similarity(i, j)` is in [-1, 1]; lambda = 1 is pure relevance.
 */
export function mmr(relevance: number[], similarity: (i: number, j: number) => number, k: number, lambda = 0.7): number[] {
  const picked: number[] = [];
  const left = new Set(relevance.map((_, i) => i));
  const maxSim = new Float64Array(relevance.length).fill(Number.NEGATIVE_INFINITY);
  while (picked.length < k && left.size > 0) {
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const i of left) {
      const redundancy = picked.length === 0 ? 0 : maxSim[i];
      const score = lambda * relevance[i] - (1 - lambda) * redundancy;
      if (score > bestScore || (score === bestScore && i < best)) {
        best = i;
        bestScore = score;
      }
    }
    picked.push(best);
    left.delete(best);
    for (const i of left) maxSim[i] = Math.max(maxSim[i], similarity(i, best));
  }
  return picked;
}

/** PageRank over a weighted undirected similarity graph (negative weights dropped). */
export function textRank(n: number, weight: (i: number, j: number) => number, damping = 0.85, iterations = 40): number[] {
  if (n === 0) return [];
  if (n === 1) return [1];
  const w: Float64Array[] = [];
  const rowSum = new Float64Array(n);
  for (let i = 0; i < n; i++) w.push(new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = Math.max(0, weight(i, j));
      w[i][j] = x;
      w[j][i] = x;
      rowSum[i] += x;
      rowSum[j] += x;
    }
  }
  let rank = new Float64Array(n).fill(1 / n);
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(n).fill((1 - damping) / n);
    for (let j = 0; j < n; j++) {
      if (rowSum[j] === 0) {
        for (let i = 0; i < n; i++) next[i] += (damping * rank[j]) / n;
        continue;
      }
      const share = (damping * rank[j]) / rowSum[j];
      const row = w[j];
      for (let i = 0; i < n; i++) if (row[i] > 0) next[i] += share * row[i];
    }
    rank = next;
  }
  return [...rank];
}
