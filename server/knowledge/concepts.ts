// Key concepts and entities: candidate noun phrases from POS tags, ranked KeyBERT-style (embedding
// similarity of the phrase to its section and to the whole video, weighted by frequency), with MMR
// so the picks are not near-duplicates of each other.
import type { Concept, ConceptKind, Embedder, Sentence } from '../domain/analysis';
import { mmr } from './mmr';
import { extractPhrases } from './nlp';
import { isQuestion, STOPWORDS, stem, words } from './text';
import { dot } from '../domain/vector';
import { isOrdinaryWord, logLift } from './englishFrequency';
import { cleanSentence } from './cleanSentence';

export interface ConceptDepth {
  /** Most frequent candidates embedded and ranked. */
  candidates: number;
  perSection: number;
  global: number;
}

export interface ConceptResult {
  concepts: Concept[];
  /** Concept ids per section, most relevant first. */
  sectionConcepts: string[][];
  /** Unit vectors of the concepts' labels, by id (for similarity edges). */
  vectors: Map<string, Float32Array>;
  /** Sentence indexes where each concept occurs, by id. */
  occurrenceSentences: Map<string, number[]>;
}

interface Candidate {
  key: string;
  tokens: string[];
  surface: Map<string, number>;
  kinds: Map<ConceptKind, number>;
  sentences: number[];
}

const MAX_PHRASE_WORDS = 4;
/**
 * A concept is said at least 100 times more often in the talk than in ordinary English (englishFrequency.ts).
 * A round figure; with spoken-English frequencies no plainly generic word ("man", "life", "word", "step")
 * passes it in any eval-public talk. Lower figures keep more of the chapter titles' words (bench/concept-lift.ts)
 * but let common words ("Model", "Functions") crowd specific terms ("Softmax", "Medulla") out of the index.
 */
const MIN_LOG_LIFT = Math.log(100);
/** A one-word concept is read as a noun (or a noun phrase's head) in at least half the sentences that say it. */
const MIN_NOUN_READING = 0.5;
/** Nouns that say little on their own ("for example", "this time"). */
export const GENERIC_NOUNS = new Set(['example', 'time', 'times', 'way', 'ways', 'people', 'person', 'lot', 'kind', 'sort', 'part', 'day', 'days', 'year', 'years', 'today', 'question', 'point', 'fact', 'case', 'number', 'bit', 'stuff', 'end', 'place', 'side', 'matter', 'course', 'instance', 'moment', 'minute', 'minutes', 'hour', 'hours', 'everything', 'anything', 'nothing', 'someone', 'something', 'anyone', 'everyone',
  // Pronouns and archaic function words: kept in the segmenter's word overlap (they mark register, e.g.
  // a Quaker dialogue), but never concepts.
  'others', 'another', 'thy', 'thee', 'thou', 'thine', 'ye', 'hath', 'doth', 'dear', 'done',
  // Nouns that name an amount or a role rather than a topic.
  'percent', 'product', 'thing', 'things', 'lots', 'amount', 'piece', 'pieces', 'bunch']);
/** Quantifying and judging adjectives say how much or how good, not what: "many food chains" is the
 * concept "food chains", "incredible product leaders" is "product leaders". (Not "final", "smart",
 * "perfect", "basic": they start terms — "final electron acceptor", "smart contract".) */
const QUALIFIERS = new Set(['many', 'much', 'more', 'most', 'few', 'fewer', 'several', 'single', 'whole', 'entire', 'various',
  'certain', 'next', 'last', 'first', 'second', 'third', 'previous', 'following', 'different', 'same', 'other', 'own', 'only',
  'main', 'big', 'small', 'large', 'little', 'new', 'old', 'good', 'great', 'important', 'real', 'simple',
  'best', 'better', 'worst', 'bad', 'nice', 'cool', 'huge', 'incredible', 'amazing', 'awesome', 'exciting', 'interesting',
  'successful', 'painful', 'wonderful', 'fantastic', 'terrible', 'crazy', 'skillful', 'specific', 'particular', 'underlying',
  'actual', 'exact', 'obvious', 'typical', 'famous', 'favorite', 'favourite', 'total']);
