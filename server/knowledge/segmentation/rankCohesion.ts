// Cohesion by local rank (Choi 2000, C99): a cosine between two short sentences' embeddings means little on
// its own scale, which drifts with sentence length and speaking style across a talk. Each pair's similarity
// is replaced by the share of its neighbours in the similarity matrix (an 11 x 11 mask, Choi's) that it
// exceeds, so only "more similar than nearby pairs" counts. A section's spread is then the kernel form of
// the sum of squares: len - (sum of ranks inside the section) / len, with prefix sums for O(1) per section.

/** Half-width of the ranking mask (Choi 2000 uses 11 x 11). */
const MASK = 5;

/** Prefix sums P (size (m+1)^2) of the local-rank matrix of unit vectors, so a block's sum is O(1). */
export function rankPrefix(vectors: Float32Array[]): { m: number; block: (a: number, b: number) => number } {
  const m = vectors.length;
  const dim = vectors[0]?.length ?? 0;
  const sim = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = i; j < m; j++) {
      let d = 0;
      const x = vectors[i];
      const y = vectors[j];
      for (let k = 0; k < dim; k++) d += x[k] * y[k];
      sim[i * m + j] = d;
      sim[j * m + i] = d;
    }
  const stride = m + 1;
  const prefix = new Float64Array(stride * stride);
  for (let i = 0; i < m; i++) {
    let row = 0;
    for (let j = 0; j < m; j++) {
      let rank = 1;
      if (i !== j) {
        const v = sim[i * m + j];
        let below = 0;
        let seen = 0;
        for (let p = Math.max(0, i - MASK); p <= Math.min(m - 1, i + MASK); p++)
          for (let q = Math.max(0, j - MASK); q <= Math.min(m - 1, j + MASK); q++) {
            if (p === i && q === j) continue;
            seen++;
            if (sim[p * m + q] < v) below++;
          }
        rank = seen > 0 ? below / seen : 0;
      }
      row += rank;
      prefix[(i + 1) * stride + j + 1] = prefix[i * stride + j + 1] + row;
    }
  }
  const block = (a: number, b: number): number =>
    prefix[b * stride + b] - prefix[a * stride + b] - prefix[b * stride + a] + prefix[a * stride + a];
  return { m, block };
}

/** Spread of units [a, b) under the rank kernel (diagonal 1): (b - a) - block(a, b) / (b - a). */
export function rankSpread(r: { block: (a: number, b: number) => number }, a: number, b: number): number {
  return b - a - r.block(a, b) / (b - a);
}
