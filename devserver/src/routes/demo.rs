//! `GET /demo/whoami`: a stand-in for "your own API", so the example app can show a key being used.

use crate::app::AppState;
use crate::auth::{self, internal};
use crate::clock::now_ms;
use crate::errors::ApiError;
use crate::json;
use crate::secrets;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::json;

/// `Authorization: Bearer <API key secret>` → `{subject, api_key_id, name, last_used_at}`, recording the use.
/// Unknown, revoked and expired keys (and session tokens) get 401.
pub async fn whoami(State(app): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let secret = auth::bearer_token(&headers).ok_or_else(|| {
        ApiError::unauthenticated("Send an API key secret as Authorization: Bearer <secret>.")
    })?;
    let now = now_ms();
    let key = app
        .store
        .use_key(secrets::sha256_hex(secret), now)
        .await
        .map_err(internal)?
        .ok_or_else(|| ApiError::unauthenticated("The API key is invalid, revoked or expired."))?;
    Ok(json::ok(&json!({
        "subject": key.subject,
        "api_key_id": key.id,
        "name": key.name,
        "last_used_at": key.last_used_at,
    })))
}
