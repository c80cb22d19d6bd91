// Package entry point: everything wasm-bindgen generated, plus an `init` that is safe to call
// any number of times, concurrently (React StrictMode runs effects twice), and again after a failure.
import wbgInit, { initSync as wbgInitSync } from './apikeys_wasm.js';

export * from './apikeys_wasm.js';

/** The settled module exports once loaded; `undefined` before. */
let exportsCache;
/** The in-flight (or finished) instantiation, shared by every caller; cleared on failure. */
let pending;

function asInitArg(input) {
  if (input === undefined) return undefined;
  if (input !== null && typeof input === 'object' && 'module_or_path' in input) return input;
  return { module_or_path: input };
}

function asSyncArg(input) {
  if (input !== null && typeof input === 'object' && 'module' in input) return input;
  return { module: input };
}

/**
 * Load and instantiate the WebAssembly module (by default `apikeys_wasm_bg.wasm` next to this file,
 * resolved with `new URL(..., import.meta.url)` so bundlers emit it as an asset).
 * The first call starts the work; every later or concurrent call gets the same promise.
 * If loading fails, the promise rejects and the next call tries again.
 */
export default function init(moduleOrPath) {
  if (pending === undefined) {
    pending = wbgInit(asInitArg(moduleOrPath)).then(
      (exports) => {
        exportsCache = exports;
        return exports;
      },
      (error) => {
        pending = undefined;
        throw error;
      },
    );
  }
  return pending;
}

/**
 * Instantiate synchronously from bytes or a compiled `WebAssembly.Module`.
 * A no-op returning the existing exports when the module is already loaded.
 * Throws if an asynchronous `init()` is still in flight (await that instead).
 */
export function initSync(module) {
  if (exportsCache !== undefined) return exportsCache;
  if (pending !== undefined) {
    throw new Error('apikeys-wasm: init() is already in progress; await it instead of calling initSync()');
  }
  const exports = wbgInitSync(asSyncArg(module));
  exportsCache = exports;
  pending = Promise.resolve(exports);
  return exports;
}
