#!/usr/bin/env bash
# Notes of each eval-public talk as a user gets them from the CLI, for bench/eval-talks.ts: a silent stand-in
# of the talk's length with its captions beside it as a sidecar, the captions engine, a fresh notes root
# per talk. Run: bench/eval-notes.sh OUT_ROOT [talk...]   (builds nothing: run `node esbuild.mjs` first)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "$1"); shift
talks=${*:-$(ls ../shared/eval-public/talks)}
media=$(mktemp -d)
trap 'rm -rf "$media"' EXIT
for t in $talks; do
  src=../shared/eval-public/talks/$t
  dur=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).durationSec)' "$src/chapters.json")
  mkdir -p "$media/$t"
  ffmpeg -loglevel error -y -f lavfi -t "$dur" -i anullsrc=r=16000:cl=mono -c:a aac "$media/$t/talk.m4a"
  cp "$src/talk.vtt" "$media/$t/talk.vtt"
  rm -rf "${out:?}/$t"
  node bin/videoinsight.js notes "$media/$t/talk.m4a" --engine captions --out "$out/$t" --json >/dev/null
  echo "notes: $t" >&2
done
