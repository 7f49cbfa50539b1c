#!/usr/bin/env bash
# Every suite: types (tsc -b: each bundle with its own types), the layer lint, unit, integration
# (real ffmpeg / yt-dlp / SQLite / engines), then the extension suites in a real VS Code
# (code-server) when present.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -b
npm run lint --silent
node --import tsx --test test/unit/*.test.ts
# The parser fuzzers with few cases (npm run fuzz runs 10,000 each; FUZZ_SEED reproduces a failure).
FUZZ_RUNS=300 node --import tsx --test --test-concurrency=1 test/fuzz/*.test.ts
node --import tsx --test --test-concurrency=1 test/integration/*.test.ts
if [ -f scripts/test-e2e.sh ]; then bash scripts/test-e2e.sh; fi