const DETERMINERS = /^(?:the|a|an|this|that|these|those|his|her|their|our|my|your|its|some|any|every|each|no|all|such|other|another|same|own)\s+/i;

export function slug(label: string): string {
  const s = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return s || 'concept';
}

/** A generic noun, singular or plural ("examples", "questions"). */
function isGeneric(w: string): boolean {
  return GENERIC_NOUNS.has(w) || (w.endsWith('s') && GENERIC_NOUNS.has(w.slice(0, -1)));
}

/** Normalized token key of a phrase: lowercase words, last word stemmed ("laws" = "law"). */
function phraseTokens(text: string): string[] {
  let t = text.replace(/[“”"'’.,;:!?()[\]{}<>*_`#|\\/]+/g, ' ').trim();
  for (let i = 0; i < 3; i++) t = t.replace(DETERMINERS, '');
  const ws = words(t);
  // Leading generic words go too ("example problems" → "problems"), unless nothing else is left.
  while (ws.length > 1 && (STOPWORDS.has(ws[0]) || isGeneric(ws[0]) || QUALIFIERS.has(ws[0]))) ws.shift();
  while (ws.length > 0 && STOPWORDS.has(ws[0])) ws.shift();
  while (ws.length > 0 && STOPWORDS.has(ws[ws.length - 1])) ws.pop();
  if (ws.length === 0 || ws.length > MAX_PHRASE_WORDS) return [];
  if (ws.every((w) => STOPWORDS.has(w) || isGeneric(w) || /^\d+$/.test(w))) return [];
  if (ws.join('').length < 3) return [];
  ws[ws.length - 1] = termStem(ws[ws.length - 1]);
  return ws;
}

/** stem() to its fixed point: "embeddings" → "embedding" → "embedd", one key for both forms. */
function termStem(w: string): string {
  let s = stem(w);
  for (let t = stem(s); t !== s; t = stem(s)) s = t;
  return s;
}

function tidySurface(text: string): string {
  let t = text.replace(/[“”"’.,;:!?()[\]{}<>*_`#|\\/]+/g, ' ').replace(/\s+/g, ' ').replace(/^'+|'+$/g, '').trim();
  for (let i = 0; i < 3; i++) t = t.replace(DETERMINERS, '');
  // The label drops what phraseTokens drops from the key: "many food chains" → "food chains".
  const ws = t.split(' ');
  while (ws.length > 1 && QUALIFIERS.has(ws[0].toLowerCase())) ws.shift();
  return ws.join(' ');
}

/** Candidate phrases and the sentences they occur in. */
function collectCandidates(sentences: Sentence[], sectionRanges: { from: number; to: number }[]): Map<string, Candidate> {
  const byKey = new Map<string, Candidate>();
  const sentenceKeys: Set<string>[] = sentences.map(() => new Set());
  // How often each word was read as a noun: as a one-word phrase, or as the last word (the head) of a longer one.
  const readings = new Map<string, number>();
  const BLOCK = 40;
  for (const range of sectionRanges) {
    for (let b = range.from; b < range.to; b += BLOCK) {
      const end = Math.min(range.to, b + BLOCK);
      let phrases: ReturnType<typeof extractPhrases> = [];
      try {
        // Asides (a sponsor read) are no source of the talk's terms.
        phrases = extractPhrases(sentences.slice(b, end).filter((s) => !s.aside).map((s) => s.text).join(' \n'));
      } catch {
        phrases = []; // the tagger must never sink the analysis; the word fallback below still runs
      }
      for (const p of phrases) {
        const tokens = phraseTokens(p.text);
        if (tokens.length === 0) continue;
        const key = tokens.join(' ');
        // A one-word key is read as itself; a longer one reads its last word, its head.
        const head = tokens[tokens.length - 1];
        readings.set(head, (readings.get(head) ?? 0) + 1);
        let c = byKey.get(key);
        if (!c) {
          c = { key, tokens, surface: new Map(), kinds: new Map(), sentences: [] };
          byKey.set(key, c);
        }
        const surface = tidySurface(p.text);
        if (surface) c.surface.set(surface, (c.surface.get(surface) ?? 0) + 1);
        c.kinds.set(p.kind, (c.kinds.get(p.kind) ?? 0) + 1);
      }
    }
  }
  // Occurrences: a sentence holds a phrase when its word sequence contains the phrase's tokens, the last
  // stemmed. Longer phrases are looked up by their first word as said; a one-word phrase by its stem.
  const sentenceTokens = sentences.map((s) => words(s.text));
  const firstToken = new Map<string, Candidate[]>();
  const oneWord = new Map<string, Candidate>();
  for (const c of byKey.values()) {
    if (c.tokens.length === 1) {
      oneWord.set(c.key, c);
      continue;
    }
    const list = firstToken.get(c.tokens[0]) ?? [];
    list.push(c);
    firstToken.set(c.tokens[0], list);
  }
  sentenceTokens.forEach((toks, si) => {
    if (sentences[si].aside) return;
    const stems = toks.map(termStem);
    const found = (c: Candidate): void => {
      if (sentenceKeys[si].has(c.key)) return;
      sentenceKeys[si].add(c.key);
      c.sentences.push(si);
    };
    for (let i = 0; i < toks.length; i++) {
      const single = oneWord.get(stems[i]);
      if (single) found(single);
      for (const c of firstToken.get(toks[i]) ?? []) {
        const n = c.tokens.length;
        if (i + n > toks.length) continue;
        let ok = true;
        for (let j = 0; j < n - 1 && ok; j++) ok = toks[i + j] === c.tokens[j];
        if (ok && stems[i + n - 1] === c.tokens[n - 1]) found(c);
      }
    }
  });
  // Languages the tagger does not know: fall back to frequent content words.
  const fallBack = [...byKey.values()].every((c) => c.sentences.length === 0);
  if (fallBack) {
    sentenceTokens.forEach((toks, si) => {
      if (sentences[si].aside) return;
      for (const w of new Set(toks)) {
        if (w.length < 3 || STOPWORDS.has(w) || /^\d+$/.test(w)) continue;
        let c = byKey.get(w);
        if (!c) {
          c = { key: w, tokens: [w], surface: new Map([[w, 1]]), kinds: new Map([['concept', 1]]), sentences: [] };
          byKey.set(w, c);
        }
        if (c.sentences[c.sentences.length - 1] !== si) c.sentences.push(si);
      }
    });
  }
  for (const [k, c] of byKey) {
    // A word read as a noun (alone or as a noun phrase's head) in under half the sentences saying it is
    // mostly something else there: a modifier ("frontal" of "frontal lobes"), a verb ("I love ..."). Not
    // asked of longer phrases: the taggers break those at participles ("my spoken word" → "word").
    const misread = !fallBack && c.tokens.length === 1 && (readings.get(k) ?? 0) < MIN_NOUN_READING * c.sentences.length;
    if (c.sentences.length === 0 || misread) byKey.delete(k);
  }
  return byKey;
}

/** Plural endings the stem does not join to their singular ("matrices" → "matrix", "nuclei" → "nucleus"). */
const CLASSICAL_PLURALS: [RegExp, string][] = [
  [/ices$/, 'ix'], [/ices$/, 'ex'], [/i$/, 'us'], [/ae$/, 'a'], [/a$/, 'um'], [/a$/, 'on'], [/es$/, 'is'],
];

/**
 * A term said in a classical plural and in its singular ("Matrices", "Matrix") is one term: the plural's
 * sentences and surfaces join the singular's. Only where the talk says both forms, so a plural is never
 * turned into a singular nobody said ("data" stays "data").
 */
function mergeClassicalPlurals(cands: Candidate[]): Candidate[] {
  const byKey = new Map(cands.map((c) => [c.key, c]));
  const merged = new Set<Candidate>();
  for (const c of cands) {
    const said = [...c.surface.keys()].map((s) => s.toLowerCase().split(' ').pop() ?? '');
    const prefix = c.tokens.slice(0, -1);
    const owner = said
      .flatMap((w) => CLASSICAL_PLURALS.filter(([end]) => end.test(w)).map(([end, singular]) => w.replace(end, singular)))
      .map((w) => byKey.get([...prefix, termStem(w)].join(' ')))
      .find((o): o is Candidate => o !== undefined && o !== c && !merged.has(o));
    if (!owner) continue;
    owner.sentences = [...new Set([...owner.sentences, ...c.sentences])].sort((a, b) => a - b);
    for (const [surface, n] of c.surface) owner.surface.set(surface, (owner.surface.get(surface) ?? 0) + n);
    for (const [kind, n] of c.kinds) owner.kinds.set(kind, (owner.kinds.get(kind) ?? 0) + n);
    merged.add(c);
  }
  return cands.filter((c) => !merged.has(c));
}

/**
 * A person's first or last name said alone ("Gage", "Phineas") is that person ("Phineas Gage"): its
 * sentences join the full name's and it is no candidate of its own. A full name: a phrase the tagger
 * calls a person (first or last word), or one of capitalised words: its last word, or its first where all its
 * words are rare (a name, not "Stripe Billing"), and only a word ordinary English lacks ("Phineas", "Gage", but
 * not "Psychology" of "Crash Course Psychology"). Only where exactly one such name in the talk holds the word.
 */
function mergeNameAliases(cands: Candidate[]): Candidate[] {
  const capitalised = (c: Candidate): boolean => mostFrequent(c.surface, '').split(' ').every((w) => /^\p{Lu}/u.test(w));
  const names = cands.filter((c) => c.tokens.length > 1 && (c.kinds.has('person') || capitalised(c)));
  const aliases = new Set<Candidate>();
  for (const c of cands) {
    if (c.tokens.length !== 1 || !capitalised(c)) continue;
    const w = c.tokens[0];
    const owners = names.filter((p) =>
      p.kinds.has('person')
        ? termStem(p.tokens[0]) === w || p.tokens[p.tokens.length - 1] === w
        : !isOrdinaryWord(w) && (p.tokens[p.tokens.length - 1] === w || (termStem(p.tokens[0]) === w && !p.tokens.some(isOrdinaryWord))),
    );
    if (owners.length !== 1) continue;
    const owner = owners[0];
    owner.sentences = [...new Set([...owner.sentences, ...c.sentences])].sort((a, b) => a - b);
    aliases.add(c);
  }
  return cands.filter((c) => !aliases.has(c));
}

/**
 * The key's words with its head as said: the stem is often no English word ("christma") or another one
 * ("morning" → "morn"), and either would read as rare to the lift.
 */
function saidTokens(c: Candidate): string[] {
  const head = c.tokens[c.tokens.length - 1];
  const said = words(mostFrequent(c.surface, c.key)).reverse().find((w) => termStem(w) === head);
  return said ? [...c.tokens.slice(0, -1), said] : c.tokens;
}

function mostFrequent<T>(m: Map<T, number>, fallback: T): T {
  let best = fallback;
  let n = -1;
  for (const [k, v] of m) if (v > n) [best, n] = [k, v];
  return best;
}

function labelOf(c: Candidate): string {
  const s = mostFrequent(c.surface, c.key);
  // Keep proper capitalisation when spoken that way, else sentence-case the phrase.
  return /\p{Lu}/u.test(s) ? s : s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Captions without any capital (automatic ones, a recogniser without case) cannot show a name: the label of
 * a person, place or organisation (to the tagger) gets a capital on each word there ("John Wesley"). Shown
 * only: ranking reads the label as before, so the choice of concepts does not depend on it.
 */
function shownLabel(label: string, kind: ConceptKind, caseless: boolean): string {
  return caseless && kind !== 'concept' ? label.replace(/(^|\s)(\p{Ll})/gu, (_, space: string, first: string) => space + first.toUpperCase()) : label;
}

export async function extractConcepts(
  sentences: Sentence[],
  sentenceVectors: Float32Array[],
  sectionRanges: { from: number; to: number }[],
  sectionVectors: Float32Array[],
  videoVector: Float32Array,
  embedder: Embedder,
  depth: ConceptDepth,
): Promise<ConceptResult> {
  const empty: ConceptResult = { concepts: [], sectionConcepts: sectionRanges.map(() => []), vectors: new Map(), occurrenceSentences: new Map() };
  if (sentences.length === 0) return empty;
  const sectionOf = new Int32Array(sentences.length);
  sectionRanges.forEach((r, si) => {
    for (let i = r.from; i < r.to; i++) sectionOf[i] = si;
  });
  const all = mergeNameAliases(mergeClassicalPlurals([...collectCandidates(sentences, sectionRanges).values()]));
  if (all.length === 0) return empty;
  // Prefilter by frequency and spread (a phrase said once is rarely a key concept), then embed.
  const minCount = sentences.length >= 50 ? 2 : 1;
  const talkWords = sentences.reduce((n, s) => n + words(s.text).length, 0);
  const lift = new Map(all.map((c) => [c, logLift(saidTokens(c), c.sentences.length, talkWords)]));
  // Glossary terms only: a phrase said no more often here than in ordinary English ("man", "life",
  // "situation") is not a concept of this talk, however often it comes up.
  const distinctive = all.filter((c) => lift.get(c)! >= MIN_LOG_LIFT);
  const byLift = (list: Candidate[]): Candidate[] => (list.length >= 5 ? list : [...all].sort((a, b) => lift.get(b)! - lift.get(a)!).slice(0, 5));
  // A word that is only ever said inside a longer candidate ("Gage" in "Phineas Gage") is that candidate.
  const covered = (c: Candidate): boolean =>
    c.tokens.length === 1 &&
    distinctive.some((d) => d !== c && d.tokens.length > 1 && d.tokens.includes(c.tokens[0]) && d.sentences.length >= 0.8 * c.sentences.length);
  const frequent = distinctive.filter((c) => c.sentences.length >= minCount && !covered(c));
  const pool = byLift(frequent.length >= 5 ? frequent : distinctive)
    .map((c) => ({ c, weight: Math.log(1 + c.sentences.length) * (1 + 0.3 * (c.tokens.length - 1)) }))
    .sort((a, b) => b.weight - a.weight || (a.c.key < b.c.key ? -1 : 1))
    .slice(0, depth.candidates)
    .map((x) => x.c);
  const labels = pool.map(labelOf);
  const caseless = !sentences.some((s) => /\p{Lu}/u.test(s.text));
  const vecs = await embedder.embed(labels);
  const maxLogFreq = Math.log(1 + Math.max(...pool.map((c) => c.sentences.length)));
  const freqScore = pool.map((c) => Math.log(1 + c.sentences.length) / maxLogFreq);
  const globalRelevance = pool.map((c, i) => 0.6 * dot(vecs[i], videoVector) + 0.4 * freqScore[i]);
  const phraseSim = (i: number, j: number): number => dot(vecs[i], vecs[j]);

  // Per section: candidates said in that section, relevance = similarity to the section + local frequency.
  const sectionPicks: number[][] = sectionRanges.map((_, si) => {
    // Listed only where distinctive: said more often in this section than in the talk as a whole.
    const share = (sectionRanges[si].to - sectionRanges[si].from) / sentences.length;
    const local = pool
      .map((c, i) => ({ i, n: c.sentences.filter((s) => sectionOf[s] === si).length }))
      .filter((x) => x.n > 0 && (sectionRanges.length === 1 || x.n / pool[x.i].sentences.length > share));
    if (local.length === 0) return [];
    const maxN = Math.max(...local.map((x) => x.n));
    const rel = local.map((x) => 0.6 * dot(vecs[x.i], sectionVectors[si]) + 0.4 * (Math.log(1 + x.n) / Math.log(1 + maxN)));
    return mmr(rel, (a, b) => phraseSim(local[a].i, local[b].i), depth.perSection, 0.7).map((k) => local[k].i);
  });
  const globalPicks = mmr(globalRelevance, phraseSim, depth.global, 0.7);
  const chosen = [...new Set([...globalPicks, ...sectionPicks.flat()])].sort((a, b) => a - b);

  const maxRel = Math.max(...chosen.map((i) => globalRelevance[i]));
  const minRel = Math.min(...chosen.map((i) => globalRelevance[i]));
  const ids = new Map<number, string>();
  const usedIds = new Set<string>();
  for (const i of chosen) {
    let id = slug(labels[i]);
    for (let n = 2; usedIds.has(id); n++) id = `${slug(labels[i])}-${n}`;
    usedIds.add(id);
    ids.set(i, id);
  }
  const concepts: Concept[] = chosen.map((i) => {
    const c = pool[i];
    const perSection = new Map<number, number>();
    for (const s of c.sentences) perSection.set(sectionOf[s], (perSection.get(sectionOf[s]) ?? 0) + 1);
    let mainSection = sectionOf[c.sentences[0]];
    for (const [sec, n] of perSection) if (n > (perSection.get(mainSection) ?? 0) || (n === perSection.get(mainSection) && sec < mainSection)) mainSection = sec;
    const explanationIndex = bestExplanation(c, sentences, sentenceVectors, vecs[i]);
    const s = sentences[explanationIndex];
    const kind = entityKind(c);
    return {
      id: ids.get(i)!,
      label: shownLabel(labels[i], kind, caseless),
      kind,
      importance: maxRel === minRel ? 1 : Math.round((0.1 + (0.9 * (globalRelevance[i] - minRel)) / (maxRel - minRel)) * 1000) / 1000,
      mainSection,
      occurrences: c.sentences.map((si) => ({ startSec: sentences[si].startSec, sectionIndex: sectionOf[si] })),
      explanation: { text: cleanSentence(s.text), startSec: s.startSec, endSec: s.endSec },
    };
  });
  const byIndex = new Map(chosen.map((i, k) => [i, concepts[k]]));
  const order = [...concepts].sort((a, b) => b.importance - a.importance || (a.id < b.id ? -1 : 1));
  return {
    concepts: order,
    sectionConcepts: sectionPicks.map((picks) => picks.map((i) => ids.get(i)!)),
    vectors: new Map(chosen.map((i) => [ids.get(i)!, vecs[i]])),
    occurrenceSentences: new Map(chosen.map((i) => [byIndex.get(i)!.id, pool[i].sentences])),
  };
}

function entityKind(c: Candidate): ConceptKind {
  let best: ConceptKind = 'concept';
  let n = 0;
  for (const [k, v] of c.kinds) if (k !== 'concept' && v > n) [best, n] = [k, v];
  // An entity when the tagger called it one at least as often as a plain noun phrase.
  return n > 0 && n >= (c.kinds.get('concept') ?? 0) / 2 ? best : 'concept';
}

/**
 * The sentence that explains a concept best: close to the phrase in meaning, a defining sentence ("X is …",
 * "called X", "X, a …") preferred; then one that opens with the term, a whole sentence about it rather than
 * one passing it on the way to another term ("Above it, at the base of the skull, is the medulla").
 */
function bestExplanation(c: Candidate, sentences: Sentence[], sentenceVectors: Float32Array[], phrase: Float32Array): number {
  let best = c.sentences[0];
  let bestScore = Number.NEGATIVE_INFINITY;
  const defining = definingPattern(c.tokens);
  const opening = openingPattern(c.tokens);
  for (const si of c.sentences) {
    const text = sentences[si].text;
    const n = words(text).length;
    // A fragment, a ramble or a question ("As to what it does to other embeddings, who knows?") says little of what a thing is.
    const formPenalty = n < 6 || isQuestion(text) ? 0.15 : n > 45 ? 0.1 : 0;
    const score = dot(sentenceVectors[si], phrase) + (defining.test(text) ? DEFINING_BONUS : 0) + (n >= 6 && opening.test(text) ? SUBJECT_BONUS : 0) - formPenalty;
    if (score > bestScore) [best, bestScore] = [si, score];
  }
  return best;
}

/** Outweighs the usual spread of phrase-to-sentence similarity among a concept's sentences (about 0.1-0.3). */
const DEFINING_BONUS = 0.35;
/** About half that spread: it orders sentences alike in meaning, never outweighs a defining one. */
const SUBJECT_BONUS = 0.1;

/** The term at the start of a sentence, after at most a determiner or possessive. */
function openingPattern(tokens: readonly string[]): RegExp {
  return new RegExp(`^\\W*(?:(?:the|a|an|this|that|these|those|your|our|my|their|its|his|her)\\s+)?${saidPhrase(tokens)}\\b`, 'iu');
}

/** Regex source for the phrase as said: its words (punctuation dropped) apart by spaces or hyphens, the last with any ending ("lobe" → "lobes"). */
function saidPhrase(tokens: readonly string[]): string {
  return `${tokens.map((t) => t.replace(/[^\p{L}\p{N}']/gu, '')).join('[\\s-]+')}\\w*`;
}

/** "X is/are/means/refers to …", "X, a/an/the …" (an apposition), or a sentence naming X (`namingPattern`). */
export function definingPattern(tokens: readonly string[]): RegExp {
  const phrase = saidPhrase(tokens);
  return new RegExp(
    `\\b${phrase}\\s*(?:,\\s*(?:which|that)\\s+)?(?:is|are|was|were|means|refers to|describes|consists of)\\s+(?!not\\b)|\\b${phrase},\\s+(?:a|an|the)\\s|${namingSource(phrase)}`,
    'iu',
  );
}

/** A sentence that gives something its name: "called/known as/named X", "we call this (grid) an X", "what we call its X". */
export function namingPattern(tokens: readonly string[]): RegExp {
  return new RegExp(namingSource(saidPhrase(tokens)), 'iu');
}

function namingSource(phrase: string): string {
  // What is named ends there: "called the corpus callosum" names no "corpus", "an attention pattern" no
  // "attention". In unpunctuated captions the next clause may follow at once ("is called masking there are").
  const named =
    `(?=\\s*(?:[.,;:!?"')]|$)|\\s+(?:for|of|in|on|at|by|with|from|that|which|who|and|or|but|so|because|when|while|then|now|` +
    `is|are|was|were|to|since|as|there|here|it|this|we|i|you|they|he|she|it's|that's|there's|let's)\\b)`;
  return (
    `\\b(?:called|known as|named|termed)\\s+(?:the\\s+|a\\s+|an\\s+)?${phrase}${named}` +
    `|\\b(?:we|I|you|they|people)\\s+call\\s+(?:(?:this|that|it|these|those|them)(?:\\s+[\\w'-]+){0,3}?\\s+)?(?:(?:the|a|an|its|their|his|her|our|your)\\s+)?${phrase}${named}`
  );
}
