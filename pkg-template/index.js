// Package entry point: everything wasm-bindgen generated, plus an `init` that is safe to call any number of
// times, concurrently (React StrictMode runs effects twice), and again after a failure. The wasm module is
// inside this file (see wasm-bytes.js), so there is no `.wasm` to fetch and nothing for a bundler to handle.
import { initSync as instantiate } from './apikeys_wasm.js';
import { wasmText } from './wasm-bytes.js';

// The package's surface; the glue's other exports (the executor's Task, its own init functions) are internal.
export {
  APIKeys,
  ClerkAPIResponseError,
  ClerkRuntimeError,
  isClerkAPIResponseError,
  isClerkRuntimeError,
} from './apikeys_wasm.js';

/** The module exports once instantiated; `undefined` before. */
let exportsCache;

// The functions a default `init()` runs are parenthesized function expressions: V8 compiles those with the module,
// off the main thread while the file streams in, instead of on the main thread at their first call (issue 5:
// start-up: init() 0.6–1.0 ms sooner on a fresh page, in three runs of 60–80 loads). scripts/eager-glue.mjs does
// the same to the glue's.

/**
 * The wasm bytes from the text that holds one character per byte. `btoa` reads each character as one byte, and
 * `Uint8Array.fromBase64` (Chrome 140, Firefox 133, Safari 18.2) turns that back into bytes: both native, about
 * 0.5 ms on a cold page where the loop below takes about 5 ms (issue 5: start-up). The loop is for older engines.
 */
const bytes = (function bytes() {
  const text = wasmText();
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(btoa(text));
  const out = new Uint8Array(text.length);
  for (let i = 0; i < out.length; i++) out[i] = text.charCodeAt(i);
  return out;
});

/**
 * wasm-bindgen's own forms, `{ module }` (initSync) and `{ module_or_path }` (init): the value inside the plain
 * object; anything else as it is.
 */
const unwrap = (function unwrap(arg, key) {
  return arg !== null && typeof arg === 'object' && Object.getPrototypeOf(arg) === Object.prototype ? arg[key] : arg;
});

/**
 * Compile and instantiate synchronously; returns the exports. Returns the existing exports when the module is
 * already instantiated, so every caller (and every `init()`) shares one instance. `module` (optional): this
 * package's wasm compiled or as bytes, say from the `apikeys-wasm/apikeys_wasm_bg.wasm` subpath through
 * `WebAssembly.compileStreaming`, used instead of the copy inside this file; or `{ module }`, as wasm-bindgen takes it.
 */
export const initSync = (function initSync(module) {
  if (exportsCache === undefined) {
    const m = unwrap(module, 'module');
    const compiled = m instanceof WebAssembly.Module ? m : new WebAssembly.Module(m ?? bytes());
    exportsCache = instantiate({ module: compiled });
  }
  return exportsCache;
});

/**
 * Resolves to the module's exports, compiling and instantiating on the first call; every later or concurrent
 * call gets the same exports. The argument (optional, or a promise of one) takes what wasm-bindgen's `init` takes:
 * `{ module_or_path }`, or directly a URL, path or `Request` (fetched: the `.wasm` subpath, say, where a CSP or a
 * CDN wants the module as a file), a `Response`, bytes, or a compiled module; none of it is fetched or read once
 * the module is instantiated. The compile is synchronous: `WebAssembly.compile` made init() 0.65–0.95 ms slower on
 * a fresh page (2.05–2.4 ms against 1.35–1.6 in `make bench`, four runs of 40–60 loads; issue 5: start-up). If it
 * fails (say, a Content-Security-Policy without 'wasm-unsafe-eval'), the promise rejects and the next call tries
 * again.
 */
export default (function init(source) {
  return new Promise((resolve) => {
    const s = unwrap(source, 'module_or_path');
    resolve(s === undefined ? instance() : Promise.resolve(s).then(load));
  });
});

/** A URL, path or Request is fetched and a Response read, unless the module is instantiated already. */
function load(s) {
  if (exportsCache !== undefined) return exportsCache;
  const fetched = typeof s === 'string' || s instanceof URL || s instanceof Request ? fetch(s) : s;
  return Promise.resolve(fetched).then((r) => (r instanceof Response ? r.arrayBuffer() : r)).then(instance);
}

/**
 * `initSync`, or where the engine refuses to compile this module synchronously, the same from an asynchronous
 * compile. Chrome before 114 (and WebViews and browsers built on it) throw a RangeError for a synchronous compile
 * of more than 4 KB on the main thread.
 */
const instance = (function instance(module) {
  // Decoded once, for both tries; not at all once instantiated.
  const source = exportsCache === undefined ? module ?? bytes() : module;
  try {
    return initSync(source);
  } catch (error) {
    if (!(error instanceof RangeError) || source instanceof WebAssembly.Module) throw error;
    return WebAssembly.compile(source).then(initSync);
  }
});
