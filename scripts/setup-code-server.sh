#!/usr/bin/env bash
# Installs real VS Codes for the extension tests, offline, plus the Debian packages the tests need:
#   .code-server/      code-server 4.100.3 = VS Code 1.100.3, the last line that runs on Node 20
#   .code-server-min/  code-server 4.90.3  = VS Code 1.90.2, the oldest VS Code the extension declares
#                      (engines.vscode ^1.90.0); the extension-host suite runs on both
# Both git-ignored. Idempotent: a second run only checks.
#   bash scripts/setup-code-server.sh
set -euo pipefail
cd "$(dirname "$0")/.."
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

# install VERSION DEST: code-server VERSION into DEST, unless it is there already.
install() {
  local version=$1 dest=$2
  if [ -x "$dest/node_modules/.bin/code-server" ] && \
     [ "$(node -p "require('$dest/node_modules/code-server/package.json').version" 2>/dev/null)" = "$version" ]; then
    say "code-server $version already in $dest"
    return 0
  fi
  mkdir -p "$dest/tmp"
  # Workaround 1: @vscode/ripgrep's postinstall downloads rg from GitHub; pre-seed its cache
  # (it looks in $TMPDIR) with Debian's rg under the names the two ripgrep lines expect.
  local stage d pair
  stage=$(mktemp -d); cp "$(command -v rg)" "$stage/rg"
  for pair in 1.15.9:v13.0.0-10 1.15.11:v13.0.0-10 1.17.1:v15.0.1; do
    d="$dest/tmp/vscode-ripgrep-cache-${pair%%:*}"; mkdir -p "$d"
    tar czf "$d/ripgrep-${pair##*:}-x86_64-unknown-linux-musl.tar.gz" -C "$stage" rg
  done
  rm -rf "$stage"
  [ -f "$dest/package.json" ] || echo '{"name":"code-server-host","private":true}' > "$dest/package.json"
  say "installing code-server $version into $dest (about a minute the first time)"
  # Workaround 2: unsafe_perm, code-server's postinstall refuses to run as root without it.
  # Workaround 3: yes, node-pty's postinstall runs `npx node-gyp`, which otherwise prompts.
  # Workaround 4: -fpermissive, kerberos 2.x (in 4.90) predates Node 20.20's stricter napi headers.
  (cd "$dest" && TMPDIR="$dest/tmp" npm_config_unsafe_perm=true npm_config_yes=true CXXFLAGS="${CXXFLAGS:-} -fpermissive" \
    npm install --no-audit --no-fund --loglevel=error "code-server@$version")
  say "code-server $(node -p "require('$dest/node_modules/code-server/package.json').version") ready"
}

install 4.100.3 "$PWD/.code-server"
install 4.90.3 "$PWD/.code-server-min"
