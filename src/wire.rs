//! The Frontend API's JSON shapes: an API key, a page of keys, and the error envelope.
//!
//! Success bodies are checked strictly (a wrong type means we must not hand the caller a half-true key), error
//! bodies leniently (an error page is still an error, whatever it looks like).

use crate::error::{ApiError, ApiErrorEntry, Error};
use crate::json::{self, Cat, ParseError, Reader};
use crate::model::{APIKey, Page};
use alloc::{borrow::ToOwned, string::String, vec::Vec};
use core::fmt;

/// Decode one key from a 2xx body; see [`read_api_key`] for `created`.
pub fn decode_api_key(body: &str, created: bool) -> Result<APIKey, Error> {
    read_api_key(body, created).map(|k| k.to_model())
}

/// Decode `{data: [key], total_count}` from a 2xx body (`getAll`).
pub fn decode_page(body: &str) -> Result<Page<APIKey>, Error> {
    let page = read_page(body)?;
    let mut data = Vec::with_capacity(page.data.len());
    for k in &page.data {
        data.push(k.to_model());
    }
    Ok(Page {
        data,
        total_count: page.total_count,
    })
}

/// Check one key from a 2xx body, keeping its fields as text. Only `create` hands out a secret: its result
/// (`created`) must carry a string `secret`, and any other key loses one the server sent anyway.
pub fn read_api_key(body: &str, created: bool) -> Result<WireKey<'_>, Error> {
    let mut k = read(body, |r| {
        let mut k = WireKey::default();
        api_key(r, &mut k).map(|()| k)
    })?;
    if !created {
        k.drop_secret();
        return Ok(k);
    }
    match k.non_null(SECRET) {
        Some(_) => Ok(k),
        None => Err(field_error(SECRET, "a string")),
    }
}

/// Check a page from a 2xx body, keeping each key's fields as text; no key keeps a `secret`.
pub fn read_page(body: &str) -> Result<Page<WireKey<'_>>, Error> {
    read(body, page)
}

/// Runs a reader over the whole body, then checks nothing follows. A body that is not JSON is reported as such
/// even when the reader stopped earlier at a bad field: the failure path re-checks the whole text.
fn read<'a, T>(body: &'a str, f: fn(&mut Reader<'a>) -> Result<T, Error>) -> Result<T, Error> {
    let mut r = Reader::new(body);
    let out = f(&mut r).and_then(|v| r.end().map(|()| v).map_err(not_json));
    out.map_err(|e| match json::validate(body) {
        Ok(()) => e,
        Err(p) => not_json(p),
    })
}

fn not_json(_: ParseError) -> Error {
    Error::invalid_response("the response body is not JSON")
}

fn page<'a>(r: &mut Reader<'a>) -> Result<Page<WireKey<'a>>, Error> {
    if !r.enter(b'{') {
        return Err(Error::invalid_response("the response is not a JSON object"));
    }
    let mut data = None;
    let mut total_count = None;
    while let Some(key) = r.key().map_err(not_json)? {
        match &*key {
            "data" if r.enter(b'[') => {
                // About 350 bytes a key: room for the whole page at once, usually.
                let mut keys: Vec<WireKey<'a>> = Vec::with_capacity(r.remaining() / 256);
                while r.item().map_err(not_json)? {
                    // Read in place: a key is 16 slices, copied neither out of `api_key` nor into the page.
                    keys.push(WireKey::default());
                    if let Some(k) = keys.last_mut() {
                        api_key(r, k)?;
                        k.drop_secret();
                    }
                }
                data = Some(keys);
            }
            "total_count" => {
                total_count = number(r)
                    .map_err(not_json)?
                    .and_then(json::integer_value)
                    .and_then(|n| u64::try_from(n).ok());
            }
            "data" => {
                data = None;
                r.skip().map_err(not_json)?;
            }
            _ => r.skip().map_err(not_json)?,
        }
    }
    let data = data.ok_or_else(|| Error::invalid_response("the response lacks a `data` array"))?;
    let total_count = total_count.ok_or_else(|| {
        Error::invalid_response("the response lacks a non-negative integer `total_count`")
    })?;
    Ok(Page { data, total_count })
}

