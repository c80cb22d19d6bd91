//! The wasm-bindgen facade: the `APIKeys` class, JS input reading, error classes and TypeScript declarations.
//! It holds no logic worth testing twice; the browser tests in `tests/` drive it through its JS surface.

mod api_keys;
pub mod error;
mod input;
mod options;
mod params;
pub(crate) mod task;
mod types;

pub use api_keys::APIKeys;
