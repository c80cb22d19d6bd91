//! The JSON text the JS layer parses into plain objects: models with camelCase fields (timestamps as ms numbers,
//! turned into `Date`s by `js/convert.js`) and error entries with camelCased `meta` keys.
//!
//! One string per result is one crossing of the wasm boundary; `JSON.parse` in JS builds the objects faster than
//! property-by-property `Reflect::set` calls from Rust would.

use crate::error::ApiErrorEntry;
use crate::json::{self, Value, Writer};
use crate::model::{APIKey, Page};
use alloc::string::String;

/// One key as `APIKeyResource` JSON. `secret` appears only when the key has one (the `create` result).
pub fn write_api_key(w: &mut Writer, k: &APIKey) {
    w.raw("{\"id\":");
    w.string(&k.id);
    w.raw(",\"type\":");
    w.string(&k.key_type);
    w.raw(",\"name\":");
    w.string(&k.name);
    w.raw(",\"subject\":");
    w.string(&k.subject);
    w.raw(",\"scopes\":[");
    for (i, s) in k.scopes.iter().enumerate() {
        if i > 0 {
            w.raw(",");
        }
        w.string(s);
    }
    w.raw("],\"claims\":");
    w.raw(k.claims.as_deref().unwrap_or("null"));
    w.raw(",\"revoked\":");
    w.bool(k.revoked);
    w.raw(",\"revocationReason\":");
    w.opt_string(k.revocation_reason.as_deref());
    w.raw(",\"expired\":");
    w.bool(k.expired);
    w.raw(",\"expiration\":");
    w.opt_int(k.expiration);
    w.raw(",\"createdBy\":");
    w.opt_string(k.created_by.as_deref());
    w.raw(",\"description\":");
    w.opt_string(k.description.as_deref());
    w.raw(",\"lastUsedAt\":");
    w.opt_int(k.last_used_at);
    w.raw(",\"createdAt\":");
    w.int(k.created_at);
    w.raw(",\"updatedAt\":");
    w.int(k.updated_at);
    if let Some(secret) = &k.secret {
        w.raw(",\"secret\":");
        w.string(secret);
    }
    w.raw("}");
}

pub fn api_key_json(k: &APIKey) -> String {
    let mut w = Writer::with_capacity(512);
    write_api_key(&mut w, k);
    w.out
}

/// `{"data":[…],"total_count":n}`: Clerk keeps `total_count` snake_case in JS too.
pub fn page_json(p: &Page<APIKey>) -> String {
    let mut w = Writer::with_capacity(64 + p.data.len() * 480);
    w.raw("{\"data\":[");
    for (i, k) in p.data.iter().enumerate() {
        if i > 0 {
            w.raw(",");
        }
        write_api_key(&mut w, k);
    }
    w.raw("],\"total_count\":");
    w.int(i64::try_from(p.total_count).unwrap_or(i64::MAX));
    w.raw("}");
    w.out
}

/// The `errors` array of a `ClerkAPIResponseError`: `longMessage` and `meta` only when present.
pub fn errors_json(errors: &[ApiErrorEntry]) -> String {
    let mut w = Writer::with_capacity(128 * errors.len() + 2);
    w.raw("[");
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            w.raw(",");
        }
        w.raw("{\"code\":");
        w.string(&e.code);
        w.raw(",\"message\":");
        w.string(&e.message);
        if let Some(m) = &e.long_message {
            w.raw(",\"longMessage\":");
            w.string(m);
        }
        let meta = e.meta.as_deref().and_then(|m| json::parse(m).ok());
        if let Some(Value::Object(members)) = &meta {
            w.raw(",\"meta\":{");
            for (j, (k, v)) in members.iter().enumerate() {
                if j > 0 {
                    w.raw(",");
                }
                w.key(&camel_case(k));
                w.value(v);
            }
            w.raw("}");
        }
        w.raw("}");
    }
    w.raw("]");
    w.out
}

