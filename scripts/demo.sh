#!/usr/bin/env bash
# Makes notes from a video the user names, or from a sample lecture this project generates
# (third-party media may not be shipped): `npm run demo` or `npm run demo -- <url-or-file> [options]`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
  sample=$(node scripts/make-sample.mjs sample)
  set -- "$sample"
fi
node bin/videoinsight.js notes "$@" --out notes
echo
echo "Open notes/ in VS Code, or search them:  npx videoinsight search \"energy flow\""