/// What a wire field may hold.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Str,
    OptStr,
    Bool,
    Ms,
    OptMs,
    /// An array of strings, or null (no scopes).
    Scopes,
    /// An object, or null.
    Claims,
    /// The key's secret: a string in the `create` result only; elsewhere absent or null, and then left out.
    Secret,
}

impl Kind {
    fn expected(self) -> &'static str {
        match self {
            Kind::Str => "a string",
            Kind::OptStr | Kind::Secret => "a string or null",
            Kind::Bool => "a boolean",
            Kind::Ms => "a timestamp in ms",
            Kind::OptMs => "a timestamp in ms or null",
            Kind::Scopes => "an array of strings",
            Kind::Claims => "an object or null",
        }
    }

    /// Required fields must be present (and not null); the others read absent as null.
    const fn required(self) -> bool {
        matches!(self, Kind::Str | Kind::Bool | Kind::Ms)
    }
}

/// One field of an API key: its wire name and what it may hold.
pub struct FieldSpec {
    pub wire: &'static str,
    pub kind: Kind,
}

const fn spec(wire: &'static str, kind: Kind) -> FieldSpec {
    FieldSpec { wire, kind }
}

/// An API key's fields, in the order JS objects list them and a bad one is reported (the first in this order).
pub const FIELDS: [FieldSpec; 16] = [
    spec("id", Kind::Str),
    spec("type", Kind::Str),
    spec("name", Kind::Str),
    spec("subject", Kind::Str),
    spec("scopes", Kind::Scopes),
    spec("claims", Kind::Claims),
    spec("revoked", Kind::Bool),
    spec("revocation_reason", Kind::OptStr),
    spec("expired", Kind::Bool),
    spec("expiration", Kind::OptMs),
    spec("created_by", Kind::OptStr),
    spec("description", Kind::OptStr),
    spec("last_used_at", Kind::OptMs),
    spec("created_at", Kind::Ms),
    spec("updated_at", Kind::Ms),
    spec("secret", Kind::Secret),
];

/// A bit per required field of [`FIELDS`].
const REQUIRED: u32 = {
    let mut mask = 0;
    let mut i = 0;
    while i < FIELDS.len() {
        if FIELDS[i].kind.required() {
            mask |= 1 << i;
        }
        i += 1;
    }
    mask
};

/// The index of `secret` in [`FIELDS`].
const SECRET: usize = FIELDS.len() - 1;

/// One API key as it came over the wire: each field of [`FIELDS`] as checked JSON text (`None`: absent).
/// Nothing is copied or unescaped, so a page of keys costs one pass over the body: the JS layer writes these
/// texts straight into its output (`output.rs`), and [`WireKey::to_model`] decodes them for Rust callers.
#[derive(Clone, Copy, Default)]
pub struct WireKey<'a> {
    values: [Option<&'a str>; FIELDS.len()],
}

/// Written by hand so a `create` result's secret never reaches logs.
impl fmt::Debug for WireKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for (i, spec) in FIELDS.iter().enumerate() {
            let shown = if i == SECRET {
                self.value(i).map(|_| "[redacted]")
            } else {
                self.value(i)
            };
            m.entry(&spec.wire, &shown);
        }
        m.finish()
    }
}

