// Spoken sentences made fit to read as notes: fillers ("um", "uh", ", you know,", filler "like"),
// stammered repeats ("I looked at I looked at") and a leading "and so" or "then" go; the first letter and the
// pronoun "i" are capitalised and an unpunctuated sentence gets its full stop. wholeSentence() says
// whether what is left reads as a complete sentence (a key point must), so half sentences ("… practice
// is a") are passed over when a section has better.
import { hasVerb } from './nlp';
import { isQuestion } from './text';

/** Sounds that are never words. */
const FILLER_SOUNDS = /(?:^|\s)(?:u+m+|u+h+m*|e+r+m+|h+m+|mm+|a+h+)[,.]?(?=\s|$)/giu;
/** "you know", "I mean", "like", "sort of", "kind of" only where commas set them off as asides. */
const COMMA_ASIDES = /,\s*(?:you know|i mean|like|sort of|kind of|you see|basically|literally)\s*,/giu;
/** Discourse openers with no content of their own, repeatable: "And so, okay, well …", "And then", "Also". */
const LEADING = /^(?:(?:and|so|but|or|then|also|now|okay|ok|alright|all right|well|yeah|yes|oh|like|you know|i mean|anyway|right|um|uh)\b[\s,.…-]*)+/iu;
/** A word that cannot end a complete sentence. */
const DANGLING_END = new Set(('a an the and or but so because of to in on at by for with from into than that which who whose ' +
  'is are was were be been being am do does did have has had can could would should will shall may might must my your his her ' +
  'its our their this these those very like if when while as about just').split(' '));

const JOINERS = new Set(['and', 'so', 'but', 'or']);

/** Repeats of the same 1-6 words in a row, said twice or more ("the the", "we built we built"), once. */
function collapseRepeats(text: string): string {
  let tokens = text.split(/\s+/).filter((t) => t.length > 0);
  const key = (t: string): string => t.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '');
  for (let n = 6; n >= 1; n--) {
    const out: string[] = [];
    for (let i = 0; i < tokens.length; ) {
      out.push(tokens[i]);
      i++;
      // When the n words just pushed equal the next n, skip the next n (as often as they repeat).
      if (out.length >= n) {
        const tail = out.slice(out.length - n).map(key);
        // A single repeated word is kept when English allows it ("that that", "had had").
        const allowed = n === 1 && (tail[0] === 'that' || tail[0] === 'had' || /^\d+$/.test(tail[0]));
        while (!allowed && tail.every((w) => w.length > 0) && i + n <= tokens.length && tokens.slice(i, i + n).map(key).every((w, j) => w === tail[j])) {
          // Keep the later copy's punctuation at the end ("so on, so on." → "so on.").
          out.splice(out.length - 1, 1, tokens[i + n - 1]);
          i += n;
        }
        // A phrase of three or more words said again after a joining word is one phrase said twice.
        const joined = n >= 3 && i < tokens.length && JOINERS.has(key(tokens[i]));
        if (joined && i + 1 + n <= tokens.length && tokens.slice(i + 1, i + 1 + n).map(key).every((w, j) => w === tail[j])) {
          out.splice(out.length - 1, 1, tokens[i + n]);
          i += n + 1;
        }
      }
    }
    tokens = out;
  }
  return tokens.join(' ');
}

/** A spoken sentence as a clean written one; the words that carry content are unchanged. */
export function cleanSentence(text: string): string {
  let t = ` ${text} `.replace(FILLER_SOUNDS, ' ');
  t = t.replace(COMMA_ASIDES, ' ');
  t = collapseRepeats(t.replace(/\s+/g, ' ').trim());
  const stripped = t.replace(LEADING, '');
  // Never strip a sentence to nothing ("Okay."), nor an opener that is its subject ("Now is the time …";
  // a question keeps its verb first: "So is it true?" → "Is it true?").
  const subject = /^(?:is|was|are|were|will|would|has|had)\b/iu.test(stripped) && !isQuestion(t);
  if (/\p{L}/u.test(stripped) && !subject) t = stripped;
  t = t.replace(/\s+([,.;:!?])/g, '$1').replace(/,(?=[.!?]|$)/g, '').replace(/^[,;:\s-]+/, '').trim();
  if (t.length === 0) return text.trim();
  t = t.charAt(0).toUpperCase() + t.slice(1);
  // Unpunctuated captions write the pronoun in lower case ("yeah i'm an adjective").
  t = t.replace(/(?<=^|\s)i(?=['’](?:m|ve|ll|d)\b|[\s,.;:!?]|$)/g, 'I');
  if (!/[.?!…"'”’)\]]$/u.test(t)) t += '.';
  return t;
}

/** True when a (cleaned) sentence reads as complete: a verb, and no dangling last word. */
export function wholeSentence(text: string): boolean {
  const ws = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  if (ws.length < 4) return false;
  if (DANGLING_END.has(ws[ws.length - 1])) return false;
  return hasVerb(text);
}
