// Document links on timestamp citations: the time opens the transcript at that line; for a web
// source the link target part opens the video at that second.
import path from 'node:path';
import type { DocumentLink } from 'vscode-languageserver';
import type { NotesCache } from './notesCache';
import { citationsInLine, transcriptLineFor, videoUrlAt, formatClock } from '../protocol/notesFile';
import { kindOf, pathToUri } from './files';
import { isAllowedLinkTarget } from './linkPolicy';

export function documentLinks(cache: NotesCache, file: string, text: string): DocumentLink[] {
  if (kindOf(file) !== 'notes') return [];
  const dir = path.dirname(file);
  const transcript = cache.transcript(dir);
  const notes = cache.notes(dir);
  const transcriptUri = pathToUri(path.join(dir, 'transcript.md'));
  const links: DocumentLink[] = [];
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (!row.includes('](transcript.md#t-')) continue; // cheap pre-filter: most lines have none
    for (const c of citationsInLine(row)) {
      const line = transcript ? transcriptLineFor(transcript, c.sec) : undefined;
      links.push({
        range: { start: { line: i, character: c.labelStart }, end: { line: i, character: c.labelEnd } },
        // VS Code's opener selects `#L<n>` (1-based) in a file URI.
        target: line === undefined ? transcriptUri : `${transcriptUri}#L${line + 1}`,
        tooltip: `Open the transcript at ${formatClock(c.sec)}`,
      });
      const watch = notes?.url ? videoUrlAt(notes.url, c.sec) : null;
      if (watch) {
        links.push({
          range: { start: { line: i, character: c.targetStart }, end: { line: i, character: c.end } },
          target: watch,
          tooltip: `Open the video at ${formatClock(c.sec)}`,
        });
      }
    }
  }
  // Only http(s) and files of this video folder: a crafted `url: command:…` yields no link at all.
  return links.filter((l) => isAllowedLinkTarget(l.target, dir));
}
