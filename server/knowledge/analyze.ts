// The analyze stage: timed transcript → sentences → topic sections → concepts → graph → summaries.
import type { QualityTier } from '../domain/types';
import { extractConcepts, type ConceptDepth } from './concepts';
import { buildGraph, type GraphDepth } from './graph';
import { rangesFromStarts, segmentOptionsFor, segmentTopics, subsectionStarts } from './segment';
import { outlineTitles } from './sectionTitles';
import { tagSentences, titleCandidates } from './titlePhrases';
import { splitSentences } from './sentences';
import { keySentences, toKeyPoint } from './summarize';
import { asideTitle, markAsides } from './asides';
import type { Analysis, AnalyzeInput, Embedder, Section } from '../domain/analysis';
import { mmr } from './mmr';
import { centroid, dot, PrefixSums } from '../domain/vector';
import { throwIfCancelled } from '../domain/errors';

interface Depth {
  concepts: ConceptDepth;
  graph: GraphDepth;
  /** Key points per section: about one per `sentencesPerPoint` sentences (at least min(3, n/3)), between 1 and max. */
  maxKeyPoints: number;
  sentencesPerPoint: number;
  summaryPoints: number;
}

/** Quality tier → analysis depth. */
export const DEPTH: Record<QualityTier, Depth> = {
  basic: { concepts: { candidates: 80, perSection: 3, global: 12 }, graph: { window: 1, similarNeighbours: 0, minSimilarity: 1 }, maxKeyPoints: 3, sentencesPerPoint: 15, summaryPoints: 5 },
  standard: { concepts: { candidates: 200, perSection: 5, global: 25 }, graph: { window: 2, similarNeighbours: 2, minSimilarity: 0.5 }, maxKeyPoints: 5, sentencesPerPoint: 10, summaryPoints: 7 },
  premium: { concepts: { candidates: 400, perSection: 7, global: 40 }, graph: { window: 2, similarNeighbours: 3, minSimilarity: 0.45 }, maxKeyPoints: 8, sentencesPerPoint: 7, summaryPoints: 10 },
};

/** Sentences embedded per call in analyze, so progress and cancellation are timely. */
const EMBED_SLICE = 256;

