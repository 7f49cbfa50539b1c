#!/usr/bin/env bash
# The extension-host suite (test/exthost) on the oldest VS Code the extension declares
# (engines.vscode ^1.90.0 → code-server 4.90.3 = VS Code 1.90.2), installed offline into
# .code-server-min/. scripts/test.sh runs the same suite on the current line (1.100); this one is
# separate because installing a second code-server costs CI about three minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[test-min-vscode]\033[0m %s\n' "$*"; }
# kerberos 2.x in code-server 4.90 predates Node 20.20's stricter napi headers: -fpermissive builds it.
CXXFLAGS="${CXXFLAGS:-} -fpermissive" CS_VERSION=4.90.3 CS_DIR="$PWD/.code-server-min" bash scripts/setup-code-server.sh
node esbuild.mjs >/dev/null
node test/exthost/build.mjs
say "extension-host suite on VS Code 1.90 (code-server 4.90.3)"
CODE_SERVER_BIN="$PWD/.code-server-min/node_modules/.bin/code-server" npx tsx test/e2e/exthost.ts
