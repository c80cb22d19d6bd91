// Puts the wasm inside the bundled index.js, so that loading the package is one module fetch, with no second
// round trip for a `.wasm` file and nothing for bundlers to emit as an asset (issue 5: start-up).
// `node scripts/inline-wasm.mjs WASM JS`: the one "__APIKEYS_WASM_BYTES__" string in JS becomes a reference to a
// variable that the file then starts with: a single-quoted string literal holding each byte of WASM as the character
// of that code (U+0000-U+00FF), which the wrapper turns back into bytes (`btoa` + `Uint8Array.fromBase64`, see
// pkg-template/index.js) only when init() runs, so the variable is set by then. Gzipped, that costs ~5% over the
// bare .wasm (base64 would cost ~30%). First in the file: the binary text does not share deflate blocks with the
// code (at the end: 601 B more gzipped, as sizes.mjs counts), and a fresh page is ready no later (at the end: 2.0 ms
// later against the baseline in the same pages in one run, N=120, and 0.2 ms later in another, N=150, both under
// Playwright). A string, not a template literal: V8 scans it faster; a fresh page without DevTools attached
// imported the package 1.9 and 3.1 ms sooner, against the baseline in the same pages (N=80, N=60). Single quotes:
// the wasm holds 15 `'` and 940 `"`, and each escape is a byte more. Escaped: `\`, `'`, LF and CR, which a string
// literal cannot hold as themselves, and every byte above 0x7F as `\xNN`, so the file is ASCII: the same text
// with its ~4,300 characters above U+007F replaced imported 0.5 ms sooner on fresh pages (N=150), the escaped one
// 0.2 and 0.8 ms sooner in two runs (N=150), for 389 B gzipped; and bundlers that write ASCII (esbuild's default)
// leave it as it is. Not `%XX` read back with `unescape`: init() ≈1.5 ms slower.
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmPath, jsPath] = process.argv.slice(2);
const PLACEHOLDER = '"__APIKEYS_WASM_BYTES__"';
const js = readFileSync(jsPath, 'utf8');
const at = js.indexOf(PLACEHOLDER);
if (at < 0 || js.indexOf(PLACEHOLDER, at + 1) >= 0) {
  console.error(`inline-wasm: ${jsPath} must hold ${PLACEHOLDER} exactly once`);
  process.exit(1);
}
const escapes = { 0x5c: '\\\\', 0x27: "\\'", 0x0a: '\\n', 0x0d: '\\r' };
const char = (byte) => escapes[byte] ?? (byte > 0x7f ? `\\x${byte.toString(16)}` : String.fromCharCode(byte));
let literal = "'";
for (const byte of readFileSync(wasmPath)) literal += char(byte);
literal += "'";
const name = '__apikeys_wasm';
if (js.includes(name)) {
  console.error(`inline-wasm: ${jsPath} already uses the name ${name}`);
  process.exit(1);
}
writeFileSync(jsPath, `var ${name}=${literal};${js.slice(0, at)}(${name})${js.slice(at + PLACEHOLDER.length)}`, "utf8");
