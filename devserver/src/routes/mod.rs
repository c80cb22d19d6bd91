//! Request handlers, one file per resource.

pub mod api_keys;
pub mod demo;
pub mod sessions;
