//! Clerk's error envelope.
//!
//! Handlers return an [`ApiError`]; turning it into a response only sets the status and parks the error in the
//! response's extensions. The connection pipeline (`server.rs`) renders the body once it knows the request's trace
//! id, so `clerk_trace_id` in the body always equals the `X-Clerk-Trace-Id` header, whichever layer failed.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

/// One error, as the first (and only) entry of the envelope's `errors` array.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub long_message: String,
    pub param_name: Option<String>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: &str, long_message: String) -> Self {
        ApiError {
            status,
            code,
            message: message.to_owned(),
            long_message,
            param_name: None,
        }
    }

    fn with_param(mut self, param: &str) -> Self {
        self.param_name = Some(param.to_owned());
        self
    }

    /// 401: no session, an unknown or ended session, or (on `/demo/whoami`) an unusable API key.
    pub fn unauthenticated(long_message: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "authentication_invalid",
            "Invalid authentication",
            long_message.to_owned(),
        )
    }

    /// 403: the subject is neither the session's user nor one of its organizations.
    pub fn subject_forbidden(subject: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "authorization_invalid",
            "Unauthorized request",
            format!("You are not authorized to access the API keys of {subject}."),
        )
        .with_param("subject")
    }

    /// 404 for a key id that does not exist or belongs to a subject the session may not see (indistinguishable on
    /// purpose, so ids of other subjects cannot be probed).
    pub fn key_not_found(id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "resource_not_found",
            "not found",
            format!("No API key was found with id {id}."),
        )
    }

    pub fn path_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "resource_not_found",
            "not found",
            "The requested resource was not found.".to_owned(),
        )
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "method not allowed",
            "This method is not allowed on this path.".to_owned(),
        )
    }

    /// 400: the body is not JSON, or not a JSON object.
    pub fn malformed_body(long_message: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "malformed_request_body",
            "malformed request body",
            long_message.to_owned(),
        )
    }

    /// 408: the body did not arrive in time (a client that announced more than it sends); see `json::read_object`.
    pub fn body_timeout(seconds: u64) -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            "request timeout",
            format!("The request body did not arrive within {seconds} seconds."),
        )
    }

    pub fn body_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request_body_too_large",
            "request body too large",
            format!("The request body must not be larger than {limit} bytes."),
        )
    }

    /// 422 `form_param_missing`: a required parameter is absent or null.
    pub fn param_missing(param: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_missing",
            "is missing",
            format!("{param} is missing"),
        )
        .with_param(param)
    }

    /// 422 `form_param_format_invalid`: the parameter has the wrong type or syntax (`expected` completes
    /// "PARAM must be ...").
    pub fn param_format(param: &str, expected: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_format_invalid",
            "is invalid",
            format!("{param} must be {expected}"),
        )
        .with_param(param)
    }

    /// 422 `form_param_value_invalid`: well-formed, but out of range or otherwise unacceptable.
    pub fn param_value(param: &str, long_message: String) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_value_invalid",
            "is invalid",
            long_message,
        )
        .with_param(param)
    }

    pub fn name_conflict() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "token_creation_conflict",
            "API Key name already exists.",
            "An API key with this name already exists for this subject.".to_owned(),
        )
        .with_param("name")
    }

    pub fn quota_exceeded(quota: u32) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "token_quota_exceeded",
            "Token quota exceeded",
            format!("This subject already has {quota} valid API keys, the most it may have."),
        )
    }

    /// 403 for a CORS preflight from an origin that is not allowed.
    pub fn origin_invalid() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "origin_invalid",
            "Invalid origin",
            "This origin is not allowed to call this server.".to_owned(),
        )
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_clerk_error",
            "Oops, an unexpected error occurred",
            "There was an internal error on our servers.".to_owned(),
        )
    }

    /// A plausible envelope for any error status: used for injected faults and as a safety net for errors that did
    /// not come from our own handlers.
    pub fn for_status(status: StatusCode) -> Self {
        let code = match status.as_u16() {
            400 => "bad_request",
            401 => "authentication_invalid",
            403 => "authorization_invalid",
            404 => "resource_not_found",
            405 => "method_not_allowed",
            408 => "request_timeout",
            409 => "conflict",
            413 => "request_body_too_large",
            422 => "form_param_value_invalid",
            429 => "too_many_requests",
            500 => "internal_clerk_error",
            502 => "bad_gateway",
            503 => "service_unavailable",
            504 => "gateway_timeout",
            _ => "request_failed",
        };
        let reason = status.canonical_reason().unwrap_or("Request failed");
        Self::new(
            status,
            code,
            reason,
            format!("{reason} ({})", status.as_u16()),
        )
    }

    /// The envelope: `{errors: [{code, message, long_message, meta}], meta: {}, clerk_trace_id}`.
    pub fn body(&self, trace_id: &str) -> Value {
        let mut meta = Map::new();
        if let Some(param) = &self.param_name {
            meta.insert("param_name".to_owned(), Value::String(param.clone()));
        }
        json!({
            "errors": [{
                "code": self.code,
                "message": self.message,
                "long_message": self.long_message,
                "meta": meta,
            }],
            "meta": {},
            "clerk_trace_id": trace_id,
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}
