// Proves planParallelism stays within bounds: at least one worker with at least one thread,
// never more threads in total than cores (or --threads), never more workers than memory allows
// (with headroom), never more whisper jobs than libuv's thread pool can run beside file I/O,
// whisper contexts get several threads each, pocketsphinx one per core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planParallelism, whisperWorkerBytes } from '../../server/ingest/transcribe/parallelism';

const GB = 1024 ** 3;

test('typical machines', () => {
  assert.deepEqual(planParallelism({ cores: 2, freeMemBytes: 8 * GB, perWorkerBytes: 0.5 * GB, engine: 'whisper' }), { workers: 1, threadsPerWorker: 2 });
  assert.deepEqual(planParallelism({ cores: 16, freeMemBytes: 32 * GB, perWorkerBytes: 0.5 * GB, engine: 'whisper' }), { workers: 3, threadsPerWorker: 5 }, 'libuv pool of 4 leaves 3 for whisper');
  assert.deepEqual(planParallelism({ cores: 16, freeMemBytes: 32 * GB, perWorkerBytes: 0.5 * GB, engine: 'whisper', threadPoolSize: 8 }), { workers: 4, threadsPerWorker: 4 });
  assert.deepEqual(planParallelism({ cores: 16, freeMemBytes: 4 * GB, perWorkerBytes: 1.5 * GB, engine: 'whisper' }), { workers: 2, threadsPerWorker: 8 }, 'memory-bound');
  assert.deepEqual(planParallelism({ cores: 16, freeMemBytes: 1 * GB, perWorkerBytes: 4 * GB, engine: 'whisper' }), { workers: 1, threadsPerWorker: 16 }, 'one worker even when memory is short');
  assert.deepEqual(planParallelism({ cores: 16, freeMemBytes: 32 * GB, perWorkerBytes: 0.1 * GB, engine: 'whisper', requestedThreads: 4 }), { workers: 1, threadsPerWorker: 4 });
  assert.deepEqual(planParallelism({ cores: 4, freeMemBytes: 8 * GB, perWorkerBytes: 0.05 * GB, engine: 'pocketsphinx' }), { workers: 4, threadsPerWorker: 1 });
  assert.deepEqual(planParallelism({ cores: 8, freeMemBytes: 8 * GB, perWorkerBytes: 0, engine: 'captions' }), { workers: 1, threadsPerWorker: 1 });
});

test('bounds hold for any input (property)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 256 }),
      fc.double({ min: 0, max: 1024 * GB, noNaN: true }),
      fc.double({ min: 0, max: 16 * GB, noNaN: true }),
      fc.constantFrom('whisper' as const, 'pocketsphinx' as const, 'captions' as const),
      fc.option(fc.integer({ min: 0, max: 64 }), { nil: undefined }),
      fc.option(fc.integer({ min: 1, max: 128 }), { nil: undefined }),
      (cores, freeMemBytes, perWorkerBytes, engine, requestedThreads, threadPoolSize) => {
        const plan = planParallelism({ cores, freeMemBytes, perWorkerBytes, engine, requestedThreads, threadPoolSize });
        if (engine === 'whisper' && plan.workers > 1) assert.ok(plan.workers < (threadPoolSize ?? 4), 'a libuv thread stays free');
        assert.ok(Number.isInteger(plan.workers) && plan.workers >= 1 && plan.workers <= 8);
        assert.ok(Number.isInteger(plan.threadsPerWorker) && plan.threadsPerWorker >= 1);
        const budget = Math.max(1, requestedThreads && requestedThreads > 0 ? requestedThreads : cores);
        assert.ok(plan.workers * plan.threadsPerWorker <= Math.max(budget, 1), JSON.stringify({ plan, budget }));
        if (plan.workers > 1 && perWorkerBytes > 0) assert.ok(plan.workers * perWorkerBytes <= freeMemBytes, 'fits in memory');
      },
    ),
  );
});

test('worker memory grows with the model', () => {
  assert.ok(whisperWorkerBytes(1.5 * GB) > whisperWorkerBytes(75 * 1024 ** 2));
  assert.ok(whisperWorkerBytes(0) > 0);
});
