// Proves the time budget on external tools: a tool still running past its budget is killed and
// becomes a one-line UserError (ETIMEOUT) instead of a hang; one that finishes in time is untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTool } from '../../server/ingest/mediaProbe';
import { UserError } from '../../server/domain/errors';

test('a tool past its budget is killed and reported in one line', async () => {
  const t0 = Date.now();
  await assert.rejects(runTool('sleep', ['30'], 'ffprobe', undefined, 300), (e: unknown) => {
    assert.ok(e instanceof UserError);
    assert.equal(e.code, 'ETIMEOUT');
    assert.match(e.message, /^ffprobe gave no answer within 0 s|^ffprobe gave no answer within \d+ s/);
    assert.doesNotMatch(e.message, /\n/);
    return true;
  });
  assert.ok(Date.now() - t0 < 10_000, 'killed, not waited for');
});

test('a tool within its budget returns its output', async () => {
  const r = await runTool('echo', ['hello'], 'echo', undefined, 10_000);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), 'hello');
});
