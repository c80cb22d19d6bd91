# Shared helpers for scripts/test-typings.sh, scripts/test-packaging.sh and scripts/test-e2e.sh.
# Source it after `set -euo pipefail`; it sets REPO and installs an EXIT trap that stops every
# process started through start_devserver.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
TARBALL="$REPO/pkg-tarball/apikeys-wasm.tgz"
DEVSERVER_BIN="${DEVSERVER_BIN:-$REPO/target/debug/apikeys-devserver}"
export NEXT_TELEMETRY_DISABLED=1
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

_started_pids=()
_tmpdirs=()

_cleanup() {
  local pid
  for pid in "${_started_pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  local d
  for d in "${_tmpdirs[@]}"; do rm -rf "$d"; done
}
trap _cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ensure_tarball: pack pkg/ into pkg-tarball/apikeys-wasm.tgz unless the tarball is newer than
# every file in pkg/. One tarball serves every consumer.
ensure_tarball() {
  [ -f "$REPO/pkg/package.json" ] && [ -f "$REPO/pkg/index.js" ] \
    || die "pkg/ is not built; run scripts/build-pkg.sh (make pkg) first"
  if [ -f "$TARBALL" ] && [ -z "$(find "$REPO/pkg" -newer "$TARBALL" -print -quit)" ]; then
    return 0
  fi
  log "npm pack pkg/ -> pkg-tarball/apikeys-wasm.tgz"
  mkdir -p "$REPO/pkg-tarball"
  local name
  name="$(cd "$REPO/pkg" && npm pack --silent --pack-destination "$REPO/pkg-tarball")"
  mv -f "$REPO/pkg-tarball/$name" "$TARBALL"
}

# npm_ci_if_needed DIR: `npm ci` in DIR when node_modules is missing, older than the lockfile, or was
# installed from another tarball than the current one (lockfiles record no integrity for the tarball,
# so `npm ci` always unpacks the current file; a stamp in node_modules records which one it was).
npm_ci_if_needed() {
  local dir="$1" why=""
  local lock="$dir/package-lock.json" marker="$dir/node_modules/.package-lock.json"
  local stamp="$dir/node_modules/.apikeys-wasm-tarball.sha256" sum
  [ -f "$lock" ] || die "$lock is missing"
  if node -e 'const l=require(process.argv[1]);const e=l.packages["node_modules/apikeys-wasm"];process.exit(e&&e.integrity?0:1)' "$lock"; then
    die "$lock records an integrity hash for the apikeys-wasm tarball; npm would then install a cached copy. Remove that \"integrity\" line."
  fi
  sum="$(sha256sum "$TARBALL" | cut -d' ' -f1)"
  if [ ! -f "$marker" ]; then
    why="node_modules missing"
  elif [ "$lock" -nt "$marker" ]; then
    why="lockfile changed"
  elif [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
    why="the tarball changed"
  fi
  if [ -n "$why" ]; then
    log "npm ci in ${dir#"$REPO"/} ($why)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    printf '%s\n' "$sum" >"$stamp"
  fi
  cmp -s "$dir/node_modules/apikeys-wasm/index.js" "$REPO/pkg/index.js" \
    || die "$dir/node_modules/apikeys-wasm does not match pkg/ after npm ci"
}

# start_devserver VAR [extra args...]: start the devserver on a port the kernel picks (--addr
# 127.0.0.1:0) with an in-memory database, wait for its "listening on" line, store its URL in VAR.
start_devserver() {
  local var="$1"; shift
  [ -x "$DEVSERVER_BIN" ] || die "devserver binary $DEVSERVER_BIN not found (cargo build -p apikeys-devserver, or set DEVSERVER_BIN)"
  local logdir log
  logdir="$(mktemp -d)"; _tmpdirs+=("$logdir")
  log="$logdir/devserver.log"
  "$DEVSERVER_BIN" --addr 127.0.0.1:0 --db :memory: "$@" >"$log" 2>&1 &
  _started_pids+=("$!")
  local pid=$! url=""
  for _ in $(seq 1 150); do
    url="$(sed -n 's/^apikeys-devserver listening on \(http:[^ ]*\).*/\1/p' "$log" | head -n1)"
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "devserver exited during start-up"; }
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$log" >&2; die "devserver did not print its address within 15 s"; }
  log "devserver (pid $pid) at $url $*"
  printf -v "$var" '%s' "$url"
}

# require_chromium: the system Chromium that playwright-core drives.
require_chromium() {
  [ -x "${CHROMIUM_BIN:-/usr/bin/chromium}" ] || die "Chromium not found at ${CHROMIUM_BIN:-/usr/bin/chromium} (apt-get install chromium)"
  [ -f "$REPO/node_modules/playwright-core/package.json" ] || { log "npm ci at the repo root (playwright-core, typescript, binaryen)"; (cd "$REPO" && npm ci --no-audit --no-fund --loglevel=error); }
}
