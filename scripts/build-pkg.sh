#!/usr/bin/env bash
# Build the npm package into pkg/ (what `make pkg` runs):
#   1. cargo build of the crate for wasm32-unknown-unknown with the size-optimised wasm-release profile
#   2. the custom sections a `strip = true` link drops, but the names (scripts/strip-custom.mjs), then
#      wasm-bindgen --target web (the CLI must be exactly the wasm-bindgen version in Cargo.lock)
#   3. core's never-run formatting code emptied (scripts/stub-fmt.mjs), then wasm-opt (-O2, then -Oz rounds) from the
#      pinned npm binaryen (node_modules/.bin/wasm-opt; never /usr/bin/wasm-opt: Debian's binaryen 108 does not
#      understand what rustc emits today and breaks the module)
#   4. pkg-template/ (package.json, README.md, LICENSE, index.js + index.d.ts wrapper) copied in,
#      the version taken from Cargo.toml; then wrapper + glue + snippets bundled and minified into one
#      index.js by esbuild (the unbundled copies are not shipped), and the wasm put inside it
#      (scripts/inline-wasm.mjs): the package is one JS module. The same wasm also ships on its own, as the
#      `apikeys-wasm/apikeys_wasm_bg.wasm` subpath, for tools that want the module (index.js never loads it)
#   5. sizes printed (raw / gzip / brotli), and `npm pack` into pkg-tarball/apikeys-wasm.tgz
# KEEP_NAMES=1 keeps the wasm's function names (for CPU profiles: `KEEP_NAMES=1 make pkg && BENCH_PROFILE=1
# make bench`); that build is larger and is not the one to ship or to size.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
WASM_IN="$TARGET_DIR/wasm32-unknown-unknown/wasm-release/apikeys_wasm.wasm"
OUT="$REPO/pkg"
WASM_OPT="$REPO/node_modules/.bin/wasm-opt"

command -v wasm-bindgen >/dev/null || die "wasm-bindgen CLI not found on PATH (cargo install --locked wasm-bindgen-cli --version <the version in Cargo.lock>)"
if [ ! -x "$WASM_OPT" ] || [ ! -x "$REPO/node_modules/.bin/esbuild" ]; then
  log "npm ci at the repo root (binaryen's wasm-opt, esbuild, typescript, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi
[ -x "$WASM_OPT" ] || die "$WASM_OPT missing after npm ci"

# `tiny` without `std`: the crate is no_std with its own small allocator (see Cargo.toml [features]).
log "cargo build --target wasm32-unknown-unknown --profile wasm-release -p apikeys-wasm --lib --no-default-features --features tiny"
# Linked with names (the profile strips them: the browser tests use it too): scripts/stub-fmt.mjs finds what it
# empties by name; scripts/strip-custom.mjs then drops the rest as `strip = true` would.
export CARGO_PROFILE_WASM_RELEASE_STRIP=false
STRIP=(--strip-debug)
NAMES=()
if [ "${KEEP_NAMES:-0}" = 1 ]; then
  STRIP=(-g)
  NAMES=(--all-names)
fi
# Panic locations name source files; without remapping they carry the builder's registry path
# ($CARGO_HOME/registry/src/index.crates.io-<hash>/…), which the package should not ship and whose length
# would make the size depend on the machine. Prefixes, so they hold before the first download too; the last
# that matches wins: crates.io's own directory (its name is fixed since cargo 1.85) becomes nothing, as its
# hash costs ~20 B gzipped, and any other registry `crates/`.
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-} --remap-path-prefix=$registry/=crates/ --remap-path-prefix=$registry/index.crates.io-1949cf8c6b5b557f/="
cargo build --target wasm32-unknown-unknown --profile wasm-release -p apikeys-wasm --lib --no-default-features --features tiny
[ -f "$WASM_IN" ] || die "cargo produced no $WASM_IN"

# The CLI refuses (or silently mis-handles) a module built against another wasm-bindgen version.
want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
[ -n "$want" ] || die "no wasm-bindgen entry in Cargo.lock"
have="$(wasm-bindgen --version | awk '{ print $2 }')"
[ "$have" = "$want" ] || die "wasm-bindgen CLI is $have but the crate uses $want: cargo install --locked -f wasm-bindgen-cli --version $want"

WASM_STRIPPED="${WASM_IN%.wasm}.stripped.wasm"
node "$REPO/scripts/strip-custom.mjs" "$WASM_IN" "$WASM_STRIPPED" "${NAMES[@]}"

log "wasm-bindgen $have --target web"
rm -rf "$OUT"
# `--encode-into always`: every supported engine has TextEncoder#encodeInto, so the glue needs no fallback.
wasm-bindgen --target web --encode-into always --out-dir "$OUT" --out-name apikeys_wasm "$WASM_STRIPPED"

# `#[wasm_bindgen(reexport)]` items come out of wasm-bindgen typed as `export let X: unknown;`. The crate
# declares their real types (classes, type guards) in a typescript_custom_section, so the two clash
# ("Duplicate identifier"). Drop each `unknown` placeholder whose name has a real declaration.
node - "$OUT/apikeys_wasm.d.ts" <<'NODE'
const fs = require('fs');
const file = process.argv[2];
const text = fs.readFileSync(file, 'utf8');
const declared = new Set([...text.matchAll(/^export (?:declare )?(?:class|function|interface|type|const) (\w+)/gm)].map((m) => m[1]));
const out = text.replace(/^export let (\w+): unknown;\n\n?/gm, (line, name) => (declared.has(name) ? '' : line));
fs.writeFileSync(file, out);
NODE

