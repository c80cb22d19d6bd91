//! Manage a signed-in user's API keys against Clerk's Frontend API from the browser.
//!
//! Two layers:
//! - a pure Rust core (every module but `fetch` and `js`), host-tested with `cargo test`: options → base URL,
//!   params → query and bodies, JSON → models, error envelopes, the retry policy, and [`Client`], generic over a
//!   [`Transport`];
//! - on `wasm32`, a browser [`Transport`] over `fetch` and the JS-facing `APIKeys` class, which only converts at the
//!   two ends.
//!
//! ```no_run
//! # async fn demo<T: apikeys_wasm::Transport<Signal = ()>>(transport: T) -> Result<(), apikeys_wasm::Error> {
//! use apikeys_wasm::{Call, Client, CreateAPIKeyParams, Endpoint, GetAPIKeysParams};
//! let endpoint = Endpoint { frontend_api: Some("clerk.example.com".into()), ..Endpoint::default() };
//! let client = Client::new(transport, endpoint.base_url(None)?);
//! let call = Call { token: Some("session-jwt"), default_subject: Some("user_123"), signal: &() };
//! let page = client.get_all(&GetAPIKeysParams::default(), &call).await?;
//! let key = client.create(&CreateAPIKeyParams { name: "ci".into(), ..Default::default() }, &call).await?;
//! # let _ = (page, key); Ok(()) }
//! ```
//!
//! The shipped wasm is built with `--no-default-features --features tiny`: `#![no_std]` with a trapping panic
//! handler and the small allocator in `tiny_alloc.rs` (see Cargo.toml).

#![cfg_attr(
    all(target_arch = "wasm32", feature = "tiny", not(feature = "std")),
    no_std
)]

extern crate alloc;

#[cfg(all(target_arch = "wasm32", feature = "tiny", not(feature = "std")))]
mod tiny_alloc;

pub mod client;
pub mod config;
pub mod error;
pub mod json;
pub mod model;
pub mod output;
pub mod params;
pub mod retry;
pub mod wire;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod test_rng;

#[cfg(target_arch = "wasm32")]
pub mod fetch;
#[cfg(target_arch = "wasm32")]
pub mod js;

pub use client::{Call, Client, Request, RequestParts, Response, Transport, TransportError};
pub use config::Endpoint;
pub use error::{ApiError, ApiErrorEntry, Error, RuntimeCode};
pub use model::{APIKey, Page};
pub use params::{CreateAPIKeyParams, Field, GetAPIKeysParams, RevokeAPIKeyParams};
pub use retry::Method;
