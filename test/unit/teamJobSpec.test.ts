// Proves what makes two team submissions one job (the same source and requested settings; for a
// local file also the same content), what makes them two (another setting, another file at the
// same path), and how long a task's lease is.
import test from 'node:test';
import assert from 'node:assert/strict';
import { leaseSecFor, teamJobIdFor, type TeamJobSpec } from '../../server/app/team/teamJobSpec';
import { WakeUp } from '../../server/app/team/wakeUp';

const spec: TeamJobSpec = {
  entry: 'https://example.com/v', sourceKey: 'https://example.com/v', upload: false, engine: 'auto', model: null,
  language: 'auto', translate: false, quality: 'standard', embedding: { kind: 'use-lite' },
};

test('same source and settings → one job id; any setting that changes the notes → another', () => {
  const id = teamJobIdFor(spec);
  assert.match(id, /^[0-9a-f]{16}$/);
  assert.equal(teamJobIdFor({ ...spec, entry: 'https://example.com/v#t=3' }), id); // the entry as typed does not matter, its key does
  for (const other of [{ quality: 'premium' as const }, { engine: 'pocketsphinx' as const }, { language: 'de' }, { translate: true }, { model: 'base.en' }, { sourceKey: 'https://example.com/w' }]) {
    assert.notEqual(teamJobIdFor({ ...spec, ...other }), id, JSON.stringify(other));
  }
  // A local file: its content is part of the id.
  const file = { ...spec, entry: '/a/talk.mp4', sourceKey: '/a/talk.mp4', upload: true };
  assert.equal(teamJobIdFor(file, 'abc'), teamJobIdFor(file, 'abc'));
  assert.notEqual(teamJobIdFor(file, 'abc'), teamJobIdFor(file, 'abd'));
});

test('leases: chunks 20× their length, at least 5 minutes; an override wins', () => {
  const saved = process.env.VIDEOINSIGHT_TEAM_LEASE_SEC;
  delete process.env.VIDEOINSIGHT_TEAM_LEASE_SEC;
  try {
    assert.equal(leaseSecFor('chunk', 5), 300);
    assert.equal(leaseSecFor('chunk', 60), 1200);
    assert.ok(leaseSecFor('plan') >= 3600);
    process.env.VIDEOINSIGHT_TEAM_LEASE_SEC = '7';
    assert.equal(leaseSecFor('chunk', 60), 7);
  } finally {
    if (saved === undefined) delete process.env.VIDEOINSIGHT_TEAM_LEASE_SEC;
    else process.env.VIDEOINSIGHT_TEAM_LEASE_SEC = saved;
  }
});

test('WakeUp: a notification wakes every waiter at once; otherwise the time limit does', async () => {
  const w = new WakeUp();
  const t0 = Date.now();
  const waits = [w.wait(5000), w.wait(5000)];
  setTimeout(() => w.fire(), 20);
  await Promise.all(waits);
  assert.ok(Date.now() - t0 < 1000);
  const t1 = Date.now();
  await w.wait(50);
  assert.ok(Date.now() - t1 >= 45);
  const ac = new AbortController();
  const aborted = w.wait(5000, ac.signal);
  ac.abort();
  await aborted;
});
