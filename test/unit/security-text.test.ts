// Proves the text guards of issue 10 on their own:
// - stripControls/oneLineText remove ESC/CSI/OSC sequences, BEL, NUL, CR, other C0/C1 controls and
//   DEL, and keep ordinary text (also non-Latin scripts) intact;
// - the CLI's printable/errorLine/jsonText give one line without controls, clip a 100 KB input to
//   ~200 characters, and keep --json valid JSON with every control character \u-escaped;
// - maskCredentials hides user:pass@ and token-like query values wherever a URL appears;
// - the renderer writes no control character into notes.md/transcript.md (newlines in titles → spaces),
//   writes `url:` only for http(s), and masks credentials in the front matter and watch links;
// - sanitizeAcquired makes a web page's <title>, chapters and URL safe before anything uses them.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clip, oneLineText, safeMessage, stripControls } from '../../server/domain/terminalText';
import { maskCredentials, safeWebUrl } from '../../server/domain/safeUrl';
import { errorLine, jsonText, printable } from '../../server/cli/safeOutput';
import { renderNotes, renderTranscript, type NotesMeta } from '../../server/render/notesRenderer';
import { sanitizeAcquired } from '../../server/app/jobSafety';
import type { Analysis } from '../../server/domain/analysis';
import type { AcquiredMedia } from '../../server/domain/types';

// Anything a terminal acts on: ESC, C0 (but tab/newline), DEL, C1.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const HOSTILE = 'Intro\x1b]0;pwned\x07 \x1b[31mred\x1b[0m\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ a\x00b\x07c\rd\x7fe\x9bf\x1bcg\nsecond line';

test('stripControls removes escape sequences and control characters, keeps text', () => {
  assert.equal(stripControls(HOSTILE), 'Intro redlink abc\ndefg\nsecond line');
  assert.equal(oneLineText(HOSTILE), 'Intro redlink abc defg second line');
  assert.equal(oneLineText('Fotosíntesis — 光合作用\tok'), 'Fotosíntesis — 光合作用 ok');
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => !CONTROL.test(stripControls(s)) && !CONTROL.test(oneLineText(s))), { numRuns: 2000 });
});

test('printed lines and errors: one line, no controls, long input clipped to ~200 characters', () => {
  assert.equal(printable(HOSTILE), 'Intro redlink abc defg second line');
  const huge = `https://example.com/${'a'.repeat(100_000)}`;
  const line = errorLine(`Cannot reach ${huge}: connection refused\x1b[2J`);
  assert.ok(line.length < 260, `clipped: ${line.length}`);
  assert.match(line, /^Cannot reach https:\/\/example\.com\/a+… connection refused$/);
  assert.equal(clip('abc', 2), 'a…');
  assert.ok(safeMessage('x'.repeat(5000)).length <= 200);
});

test('--json stays valid JSON and escapes every control character', () => {
  const value = { title: HOSTILE + '\u0085\u2028', source: 'https://u:p@h.example/v?token=s3cret' };
  const text = jsonText(value);
  assert.ok(!CONTROL.test(text.replace(/\n/g, '')), 'no raw control character');
  assert.ok(!/[\u2028\u2029]/.test(text));
  const back = JSON.parse(text) as typeof value;
  assert.equal(back.title, value.title, 'the exact string comes back');
  assert.equal(back.source, 'https://***@h.example/v?token=***');
});

test('credentials in URLs are masked wherever they appear', () => {
  assert.equal(maskCredentials('https://bob:hunter2@example.com/v.mp4'), 'https://***@example.com/v.mp4');
  assert.equal(maskCredentials('get http://example.com/v?id=7&access_token=abc&api_key=k&X-Amz-Signature=zz#t=3 now'),
    'get http://example.com/v?id=7&access_token=***&api_key=***&X-Amz-Signature=***#t=3 now');
  assert.equal(maskCredentials('https://example.com/watch?v=abc&t=5s'), 'https://example.com/watch?v=abc&t=5s', 'ordinary URLs unchanged');
  assert.equal(safeWebUrl('command:workbench.action.terminal.sendSequence?%7B%7D'), null);
  assert.equal(safeWebUrl('javascript:alert(1)'), null);
  assert.equal(safeWebUrl('file:///etc/passwd'), null);
  assert.equal(safeWebUrl('https://example.com/a'), 'https://example.com/a');
});

function analysis(text: string, title: string): Analysis {
  const sentences = [{ index: 0, text, startSec: 1, endSec: 3 }];
  return {
    sentences,
    sections: [{ index: 0, title, startSec: 0, endSec: 10, sentenceFrom: 0, sentenceTo: 1, keyPoints: [{ text, startSec: 1, endSec: 3 }], conceptIds: [] }],
    concepts: [], edges: [], summary: [{ text, startSec: 1, endSec: 3 }],
  } as unknown as Analysis;
}

test('notes.md and transcript.md carry no control characters; url: only http(s); credentials masked', () => {
  const meta: NotesMeta = {
    title: HOSTILE, source: 'https://alice:pw@example.com/talk.mp4?token=s3cr3t', webpageUrl: 'https://alice:pw@example.com/talk?sig=xyzsig',
    durationSec: 10, engine: 'captions', model: null,
  };
  const notes = renderNotes(meta, analysis(`caption ${HOSTILE}`, `Section\x1b[1m ${HOSTILE}`), { complete: true }).markdown;
  const transcript = renderTranscript(meta.title, analysis(`caption ${HOSTILE}`, 'x').sentences);
  for (const [name, text] of [['notes', notes], ['transcript', transcript]] as const) {
    assert.ok(!CONTROL.test(text), `${name}: ${JSON.stringify(text.match(CONTROL))}`);
  }
  assert.match(notes, /^# Intro redlink abc defg second line$/m, 'title heading is one line');
  assert.match(transcript, /^# Transcript: Intro redlink abc defg second line$/m);
  assert.ok(!notes.includes('alice') && !notes.includes('pw@') && !notes.includes('s3cr3t') && !notes.includes('xyzsig'), notes);
  assert.match(notes, /^source: "https:\/\/\*\*\*@example\.com\/talk\.mp4\?token=\*\*\*"$/m);
  assert.match(notes, /^url: "https:\/\/\*\*\*@example\.com\/talk\?sig=\*\*\*"$/m);

  for (const bad of ['command:workbench.action.terminal.sendSequence?{"text":"rm -rf ~\\n"}', 'javascript:alert(1)', 'file:///etc/passwd', 'vscode://x']) {
    const md = renderNotes({ ...meta, webpageUrl: bad }, analysis('a', 'b'), { complete: true }).markdown;
    assert.doesNotMatch(md, /^url:/m, bad);
    assert.doesNotMatch(md, /Watch at/, bad);
  }
});

test("sanitizeAcquired: a web page's <title>, chapters and URL are made safe once", () => {
  const media: AcquiredMedia = {
    sourceKey: 'k', sourceKind: 'url', mediaPath: '/x.mp4', title: `\x1b]0;t\x07My\r\nTalk\x1b[5m`, durationSec: 1, uploader: '\x07Bob\n',
    webpageUrl: 'command:evil', chapters: [{ title: '\x1b[2J', startSec: 0, endSec: 1 }], captions: [], hasAudio: true, hasVideo: false,
  };
  const safe = sanitizeAcquired(media);
  assert.equal(safe.title, 'My Talk');
  assert.equal(safe.uploader, 'Bob');
  assert.equal(safe.webpageUrl, null);
  assert.equal(safe.chapters[0]!.title, 'Chapter 1');
  assert.equal(sanitizeAcquired({ ...media, title: '\x1b[31m' }).title, 'video');
});
