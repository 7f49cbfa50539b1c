// Proves that parseCaptions reads real-world WebVTT and SubRip (BOM, CRLF, headers, NOTE/STYLE/REGION
// blocks, cue ids and settings, inline tags and word times, entities, missing hours, comma or dot
// millis, empty and overlapping cues, sloppy separators, YouTube's rolling auto-caption duplicates
// and their inline word times) into sorted, clipped, trimmed segments in absolute seconds; that it round-trips whatever the
// independent `subtitle` serializer writes (fast-check); that the real eval-public captions parse
// to their full cue counts and durations and agree with `subtitle`'s own parse; and that track
// picking and file reading behave, with UserError for unreadable or empty files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parseSync, stringifySync, type NodeList } from 'subtitle';
import { parseCaptions } from '../../server/ingest/transcribe/captions';
import { captionFormatOf, pickCaptionTrack, readCaptionTrack } from '../../server/ingest/transcribe/captionTracks';
import { FLASH_SEC, wordsOverlap } from '../../server/ingest/transcribe/rollingCaptions';
import type { CaptionTrack } from '../../server/domain/types';
import { UserError } from '../../server/domain/errors';

const TALKS = path.resolve(__dirname, '../../../shared/eval-public/talks');
const brief = (segs: { startSec: number; endSec: number; text: string }[]) => segs.map((s) => [s.startSec, s.endSec, s.text]);

test('SRT: BOM, CRLF, comma millis, multi-line text, tags, empty cue, ASS position codes', () => {
  const srt =
    '\uFEFF1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Hello</i>\r\nthere  \r\n\r\n' +
    '2\r\n00:00:03,000 --> 00:00:04,000\r\n\r\n' +
    '3\r\n00:00:04,000 --> 00:00:05,250 X1:100 X2:200 Y1:10 Y2:20\r\n{\\an8}<font color="#fff">up &amp; away</font>\r\n\r\n' +
    '4\r\n01:00:00,5 --> 01:00:01,75\r\n42\r\n';
  assert.deepEqual(brief(parseCaptions(srt, 'srt')), [
    [1, 2.5, 'Hello there'],
    [4, 5.25, 'up & away'],
    [3600.5, 3601.75, '42'],
  ]);
});

test('VTT: header, STYLE, REGION, multi-line NOTE, ids, settings, voice and class tags, word times, entities, missing hours', () => {
  const vtt = [
    'WEBVTT - a title',
    'Kind: captions',
    'Language: en',
    '',
    'STYLE',
    '::cue(.yellow) { color: yellow }',
    '',
    'REGION',
    'id:fred width:40%',
    '',
    'NOTE this is',
    'a two-line comment',
    '',
    'intro',
    '00:01.000 --> 00:02.500 align:start position:10% line:0',
    '<v Roger Bingham>We are in <b>New York</b> City',
    '',
    '2',
    '00:00:02.500 --> 00:00:04.000',
    '<c.yellow>Tom &amp; Jerry&#39;s</c>&nbsp;<00:00:03.100><c>show</c> &lt;3 &#x263A;',
    '',
    '00:04.5 --> 00:05.25',
    '   ',
    '',
  ].join('\n');
  assert.deepEqual(brief(parseCaptions(vtt, 'vtt')), [
    [1, 2.5, 'We are in New York City'],
    [2.5, 4, "Tom & Jerry's show <3 \u263A"],
  ]);
});

test("YouTube auto captions: rolling duplicate lines collapse to what each cue adds", () => {
  const vtt = `WEBVTT
Kind: captions
Language: en

00:00:00.640 --> 00:00:03.070 align:start position:0%
 
Hello<00:00:00.880><c> everyone</c>

00:00:03.070 --> 00:00:03.080 align:start position:0%
Hello everyone
 

00:00:03.080 --> 00:00:05.870 align:start position:0%
Hello everyone
and<00:00:03.360><c> welcome</c><00:00:03.600><c> to</c>

00:00:05.870 --> 00:00:05.880 align:start position:0%
and welcome to
 

00:00:05.880 --> 00:00:08.000 align:start position:0%
and welcome to
the<00:00:06.100><c> show</c>
`;
  const segs = parseCaptions(vtt, 'vtt');
  assert.deepEqual(brief(segs), [
    [0.64, 3.08, 'Hello everyone'],
    [3.08, 5.88, 'and welcome to'],
    [5.88, 8, 'the show'],
  ]);
  // The inline stamps become word times: each word starts at its stamp and ends where the next starts.
  const words = segs.map((s) => (s.words ?? []).map((w) => [w.text, w.startSec, w.endSec]));
  assert.deepEqual(words, [
    [['Hello', 0.64, 0.88], ['everyone', 0.88, 3.07]],
    [['and', 3.08, 3.36], ['welcome', 3.36, 3.6], ['to', 3.6, 5.87]],
    [['the', 5.88, 6.1], ['show', 6.1, 8]],
  ]);
  assert.equal(parseCaptions('1\n00:00:01,000 --> 00:00:02,000\nno stamps\n', 'srt')[0].words, undefined, 'no stamps, no invented word times');
});

