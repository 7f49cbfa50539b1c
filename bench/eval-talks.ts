// Loads the real talks in ../shared/eval-public (talk.vtt + chapters.json) for benchmarks and tests.
// A deliberately small WebVTT reader: cue timings and text, tags stripped. Chapters are ground truth
// for scoring only; they are never given to the analyzer during evaluation.
import fs from 'node:fs';
import path from 'node:path';
import type { TranscriptSegment } from '../server/domain/types';

export const EVAL_ROOT = path.resolve(__dirname, '../../shared/eval-public/talks');

export interface EvalTalk {
  name: string;
  durationSec: number;
  segments: TranscriptSegment[];
  chapters: { title: string | null; startSec: number }[];
}

export function listTalks(root = EVAL_ROOT): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((d) => fs.existsSync(path.join(root, d, 'talk.vtt')) && fs.existsSync(path.join(root, d, 'chapters.json')))
    .sort();
}

export function loadTalk(name: string, root = EVAL_ROOT): EvalTalk {
  const dir = path.join(root, name);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'chapters.json'), 'utf8')) as {
    durationSec: number;
    chapters: { title: string | null; startSec: number }[];
  };
  return { name, durationSec: meta.durationSec, chapters: meta.chapters, segments: parseVtt(fs.readFileSync(path.join(dir, 'talk.vtt'), 'utf8')) };
}

const TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})/;

function toSec(stamp: string): number {
  const parts = stamp.replace(',', '.').split(':').map(Number);
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}

export function parseVtt(text: string): TranscriptSegment[] {
  const out: TranscriptSegment[] = [];
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  for (const block of blocks) {
    const lines = block.split('\n');
    const t = lines.findIndex((l) => TIMING.test(l));
    if (t < 0) continue;
    const m = TIMING.exec(lines[t])!;
    const body = lines
      .slice(t + 1)
      .join(' ')
      .replace(/<[^>]*>/g, '')
      .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (body) out.push({ startSec: toSec(m[1]), endSec: toSec(m[2]), text: body });
  }
  return out;
}

/** Pk over 1-second positions, k = half the mean reference segment length (in seconds). */
export function pk(refStarts: number[], hypStarts: number[], durationSec: number): number {
  const T = Math.floor(durationSec);
  const label = (starts: number[]): Int32Array => {
    const s = [...starts].sort((a, b) => a - b);
    const out = new Int32Array(T + 1);
    let seg = 0;
    for (let t = 0; t <= T; t++) {
      while (seg + 1 < s.length && s[seg + 1] <= t) seg++;
      out[t] = seg;
    }
    return out;
  };
  const ref = label(refStarts);
  const hyp = label(hypStarts);
  const k = Math.max(1, Math.round(durationSec / refStarts.length / 2));
  let errors = 0;
  let total = 0;
  for (let t = 0; t + k <= T; t++) {
    const sameRef = ref[t] === ref[t + k];
    const sameHyp = hyp[t] === hyp[t + k];
    if (sameRef !== sameHyp) errors++;
    total++;
  }
  return total === 0 ? 0 : errors / total;
}

/** Boundary F1: a hypothesis start counts when within `tolSec` of a not-yet-matched reference start; starts at 0 are ignored. */
export function boundaryF1(refStarts: number[], hypStarts: number[], tolSec = 30): { precision: number; recall: number; f1: number } {
  const ref = refStarts.filter((s) => s > 0).sort((a, b) => a - b);
  const hyp = hypStarts.filter((s) => s > 0).sort((a, b) => a - b);
  const used = new Set<number>();
  let matched = 0;
  for (const h of hyp) {
    let best = -1;
    for (let i = 0; i < ref.length; i++) {
      if (used.has(i) || Math.abs(ref[i] - h) > tolSec) continue;
      if (best < 0 || Math.abs(ref[i] - h) < Math.abs(ref[best] - h)) best = i;
    }
    if (best >= 0) {
      used.add(best);
      matched++;
    }
  }
  const precision = hyp.length === 0 ? 0 : matched / hyp.length;
  const recall = ref.length === 0 ? 0 : matched / ref.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
