//! The Frontend API's JSON shapes: an API key, a page of keys, and the error envelope.
//!
//! Success bodies are checked strictly (a wrong type means we must not hand the caller a half-true key), error
//! bodies leniently (an error page is still an error, whatever it looks like).

use crate::error::{ApiError, ApiErrorEntry, Error};
use crate::json::Cat;
use crate::json::{self, Value};
use crate::model::{APIKey, Page};
use alloc::{borrow::ToOwned, string::String, vec::Vec};

/// Decode one key from a 2xx body (`create`, `revoke`).
pub fn decode_api_key(body: &str) -> Result<APIKey, Error> {
    let doc = parse_body(body)?;
    api_key(&doc)
}

/// Decode `{data: [key], total_count}` from a 2xx body (`getAll`).
pub fn decode_page(body: &str) -> Result<Page<APIKey>, Error> {
    let doc = parse_body(body)?;
    if !matches!(doc, Value::Object(_)) {
        return Err(Error::invalid_response("the response is not a JSON object"));
    }
    let items = doc
        .get("data")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::invalid_response("the response lacks a `data` array"))?;
    let total_count = doc
        .get("total_count")
        .and_then(Value::as_i64)
        .and_then(|n| u64::try_from(n).ok())
        .ok_or_else(|| {
            Error::invalid_response("the response lacks a non-negative integer `total_count`")
        })?;
    // Plain loops rather than `collect::<Result<Vec<_>, _>>()`: the adapter (`GenericShunt`) is more wasm.
    let mut data = Vec::with_capacity(items.len());
    for item in items {
        data.push(api_key(item)?);
    }
    Ok(Page { data, total_count })
}

fn parse_body(body: &str) -> Result<Value<'_>, Error> {
    json::parse(body).map_err(|_| Error::invalid_response("the response body is not JSON"))
}

// Clippy's struct-literal form is the one that costs kilobytes here; see the comment inside.
#[allow(clippy::field_reassign_with_default)]
fn api_key(v: &Value<'_>) -> Result<APIKey, Error> {
    if !matches!(v, Value::Object(_)) {
        return Err(Error::invalid_response("an API key is not a JSON object"));
    }
    // Filled in place, field by field in the wire order (the first bad field is the one reported): an early `?`
    // then drops the one struct through a shared `drop_in_place`, instead of inline drops of every field built
    // so far at each of the 15 exits (kilobytes of wasm).
    let mut k = APIKey::default();
    k.id = req_str(v, "id")?;
    k.key_type = req_str(v, "type")?;
    k.name = req_str(v, "name")?;
    k.subject = req_str(v, "subject")?;
    k.scopes = scopes(v)?;
    k.claims = claims(v)?;
    k.revoked = req_bool(v, "revoked")?;
    k.revocation_reason = opt_str(v, "revocation_reason")?;
    k.expired = req_bool(v, "expired")?;
    k.expiration = opt_ms(v, "expiration")?;
    k.created_by = opt_str(v, "created_by")?;
    k.description = opt_str(v, "description")?;
    k.last_used_at = opt_ms(v, "last_used_at")?;
    k.created_at = req_ms(v, "created_at")?;
    k.updated_at = req_ms(v, "updated_at")?;
    k.secret = opt_str(v, "secret")?;
    Ok(k)
}

fn bad_field(field: &str, expected: &str) -> Error {
    Error::invalid_response(&["API key field `", field, "` is missing or not ", expected].cat())
}

/// A member that is absent or null counts as missing.
fn present<'v, 'a>(v: &'v Value<'a>, field: &str) -> Option<&'v Value<'a>> {
    v.get(field).filter(|x| !x.is_null())
}

fn req_str(v: &Value<'_>, field: &str) -> Result<String, Error> {
    v.get(field)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| bad_field(field, "a string"))
}

fn opt_str(v: &Value<'_>, field: &str) -> Result<Option<String>, Error> {
    present(v, field)
        .map(|x| {
            x.as_str()
                .map(str::to_owned)
                .ok_or_else(|| bad_field(field, "a string or null"))
        })
        .transpose()
}

fn req_bool(v: &Value<'_>, field: &str) -> Result<bool, Error> {
    v.get(field)
        .and_then(Value::as_bool)
        .ok_or_else(|| bad_field(field, "a boolean"))
}

/// Timestamps must be whole milliseconds within JS's Date range (±8.64e15), so `new Date(ms)` is always valid.
fn ms(x: &Value<'_>) -> Option<i64> {
    x.as_i64()
        .filter(|n| n.unsigned_abs() <= 8_640_000_000_000_000)
}

