//! Test mode only: faults queued by tests for the next requests to a path.
//!
//! `POST /__faults` queues one fault for `count` matching requests; faults for a path are used first-in first-out.
//! The pipeline (`server.rs`) takes a fault before routing; CORS preflights never take one, so the number of requests
//! a fault affects is the number the page itself made.

use crate::app::{lock, AppState};
use crate::errors::ApiError;
use crate::json::{self, JsonObject};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

/// The body of a `non_json` fault.
const NOT_JSON_BODY: &str = "<html>not json</html>";
const MAX_COUNT: u64 = 10_000;
const MAX_DELAY_MS: u64 = 60_000;
/// Enough to exceed any client's cap on a response body (the SDK reads at most 32 MiB).
const MAX_PAD: u64 = 64 << 20;

/// Marks a response whose body must go out as it is: the pipeline does not replace it with an error envelope.
#[derive(Debug, Clone, Copy)]
pub struct Verbatim;

/// What happens to one request.
#[derive(Debug, Clone)]
pub struct Fault {
    method: Option<Method>,
    remaining: u64,
    status: Option<StatusCode>,
    body: Option<String>,
    /// Spaces after `body`: JSON whitespace, so a JSON body stays valid however large it gets.
    pad: usize,
    /// Added to whatever response the request gets.
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// Waited before anything else.
    pub delay: Option<Duration>,
    /// Close the connection without any response.
    pub drop: bool,
    non_json: bool,
}

impl Fault {
    /// Reads a `POST /__faults` body into the path it applies to and the fault.
    fn parse(body: &JsonObject) -> Result<(String, Fault), ApiError> {
        let path = body
            .string("path")?
            .ok_or_else(|| ApiError::param_missing("path"))?;
        if !path.starts_with('/') {
            return Err(ApiError::param_value(
                "path",
                "path must start with /".to_owned(),
            ));
        }
        let method = body
            .string("method")?
            .map(|m| {
                Method::from_bytes(m.to_ascii_uppercase().as_bytes())
                    .map_err(|_| ApiError::param_format("method", "an HTTP method"))
            })
            .transpose()?;
        let count = body.integer_from("count", 1)?.unwrap_or(1);
        if count > MAX_COUNT {
            return Err(ApiError::param_value(
                "count",
                format!("count must be at most {MAX_COUNT}"),
            ));
        }
        let status = body
            .integer("status")?
            .map(|s| {
                u16::try_from(s)
                    .ok()
                    .filter(|s| (200..=599).contains(s))
                    .and_then(|s| StatusCode::from_u16(s).ok())
                    .ok_or_else(|| {
                        ApiError::param_value(
                            "status",
                            "status must be within 200..=599".to_owned(),
                        )
                    })
            })
            .transpose()?;
        let mut headers = Vec::new();
        for (name, value) in body.object("headers")?.into_iter().flatten() {
            let value = value
                .as_str()
                .ok_or_else(|| ApiError::param_format("headers", "an object of string values"))?;
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                ApiError::param_value("headers", format!("invalid header name {name:?}"))
            })?;
            let value = HeaderValue::from_str(value).map_err(|_| {
                ApiError::param_value("headers", format!("invalid value for {name}"))
            })?;
            headers.push((name, value));
        }
        let delay_ms = body.integer("delay_ms")?;
        if delay_ms.is_some_and(|d| d > MAX_DELAY_MS) {
            return Err(ApiError::param_value(
                "delay_ms",
                format!("delay_ms must be at most {MAX_DELAY_MS}"),
            ));
        }
        let pad = body.integer("pad")?.unwrap_or(0);
        if pad > MAX_PAD {
            return Err(ApiError::param_value(
                "pad",
                format!("pad must be at most {MAX_PAD}"),
            ));
        }
        let text = body.string("body")?.map(str::to_owned);
        if pad > 0 && (text.is_none() || status.is_none()) {
            return Err(ApiError::param_value(
                "pad",
                "pad needs a status and a body".to_owned(),
            ));
        }
        let fault = Fault {
            method,
            remaining: count,
            status,
            body: text,
            pad: pad as usize, // at most MAX_PAD
            headers,
            delay: delay_ms.filter(|d| *d > 0).map(Duration::from_millis),
            drop: body.boolean("drop")?.unwrap_or(false),
            non_json: body.boolean("non_json")?.unwrap_or(false),
        };
        Ok((path.to_owned(), fault))
    }

    /// The response that replaces the real one, if this fault replaces it: a `status` (with `body`, the
    /// `non_json` page, or else an error envelope for 4xx/5xx), or the `non_json` 200 page. `None`: handle the
    /// request normally (a delay or headers only).
    pub fn response(&self) -> Option<Response> {
        if self.status.is_none() && !self.non_json {
            return None;
        }
        let status = self.status.unwrap_or(StatusCode::OK);
        let (body, content_type) = match (&self.body, self.non_json) {
            (Some(body), _) => {
                let is_json = serde_json::from_str::<serde_json::Value>(body).is_ok();
                let content_type = if is_json {
                    "application/json"
                } else {
                    "text/html; charset=utf-8"
                };
                let mut body = body.clone();
                body.extend(core::iter::repeat_n(' ', self.pad));
                (body, Some(content_type))
            }
            (None, true) => (NOT_JSON_BODY.to_owned(), Some("text/html; charset=utf-8")),
            (None, false) if status.as_u16() >= 400 => {
                return Some(ApiError::for_status(status).into_response())
            }
            (None, false) => (String::new(), None),
        };
        let mut response = (status, Body::from(body)).into_response();
        if let Some(content_type) = content_type {
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        response.extensions_mut().insert(Verbatim);
        Some(response)
    }
}

/// Queued faults, per exact path.
#[derive(Default)]
pub struct FaultQueue {
    queues: Mutex<HashMap<String, VecDeque<Fault>>>,
}

impl FaultQueue {
    fn push(&self, path: String, fault: Fault) {
        lock(&self.queues).entry(path).or_default().push_back(fault);
    }

    /// Uses up one application of the oldest fault for `path` that matches `method`.
    pub fn take(&self, path: &str, method: &Method) -> Option<Fault> {
        let mut queues = lock(&self.queues);
        let queue = queues.get_mut(path)?;
        let index = queue
            .iter()
            .position(|f| f.method.as_ref().is_none_or(|m| m == method))?;
        let fault = queue.get_mut(index)?;
        fault.remaining = fault.remaining.saturating_sub(1);
        let taken = fault.clone();
        if taken.remaining == 0 {
            queue.remove(index);
        }
        if queue.is_empty() {
            queues.remove(path);
        }
        Some(taken)
    }

    fn clear(&self) {
        lock(&self.queues).clear();
    }
}

/// `POST /__faults` → `{"queued": count}`.
pub async fn post_faults(State(app): State<AppState>, body: Body) -> Result<Response, ApiError> {
    let body = json::read_object(body).await?;
    let (path, fault) = Fault::parse(&body)?;
    let count = fault.remaining;
    app.faults.push(path, fault);
    Ok(json::ok(&json!({ "queued": count })))
}

/// `DELETE /__faults` → `{"cleared": true}`.
pub async fn delete_faults(State(app): State<AppState>) -> Response {
    app.faults.clear();
    json::ok(&json!({ "cleared": true }))
}
