//! CORS: which origins get a grant, and the preflight answer.
//!
//! Allowed: the server's own origin (by bound address, or by the request's `Host`, which covers any name the server
//! is reached under), `http://localhost[:port]`, `http://127.0.0.1[:port]`, and each `--allow-origin`. An allowed
//! origin is echoed with credentials allowed; any other origin gets no `Access-Control-Allow-*` header at all, and
//! its preflights a 403.

use crate::errors::ApiError;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// Headers a page may read from our responses.
const EXPOSE_HEADERS: &str = "Retry-After, X-Clerk-Trace-Id";
const DEFAULT_ALLOW_HEADERS: &str = "authorization, content-type";
const MAX_AGE_SECONDS: &str = "600";

pub struct Cors {
    own: String,
    extra: Vec<String>,
    methods: &'static str,
}

impl Cors {
    /// In test mode `DELETE` is also allowed, so browser tests can clear `/__faults` and `/__requests`.
    pub fn new(bound: SocketAddr, extra: Vec<String>, test_mode: bool) -> Cors {
        Cors {
            own: format!("http://{bound}"),
            extra: extra
                .into_iter()
                .map(|o| o.trim_end_matches('/').to_owned())
                .collect(),
            methods: if test_mode {
                "GET, POST, DELETE, OPTIONS"
            } else {
                "GET, POST, OPTIONS"
            },
        }
    }

    /// The request's `Origin` if it is allowed.
    pub fn allowed_origin(&self, headers: &HeaderMap) -> Option<HeaderValue> {
        let value = headers.get(header::ORIGIN)?;
        let origin = value.to_str().ok()?;
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        self.allows(origin, host).then(|| value.clone())
    }

    fn allows(&self, origin: &str, host: Option<&str>) -> bool {
        origin == self.own
            || host.is_some_and(|h| origin.strip_prefix("http://") == Some(h))
            || is_local_dev_origin(origin)
            || self.extra.iter().any(|o| o == origin)
    }

    /// The answer to an `OPTIONS` request. The grant headers themselves are added by [`Cors::grant`] with every other
    /// response's; this adds what only a preflight carries.
    pub fn preflight(&self, headers: &HeaderMap) -> Response {
        let allowed = self.allowed_origin(headers).is_some();
        if headers.contains_key(header::ORIGIN) && !allowed {
            return ApiError::origin_invalid().into_response();
        }
        let mut response = StatusCode::NO_CONTENT.into_response();
        let out = response.headers_mut();
        out.insert(header::ALLOW, HeaderValue::from_static(self.methods));
        if allowed {
            out.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(self.methods),
            );
            let requested = headers
                .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
                .filter(|v| !v.is_empty())
                .cloned()
                .unwrap_or(HeaderValue::from_static(DEFAULT_ALLOW_HEADERS));
            out.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested);
            out.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static(MAX_AGE_SECONDS),
            );
        }
        response
    }

    /// Adds the grant for an allowed origin to any response (errors and injected faults included, or a page could
    /// not read them). `Vary: Origin` goes on every response, since the answer depends on the origin.
    pub fn grant(&self, origin: Option<HeaderValue>, response: &mut Response) {
        let out = response.headers_mut();
        out.append(header::VARY, HeaderValue::from_static("Origin"));
        if let Some(origin) = origin {
            out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            out.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
            out.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static(EXPOSE_HEADERS),
            );
        }
    }
}

/// `http://localhost` or `http://127.0.0.1`, with or without a port.
fn is_local_dev_origin(origin: &str) -> bool {
    ["http://localhost", "http://127.0.0.1"]
        .iter()
        .filter_map(|prefix| origin.strip_prefix(prefix))
        .any(|rest| {
            rest.is_empty()
                || rest.strip_prefix(':').is_some_and(|port| {
                    (1..=5).contains(&port.len()) && port.bytes().all(|b| b.is_ascii_digit())
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        let cors = Cors::new(
            "10.0.0.1:8787".parse().unwrap(),
            vec!["https://app.example/".into()],
            false,
        );
        assert!(cors.allows("http://10.0.0.1:8787", None));
        assert!(cors.allows("http://localhost:3000", None));
        assert!(cors.allows("http://localhost", None));
        assert!(cors.allows("http://127.0.0.1:8788", None));
        assert!(cors.allows("https://app.example", None));
        assert!(cors.allows("http://devbox:8787", Some("devbox:8787")));
        assert!(!cors.allows("http://localhost.evil.test", None));
        assert!(!cors.allows("http://localhost:80x", None));
        assert!(!cors.allows("https://localhost:3000", None));
        assert!(!cors.allows("http://127.0.0.1.evil.test", None));
        assert!(!cors.allows("http://evil.test", Some("127.0.0.1:8787")));
        assert!(!cors.allows("null", None));
    }
}
