//! `GET /api_keys`, `POST /api_keys`, `POST /api_keys/{id}/revoke`: the three calls of the wire contract.

use crate::app::AppState;
use crate::auth::{self, internal};
use crate::clock::now_ms;
use crate::errors::ApiError;
use crate::json::{self, JsonObject};
use crate::secrets;
use crate::store::{CreateOutcome, KeyRecord, ListQuery, NewKey};
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Serialize;
use std::num::IntErrorKind;

const DEFAULT_LIMIT: usize = 10;
const MAX_LIMIT: usize = 500;
const MAX_NAME_CHARS: usize = 255;
const MAX_TEXT_CHARS: usize = 1000;
/// A hundred years: far beyond any preset, and far from overflowing a millisecond timestamp.
const MAX_SECONDS_UNTIL_EXPIRATION: u64 = 100 * 366 * 24 * 3600;

/// The key object exactly as the wire spec (section 2) lists it.
#[derive(Serialize)]
struct ApiKeyObject<'a> {
    object: &'static str,
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
    subject: &'a str,
    scopes: [&'static str; 0],
    claims: Option<()>,
    revoked: bool,
    revocation_reason: Option<&'a str>,
    expired: bool,
    expiration: Option<i64>,
    created_by: Option<&'a str>,
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<&'a str>,
    last_used_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

impl<'a> ApiKeyObject<'a> {
    fn new(key: &'a KeyRecord, now: i64, secret: Option<&'a str>) -> Self {
        ApiKeyObject {
            object: "api_key",
            id: &key.id,
            kind: "api_key",
            name: &key.name,
            subject: &key.subject,
            scopes: [],
            claims: None,
            revoked: key.revoked,
            revocation_reason: key.revocation_reason.as_deref(),
            expired: key.expired_at(now),
            expiration: key.expiration,
            created_by: Some(&key.created_by),
            description: key.description.as_deref(),
            secret,
            last_used_at: key.last_used_at,
            created_at: key.created_at,
            updated_at: key.updated_at,
        }
    }
}

#[derive(Serialize)]
struct PageObject<'a> {
    data: Vec<ApiKeyObject<'a>>,
    total_count: usize,
}

/// The list's query parameters. Unknown ones (`__clerk_api_version`, `_clerk_session_id`, `type`, ...) are
/// ignored. Of a repeated parameter the first value counts, except `query`: clerk-js splits a search containing
/// commas into repeated `query` parameters, so its values are joined back with ",".
struct ListParams {
    subject: Option<String>,
    query: Option<String>,
    limit: usize,
    offset: usize,
    include_invalid: bool,
}

impl ListParams {
    fn parse(raw: &str) -> Result<ListParams, ApiError> {
        let mut subject = None;
        let mut query: Option<String> = None;
        let mut limit = None;
        let mut offset = None;
        let mut include_invalid = None;
        for (name, value) in form_urlencoded::parse(raw.as_bytes()) {
            let value = value.into_owned();
            match name.as_ref() {
                "subject" => {
                    subject.get_or_insert(value);
                }
                "query" => match &mut query {
                    Some(q) => {
                        q.push(',');
                        q.push_str(&value);
                    }
                    None => query = Some(value),
                },
                "limit" => {
                    limit.get_or_insert(value);
                }
                "offset" => {
                    offset.get_or_insert(value);
                }
                "include_invalid" => {
                    include_invalid.get_or_insert(value);
                }
                _ => {}
            }
        }
        let limit = match limit.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => DEFAULT_LIMIT,
            Some(v) => {
                let n = integer(v).ok_or_else(|| ApiError::param_format("limit", "an integer"))?;
                usize::try_from(n)
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| {
                        ApiError::param_value(
                            "limit",
                            format!("limit must be between 1 and {MAX_LIMIT}"),
                        )
                    })?
            }
        };
        let offset = match offset.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => 0,
            Some(v) => {
                let n = integer(v).ok_or_else(|| ApiError::param_format("offset", "an integer"))?;
                if n < 0 {
                    return Err(ApiError::param_value(
                        "offset",
                        "offset must be 0 or more".to_owned(),
                    ));
                }
                usize::try_from(n).unwrap_or(usize::MAX)
            }
        };
        let include_invalid = match include_invalid.as_deref().map(str::trim) {
            None | Some("") | Some("false") | Some("0") => false,
            Some("true") | Some("1") => true,
            Some(_) => return Err(ApiError::param_format("include_invalid", "true or false")),
        };
        Ok(ListParams {
            subject,
            query: query.filter(|q| !q.is_empty()),
            limit,
            offset,
            include_invalid,
        })
    }
}

