// The audio every stage reads: 16 kHz mono PCM (whisper.cpp, Silero VAD and pocketsphinx all take it).

export const SAMPLE_RATE = 16000;

/** Quieter than this (RMS, dBFS) is not speech: digital silence, a muted stretch, faint hiss. */
export const SILENCE_DBFS = -60;

/** RMS level in dBFS of samples[from, to); -Infinity for digital silence. */
export function rmsDbfs(samples: Float32Array, from = 0, to = samples.length): number {
  const start = Math.max(0, Math.min(samples.length, Math.floor(from)));
  const end = Math.max(start, Math.min(samples.length, Math.floor(to)));
  if (end === start) return -Infinity;
  let sum = 0;
  for (let index = start; index < end; index++) {
    const value = samples[index] as number;
    sum += value * value;
  }
  const rms = Math.sqrt(sum / (end - start));
  return rms > 0 ? 20 * Math.log10(rms) : -Infinity;
}
