// What every part of the acquire stage is handed.

export interface AcquireOptions {
  workDir: string;
  ytDlpPath?: string;
  ffprobePath?: string;
  signal?: AbortSignal;
  log?: (line: string) => void;
}
