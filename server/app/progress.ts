// One job's progress: each stage owns a span of the whole, and the fraction never goes back.
import type { ProgressEvent } from '../domain/types';

/** Where each stage's share of the whole job's progress begins and ends. */
const STAGE_SPAN: Record<ProgressEvent['stage'], [number, number]> = {
  acquire: [0, 0.05],
  audio: [0.05, 0.12],
  segment: [0.12, 0.18],
  transcribe: [0.18, 0.85],
  analyze: [0.85, 0.93],
  render: [0.93, 0.97],
  index: [0.97, 1],
};

export type ProgressSink = (e: ProgressEvent) => void;

export class JobProgress {
  private last = 0;

  constructor(private readonly sink: ProgressSink) {}

  report(stage: ProgressEvent['stage'], within: number, message: string, etaSec?: number): void {
    const [a, b] = STAGE_SPAN[stage];
    const fraction = Math.max(this.last, a + (b - a) * Math.min(1, Math.max(0, within)));
    this.last = fraction;
    this.sink({ stage, fraction, message, ...(etaSec !== undefined ? { etaSec } : {}) });
  }
}
