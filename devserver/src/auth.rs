//! Who is calling, and which subjects they may act for.
//!
//! A request authenticates with a session token, sent as `Authorization: Bearer <token>` (what the SDK does) or as
//! the `__session` cookie (what a same-origin page does). When both are present the header wins, as it does on
//! Clerk's Frontend API, so a bad header is a 401 even next to a good cookie.

use crate::errors::ApiError;
use crate::secrets;
use crate::store::{Store, StoreError};
use axum::http::{header, HeaderMap};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "__session";

/// A signed-in session: its user and the organizations that user belongs to in it.
#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: String,
    pub organization_ids: Vec<String>,
}

impl Session {
    /// The subjects this session may read and manage keys for: its user and its organizations.
    pub fn subjects(&self) -> Vec<String> {
        std::iter::once(self.user_id.clone())
            .chain(self.organization_ids.iter().cloned())
            .collect()
    }

    /// An absent or empty subject means the session's user (clerk-js's `useAPIKeys()` hook sends `subject=`); any
    /// other subject must be the user or one of its organizations, else 403.
    pub fn resolve_subject(&self, requested: Option<&str>) -> Result<String, ApiError> {
        match requested {
            None | Some("") => Ok(self.user_id.clone()),
            Some(subject) if subject == self.user_id => Ok(subject.to_owned()),
            Some(subject) if self.organization_ids.iter().any(|o| o == subject) => {
                Ok(subject.to_owned())
            }
            Some(subject) => Err(ApiError::subject_forbidden(subject)),
        }
    }
}

/// The token of `Authorization: Bearer <token>`, if the header is there and not empty.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The value of the `__session` cookie, if any.
pub fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == SESSION_COOKIE && !value.is_empty())
        .map(|(_, value)| value)
}

/// The session token the request carries: the bearer header first, then the cookie.
pub fn session_token(headers: &HeaderMap) -> Option<&str> {
    bearer_token(headers).or_else(|| cookie_token(headers))
}

/// The request's session, or 401.
pub async fn authenticate(store: &Store, headers: &HeaderMap) -> Result<Session, ApiError> {
    let token = session_token(headers).ok_or_else(|| {
        ApiError::unauthenticated(
            "You are not signed in: send a session token as a Bearer header or __session cookie.",
        )
    })?;
    let record = store
        .find_session(secrets::sha256_hex(token))
        .await
        .map_err(internal)?
        .ok_or_else(|| {
            ApiError::unauthenticated("The session token is invalid or the session has ended.")
        })?;
    Ok(Session {
        user_id: record.user_id,
        organization_ids: record.organization_ids,
    })
}

/// Logs a storage failure and hides it behind a plain 500.
pub fn internal(e: StoreError) -> ApiError {
    tracing::error!(error = %e, "database error");
    ApiError::internal()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(
                header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        map
    }

    #[test]
    fn header_beats_cookie() {
        let h = headers(&[
            ("authorization", "Bearer a"),
            ("cookie", "x=1; __session=b"),
        ]);
        assert_eq!(session_token(&h), Some("a"));
        let h = headers(&[("cookie", "x=1; __session=b")]);
        assert_eq!(session_token(&h), Some("b"));
        let h = headers(&[("authorization", "Basic zzz")]);
        assert_eq!(session_token(&h), None);
        let h = headers(&[("authorization", "bearer   t  ")]);
        assert_eq!(session_token(&h), Some("t"));
    }

    #[test]
    fn subjects() {
        let s = Session {
            user_id: "user_a".into(),
            organization_ids: vec!["org_x".into()],
        };
        assert_eq!(s.resolve_subject(None).unwrap(), "user_a");
        assert_eq!(s.resolve_subject(Some("")).unwrap(), "user_a");
        assert_eq!(s.resolve_subject(Some("org_x")).unwrap(), "org_x");
        assert_eq!(s.resolve_subject(Some("org_y")).unwrap_err().status, 403);
    }
}
