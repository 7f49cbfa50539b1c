// What the player plays for a notes folder: the local source (or its playable proxy, made once
// into the folder), or the YouTube embed of a web source. The source comes from the notes' own
// front matter, never from the request, and the folder must lie inside the output folder.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../domain/errors';
import { ensurePlayable } from '../ingest/playableProxy';
import { youtubeId } from '../protocol/playerWebview';
import type { PlayableMediaRequest } from '../protocol/lspMessages';

export const PROXY_NAME = 'player.webm';

function frontMatterString(text: string, key: string): string | null {
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
  const raw = new RegExp(`^${key}:\\s*(".*")\\s*$`, 'm').exec(fm)?.[1];
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

function inside(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export async function resolvePlayable(
  p: PlayableMediaRequest.Params,
  signal: AbortSignal,
  onProgress: (fraction: number) => void,
): Promise<PlayableMediaRequest.Result> {
  const outDir = path.resolve(p.outDir);
  const dir = path.resolve(p.notesDir);
  if (!inside(outDir, dir)) throw new UserError('the player opens notes inside the output folder only', 'EPATH');
  const notesFile = path.join(dir, 'notes.md');
  if (!fs.existsSync(notesFile)) throw new UserError(`no notes.md in ${path.basename(dir)}`, 'ENOENT');
  const text = fs.readFileSync(notesFile, 'utf8');
  const title = frontMatterString(text, 'title') ?? path.basename(dir);
  const source = frontMatterString(text, 'source');
  const proxy = path.join(dir, PROXY_NAME);
  if (!source) throw new UserError('notes.md names no source (front matter "source")', 'ENOSOURCE');
  if (/^https?:\/\//i.test(source)) {
    // A downloaded web source's proxy plays offline; else the YouTube embed; else nothing to play.
    if (fs.existsSync(proxy)) return { title, kind: 'media', file: proxy, hasVideo: true, made: false };
    const id = youtubeId(frontMatterString(text, 'url') ?? source);
    if (id) return { title, kind: 'youtube', videoId: id };
    throw new UserError('this web source is not on YouTube and was not kept locally: it cannot be played here', 'ENOPLAY');
  }
  // A relative source was given from the workspace (the output folder's parent).
  const file = path.resolve(path.dirname(outDir), source);
  if (!fs.existsSync(file)) throw new UserError(`the source ${path.basename(file)} is no longer there`, 'ENOENT');
  const r = await ensurePlayable(file, proxy, { ffmpegPath: p.ffmpegPath, signal, onProgress });
  return { title, kind: 'media', file: r.file, hasVideo: r.hasVideo, made: r.made };
}
