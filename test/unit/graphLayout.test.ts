// Proves the graph's pure pieces: label placement on 500 nodes shows no two overlapping label boxes
// (checked pairwise), always shows the strongest label and many others, and drops off-screen ones;
// edge thinning keeps each node's k heaviest links (ties stable) and all of them for k = ∞; the
// seeded random source repeats for the same seed and differs for another.
import test from 'node:test';
import assert from 'node:assert/strict';
import { overlaps, placeLabels, type LabelBox } from '../../webview/graph/labelPlacement';
import { strongestEdges } from '../../webview/graph/edgeThinning';
import { seededRandom } from '../../webview/graph/seededRandom';

function boxes(n: number, seed: string, w = 1280, h = 800): LabelBox[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const label = 'concept '.repeat(1 + Math.floor(rnd() * 3)).trim();
    const bw = label.length * 6.2;
    return { id: `n${i}`, x: rnd() * w - bw / 2, y: rnd() * h, w: bw, h: 14, priority: rnd() };
  });
}

test('500 labels: no two shown boxes overlap; the strongest shows; a fair share shows', () => {
  for (const seed of ['a', 'b', 'c']) {
    const all = boxes(500, seed);
    const shown = placeLabels(all, { w: 1280, h: 800 });
    const placed = all.filter((b) => shown.has(b.id));
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) assert.ok(!overlaps(placed[i]!, placed[j]!), `${placed[i]!.id} overlaps ${placed[j]!.id}`);
    }
    const top = [...all].sort((a, b) => b.priority - a.priority)[0]!;
    assert.ok(shown.has(top.id), 'the strongest label is shown');
    assert.ok(placed.length >= 60 && placed.length < 500, `shown ${placed.length}`);
    // Greedy by priority: every hidden on-screen label collides with a shown one of higher priority.
    for (const b of all) {
      if (shown.has(b.id) || b.x + b.w <= 0 || b.x >= 1280 || b.y >= 800) continue;
      assert.ok(placed.some((p) => p.priority >= b.priority && overlaps(p, b)), `${b.id} hidden without cause`);
    }
  }
});

test('labels off screen or without size are not shown; the result does not depend on input order', () => {
  const shown = placeLabels([
    { id: 'left', x: -100, y: 10, w: 50, h: 14, priority: 1 },
    { id: 'below', x: 10, y: 900, w: 50, h: 14, priority: 1 },
    { id: 'empty', x: 10, y: 10, w: 0, h: 14, priority: 1 },
    { id: 'ok', x: 10, y: 10, w: 50, h: 14, priority: 0 },
  ], { w: 800, h: 600 });
  assert.deepEqual([...shown], ['ok']);
  const all = boxes(300, 'order');
  assert.deepEqual([...placeLabels(all)].sort(), [...placeLabels([...all].reverse())].sort());
});

test('edge thinning keeps the k heaviest links of each node', () => {
  const e = (source: string, target: string, weight: number) => ({ source, target, weight });
  // A hub with five links and leaves with one each: k=2 keeps the hub's two heaviest, plus every
  // leaf's only link (a leaf is never cut off).
  const edges = [e('hub', 'a', 0.9), e('hub', 'b', 0.8), e('hub', 'c', 0.3), e('hub', 'd', 0.2), e('a', 'b', 0.1)];
  assert.deepEqual(strongestEdges(edges, 1).map((x) => `${x.source}-${x.target}`), ['hub-a', 'hub-b', 'hub-c', 'hub-d']);
  const dense = Array.from({ length: 40 }, (_, i) => e(`n${i % 8}`, `n${(i * 3 + 1) % 8}`, ((i * 37) % 100) / 100));
  const k2 = strongestEdges(dense, 2);
  for (let n = 0; n < 8; n++) {
    const mine = dense.filter((x) => x.source === `n${n}` || x.target === `n${n}`).sort((a, b) => b.weight - a.weight);
    for (const best of mine.slice(0, 2)) assert.ok(k2.includes(best), `n${n} keeps its heaviest`);
  }
  assert.ok(k2.length < dense.length);
  assert.equal(strongestEdges(dense, Infinity).length, dense.length);
});

test('the seeded random source repeats per seed', () => {
  const a = seededRandom('Talk · 29'), b = seededRandom('Talk · 29'), c = seededRandom('Other');
  const xs = Array.from({ length: 5 }, () => a());
  assert.deepEqual(xs, Array.from({ length: 5 }, () => b()));
  assert.notDeepEqual(xs, Array.from({ length: 5 }, () => c()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});
