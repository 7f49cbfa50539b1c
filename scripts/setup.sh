#!/usr/bin/env bash
# Idempotent set-up: system tools (when missing), npm dependencies, build.
#   bash scripts/setup.sh            # what the CLI and the extension need
#   bash scripts/setup.sh --tests    # plus what the test suites need (chromium, code-server, speech tools, PostgreSQL)
# Re-running it is cheap: each step checks first and skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_TESTS=0
for a in "$@"; do case "$a" in --tests) WITH_TESTS=1 ;; *) echo "setup: unknown option $a" >&2; exit 2 ;; esac; done

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# --- system packages (Debian/Ubuntu) ---------------------------------------------------------
need=()
command -v ffmpeg >/dev/null || need+=(ffmpeg)
command -v yt-dlp >/dev/null || need+=(yt-dlp)
command -v pocketsphinx_continuous >/dev/null || need+=(pocketsphinx)
[ -d /usr/share/pocketsphinx/model/en-us ] || need+=(pocketsphinx-en-us)
command -v espeak-ng >/dev/null || need+=(espeak-ng)   # speaks the generated sample lecture
if [ "$WITH_TESTS" = 1 ]; then
  command -v chromium >/dev/null || need+=(chromium)
  command -v rg >/dev/null || need+=(ripgrep)
  [ -e /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
  command -v sox >/dev/null || need+=(sox)
  # team mode's tests start a throwaway PostgreSQL cluster (test/helpers/pgCluster.ts)
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
fi
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  if command -v apt-get >/dev/null && { [ -z "$SUDO" ] || sudo -n true 2>/dev/null; }; then
    say "installing system packages: ${need[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "setup: please install these system packages and run again: ${need[*]}" >&2
    echo "       (Debian/Ubuntu: sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
fi

# --- npm dependencies ------------------------------------------------------------------------
# onnxruntime-node would fetch CUDA libraries and yt-dlp-exec a yt-dlp binary from outside the
# npm registry at install time; we use the CPU provider and the system yt-dlp instead.
export ONNXRUNTIME_NODE_INSTALL=skip YOUTUBE_DL_SKIP_DOWNLOAD=1 npm_config_yes=true
stamp=node_modules/.videoinsight-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  say "installing npm dependencies (first time: a few minutes; better-sqlite3 compiles)"
  npm install --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

# --- build -----------------------------------------------------------------------------------
say "building"
node esbuild.mjs

# --- test tools: a real VS Code (code-server) for the extension tests ---------------------------
if [ "$WITH_TESTS" = 1 ] && [ -f scripts/setup-code-server.sh ]; then
  bash scripts/setup-code-server.sh
fi
say "ready"
