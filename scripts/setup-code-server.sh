#!/usr/bin/env bash
# Installs a real VS Code for the extension tests, offline: code-server 4.100.3 (VS Code 1.100.3,
# the last line that runs on Node 20) into .code-server/ (git-ignored), plus the Debian packages the
# tests need. Idempotent: a second run only checks.
#   bash scripts/setup-code-server.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CS_VERSION="${CS_VERSION:-4.100.3}"
DEST="${CS_DIR:-$PWD/.code-server}"
say() { printf '\033[1m[setup-code-server]\033[0m %s\n' "$*"; }

# Debian packages: chromium drives the workbench (Playwright), ripgrep replaces the rg that
# @vscode/ripgrep would download, libkrb5-dev lets code-server's kerberos module build.
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
[ -e /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
command -v ffmpeg >/dev/null || need+=(ffmpeg)   # the UI test makes its fixture clip with it
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  say "installing ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ -x "$DEST/node_modules/.bin/code-server" ] && \
   [ "$(node -p "require('$DEST/node_modules/code-server/package.json').version" 2>/dev/null)" = "$CS_VERSION" ]; then
  say "code-server $CS_VERSION already in $DEST"
  exit 0
fi

mkdir -p "$DEST/tmp"
# Workaround 1: @vscode/ripgrep's postinstall downloads rg from GitHub; pre-seed its cache
# (it looks in $TMPDIR) with Debian's rg under the names the two ripgrep lines expect.
stage=$(mktemp -d); cp "$(command -v rg)" "$stage/rg"
for pair in 1.15.9:v13.0.0-10 1.15.11:v13.0.0-10 1.17.1:v15.0.1; do
  d="$DEST/tmp/vscode-ripgrep-cache-${pair%%:*}"; mkdir -p "$d"
  tar czf "$d/ripgrep-${pair##*:}-x86_64-unknown-linux-musl.tar.gz" -C "$stage" rg
done
rm -rf "$stage"
cd "$DEST"
[ -f package.json ] || echo '{"name":"code-server-host","private":true}' > package.json
say "installing code-server $CS_VERSION (about 2 minutes the first time)"
# Workaround 2: unsafe_perm, code-server's postinstall refuses to run as root without it.
# Workaround 3: yes, node-pty's postinstall runs `npx node-gyp`, which otherwise prompts.
TMPDIR="$DEST/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION"
say "code-server $(node -p "require('$DEST/node_modules/code-server/package.json').version") ready"
