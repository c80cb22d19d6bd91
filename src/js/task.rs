//! The SDK's executor: a call is a [`Task`] that JS drives (`run` in `js/bridge.js`). JS polls it; while the task
//! waits on a promise (handed over by `park`), JS waits on that promise and polls again once it settles, leaving
//! the outcome for the task to read (`settled`). One `then` per wait and nothing else: wasm-bindgen-futures'
//! microtask queue and its closures across the boundary cost kilobytes of wasm and a dozen imports (issue 5).

use alloc::boxed::Box;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/bridge.js")]
extern "C" {
    /// Drives `task` to its end; the promise settles as the task does.
    fn run(task: Task) -> Promise;
    /// Hands JS the promise the task being polled waits on.
    fn park(promise: &Promise);
    /// How that promise settled: its value, or its reason as the error.
    #[wasm_bindgen(catch)]
    fn settled() -> Result<JsValue, JsValue>;
}

/// A call in flight. Not part of the package's surface: only `run` holds one.
#[wasm_bindgen(skip_typescript)]
pub struct Task {
    call: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>,
}

#[wasm_bindgen]
impl Task {
    /// Runs the call until it waits or ends: its value once it has one (an error is thrown), `undefined` while it
    /// waits (no call resolves to `undefined`).
    pub fn poll(&mut self) -> Result<JsValue, JsValue> {
        let mut cx = Context::from_waker(Waker::noop());
        match self.call.as_mut().poll(&mut cx) {
            Poll::Ready(outcome) => outcome,
            Poll::Pending => Ok(JsValue::UNDEFINED),
        }
    }
}

/// The promise of `call`'s outcome. The call starts in a microtask, once the caller's method has returned.
pub fn spawn(call: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    run(Task {
        call: Box::pin(call),
    })
}

/// Waits for `promise`: its value, or its rejection reason as the error.
pub fn wait(promise: Promise) -> impl Future<Output = Result<JsValue, JsValue>> {
    Wait(Some(promise))
}

struct Wait(Option<Promise>);

impl Future for Wait {
    type Output = Result<JsValue, JsValue>;

    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Self::Output> {
        match self.0.take() {
            Some(promise) => {
                park(&promise);
                Poll::Pending
            }
            None => Poll::Ready(settled()),
        }
    }
}
