// Fuzzes the reading of yt-dlp's JSON description of a page (which copies fields from whatever page
// the URL names): parseInfo, then what acquire derives from it (caption languages, chapters,
// playlist entries). Proves: anything at all gives a description or a one-line UserError, never a
// crash or a hang; each kept field has its type; chapters lie within the times the JSON holds
// (start ≥ 0, end after start); playlist URLs are http(s) only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseInfo } from '../../server/ingest/acquire/ytDlp';
import { chaptersFromInfo, playlistEntryUrls } from '../../server/ingest/acquire/remote';
import { chooseCaptions } from '../../server/ingest/acquire/captions';
import { fuzzParams, guarded } from './fuzzRuns';

const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 20 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null),
  fc.constantFrom('https://example.com/v', 'command:x', 'javascript:alert(1)', 'http://[', 'playlist', 'youtube', 'en', 'en-orig'),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.constant([]), fc.string({ maxLength: 5 })), { maxKeys: 3 }),
);
const chapter = fc.oneof(fc.record({ start_time: fc.oneof(fc.double(), value), end_time: fc.oneof(fc.double(), value), title: value }, { requiredKeys: [] }), value);
const entry = fc.oneof(fc.record({ _type: value, url: value, webpage_url: value, id: value, ie_key: value }, { requiredKeys: [] }), value);
const info = fc.record(
  {
    _type: value, id: value, title: value, duration: fc.oneof(fc.double(), value), uploader: value, channel: value, webpage_url: value,
    extractor: value, language: value, is_live: value,
    chapters: fc.oneof(fc.array(chapter, { maxLength: 6 }), value),
    subtitles: fc.oneof(fc.dictionary(fc.constantFrom('en', 'de', 'live_chat', 'en-orig', 'fr-FR'), fc.oneof(fc.constant([{}]), value)), value),
    automatic_captions: fc.oneof(fc.dictionary(fc.constantFrom('en', 'en-orig', 'de', 'de-orig', 'ja'), fc.oneof(fc.constant([{}]), value)), value),
    entries: fc.oneof(fc.array(entry, { maxLength: 6 }), value),
  },
  { requiredKeys: [] },
);
/** JSON.stringify maps NaN/Infinity to null; the text also gets raw tails and big exponents (1e999 parses to Infinity). */
const jsonText = fc.oneof(
  { weight: 6, arbitrary: info.map((o) => JSON.stringify(o)) },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string({ maxLength: 50 }) },
  { weight: 1, arbitrary: fc.constantFrom('{"duration": 1e999, "chapters": [{"start_time": -1e999, "end_time": 1e999}]}', '[]', 'null', '"x"', '{"entries": null}') },
);

test('fuzz: any yt-dlp JSON gives a typed description or a one-line error', () => {
  fc.assert(
    fc.property(jsonText, fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constant(0)), (json, probedDuration) => {
      guarded(() => {
        const i = parseInfo(json, 'https://example.com/v');
        for (const key of ['_type', 'id', 'title', 'uploader', 'channel', 'webpage_url', 'extractor', 'language'] as const) {
          assert.ok(i[key] === undefined || typeof i[key] === 'string', `${key} is a string`);
        }
        assert.ok(i.duration === undefined || (Number.isFinite(i.duration) && i.duration! >= 0));
        const choice = chooseCaptions(i);
        if (choice) assert.ok(choice.langs.length > 0 && choice.langs.every((l) => typeof l === 'string'));
        const duration = i.duration ?? probedDuration;
        const times = [duration, ...(i.chapters ?? []).flatMap((c) => [c.start_time, c.end_time]).filter((t): t is number => Number.isFinite(t))];
        for (const c of chaptersFromInfo(i, duration)) {
          assert.ok(Number.isFinite(c.startSec) && Number.isFinite(c.endSec), 'finite chapter times');
          assert.ok(c.startSec >= 0 && c.endSec > c.startSec && c.endSec <= Math.max(...times), `chapter ${c.startSec}-${c.endSec} within the JSON's times`);
          assert.equal(typeof c.title, 'string');
        }
        for (const u of playlistEntryUrls(i)) assert.match(u, /^https?:\/\//i);
      });
    }),
    fuzzParams(),
  );
});
