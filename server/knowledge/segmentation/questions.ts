// Questions as boundary evidence: in an interview the host's question opens each topic ("Is there anything
// unique about how you approach hiring?"), and a lecturer often opens one by asking it. Only written
// question marks count, so unpunctuated captions carry no question evidence at all.
import type { Sentence } from '../../domain/analysis';

/** 1 where the sentence is a question (ends in "?", closing quotes or brackets aside), else 0. */
export function questionFlags(sentences: readonly Sentence[]): Uint8Array {
  const out = new Uint8Array(sentences.length);
  sentences.forEach((s, i) => {
    if (/\?["'”’)\]]*$/u.test(s.text.trimEnd())) out[i] = 1;
  });
  return out;
}
