// Numbered schema migrations. Append; never edit a shipped one.
export interface Migration {
  version: number;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,            -- hash of source + settings: the same command resumes the same job
        source TEXT NOT NULL,
        settings TEXT NOT NULL,         -- JSON of the settings that shaped the output
        status TEXT NOT NULL,           -- running | done | failed | cancelled
        title TEXT,
        slug TEXT,
        duration_sec REAL,
        engine TEXT,
        error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      -- Each stage's output, committed when the stage finishes (the checkpoints).
      CREATE TABLE stages (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        output TEXT NOT NULL,
        PRIMARY KEY (job_id, stage)
      );
      CREATE TABLE chunks (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start_sample INTEGER NOT NULL,
        end_sample INTEGER NOT NULL,
        has_speech INTEGER NOT NULL,
        done INTEGER NOT NULL DEFAULT 0,
        language TEXT,
        PRIMARY KEY (job_id, idx)
      );
      CREATE TABLE segments (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        chunk_idx INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        start_sec REAL NOT NULL,
        end_sec REAL NOT NULL,
        text TEXT NOT NULL,
        words TEXT,
        PRIMARY KEY (job_id, chunk_idx, seq)
      );
    `,
  },
  {
    version: 2,
    sql: `
      -- Knowledge engine. Embedding vectors by (model, sha1 of the text): nothing is embedded twice.
      CREATE TABLE embedding_cache (
        model TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        vector BLOB NOT NULL,           -- float32 little-endian, unit length
        PRIMARY KEY (model, text_hash)
      ) WITHOUT ROWID;
      -- Search index: one row per Markdown file, re-indexed only when its content hash (or the model) changes.
      CREATE TABLE note_files (
        path TEXT PRIMARY KEY,          -- absolute path
        content_hash TEXT NOT NULL,
        model TEXT NOT NULL,
        indexed_at INTEGER NOT NULL
      );
      -- Passages are split in three tables so each scan reads only what it needs: metadata, 64-byte sign
      -- bits (loaded into memory for the hamming prefilter) and float vectors (read only to re-rank).
      CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL REFERENCES note_files(path) ON DELETE CASCADE,
        line INTEGER NOT NULL,          -- 1-based
        start_sec REAL,
        text TEXT NOT NULL,
        model TEXT NOT NULL
      );
      CREATE INDEX passages_file ON passages(file);
      CREATE TABLE passage_bits (
        id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        bits BLOB NOT NULL              -- sign bit per dimension
      );
      CREATE TABLE passage_vectors (
        id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
        vector BLOB NOT NULL            -- float32, unit length
      );
      -- Bumped with every index change, so a process holding the bits in memory knows to reload them.
      CREATE TABLE search_meta (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      );
      INSERT INTO search_meta (key, value) VALUES ('generation', 0);
      -- Concept graph per job (graph.json is written from the same data).
      CREATE TABLE concepts (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        label TEXT NOT NULL,
        kind TEXT NOT NULL,
        importance REAL NOT NULL,
        section_index INTEGER NOT NULL,
        data TEXT NOT NULL,             -- JSON: occurrences, explanation
        PRIMARY KEY (job_id, id)
      );
      CREATE TABLE concept_edges (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        kind TEXT NOT NULL,
        weight REAL NOT NULL,
        PRIMARY KEY (job_id, source, target, kind)
      );
    `,
  },
  {
    version: 3,
    sql: `
      -- Hybrid search. A passage's kind (NULL: note text; 'transcript': a transcript window; 'section': a
      -- generated section as one document), its end time (transcript windows, sections) and, when what is
      -- searched differs from what is shown, the searched text (a section's title + key points + concepts).
      ALTER TABLE passages ADD COLUMN kind TEXT;
      ALTER TABLE passages ADD COLUMN end_sec REAL;
      ALTER TABLE passages ADD COLUMN doc TEXT;
      -- Lexical index (BM25), kept in step with passages by triggers, so every path that removes passages
      -- (a file re-indexed, a file's row deleted with its passages by cascade) removes their terms too.
      CREATE VIRTUAL TABLE passage_fts USING fts5(
        body, content = '', contentless_delete = 1, tokenize = 'porter unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER passages_fts_insert AFTER INSERT ON passages BEGIN
        INSERT INTO passage_fts (rowid, body) VALUES (new.id, coalesce(new.doc, new.text));
      END;
      CREATE TRIGGER passages_fts_delete AFTER DELETE ON passages BEGIN
        DELETE FROM passage_fts WHERE rowid = old.id;
      END;
      INSERT INTO passage_fts (rowid, body) SELECT id, text FROM passages;
      -- Files indexed before section documents and transcript times existed are indexed again.
      UPDATE note_files SET content_hash = '';
    `,
  },
  {
    version: 4,
    sql: `
      -- The concept graph lives in the analyze checkpoint and in graph.json, which every reader uses;
      -- these tables were written and never read.
      DROP TABLE IF EXISTS concept_edges;
      DROP TABLE IF EXISTS concepts;
    `,
  },
  {
    version: 5,
    sql: `
      -- Speaker turns from captions ('>>', voice spans, NAME: labels) survive the checkpoint, so a
      -- resumed job and the analysis read them back.
      ALTER TABLE segments ADD COLUMN speaker TEXT;
      ALTER TABLE segments ADD COLUMN speaker_change INTEGER;
    `,
  },
  {
    version: 6,
    sql: `
      -- The words as written, unstemmed, beside the stemmed index: a query word said in exactly that form
      -- ("timing") is stronger evidence than a word sharing its stem ("time", said all through a talk).
      CREATE VIRTUAL TABLE passage_words USING fts5(
        body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER passages_words_insert AFTER INSERT ON passages BEGIN
        INSERT INTO passage_words (rowid, body) VALUES (new.id, coalesce(new.doc, new.text));
      END;
      CREATE TRIGGER passages_words_delete AFTER DELETE ON passages BEGIN
        DELETE FROM passage_words WHERE rowid = old.id;
      END;
      INSERT INTO passage_words (rowid, body) SELECT id, coalesce(doc, text) FROM passages;
    `,
  },
];
