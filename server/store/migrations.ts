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
];
