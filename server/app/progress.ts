// One job's progress: each stage owns a span of the whole, sized by what that stage costs with
// the chosen engine, and the fraction never goes back. The time left is the job's own pace so far.
import type { EngineName, ProgressEvent } from '../domain/types';

type Stage = ProgressEvent['stage'];
type Spans = Record<Stage, [number, number]>;

/** Before the engine is known (acquire), and for speech engines: transcription dominates. */
const SPEECH_SPANS: Spans = {
  acquire: [0, 0.05],
  audio: [0.05, 0.1],
  segment: [0.1, 0.15],
  transcribe: [0.15, 0.8],
  analyze: [0.8, 0.92],
  render: [0.92, 0.96],
  index: [0.96, 1],
};

/** Captions: reading them is instant; analysis, keyframes and indexing are most of the job. */
const CAPTION_SPANS: Spans = {
  acquire: [0, 0.1],
  audio: [0.1, 0.1],
  segment: [0.1, 0.1],
  transcribe: [0.1, 0.15],
  analyze: [0.15, 0.65],
  render: [0.65, 0.8],
  index: [0.8, 1],
};

/** No time left is shown before this share of the job and this many seconds: early pace misleads. */
const ETA_MIN_FRACTION = 0.15;
const ETA_MIN_ELAPSED_SEC = 5;

export type ProgressSink = (e: ProgressEvent) => void;

export class JobProgress {
  private last = 0;
  private spans: Spans = SPEECH_SPANS;
  private readonly startedAt: number;

  constructor(private readonly sink: ProgressSink, private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  /** Once the engine is chosen, the later stages take the share that engine gives them. */
  useEngine(engine: EngineName): void {
    this.spans = engine === 'captions' ? CAPTION_SPANS : SPEECH_SPANS;
  }

  report(stage: Stage, within: number, message: string, stageEtaSec?: number): void {
    const [a, b] = this.spans[stage];
    const fraction = Math.max(this.last, a + (b - a) * Math.min(1, Math.max(0, within)));
    this.last = fraction;
    const etaSec = this.etaSec(fraction, b, stageEtaSec);
    this.sink({ stage, fraction, message, ...(etaSec !== undefined ? { etaSec } : {}) });
  }

  private etaSec(fraction: number, stageEnd: number, stageEtaSec: number | undefined): number | undefined {
    const elapsed = (this.now() - this.startedAt) / 1000;
    if (fraction >= 1 || fraction < ETA_MIN_FRACTION || elapsed < ETA_MIN_ELAPSED_SEC) return undefined;
    const secPerFraction = elapsed / fraction;
    // A stage that knows its own remaining time (transcription) says it better than the average pace.
    if (stageEtaSec !== undefined && Number.isFinite(stageEtaSec)) return stageEtaSec + secPerFraction * (1 - stageEnd);
    return secPerFraction * (1 - fraction);
  }
}