test('overlapping and simultaneous cues: sorted, same starts merged, ends clipped to the next start', () => {
  const srt = `1
00:00:05,000 --> 00:00:09,000
later

2
00:00:01,000 --> 00:00:06,000
first, overlapping

3
00:00:05,000 --> 00:00:07,000
second speaker
`;
  assert.deepEqual(brief(parseCaptions(srt, 'srt')), [
    [1, 5, 'first, overlapping'],
    [5, 9, 'later second speaker'],
  ]);
});

test('sloppy files: no blank line before the next number, whitespace-only separators, VTT labelled as SRT', () => {
  const sloppy = '1\n00:00:01,000 --> 00:00:02,000\nfirst\n2\n00:00:02,000 --> 00:00:03,000\nsecond\n  \n3\n00:00:03,000 --> 00:00:04,000\nthird';
  assert.deepEqual(brief(parseCaptions(sloppy, 'srt')), [
    [1, 2, 'first'],
    [2, 3, 'second'],
    [3, 4, 'third'],
  ]);
  const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nvtt text\n';
  assert.deepEqual(brief(parseCaptions(vtt, 'srt')), [[1, 2, 'vtt text']]);
  assert.deepEqual(parseCaptions('', 'vtt'), []);
  assert.deepEqual(parseCaptions('not captions at all\n\x00\x01', 'srt'), []);
});

test('round trip: cues written by the subtitle package parse back to the same times and text', () => {
  const line = fc
    .array(fc.constantFrom(...'abcdefghij KLMNOP 0123456789 .,?!\'"éü中'.split('')), { minLength: 1, maxLength: 30 })
    .map((cs) => cs.join(''))
    .filter((l) => l.trim() !== '' && !l.includes('-->'));
  const cue = fc.record({ gap: fc.integer({ min: 1, max: 5_000_000 }), len: fc.integer({ min: 0, max: 20_000 }), lines: fc.array(line, { minLength: 1, maxLength: 3 }) });
  fc.assert(
    fc.property(fc.array(cue, { minLength: 1, maxLength: 25 }), fc.constantFrom('SRT' as const, 'WebVTT' as const), (cues, format) => {
      let t = 0;
      const nodes: NodeList = [];
      const expected: [number, number, string][] = [];
      let prevLast = '';
      for (const c of cues) {
        // Back-to-back cues (within FLASH_SEC) whose words overlap have the roll-up shape and are (rightly)
        // collapsed as rolling captions (captions-wild.test.ts proves that); keep this round trip to clean cues.
        const norm = c.lines.map((l) => l.replace(/\s+/g, ' ').trim());
        if (c.gap <= FLASH_SEC * 1000 && wordsOverlap(prevLast, norm.join(' '))) continue;
        prevLast = norm.join(' ');
        const start = t + c.gap;
        const end = start + c.len;
        t = end;
        nodes.push({ type: 'cue', data: { start, end, text: c.lines.join('\n') } });
        expected.push([start / 1000, end / 1000, norm.join(' ')]);
      }
      const text = stringifySync(nodes, { format });
      assert.deepEqual(brief(parseCaptions(text, format === 'SRT' ? 'srt' : 'vtt')), expected);
    }),
    { numRuns: 300 },
  );
});

