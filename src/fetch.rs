//! The browser [`Transport`]: one JS call (`send` in `js/bridge.js`) does the whole `fetch` and hands back status,
//! the two headers and the body bytes; the caller's `AbortSignal` goes to fetch and to the retry sleep.
//!
//! One snippet function rather than web-sys (`Headers`, `RequestInit`, `Response`, …): each web-sys method is an
//! import with its own glue, and a dozen of them cost more wasm and JS than the twenty lines of JS. gloo-net would
//! add the `http` crate and its own error types on top.

use crate::client::{Request, Response, Transport, TransportError, MAX_BODY_BYTES};
use crate::js::task::wait;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

#[wasm_bindgen(module = "/js/bridge.js")]
extern "C" {
    /// What `send` resolves to.
    type Reply;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Reply) -> u16;
    #[wasm_bindgen(method, getter, js_name = statusText)]
    fn status_text(this: &Reply) -> String;
    #[wasm_bindgen(method, getter, js_name = retryAfter)]
    fn retry_after(this: &Reply) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = traceId)]
    fn trace_id(this: &Reply) -> Option<String>;
    /// The body's length in bytes, read before the body is copied into the wasm.
    #[wasm_bindgen(method, getter)]
    fn size(this: &Reply) -> f64;
    #[wasm_bindgen(method, getter)]
    fn body(this: &Reply) -> Vec<u8>;

    /// See the snippet: resolves to a `Reply`, rejects with `null` (aborted) or a message string.
    fn send(
        method: &str,
        url: &str,
        token: Option<&str>,
        body: Option<&str>,
        credentials: &str,
        signal: Option<&AbortSignal>,
    ) -> Promise;
}

#[wasm_bindgen(module = "/js/bridge.js")]
extern "C" {
    /// `setTimeout` as a promise that an abort rejects early (see the snippet).
    fn sleep(ms: u32, signal: Option<AbortSignal>) -> Promise;
}

pub struct FetchTransport {
    /// The `RequestCredentials` mode: `"include"`, `"same-origin"` or `"omit"`.
    pub credentials: &'static str,
}

impl FetchTransport {
    pub fn new(credentials: &'static str) -> Self {
        FetchTransport { credentials }
    }
}

impl Transport for FetchTransport {
    type Signal = Option<AbortSignal>;

    async fn send(
        &self,
        request: &Request,
        signal: &Self::Signal,
    ) -> Result<Response, TransportError> {
        let promise = send(
            request.method.as_str(),
            &request.url,
            request.bearer.as_deref(),
            request.body.as_deref(),
            self.credentials,
            signal.as_ref(),
        );
        match wait(promise).await {
            Ok(reply) => {
                let reply: Reply = reply.unchecked_into();
                let body_too_large = reply.size() > MAX_BODY_BYTES as f64;
                Ok(Response {
                    status: reply.status(),
                    status_text: reply.status_text(),
                    body: if body_too_large {
                        Vec::new()
                    } else {
                        reply.body()
                    },
                    body_too_large,
                    retry_after: reply.retry_after(),
                    trace_id: reply.trace_id(),
                })
            }
            Err(e) if e.is_null() => Err(TransportError::Aborted),
            Err(e) => Err(TransportError::Network(e.as_string().unwrap_or_default())),
        }
    }

    async fn sleep(&self, ms: u32, signal: &Self::Signal) -> Result<(), TransportError> {
        wait(sleep(ms, signal.clone()))
            .await
            .map(|_| ())
            .map_err(|_| TransportError::Aborted)
    }

    fn jitter(&self) -> f64 {
        js_sys::Math::random()
    }
}
