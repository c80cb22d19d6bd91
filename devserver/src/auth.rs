//! Who is calling, and which subjects they may act for.
//!
//! A request authenticates with a session token, sent as `Authorization: Bearer <token>` (what the SDK does) or as
//! the `__session` cookie (what a same-origin page does). When both are present the header wins, as it does on
//! Clerk's Frontend API, so a bad header (a wrong token, or not `Bearer <token>` at all) is a 401 even next to a
//! good cookie.

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

/// The session tokens the request offers, in the order to try them. With an `Authorization` header, only its
/// Bearer token (none when it is not `Bearer <token>`); else every non-empty `__session` cookie: a browser sends
/// each one that matches, and cookies ignore ports, so another app on the same host may have set its own.
pub fn session_tokens(headers: &HeaderMap) -> Vec<&str> {
    if headers.contains_key(header::AUTHORIZATION) {
        return bearer_token(headers).into_iter().collect();
    }
    cookie_tokens(headers)
}

/// Every non-empty `__session` cookie of the request.
pub fn cookie_tokens(headers: &HeaderMap) -> Vec<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, value)| *name == SESSION_COOKIE && !value.is_empty())
        .map(|(_, value)| value)
        .collect()
}

/// The request's session (the first offered token that names one), or 401.
pub async fn authenticate(store: &Store, headers: &HeaderMap) -> Result<Session, ApiError> {
    let tokens = session_tokens(headers);
    if tokens.is_empty() {
        return Err(ApiError::unauthenticated(
            if headers.contains_key(header::AUTHORIZATION) {
                "The Authorization header must be `Bearer <session token>`."
            } else {
                "You are not signed in: send a session token as a Bearer header or __session cookie."
            },
        ));
    }
    for token in tokens {
        if let Some(record) = store
            .find_session(secrets::sha256_hex(token))
            .await
            .map_err(internal)?
        {
            return Ok(Session {
                user_id: record.user_id,
                organization_ids: record.organization_ids,
            });
        }
    }
    Err(ApiError::unauthenticated(
        "The session token is invalid or the session has ended.",
    ))
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
        assert_eq!(session_tokens(&h), ["a"]);
        let h = headers(&[("cookie", "x=1; __session=b")]);
        assert_eq!(session_tokens(&h), ["b"]);
        let h = headers(&[("authorization", "bearer   t  ")]);
        assert_eq!(session_tokens(&h), ["t"]);
        // A header that is not a Bearer token offers nothing, and the cookie is not tried.
        for bad in ["Basic zzz", "Bearer", "Bearer\tt"] {
            let h = headers(&[("authorization", bad), ("cookie", "__session=b")]);
            assert!(session_tokens(&h).is_empty(), "{bad}");
        }
    }

    #[test]
    fn every_session_cookie_is_offered_in_order() {
        let h = headers(&[
            ("cookie", "__session=other_app; x=1"),
            ("cookie", "__session=; __session=ours"),
        ]);
        assert_eq!(session_tokens(&h), ["other_app", "ours"]);
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
