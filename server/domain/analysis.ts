// Contracts of the knowledge engine (analyze stage) and the files it feeds (notes.md, graph.json).
import type { Chapter, QualityTier, TranscriptSegment } from './types';

export interface Sentence {
  index: number;
  text: string;
  startSec: number;
  endSec: number;
  /** Who says it, when the source names speakers. */
  speaker?: string;
  /** A new speaker's turn starts with this sentence (captions' ">>", a new voice or label). */
  turn?: boolean;
  /** An unpunctuated run cut for length at this sentence's start or end, likely mid-clause: a poor key point. */
  clipped?: boolean;
  /** About the show, not its topic: a sponsor read, a call to subscribe, the sign-off and credits (knowledge/asides.ts). */
  aside?: boolean;
}

/** A transcript sentence (or a faithful condensation of one) that a note cites. */
export interface KeyPoint {
  text: string;
  startSec: number;
  endSec: number;
  /** Who says it, when the source names speakers. */
  speaker?: string;
}

export type ConceptKind = 'concept' | 'person' | 'place' | 'organization';

export interface ConceptOccurrence {
  startSec: number;
  sectionIndex: number;
}

export interface Concept {
  /** Stable id: a slug of the normalized label. */
  id: string;
  label: string;
  kind: ConceptKind;
  /** 0..1 across the whole video. */
  importance: number;
  /** The section where it matters most. */
  mainSection: number;
  occurrences: ConceptOccurrence[];
  /** A transcript sentence that best explains it. */
  explanation: KeyPoint;
}

/** A part of a section; its key points are among the section's. */
export interface Subsection {
  title: string;
  startSec: number;
  endSec: number;
  /** Sentence indexes [from, to). Sections cover all sentences, in order, without overlap; so do a section's parts. */
  sentenceFrom: number;
  sentenceTo: number;
  keyPoints: KeyPoint[];
}

export interface Section extends Subsection {
  index: number;
  /** Concept ids, most important first. */
  conceptIds: string[];
  /** Finer topic shifts inside the section (two or more), rendered as "### n.m"; absent when it has none. */
  subsections?: Subsection[];
}

export interface GraphEdge {
  source: string;
  target: string;
  weight: number;
  kind: 'cooccurrence' | 'similarity';
}

export interface Analysis {
  sentences: Sentence[];
  sections: Section[];
  concepts: Concept[];
  edges: GraphEdge[];
  /** Whole-video summary, built from the section summaries. */
  summary: KeyPoint[];
}

export interface AnalyzeInput {
  segments: TranscriptSegment[];
  chapters: Chapter[];
  durationSec: number;
  quality: QualityTier;
}

/** Sentence embeddings behind one interface (USE-lite by default, transformers.js optionally). */
export interface Embedder {
  readonly id: string;
  readonly dim: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** graph.json, written next to notes.md for the webview and the language features. */
export interface GraphFile {
  version: 1;
  title: string;
  notes: 'notes.md';
  sections: { index: number; title: string; startSec: number; endSec: number; line: number }[];
  nodes: {
    id: string;
    label: string;
    kind: ConceptKind;
    importance: number;
    sectionIndex: number;
    explanation: KeyPoint;
    occurrences: ConceptOccurrence[];
  }[];
  edges: GraphEdge[];
}