impl<'a> WireKey<'a> {
    /// The checked JSON text of field `i` of [`FIELDS`] (it may be `null`); `None` when absent.
    #[inline(always)]
    pub fn value(&self, i: usize) -> Option<&'a str> {
        self.values.get(i).copied().flatten()
    }

    /// Forget the key's `secret`: what every call but `create` hands back has none.
    fn drop_secret(&mut self) {
        if let Some(slot) = self.values.get_mut(SECRET) {
            *slot = None;
        }
    }

    /// The text of field `i`, absent when `null`.
    fn non_null(&self, i: usize) -> Option<&'a str> {
        self.value(i).filter(|t| *t != "null")
    }

    /// The text of a field by wire name, absent when `null`.
    fn text(&self, wire: &str) -> Option<&'a str> {
        self.non_null(field(wire)?)
    }

    fn string(&self, wire: &str) -> Option<String> {
        let mut r = Reader::new(self.text(wire)?);
        r.string().ok().map(|s| s.into_owned())
    }

    fn ms(&self, wire: &str) -> Option<i64> {
        self.text(wire).and_then(json::integer_value)
    }

    /// The owned model. The texts were checked when read, so every field decodes.
    pub fn to_model(&self) -> APIKey {
        let mut scopes = Vec::new();
        if let Some(text) = self.text("scopes") {
            let mut r = Reader::new(text);
            r.enter(b'[');
            while r.item() == Ok(true) {
                let Ok(s) = r.string() else { break };
                scopes.push(s.into_owned());
            }
        }
        APIKey {
            id: self.string("id").unwrap_or_default(),
            key_type: self.string("type").unwrap_or_default(),
            name: self.string("name").unwrap_or_default(),
            subject: self.string("subject").unwrap_or_default(),
            scopes,
            claims: self.text("claims").map(str::to_owned),
            revoked: self.text("revoked") == Some("true"),
            revocation_reason: self.string("revocation_reason"),
            expired: self.text("expired") == Some("true"),
            expiration: self.ms("expiration"),
            created_by: self.string("created_by"),
            description: self.string("description"),
            last_used_at: self.ms("last_used_at"),
            created_at: self.ms("created_at").unwrap_or_default(),
            updated_at: self.ms("updated_at").unwrap_or_default(),
            secret: self.string("secret"),
        }
    }
}

/// One key, read in a single pass over its members. A member of the wrong type is skipped and marked; when the
/// object ends, the first bad or missing field (in [`FIELDS`] order) is the error. A repeated member: the last
/// one counts, as with `JSON.parse`. Unknown members are checked and dropped.
fn api_key<'a>(r: &mut Reader<'a>, k: &mut WireKey<'a>) -> Result<(), Error> {
    if !r.enter(b'{') {
        r.skip().map_err(not_json)?;
        return Err(Error::invalid_response("an API key is not a JSON object"));
    }
    let problems = members(r, k).map_err(not_json)?;
    if problems == 0 {
        return Ok(());
    }
    let at = problems.trailing_zeros() as usize;
    Err(field_error(
        at,
        FIELDS.get(at).map_or("", |f| f.kind.expected()),
    ))
}

/// The members of the key being read, into `k`; returns the fields that are bad (their value was of the wrong
/// type) or missing (required, and absent), a bit per index in [`FIELDS`]: one test per key when all is well.
/// Only a JSON error stops it, so the hot loop never converts an error.
fn members<'a>(r: &mut Reader<'a>, k: &mut WireKey<'a>) -> Result<u32, ParseError> {
    let mut bad: u32 = 0;
    let mut seen: u32 = 0;
    let mut next = 0;
    while r.member()? {
        let found = if FIELDS.get(next).is_some_and(|f| r.name_is(f.wire)) {
            Some(next)
        } else {
            field(&r.name()?)
        };
        let Some((at, kind, slot)) = found.and_then(|at| slot(k, at)) else {
            r.skip()?;
            continue;
        };
        next = (at + 1) % FIELDS.len();
        *slot = value(r, kind)?;
        // A key given twice counts as its last value.
        seen |= 1 << at;
        if slot.is_some() {
            bad &= !(1 << at);
        } else {
            bad |= 1 << at;
        }
    }
    Ok(bad | (REQUIRED & !seen))
}

/// "API key field `x` is missing or not …" for field `at` of [`FIELDS`].
fn field_error(at: usize, expected: &str) -> Error {
    let wire = FIELDS.get(at).map_or("", |f| f.wire);
    Error::invalid_response(&["API key field `", wire, "` is missing or not ", expected].cat())
}

