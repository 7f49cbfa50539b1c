// The messages between a whisper lane process and its parent (whisperLanes.ts ⇄ whisperLane.ts).
import type { Chunk, ChunkTranscript, DecodedAudio } from '../../domain/types';
import type { GpuPreference } from './gpuBackend';

export interface LaneOpenOptions {
  modelPath: string;
  threads: number;
  gpu: GpuPreference;
}

export interface LaneOptions {
  language: string;
  translate: boolean;
}

export type LaneRequest =
  | { type: 'open'; id: number; options: LaneOpenOptions }
  | { type: 'prepare'; id: number; audio: DecodedAudio; chunks: Chunk[]; opts: LaneOptions }
  | { type: 'transcribe'; id: number; chunk: Chunk; samples: Float32Array; offsetSec: number; opts: LaneOptions };

export type LaneAnswer =
  | { type: 'log'; line: string }
  | { type: 'opened'; id: number; description: string }
  | { type: 'prepared'; id: number; language: string | null }
  | { type: 'transcribed'; id: number; transcript: ChunkTranscript }
  | { type: 'failed'; id: number; message: string; code?: string; user: boolean };