fn req_ms(v: &Value<'_>, field: &str) -> Result<i64, Error> {
    v.get(field)
        .and_then(ms)
        .ok_or_else(|| bad_field(field, "a timestamp in ms"))
}

fn opt_ms(v: &Value<'_>, field: &str) -> Result<Option<i64>, Error> {
    present(v, field)
        .map(|x| ms(x).ok_or_else(|| bad_field(field, "a timestamp in ms or null")))
        .transpose()
}

/// `scopes` is an array of strings; absent or null reads as no scopes.
fn scopes(v: &Value<'_>) -> Result<Vec<String>, Error> {
    let Some(x) = present(v, "scopes") else {
        return Ok(Vec::new());
    };
    let items = x
        .as_array()
        .ok_or_else(|| bad_field("scopes", "an array of strings"))?;
    let mut out = Vec::with_capacity(items.len());
    for s in items {
        out.push(
            s.as_str()
                .ok_or_else(|| bad_field("scopes", "an array of strings"))?
                .to_owned(),
        );
    }
    Ok(out)
}

fn claims(v: &Value<'_>) -> Result<Option<String>, Error> {
    match present(v, "claims") {
        None => Ok(None),
        Some(x @ Value::Object(_)) => Ok(Some(compact(x))),
        Some(_) => Err(bad_field("claims", "an object or null")),
    }
}

/// A value as compact JSON text: nested data is carried as text rather than an owned tree (less code in the wasm).
fn compact(v: &Value<'_>) -> String {
    let mut w = json::Writer::default();
    w.value(v);
    w.out
}

/// What the transport saw of a failed response, besides the body.
#[derive(Clone, Debug, Default)]
pub struct ErrorHead<'a> {
    pub status: u16,
    pub status_text: &'a str,
    pub retry_after: Option<&'a str>,
    pub trace_id_header: Option<&'a str>,
}

