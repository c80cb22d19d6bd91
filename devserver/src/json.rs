//! JSON in and out: bounded request-body reading, typed field access that reports the offending parameter, and
//! JSON responses.

use crate::errors::ApiError;
use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use serde::Serialize;
use serde_json::{Map, Value};
use std::time::Duration;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// How long a request body may take to arrive: a client that announced more than it sends gets a 408 then,
/// instead of holding the request open for good. 64 KiB takes milliseconds from any real client.
pub const BODY_READ_TIME: Duration = Duration::from_secs(5);

/// A request body that was a JSON object (an empty body counts as `{}`).
#[derive(Debug, Default)]
pub struct JsonObject(Map<String, Value>);

/// Reads the whole body (up to [`MAX_BODY_BYTES`], within [`BODY_READ_TIME`]) and parses it as a JSON object. Of
/// a larger one it stops reading; the pipeline reads the rest before the 413 goes out (`server.rs`).
pub async fn read_object(body: Body) -> Result<JsonObject, ApiError> {
    tokio::time::timeout(BODY_READ_TIME, parse_object(body))
        .await
        .unwrap_or_else(|_| Err(ApiError::body_timeout(BODY_READ_TIME.as_secs())))
}

async fn parse_object(mut body: Body) -> Result<JsonObject, ApiError> {
    let mut buf = Vec::new();
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let frame =
            frame.map_err(|_| ApiError::malformed_body("The request body could not be read."))?;
        if let Ok(data) = frame.into_data() {
            total = total.saturating_add(data.len());
            if total > MAX_BODY_BYTES {
                break;
            }
            buf.extend_from_slice(&data);
        }
    }
    if total > MAX_BODY_BYTES {
        return Err(ApiError::body_too_large(MAX_BODY_BYTES));
    }
    if buf.iter().all(u8::is_ascii_whitespace) {
        return Ok(JsonObject::default());
    }
    match serde_json::from_slice::<Value>(&buf) {
        Ok(Value::Object(map)) => Ok(JsonObject(map)),
        Ok(_) => Err(ApiError::malformed_body(
            "The request body must be a JSON object.",
        )),
        Err(_) => Err(ApiError::malformed_body(
            "The request body is not valid JSON.",
        )),
    }
}

impl JsonObject {
    /// A present, non-null value.
    fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name).filter(|v| !v.is_null())
    }

    /// An optional string: absent and `null` are `None`; any other type is a 422 naming the field.
    pub fn string(&self, name: &str) -> Result<Option<&str>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(ApiError::param_format(name, "a string")),
        }
    }

    /// An optional integer >= `min` (a JSON number without a fraction), `min` being 0 or 1. A smaller integer is a
    /// value error; floats, strings and other types are format errors.
    pub fn integer_from(&self, name: &str, min: u64) -> Result<Option<u64>, ApiError> {
        let what = if min == 0 {
            "a non-negative integer"
        } else {
            "a positive integer"
        };
        match self.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => {
                if let Some(v) = n.as_u64().filter(|v| *v >= min) {
                    Ok(Some(v))
                } else if n.is_i64() || n.is_u64() {
                    Err(ApiError::param_value(
                        name,
                        format!("{name} must be {what}"),
                    ))
                } else {
                    Err(ApiError::param_format(name, what))
                }
            }
            Some(_) => Err(ApiError::param_format(name, what)),
        }
    }

    /// An optional non-negative integer (0 allowed).
    pub fn integer(&self, name: &str) -> Result<Option<u64>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => n
                .as_u64()
                .map(Some)
                .ok_or_else(|| ApiError::param_format(name, "a non-negative integer")),
            Some(_) => Err(ApiError::param_format(name, "a non-negative integer")),
        }
    }

    pub fn boolean(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(ApiError::param_format(name, "a boolean")),
        }
    }

    pub fn string_array(&self, name: &str) -> Result<Option<Vec<String>>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Value::String(s) => Ok(s.clone()),
                    _ => Err(ApiError::param_format(name, "an array of strings")),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(ApiError::param_format(name, "an array of strings")),
        }
    }

    pub fn object(&self, name: &str) -> Result<Option<&Map<String, Value>>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(map)),
            Some(_) => Err(ApiError::param_format(name, "an object")),
        }
    }
}

/// `status` with `value` as an `application/json` body.
pub fn respond<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            Body::from(bytes),
        )
            .into_response(),
        Err(_) => ApiError::internal().into_response(),
    }
}

/// 200 with `value` as JSON.
pub fn ok<T: Serialize>(value: &T) -> Response {
    respond(StatusCode::OK, value)
}
