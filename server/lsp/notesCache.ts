// Parsed notes, transcripts and graphs per video folder, re-parsed only when the file changes
// (open editor version or disk mtime), so a hover on a 3-hour transcript costs a lookup, not a parse.
import fs from 'node:fs';
import path from 'node:path';
import { parseGraphFile } from '../protocol/graphFile';
import { ConceptMatcher, parseNotes, parseTranscript, type ParsedNotes, type ParsedTranscript } from '../protocol/notesFile';

/** Where text comes from: an open document wins over the file on disk. */
export interface TextSource {
  /** A value that changes whenever the text does, or undefined when the file does not exist. */
  versionOf(file: string): string | undefined;
  read(file: string): string | undefined;
}

export const diskSource: TextSource = {
  versionOf(file) {
    try {
      const st = fs.statSync(file);
      return `${st.mtimeMs}:${st.size}`;
    } catch {
      return undefined;
    }
  },
  read(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/** Open documents first, then disk. */
export function overlaySource(open: (file: string) => { version: number; text: string } | undefined, base: TextSource = diskSource): TextSource {
  return {
    versionOf: (file) => {
      const d = open(file);
      return d ? `doc:${d.version}` : base.versionOf(file);
    },
    read: (file) => open(file)?.text ?? base.read(file),
  };
}

interface Entry<T> { version: string; value: T }

export class NotesCache {
  private readonly entries = new Map<string, Entry<unknown>>();

  constructor(private readonly source: TextSource = diskSource) {}

  private get<T>(file: string, parse: (text: string) => T): T | undefined {
    const version = this.source.versionOf(file);
    if (version === undefined) {
      this.entries.delete(file);
      return undefined;
    }
    const hit = this.entries.get(file);
    if (hit && hit.version === version) return hit.value as T;
    const text = this.source.read(file);
    if (text === undefined) return undefined;
    let value: T;
    try {
      value = parse(text);
    } catch {
      return undefined; // a half-written or foreign file: no features rather than an error
    }
    this.entries.set(file, { version, value });
    return value;
  }

  text(file: string): string | undefined {
    return this.source.read(file);
  }

  notes(dir: string): ParsedNotes | undefined {
    return this.get(path.join(dir, 'notes.md'), parseNotes);
  }

  transcript(dir: string): ParsedTranscript | undefined {
    return this.get(path.join(dir, 'transcript.md'), parseTranscript);
  }

  concepts(dir: string): ConceptMatcher | undefined {
    return this.get(path.join(dir, 'graph.json'), (text) => {
      const g = parseGraphFile(text);
      if (!g) throw new Error('not a graph file');
      return new ConceptMatcher(g);
    });
  }

  /** Drop everything (a file watcher saw a change the versions cannot, e.g. a deleted folder). */
  clear(): void {
    this.entries.clear();
  }
}
