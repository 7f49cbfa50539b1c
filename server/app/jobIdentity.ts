// A job is keyed by its source and the settings that shape its output, so running the same
// command again resumes it; its folder name (slug) is safe and stable for the same source.
import crypto from 'node:crypto';

/** The settings that change what the notes say (not threads or paths, which only change speed). */
export interface OutputSettings {
  engine: string;
  model: string | null;
  language: string;
  translate: boolean;
  quality: string;
}

export function jobIdFor(sourceKey: string, settings: OutputSettings): string {
  const canonical = JSON.stringify([sourceKey, settings.engine, settings.model, settings.language, settings.translate, settings.quality]);
  return crypto.createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

const MAX_SLUG_CHARS = 60;

/**
 * `<words of the title>-<6 hex of the source>`: letters and digits of any script, joined by '-';
 * never a path separator, '.', '..' or a reserved device name; bounded length.
 */
export function slugFor(title: string, sourceKey: string): string {
  const words = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  let base = [...words].slice(0, MAX_SLUG_CHARS).join('').replace(/-+$/, '');
  if (!base || /^(con|prn|aux|nul|com\d|lpt\d)$/.test(base)) base = 'video';
  const hash = crypto.createHash('sha256').update(sourceKey).digest('hex').slice(0, 6);
  return `${base}-${hash}`;
}
