#!/usr/bin/env bash
# End-to-end test of the VS Code extension in a real editor: builds the .vsix, installs it
# into code-server 4.100.3 (the last release for Node 20), opens a workspace holding a short
# speech file, runs "WhisperX: Transcribe Media to Markdown" from the command palette in
# Debian's chromium (driven by playwright-core) and checks the Markdown transcript it writes.
#
# Needs: Node 20, pnpm install done, root (for apt-get). Tools go to $WHISPERX_E2E_HOME
# (default ~/.cache/whisperx-e2e), outside the repo; the first run installs them (~1-2 min).
# Env: WHISPERX_KIT_DIR (default ../shared/conformance from the repo root), E2E_VSIX (use this
#      .vsix instead of building one), E2E_KEEP=1 (keep the temp workspace), E2E_INSTALL_ONLY=1.
# Last line: "e2e-vscode: N passed, N failed"; exit status non-zero on any failure.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS="${WHISPERX_E2E_HOME:-$HOME/.cache/whisperx-e2e}"
CODE_SERVER_VERSION=4.100.3
RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
RG_TARBALL="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
export npm_config_yes=true

log() { printf '== %s (%ss)\n' "$*" "$SECONDS"; }
fail_setup() {
  echo "e2e-vscode: setup failed: $*" >&2
  echo "e2e-vscode: 0 passed, 1 failed"
  exit 1
}

# --- 1. Debian packages: chromium, ripgrep, and the headers code-server's native modules build with.
APT_PACKAGES="libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium"
missing=""
for p in $APT_PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  log "apt-get install$missing"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null; } ||
    fail_setup "apt-get install$missing failed"
fi

# --- 2. code-server in a tool folder outside the repo.
CODE_SERVER="$TOOLS/node_modules/.bin/code-server"
if [ ! -x "$CODE_SERVER" ] || ! "$CODE_SERVER" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION"; then
  log "install code-server $CODE_SERVER_VERSION into $TOOLS"
  mkdir -p "$TOOLS" "$RG_CACHE"
  # @vscode/ripgrep's postinstall downloads ripgrep from GitHub: hand it Debian's rg instead.
  if [ ! -f "$RG_TARBALL" ]; then
    tmp_rg="$(mktemp -d)"
    cp "$(command -v rg)" "$tmp_rg/rg" && tar -czf "$RG_TARBALL" -C "$tmp_rg" rg || fail_setup "cannot build $RG_TARBALL"
    rm -rf "$tmp_rg"
  fi
  [ -f "$TOOLS/package.json" ] || echo '{"name":"whisperx-e2e-tools","private":true}' >"$TOOLS/package.json"
  (cd "$TOOLS" && npm i --no-audit --no-fund --unsafe-perm "code-server@$CODE_SERVER_VERSION" >"$TOOLS/npm-install.log" 2>&1) ||
    fail_setup "npm i code-server failed (see $TOOLS/npm-install.log)"
fi
[ -x "$CODE_SERVER" ] || fail_setup "code-server missing at $CODE_SERVER"
if [ "${E2E_INSTALL_ONLY:-}" = 1 ]; then
  log "tools installed"
  exit 0
fi

# --- 3. The conformance kit (speech file and the whisper-mini model).
KIT="${WHISPERX_KIT_DIR:-$ROOT/../shared/conformance}"
[ -f "$KIT/audio/jfk.wav" ] && [ -d "$KIT/whisper-mini" ] || fail_setup "conformance kit not found at $KIT (set WHISPERX_KIT_DIR)"
KIT="$(cd "$KIT" && pwd)"

# --- 4. The .vsix.
VSIX="${E2E_VSIX:-}"
if [ -z "$VSIX" ]; then
  log "build the .vsix"
  (cd "$ROOT/packages/vscode" && pnpm run --silent package) || fail_setup "building the .vsix failed"
  VSIX="$ROOT/packages/vscode/dist/whisperx-vscode.vsix"
fi
[ -f "$VSIX" ] || fail_setup "no .vsix at $VSIX"

# --- 5. Run the editor test.
log "run the editor test"
node "$ROOT/test/e2e-vscode/run-e2e.mjs" --code-server "$CODE_SERVER" --vsix "$VSIX" --kit "$KIT"
rc=$?
log "done"
exit $rc
