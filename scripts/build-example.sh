#!/usr/bin/env bash
# Builds www-example as a static export (www-example/out) against the packed package, for `make demo`.
set -euo pipefail
source "$(dirname "$0")/../tests/packaging/support/common.sh"
ensure_tarball
npm_ci_if_needed "$REPO/www-example"
cd "$REPO/www-example"
./node_modules/.bin/next build