/// The index in [`FIELDS`] of the field whose wire name is `wire`. The decoder tries the field it expects next
/// first ([`Reader::name_is`]), so this is the lookup for everything else.
fn field(wire: &str) -> Option<usize> {
    FIELDS.iter().position(|f| f.wire == wire)
}

/// Field `at`'s kind and its slot in `k`.
fn slot<'k, 'a>(
    k: &'k mut WireKey<'a>,
    at: usize,
) -> Option<(usize, Kind, &'k mut Option<&'a str>)> {
    Some((at, FIELDS.get(at)?.kind, k.values.get_mut(at)?))
}

/// The next value's text when it is of `kind`; else `None`, the value skipped.
fn value<'a>(r: &mut Reader<'a>, kind: Kind) -> Result<Option<&'a str>, ParseError> {
    let first = r.peek();
    let fits = match (kind, first) {
        (_, Some(b'n')) if !kind.required() => true,
        (Kind::Str | Kind::OptStr | Kind::Secret, Some(b'"')) => true,
        (Kind::Bool, Some(b't' | b'f')) => true,
        (Kind::Claims, Some(b'{')) => true,
        (Kind::Ms | Kind::OptMs, _) => return ms(r, kind),
        (Kind::Scopes, Some(b'[')) => return strings(r),
        _ => false,
    };
    if fits {
        r.raw().map(Some)
    } else {
        r.skip().map(|()| None)
    }
}

/// A number's text, or `None` (skipped) for any other value.
fn number<'a>(r: &mut Reader<'a>) -> Result<Option<&'a str>, ParseError> {
    if matches!(r.peek(), Some(b'-' | b'0'..=b'9')) {
        r.raw().map(Some)
    } else {
        r.skip().map(|()| None)
    }
}

/// Timestamps must be whole milliseconds within JS's Date range (±8.64e15), so `new Date(ms)` is always valid;
/// the text is kept as sent (`1.7556e12` is a whole number too, and JS reads it as one). A nullable one that is 0
/// reads as `null`, as clerk-js maps it (a `Date` if truthy, else null).
fn ms<'a>(r: &mut Reader<'a>, kind: Kind) -> Result<Option<&'a str>, ParseError> {
    Ok(number(r)?.and_then(|t| match json::integer_value(t) {
        Some(0) if kind == Kind::OptMs => Some("null"),
        Some(n) if n.unsigned_abs() <= 8_640_000_000_000_000 => Some(t),
        _ => None,
    }))
}

/// An array of strings' text, or `None` when an item is not a string.
fn strings<'a>(r: &mut Reader<'a>) -> Result<Option<&'a str>, ParseError> {
    r.peek();
    let start = r.offset();
    r.enter(b'[');
    let mut ok = true;
    while r.item()? {
        ok &= r.peek() == Some(b'"');
        r.skip()?;
    }
    Ok(ok.then(|| r.since(start)))
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
    let (errors, body_trace) = error_body(body).unwrap_or_default();
    let clerk_trace_id = body_trace.or(head
        .trace_id_header
        .filter(|s| !s.is_empty())
        .map(str::to_owned));
    ApiError {
        status: head.status,
        status_text: head.status_text.to_owned(),
        errors,
        clerk_trace_id,
        retry_after: head.retry_after.and_then(parse_retry_after),
    }
}

/// The entries of `errors` (objects only) and a non-empty `clerk_trace_id`; members of other types are ignored.
fn error_body(body: &str) -> Result<(Vec<ApiErrorEntry>, Option<String>), ParseError> {
    let mut r = Reader::new(body);
    let mut errors = Vec::new();
    let mut trace = None;
    if r.enter(b'{') {
        while let Some(key) = r.key()? {
            match &*key {
                "errors" => {
                    errors.clear();
                    if !r.enter(b'[') {
                        r.skip()?;
                        continue;
                    }
                    while r.item()? {
                        if r.enter(b'{') {
                            errors.push(error_entry(&mut r)?);
                        } else {
                            r.skip()?;
                        }
                    }
                }
                "clerk_trace_id" => trace = text(&mut r)?.filter(|s| !s.is_empty()),
                _ => r.skip()?,
            }
        }
    } else {
        r.skip()?;
    }
    r.end()?;
    Ok((errors, trace))
}

