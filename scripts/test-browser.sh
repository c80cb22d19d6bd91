#!/usr/bin/env bash
# Runs the SDK's browser tests (tests/browser.rs) in headless Chromium and Firefox against a devserver that is
# already running (test mode, in-memory DB) at APIKEYS_DEVSERVER_URL (default http://127.0.0.1:8788); start one with
# `scripts/devserver.sh start 8788`.
#   scripts/test-browser.sh [chromium|firefox]...   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."

export APIKEYS_DEVSERVER_URL=${APIKEYS_DEVSERVER_URL:-http://127.0.0.1:8788}
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER:-wasm-bindgen-test-runner}
# The whole suite runs in one page (~6 s; the quota test alone creates 100 keys); a hung browser fails in 1 min.
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-60}
CHROMEDRIVER_BIN=${CHROMEDRIVER:-/usr/bin/chromedriver}
# geckodriver: wherever setup's `cargo install` put it ($CARGO_HOME/bin), or one already on PATH.
GECKODRIVER_BIN=${GECKODRIVER:-$(command -v geckodriver || echo "${CARGO_HOME:-$HOME/.cargo}/bin/geckodriver")}

if ! curl -fsS -o /dev/null "$APIKEYS_DEVSERVER_URL/__requests"; then
  echo "no test-mode devserver at $APIKEYS_DEVSERVER_URL (run scripts/devserver.sh start 8788)" >&2
  exit 1
fi

# The runner's page server answers 4 connections at a time; a browser opens up to 6 for a page's parallel
# imports and keeps them alive, so a request on a fifth connection could wait until the page hung (seen with
# Chromium and Firefox: the runner stuck in WebDriver navigation, the devserver never called). Hence one JS
# snippet module (js/bridge.js), and Firefox limited to 2 persistent connections per server (webdriver.json):
# 0 hangs in 15 runs of each browser, against several in a few runs before. Should a browser still hang, each
# run has a watchdog that kills its whole process group (runner, driver, browser) after SUITE_TIMEOUT seconds,
# and a run that printed no test line gets up to four more tries. A run that got as far as running tests is
# never retried: its failures are real.
SUITE_TIMEOUT=${SUITE_TIMEOUT:-90}
run_suite() {
  local log rc pid watchdog
  log=$(mktemp)
  "$@" --no-run
  for attempt in 1 2 3 4 5; do
    setsid "$@" >"$log" 2>&1 &
    pid=$!
    setsid bash -c "sleep $SUITE_TIMEOUT; kill -TERM -- -$pid; sleep 5; kill -KILL -- -$pid" >/dev/null 2>&1 &
    watchdog=$!
    wait "$pid" && rc=0 || rc=$?
    kill -- -"$watchdog" 2>/dev/null || true
    kill -KILL -- -"$pid" 2>/dev/null || true
    cat "$log"
    if [ "$rc" = 0 ]; then rm -f "$log"; return 0; fi
    if grep -q "^test .* \.\.\. " "$log"; then break; fi
    echo "== the browser hung or failed before running any test (exit $rc, attempt $attempt of 5)" >&2
  done
  rm -f "$log"
  return 1
}

want=${*:-chromium firefox}
status=0
for browser in $want; do
  echo "== browser tests: $browser"
  case "$browser" in
    # The runner picks GECKODRIVER before CHROMEDRIVER, so each run sets only its own driver.
    chromium) run_suite env -u GECKODRIVER CHROMEDRIVER="$CHROMEDRIVER_BIN" \
                cargo test -p apikeys-wasm --target wasm32-unknown-unknown --profile wasm-release --test browser || status=1 ;;
    firefox)  run_suite env -u CHROMEDRIVER GECKODRIVER="$GECKODRIVER_BIN" \
                cargo test -p apikeys-wasm --target wasm32-unknown-unknown --profile wasm-release --test browser || status=1 ;;
    *) echo "unknown browser: $browser" >&2; exit 2 ;;
  esac
done
exit $status
