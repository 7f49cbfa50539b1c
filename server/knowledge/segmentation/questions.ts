// Questions as boundary evidence: in an interview the host's question opens each topic ("Is there anything
// unique about how you approach hiring?"), and a lecturer often opens one by asking it. Only written
// question marks count, so unpunctuated captions carry no question evidence at all.
import type { Sentence } from '../../domain/analysis';
import { isQuestion } from '../text';

/** 1 where the sentence is a question, else 0. */
export function questionFlags(sentences: readonly Sentence[]): Uint8Array {
  const out = new Uint8Array(sentences.length);
  sentences.forEach((s, i) => {
    if (isQuestion(s.text)) out[i] = 1;
  });
  return out;
}