/// One entry, its `{` already entered: strings where strings are, `meta` kept as text when it is an object.
fn error_entry(r: &mut Reader<'_>) -> Result<ApiErrorEntry, ParseError> {
    let mut e = ApiErrorEntry::default();
    while let Some(key) = r.key()? {
        match &*key {
            "code" => e.code = text(r)?.unwrap_or_default(),
            "message" => e.message = text(r)?.unwrap_or_default(),
            "long_message" => e.long_message = text(r)?,
            "meta" if r.peek() == Some(b'{') => e.meta = Some(r.raw()?.to_owned()),
            "meta" => {
                e.meta = None;
                r.skip()?;
            }
            _ => r.skip()?,
        }
    }
    Ok(e)
}

/// A string value, unescaped; `None` (skipped) for any other value.
fn text(r: &mut Reader<'_>) -> Result<Option<String>, ParseError> {
    if r.peek() == Some(b'"') {
        r.string().map(|s| Some(s.into_owned()))
    } else {
        r.skip().map(|()| None)
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

// serde_json, its oracle, is a host-only dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz;

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
        let k = decode_api_key(FULL_KEY, true).unwrap();
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
    fn only_the_created_key_has_a_secret_and_it_must() {
        assert_eq!(decode_api_key(FULL_KEY, false).unwrap().secret, None);
        let page = format!(r#"{{"data":[{FULL_KEY}],"total_count":1}}"#);
        assert_eq!(decode_page(&page).unwrap().data[0].secret, None);
        assert_eq!(read_page(&page).unwrap().data[0].value(SECRET), None);
        assert!(read_api_key(FULL_KEY, true)
            .unwrap()
            .value(SECRET)
            .is_some());
        for body in [
            FULL_KEY.replace(r#","secret":"ak_FAKEFAKE""#, ""),
            FULL_KEY.replace(r#""ak_FAKEFAKE""#, "null"),
        ] {
            assert!(decode_api_key(&body, false).is_ok());
            let e = decode_api_key(&body, true).unwrap_err();
            assert!(matches!(
                &e,
                Error::Runtime {
                    code: crate::error::RuntimeCode::InvalidResponse,
                    ..
                }
            ));
            assert_eq!(
                e.message(),
                "API key field `secret` is missing or not a string"
            );
        }
    }

    #[test]
    fn a_nullable_timestamp_of_zero_is_null() {
        let body = FULL_KEY
            .replace("1787136000000", "0")
            .replace("1755700000000", "0.0e3")
            .replace("1755600000000", "0");
        let k = decode_api_key(&body, false).unwrap();
        assert_eq!((k.expiration, k.last_used_at), (None, None));
        assert_eq!(k.created_at, 0, "a required one stays a date");
        let w = read_api_key(&body, false).unwrap();
        assert_eq!(w.value(field("expiration").unwrap()), Some("null"));
        assert_eq!(w.value(field("last_used_at").unwrap()), Some("null"));
    }

    #[test]
    fn keys_decode_in_any_order_spacing_or_spelling() {
        let expected = decode_api_key(FULL_KEY, true).unwrap();
        let reordered = FULL_KEY.replace(r#""secret":"ak_FAKEFAKE","#, "").replacen(
            r#"{"object""#,
            r#"{"secret":"ak_FAKEFAKE","object""#,
            1,
        );
        let variants = [
            reordered,
            FULL_KEY.replace(r#""name":"#, r#""n\u0061me":"#),
            FULL_KEY
                .replace(r#""id":"#, r#""id" : "#)
                .replace(r#""type":"#, "\n\t\"type\"\n:"),
        ];
        for body in &variants {
            assert_eq!(decode_api_key(body, true).unwrap(), expected, "{body}");
        }
        // A key that only starts like the expected one is another key.
        let idx = FULL_KEY.replace(r#""id":"ak_2zFakeKey000000000000001","#, r#""idx":"ak_2","#);
        assert!(decode_api_key(&idx, false).is_err());
    }

    #[test]
    fn nullable_fields_may_be_null_or_absent() {
        let minimal = r#"{"id":"ak_1","type":"api_key","name":"n","subject":"user_1","revoked":false,
            "expired":false,"created_at":1,"updated_at":2}"#;
        let nulls = r#"{"id":"ak_1","type":"api_key","name":"n","subject":"user_1","revoked":false,
            "expired":false,"created_at":1,"updated_at":2,"scopes":null,"claims":null,"revocation_reason":null,
            "expiration":null,"created_by":null,"description":null,"last_used_at":null,"secret":null}"#;
        for body in [minimal, nulls] {
            let k = decode_api_key(body, false).unwrap();
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
        assert!(decode_api_key(base, false).is_ok());
        let members = [
            ("id", r#""ak_1""#),
            ("type", r#""api_key""#),
            ("name", r#""n""#),
            ("subject", r#""user_1""#),
            ("revoked", "false"),
            ("expired", "false"),
            ("created_at", "1"),
            ("updated_at", "2"),
        ];
        for (field, _) in members {
            let body = members
                .iter()
                .filter(|(k, _)| *k != field)
                .map(|(k, v)| format!(r#""{k}":{v}"#))
                .collect::<Vec<_>>()
                .join(",");
            let err = decode_api_key(&format!("{{{body}}}"), false).unwrap_err();
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
            assert!(decode_api_key(&body, false).is_err(), "{body}");
        }
        assert!(decode_api_key("[]", false).is_err());
        assert!(decode_api_key("null", false).is_err());
    }

    #[test]
    fn reports_the_first_bad_field_in_wire_order_and_json_errors_first() {
        // `updated_at` comes first in the body and `id` is bad later: `id` is reported (wire order).
        let body = r#"{"updated_at":"x","id":7,"type":"api_key","name":"n","subject":"s","revoked":false,
            "expired":false,"created_at":1}"#;
        let msg = decode_api_key(body, false).unwrap_err().message();
        assert!(msg.contains("`id`"), "{msg}");
        // A bad field followed by broken JSON: the body is reported as not JSON.
        let broken = r#"{"id":7,"type":"api_key" "#;
        let msg = decode_api_key(broken, false).unwrap_err().message();
        assert!(msg.contains("not JSON"), "{msg}");
        let page = format!(r#"{{"data":[{{"id":1}},{FULL_KEY}],"total_count":2"#);
        assert!(decode_page(&page)
            .unwrap_err()
            .message()
            .contains("not JSON"));
    }

    #[test]
    fn a_repeated_member_counts_last_and_unknown_members_are_checked_then_ignored() {
        let body = FULL_KEY.replace(
            r#""name":"ci-deploy""#,
            r#""name":7,"extra":[{"a":null}],"name":"second""#,
        );
        assert_eq!(decode_api_key(&body, false).unwrap().name, "second");
        let body = FULL_KEY.replace(r#""name":"ci-deploy""#, r#""name":"a","name":7"#);
        assert!(decode_api_key(&body, false).is_err());
        let body = FULL_KEY.replace(
            r#""unknown_field":{"x":[1]}"#,
            r#""unknown_field":{"x":[1,]}"#,
        );
        assert!(decode_api_key(&body, false).is_err());
    }

    #[test]
    fn claims_keep_the_servers_text() {
        let body = FULL_KEY.replace(
            r#""claims":{"org":"org_1","n":[1,2.5]}"#,
            r#""claims": { "a" : "\u00e9", "n": 1e2 }"#,
        );
        let k = decode_api_key(&body, false).unwrap();
        assert_eq!(k.claims.as_deref(), Some(r#"{ "a" : "\u00e9", "n": 1e2 }"#));
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
