// Our caption reader against the two parser libraries issue 11 names (`media-captions`, `webvtt-parser`): the
// WebVTT parsing rules the issue lists (one case each, expected cues written from the W3C algorithm), the real
// eval-public files (cues read, same times and words as ours), and time on 50,000 cues. The libraries are not
// dependencies of the product; install them beside the repo for this bench:
//   npm install --prefix /tmp/caption-libs media-captions@1.0.4 webvtt-parser@2.2.0
//   CAPTION_LIBS=/tmp/caption-libs node --import tsx bench/caption-parsers.ts
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parseCaptions } from '../server/ingest/transcribe/captions';
import { EVAL_ROOT, listTalks } from './eval-talks';

interface Cue {
  start: number;
  end: number;
  text: string;
}
type Parser = (vtt: string) => Promise<Cue[]>;

/** Words of a cue's text, markup and entities aside, for comparing what each parser read. */
const wordsOf = (t: string): string => t.replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;/g, ' ').replace(/[\s]+/g, ' ').trim();

interface Case {
  rule: string;
  vtt: string;
  want: Cue[];
}

const H = 'WEBVTT\n\n';
const CASES: Case[] = [
  { rule: 'a plain cue', vtt: `${H}00:01.000 --> 00:02.000\nHello there\n`, want: [{ start: 1, end: 2, text: 'Hello there' }] },
  { rule: 'minutes are 00-59 (00:60:00.000 is no time)', vtt: `${H}00:60:00.000 --> 01:00:01.000\nBad\n\n00:00:03.000 --> 00:00:04.000\nGood\n`, want: [{ start: 3, end: 4, text: 'Good' }] },
  { rule: 'seconds are 00-59', vtt: `${H}00:00:60.000 --> 00:01:01.000\nBad\n\n00:00:03.000 --> 00:00:04.000\nGood\n`, want: [{ start: 3, end: 4, text: 'Good' }] },
  { rule: 'hours of any number of digits', vtt: `${H}100:00:00.000 --> 100:00:01.000\nLate\n`, want: [{ start: 360000, end: 360001, text: 'Late' }] },
  { rule: 'settings written right after the end time', vtt: `${H}00:00:01.000 --> 00:00:02.000align:start\nText\n`, want: [{ start: 1, end: 2, text: 'Text' }] },
  { rule: 'settings after whitespace', vtt: `${H}00:00:01.000 --> 00:00:02.000 align:start position:10%\nText\n`, want: [{ start: 1, end: 2, text: 'Text' }] },
  {
    rule: 'a text line holding "-->" ends the cue; that block is a bad cue, skipped to the next empty line',
    vtt: `${H}00:00:01.000 --> 00:00:02.000\nline one\nthis --> that\nline three\n\n00:00:05.000 --> 00:00:06.000\nnext\n`,
    want: [{ start: 1, end: 2, text: 'line one' }, { start: 5, end: 6, text: 'next' }],
  },
  { rule: 'a whitespace-only line does not end a cue', vtt: `${H}00:00:01.000 --> 00:00:02.000\nfirst\n   \nsecond\n`, want: [{ start: 1, end: 2, text: 'first second' }] },
  { rule: 'form feed and tab are whitespace in a timing line', vtt: `${H}00:00:01.000\f-->\t00:00:02.000\nff\n`, want: [{ start: 1, end: 2, text: 'ff' }] },
  { rule: 'no-break space is not whitespace: no timing line, no cue', vtt: `${H}00:00:01.000\u00a0-->\u00a000:00:02.000\nnbsp\n`, want: [] },
  { rule: 'NUL becomes U+FFFD', vtt: `${H}00:00:01.000 --> 00:00:02.000\nA\u0000B\n`, want: [{ start: 1, end: 2, text: 'A\uFFFDB' }] },
  { rule: 'CR and CRLF end lines', vtt: `WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\rone\r\n\r\n00:00:03.000 --> 00:00:04.000\ntwo\n`, want: [{ start: 1, end: 2, text: 'one' }, { start: 3, end: 4, text: 'two' }] },
  { rule: 'a cue identifier line before the timing', vtt: `${H}intro\n00:00:01.000 --> 00:00:02.000\nHi\n`, want: [{ start: 1, end: 2, text: 'Hi' }] },
  { rule: 'NOTE blocks are comments', vtt: `${H}NOTE a comment\nwith two lines\n\n00:00:01.000 --> 00:00:02.000\nHi\n`, want: [{ start: 1, end: 2, text: 'Hi' }] },
];

/** SubRip-style leniencies our reader keeps on purpose (captions.ts says why); the spec reads no cue here. */
const LENIENCIES: Case[] = [
  { rule: 'no WEBVTT header (SubRip saved as .vtt)', vtt: `1\n00:00:01,000 --> 00:00:02,000\nHi\n`, want: [{ start: 1, end: 2, text: 'Hi' }] },
  { rule: 'comma as the decimal sign', vtt: `${H}00:00:01,000 --> 00:00:02,000\nHi\n`, want: [{ start: 1, end: 2, text: 'Hi' }] },
  { rule: 'a fraction of two digits', vtt: `${H}00:01.50 --> 00:02.50\nHi\n`, want: [{ start: 1.5, end: 2.5, text: 'Hi' }] },
];

