// Proves: slugs are safe folder names (no separators, no dot segments, bounded, non-empty) for
// any title, stable for the same source and distinct for different sources with the same title;
// job ids change with output-shaping settings and not otherwise.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { jobIdFor, slugFor } from '../../server/app/jobIdentity';

const settings = { engine: 'auto', model: null, language: 'auto', translate: false, quality: 'standard' };

test('slug is a safe single path segment for any title', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string(), (title, source) => {
      const s = slugFor(title, source);
      assert.ok(s.length > 0 && [...s].length <= 67, s);
      assert.doesNotMatch(s, /[\\/\0:]/);
      assert.ok(s !== '.' && s !== '..' && !s.startsWith('.'));
      assert.match(s, /-[0-9a-f]{6}$/);
    }),
  );
});

test('slug keeps non-ASCII words and is stable per source', () => {
  assert.equal(slugFor('Über Straßen — 東京 Talk', '/a.mp4'), slugFor('Über Straßen — 東京 Talk', '/a.mp4'));
  assert.match(slugFor('Über Straßen — 東京 Talk', '/a.mp4'), /^über-straßen-東京-talk-[0-9a-f]{6}$/);
  assert.notEqual(slugFor('Same', '/a.mp4'), slugFor('Same', '/b.mp4'));
  assert.match(slugFor('../../etc/passwd', 'x'), /^etc-passwd-/);
  assert.match(slugFor('', 'x'), /^video-/);
  assert.match(slugFor('CON', 'x'), /^video-/);
});

test('job id depends on source and output-shaping settings only', () => {
  const a = jobIdFor('/a.mp4', settings);
  assert.equal(a, jobIdFor('/a.mp4', { ...settings }));
  assert.notEqual(a, jobIdFor('/b.mp4', settings));
  assert.notEqual(a, jobIdFor('/a.mp4', { ...settings, engine: 'captions' }));
  assert.notEqual(a, jobIdFor('/a.mp4', { ...settings, quality: 'premium' }));
  assert.match(a, /^[0-9a-f]{16}$/);
});
