// Filled in when the package is built (scripts/inline-wasm.mjs): the wasm module, one character per byte. A
// function, so that the text is read only when init() runs; parenthesized, as index.js says why.
export const wasmText = (function wasmText() {
  return "__APIKEYS_WASM_BYTES__";
});
