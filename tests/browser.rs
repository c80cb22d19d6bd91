//! Browser tests of the JS-facing `APIKeys` class against the real devserver (test mode), run by
//! `scripts/test-browser.sh` in headless Chromium and Firefox. Each test signs in its own user, so tests do not
//! depend on each other's keys; the cookie flow has one test of its own.

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[cfg(target_arch = "wasm32")]
#[path = "browser/support.rs"]
pub mod support;

#[cfg(target_arch = "wasm32")]
#[path = "browser/flows.rs"]
pub mod flows;

#[cfg(target_arch = "wasm32")]
#[path = "browser/errors.rs"]
pub mod errors;

#[cfg(target_arch = "wasm32")]
#[path = "browser/retries.rs"]
pub mod retries;

#[cfg(target_arch = "wasm32")]
#[path = "browser/input.rs"]
pub mod input;
