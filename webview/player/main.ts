// The player page: a <video>/<audio> of the webview's own resources, or the YouTube embed (driven
// through its postMessage API, no YouTube script in the page). It reports the time to the host,
// which highlights the transcript line and section. Text is set with textContent only.
import { citationFor, isToPlayer, youtubeEmbedUrl, YOUTUBE_EMBED_ORIGIN, type FromPlayer, type PlayerSource } from '../../server/protocol/playerWebview';
import { formatClock } from '../../server/protocol/notesFile';
import './player.css';

interface VsCodeApi { postMessage(m: FromPlayer): void }
declare function acquireVsCodeApi(): VsCodeApi;
const host = acquireVsCodeApi();

const stage = document.getElementById('stage')!;
const clock = document.getElementById('clock')!;
const titleEl = document.getElementById('title')!;
const btnPlay = document.getElementById('play') as HTMLButtonElement;

/** One interface over the two kinds of player. */
interface Driver { time(): number; playing(): boolean; seek(sec: number, play: boolean): void; toggle(): void }
let driver: Driver | undefined;
let lastSent = -1;

function report(force = false): void {
  if (!driver) return;
  const sec = driver.time();
  clock.textContent = formatClock(sec);
  btnPlay.textContent = driver.playing() ? '❚❚' : '▶';
  if (force || Math.abs(sec - lastSent) >= 0.25) {
    lastSent = sec;
    host.postMessage({ type: 'time', sec, playing: driver.playing() });
  }
}

/**
 * What the <video> loads: the resource itself when the webview answers byte ranges, else the whole
 * file as a blob. VS Code's webview service worker (1.90 to at least 1.100) answers every range
 * request with the whole file, read anew each time, so each seek to a part not yet buffered waited
 * for a full read (about 3 s for a 10-minute proxy, BENCHMARKS.md); the first play waits for one
 * such read anyway, and keeping it makes every later seek local.
 */
async function playableUrl(src: string): Promise<string> {
  const res = await fetch(src, { headers: { Range: 'bytes=0-1' } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = await res.blob();
  return res.status === 206 && body.size <= 2 ? src : URL.createObjectURL(body);
}

function mediaDriver(src: string, hasVideo: boolean, startSec: number): Driver {
  const el = document.createElement(hasVideo ? 'video' : 'audio');
  el.id = 'media';
  el.controls = true;
  el.preload = 'auto';
  stage.replaceChildren(el);
  clock.textContent = 'loading…';
  playableUrl(src).then((url) => { el.src = url; }, (e: unknown) => {
    host.postMessage({ type: 'error', message: `this webview cannot load the media (${e instanceof Error ? e.message : String(e)})` });
  });
  let pending: { sec: number; play: boolean } | undefined = { sec: startSec, play: true };
  const apply = () => {
    if (!pending || el.readyState < 1) return;
    const p = pending;
    pending = undefined;
    el.currentTime = p.sec;
    if (p.play) el.play().catch(() => undefined); // autoplay may be refused until a user gesture
  };
  el.addEventListener('loadedmetadata', apply);
  el.addEventListener('timeupdate', () => report());
  el.addEventListener('seeked', () => report(true));
  el.addEventListener('play', () => report(true));
  el.addEventListener('pause', () => report(true));
  el.addEventListener('error', () => host.postMessage({ type: 'error', message: `this webview cannot play the media (${el.error?.message || `code ${el.error?.code ?? '?'}`})` }));
  return {
    time: () => el.currentTime,
    playing: () => !el.paused,
    seek: (sec, play) => { pending = { sec, play }; apply(); },
    toggle: () => { if (el.paused) el.play().catch(() => undefined); else el.pause(); },
  };
}

function youtubeDriver(videoId: string, startSec: number): Driver {
  const frame = document.createElement('iframe');
  frame.src = youtubeEmbedUrl(videoId, startSec);
  frame.allow = 'autoplay; encrypted-media';
  stage.replaceChildren(frame);
  let sec = startSec, playing = false;
  const command = (func: string, args: unknown[] = []) =>
    frame.contentWindow?.postMessage(JSON.stringify({ event: 'command', func, args }), YOUTUBE_EMBED_ORIGIN);
  frame.addEventListener('load', () => frame.contentWindow?.postMessage(JSON.stringify({ event: 'listening' }), YOUTUBE_EMBED_ORIGIN));
  window.addEventListener('message', (e) => {
    if (e.origin !== YOUTUBE_EMBED_ORIGIN || typeof e.data !== 'string') return;
    try {
      const m = JSON.parse(e.data) as { event?: string; info?: { currentTime?: number; playerState?: number } };
      if (m.event !== 'infoDelivery' || !m.info) return;
      if (typeof m.info.currentTime === 'number') sec = m.info.currentTime;
      if (typeof m.info.playerState === 'number') playing = m.info.playerState === 1;
      report();
    } catch { /* not the embed's message */ }
  });
  return {
    time: () => sec,
    playing: () => playing,
    seek: (s, play) => { sec = s; command('seekTo', [s, true]); if (play) command('playVideo'); report(true); },
    toggle: () => command(playing ? 'pauseVideo' : 'playVideo'),
  };
}

function load(source: PlayerSource, title: string, startSec: number): void {
  titleEl.textContent = title;
  driver = source.kind === 'media' ? mediaDriver(source.src, source.hasVideo, startSec) : youtubeDriver(source.videoId, startSec);
  // The embed reports its time only once it plays: show (and highlight) the cited second until then.
  if (source.kind === 'youtube') report(true);
}

const step = (d: number) => driver?.seek(Math.max(0, driver.time() + d), driver.playing());
const copy = () => { if (driver) host.postMessage({ type: 'copyCitation', sec: driver.time() }); };
btnPlay.addEventListener('click', () => driver?.toggle());
document.getElementById('back')!.addEventListener('click', () => step(-5));
document.getElementById('fwd')!.addEventListener('click', () => step(5));
document.getElementById('copy')!.addEventListener('click', copy);
const copyButton = document.getElementById('copy')!;
copyButton.title = `Copy the current time as a citation, e.g. ${citationFor(0, formatClock)} (C)`;

window.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLInputElement || e.altKey || e.ctrlKey || e.metaKey) return;
  if (e.key === ' ') driver?.toggle();
  else if (e.key === 'ArrowLeft') step(-5);
  else if (e.key === 'ArrowRight') step(5);
  else if (e.key === 'c' || e.key === 'C') copy();
  else return;
  e.preventDefault(); // the <video>'s own Space/arrow handling would act twice
});

window.addEventListener('message', (e) => {
  const m: unknown = e.data;
  if (!isToPlayer(m)) return;
  if (m.type === 'load') load(m.source, m.title, m.startSec);
  else driver?.seek(m.sec, m.play);
});
host.postMessage({ type: 'ready' });
