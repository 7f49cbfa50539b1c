// Proves: MMR picks the most relevant item first, then prefers diverse items over near-duplicates, and
// breaks ties by index; TextRank ranks the most connected sentence highest; both are deterministic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mmr, textRank } from '../../server/knowledge/mmr';

test('MMR: relevance first, then diversity over a near-duplicate', () => {
  const relevance = [0.9, 0.89, 0.5];
  const sim = (i: number, j: number): number => ((i === 0 && j === 1) || (i === 1 && j === 0) ? 0.99 : 0.0);
  assert.deepEqual(mmr(relevance, sim, 2, 0.5), [0, 2]);
  assert.deepEqual(mmr(relevance, sim, 2, 1), [0, 1], 'lambda 1 is pure relevance');
});

test('MMR: ties break by the lower index, and k larger than the pool returns everything once', () => {
  assert.deepEqual(mmr([1, 1, 1], () => 0, 5), [0, 1, 2]);
  assert.deepEqual(mmr([], () => 0, 3), []);
});

test('TextRank: the hub of a star graph ranks highest; scores sum to 1; runs are identical', () => {
  const w = (i: number, j: number): number => (i === 2 || j === 2 ? 1 : 0.05);
  const a = textRank(5, w);
  const b = textRank(5, w);
  assert.deepEqual(a, b);
  assert.equal(a.indexOf(Math.max(...a)), 2);
  assert.ok(Math.abs(a.reduce((x, y) => x + y, 0) - 1) < 1e-9);
  assert.deepEqual(textRank(0, w), []);
  assert.deepEqual(textRank(1, w), [1]);
  const isolated = textRank(3, () => 0);
  assert.ok(isolated.every((x) => Math.abs(x - 1 / 3) < 1e-9), 'no edges: uniform');
});
