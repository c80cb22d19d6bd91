//! The browser [`Transport`]: the global `fetch` (so it works in windows and workers alike) called through
//! web-sys, with the caller's `AbortSignal` handed to fetch and to the retry sleep.
//!
//! web-sys directly rather than gloo-net: gloo-net brings the `http` crate and its own error types for the five
//! calls used here.

use crate::client::{Request, Response, Transport, TransportError};
use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, RequestCredentials, RequestInit, RequestMode};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, present on `Window` and `WorkerGlobalScope`.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Promise;
}

#[wasm_bindgen(module = "/js/sleep.js")]
extern "C" {
    /// `setTimeout` as a promise that an abort rejects early (see the snippet).
    fn sleep(ms: u32, signal: Option<AbortSignal>) -> Promise;
}

pub struct FetchTransport {
    pub credentials: RequestCredentials,
}

impl FetchTransport {
    pub fn new(credentials: RequestCredentials) -> Self {
        FetchTransport { credentials }
    }
}

fn is_aborted(signal: &Option<AbortSignal>) -> bool {
    signal.as_ref().is_some_and(AbortSignal::aborted)
}

/// Map a rejected fetch or body read: an abort stays an abort, anything else is a network failure.
fn failure(err: &JsValue, signal: &Option<AbortSignal>) -> TransportError {
    let name = js_sys::Reflect::get(err, &JsValue::from_str("name"))
        .ok()
        .and_then(|v| v.as_string());
    if is_aborted(signal) || name.as_deref() == Some("AbortError") {
        return TransportError::Aborted;
    }
    let message = js_sys::Reflect::get(err, &JsValue::from_str("message"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    TransportError::Network(message)
}

fn header(headers: &Headers, name: &str) -> Option<String> {
    headers.get(name).ok().flatten()
}

impl Transport for FetchTransport {
    type Signal = Option<AbortSignal>;

    async fn send(
        &self,
        request: &Request,
        signal: &Self::Signal,
    ) -> Result<Response, TransportError> {
        if is_aborted(signal) {
            return Err(TransportError::Aborted);
        }
        let init = RequestInit::new();
        init.set_method(request.method.as_str());
        init.set_mode(RequestMode::Cors);
        init.set_credentials(self.credentials);
        let headers = Headers::new().map_err(|e| failure(&e, signal))?;
        if let Some(token) = &request.bearer {
            let value = ["Bearer ", token].concat();
            // `set` throws only for bytes outside Latin-1; such a token cannot be sent at all.
            headers.set("Authorization", &value).map_err(|_| {
                TransportError::Network("the session token is not a valid header value".into())
            })?;
        }
        if let Some(body) = &request.body {
            headers
                .set("Content-Type", "application/json")
                .map_err(|e| failure(&e, signal))?;
            init.set_body(&JsValue::from_str(body));
        }
        init.set_headers(&headers);
        init.set_signal(signal.as_ref());

        let resp = JsFuture::from(global_fetch(&request.url, &init))
            .await
            .map_err(|e| failure(&e, signal))?;
        let resp: web_sys::Response = resp
            .dyn_into()
            .map_err(|_| TransportError::Network("fetch did not return a Response".into()))?;
        let head = resp.headers();
        let buffer_promise = resp.array_buffer().map_err(|e| failure(&e, signal))?;
        let buffer = JsFuture::from(buffer_promise)
            .await
            .map_err(|e| failure(&e, signal))?;
        Ok(Response {
            status: resp.status(),
            status_text: resp.status_text(),
            body: Uint8Array::new(&buffer).to_vec(),
            retry_after: header(&head, "retry-after"),
            trace_id: header(&head, "x-clerk-trace-id"),
        })
    }

    async fn sleep(&self, ms: u32, signal: &Self::Signal) -> Result<(), TransportError> {
        JsFuture::from(sleep(ms, signal.clone()))
            .await
            .map(|_| ())
            .map_err(|_| TransportError::Aborted)
    }

    fn jitter(&self) -> f64 {
        js_sys::Math::random()
    }
}
