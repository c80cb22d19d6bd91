// Package entry point: everything wasm-bindgen generated, plus an `init` that is safe to call any number of
// times, concurrently (React StrictMode runs effects twice), and again after a failure. The wasm module is
// inside this file (see wasm-bytes.js), so there is no `.wasm` to fetch and nothing for a bundler to handle.
import { initSync as instantiate } from './apikeys_wasm.js';
import { wasmText } from './wasm-bytes.js';

export * from './apikeys_wasm.js';

/** The module exports once instantiated; `undefined` before. */
let exportsCache;
/** The in-flight (or finished) `init()`, shared by every caller; cleared on failure. */
let pending;

function bytes() {
  const text = wasmText();
  const out = new Uint8Array(text.length);
  for (let i = 0; i < out.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function finish(module) {
  if (exportsCache === undefined) exportsCache = instantiate({ module });
  return exportsCache;
}

/**
 * Compile (off the main thread where the browser can) and instantiate the module; resolves to its exports.
 * The first call starts the work; every later or concurrent call gets the same promise. If it fails (say, a
 * Content-Security-Policy without 'wasm-unsafe-eval'), the promise rejects and the next call tries again.
 */
export default function init() {
  if (pending === undefined) {
    pending = (exportsCache !== undefined ? Promise.resolve(exportsCache) : WebAssembly.compile(bytes()))
      .then(finish)
      .then(undefined, (error) => {
        pending = undefined;
        throw error;
      });
  }
  return pending;
}

/**
 * Compile and instantiate synchronously; returns the exports. Returns the existing exports when the module is
 * already instantiated; if an `init()` is in flight, that one then resolves to these same exports.
 */
export function initSync() {
  return exportsCache !== undefined ? exportsCache : finish(new WebAssembly.Module(bytes()));
}
