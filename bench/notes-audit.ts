// Reads one eval-public talk as a student would: runs the real analysis (captions parsed by the
// product's parser, the default embedder) and prints the Summary, each section's key points and the
// concepts with their explanations, so wording problems (fillers, half sentences, generic concepts)
// can be seen on real speech. Run: node --import tsx bench/notes-audit.ts <talk> [--json out.json]
import fs from 'node:fs';
import path from 'node:path';
import { createEmbedder } from '../server/app/searchService';
import { analyzeTranscript } from '../server/knowledge/analyze';
import { parseCaptions } from '../server/ingest/transcribe/captions';
import { EVAL_ROOT } from './eval-talks';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name) throw new Error('usage: notes-audit.ts <talk>');
  const dir = path.join(EVAL_ROOT, name);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'chapters.json'), 'utf8')) as { durationSec: number };
  const segments = parseCaptions(fs.readFileSync(path.join(dir, 'talk.vtt'), 'utf8'), 'vtt');
  const embedder = await createEmbedder({ kind: 'use-lite' });
  const a = await analyzeTranscript({ segments, chapters: [], durationSec: meta.durationSec, quality: 'standard' }, embedder);
  const out: string[] = ['SUMMARY', ...a.summary.map((p) => `  - ${p.text}`)];
  for (const s of a.sections) {
    out.push(`## ${s.title} (${Math.round(s.startSec)}-${Math.round(s.endSec)})`, `  concepts: ${s.conceptIds.join(', ')}`);
    for (const q of s.subsections ?? [{ title: '', startSec: s.startSec, endSec: s.endSec, keyPoints: s.keyPoints }]) {
      if (q.title) out.push(`  ### ${q.title} (${Math.round(q.startSec)}-${Math.round(q.endSec)})`);
      out.push(...q.keyPoints.map((p) => `  - ${p.text}`));
    }
  }
  out.push('CONCEPTS');
  for (const c of a.concepts) out.push(`  ${c.label} [${c.kind}] — ${c.explanation.text}`);
  console.log(out.join('\n'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
