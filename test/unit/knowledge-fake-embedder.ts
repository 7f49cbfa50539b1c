// A deterministic stand-in for a sentence encoder, for unit tests: hashed bag of stemmed content words.
// Texts sharing words get similar vectors; texts sharing none are orthogonal-ish. Not a test file.
import type { Embedder } from '../../server/domain/analysis';
import { contentTerms } from '../../server/knowledge/text';
import { normalize } from '../../server/domain/vector';

export function fakeEmbedder(dim = 64): Embedder & { calls: number } {
  const e = {
    id: `fake-bow-${dim}`,
    dim,
    calls: 0,
    async embed(texts: string[]): Promise<Float32Array[]> {
      e.calls++;
      return texts.map((t) => {
        const v = new Float32Array(dim);
        for (const term of contentTerms(t)) {
          let h = 2166136261;
          for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 16777619) >>> 0;
          v[h % dim] += (h >>> 16) & 1 ? 1 : -1;
        }
        if (v.every((x) => x === 0)) v[0] = 1;
        return normalize(v);
      });
    },
  };
  return e;
}
