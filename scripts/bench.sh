#!/usr/bin/env bash
# `make bench` (issue 5): the SDK in pkg/ side by side with the plain-JS baseline in bench/, in headless Chromium.
# Starts a throw-away devserver (in-memory, test mode, quota 1000) on a free port of its own, runs bench/run.mjs
# (which seeds 500 keys, serves the bench page and drives Chromium), prints one table and writes
# target/bench/results.json. The devserver is always stopped on the way out.
#   BENCH_DEVSERVER_BIN=path  use this devserver binary
#   BENCH_RELEASE=1           build and use the release devserver (a debug one's own time dilutes the end-to-end ratio)
#   BENCH_PKG=dir             the package to measure (default pkg)
#   BENCH_CALLS, BENCH_STARTUP_LOADS, BENCH_MEMORY_CALLS, BENCH_PROFILE=1, BENCH_STRICT=1: see bench/run.mjs
#   CHROMIUM_BIN=path         the Chromium to drive (default /usr/bin/chromium), as for the packaging and e2e tests
# Chromium is driven by the root package's playwright-core (`make bench` runs `make setup`, which installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*" >&2; }

pkg=${BENCH_PKG:-pkg}
if [ ! -f "$pkg/package.json" ]; then
  echo "bench: $pkg/ is not built; run 'make pkg' (or 'make bench', which builds it)" >&2
  exit 1
fi

# The devserver: an explicit one, else a release or debug build that is newer than every devserver source,
# else a fresh debug build.
fresh() { [ -x "$1" ] && [ -z "$(find devserver -type f -newer "$1" -print -quit 2>/dev/null)" ]; }
bin=${BENCH_DEVSERVER_BIN:-}
if [ -z "$bin" ] && [ "${BENCH_RELEASE:-}" = 1 ]; then
  say "cargo build --release -p apikeys-devserver"
  cargo build -q --release -p apikeys-devserver
  bin=target/release/apikeys-devserver
fi
if [ -z "$bin" ]; then
  for b in target/release/apikeys-devserver target/debug/apikeys-devserver; do
    if fresh "$b"; then bin=$b; break; fi
  done
fi
if [ -z "$bin" ]; then
  say "cargo build -p apikeys-devserver"
  cargo build -q -p apikeys-devserver
  bin=target/debug/apikeys-devserver
fi

mkdir -p target/bench
# The packaging tests' start_devserver: a free port, waits for the startup line, stops the server on exit.
source tests/packaging/support/common.sh
DEVSERVER_BIN=$bin
start_devserver devserver_url --test-mode --key-quota 1000

node bench/run.mjs --devserver "$devserver_url" --devserver-bin "$bin" --pkg "$pkg" --out target/bench/results.json