/// `param_name` → `paramName`, as clerk-js does for error meta. Leading/trailing/doubled underscores are kept.
pub fn camel_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if c == '_' && !at_start {
            if let Some(&next) = chars.peek() {
                if next.is_ascii_lowercase() {
                    out.push(next.to_ascii_uppercase());
                    chars.next();
                    continue;
                }
            }
        }
        at_start = at_start && c == '_';
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn key() -> APIKey {
        crate::wire::decode_api_key(
            r#"{"id":"ak_1","type":"api_key","name":"n\"q","subject":"user_1","scopes":["a","b"],
            "claims":{"x":{"y":[1,2.5e3]}},"revoked":true,"revocation_reason":"leaked","expired":false,
            "expiration":1787136000000,"created_by":"user_1","description":null,"last_used_at":null,
            "created_at":1755600000000,"updated_at":1755600000001}"#,
        )
        .unwrap()
    }

    #[test]
    fn api_key_json_is_camel_case_with_ms_timestamps() {
        let text = api_key_json(&key());
        assert_eq!(
            text,
            r#"{"id":"ak_1","type":"api_key","name":"n\"q","subject":"user_1","scopes":["a","b"],"claims":{"x":{"y":[1,2.5e3]}},"revoked":true,"revocationReason":"leaked","expired":false,"expiration":1787136000000,"createdBy":"user_1","description":null,"lastUsedAt":null,"createdAt":1755600000000,"updatedAt":1755600000001}"#
        );
        assert!(parse(&text).is_ok());
    }

    #[test]
    fn secret_is_written_only_when_present() {
        let mut k = key();
        assert!(!api_key_json(&k).contains("secret"));
        k.secret = Some("ak_s".into());
        assert!(api_key_json(&k).ends_with(r#","secret":"ak_s"}"#));
    }

    #[test]
    fn page_json_keeps_total_count_snake_case() {
        let p = Page {
            data: vec![key(), key()],
            total_count: 42,
        };
        let text = page_json(&p);
        let v = parse(&text).unwrap();
        assert_eq!(v.get("total_count").and_then(Value::as_i64), Some(42));
        assert_eq!(
            v.get("data").and_then(Value::as_array).map(<[_]>::len),
            Some(2)
        );
        let empty = Page::<APIKey> {
            data: vec![],
            total_count: 0,
        };
        assert_eq!(page_json(&empty), r#"{"data":[],"total_count":0}"#);
    }

    #[test]
    fn errors_json_camel_cases_meta_keys() {
        let e = crate::wire::decode_error(
            &crate::wire::ErrorHead {
                status: 422,
                ..Default::default()
            },
            r#"{"errors":[{"code":"form_param_missing","message":"is missing","long_message":"name is missing",
              "meta":{"param_name":"name","is_plan_upgrade_possible":true,"nested":{"keep_me":1}}},
              {"code":"c2","message":"m2"}]}"#,
        );
        assert_eq!(
            errors_json(&e.errors),
            r#"[{"code":"form_param_missing","message":"is missing","longMessage":"name is missing","meta":{"paramName":"name","isPlanUpgradePossible":true,"nested":{"keep_me":1}}},{"code":"c2","message":"m2"}]"#
        );
        assert_eq!(errors_json(&[]), "[]");
    }

    #[test]
    fn camel_case_rules() {
        assert_eq!(camel_case("param_name"), "paramName");
        assert_eq!(camel_case("seats_quantity_to_add"), "seatsQuantityToAdd");
        assert_eq!(camel_case("plan"), "plan");
        assert_eq!(camel_case("_private"), "_private");
        assert_eq!(camel_case("a__b"), "a_B");
        assert_eq!(camel_case("trailing_"), "trailing_");
        assert_eq!(camel_case("x_1"), "x_1");
        assert_eq!(camel_case("émoji_ok"), "émojiOk");
    }
}
