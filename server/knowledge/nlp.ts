// Typed wrappers around the two offline taggers. Noun phrases are runs of words that wink-nlp tags
// as adjectives or nouns and compromise does not tag as verbs: each tagger alone reads some verbs as
// nouns ("the chain produce most", "reactions split water") and they rarely err on the same word.
// People, places and organisations come from compromise, which wink's lite model lacks.
import nlp from 'compromise';
import winkNLP, { type ItsFunction } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export type EntityKind = 'person' | 'place' | 'organization';

export interface PhraseCandidate {
  /** Surface text as spoken. */
  text: string;
  kind: 'concept' | EntityKind;
}

type Wink = ReturnType<typeof winkNLP>;
let wink: Wink | undefined;

const normal = (w: string): string => w.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** compromise's verb flags, aligned to the given words (a word it did not see counts as no verb). */
function verbFlags(doc: ReturnType<typeof nlp>, words: string[]): boolean[] {
  const terms = (doc.terms().json() as { text: string; terms: { tags: string[] }[] }[]).map((t) => ({
    word: normal(t.text), verb: t.terms[0]?.tags.includes('Verb') ?? false,
  }));
  const flags: boolean[] = [];
  let j = 0;
  for (const w of words) {
    const n = normal(w);
    let k = j;
    while (k < terms.length && k < j + 4 && terms[k].word !== n) k++;
    if (n && k < terms.length && terms[k].word === n) {
      flags.push(terms[k].verb);
      j = k + 1;
    } else flags.push(false);
  }
  return flags;
}

/**
 * Where compromise's verb reading overrides wink's tag: a word wink calls a noun is a verb when compromise
 * says so ("reactions split water"), but not right after "the" + a proper noun, an eponymous term ("the
 * Calvin cycle then uses", "the Krebs cycle"): a name after "the" is a modifier, not the subject of a verb;
 * nor an -ing word, which compromise reads as a verb wherever it stands ("is called masking", "deep learning").
 */
function verbOverrides(texts: readonly string[], winkTags: readonly string[], verbs: readonly boolean[]): boolean[] {
  return verbs.map((v, i) => v && !/ing$/i.test(texts[i]) && !(i >= 2 && winkTags[i - 1] === 'PROPN' && texts[i - 2].toLowerCase() === 'the'));
}

/** Articles and possessives: what follows them is a noun phrase ("its embedding", "the masking"). */
const NOUN_MARKERS = new Set(['the', 'a', 'an', 'its', 'their', 'our', 'his', 'her', 'my', 'your', 'this', 'these', 'those', 'each', 'every']);

/**
 * wink's tags with the -ing words it calls verbs right after an article or a possessive read as nouns
 * ("what we call its embedding", "the embedding of the word"); the forms of "be" and "have" stay verbs
 * ("this being said").
 */
function withGerundNouns(texts: readonly string[], winkTags: readonly string[]): string[] {
  return winkTags.map((t, i) =>
    t === 'VERB' && i > 0 && /ing$/i.test(texts[i]) && !/^(?:being|having)$/i.test(texts[i]) && NOUN_MARKERS.has(texts[i - 1].toLowerCase()) ? 'NOUN' : t,
  );
}

/** Runs of adjectives then nouns, ending in a noun: "electron transport chain", "trophic level". */
function nounPhrases(text: string, doc: ReturnType<typeof nlp>): string[] {
  wink ??= winkNLP(model);
  const wdoc = wink.readDoc(text);
  const words = wdoc.tokens().out() as string[];
  const winkTags = withGerundNouns(words, wdoc.tokens().out(wink.its.pos) as string[]);
  const verbs = verbOverrides(words, winkTags, verbFlags(doc, words));
  const tags = winkTags.map((t, i) => (verbs[i] ? 'VERB' : t));
  const phrases: string[] = [];
  let run: string[] = [];
  let runTags: string[] = [];
  const flush = (): void => {
    // Trailing adjectives are not part of the phrase ("the light green" → "light").
    while (runTags.length > 0 && runTags[runTags.length - 1] === 'ADJ') {
      run.pop();
      runTags.pop();
    }
    if (run.length > 0) phrases.push(run.join(' '));
    run = [];
    runTags = [];
  };
  for (let i = 0; i < words.length; i++) {
    const tag = tags[i];
    if (tag === 'NOUN' || tag === 'PROPN') {
      run.push(words[i]);
      runTags.push(tag);
    } else if (tag === 'ADJ' && !runTags.some((t) => t !== 'ADJ')) {
      run.push(words[i]);
      runTags.push(tag);
    } else {
      flush();
      if (tag === 'ADJ') {
        run.push(words[i]);
        runTags.push(tag);
      }
    }
  }
  flush();
  return phrases;
}