/// Decode a >= 400 response. Any body is accepted: a non-JSON one (an HTML 502 page) just yields no entries.
pub fn decode_error(head: &ErrorHead<'_>, body: &str) -> ApiError {
    let doc = json::parse(body).ok();
    let mut errors = Vec::new();
    let items = doc
        .as_ref()
        .and_then(|d| d.get("errors"))
        .and_then(Value::as_array);
    for e in items.unwrap_or_default() {
        if matches!(e, Value::Object(_)) {
            errors.push(error_entry(e));
        }
    }
    let body_trace = doc
        .as_ref()
        .and_then(|d| d.get("clerk_trace_id"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    let clerk_trace_id = body_trace
        .or(head.trace_id_header.filter(|s| !s.is_empty()))
        .map(str::to_owned);
    ApiError {
        status: head.status,
        status_text: head.status_text.to_owned(),
        errors,
        clerk_trace_id,
        retry_after: head.retry_after.and_then(parse_retry_after),
    }
}

fn error_entry(e: &Value<'_>) -> ApiErrorEntry {
    let text = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_owned);
    ApiErrorEntry {
        code: text("code").unwrap_or_default(),
        message: text("message").unwrap_or_default(),
        long_message: text("long_message"),
        meta: e
            .get("meta")
            .filter(|m| matches!(m, Value::Object(_)))
            .map(compact),
    }
}

/// `Retry-After` as delta-seconds. The HTTP-date form is not used by Clerk and is ignored.
pub fn parse_retry_after(value: &str) -> Option<u32> {
    let v = value.trim();
    if v.is_empty() || v.len() > 9 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // At most 9 digits, so this fits u32 (and needs no `str::parse`).
    Some(v.bytes().fold(0u32, |n, b| n * 10 + u32::from(b - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const FULL_KEY: &str = r#"{"object":"api_key","id":"ak_2zFakeKey000000000000001","type":"api_key","name":"ci-deploy",
   "subject":"user_2zFakeUser01","scopes":["read","write"],"claims":{"org":"org_1","n":[1,2.5]},"revoked":true,
   "revocation_reason":"leaked","expired":false,"expiration":1787136000000,"created_by":"user_2zFakeUser01",
   "description":"GitHub Actions","last_used_at":1755700000000,"created_at":1755600000000,
   "updated_at":1755600000001,"secret":"ak_FAKEFAKE","unknown_field":{"x":[1]}}"#;

    #[test]
    fn decodes_every_field() {
        let k = decode_api_key(FULL_KEY).unwrap();
        assert_eq!(k.id, "ak_2zFakeKey000000000000001");
        assert_eq!(k.key_type, "api_key");
        assert_eq!(k.name, "ci-deploy");
        assert_eq!(k.subject, "user_2zFakeUser01");
        assert_eq!(k.scopes, vec!["read".to_owned(), "write".to_owned()]);
        assert_eq!(k.claims.as_deref(), Some(r#"{"org":"org_1","n":[1,2.5]}"#));
        assert!(k.revoked);
        assert_eq!(k.revocation_reason.as_deref(), Some("leaked"));
        assert!(!k.expired);
        assert_eq!(k.expiration, Some(1_787_136_000_000));
        assert_eq!(k.created_by.as_deref(), Some("user_2zFakeUser01"));
        assert_eq!(k.description.as_deref(), Some("GitHub Actions"));
        assert_eq!(k.last_used_at, Some(1_755_700_000_000));
        assert_eq!(k.created_at, 1_755_600_000_000);
        assert_eq!(k.updated_at, 1_755_600_000_001);
        assert_eq!(k.secret.as_deref(), Some("ak_FAKEFAKE"));
    }

    #[test]
    fn nullable_fields_may_be_null_or_absent() {
        let minimal = r#"{"id":"ak_1","type":"api_key","name":"n","subject":"user_1","revoked":false,
            "expired":false,"created_at":1,"updated_at":2}"#;
        let nulls = r#"{"id":"ak_1","type":"api_key","name":"n","subject":"user_1","revoked":false,
            "expired":false,"created_at":1,"updated_at":2,"scopes":null,"claims":null,"revocation_reason":null,
            "expiration":null,"created_by":null,"description":null,"last_used_at":null,"secret":null}"#;
        for body in [minimal, nulls] {
            let k = decode_api_key(body).unwrap();
            assert!(k.scopes.is_empty());
            assert_eq!(k.claims, None);
            assert_eq!(k.revocation_reason, None);
            assert_eq!(k.expiration, None);
            assert_eq!(k.created_by, None);
            assert_eq!(k.description, None);
            assert_eq!(k.last_used_at, None);
            assert_eq!(k.secret, None);
        }
    }

    #[test]
    fn missing_or_mistyped_fields_are_invalid_response() {
        let base = r#"{"id":"ak_1","type":"api_key","name":"n","subject":"user_1","revoked":false,"expired":false,"created_at":1,"updated_at":2}"#;
        assert!(decode_api_key(base).is_ok());
        for field in [
            "id",
            "type",
            "name",
            "subject",
            "revoked",
            "expired",
            "created_at",
            "updated_at",
        ] {
            let mut v = json::parse(base).unwrap();
            if let Value::Object(m) = &mut v {
                m.retain(|(k, _)| k != field);
            }
            let mut w = json::Writer::default();
            w.value(&v);
            let err = decode_api_key(&w.out).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::Runtime {
                        code: crate::RuntimeCode::InvalidResponse,
                        ..
                    }
                ),
                "{field}"
            );
            assert!(err.message().contains(field), "{}", err.message());
        }
        let wrong = [
            (r#""id":"ak_1""#, r#""id":7"#),
            (r#""revoked":false"#, r#""revoked":"no""#),
            (r#""created_at":1"#, r#""created_at":"2025-01-01""#),
            (r#""created_at":1"#, r#""created_at":1.5"#),
            (r#""created_at":1"#, r#""created_at":1e300"#),
            (r#""updated_at":2"#, r#""updated_at":null"#),
            (r#""id":"ak_1""#, r#""id":"ak_1","scopes":"all""#),
            (r#""id":"ak_1""#, r#""id":"ak_1","scopes":[1]"#),
            (r#""id":"ak_1""#, r#""id":"ak_1","claims":[]"#),
            (r#""id":"ak_1""#, r#""id":"ak_1","expiration":"soon""#),
            (r#""id":"ak_1""#, r#""id":"ak_1","description":5"#),
            (r#""id":"ak_1""#, r#""id":"ak_1","secret":{}"#),
        ];
        for (from, to) in wrong {
            let body = base.replace(from, to);
            assert!(decode_api_key(&body).is_err(), "{body}");
        }
        assert!(decode_api_key("[]").is_err());
        assert!(decode_api_key("null").is_err());
    }

    #[test]
    fn decodes_a_page_and_rejects_bad_envelopes() {
        let body = format!(r#"{{"data":[{FULL_KEY},{FULL_KEY}],"total_count":12}}"#);
        let page = decode_page(&body).unwrap();
        assert_eq!(page.data.len(), 2);
        assert_eq!(page.total_count, 12);
        assert_eq!(
            decode_page(r#"{"data":[],"total_count":0}"#)
                .unwrap()
                .data
                .len(),
            0
        );
        for bad in [
            r#"{"total_count":0}"#,
            r#"{"data":[]}"#,
            r#"{"data":{},"total_count":0}"#,
            r#"{"data":[],"total_count":-1}"#,
            r#"{"data":[],"total_count":"1"}"#,
            r#"{"data":[1],"total_count":1}"#,
            r#"{"api_keys":[],"total_count":0}"#,
            "[]",
            "",
            "<html>not json</html>",
        ] {
            let err = decode_page(bad).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::Runtime {
                        code: crate::RuntimeCode::InvalidResponse,
                        ..
                    }
                ),
                "{bad}"
            );
        }
    }

    fn head(status: u16, text: &'static str) -> ErrorHead<'static> {
        ErrorHead {
            status,
            status_text: text,
            ..ErrorHead::default()
        }
    }

    #[test]
    fn decodes_a_422_envelope_with_meta_and_trace_id() {
        let body = r#"{"errors":[{"code":"form_param_missing","message":"is missing","long_message":"name is missing",
            "meta":{"param_name":"name"}}],"meta":{},"clerk_trace_id":"0123456789abcdef0123456789abcdef"}"#;
        let mut h = head(422, "Unprocessable Entity");
        h.trace_id_header = Some("from-header");
        let e = decode_error(&h, body);
        assert_eq!(e.status, 422);
        assert_eq!(e.message(), "name is missing");
        assert_eq!(e.errors[0].code, "form_param_missing");
        assert_eq!(e.errors[0].message, "is missing");
        assert_eq!(e.errors[0].long_message.as_deref(), Some("name is missing"));
        assert_eq!(
            e.errors[0].meta.as_deref(),
            Some(r#"{"param_name":"name"}"#)
        );
        assert_eq!(
            e.clerk_trace_id.as_deref(),
            Some("0123456789abcdef0123456789abcdef")
        );
        assert_eq!(e.retry_after, None);
    }

    #[test]
    fn decodes_409_403_401_envelopes() {
        let e = decode_error(
            &head(409, "Conflict"),
            r#"{"errors":[{"code":"token_creation_conflict","message":"API Key name already exists."}]}"#,
        );
        assert_eq!(
            (e.status, e.errors[0].code.as_str()),
            (409, "token_creation_conflict")
        );
        assert_eq!(e.message(), "API Key name already exists.");

        let e = decode_error(
            &head(403, "Forbidden"),
            r#"{"errors":[{"code":"token_quota_exceeded","message":""}]}"#,
        );
        assert_eq!(e.errors[0].code, "token_quota_exceeded");
        assert_eq!(e.message(), "Forbidden");

        let mut h = head(401, "Unauthorized");
        h.trace_id_header = Some("hdr-trace");
        let e = decode_error(
            &h,
            r#"{"errors":[{"code":"authentication_invalid","message":"Invalid authentication","long_message":"Unable to authenticate the request."}]}"#,
        );
        assert_eq!(e.message(), "Unable to authenticate the request.");
        assert_eq!(
            e.clerk_trace_id.as_deref(),
            Some("hdr-trace"),
            "header is the fallback"
        );
    }

    #[test]
    fn decodes_429_retry_after() {
        let mut h = head(429, "Too Many Requests");
        h.retry_after = Some("30");
        let e = decode_error(
            &h,
            r#"{"errors":[{"code":"too_many_requests","message":"slow down"}]}"#,
        );
        assert_eq!(e.retry_after, Some(30));
        assert_eq!(parse_retry_after(" 2 "), Some(2));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("1.5"), None);
        assert_eq!(parse_retry_after("99999999999999"), None);
        assert_eq!(parse_retry_after(""), None);
    }

    #[test]
    fn html_and_malformed_error_bodies_fall_back_to_status() {
        let e = decode_error(
            &head(502, "Bad Gateway"),
            "<html><body>502 Bad Gateway</body></html>",
        );
        assert!(e.errors.is_empty());
        assert_eq!(e.message(), "Bad Gateway");
        let e = decode_error(&head(502, ""), r#"{"errors":[{"code":"#);
        assert!(e.errors.is_empty());
        assert_eq!(e.message(), "HTTP 502");
        let e = decode_error(&head(500, ""), r#"{"errors":"nope","clerk_trace_id":5}"#);
        assert!(e.errors.is_empty());
        assert_eq!(e.clerk_trace_id, None);
        let e = decode_error(
            &head(500, ""),
            r#"{"errors":[1,{"code":2,"message":"m","meta":[1]}]}"#,
        );
        assert_eq!(e.errors.len(), 1);
        assert_eq!(e.errors[0].code, "");
        assert_eq!(e.errors[0].meta, None);
    }
}