test('real clean captions from eval-public parse whole, in order, and agree with the subtitle package', () => {
  // The `-autocaptions` folders are rolling automatic captions (the README of eval-public says so):
  // their cues repeat each other by design, so one segment per cue does not hold for them.
  const talks = fs.readdirSync(TALKS).filter((d) => fs.existsSync(path.join(TALKS, d, 'talk.vtt')) && !d.endsWith('-autocaptions'));
  assert.ok(talks.length >= 3, 'the eval-public talks are present');
  for (const talk of talks) {
    const text = fs.readFileSync(path.join(TALKS, talk, 'talk.vtt'), 'utf8');
    const { durationSec } = JSON.parse(fs.readFileSync(path.join(TALKS, talk, 'chapters.json'), 'utf8')) as { durationSec: number };
    const segs = parseCaptions(text, 'vtt');
    const timingLines = text.split('\n').filter((l) => l.includes('-->')).length;
    // A cue may start twice in a file with start times only (the parser merges same starts).
    assert.ok(segs.length >= timingLines - 2 && segs.length <= timingLines, `${talk}: one segment per cue`);
    assert.ok(segs.every((s, i) => s.text.length > 0 && s.endSec >= s.startSec && (i === 0 || s.startSec > segs[i - 1].startSec)), `${talk}: sorted, non-empty`);
    // chapters.json gives the duration in whole seconds; the last cue may end within that second.
    assert.ok(segs.at(-1)!.endSec < durationSec + 1 && segs.at(-1)!.endSec > durationSec * 0.9, `${talk}: last cue ends near the ${durationSec} s duration`);
    const words = segs.reduce((n, s) => n + s.text.split(' ').length, 0);
    const wpm = words / (durationSec / 60);
    assert.ok(wpm > 80 && wpm < 250, `${talk}: ${wpm.toFixed(0)} words per minute is speech-like`);
    // Where the subtitle package holds up (these clean files), it reads the same words in the same order,
    // but for lines that only describe a sound ("[Intro]"), which ours drops.
    const theirs = parseSync(text).flatMap((n) => (n.type === 'cue' ? [n.data] : []));
    const ourWords = segs.map((s) => s.text).join(' ');
    const theirWords = theirs
      .map((c) => c.text.split('\n').filter((l) => !/^\[[^[\]]*\]$/.test(l.trim())).join(' ').replace(/\s+/g, ' ').trim())
      .filter((t) => t.length > 0)
      .join(' ');
    assert.equal(ourWords, theirWords, `${talk}: same words as the subtitle package`);
  }
});

test('captionFormatOf and pickCaptionTrack', () => {
  assert.equal(captionFormatOf('/a/talk.en.VTT'), 'vtt');
  assert.equal(captionFormatOf('talk.srt'), 'srt');
  assert.equal(captionFormatOf('talk.ass'), null);
  assert.equal(captionFormatOf('vtt'), null);
  const t = (lang: string, kind: 'manual' | 'auto'): CaptionTrack => ({ path: `${lang}.${kind}.vtt`, format: 'vtt', lang, kind });
  assert.equal(pickCaptionTrack([]), null);
  assert.equal(pickCaptionTrack([t('en', 'auto'), t('de', 'manual')], 'en')?.path, 'en.auto.vtt', 'the language asked for beats manual');
  assert.equal(pickCaptionTrack([t('en', 'auto'), t('de', 'manual')])?.path, 'de.manual.vtt', 'no preference: manual beats auto');
  assert.equal(pickCaptionTrack([t('en', 'auto'), t('en-US', 'manual')], 'en')?.path, 'en-US.manual.vtt', 'same language: manual beats auto');
  assert.equal(pickCaptionTrack([t('de', 'manual'), t('en-US', 'manual')], 'en')?.path, 'en-US.manual.vtt', 'prefix match');
  assert.equal(pickCaptionTrack([t('en-GB', 'auto'), t('en', 'auto')], 'en')?.path, 'en.auto.vtt', 'exact tag beats prefix');
  assert.equal(pickCaptionTrack([t('fr', 'auto'), t('de', 'auto')], 'en')?.path, 'fr.auto.vtt', 'any, in the order given');
  assert.equal(pickCaptionTrack([t('', 'auto'), t('en', 'manual')])?.path, 'en.manual.vtt');
});

test('readCaptionTrack: UTF-8 and UTF-16 files read; missing, empty and binary files are UserErrors', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-captions-'));
  try {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\nsalut à toi\n';
    const file = (name: string, data: string | Buffer): CaptionTrack => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, data);
      return { path: p, format: captionFormatOf(p) ?? 'srt', lang: 'fr', kind: 'manual' };
    };
    assert.deepEqual(brief(await readCaptionTrack(file('a.srt', srt))), [[1, 2, 'salut à toi']]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(srt, 'utf16le')]);
    assert.deepEqual(brief(await readCaptionTrack(file('b.srt', utf16))), [[1, 2, 'salut à toi']]);
    const missing: CaptionTrack = { path: path.join(dir, 'nope.vtt'), format: 'vtt', lang: '', kind: 'auto' };
    await assert.rejects(readCaptionTrack(missing), (e: Error) => e instanceof UserError && /nope\.vtt/.test(e.message) && !e.message.includes('\n'));
    await assert.rejects(readCaptionTrack(file('empty.vtt', '')), (e: Error) => e instanceof UserError && /no timed text/.test(e.message));
    await assert.rejects(readCaptionTrack(file('rand.vtt', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80, 0x81]))), UserError);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