/** True when wink tags a verb or auxiliary in the text (≈ 20x faster than compromise per sentence, same verdict on 99 % of the audiobook's sentences). */
export function hasVerb(text: string): boolean {
  wink ??= winkNLP(model);
  return (wink.readDoc(text).tokens().out(wink.its.pos) as string[]).some((t) => t === 'VERB' || t === 'AUX');
}

/**
 * Noun phrases (optional adjectives + nouns) and named entities of a text. Both taggers are faster
 * on one long text than on many short ones, so callers pass whole blocks of sentences.
 */
export function extractPhrases(text: string): PhraseCandidate[] {
  if (text.trim().length === 0) return [];
  const doc = nlp(text);
  const out: PhraseCandidate[] = [];
  const push = (items: string[], kind: PhraseCandidate['kind']): void => {
    for (const t of items) out.push({ text: t, kind });
  };
  push(doc.people().out('array') as string[], 'person');
  push(doc.places().out('array') as string[], 'place');
  push(doc.organizations().out('array') as string[], 'organization');
  push(nounPhrases(text, doc), 'concept');
  return out;
}

export interface TaggedWord {
  /** As spoken. */
  text: string;
  /** wink's lemma, lower case ("parameters" → "parameter"). */
  lemma: string;
  /** Universal POS tag (NOUN, PROPN, ADJ, VERB, ADP, DET, CCONJ, PUNCT, …). */
  pos: string;
}

/**
 * The words of one sentence with their lemmas and POS tags (wink; under 1 ms a sentence). A hyphenated word
 * ("self-attention") is one word, tagged as its last part. `crossCheckVerbs`: a word wink calls a noun and
 * compromise a verb is a verb ("Companies use Stripe"), as in nounPhrases. About 2 ms more a sentence.
 */
export function tagWords(text: string, opts: { crossCheckVerbs?: boolean } = {}): TaggedWord[] {
  wink ??= winkNLP(model);
  const tokens = wink.readDoc(text).tokens();
  const texts = tokens.out() as string[];
  // wink's typings declare its.lemma with a different argument order than out() takes; it is a token its-function.
  const lemmas = tokens.out(wink.its.lemma as unknown as ItsFunction<string[]>) as string[];
  const pos = withGerundNouns(texts, tokens.out(wink.its.pos) as string[]);
  if (opts.crossCheckVerbs) {
    const verbs = verbOverrides(texts, pos, verbFlags(nlp(text), texts));
    for (let i = 0; i < texts.length; i++) if (verbs[i] && pos[i] === 'NOUN') pos[i] = 'VERB';
  }
  const out: TaggedWord[] = [];
  for (let i = 0; i < texts.length; i++) {
    const word = { text: texts[i], lemma: (lemmas[i] ?? texts[i]).toLowerCase(), pos: pos[i] ?? 'X' };
    const prev = out[out.length - 1];
    const joins = texts[i] === '-' && prev && prev.pos !== 'PUNCT' && i + 1 < texts.length && pos[i + 1] !== 'PUNCT' && text.includes(`${prev.text}-${texts[i + 1]}`);
    if (joins) {
      const next = { text: texts[i + 1], lemma: (lemmas[i + 1] ?? texts[i + 1]).toLowerCase(), pos: pos[i + 1] ?? 'X' };
      out[out.length - 1] = { text: `${prev.text}-${next.text}`, lemma: `${prev.text.toLowerCase()}-${next.lemma}`, pos: next.pos };
      i++;
    } else out.push(word);
  }
  return out;
}