const same = (a: Cue[], b: Cue[]): boolean =>
  a.length === b.length && a.every((c, i) => Math.abs(c.start - b[i].start) < 1e-6 && Math.abs(c.end - b[i].end) < 1e-6 && wordsOf(c.text) === wordsOf(b[i].text));

async function parsers(): Promise<Record<string, Parser>> {
  const ours: Parser = async (vtt) => parseCaptions(vtt, 'vtt').map((s) => ({ start: s.startSec, end: s.endSec, text: s.text }));
  const out: Record<string, Parser> = { ours };
  const dir = process.env.CAPTION_LIBS;
  if (!dir) return out;
  const req = createRequire(path.join(path.resolve(dir), 'node_modules', 'x.js'));
  const { WebVTTParser } = req('webvtt-parser') as { WebVTTParser: new () => { parse(t: string, kind: string): { cues: { startTime: number; endTime: number; text: string }[] } } };
  const wp = new WebVTTParser();
  out['webvtt-parser 2.2.0'] = async (vtt) => wp.parse(vtt, 'metadata').cues.map((c) => ({ start: c.startTime, end: c.endTime, text: c.text }));
  const mc = (await import(pathToFileURL(req.resolve('media-captions')).href)) as { parseText(t: string, o: { type: string }): Promise<{ cues: { startTime: number; endTime: number; text: string }[] }> };
  out['media-captions 1.0.4'] = async (vtt) => (await mc.parseText(vtt, { type: 'vtt' })).cues.map((c) => ({ start: c.startTime, end: c.endTime, text: c.text }));
  return out;
}

function cuesFile(n: number, rolling: boolean): string {
  const stamp = (s: number): string => {
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${(s % 60).toFixed(3).padStart(6, '0')}`;
  };
  const out = ['WEBVTT', ''];
  for (let i = 0; i < n; i++) {
    const t = i * 2;
    // Rolling: YouTube's shape once word tags are gone, each cue repeating the line before it, and a 10 ms flash cue.
    const text = rolling ? (i % 2 === 0 ? `word${i - 2} line${i - 2}\nword${i} line${i}` : `word${i - 1} line${i - 1}`) : `cue number ${i} says something`;
    out.push(`${stamp(t)} --> ${stamp(rolling && i % 2 === 1 ? t + 0.01 : t + 2)}`, text, '');
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const all = await parsers();
  const names = Object.keys(all);
  if (names.length === 1) console.error('CAPTION_LIBS not set: measuring our reader alone (see the header for installing the libraries)');
  console.log(`| rule | ${names.join(' | ')} |`);
  console.log(`|---|${names.map(() => '---').join('|')}|`);
  const passed = new Map(names.map((n) => [n, 0]));
  for (const c of CASES) {
    const row: string[] = [];
    for (const n of names) {
      let got: Cue[];
      try {
        got = await all[n](c.vtt);
      } catch (e) {
        row.push(`throws (${(e as Error).message.slice(0, 40)})`);
        continue;
      }
      const ok = same(got, c.want);
      if (ok) passed.set(n, passed.get(n)! + 1);
      row.push(ok ? 'yes' : `no: ${JSON.stringify(got.map((g) => [g.start, g.end, wordsOf(g.text)]))}`);
    }
    console.log(`| ${c.rule} | ${row.join(' | ')} |`);
  }
  console.log(`| **rules met** | ${names.map((n) => `${passed.get(n)} of ${CASES.length}`).join(' | ')} |`);
  console.log('\nLeniencies (not the spec; cues read as SubRip would have them)');
  for (const c of LENIENCIES) {
    const row: string[] = [];
    for (const n of names) row.push(same(await all[n](c.vtt).catch(() => []), c.want) ? 'read' : 'no cue');
    console.log(`| ${c.rule} | ${row.join(' | ')} |`);
  }

  console.log('\nReal files (eval-public): cues read; of them, how many have the same times and words as ours');
  for (const talk of listTalks()) {
    const vtt = fs.readFileSync(path.join(EVAL_ROOT, talk, 'talk.vtt'), 'utf8');
    const row: string[] = [];
    const ours = await all.ours(vtt);
    for (const n of names) {
      const got = await all[n](vtt);
      const key = (c: Cue): string => `${c.start.toFixed(3)} ${c.end.toFixed(3)} ${wordsOf(c.text)}`;
      const mine = new Set(ours.map(key));
      row.push(`${got.length} (${got.filter((c) => mine.has(key(c))).length} same)`);
    }
    console.log(`| ${talk} | ${row.join(' | ')} |`);
  }

  console.log('\nTime on 50,000 cues (median of 3, after a warm-up), ms');
  for (const rolling of [false, true]) {
    const file = cuesFile(50_000, rolling);
    const row: string[] = [];
    for (const n of names) {
      await all[n](file);
      const times: number[] = [];
      for (let r = 0; r < 3; r++) {
        const t0 = process.hrtime.bigint();
        await all[n](file);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.sort((a, b) => a - b);
      row.push(times[1].toFixed(0));
    }
    console.log(`| ${rolling ? 'rolling (YouTube shape)' : 'clean'} | ${row.join(' | ')} |`);
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
