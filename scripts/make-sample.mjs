#!/usr/bin/env node
// Makes a short sample lecture the project can legally ship: speech synthesised by espeak-ng,
// a video track with a scene change per topic, and exact captions as a sidecar .srt (the times
// come from the synthesised clips themselves). Usage: node scripts/make-sample.mjs [outDir]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const outDir = path.resolve(process.argv[2] ?? 'sample');
const topics = [
  ['Photosynthesis', '#2e7d32', [
    'Today we look at how plants turn light into food.',
    'Photosynthesis happens inside the chloroplasts of leaf cells.',
    'Chlorophyll absorbs red and blue light and reflects green light.',
    'The light reactions split water and release oxygen as a by-product.',
    'The Calvin cycle then uses carbon dioxide to build glucose.',
  ]],
  ['Cellular respiration', '#1565c0', [
    'Animals and plants both release the energy stored in glucose.',
    'Cellular respiration takes place in the mitochondria.',
    'Glycolysis breaks glucose into pyruvate in the cytoplasm.',
    'The Krebs cycle and the electron transport chain produce most of the ATP.',
    'Oxygen is the final electron acceptor, and water is formed.',
  ]],
  ['Ecosystems and energy flow', '#ef6c00', [
    'Energy flows through an ecosystem from producers to consumers.',
    'Only about ten percent of the energy passes to the next trophic level.',
    'Decomposers such as fungi and bacteria recycle nutrients back into the soil.',
    'A food web shows how many food chains connect in one ecosystem.',
    'Removing a single species can change the whole food web.',
  ]],
];

function run(cmd, args) {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
function durationOf(file) {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());
}
function srtTime(sec) {
  const ms = Math.round(sec * 1000);
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(Math.floor(ms / 3600000))}:${p(Math.floor(ms / 60000) % 60)}:${p(Math.floor(ms / 1000) % 60)},${p(ms % 1000, 3)}`;
}

fs.mkdirSync(outDir, { recursive: true });
const work = fs.mkdtempSync(path.join(outDir, '.work-'));
try {
  const GAP = 0.8;
  const TOPIC_GAP = 2.0;
  const parts = [];
  const cues = [];
  const scenes = [];
  let t = 0.5;
  parts.push({ file: null, dur: 0.5 });
  topics.forEach(([title, color, sentences], ti) => {
    scenes.push({ start: t, color, title });
    sentences.forEach((text, si) => {
      const wav = path.join(work, `t${ti}-s${si}.wav`);
      run('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', wav, text]);
      const dur = durationOf(wav);
      parts.push({ file: wav, dur });
      cues.push({ start: t, end: t + dur, text });
      t += dur;
      const gap = si === sentences.length - 1 ? TOPIC_GAP : GAP;
      parts.push({ file: null, dur: gap });
      t += gap;
    });
  });
  const total = t;
  // Audio: the clips joined with silences, resampled to one format.
  const inputs = [];
  const filters = [];
  parts.forEach((p, i) => {
    if (p.file) inputs.push('-i', p.file);
    else inputs.push('-f', 'lavfi', '-t', String(p.dur), '-i', 'anullsrc=r=22050:cl=mono');
    filters.push(`[${i}:a]aresample=22050,aformat=channel_layouts=mono[a${i}]`);
  });
  const audio = path.join(work, 'audio.wav');
  run('ffmpeg', ['-y', '-v', 'error', ...inputs, '-filter_complex',
    `${filters.join(';')};${parts.map((_, i) => `[a${i}]`).join('')}concat=n=${parts.length}:v=0:a=1[out]`, '-map', '[out]', audio]);
  // Video: one colour per topic, so each section has its own keyframe.
  const vinputs = [];
  scenes.forEach((s, i) => {
    const end = i + 1 < scenes.length ? scenes[i + 1].start : total;
    const start = i === 0 ? 0 : s.start;
    vinputs.push('-f', 'lavfi', '-t', String(end - start), '-i', `color=c=${s.color}:s=640x360:r=10`);
  });
  const out = path.join(outDir, 'sample-lecture.mp4');
  run('ffmpeg', ['-y', '-v', 'error', ...vinputs, '-i', audio, '-filter_complex',
    `${scenes.map((_, i) => `[${i}:v]`).join('')}concat=n=${scenes.length}:v=1:a=0[v]`,
    '-map', '[v]', '-map', `${scenes.length}:a`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '64k', '-metadata', 'title=Sample lecture: energy in living things', '-shortest', out]);
  const srt = cues.map((c, i) => `${i + 1}\n${srtTime(c.start)} --> ${srtTime(c.end)}\n${c.text}\n`).join('\n');
  fs.writeFileSync(path.join(outDir, 'sample-lecture.en.srt'), srt);
  console.log(out);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
