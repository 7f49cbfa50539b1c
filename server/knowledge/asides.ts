// Asides: sentences about the show rather than its topic. A sponsor read or a plug (from "brought to you by"
// or "don't forget to subscribe" to the web address it ends on), and the sign-off with what follows it
// (credits, more plugs). They stay in the transcript; key points, the Summary and the glossary pass them by.
import type { Sentence } from '../domain/analysis';
import { words } from './text';

const SPONSOR = /\b(?:brought to you by|sponsored by|(?:today's|our|this (?:episode's|video's|week's)) sponsors?\b|a word from (?:our|this week's|today's) sponsors?|(?:like|want) to sponsor)/i;
const CALL_TO_ACTION =
  /\b(?:(?:don't forget|remember|make sure|be sure) to (?:like|subscribe|follow)|please (?:like|subscribe|follow)|like and subscribe|subscribe to (?:the|my|our|this) (?:channel|show|podcast|newsletter)|hit (?:the|that) (?:like|subscribe|bell)|links? (?:is |are )?in the (?:description|show notes)|patreon)\b/i;
const SIGN_OFF = /\b(?:thanks|thank you)(?: all| so much| very much)? for (?:watching|listening)\b|\bsee you (?:all )?(?:in the )?next (?:time|episode|week|video)\b/i;
const WEB_ADDRESS = /\b[a-z0-9][a-z0-9-]*\.(?:com|org|net|io|co|ai|fm|tv|app)\b/i;
/** A sponsor read or a plug lasts a minute or two and ends on its web address. */
const READ_SEC = 120;
/**
 * From the first sign-off in the talk's last 90 s to its end is outro (credits, plugs: a minute or so); a
 * sign-off further from the end is followed by more talk (a lecture's questions and answers).
 */
const OUTRO_SEC = 90;

/** The sentences, those that are asides marked `aside`. */
export function markAsides(sentences: Sentence[]): Sentence[] {
  const aside = new Set<number>();
  sentences.forEach((s, i) => {
    if (!SPONSOR.test(s.text) && !CALL_TO_ACTION.test(s.text)) return;
    aside.add(i);
    let readEnd = i;
    for (let j = i + 1; j < sentences.length && sentences[j].startSec - s.startSec <= READ_SEC; j++) if (WEB_ADDRESS.test(sentences[j].text)) readEnd = j;
    for (let j = i + 1; j <= readEnd; j++) aside.add(j);
  });
  const talkEnd = sentences.length > 0 ? sentences[sentences.length - 1].endSec : 0;
  const signOff = sentences.findIndex((s) => talkEnd - s.startSec <= OUTRO_SEC && SIGN_OFF.test(s.text));
  if (signOff >= 0) for (let j = signOff; j < sentences.length; j++) aside.add(j);
  return aside.size === 0 ? sentences : sentences.map((s, i) => (aside.has(i) ? { ...s, aside: true } : s));
}

/** The title of a block mostly (by words) made of asides, a part holding a sponsor read: what it is, not a phrase of the ad. */
export function asideTitle(sentences: readonly Sentence[], from: number, to: number): string | null {
  let aside = 0;
  let all = 0;
  for (let i = from; i < to; i++) {
    const n = words(sentences[i].text).length;
    all += n;
    if (sentences[i].aside) aside += n;
  }
  return aside > all / 2 ? 'Announcements' : null;
}
