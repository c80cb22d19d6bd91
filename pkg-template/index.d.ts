export * from './apikeys_wasm.js';
import type { InitOutput } from './apikeys_wasm.js';

/**
 * Compile and instantiate the WebAssembly module, which is inside the package (no `.wasm` file to fetch).
 * Memoised: concurrent and repeated calls share one instantiation; a failed attempt is forgotten so the next
 * call retries.
 */
export default function init(): Promise<InitOutput>;

/**
 * Compile and instantiate synchronously. Returns the existing exports when already instantiated; `init()`
 * resolves to the same exports.
 */
export function initSync(): InitOutput;
