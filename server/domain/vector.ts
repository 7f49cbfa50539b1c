// Small dense-vector helpers. Embedders return unit vectors, so cosine similarity is a dot product.

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

export function norm(a: Float32Array): number {
  return Math.sqrt(dot(a, a));
}

/** A unit-length copy; the zero vector stays zero (never NaN). */
export function normalize(a: Float32Array): Float32Array {
  const n = norm(a);
  const out = new Float32Array(a.length);
  if (n === 0 || !Number.isFinite(n)) return out;
  for (let i = 0; i < a.length; i++) out[i] = a[i] / n;
  return out;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  const d = norm(a) * norm(b);
  return d === 0 ? 0 : dot(a, b) / d;
}

/** Normalized mean of vectors[from, to): the centroid of a block of sentences. */
export function centroid(vectors: Float32Array[], from = 0, to = vectors.length, dim = vectors[0]?.length ?? 0): Float32Array {
  const sum = new Float32Array(dim);
  for (let i = from; i < to; i++) {
    const v = vectors[i];
    for (let j = 0; j < dim; j++) sum[j] += v[j];
  }
  return normalize(sum);
}

/** Prefix sums of vectors, so the centroid of any block costs O(dim). */
export class PrefixSums {
  private readonly sums: Float32Array[];
  constructor(vectors: Float32Array[], readonly dim: number) {
    this.sums = [new Float32Array(dim)];
    for (const v of vectors) {
      const prev = this.sums[this.sums.length - 1];
      const next = new Float32Array(dim);
      for (let j = 0; j < dim; j++) next[j] = prev[j] + v[j];
      this.sums.push(next);
    }
  }
  /** Unit centroid of vectors[from, to). */
  centroid(from: number, to: number): Float32Array {
    const a = this.sums[from];
    const b = this.sums[to];
    const out = new Float32Array(this.dim);
    for (let j = 0; j < this.dim; j++) out[j] = b[j] - a[j];
    return normalize(out);
  }
}

export function toBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function fromBlob(b: Buffer): Float32Array {
  // Copy: the Buffer may share a pool and is not guaranteed 4-byte aligned.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** Sign bits, packed little-endian per byte as sqlite-vec's bit vectors expect (bit i of byte j = dimension 8j+i). */
export function signBits(v: Float32Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(v.length / 8));
  for (let i = 0; i < v.length; i++) if (v[i] > 0) out[i >> 3] |= 1 << (i & 7);
  return out;
}
