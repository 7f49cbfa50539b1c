// The one clock format of notes, transcripts, logs and progress: m:ss under an hour, h:mm:ss from
// an hour on, whole seconds (floored: a citation never points after the moment it names).

export function formatClock(sec: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(sec) ? sec : 0));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(r)}` : `${m}:${pad(r)}`;
}

/**
 * "1:02:03" / "12:05" / "0:07" / "01:02:03.5" → seconds; NaN when it is not a clock
 * (one to three colon-separated parts, minutes and seconds below 60 after the first part).
 */
export function parseClock(text: string): number {
  const m = /^\s*(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m || !text.includes(':')) return Number.NaN;
  const parts = text.trim().split(':').map(Number);
  if (parts.slice(1).some((p) => p >= 60)) return Number.NaN;
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}

/** A time left or taken, as people say it: "45 s", "12 min", "1 h 5 min" (rounded; no seconds past a minute). */
export function formatDuration(sec: number): string {
  const s = Math.max(0, Math.round(Number.isFinite(sec) ? sec : 0));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}
