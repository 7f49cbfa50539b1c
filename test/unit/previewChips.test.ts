// Proves the Markdown preview plugin with the real markdown-it (html on, as VS Code's preview):
// a real notes file renders its citations as chips with the cited second; the chip's link is
// chosen per render from the render env (as VS Code passes the previewed document only there),
// with the portable link kept as fallback and the parsed tokens left untouched for the next
// render; section headings get their range badge, keyframes become focusable thumbnails; links
// that are not citations are left alone and user text stays escaped. The moment link's name
// round-trips to its whole second and nothing else parses.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import MarkdownIt from 'markdown-it';
import { citationChips } from '../../extension/features/preview/citationChips';
import { momentLink, momentSecond } from '../../extension/features/preview/momentLink';

const notes = fs.readFileSync(new URL('../fixtures/notes/photosynthesis-3f9a1c/notes.md', import.meta.url), 'utf8');
const body = notes.replace(/^---[\s\S]*?\n---\n/, ''); // VS Code's preview strips front matter too

function render(src: string, linkFor?: (sec: number, env: unknown) => string | undefined): string {
  return new MarkdownIt({ html: true }).use(citationChips, { linkFor }).render(src);
}

describe('preview citation chips', () => {
  it('renders every citation of a real notes file as a chip with its second', () => {
    const html = render(body);
    const chips = [...html.matchAll(/<a href="transcript\.md#t-(\d+)" class="vi-chip" data-vi-sec="(\d+)" title="Go to ([\d:]+)">([\d:]+)<\/a>/g)];
    assert.deepEqual(chips.map((m) => [Number(m[1]), Number(m[2]), m[4]]), [
      [4, 4, '0:04'], [52, 52, '0:52'], [9, 9, '0:09'], [15, 15, '0:15'], [31, 31, '0:31'], [52, 52, '0:52'], [61, 61, '1:01'],
      // The concept index quotes each term's explaining sentence, cited.
      [9, 9, '0:09'], [15, 15, '0:15'], [52, 52, '0:52'], [40, 40, '0:40'],
    ]);
    // "[▶ Watch at 0:00](https://…)", outline and concept links are no chips.
    assert.equal((html.match(/class="vi-chip"/g) ?? []).length, 11);
    assert.match(html, /<a href="https:\/\/www\.youtube\.com\/watch\?v=PHOTO123&amp;t=0s">▶ Watch at 0:00<\/a>/);
  });

  it('points chips at the link chosen at render time and keeps the portable one as fallback', () => {
    const md = new MarkdownIt({ html: true }).use(citationChips, {
      linkFor: (sec, env) => ((env as { doc?: string }).doc === 'notes' ? momentLink(sec) : undefined),
    });
    // As VS Code does: parse once with an empty env, render with the document in the env.
    const tokens = md.parse('- Point [1:01](transcript.md#t-61)\n', {});
    const chip = /<a href="t-61\.vimoment" class="vi-chip" data-vi-sec="61" title="Go to 1:01" data-vi-fallback="transcript\.md#t-61" data-href="t-61\.vimoment">1:01<\/a>/;
    assert.match(md.renderer.render(tokens, md.options, { doc: 'notes' }), chip);
    // The same (cached) tokens rendered for another document keep the portable link.
    assert.match(md.renderer.render(tokens, md.options, { doc: 'other' }), /<a href="transcript\.md#t-61" class="vi-chip" data-vi-sec="61" title="Go to 1:01">1:01<\/a>/);
    assert.match(md.renderer.render(tokens, md.options, { doc: 'notes' }), chip);
  });

  it('names a moment by its whole second, and reads back only such names', () => {
    assert.equal(momentLink(3857), 't-3857.vimoment');
    assert.equal(momentLink(61.9), 't-61.vimoment');
    assert.equal(momentSecond('t-3857.vimoment'), 3857);
    for (const bad of ['t-1.5.vimoment', 't--1.vimoment', 't-.vimoment', '../t-1.vimoment', 't-1.vimoment.md', 'x-1.vimoment', 't-1234567.vimoment', 't-1e3.vimoment']) {
      assert.equal(momentSecond(bad), undefined, bad);
    }
  });

  it('gives section headings their time range as a badge and data attributes', () => {
    const html = render(body);
    assert.match(html, /<h2 class="vi-section" data-vi-start="0:00" data-vi-end="0:31">1\. Light and the chloroplast<span class="vi-range">0:00–0:31<\/span><\/h2>/);
    assert.match(html, /<h2 class="vi-section" data-vi-start="0:31" data-vi-end="1:20">2\. The Calvin cycle<span class="vi-range">0:31–1:20<\/span><\/h2>/);
    assert.match(html, /<h2>Summary<\/h2>/);
  });

  it('makes keyframes focusable thumbnails, other images untouched', () => {
    const html = render('![Frame at 0:00](frames/s01.jpg)\n\n![logo](https://example.invalid/a.png)\n');
    assert.match(html, /<img src="frames\/s01\.jpg" alt="Frame at 0:00" class="vi-thumb" tabindex="0">/);
    assert.match(html, /<img src="https:\/\/example\.invalid\/a\.png" alt="logo">/);
  });

  it('keeps user text escaped: escaped markup in a heading or key point stays text', () => {
    const html = render('## 3. &lt;img src=x onerror=alert(1)&gt; (1:00–2:00)\n\n- \\<script\\>x\\</script\\> [1:05](transcript.md#t-65)\n');
    assert.ok(!/<img|<script/.test(html), html);
    assert.match(html, /3\. &lt;img src=x onerror=alert\(1\)&gt;<span class="vi-range">1:00–2:00<\/span>/);
    assert.match(html, /&lt;script&gt;x&lt;\/script&gt; <a href="transcript\.md#t-65" class="vi-chip"/);
  });

  it('a link to the transcript with other text is not a chip', () => {
    assert.doesNotMatch(render('[see here](transcript.md#t-5)'), /vi-chip/);
  });
});
