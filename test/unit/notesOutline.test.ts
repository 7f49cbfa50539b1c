// Proves the Notes view's reading of notes.md: sections and subsections with their start times,
// key points without citation links or escapes, the summary and the concept index left out, and a
// user-edited file read as far as it makes sense (no throw).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseNotesOutline } from '../../server/protocol/notesOutline';

const fixture = fs.readFileSync(new URL('../fixtures/notes/photosynthesis-3f9a1c/notes.md', import.meta.url), 'utf8');

describe('notes outline (Video Notes view)', () => {
  it('reads the fixture: title, two sections with times and their key points', () => {
    const o = parseNotesOutline(fixture);
    assert.equal(o.title, 'Photosynthesis in Ten Minutes');
    assert.deepEqual(o.sections.map((s) => [s.number, s.title, s.sec]), [['1', 'Light and the chloroplast', 0], ['2', 'The Calvin cycle', 31]]);
    assert.deepEqual(o.sections[1]!.points.map((p) => [p.text, p.sec]), [
      ['The light reactions split water and release oxygen.', 31],
      ['The Calvin cycle uses ATP to fix carbon dioxide into sugar.', 52],
      ['The Calvin cycle runs in the stroma of the chloroplast.', 61],
    ]);
    // Lines point at the bullets themselves.
    const rows = fixture.split('\n');
    for (const p of o.sections.flatMap((s) => s.points)) assert.ok(rows[p.line]!.startsWith('- ') && rows[p.line]!.includes(p.text));
    // The Summary's bullets (before any numbered section) are not a section's key points.
    assert.equal(o.sections.flatMap((s) => s.points).filter((p) => p.text.startsWith('Plants turn light')).length, 0);
  });

  it('subsections nest under their section; escaped Markdown reads as text; a section without a range takes its first cited time', () => {
    const md = [
      '---', 'title: "A \\"quoted\\" talk"', '---', '',
      '## 1. Intro',
      '- Uses \\*stars\\* and \\[brackets\\] literally. [1:05](transcript.md#t-65)',
      '### 1.1 Detail (1:10–2:00)',
      '- Deeper point, cited twice. [1:12](transcript.md#t-72) [1:30](transcript.md#t-90)',
      '## Concept index',
      '- <a id="c-x"></a>**X** — [§1](#s1)',
    ].join('\n');
    const o = parseNotesOutline(md);
    assert.equal(o.title, 'A "quoted" talk');
    assert.equal(o.sections.length, 1);
    const s = o.sections[0]!;
    assert.equal(s.sec, 65);
    assert.deepEqual(s.points.map((p) => p.text), ['Uses *stars* and [brackets] literally.']);
    assert.deepEqual(s.subsections.map((x) => [x.number, x.title, x.sec, x.points.map((p) => [p.text, p.sec])]), [
      ['1.1', 'Detail', 70, [['Deeper point, cited twice.', 72]]],
    ]);
  });

  it('anything else is skipped, never an error', () => {
    for (const md of ['', 'just text', '### 1.1 orphan subsection\n- x [0:01](transcript.md#t-1)', '## 1. Empty (0:00–0:05)\n- no citation here']) {
      const o = parseNotesOutline(md);
      assert.ok(o.sections.every((s) => s.points.length === 0));
    }
  });
});
