//! The three calls' parameters: validation (before any request), the list query, the JSON bodies and the revoke
//! path. Everything here is pure so the host tests pin the exact bytes clerk-js would send.

use crate::error::Error;
use crate::json::{push_int, Writer};
use alloc::{borrow::ToOwned, string::String};

/// A body field JS can leave `undefined` (omitted from the JSON) or set to `null` (sent as `null`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Field<T> {
    #[default]
    Omitted,
    Null,
    Value(T),
}

/// `getAll` parameters. `None` means "use the default".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetAPIKeysParams {
    /// Explicit subject (an explicit `""` is kept); else the active organization, else the user.
    pub subject: Option<String>,
    /// Name search; sent as `query=` when absent.
    pub query: Option<String>,
    /// 1..=500, default 10.
    pub page_size: Option<u32>,
    /// >= 1, default 1.
    pub initial_page: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CreateAPIKeyParams {
    pub name: String,
    pub subject: Option<String>,
    pub description: Field<String>,
    /// `Null` means "never expires".
    pub seconds_until_expiration: Field<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RevokeAPIKeyParams {
    pub api_key_id: String,
    pub revocation_reason: Field<String>,
}

pub const DEFAULT_PAGE_SIZE: u32 = 10;
pub const MAX_PAGE_SIZE: u32 = 500;
/// Largest integer a JS number holds exactly; bigger values from JS are refused rather than rounded.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// A number from JS (every JS number is an `f64`) as an integer in `min..=max`; `None` for NaN, ±Infinity, a
/// fraction or a value out of range. `max` must be at most [`MAX_SAFE_INTEGER`], so the conversion is exact.
pub fn whole_number(n: f64, min: u64, max: u64) -> Option<u64> {
    // NaN fails both comparisons, ±Infinity one of them.
    if !(n >= min as f64 && n <= max as f64) {
        return None;
    }
    // Within [min, max], so the cast is exact for whole numbers; a fraction does not round-trip.
    let i = n as u64;
    (i as f64 == n).then_some(i)
}

/// The subject a call uses: explicit (even `""`), else the fallback (org id, else user id), else `""`.
pub fn resolve_subject(explicit: Option<&str>, fallback: Option<&str>) -> String {
    explicit.or(fallback).unwrap_or("").to_owned()
}

impl GetAPIKeysParams {
    /// `(limit, offset)` after validation.
    pub fn limit_offset(&self) -> Result<(u32, u64), Error> {
        let limit = self.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        if !(1..=MAX_PAGE_SIZE).contains(&limit) {
            return Err(Error::invalid_argument(
                "pageSize must be an integer from 1 to 500",
            ));
        }
        let page = self.initial_page.unwrap_or(1);
        if page < 1 {
            return Err(Error::invalid_argument(
                "initialPage must be an integer >= 1",
            ));
        }
        Ok((limit, u64::from(page - 1) * u64::from(limit)))
    }

    /// `subject=…&query=…&limit=…&offset=…`, form-encoded like `URLSearchParams`.
    pub fn query_string(&self, fallback_subject: Option<&str>) -> Result<String, Error> {
        let (limit, offset) = self.limit_offset()?;
        let subject = resolve_subject(self.subject.as_deref(), fallback_subject);
        let mut q = String::with_capacity(64 + subject.len());
        q.push_str("subject=");
        form_encode(&mut q, &subject);
        q.push_str("&query=");
        form_encode(&mut q, self.query.as_deref().unwrap_or(""));
        q.push_str("&limit=");
        push_int(&mut q, i64::from(limit));
        q.push_str("&offset=");
        // offset <= (u32::MAX - 1) * 500, well inside i64.
        push_int(&mut q, offset as i64);
        Ok(q)
    }
}

impl CreateAPIKeyParams {
    pub fn validate(&self) -> Result<(), Error> {
        if let Field::Value(s) = self.seconds_until_expiration {
            if s > MAX_SAFE_INTEGER {
                return Err(Error::invalid_argument(
                    "secondsUntilExpiration must be a non-negative integer (or null)",
                ));
            }
        }
        Ok(())
    }

    /// `{"type":"api_key","name",…,"subject",…[,"description"][,"seconds_until_expiration"]}` in clerk-js' order.
    pub fn body(&self, fallback_subject: Option<&str>) -> Result<String, Error> {
        self.validate()?;
        let subject = resolve_subject(self.subject.as_deref(), fallback_subject);
        let mut w = Writer::with_capacity(96 + self.name.len() + subject.len());
        w.raw("{\"type\":\"api_key\",\"name\":");
        w.string(&self.name);
        w.raw(",\"subject\":");
        w.string(&subject);
        match &self.description {
            Field::Omitted => {}
            Field::Null => w.raw(",\"description\":null"),
            Field::Value(d) => {
                w.raw(",\"description\":");
                w.string(d);
            }
        }
        match self.seconds_until_expiration {
            Field::Omitted => {}
            Field::Null => w.raw(",\"seconds_until_expiration\":null"),
            Field::Value(s) => {
                w.raw(",\"seconds_until_expiration\":");
                w.int(s as i64); // <= MAX_SAFE_INTEGER after validate()
            }
        }
        w.raw("}");
        Ok(w.out)
    }
}

impl RevokeAPIKeyParams {
    /// `/api_keys/{id}/revoke` with the id percent-encoded as one path segment.
    pub fn path(&self) -> Result<String, Error> {
        let id = self.api_key_id.as_str();
        if id.is_empty() {
            return Err(Error::invalid_argument("apiKeyID is required"));
        }
        // URL parsers treat `.`/`..` (even as %2E) as dot segments; such an id would escape its segment.
        if id == "." || id == ".." {
            return Err(Error::invalid_argument("apiKeyID is not a valid key id"));
        }
        let mut p = String::with_capacity(20 + id.len());
        p.push_str("/api_keys/");
        percent_encode_segment(&mut p, id);
        p.push_str("/revoke");
        Ok(p)
    }

    /// `{"revocation_reason":…}` when set (even to null), else `{}`.
    pub fn body(&self) -> String {
        match &self.revocation_reason {
            Field::Omitted => "{}".to_owned(),
            Field::Null => "{\"revocation_reason\":null}".to_owned(),
            Field::Value(r) => {
                let mut w = Writer::with_capacity(24 + r.len());
                w.raw("{\"revocation_reason\":");
                w.string(r);
                w.raw("}");
                w.out
            }
        }
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn push_pct(out: &mut String, b: u8) {
    out.push('%');
    out.push(char::from(HEX[usize::from(b >> 4)]));
    out.push(char::from(HEX[usize::from(b & 15)]));
}

/// `application/x-www-form-urlencoded` as `URLSearchParams` writes it: `*-._` and alphanumerics kept, space as `+`.
pub fn form_encode(out: &mut String, s: &str) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => push_pct(out, b),
        }
    }
}

