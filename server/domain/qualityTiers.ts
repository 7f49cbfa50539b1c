// The seed's three quality tiers: which whisper model to prefer, how large the chunks are, and
// how deep the analysis goes (the knowledge engine reads the tier itself). The one list of
// preferred whisper models: the model manager's bestInstalledModel reads it.
import type { QualityTier } from './types';

export interface TierSettings {
  /** Whisper models to prefer when --model is not given, best first (any installed one is used). */
  preferredModels: string[];
  maxChunkSec: number;
}

export const QUALITY_TIERS: Record<QualityTier, TierSettings> = {
  basic: { preferredModels: ['base.en', 'base', 'tiny.en', 'tiny', 'small.en', 'small'], maxChunkSec: 30 },
  standard: { preferredModels: ['small.en', 'small', 'base.en', 'base', 'medium.en', 'medium', 'tiny.en', 'tiny'], maxChunkSec: 30 },
  premium: {
    preferredModels: ['large-v3', 'large-v3-turbo', 'medium.en', 'medium', 'small.en', 'small', 'base.en', 'base', 'tiny.en', 'tiny'],
    maxChunkSec: 30,
  },
};

/** The tier when none is asked for (the CLI's --quality default). */
export const DEFAULT_QUALITY_TIER: QualityTier = 'standard';

export function isQualityTier(v: string): v is QualityTier {
  return v === 'basic' || v === 'standard' || v === 'premium';
}
