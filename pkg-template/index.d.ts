export * from './apikeys_wasm.js';
import type { InitInput, InitOutput, SyncInitInput } from './apikeys_wasm.js';

/**
 * Compile and instantiate the WebAssembly module, which is inside the package (no `.wasm` file to fetch).
 * Memoised: concurrent and repeated calls share one instantiation; a failed attempt is forgotten so the next
 * call retries. The argument takes what wasm-bindgen's `init` takes, to use instead of the copy inside the package:
 * `{ module_or_path }`, or directly a URL, path or `Request` of this package's wasm (the
 * `apikeys-wasm/apikeys_wasm_bg.wasm` subpath), a `Response`, its bytes, or the compiled module. Where the engine
 * refuses a synchronous compile (Chrome before 114 does for any module over 4 KB), it compiles asynchronously instead.
 */
export default function init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<InitOutput>;

/**
 * Compile and instantiate synchronously. Returns the existing exports when already instantiated; `init()`
 * resolves to the same exports. `module`: this package's wasm (bytes or compiled), or `{ module }`, as with
 * wasm-bindgen. Throws a `RangeError` where the engine refuses a synchronous compile of this module (Chrome before
 * 114); `init()` works there, or pass `initSync` a module compiled beforehand.
 */
export function initSync(module?: { module: SyncInitInput } | SyncInitInput): InitOutput;
