#!/usr/bin/env bash
# Installs what `make demo` / `make test` need and is missing, from the package registries only
# (rustup, crates, Debian, npm). Safe to run again: each step checks before it installs.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }

# Node is not installed here (it comes with the machine), but an older one fails late, in the packaging tests:
# Vite 8 needs 20.19 (or 22.12), Next.js 16 20.9.
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "error: Node $(node --version 2>/dev/null || echo 'not found') is too old: install Node 20.19+ or 22.12+" >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for c in rustfmt clippy; do
  rustup component list --installed | grep -q "^$c" || rustup component add "$c"
done

# The CLI must equal the wasm-bindgen crate pinned in Cargo.lock, or it refuses the module.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "cargo install --locked wasm-bindgen-cli --version $want (have: ${have:-none})"
  cargo install --locked --force wasm-bindgen-cli --version "$want"
fi

missing=()
command -v curl >/dev/null || missing+=(curl)   # devserver/tests/readme_walkthrough.rs runs the README's curl walkthrough
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v firefox-esr >/dev/null || missing+=(firefox-esr)
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v geckodriver >/dev/null; then
  say "cargo install --locked geckodriver"
  cargo install --locked geckodriver
fi

# Root dev tools (wasm-opt from npm's binaryen, typescript, playwright-core).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci (dev tools)"
  npm ci --no-audit --no-fund --loglevel=error
fi
