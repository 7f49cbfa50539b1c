// Fuzzes the caption reader (WebVTT, SubRip, YouTube's rolling automatic captions) with files built
// from real pieces (timing lines, inline word stamps, tags, entities, ">>", [Music], NOTE blocks,
// BOM, CRLF) and with raw strings. Proves: it never throws, never hangs, and every time it returns
// lies within the times the file holds, with segments sorted and each word inside its segment.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseCaptionText } from '../../server/ingest/transcribe/captions';
import { fuzzParams, guarded } from './fuzzRuns';

/** A time in seconds (ms precision) and its clock text in one of the spellings real files use. */
const clock = fc
  .record({ ms: fc.integer({ min: 0, max: 3 * 3600 * 1000 }), style: fc.constantFrom('vtt', 'short', 'srt', 'nofrac', 'onedigit') })
  .map(({ ms, style }) => {
    const h = Math.floor(ms / 3_600_000), m = Math.floor(ms / 60_000) % 60, s = Math.floor(ms / 1000) % 60, f = ms % 1000;
    const p2 = (n: number) => String(n).padStart(2, '0');
    const p3 = String(f).padStart(3, '0');
    const sec = style === 'nofrac' ? ms - f : ms;
    const text =
      style === 'vtt' ? `${p2(h)}:${p2(m)}:${p2(s)}.${p3}` :
      style === 'short' && h === 0 ? `${p2(m)}:${p2(s)}.${p3}` :
      style === 'srt' ? `${p2(h)}:${p2(m)}:${p2(s)},${p3}` :
      style === 'nofrac' ? `${p2(h)}:${p2(m)}:${p2(s)}` :
      `${h}:${m}:${s}.${p3}`;
    return { sec: sec / 1000, text };
  });

/** Text without ASCII digits, so every time in a generated file comes from `clock` (the range is known). */
const words = fc.string({ unit: fc.constantFrom(...'ab <>&;/c.[]>Music♪\t-*_#`\\"\'é中\u200b\u0000\u001b'), maxLength: 40 }).map((s) => s.replace(/\d/g, ''));
const anyText = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replace(/\d/g, ''));

type Piece = { text: string; times: number[] };
const timing: fc.Arbitrary<Piece> = fc.tuple(clock, clock, fc.constantFrom('', ' align:start position:10%', 'align:start', ' line:0')).map(([a, b, settings]) => ({ text: `${a.text} --> ${b.text}${settings}`, times: [a.sec, b.sec] }));
const inlineLine: fc.Arbitrary<Piece> = fc.array(fc.tuple(clock, words), { maxLength: 5 }).chain((parts) =>
  words.map((head) => ({ text: head + parts.map(([c, w]) => `<${c.text}><c>${w}</c>`).join(''), times: parts.map(([c]) => c.sec) })),
);
const textLine: fc.Arbitrary<Piece> = fc.oneof(words, anyText, fc.constantFrom('>> ', '[Music]', '♪ ♪', '&amp; &lt;b&gt;', '<b>bold</b>', '<v Speaker>hi', 'NOTE x', 'STYLE', 'WEBVTT', '-->', '1', '  ', '')).map((text) => ({ text, times: [] }));
const piece = fc.oneof({ weight: 3, arbitrary: timing }, { weight: 2, arbitrary: inlineLine }, { weight: 4, arbitrary: textLine });

const file = fc
  .record({ bom: fc.boolean(), header: fc.boolean(), eol: fc.constantFrom('\n', '\r\n', '\r'), pieces: fc.array(piece, { maxLength: 40 }) })
  .map(({ bom, header, eol, pieces }) => ({
    text: (bom ? '\uFEFF' : '') + (header ? `WEBVTT${eol}${eol}` : '') + pieces.map((p) => p.text).join(eol),
    times: pieces.flatMap((p) => p.times),
  }));

function checkSegments(segments: ReturnType<typeof parseCaptionText>['segments'], lo: number, hi: number): void {
  const eps = 0.0005;
  let prev = -Infinity;
  for (const s of segments) {
    assert.ok(Number.isFinite(s.startSec) && Number.isFinite(s.endSec), 'times are finite');
    assert.ok(s.startSec >= lo - eps && s.endSec <= hi + eps, `segment ${s.startSec}-${s.endSec} outside ${lo}-${hi}`);
    assert.ok(s.startSec <= s.endSec, 'start before end');
    assert.ok(s.startSec >= prev, 'sorted by start');
    prev = s.startSec;
    assert.ok(s.text.trim().length > 0 && s.text === s.text.trim(), 'text is trimmed and not empty');
    for (const w of s.words ?? []) assert.ok(w.startSec >= s.startSec - eps && w.endSec <= s.endSec + eps && w.startSec <= w.endSec + eps, 'word inside its segment');
  }
}

test('fuzz: captions built from real pieces parse within their own time range', () => {
  let withSegments = 0;
  let cases = 0;
  fc.assert(
    fc.property(file, fc.constantFrom('vtt' as const, 'srt' as const), (f, format) => {
      const parsed = guarded(() => parseCaptionText(f.text, format));
      assert.ok(parsed, 'the caption reader never refuses: a bad cue is skipped');
      const lo = f.times.length ? Math.min(...f.times) : 0;
      const hi = f.times.length ? Math.max(...f.times) : 0;
      if (f.times.length === 0) assert.equal(parsed.segments.length, 0, 'no timing line, no segment');
      checkSegments(parsed.segments, lo, hi);
      cases++;
      if (parsed.segments.length > 0) withSegments++;
    }),
    fuzzParams(),
  );
  // The generator must reach the interesting paths: many of its files hold real cues.
  assert.ok(withSegments > cases / 5, `only ${withSegments} of ${cases} generated files had a cue`);
});

test('fuzz: any string at all is read without a crash or a negative time', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
      const parsed = guarded(() => parseCaptionText(text, 'vtt'));
      assert.ok(parsed);
      checkSegments(parsed.segments, 0, Number.MAX_VALUE);
    }),
    fuzzParams(),
  );
});
