#!/usr/bin/env bash
# End-to-end test of the example app: installs www-example from the packed tarball, builds its static
# export (Next.js, Turbopack), serves it with the devserver (`--static www-example/out`, in-memory DB,
# key quota 12), and drives it in headless system Chromium (tests/e2e/example.test.mjs).
# Screenshots: target/e2e/. Needs a built pkg/ and devserver binary ($DEVSERVER_BIN).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../tests/packaging/support/common.sh"

SECONDS=0
ensure_tarball
require_chromium
npm_ci_if_needed "$REPO/www-example"

log "next build (www-example)"
(cd "$REPO/www-example" && rm -rf out && ./node_modules/.bin/next build)
[ -f "$REPO/www-example/out/index.html" ] || die "www-example build wrote no out/index.html"
log "www-example built in $SECONDS s"

start_devserver API_URL --static "$REPO/www-example/out" --key-quota 12
export E2E_OUT_DIR="${E2E_OUT_DIR:-$REPO/target/e2e}"
APIKEYS_DEVSERVER_URL="$API_URL" E2E_KEY_QUOTA=12 node --test --test-reporter=spec "$REPO/tests/e2e/example.test.mjs"
log "e2e passed in $SECONDS s; screenshots in ${E2E_OUT_DIR#"$REPO"/}"
