// Typed wrapper around compromise (POS tagging, noun phrases, named entities). Offline, pure JS.
import nlp from 'compromise';

export type EntityKind = 'person' | 'place' | 'organization';

export interface PhraseCandidate {
  /** Surface text as spoken. */
  text: string;
  kind: 'concept' | EntityKind;
}

/**
 * Noun phrases (optional adjectives + nouns) and named entities of a text. compromise is ~3× faster on
 * one long text than on many short ones, so callers pass whole blocks of sentences.
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
  push(doc.match('#Adjective? #Noun+').not('#Pronoun').out('array') as string[], 'concept');
  return out;
}
