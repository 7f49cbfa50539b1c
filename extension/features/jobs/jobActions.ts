// What List Jobs says about a job and which actions it offers: pure, so unit-tested without VS Code.
import type { JobInfo } from '../../../server/protocol/lspMessages';

export type JobState = 'running' | 'interrupted' | 'done' | 'failed' | 'cancelled';
export type JobAction = 'Open Notes' | 'Cancel' | 'Resume' | 'Regenerate' | 'Delete…';

/**
 * The backend decides: 'interrupted' is a running row whose process is gone (a crash, a closed
 * window); a job another process (a CLI) runs now stays 'running' and is not resumable here.
 */
export function jobState(j: JobInfo): JobState {
  return j.status;
}

/**
 * Resume continues from the checkpoints of a run that was stopped, not one that failed: a failure
 * (a bad file, a bad URL) would fail again the same way; Regenerate or Delete are offered instead.
 */
export function canResume(j: JobInfo): boolean {
  const s = jobState(j);
  return !j.active && (s === 'cancelled' || s === 'interrupted');
}

/** Analysis and notes made again from the stored transcript: for a job that is not running now. */
export function canRegenerate(j: JobInfo): boolean {
  const s = jobState(j);
  return !j.active && (s === 'done' || s === 'failed');
}

/** Its notes and rows removed: not while it runs, here or in another process (a CLI). */
export function canDelete(j: JobInfo): boolean {
  return !j.active && jobState(j) !== 'running';
}

export function jobActions(j: JobInfo, hasNotes: boolean): JobAction[] {
  return [
    ...(hasNotes ? ['Open Notes' as const] : []),
    ...(j.active ? ['Cancel' as const] : []),
    ...(canResume(j) ? ['Resume' as const] : []),
    ...(canRegenerate(j) ? ['Regenerate' as const] : []),
    ...(canDelete(j) ? ['Delete…' as const] : []),
  ];
}

const ICONS: Record<JobState, string> = {
  done: '$(check)', running: '$(sync~spin)', failed: '$(error)', cancelled: '$(debug-pause)', interrupted: '$(debug-pause)',
};

/** One quick-pick row: the title, the state (a failure with its reason), the source. */
export function jobRow(j: JobInfo, when: string): { label: string; description: string; detail: string } {
  const s = jobState(j);
  return {
    label: `${ICONS[s]} ${j.title ?? j.source}`,
    // The store keeps no error for a cancelled job (its state says it all); a failure says why up front.
    description: s === 'failed' && j.error ? `failed: ${j.error}` : `${s} · ${when}`,
    detail: s === 'failed' ? `${when} · ${j.source}` : j.source,
  };
}
