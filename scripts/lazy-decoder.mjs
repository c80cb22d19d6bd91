// wasm-bindgen's glue makes its UTF-8 TextDecoder (and decodes nothing with it, to warm it up) when the module
// loads. The first TextDecoder of a page costs about 1.5 ms there (measured on a fresh page: import of the glue
// with and without those two lines), which is start-up time a page pays before it needs a single string (issue
// 5). This makes the decoder when the first string comes out of the wasm: the glue already re-makes it once a
// byte count is reached (a Safari limit), so the count starts at that limit.
// Usage: node scripts/lazy-decoder.mjs pkg/apikeys_wasm.js
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
let js = readFileSync(file, 'utf8');
const edits = [
  [
    "let cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });\ncachedTextDecoder.decode();\n",
    'let cachedTextDecoder;\n',
  ],
  ['let numBytesDecoded = 0;\n', 'let numBytesDecoded = MAX_SAFARI_DECODE_BYTES;\n'],
];
for (const [from, to] of edits) {
  if (js.split(from).length !== 2) {
    console.error(`lazy-decoder: ${file} does not hold exactly one ${JSON.stringify(from)} (a new wasm-bindgen?)`);
    process.exit(1);
  }
  js = js.replace(from, to);
}
writeFileSync(file, js);
