export * from './apikeys_wasm.js';
import type { InitOutput } from './apikeys_wasm.js';

/**
 * Compile and instantiate the WebAssembly module, which is inside the package (no `.wasm` file to fetch).
 * Memoised: concurrent and repeated calls share one instantiation; a failed attempt is forgotten so the next
 * call retries. `module`: this package's wasm, compiled or as bytes (the `apikeys-wasm/apikeys_wasm_bg.wasm`
 * subpath), to use instead of the copy inside the package. Where the engine refuses a synchronous compile (Chrome
 * before 114 does for any module over 4 KB), it compiles asynchronously instead.
 */
export default function init(
  module?: WebAssembly.Module | BufferSource | Promise<WebAssembly.Module | BufferSource>,
): Promise<InitOutput>;

/**
 * Compile and instantiate synchronously. Returns the existing exports when already instantiated; `init()`
 * resolves to the same exports. Throws a `RangeError` where the engine refuses a synchronous compile of this
 * module (Chrome before 114); `init()` works there, or pass `initSync` a module compiled beforehand.
 */
export function initSync(module?: WebAssembly.Module | BufferSource): InitOutput;
