// Segmentation on audiobook mixes nobody has tuned on: new mixes of LibriSpeech test-clean chapters (the
// fixture's all_transcripts.txt, CC BY 4.0), built the way eval-public's librispeech-mix-a/-b are (7 chapters
// in random order, each utterance a cue of 0.385 s a word, 0.6 s between cues, lower case, no marks), from
// chapters those two mixes do not use. A check that the public mixes' figures are not luck, and a way to see
// what the sentence-start model (sentenceBreaks.ts) does to read speech: each mix is segmented with the
// shipped defaults, with sentences from the model (shipped) and with cue ends only (no model breaks).
// Run: node --import tsx bench/librispeech-mixes.ts [mixes (default 8)]
import fs from 'node:fs';
import path from 'node:path';
import { createEmbedder } from '../server/app/searchService';
import { parseCaptions } from '../server/ingest/transcribe/captions';
import { splitSentences } from '../server/knowledge/sentences';
import { formatClock } from '../server/domain/time';
import { EVAL_ROOT } from './eval-talks';
import { scoreTalk, type PreparedTalk } from './segmentation-loo';
import { seededRandom } from './seededRandom';

const SOURCE = path.resolve(__dirname, '../../shared/fixtures/librispeech/all_transcripts.txt');
const SEC_PER_WORD = 0.3846;
const GAP_SEC = 0.6;
const CHAPTERS_PER_MIX = 7;

function stamp(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${(sec % 60).toFixed(3).padStart(6, '0')}`;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 8);
  const chapters = new Map<string, string[]>();
  for (const line of fs.readFileSync(SOURCE, 'utf8').split('\n')) {
    const m = /^(\d+-\d+)-\d+ (.*)$/.exec(line.trim());
    if (!m) continue;
    const list = chapters.get(m[1]) ?? [];
    list.push(m[2].toLowerCase());
    chapters.set(m[1], list);
  }
  const used = new Set<string>();
  for (const mix of ['librispeech-mix-a', 'librispeech-mix-b']) {
    const meta = JSON.parse(fs.readFileSync(path.join(EVAL_ROOT, mix, 'chapters.json'), 'utf8')) as { chapters: { librispeechChapter?: string }[] };
    for (const c of meta.chapters) if (c.librispeechChapter) used.add(c.librispeechChapter);
  }
  const free = [...chapters.keys()].filter((k) => !used.has(k)).sort();
  console.error(`${chapters.size} chapters in the source, ${free.length} not in the public mixes`);
  const embedder = await createEmbedder({ kind: 'use-lite' });
  const rows: { name: string; shipped: ReturnType<typeof scoreTalk>; cueEnds: ReturnType<typeof scoreTalk> }[] = [];
  for (let seed = 1; seed <= count; seed++) {
    const rnd = seededRandom(seed);
    const pool = [...free];
    const picked: string[] = [];
    while (picked.length < CHAPTERS_PER_MIX && pool.length > 0) picked.push(pool.splice(Math.floor(rnd() * pool.length), 1)[0]);
    const cues: string[] = ['WEBVTT', ''];
    const ref: number[] = [];
    let t = 0;
    for (const ch of picked) {
      ref.push(Math.round(t * 1000) / 1000);
      for (const u of chapters.get(ch)!) {
        const d = u.split(/\s+/).length * SEC_PER_WORD;
        cues.push(`${stamp(t)} --> ${stamp(t + d)}`, u, '');
        t += d + GAP_SEC;
      }
    }
    const segments = parseCaptions(cues.join('\n'), 'vtt');
    const durationSec = Math.ceil(t);
    const prepare = async (breakChance?: number): Promise<PreparedTalk> => {
      const sentences = splitSentences(segments, breakChance === undefined ? {} : { breakChance });
      return { name: `mix-${seed}`, durationSec, ref, sentences, vectors: await embedder.embed(sentences.map((s) => s.text)) };
    };
    const shipped = scoreTalk(await prepare(), {});
    const cueEnds = scoreTalk(await prepare(2), {});
    rows.push({ name: `mix ${seed} (${formatClock(durationSec)}, ${picked.join(' ')})`, shipped, cueEnds });
    console.error(`mix ${seed} done`);
  }
  const f = (s: ReturnType<typeof scoreTalk>): string => `${s.sections} / ${s.pk.toFixed(3)} / ${s.f1.toFixed(2)}`;
  console.log('| mix (length, LibriSpeech chapters) | sentences from the model (shipped): sections / Pk / F1 | cue ends only |');
  console.log('|---|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${f(r.shipped)} | ${f(r.cueEnds)} |`);
  const mean = (pick: (r: (typeof rows)[number]) => number): string => (rows.reduce((a, r) => a + pick(r), 0) / rows.length).toFixed(3);
  console.log(`| **mean** | Pk ${mean((r) => r.shipped.pk)} / F1 ${mean((r) => r.shipped.f1)} | Pk ${mean((r) => r.cueEnds.pk)} / F1 ${mean((r) => r.cueEnds.f1)} |`);
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
