#!/usr/bin/env bash
# Typings test: tests/typings/consumer.ts is compiled with `tsc --strict --noEmit` against the package
# installed from the packed tarball, once with bundler resolution and once with NodeNext resolution
# (which reads the `exports` map and `type: module` as Node does). consumer.ts holds
# `@ts-expect-error` misuses, so the test also fails if the types degrade to `any`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../tests/packaging/support/common.sh"

ensure_tarball
[ -x "$REPO/node_modules/.bin/tsc" ] || { log "npm ci at the repo root (typescript)"; (cd "$REPO" && npm ci --no-audit --no-fund --loglevel=error); }
npm_ci_if_needed "$REPO/tests/typings"

cd "$REPO/tests/typings"
tsc="$REPO/node_modules/.bin/tsc"
pass=0 fail=0
for config in tsconfig.json tsconfig.nodenext.json; do
  log "tsc --strict --noEmit -p tests/typings/$config ($("$tsc" --version))"
  if "$tsc" --strict --noEmit -p "$config"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
  fi
done
echo "typings: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