/// A query integer: Clerk range-checks none (spec 1.1), so one too long for `i64` is still an integer, held at
/// `i64::MAX` or `MIN`; the range checks then decide (an offset past every key is an empty page).
fn integer(v: &str) -> Option<i64> {
    v.parse::<i64>()
        .or_else(|e| match e.kind() {
            IntErrorKind::PosOverflow => Ok(i64::MAX),
            IntErrorKind::NegOverflow => Ok(i64::MIN),
            _ => Err(e),
        })
        .ok()
}

/// `GET /api_keys` → `{data, total_count}`, newest first.
pub async fn list(
    State(app): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, ApiError> {
    let session = auth::authenticate(&app.store, &headers).await?;
    let params = ListParams::parse(uri.query().unwrap_or(""))?;
    let subject = session.resolve_subject(params.subject.as_deref())?;
    let now = now_ms();
    let page = app
        .store
        .list_keys(
            ListQuery {
                subject,
                search: params.query.map(|q| q.to_lowercase()),
                include_invalid: params.include_invalid,
                limit: params.limit,
                offset: params.offset,
            },
            now,
        )
        .await
        .map_err(internal)?;
    Ok(json::ok(&PageObject {
        data: page
            .keys
            .iter()
            .map(|k| ApiKeyObject::new(k, now, None))
            .collect(),
        total_count: page.total,
    }))
}

/// The create body, validated.
struct CreateParams {
    name: String,
    subject: Option<String>,
    description: Option<String>,
    seconds_until_expiration: Option<u64>,
}

impl CreateParams {
    fn from_json(body: &JsonObject) -> Result<CreateParams, ApiError> {
        if let Some(kind) = body.string("type")? {
            if kind != "api_key" {
                return Err(ApiError::param_value(
                    "type",
                    "type must be api_key".to_owned(),
                ));
            }
        }
        let name = body
            .string("name")?
            .ok_or_else(|| ApiError::param_missing("name"))?
            .trim();
        if name.is_empty() {
            return Err(ApiError::param_value(
                "name",
                "name must not be blank".to_owned(),
            ));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(ApiError::param_value(
                "name",
                format!("name must be at most {MAX_NAME_CHARS} characters"),
            ));
        }
        let subject = body.string("subject")?.map(str::to_owned);
        let description = body.string("description")?.map(str::to_owned);
        if description
            .as_ref()
            .is_some_and(|d| d.chars().count() > MAX_TEXT_CHARS)
        {
            return Err(ApiError::param_value(
                "description",
                format!("description must be at most {MAX_TEXT_CHARS} characters"),
            ));
        }
        // 0 is allowed, as the SDK allows it: a key that is expired from the start.
        let seconds = body.integer_from("seconds_until_expiration", 0)?;
        if seconds.is_some_and(|s| s > MAX_SECONDS_UNTIL_EXPIRATION) {
            return Err(ApiError::param_value(
                "seconds_until_expiration",
                format!("seconds_until_expiration must be at most {MAX_SECONDS_UNTIL_EXPIRATION}"),
            ));
        }
        Ok(CreateParams {
            name: name.to_owned(),
            subject,
            description,
            seconds_until_expiration: seconds,
        })
    }
}

/// `POST /api_keys` → the new key with its `secret`, which is never shown again.
pub async fn create(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    // Who asks comes first: without a session, a 401 whatever the body (server.rs reads what is left of it).
    let session = auth::authenticate(&app.store, &headers).await?;
    let body = json::read_object(body).await?;
    let params = CreateParams::from_json(&body)?;
    let subject = session.resolve_subject(params.subject.as_deref())?;
    let id = secrets::key_id().map_err(|_| ApiError::internal())?;
    let secret = secrets::key_secret().map_err(|_| ApiError::internal())?;
    let now = now_ms();
    let expiration = params
        .seconds_until_expiration
        .map(|s| now.saturating_add(i64::try_from(s).unwrap_or(i64::MAX).saturating_mul(1000)));
    let outcome = app
        .store
        .create_key(
            NewKey {
                id,
                secret_hash: secrets::sha256_hex(&secret),
                subject,
                name: params.name,
                description: params.description,
                created_by: session.user_id,
                expiration,
            },
            app.config.key_quota,
            now,
        )
        .await
        .map_err(internal)?;
    match outcome {
        CreateOutcome::Created(key) => Ok(json::ok(&ApiKeyObject::new(&key, now, Some(&secret)))),
        CreateOutcome::NameTaken => Err(ApiError::name_conflict()),
        CreateOutcome::QuotaExceeded => Err(ApiError::quota_exceeded(app.config.key_quota)),
    }
}

/// `POST /api_keys/{id}/revoke` → the revoked key. Revoking a revoked key answers 200 with the key unchanged.
pub async fn revoke(
    State(app): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: Body,
) -> Result<Response, ApiError> {
    let session = auth::authenticate(&app.store, &headers).await?;
    let body = json::read_object(body).await?;
    let Ok(Path(id)) = id else {
        return Err(ApiError::path_not_found());
    };
    let reason = body.string("revocation_reason")?.map(str::to_owned);
    if reason
        .as_ref()
        .is_some_and(|r| r.chars().count() > MAX_TEXT_CHARS)
    {
        return Err(ApiError::param_value(
            "revocation_reason",
            format!("revocation_reason must be at most {MAX_TEXT_CHARS} characters"),
        ));
    }
    let now = now_ms();
    let key = app
        .store
        .revoke_key(id.clone(), session.subjects(), reason, now)
        .await
        .map_err(internal)?
        .ok_or_else(|| ApiError::key_not_found(&id))?;
    Ok(json::ok(&ApiKeyObject::new(&key, now, None)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_params() {
        let p = ListParams::parse("subject=user_a&query=a&query=b&limit=5&limit=x&offset=3&x=1")
            .unwrap();
        assert_eq!(p.subject.as_deref(), Some("user_a"));
        assert_eq!(p.query.as_deref(), Some("a,b"));
        assert_eq!((p.limit, p.offset, p.include_invalid), (5, 3, false));
        let p = ListParams::parse("query=&limit=&include_invalid=true").unwrap();
        assert_eq!((p.query, p.limit, p.include_invalid), (None, 10, true));
        assert_eq!(
            ListParams::parse("limit=0").err().unwrap().code,
            "form_param_value_invalid"
        );
        assert_eq!(
            ListParams::parse("limit=501").err().unwrap().code,
            "form_param_value_invalid"
        );
        assert_eq!(
            ListParams::parse("limit=ten").err().unwrap().code,
            "form_param_format_invalid"
        );
        assert_eq!(
            ListParams::parse("offset=-1")
                .err()
                .unwrap()
                .param_name
                .as_deref(),
            Some("offset")
        );
    }

    #[test]
    fn integers_too_long_for_i64_meet_the_range_checks() {
        let huge = "99999999999999999999";
        let p = ListParams::parse(&format!("offset={huge}")).unwrap();
        assert_eq!(p.offset, usize::try_from(i64::MAX).unwrap());
        for query in [format!("limit={huge}"), format!("limit=-{huge}")] {
            assert_eq!(
                ListParams::parse(&query).err().unwrap().code,
                "form_param_value_invalid"
            );
        }
        assert_eq!(
            ListParams::parse(&format!("offset=-{huge}"))
                .err()
                .unwrap()
                .code,
            "form_param_value_invalid"
        );
        assert_eq!(
            ListParams::parse("offset=1e3").err().unwrap().code,
            "form_param_format_invalid"
        );
    }
}
