// The user's cache folder for what VideoInsight downloads or keeps between runs (models, GPU builds,
// a worker's files): $XDG_CACHE_HOME, else ~/.cache, then videoinsight/<what>.
import os from 'node:os';
import path from 'node:path';

export function userCacheDir(what: string): string {
  const root = process.env.XDG_CACHE_HOME ? path.resolve(process.env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return path.join(root, 'videoinsight', what);
}
