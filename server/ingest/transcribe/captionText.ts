// Caption text: markup and entities out, non-speech annotations and speaker markers recognised.
// Works on tokens (one word each) so that word times from inline stamps follow the words they belong to.
import type { Word } from '../../domain/types';

/** One word of caption text, with its time when the line carried inline stamps. */
export interface Token {
  text: string;
  word: Word | null;
}

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', lrm: '', rlm: '', hellip: '…',
  mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”',
};

/** Drops markup (<c>, <b>, <i>, <v Name>, <font>, <00:00:01.000> word times, SRT {\an8}) and decodes entities. */
export function cleanLine(line: string): string {
  // Fast path for plain text (most lines of most files): no markup, no entities, single spaces.
  if (!/[<&{]|\s\s|[^\S ]/.test(line)) return line.trim();
  return line
    .replace(/<[^>]*>/g, '')
    .replace(/\{\\[^}]*\}/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

const NOTE = /^[♪♫]+$/;
const MAY_ANNOTATE = /[[(♪♫]/;
/** A bracketed description inside one token: "[Music]", "word[Applause]". Square brackets are never spoken words in captions. */
const INLINE_BRACKETS = /\[[^\]]*\]/g;
/**
 * Round brackets can hold speech too, so only a short letters-only group counts: the sound descriptions
 * caption guidelines prescribe ("(laughs)", "(door slams)", "(APPLAUSE)") are one to three words; four tokens
 * of slack. (The parser strips annotations only from rolling automatic captions, which carry no punctuation of
 * their own: a bracket there is the recogniser's sound tag.)
 */
const MAX_PAREN_TOKENS = 4;
const PAREN_WORDS = /^[\p{L}'’ -]+$/u;

/**
 * Removes non-speech annotations from one cue's words: "[Music]", "[Applause]", "[door slams]" (any length,
 * closed inside the cue), "(laughs)" (short, letters only), and "♪ … ♪" (a note with no partner silences the
 * rest of the cue: lyric lines start with one). Unclosed brackets are left as they are.
 */
export function stripAnnotations(tokens: Token[]): Token[] {
  if (!tokens.some((t) => MAY_ANNOTATE.test(t.text))) return tokens;
  const drop = new Array<boolean>(tokens.length).fill(false);
  const texts = tokens.map((t) => t.text);
  for (let i = 0; i < tokens.length; i++) {
    if (drop[i]) continue;
    const t = texts[i];
    if (NOTE.test(t)) {
      let j = i + 1;
      while (j < tokens.length && !NOTE.test(texts[j])) j++;
      for (let x = i; x <= Math.min(j, tokens.length - 1); x++) drop[x] = true;
      i = j;
      continue;
    }
    if (t.startsWith('[') && !t.includes(']')) {
      let j = i + 1;
      while (j < tokens.length && !texts[j].includes(']')) j++;
      if (j < tokens.length && texts[j].endsWith(']') && !texts[j].slice(0, -1).includes('[')) {
        for (let x = i; x <= j; x++) drop[x] = true;
        i = j;
      }
      continue;
    }
    if (t.startsWith('(')) {
      const end = Math.min(tokens.length, i + MAX_PAREN_TOKENS);
      for (let j = i; j < end; j++) {
        if (texts[j].endsWith(')')) {
          const inner = texts.slice(i, j + 1).join(' ').slice(1, -1);
          if (!inner.includes('(') && !inner.includes(')') && PAREN_WORDS.test(inner)) for (let x = i; x <= j; x++) drop[x] = true;
          break;
        }
      }
    }
  }
  const out: Token[] = [];
  tokens.forEach((tok, i) => {
    if (drop[i]) return;
    const text = tok.text.includes('[') ? tok.text.replace(INLINE_BRACKETS, '') : tok.text;
    if (text === '') return;
    out.push(text === tok.text ? tok : { text, word: tok.word ? { ...tok.word, text } : null });
  });
  return out;
}

/** True when the text holds a non-speech annotation that stripAnnotations would remove. */
export function hasAnnotation(text: string): boolean {
  return /\[[^\]]*\]|[♪♫]|\([\p{L}'’ -]+\)/u.test(text);
}

/**
 * ">>" is the captioning convention (CEA-608 broadcast captions, YouTube) for "another person speaks now".
 * Splits the tokens at each marker; a part after a marker is a speaker change. Markers glued to the next word
 * (">>Anna:") are split off too. Parts without words are dropped. With `onlyAt`, only markers at those token
 * indices count (line starts, where the convention puts them: "x >> 2" in a lecture on code stays text).
 */
export function splitAtSpeakerChanges(tokens: Token[], onlyAt?: number[]): { tokens: Token[]; speakerChange: boolean }[] {
  const isMarker = (t: Token, i: number) => t.text.startsWith('>>') && (!onlyAt || onlyAt.includes(i));
  if (!tokens.some(isMarker)) return [{ tokens, speakerChange: false }];
  const parts: { tokens: Token[]; speakerChange: boolean }[] = [{ tokens: [], speakerChange: false }];
  for (const [i, tok] of tokens.entries()) {
    if (isMarker(tok, i)) {
      parts.push({ tokens: [], speakerChange: true });
      const rest = tok.text.replace(/^(?:>>)+/, '');
      if (rest) parts[parts.length - 1].tokens.push({ text: rest, word: tok.word ? { ...tok.word, text: rest } : null });
      continue;
    }
    parts[parts.length - 1].tokens.push(tok);
  }
  return parts.filter((p) => p.tokens.length > 0);
}
