// The markdown-it plugin of VS Code's Markdown preview for notes.md and transcript.md: citations
// become time chips, section headings show their time range as a badge, keyframes become
// thumbnails (focus enlarges them, CSS only). Pure: no vscode, no Node, so it is tested with the
// real markdown-it. The files themselves stay plain Markdown; only the rendering changes.
import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

export interface CitationChipOptions {
  /** Where a chip leads (e.g. the extension's URI handler); without it the portable link stays. */
  linkFor?: (sec: number, env: unknown) => string | undefined;
}

const CITATION_HREF = /^transcript\.md#t-(\d+)$/;
const CLOCK = /^(?:\d+:)?\d{1,2}:\d{2}$/;
// "## 1. Title (0:00–0:31)": the range the renderer appends (en dash) at the end of the heading.
const HEADING_RANGE = /\s\(((?:\d+:)?\d{1,2}:\d{2})–((?:\d+:)?\d{1,2}:\d{2})\)$/;
const FRAME_SRC = /^frames\/[^/]+\.(?:jpe?g|png|webp)$/i;

export function citationChips(md: MarkdownIt, opts: CitationChipOptions = {}): void {
  md.core.ruler.push('videoinsight_chips', (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.type === 'heading_open' && tokens[i + 1]?.type === 'inline') markSection(t, tokens[i + 1]!, state.Token);
      if (t.type === 'inline' && t.children) t.children.forEach((c, j) => markInline(c, t.children![j + 1]));
    }
  });
  const { linkFor } = opts;
  if (!linkFor) return;
  // The chip's link is chosen when rendering: only then does VS Code pass the previewed document
  // (env.currentDocument; parsing gets an empty env, and parsed tokens are cached across renders).
  const previous = md.renderer.rules.link_open;
  md.renderer.rules.link_open = (tokens, idx, options, env: unknown, self) => {
    const tok = tokens[idx]!;
    const sec = tok.attrGet('data-vi-sec');
    const href = sec === null ? undefined : linkFor(Number(sec), env);
    const portable = tok.attrs;
    if (href) {
      // Parsed tokens are cached across renders: the chip's link goes on a copy of its attributes.
      tok.attrs = (portable ?? []).map(([k, v]) => [k, v]);
      tok.attrSet('data-vi-fallback', tok.attrGet('href') ?? '');
      tok.attrSet('href', href);
      // VS Code's preview follows data-href (its renderer copies the original href there) over href.
      tok.attrSet('data-href', href);
    }
    try {
      return previous ? previous(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
    } finally {
      tok.attrs = portable;
    }
  };
}

function markInline(tok: Token, next: Token | undefined): void {
  if (tok.type === 'link_open') {
    const m = CITATION_HREF.exec(tok.attrGet('href') ?? '');
    // Only a link whose text is a clock is a citation ("[▶ Watch]" and §-links are not).
    if (!m || next?.type !== 'text' || !CLOCK.test(next.content)) return;
    tok.attrJoin('class', 'vi-chip');
    tok.attrSet('data-vi-sec', m[1]!);
    tok.attrSet('title', `Go to ${next.content}`);
  } else if (tok.type === 'image' && FRAME_SRC.test(tok.attrGet('src') ?? '')) {
    tok.attrJoin('class', 'vi-thumb');
    // Focusable, so a click enlarges it through :focus in the preview style (no script needed).
    tok.attrSet('tabindex', '0');
  }
}

function markSection(open: Token, inline: Token, TokenCtor: typeof Token): void {
  const kids = inline.children;
  const last = kids?.[kids.length - 1];
  if (!kids || last?.type !== 'text') return;
  const m = HEADING_RANGE.exec(last.content);
  if (!m) return;
  last.content = last.content.slice(0, m.index);
  open.attrJoin('class', 'vi-section');
  open.attrSet('data-vi-start', m[1]!);
  open.attrSet('data-vi-end', m[2]!);
  // The badge is built from tokens (text is escaped by the renderer), never from markup strings.
  const span = new TokenCtor('html_inline', '', 0);
  span.content = '<span class="vi-range">';
  const text = new TokenCtor('text', '', 0);
  text.content = `${m[1]}–${m[2]}`;
  const close = new TokenCtor('html_inline', '', 0);
  close.content = '</span>';
  kids.push(span, text, close);
}
