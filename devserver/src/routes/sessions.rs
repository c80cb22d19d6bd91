//! `POST /dev/sign_in` and `POST /dev/sign_out`: development sessions, standing in for Clerk's sign-in.

use crate::app::AppState;
use crate::auth::{self, internal, SESSION_COOKIE};
use crate::clock::now_ms;
use crate::errors::ApiError;
use crate::json;
use crate::secrets;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use serde_json::json;

const MAX_ID_CHARS: usize = 128;
const MAX_ORGANIZATIONS: usize = 100;

/// User and organization ids are plain tokens (`user_alice`, `org_acme`): they end up in URLs and in the stored
/// comma-separated organization list, so other characters are refused.
fn check_id(param: &str, id: &str) -> Result<(), ApiError> {
    let ok = (1..=MAX_ID_CHARS).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(ApiError::param_value(
            param,
            format!("{param} must be 1 to {MAX_ID_CHARS} letters, digits, '_' or '-'"),
        ))
    }
}

/// `{"user_id": "...", "organization_ids": [...]?}` → 200 `{session_token, user_id, organization_ids}` and the
/// `__session` cookie. Creates the user on first sign-in; the organizations listed are the user's in this session.
pub async fn sign_in(State(app): State<AppState>, body: Body) -> Result<Response, ApiError> {
    let body = json::read_object(body).await?;
    let user_id = body
        .string("user_id")?
        .ok_or_else(|| ApiError::param_missing("user_id"))?
        .to_owned();
    check_id("user_id", &user_id)?;
    let mut organization_ids: Vec<String> = Vec::new();
    for org in body.string_array("organization_ids")?.unwrap_or_default() {
        check_id("organization_ids", &org)?;
        if !organization_ids.contains(&org) {
            organization_ids.push(org);
        }
    }
    if organization_ids.len() > MAX_ORGANIZATIONS {
        return Err(ApiError::param_value(
            "organization_ids",
            format!("at most {MAX_ORGANIZATIONS} organizations"),
        ));
    }
    let token = secrets::session_token().map_err(|_| ApiError::internal())?;
    app.store
        .create_session(
            secrets::sha256_hex(&token),
            user_id.clone(),
            organization_ids.clone(),
            now_ms(),
        )
        .await
        .map_err(internal)?;
    let cookie = format!("{SESSION_COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/");
    let mut response = json::ok(&json!({
        "session_token": token,
        "user_id": user_id,
        "organization_ids": organization_ids,
    }));
    let cookie = HeaderValue::from_str(&cookie).map_err(|_| ApiError::internal())?;
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

/// Ends the sessions the request offers (Bearer and cookie) and clears the cookie. Always 200, so signing out twice
/// is fine: `{"signed_out": true}` if a session ended, `false` if there was none.
pub async fn sign_out(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    json::read_object(body).await?;
    // Every session offered, the cookie's too even beside a Bearer header: the response clears the cookie, so
    // its session must not outlive it.
    let mut ended = false;
    let bearer = auth::bearer_token(&headers);
    for token in bearer.into_iter().chain(auth::cookie_tokens(&headers)) {
        ended |= app
            .store
            .delete_session(secrets::sha256_hex(token))
            .await
            .map_err(internal)?;
    }
    let mut response = json::ok(&json!({ "signed_out": ended }));
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("__session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0"),
    );
    Ok(response)
}
