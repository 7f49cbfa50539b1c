// Proves the download watchdog's rule on yt-dlp's own progress lines: a download whose every
// reported rate stays under the floor for the whole window is stopped; a fast line, or another
// phase (the next file, merging), starts the count again; before any rate nothing is judged.
import test from 'node:test';
import assert from 'node:assert/strict';
import { TrickleWatch } from '../../server/ingest/acquire/ytDlp';

const line = (rate: string) => `[download]   1.2% of ~  10.00MiB at  ${rate} ETA 99:99:99`;

test('trickling below the floor for the whole window: stopped, with the rate', () => {
  process.env.VIDEOINSIGHT_SLOW_DOWNLOAD_SEC = '10';
  try {
    const w = new TrickleWatch();
    assert.equal(w.verdict(0), null);
    w.line(line('100.00B/s'), 0);
    w.line(line('99.00B/s'), 5000);
    assert.equal(w.verdict(9000), null);
    assert.match(w.verdict(10_500) ?? '', /99 bytes\/s for 10 s/);
    // A fast moment resets it; so does another phase.
    w.line(line('2.50MiB/s'), 11_000);
    assert.equal(w.verdict(30_000), null);
    w.line(line('100.00B/s'), 31_000);
    w.line('[Merger] Merging formats into "x.mkv"', 35_000);
    assert.equal(w.verdict(60_000), null);
    // "Unknown B/s" and lines without a rate are not a trickle.
    w.line('[download] Destination: x.f137.mp4', 61_000);
    w.line('[download]   0.0% of ~  10.00MiB at  Unknown B/s ETA Unknown', 61_000);
    assert.equal(w.verdict(90_000), null);
    // KiB are 1024 bytes: 3.9KiB/s is under the 4096 B/s floor, 4.1KiB/s is not.
    w.line(line('3.90KiB/s'), 100_000);
    assert.match(w.verdict(111_000) ?? '', /3994 bytes\/s/);
    w.line(line('4.10KiB/s'), 112_000);
    assert.equal(w.verdict(200_000), null);
  } finally {
    delete process.env.VIDEOINSIGHT_SLOW_DOWNLOAD_SEC;
  }
});
