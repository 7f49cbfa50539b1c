// Proves the player webview contract: the guards accept exactly the declared messages (a forged
// or malformed message from the page is refused), YouTube ids come only from YouTube page URLs,
// the embed URL starts at the floored second, the CSP frames only YouTube's embed origin, and a
// copied time is the notes' own citation syntax.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { citationFor, isFromPlayer, isToPlayer, playerCsp, youtubeEmbedUrl, youtubeId } from '../../server/protocol/playerWebview';
import { formatClock } from '../../server/protocol/notesFile';

describe('player webview protocol', () => {
  it('accepts declared webview messages and refuses others', () => {
    assert.ok(isFromPlayer({ type: 'ready' }));
    assert.ok(isFromPlayer({ type: 'time', sec: 12.5, playing: true }));
    assert.ok(isFromPlayer({ type: 'copyCitation', sec: 3 }));
    for (const bad of [null, 'time', { type: 'time', sec: -1, playing: true }, { type: 'time', sec: Number.NaN, playing: false },
      { type: 'time', sec: 1 }, { type: 'copyCitation', sec: '3' }, { type: 'run', cmd: 'x' }, { type: 'error', message: 'x'.repeat(501) }]) {
      assert.equal(isFromPlayer(bad), false, JSON.stringify(bad));
    }
  });

  it('accepts host messages only with a valid source', () => {
    assert.ok(isToPlayer({ type: 'seek', sec: 61, play: true }));
    assert.ok(isToPlayer({ type: 'load', title: 't', startSec: 0, source: { kind: 'media', src: 'https://file+.vscode-resource/x.webm', hasVideo: true } }));
    assert.ok(isToPlayer({ type: 'load', title: 't', startSec: 5, source: { kind: 'youtube', videoId: 'dQw4w9WgXcQ' } }));
    assert.equal(isToPlayer({ type: 'load', title: 't', startSec: 5, source: { kind: 'youtube', videoId: '"><script>' } }), false);
    assert.equal(isToPlayer({ type: 'load', title: 't', startSec: 5, source: null }), false);
  });

  it('reads YouTube ids from YouTube page URLs only', () => {
    assert.equal(youtubeId('https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=5s'), 'dQw4w9WgXcQ');
    assert.equal(youtubeId('https://youtu.be/dQw4w9WgXcQ'), 'dQw4w9WgXcQ');
    assert.equal(youtubeId('https://www.youtube.com/embed/dQw4w9WgXcQ'), 'dQw4w9WgXcQ');
    assert.equal(youtubeId('https://www.youtube.com/watch?v=PHOTO123'), null); // not 11 characters
    assert.equal(youtubeId('https://evil.example/watch?v=dQw4w9WgXcQ'), null);
    assert.equal(youtubeId('https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ'), null);
    assert.equal(youtubeId('javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ'), null);
    assert.equal(youtubeId(null), null);
  });

  it('embeds at the floored second, and the CSP frames only the embed origin', () => {
    assert.equal(youtubeEmbedUrl('dQw4w9WgXcQ', 61.9), 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=61&enablejsapi=1&rel=0');
    assert.throws(() => youtubeEmbedUrl('../x', 1));
    const csp = playerCsp('https://res.example', 'abc');
    assert.match(csp, /frame-src https:\/\/www\.youtube-nocookie\.com(;|$)/);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc'(;|$)/);
    // Media and fetches from the webview's resource origin only (a blob is the page's own copy).
    assert.match(csp, /media-src https:\/\/res\.example blob:(;|$)/);
    assert.match(csp, /connect-src https:\/\/res\.example(;|$)/);
  });

  it('copies a time as the notes citation syntax', () => {
    assert.equal(citationFor(3725.7, formatClock), '[1:02:05](transcript.md#t-3725)');
    assert.equal(citationFor(9, formatClock), '[0:09](transcript.md#t-9)');
  });
});
