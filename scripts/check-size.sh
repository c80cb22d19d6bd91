#!/usr/bin/env bash
# The size budget CI enforces (issue 5): the shipped wasm plus all shipped JS, gzipped, at most 30 KB.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/sizes.mjs pkg --budget 30000
