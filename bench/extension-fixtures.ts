// Synthetic notes of a long video for the extension benchmarks: transcript.md, notes.md and
// graph.json in the documented format (docs/notes-format.md), sized like a 3-hour lecture.
import fs from 'node:fs';
import path from 'node:path';
import type { GraphFile } from '../server/domain/analysis';
import { formatClock } from '../server/protocol/notesFile';

const WORDS = 'energy matrix vector gradient entropy protein neuron market theorem signal lattice enzyme orbit catalyst algorithm tensor'.split(' ');

export function makeLongNotes(dir: string, opts: { hours?: number; concepts?: number; sections?: number } = {}): { dir: string; lines: number; citations: number; concepts: number } {
  const duration = Math.round((opts.hours ?? 3) * 3600);
  const nConcepts = opts.concepts ?? 500;
  const nSections = opts.sections ?? 36;
  fs.mkdirSync(dir, { recursive: true });
  const labels = Array.from({ length: nConcepts }, (_, i) => `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]} ${i}`);
  // A sentence every ~5 s, like real speech.
  const t: string[] = ['# Transcript: A long lecture', ''];
  const sentences: { sec: number; text: string }[] = [];
  for (let sec = 0, i = 0; sec < duration; sec += 4 + (i % 3), i++) {
    const text = `Sentence ${i} talks about ${labels[i % nConcepts]} and how it relates to ${labels[(i * 13) % nConcepts]} in practice.`;
    sentences.push({ sec, text });
    t.push(`<a id="t-${sec}"></a>**[${formatClock(sec)}]** ${text}`, '');
  }
  fs.writeFileSync(path.join(dir, 'transcript.md'), t.join('\n'));
  const per = duration / nSections;
  const n: string[] = ['---', 'title: "A long lecture"', 'source: "https://www.youtube.com/watch?v=LONG"', 'url: "https://www.youtube.com/watch?v=LONG"', `duration: "${formatClock(duration)}"`, 'engine: "captions"', '---', '', '# A long lecture', '', '## Summary'];
  const cite = (s: { sec: number; text: string }) => `- ${s.text} [${formatClock(s.sec)}](transcript.md#t-${s.sec})`;
  for (let k = 0; k < 10; k++) n.push(cite(sentences[Math.floor((k * sentences.length) / 10)]!));
  n.push('', '## Outline');
  for (let s = 0; s < nSections; s++) n.push(`${s + 1}. [Part ${s + 1}](#s${s + 1}) — ${formatClock(s * per)}–${formatClock((s + 1) * per)}`);
  const sectionLines: number[] = [];
  let citations = 10;
  for (let s = 0; s < nSections; s++) {
    n.push('', `<a id="s${s + 1}"></a>`);
    sectionLines.push(n.length);
    n.push(`## ${s + 1}. Part ${s + 1} (${formatClock(s * per)}–${formatClock((s + 1) * per)})`, `[▶ Watch at ${formatClock(s * per)}](https://www.youtube.com/watch?v=LONG&t=${Math.round(s * per)}s)`, '');
    const inSection = sentences.filter((x) => x.sec >= s * per && x.sec < (s + 1) * per);
    for (let k = 0; k < 10 && inSection.length; k++) { n.push(cite(inSection[Math.floor((k * inSection.length) / 10)]!)); citations++; }
    n.push('', `**Key concepts:** ${labels.slice(s * 5, s * 5 + 5).map((l) => `[${l}](#c-${l.replace(/ /g, '-')})`).join(', ')}`);
  }
  n.push('', '## Concept index');
  for (const l of labels) n.push(`- <a id="c-${l.replace(/ /g, '-')}"></a>**${l}** — [§1](#s1)`);
  fs.writeFileSync(path.join(dir, 'notes.md'), n.join('\n') + '\n');
  const graph: GraphFile = {
    version: 1, title: 'A long lecture', notes: 'notes.md',
    sections: Array.from({ length: nSections }, (_, s) => ({ index: s, title: `Part ${s + 1}`, startSec: s * per, endSec: (s + 1) * per, line: sectionLines[s]! })),
    nodes: labels.map((label, i) => ({
      id: label.replace(/ /g, '-'), label, kind: i % 11 === 0 ? 'person' : 'concept', importance: Math.round((1 - i / nConcepts) * 100) / 100,
      sectionIndex: i % nSections, explanation: { text: `An explanation of ${label}.`, startSec: (i * 17) % duration, endSec: ((i * 17) % duration) + 5 },
      occurrences: Array.from({ length: 6 }, (_, k) => ({ startSec: (i * 17 + k * 900) % duration, sectionIndex: (i + k) % nSections })),
    })),
    edges: labels.flatMap((_, i) => [1, 2, 3].map((d) => ({ source: labels[i]!.replace(/ /g, '-'), target: labels[(i * d + 7 * d) % nConcepts]!.replace(/ /g, '-'), weight: ((i * d) % 10) / 10 + 0.05, kind: 'cooccurrence' as const })))
      .filter((e) => e.source !== e.target),
  };
  fs.writeFileSync(path.join(dir, 'graph.json'), JSON.stringify(graph));
  return { dir, lines: sentences.length, citations, concepts: nConcepts };
}
