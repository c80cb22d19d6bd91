// wasm-bindgen's glue makes, when the module loads, things a page needs only once it uses the SDK: its UTF-8
// TextDecoder (decoding nothing with it, to warm it up), its TextEncoder, and a FinalizationRegistry for the
// APIKeys class and one for closures. On a fresh page these cost start-up time before a single call (issue 5;
// import of the glue with and without each, paired in the same fresh pages: the decoder ≈1.4 ms, the encoder and
// the two registries ≈1.2 ms together). This makes each on first use:
// - the decoder when the first string comes out of the wasm (the glue already re-makes it once a byte count is
//   reached, a Safari limit, so the count starts at that limit);
// - the encoder when the first string goes in;
// - each registry at its first `register` (an `unregister` before that has nothing to remove).
// Usage: node scripts/lazy-glue.mjs pkg/apikeys_wasm.js
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
let js = readFileSync(file, 'utf8');
const fail = (what) => {
  console.error(`lazy-glue: ${file} does not hold ${what} (a new wasm-bindgen?)`);
  process.exit(1);
};
const edits = [
  [
    "let cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });\ncachedTextDecoder.decode();\n",
    'let cachedTextDecoder;\n',
  ],
  ['let numBytesDecoded = 0;\n', 'let numBytesDecoded = MAX_SAFARI_DECODE_BYTES;\n'],
  ['const cachedTextEncoder = new TextEncoder();\n', 'let cachedTextEncoder;\n'],
];
for (const [from, to] of edits) {
  if (js.split(from).length !== 2) fail(`exactly one ${JSON.stringify(from)}`);
  js = js.replace(from, to);
}
const uses = (re, to, what) => {
  const before = js;
  js = js.replace(re, to);
  if (js === before) fail(what);
};
uses(/\bcachedTextEncoder\.(encode|encodeInto)\(/g, '(cachedTextEncoder ??= new TextEncoder()).$1(', 'a use of cachedTextEncoder');
if (/\bcachedTextEncoder\.(?!encode\(|encodeInto\()/.test(js)) fail('only encode/encodeInto uses of cachedTextEncoder');
uses(/\bnew FinalizationRegistry\(/g, 'lazyFinalizationRegistry(', 'a FinalizationRegistry');
js += `
function lazyFinalizationRegistry(cleanup) {
    let registry;
    return {
        register: (target, held, token) => (registry ??= new FinalizationRegistry(cleanup)).register(target, held, token),
        unregister: (token) => registry !== undefined && registry.unregister(token),
    };
}
`;
writeFileSync(file, js);
