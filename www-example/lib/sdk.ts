import type * as Sdk from 'apikeys-wasm';

export type SdkModule = typeof Sdk;

let loading: Promise<SdkModule> | undefined;

/**
 * Import the package and instantiate its WebAssembly module, once. Called from effects only, so the
 * module never loads while Next prerenders the page on the server. `init()` is itself memoised, so
 * StrictMode's double effects share one instantiation; a failure is forgotten so a retry works.
 */
export function loadSdk(): Promise<SdkModule> {
  if (!loading) {
    loading = import('apikeys-wasm')
      .then(async (sdk) => {
        await sdk.default();
        return sdk;
      })
      .catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
  }
  return loading;
}
