// Analysis time for a 3-hour transcript: the game-of-life talk (2 h 20 min, punctuated) followed by
// librispeech-mix-a and part of mix-b (unpunctuated), times shifted to follow on: 3 h of real captions.
// Measured cold (every sentence embedded) and warm (embedding cache in the store hit), standard tier;
// `--hours 6` repeats the material to 6 hours.
// Run: node --import tsx bench/knowledge-analyze.ts [--hours N] [--quality basic|standard|premium]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeTranscript } from '../server/knowledge/analyze';
import { createEmbedder } from '../server/app/searchService';
import type { QualityTier, TranscriptSegment } from '../server/domain/types';
import { openDatabase } from '../server/store/database';
import { loadTalk } from './eval-talks';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function longTranscript(hours: number): TranscriptSegment[] {
  const target = hours * 3600;
  const talks = ['game-of-life-1925', 'librispeech-mix-a', 'librispeech-mix-b'].map((n) => loadTalk(n));
  const out: TranscriptSegment[] = [];
  let offset = 0;
  for (let round = 0; offset < target; round++) {
    for (const talk of talks) {
      for (const s of talk.segments) {
        if (offset + s.startSec >= target) break;
        out.push({ startSec: offset + s.startSec, endSec: offset + s.endSec, text: s.text });
      }
      offset += talk.durationSec;
      if (offset >= target) break;
    }
  }
  return out;
}

async function main(): Promise<void> {
  const hours = Number(arg('--hours', '3'));
  const quality = arg('--quality', 'standard') as QualityTier;
  const segments = longTranscript(hours);
  const durationSec = segments[segments.length - 1].endSec;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vi-analyze-'));
  const db = openDatabase(path.join(dir, 'store.sqlite'));
  for (const pass of ['cold', 'warm']) {
    const embedder = await createEmbedder({ kind: 'use-lite' }, db);
    const marks: { f: number; t: number }[] = [];
    const t0 = Date.now();
    const a = await analyzeTranscript({ segments, chapters: [], durationSec, quality }, embedder, { onProgress: (f) => marks.push({ f, t: Date.now() - t0 }) });
    const total = (Date.now() - t0) / 1000;
    const embedDone = (marks.find((m) => m.f >= 0.62)?.t ?? 0) / 1000;
    console.log(
      `${pass}: ${(durationSec / 3600).toFixed(2)} h, ${segments.length} cues → ${a.sentences.length} sentences, ${a.sections.length} sections, ` +
        `${a.concepts.length} concepts, ${a.edges.length} edges in ${total.toFixed(1)} s ` +
        `(sentence embedding ${embedDone.toFixed(1)} s, the rest ${(total - embedDone).toFixed(1)} s); rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
    );
  }
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
