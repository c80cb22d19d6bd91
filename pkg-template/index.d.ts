export * from './apikeys_wasm.js';
import type { InitInput, InitOutput, SyncInitInput } from './apikeys_wasm.js';

/**
 * Load and instantiate the WebAssembly module. Memoised: concurrent and repeated calls share one
 * instantiation; a failed attempt is forgotten so the next call retries. With no argument the
 * `.wasm` file shipped next to the package entry is fetched.
 */
export default function init(
  moduleOrPath?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<InitOutput>;

/**
 * Instantiate synchronously from bytes or a compiled module. Returns the existing exports when
 * already loaded; throws while an asynchronous `init()` is in flight.
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;
