//! The one error type of the SDK. The JS layer turns it into `ClerkAPIResponseError` / `ClerkRuntimeError` /
//! an `AbortError` in a single place (`src/js/error.rs`).
//!
//! Messages never contain secrets or tokens: they are built from the server's error texts, the HTTP status, and
//! fixed strings naming the bad parameter.

use alloc::{borrow::ToOwned, boxed::Box, string::String, vec::Vec};
use core::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// The server answered with a status >= 400.
    Api(Box<ApiError>),
    /// Anything that is not the server's verdict: bad input, network, unreadable response, no token.
    Runtime { code: RuntimeCode, message: String },
    /// The caller's abort signal fired.
    Aborted,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuntimeCode {
    InvalidArgument,
    NetworkError,
    InvalidResponse,
    NoSessionToken,
}

impl RuntimeCode {
    /// The `code` string JS callers see.
    pub fn as_str(self) -> &'static str {
        match self {
            RuntimeCode::InvalidArgument => "invalid_argument",
            RuntimeCode::NetworkError => "network_error",
            RuntimeCode::InvalidResponse => "invalid_response",
            RuntimeCode::NoSessionToken => "no_session_token",
        }
    }
}

/// A decoded error response (Clerk's `{errors:[...], clerk_trace_id}` envelope plus what the headers say).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub status_text: String,
    pub errors: Vec<ApiErrorEntry>,
    pub clerk_trace_id: Option<String>,
    /// Seconds, from an integer `Retry-After` header, on any status (the retry wait uses it; the JS error shows it
    /// only on a 429, as clerk-js does).
    pub retry_after: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApiErrorEntry {
    pub code: String,
    pub message: String,
    pub long_message: Option<String>,
    /// The entry's `meta` object as the server's JSON text (snake_case keys); the JS error class keeps the keys
    /// clerk-js keeps, camelCased (`js/bridge.js`).
    pub meta: Option<String>,
}

impl ApiError {
    /// Clerk's rule: the first error's `long_message`, else its `message`, else the status text, else `HTTP <status>`.
    pub fn message(&self) -> String {
        let first = self.errors.first();
        if let Some(m) = first
            .and_then(|e| e.long_message.as_deref())
            .filter(|m| !m.is_empty())
        {
            return m.to_owned();
        }
        if let Some(m) = first.map(|e| e.message.as_str()).filter(|m| !m.is_empty()) {
            return m.to_owned();
        }
        if !self.status_text.is_empty() {
            return self.status_text.clone();
        }
        let mut s = String::from("HTTP ");
        crate::json::push_int(&mut s, i64::from(self.status));
        s
    }
}

impl Error {
    // `&str` rather than `impl Into<String>`, and never inlined: each generic copy or inlined `String::from`
    // at the ~40 call sites cost wasm bytes; an error path can afford the one copy.
    #[inline(never)]
    pub fn runtime(code: RuntimeCode, message: &str) -> Self {
        Error::Runtime {
            code,
            message: message.to_owned(),
        }
    }

    #[inline(never)]
    pub fn invalid_argument(message: &str) -> Self {
        Error::runtime(RuntimeCode::InvalidArgument, message)
    }

    #[inline(never)]
    pub fn invalid_response(message: &str) -> Self {
        Error::runtime(RuntimeCode::InvalidResponse, message)
    }

    /// Raised before any request when the session has no token (clerk-js' wording).
    pub fn no_session_token() -> Self {
        Error::runtime(
            RuntimeCode::NoSessionToken,
            "No valid session token available",
        )
    }

    /// The user-facing message, by the same rules the JS errors use.
    pub fn message(&self) -> String {
        match self {
            Error::Api(e) => e.message(),
            Error::Runtime { message, .. } => message.clone(),
            Error::Aborted => "The operation was aborted.".to_owned(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(errors: Vec<ApiErrorEntry>, status_text: &str) -> ApiError {
        ApiError {
            status: 403,
            status_text: status_text.into(),
            errors,
            ..ApiError::default()
        }
    }

    fn entry(message: &str, long: Option<&str>) -> ApiErrorEntry {
        ApiErrorEntry {
            code: "c".into(),
            message: message.into(),
            long_message: long.map(Into::into),
            meta: None,
        }
    }

    #[test]
    fn message_prefers_long_message_then_message_then_status_text_then_status() {
        assert_eq!(
            api(vec![entry("short", Some("long"))], "Forbidden").message(),
            "long"
        );
        assert_eq!(
            api(vec![entry("short", None)], "Forbidden").message(),
            "short"
        );
        assert_eq!(
            api(vec![entry("short", Some(""))], "Forbidden").message(),
            "short"
        );
        assert_eq!(
            api(vec![entry("", None)], "Forbidden").message(),
            "Forbidden"
        );
        assert_eq!(api(vec![], "Forbidden").message(), "Forbidden");
        assert_eq!(api(vec![], "").message(), "HTTP 403");
    }

    #[test]
    fn runtime_codes_have_their_js_names() {
        assert_eq!(RuntimeCode::InvalidArgument.as_str(), "invalid_argument");
        assert_eq!(RuntimeCode::NetworkError.as_str(), "network_error");
        assert_eq!(RuntimeCode::InvalidResponse.as_str(), "invalid_response");
        assert_eq!(RuntimeCode::NoSessionToken.as_str(), "no_session_token");
        assert_eq!(
            Error::no_session_token().to_string(),
            "No valid session token available"
        );
        assert_eq!(Error::Aborted.to_string(), "The operation was aborted.");
    }
}