/// One path segment, as `encodeURIComponent` would write it minus its `!'()*` leniency: only unreserved kept.
pub fn percent_encode_segment(out: &mut String, s: &str) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(b))
            }
            _ => push_pct(out, b),
        }
    }
}

// serde_json, its JSON reader, is a host-only dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod roundtrip;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_query_has_subject_query_limit_offset() {
        let p = GetAPIKeysParams::default();
        assert_eq!(
            p.query_string(Some("user_abc")).unwrap(),
            "subject=user_abc&query=&limit=10&offset=0"
        );
        assert_eq!(
            p.query_string(None).unwrap(),
            "subject=&query=&limit=10&offset=0"
        );
    }

    #[test]
    fn explicit_subject_wins_even_when_empty() {
        let p = GetAPIKeysParams {
            subject: Some(String::new()),
            ..Default::default()
        };
        assert_eq!(
            p.query_string(Some("org_1")).unwrap(),
            "subject=&query=&limit=10&offset=0"
        );
        assert_eq!(resolve_subject(Some("user_x"), Some("org_1")), "user_x");
        assert_eq!(resolve_subject(None, Some("org_1")), "org_1");
        assert_eq!(resolve_subject(None, None), "");
    }

    #[test]
    fn pagination_and_form_encoding() {
        let p = GetAPIKeysParams {
            subject: Some("user 1".into()),
            query: Some("ci deploy&x=y+z/é,*~".into()),
            page_size: Some(20),
            initial_page: Some(3),
        };
        assert_eq!(
            p.query_string(None).unwrap(),
            "subject=user+1&query=ci+deploy%26x%3Dy%2Bz%2F%C3%A9%2C*%7E&limit=20&offset=40"
        );
        let max = GetAPIKeysParams {
            page_size: Some(500),
            initial_page: Some(u32::MAX),
            ..Default::default()
        };
        assert_eq!(
            max.limit_offset().unwrap(),
            (500, u64::from(u32::MAX - 1) * 500)
        );
    }

    #[test]
    fn page_size_and_initial_page_are_validated() {
        for (size, page) in [(Some(0), None), (Some(501), None), (None, Some(0))] {
            let p = GetAPIKeysParams {
                page_size: size,
                initial_page: page,
                ..Default::default()
            };
            let err = p.query_string(None).unwrap_err();
            assert!(matches!(
                err,
                Error::Runtime {
                    code: crate::RuntimeCode::InvalidArgument,
                    ..
                }
            ));
        }
        let ok = GetAPIKeysParams {
            page_size: Some(1),
            ..Default::default()
        };
        assert!(ok.query_string(None).is_ok());
    }

    #[test]
    fn create_body_omits_undefined_and_keeps_null_in_order() {
        let mut p = CreateAPIKeyParams {
            name: "ci \"deploy\"".into(),
            ..Default::default()
        };
        assert_eq!(
            p.body(Some("user_1")).unwrap(),
            r#"{"type":"api_key","name":"ci \"deploy\"","subject":"user_1"}"#
        );
        p.description = Field::Null;
        p.seconds_until_expiration = Field::Null;
        assert_eq!(
            p.body(None).unwrap(),
            r#"{"type":"api_key","name":"ci \"deploy\"","subject":"","description":null,"seconds_until_expiration":null}"#
        );
        p.subject = Some("org_9".into());
        p.description = Field::Value("GitHub\nActions".into());
        p.seconds_until_expiration = Field::Value(86_400);
        assert_eq!(
            p.body(Some("user_1")).unwrap(),
            r#"{"type":"api_key","name":"ci \"deploy\"","subject":"org_9","description":"GitHub\nActions","seconds_until_expiration":86400}"#
        );
        p.seconds_until_expiration = Field::Value(MAX_SAFE_INTEGER + 1);
        assert!(p.body(None).is_err());
    }

    #[test]
    fn whole_numbers_from_js() {
        assert_eq!(whole_number(1.0, 1, 500), Some(1));
        assert_eq!(whole_number(500.0, 1, 500), Some(500));
        assert_eq!(whole_number(-0.0, 0, 10), Some(0));
        let max = MAX_SAFE_INTEGER;
        assert_eq!(whole_number(max as f64, 0, max), Some(max));
        for bad in [
            0.0,
            501.0,
            -1.0,
            1.5,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e300,
            f64::MIN_POSITIVE,
        ] {
            assert_eq!(whole_number(bad, 1, 500), None, "{bad}");
        }
        assert_eq!(whole_number((max + 1) as f64, 0, max), None);
        assert_eq!(whole_number(-1.0, 0, max), None);
    }

    #[test]
    fn revoke_path_encodes_one_segment_and_body_keeps_null() {
        let mut p = RevokeAPIKeyParams {
            api_key_id: "ak_123".into(),
            revocation_reason: Field::Omitted,
        };
        assert_eq!(p.path().unwrap(), "/api_keys/ak_123/revoke");
        assert_eq!(p.body(), "{}");
        p.revocation_reason = Field::Null;
        assert_eq!(p.body(), r#"{"revocation_reason":null}"#);
        p.revocation_reason = Field::Value("rotated \u{1F511}".into());
        assert_eq!(p.body(), "{\"revocation_reason\":\"rotated \u{1F511}\"}");
        p.api_key_id = "a/b?c#d %é".into();
        assert_eq!(
            p.path().unwrap(),
            "/api_keys/a%2Fb%3Fc%23d%20%25%C3%A9/revoke"
        );
        for bad in ["", ".", ".."] {
            p.api_key_id = bad.into();
            assert!(p.path().is_err(), "{bad:?}");
        }
        p.api_key_id = "...".into();
        assert_eq!(p.path().unwrap(), "/api_keys/.../revoke");
    }
}
