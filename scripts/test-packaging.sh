#!/usr/bin/env bash
# Packaging matrix: the packed tarball (pkg-tarball/apikeys-wasm.tgz, from `npm pack` of pkg/) is
# installed by four consumers under tests/packaging/, each is built, and headless Chromium loads
# each built page and checks that a real getAll against the devserver succeeds.
#   Next.js 16 App Router 'use client' page: `next build` (Turbopack) and `next build --webpack`
#   Vite 8 + React, and a plain <script type="module"> page (import map, no bundler).
# Also runs wrapper.test.mjs (the manifest, the .wasm subpath and the memoised init wrapper in Node against the
# installed module), errors.test.mjs (the error classes as clerk-js constructs them, in Node), secrets.test.mjs
# (no secret or session token left in the wasm's memory after a call, in Node) and
# wasm-scripts.test.mjs (the build steps that rewrite the wasm and inline it: strip-custom.mjs, stub-fmt.mjs,
# inline-wasm.mjs, and sizes.mjs reading it back).
# Needs a built pkg/ (make pkg) and devserver binary (target/debug/apikeys-devserver or $DEVSERVER_BIN).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../tests/packaging/support/common.sh"

SECONDS=0
ensure_tarball
require_chromium
npm_ci_if_needed "$REPO/tests/packaging"

cd "$REPO/tests/packaging"
bin="$REPO/tests/packaging/node_modules/.bin"

timed() { # timed LABEL CMD...: run, and report how long it took
  local label="$1" start=$SECONDS; shift
  log "$label"
  "$@"
  log "$label: $((SECONDS - start)) s"
}

build_next() { # build_next BUNDLER [next build flags...]
  local bundler="$1"; shift
  # With a custom distDir, `output: 'export'` writes the static site into that directory.
  rm -rf "next-app/out/$bundler"
  (cd next-app && NEXT_DIST_DIR="out/$bundler" NEXT_PUBLIC_CONSUMER="next-$bundler" "$bin/next" build "$@")
  [ -f "next-app/out/$bundler/index.html" ] || die "next build ($bundler) wrote no static export"
  ! find "next-app/out/$bundler" -name '*.wasm' | grep -q . || die "next build ($bundler) emitted a .wasm asset (the wasm is inlined)"
}

timed "plain page: build" bash -c 'cd plain && node build.mjs'
timed "vite build" bash -c "cd vite-app && '$bin/vite' build"
! find vite-app/dist -name '*.wasm' | grep -q . || die "vite build emitted a .wasm asset (the wasm is inlined)"
timed "next build (Turbopack)" build_next turbopack
timed "next build --webpack" build_next webpack --webpack

start_devserver API_URL
log "build scripts, init wrapper in Node + headless Chromium check of the four built pages"
APIKEYS_DEVSERVER_URL="$API_URL" node --test --test-reporter=spec wasm-scripts.test.mjs wrapper.test.mjs errors.test.mjs secrets.test.mjs check.mjs
log "packaging matrix passed in $SECONDS s"
