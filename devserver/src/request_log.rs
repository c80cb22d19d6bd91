//! Test mode only: what the server received, so tests can check what the SDK sent (and how often).
//!
//! The pipeline records every request except CORS preflights and the test API's own paths, before any fault is
//! applied. Credentials are never kept: `authorization` and `cookie` are stored as `[redacted]`.

use crate::app::{lock, AppState};
use crate::json;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

/// Oldest entries are dropped past this many, so a long test run cannot grow memory without bound.
const MAX_ENTRIES: usize = 10_000;
const REDACTED: &str = "[redacted]";

#[derive(Debug, Clone, Serialize)]
pub struct RecordedRequest {
    method: String,
    path: String,
    query: String,
    /// Lower-case names; repeated headers joined with ", ".
    headers: BTreeMap<String, String>,
}

#[derive(Default)]
pub struct RequestLog {
    entries: Mutex<VecDeque<RecordedRequest>>,
}

impl RequestLog {
    pub fn record(&self, method: &Method, uri: &Uri, headers: &HeaderMap) {
        let mut recorded: BTreeMap<String, String> = BTreeMap::new();
        for (name, value) in headers {
            let name = name.as_str();
            let value = if name == "authorization" || name == "cookie" {
                REDACTED.to_owned()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            recorded
                .entry(name.to_owned())
                .and_modify(|v| {
                    if v != REDACTED {
                        v.push_str(", ");
                        v.push_str(&value);
                    }
                })
                .or_insert(value);
        }
        let entry = RecordedRequest {
            method: method.as_str().to_owned(),
            path: uri.path().to_owned(),
            query: uri.query().unwrap_or("").to_owned(),
            headers: recorded,
        };
        let mut entries = lock(&self.entries);
        if entries.len() >= MAX_ENTRIES {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    fn list(&self, path: Option<&str>) -> Vec<RecordedRequest> {
        lock(&self.entries)
            .iter()
            .filter(|r| path.is_none_or(|p| r.path == p))
            .cloned()
            .collect()
    }

    fn clear(&self) {
        lock(&self.entries).clear();
    }
}

/// `GET /__requests[?path=/api_keys]` → `{"requests": [...]}`, oldest first.
pub async fn get_requests(State(app): State<AppState>, uri: Uri) -> Response {
    let path = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .find(|(k, _)| k == "path")
        .map(|(_, v)| v.into_owned());
    json::ok(&json!({ "requests": app.requests.list(path.as_deref()) }))
}

/// `DELETE /__requests` → `{"cleared": true}`.
pub async fn delete_requests(State(app): State<AppState>) -> Response {
    app.requests.clear();
    json::ok(&json!({ "cleared": true }))
}