/** sentences (punctuation when present; else pauses + the sentence-start model; POS tags from compromise) → topic sections → concepts → graph → summaries. */
export async function analyzeTranscript(
  input: AnalyzeInput,
  embedder: Embedder,
  opts: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Promise<Analysis> {
  const { signal, onProgress } = opts;
  const progress = (f: number): void => onProgress?.(Math.min(1, Math.max(0, f)));
  const depth = DEPTH[input.quality] ?? DEPTH.standard;
  throwIfCancelled(signal);
  const sentences = markAsides(splitSentences(input.segments ?? []));
  progress(0.02);
  if (sentences.length === 0) {
    progress(1);
    return { sentences: [], sections: [], concepts: [], edges: [], summary: [] };
  }

  const vectors: Float32Array[] = [];
  for (let i = 0; i < sentences.length; i += EMBED_SLICE) {
    throwIfCancelled(signal);
    vectors.push(...(await embedder.embed(sentences.slice(i, i + EMBED_SLICE).map((s) => s.text))));
    progress(0.02 + 0.6 * Math.min(1, (i + EMBED_SLICE) / sentences.length));
  }
  throwIfCancelled(signal);

  const chapters = (input.chapters ?? []).filter((c) => Number.isFinite(c.startSec));
  const segmentOptions = segmentOptionsFor(sentences);
  const starts = segmentTopics(sentences, vectors, chapters, segmentOptions);
  const innerStarts = subsectionStarts(sentences, vectors, starts, segmentOptions);
  const ranges = rangesFromStarts(starts, sentences.length);
  const dim = vectors[0].length;
  const sums = new PrefixSums(vectors, dim);
  const sectionVectors = ranges.map((r) => sums.centroid(r.from, r.to));
  const videoVector = centroid(vectors, 0, vectors.length, dim);
  progress(0.7);

  throwIfCancelled(signal);
  const conceptResult = await extractConcepts(sentences, vectors, ranges, sectionVectors, videoVector, embedder, depth.concepts);
  progress(0.85);
  throwIfCancelled(signal);

  // Title phrases for every section and every part of one, from one tagging of the talk.
  const partsOf = ranges.map((r, i) => rangesFromStarts(innerStarts[i].map((x) => x - r.from), r.to - r.from).map((q) => ({ from: q.from + r.from, to: q.to + r.from })));
  const partBlocks = partsOf.map((p) => (p.length > 1 ? p : []));
  const candidates = await titleCandidates(tagSentences(sentences), [...ranges, ...partBlocks.flat()], sums, embedder);
  let nextPart = ranges.length;
  const partCandidates = partBlocks.map((p) => candidates.slice(nextPart, (nextPart += p.length)));
  const { sections: titles, parts: partTitles } = outlineTitles(sentences, ranges, chapters, candidates.slice(0, ranges.length), partCandidates);
  progress(0.9);
  throwIfCancelled(signal);
  const lastEnd = Math.max(sentences[sentences.length - 1].endSec, Number.isFinite(input.durationSec) ? input.durationSec : 0);
  // The Summary says what the whole talk covers: the main point of each part (or, with more parts than
  // summary lines, the parts' points most central to the talk). A section's bullets then add to its
  // main point rather than repeat it.
  const mainPoints = ranges.map((r, i) => keySentences(sentences, vectors, r.from, r.to, 1, sectionVectors[i]));
  const summaryIdx = videoSummary(vectors, mainPoints, videoVector, depth.summaryPoints);
  const inSummary = new Set(summaryIdx);
  const sections: Section[] = ranges.map((r, i) => {
    // Short sections still get a few points (one per three sentences, up to three): a student
    // skimming a two-minute topic wants more than one line from it.
    const n = r.to - r.from;
    const k = Math.max(1, Math.min(depth.maxKeyPoints, Math.max(Math.round(n / depth.sentencesPerPoint), Math.min(3, Math.ceil(n / 3)))));
    // A one-sentence section keeps its sentence even when the Summary has it.
    const exclude = n > 1 ? inSummary : new Set<number>();
    const conceptIds = conceptResult.sectionConcepts[i];
    const endSec = i + 1 < ranges.length ? sentences[ranges[i + 1].from].startSec : lastEnd;
    const inner = partsOf[i];
    // A creator's chapters name the sections as they are, a sponsor's chapter too.
    const title = (chapters.length === 0 ? asideTitle(sentences, r.from, r.to) : null) ?? titles[i]!;
    const head = { index: i, title, startSec: i === 0 ? 0 : sentences[r.from].startSec, endSec, sentenceFrom: r.from, sentenceTo: r.to };
    if (inner.length > 1) {
      // Each part gets its share of the section's points (at least one), chosen within the part.
      const innerTitles = partTitles[i];
      const subsections = inner.map((q, j) => {
        const kq = Math.max(1, Math.round((k * (q.to - q.from)) / n));
        const picked = keySentences(sentences, vectors, q.from, q.to, kq, sums.centroid(q.from, q.to), q.to - q.from > 1 ? exclude : new Set());
        return {
          title: asideTitle(sentences, q.from, q.to) ?? innerTitles[j],
          startSec: j === 0 ? (i === 0 ? 0 : sentences[r.from].startSec) : sentences[q.from].startSec,
          endSec: j + 1 < inner.length ? sentences[inner[j + 1].from].startSec : endSec,
          sentenceFrom: q.from,
          sentenceTo: q.to,
          keyPoints: picked.map((x) => toKeyPoint(sentences[x])),
        };
      });
      return { ...head, keyPoints: subsections.flatMap((q) => q.keyPoints), conceptIds, subsections };
    }
    const key = keySentences(sentences, vectors, r.from, r.to, k, sectionVectors[i], exclude);
    return { ...head, keyPoints: key.map((s) => toKeyPoint(sentences[s])), conceptIds };
  });
  progress(0.93);

  const summary = summaryIdx.map((i) => toKeyPoint(sentences[i]));
  const edges = buildGraph(
    conceptResult.concepts.map((c) => c.id),
    conceptResult.occurrenceSentences,
    conceptResult.vectors,
    depth.graph,
  );
  progress(1);
  return { sentences, sections, concepts: conceptResult.concepts, edges, summary };
}

/** Sentence indexes of the whole-video summary: each section's main point, or with more sections than k, the k most central to the video and diverse, in time order. */
function videoSummary(vectors: Float32Array[], mainPoints: number[][], videoVector: Float32Array, k: number): number[] {
  const pool = [...new Set(mainPoints.flat())].sort((a, b) => a - b);
  if (pool.length <= k) return pool;
  const rel = pool.map((i) => dot(vectors[i], videoVector));
  return mmr(rel, (a, b) => dot(vectors[pool[a]], vectors[pool[b]]), k, 0.6)
    .map((j) => pool[j])
    .sort((a, b) => a - b);
}
