//! The one place where a Rust [`Error`] becomes a JS value: `ClerkAPIResponseError`, `ClerkRuntimeError`, or a
//! `DOMException` named `AbortError`. The classes live in `js/bridge.js` and are re-exported from the generated
//! module, so `import { ClerkAPIResponseError } from 'apikeys-wasm'` gives the very class `instanceof` checks.

use crate::error::Error;
use crate::output::errors_json;
use alloc::string::String;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/bridge.js")]
extern "C" {
    #[wasm_bindgen(reexport)]
    pub type ClerkAPIResponseError;
    #[wasm_bindgen(reexport)]
    pub type ClerkRuntimeError;

    #[wasm_bindgen(reexport, js_name = isClerkAPIResponseError)]
    pub fn is_clerk_api_response_error(err: &JsValue) -> bool;
    #[wasm_bindgen(reexport, js_name = isClerkRuntimeError)]
    pub fn is_clerk_runtime_error(err: &JsValue) -> bool;

    #[wasm_bindgen(js_name = apiError)]
    fn api_error(
        message: &str,
        status: u16,
        errors_json: &str,
        clerk_trace_id: Option<String>,
        retry_after: Option<u32>,
        production_base: &str,
    ) -> JsValue;
    #[wasm_bindgen(js_name = runtimeError)]
    fn runtime_error(message: &str, code: &str) -> JsValue;
    #[wasm_bindgen(js_name = abortError)]
    fn abort_error() -> JsValue;
}

/// Build the JS error a promise rejects with. `retryAfter` only on a 429, as clerk-js sets it (spec 4.2: "set only on
/// 429"), so code that reads it as "rate limited" works with both; a 503's `Retry-After` still sets the retry wait.
/// `production_base`: the base URL when the client was made with a production key, else empty (see `apiError`).
pub fn to_js(err: &Error, production_base: &str) -> JsValue {
    match err {
        Error::Api(e) => api_error(
            &e.message(),
            e.status,
            &errors_json(&e.errors),
            e.clerk_trace_id.clone(),
            e.retry_after.filter(|_| e.status == 429),
            production_base,
        ),
        Error::Runtime { code, message } => runtime_error(message, code.as_str()),
        Error::Aborted => abort_error(),
    }
}