node "$REPO/scripts/stub-fmt.mjs" "$OUT/apikeys_wasm_bg.wasm" "$WASM_OPT"
# Passes: an -O2 round first, then flattening and the size rounds: 98 B less gzipped than without the -O2 round,
# at the same decode speed (A/B of the two builds in one page).
log "wasm-opt -O2 --flatten --rereloop -Oz -Oz --converge --low-memory-unused ($("$WASM_OPT" --version)); before: $(wc -c <"$OUT/apikeys_wasm_bg.wasm") bytes"
"$WASM_OPT" -O2 --flatten --rereloop -Oz -Oz --converge --low-memory-unused "${STRIP[@]}" --strip-producers \
  --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-multivalue --enable-mutable-globals \
  "$OUT/apikeys_wasm_bg.wasm" -o "$OUT/apikeys_wasm_bg.opt.wasm"
mv -f "$OUT/apikeys_wasm_bg.opt.wasm" "$OUT/apikeys_wasm_bg.wasm"

# wasm-bindgen names each import `__wbg_<name>_<16 hex digits>`, in the wasm and again in the glue; the hashes
# do not compress. Give the imports short names in both (exports keep theirs: the .d.ts types them).
node "$REPO/scripts/short-imports.mjs" "$OUT/apikeys_wasm_bg.wasm" "$OUT/apikeys_wasm.js"
# The glue makes its TextDecoder, TextEncoder and FinalizationRegistries when first needed, not at import.
node "$REPO/scripts/lazy-glue.mjs" "$OUT/apikeys_wasm.js"
# The glue's functions that init() runs are compiled with the module, off the main thread.
node "$REPO/scripts/eager-glue.mjs" "$OUT/apikeys_wasm.js"

log "package files from pkg-template/"
cp -R "$REPO/pkg-template/." "$OUT/"
rm -f "$OUT/.gitignore"   # wasm-bindgen writes none for --target web, but never ship one
version="$(awk -F'"' '/^\[package\]/ { p = 1 } p && /^version *=/ { print $2; exit }' Cargo.toml)"
[ -n "$version" ] || die "no [package] version in Cargo.toml"
node -e '
  const fs = require("fs");
  const file = process.argv[1];
  const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
  pkg.version = process.argv[2];
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
' "$OUT/package.json" "$version"

# The generated module must have the exports the wrapper uses before it is bundled.
for f in index.js index.d.ts wasm-bytes.js apikeys_wasm.js apikeys_wasm.d.ts apikeys_wasm_bg.wasm README.md LICENSE package.json; do
  [ -f "$OUT/$f" ] || die "pkg/$f is missing"
done
surface() { # surface FILE...: each must export the package's surface
  node --input-type=module - "$OUT" "$@" <<'NODE'
const [dir, ...files] = process.argv.slice(2);
const want = ['default', 'initSync', 'APIKeys', 'ClerkAPIResponseError', 'ClerkRuntimeError',
  'isClerkAPIResponseError', 'isClerkRuntimeError'];
for (const file of files) {
  const mod = await import(`${dir}/${file}?${Date.now()}`);
  const missing = want.filter((name) => typeof mod[name] !== 'function');
  if (missing.length) {
    console.error(`pkg/${file} lacks: ${missing.join(', ')}`);
    process.exit(1);
  }
}
NODE
}
surface apikeys_wasm.js index.js || die "pkg/ does not export the package's surface"

# One minified ES module: the wrapper, the generated glue and the snippets bundled by esbuild (pinned in the
# root package.json). The wrapper instantiates with the glue's initSync only, so the glue's fetch-the-.wasm
# loader is left out. The generated apikeys_wasm.d.ts stays: index.d.ts takes its types from it.
ESBUILD="$REPO/node_modules/.bin/esbuild"
[ -x "$ESBUILD" ] || die "$ESBUILD missing (npm ci at the repo root)"
log "esbuild $("$ESBUILD" --version): bundle + minify into index.js"
"$ESBUILD" "$OUT/index.js" --bundle --format=esm --minify --target=es2020 --platform=neutral \
  --legal-comments=none --log-level=warning --outfile="$OUT/index.bundle.js"
mv -f "$OUT/index.bundle.js" "$OUT/index.js"
rm -rf "$OUT/apikeys_wasm.js" "$OUT/snippets" "$OUT/wasm-bytes.js"
if grep -q "apikeys_wasm_bg.wasm" "$OUT/index.js"; then die "the bundle still refers to apikeys_wasm_bg.wasm"; fi

log "wasm inlined into index.js"
node "$REPO/scripts/inline-wasm.mjs" "$OUT/apikeys_wasm_bg.wasm" "$OUT/index.js"
rm -f "$OUT/apikeys_wasm_bg.wasm.d.ts"
surface index.js || die "the bundled pkg/index.js does not export the package's surface"

log "sizes"
node "$REPO/scripts/sizes.mjs" "$OUT"

log "npm pack -> pkg-tarball/apikeys-wasm.tgz"
mkdir -p "$REPO/pkg-tarball"
name="$(cd "$OUT" && npm pack --silent --pack-destination "$REPO/pkg-tarball")"
mv -f "$REPO/pkg-tarball/$name" "$REPO/pkg-tarball/apikeys-wasm.tgz"
log "pkg/ built: apikeys-wasm@$version"
