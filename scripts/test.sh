#!/usr/bin/env bash
# Every suite: types, unit, integration (real ffmpeg / yt-dlp / SQLite / engines), then the
# extension suites in a real VS Code (code-server) when present.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p . --noEmit
node --import tsx --test test/unit/*.test.ts
node --import tsx --test --test-concurrency=1 test/integration/*.test.ts
if [ -f scripts/test-e2e.sh ]; then bash scripts/test-e2e.sh; fi
