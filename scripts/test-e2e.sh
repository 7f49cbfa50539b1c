#!/usr/bin/env bash
# The extension's suites in a real VS Code (code-server, offline), run by scripts/test.sh:
# (The language server's unit tests, test/unit/lsp-*.test.ts, run with the other unit tests.)
#   1. build the extension and package the VSIX (npm run package)
#   2. the mocha extension-host suite (test/exthost) inside code-server's extension host, on VS Code
#      1.100 and on 1.90, the oldest the extension declares
#   3. Playwright + Debian chromium UI tests (test/e2e/*.test.ts: ui = generate, navigate, graph,
#      search, trust; jobs = cancel / resume / status bar / job list / bad sources; player = the player, its
#      highlights and the YouTube embed, and the preview's time chips) against code-server with the VSIX
#      installed; graphView = the packaged graph bundle at 500 concepts in chromium alone
# Screenshots and logs: test-artifacts/. Needs scripts/setup-code-server.sh (setup.sh --tests runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[test-e2e]\033[0m %s\n' "$*"; }
T0=$(date +%s)
[ -x .code-server/node_modules/.bin/code-server ] && [ -x .code-server-min/node_modules/.bin/code-server ] || bash scripts/setup-code-server.sh
mkdir -p test-artifacts

say "packaging the VSIX"
npm run --silent package >test-artifacts/package.log 2>&1 || { cat test-artifacts/package.log; exit 1; }
ls -l videoinsight.vsix

say "extension-host suite (mocha) in code-server 4.100.3 (VS Code 1.100)"
node test/exthost/build.mjs
npx tsx test/e2e/exthost.ts
say "the same suite on the oldest VS Code the extension declares: code-server 4.90.3 (VS Code 1.90)"
CODE_SERVER_BIN="$PWD/.code-server-min/node_modules/.bin/code-server" npx tsx test/e2e/exthost.ts

say "UI tests (Playwright + chromium) in code-server with the VSIX installed"
VSIX="$PWD/videoinsight.vsix" node --import tsx --test --test-concurrency=1 test/e2e/*.test.ts
say "done in $(( $(date +%s) - T0 )) s"
