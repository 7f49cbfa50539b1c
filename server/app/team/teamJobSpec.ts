// What a team job is: the submitter's request as workers need it (stored as the job's settings),
// and its id — the source and the requested settings, so two people submitting the same video with
// the same settings get one job.
import type { EngineChoice, QualityTier } from '../../domain/types';
import type { EmbedderConfig } from '../../knowledge/embeddings';
import { jobIdFor } from '../jobIdentity';

export interface TeamJobSpec {
  /** The source as the submitter wrote it (a URL, or the submitter's path of a local file). */
  entry: string;
  sourceKey: string;
  /** True when the submitter planned the job and uploaded its audio (a local file workers cannot see). */
  upload: boolean;
  engine: EngineChoice;
  model: string | null;
  language: string;
  translate: boolean;
  quality: QualityTier;
  embedding: EmbedderConfig;
}

/** `fingerprint`: of an uploaded file's content, so another file at the same path is another job. */
export function teamJobIdFor(spec: TeamJobSpec, fingerprint?: string): string {
  return jobIdFor(fingerprint ? `${spec.sourceKey}#${fingerprint}` : spec.sourceKey, {
    engine: `team:${spec.engine}`, model: spec.model, language: spec.language, translate: spec.translate, quality: spec.quality,
  });
}

export function parseSpec(settings: string): TeamJobSpec {
  return JSON.parse(settings) as TeamJobSpec;
}

/** Seconds a worker may hold a task before another may take it: generous for slow CPUs (a killed worker costs this long). */
export function leaseSecFor(kind: 'plan' | 'chunk' | 'finish', audioSec = 0): number {
  const forced = Number(process.env.VIDEOINSIGHT_TEAM_LEASE_SEC);
  if (Number.isFinite(forced) && forced > 0) return forced;
  if (kind === 'chunk') return Math.max(300, 20 * audioSec);
  return kind === 'plan' ? 4 * 3600 : 3600;
}
