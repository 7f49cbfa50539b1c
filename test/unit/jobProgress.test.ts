// Proves the progress a user sees is honest: it never goes back, a captions job does not jump to
// most of the bar when its (instant) transcription ends, and a time left appears once the job has
// a pace, from the job's own elapsed time (a fake clock here, the real one in use).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobProgress } from '../../server/app/progress';
import type { ProgressEvent } from '../../server/domain/types';

function recorder() {
  let t = 0;
  const events: ProgressEvent[] = [];
  const p = new JobProgress((e) => events.push(e), () => t);
  return { p, events, advance: (sec: number) => (t += sec * 1000) };
}

test('a captions job is not most of the way done once its captions are read', () => {
  const { p, events } = recorder();
  p.report('acquire', 1, 'acquired');
  p.useEngine('captions');
  p.report('transcribe', 1, 'captions read');
  assert.ok(events.at(-1)!.fraction <= 0.2, `after reading captions: ${events.at(-1)!.fraction}`);
  p.report('analyze', 1, 'analysed');
  assert.ok(events.at(-1)!.fraction < 0.8, 'rendering and indexing still have a real share');
});

test('a speech job spends most of its bar transcribing', () => {
  const { p, events } = recorder();
  p.useEngine('whisper');
  p.report('segment', 1, 'chunks');
  const before = events.at(-1)!.fraction;
  p.report('transcribe', 1, 'done');
  assert.ok(events.at(-1)!.fraction - before >= 0.5);
});

test('the fraction never goes back, whatever order the stages report in', () => {
  const { p, events } = recorder();
  p.report('transcribe', 0.5, 'x');
  p.report('audio', 0.2, 'y');
  p.useEngine('captions');
  p.report('transcribe', 0, 'z');
  const fr = events.map((e) => e.fraction);
  assert.deepEqual(fr, [...fr].sort((a, b) => a - b));
});

test('time left: none early, then from the pace so far, or from the stage that knows its own', () => {
  const { p, events, advance } = recorder();
  p.useEngine('whisper');
  advance(2);
  p.report('audio', 1, 'decoded');
  assert.equal(events.at(-1)!.etaSec, undefined, 'no estimate at 10 % and 2 s');
  advance(28);
  p.report('transcribe', 0.5, 'half'); // fraction 0.475 after 30 s
  const eta = events.at(-1)!.etaSec!;
  assert.ok(Math.abs(eta - (30 / 0.475) * (1 - 0.475)) < 1e-6, `pace estimate ${eta}`);
  p.report('transcribe', 0.6, 'more', 20);
  assert.ok(Math.abs(events.at(-1)!.etaSec! - (20 + (30 / events.at(-1)!.fraction) * 0.2)) < 1e-6, 'stage estimate plus the later stages');
  p.report('index', 1, 'done');
  assert.equal(events.at(-1)!.etaSec, undefined, 'nothing left at 100 %');
});
