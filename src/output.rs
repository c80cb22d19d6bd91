//! The JSON text the JS layer parses into plain objects: API keys as arrays of their values (`js/bridge.js` names
//! them, camelCase, and turns the ms timestamps into `Date`s) and the server's error entries (which the JS error
//! class shapes as clerk-js does).
//!
//! One string per result is one crossing of the wasm boundary; `JSON.parse` in JS builds the objects faster than
//! property-by-property `Reflect::set` calls from Rust would, and arrays faster than objects: on a 500-key page
//! the text is half as long and the decode about 10% quicker (issue 5: decode).

use crate::error::ApiErrorEntry;
use crate::json::Writer;
use crate::model::Page;
use crate::wire::{Kind, WireKey, FIELDS};
use alloc::string::String;

/// One key as a JSON array of its values in [`FIELDS`] order, which is the order `toKey` in `js/bridge.js` names
/// them in; each value is the checked text the server sent (strings keep their escapes, timestamps their digits).
/// Absent nullable fields are `null`, absent or null `scopes` are `[]`, and `secret`, the last, is there only
/// when the key has one (the `create` result).
pub fn write_api_key(w: &mut Writer, k: &WireKey<'_>) {
    for (i, f) in FIELDS.iter().enumerate() {
        let text = match (k.value(i), f.kind) {
            (None | Some("null"), Kind::Secret) => continue,
            (None | Some("null"), Kind::Scopes) => "[]",
            (Some(t), _) => t,
            (None, _) => "null",
        };
        w.raw(if i == 0 { "[" } else { "," });
        w.raw(text);
    }
    w.raw("]");
}

pub fn api_key_json(k: &WireKey<'_>) -> String {
    let mut w = Writer::with_capacity(512);
    write_api_key(&mut w, k);
    w.out
}

/// `{"data":[…],"total_count":n}`: Clerk keeps `total_count` snake_case in JS too. `size` (the body's length)
/// sizes the buffer: the output is shorter than the input (no member names), about half as long.
pub fn page_json(p: &Page<WireKey<'_>>, size: usize) -> String {
    let mut w = Writer::with_capacity(size + 64);
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

/// The `errors` array of a `ClerkAPIResponseError`, as the server's entries: `code`, `message`, `long_message` when
/// it was a string, `meta` when it was an object (as sent). The JS class shapes them as clerk-js' `parseError` does
/// (`js/bridge.js`), these and the entries a caller passes it as `data`: one mapping for both.
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
            w.raw(",\"long_message\":");
            w.string(m);
        }
        if let Some(meta) = &e.meta {
            w.raw(",\"meta\":");
            w.raw(meta);
        }
        w.raw("}");
    }
    w.raw("]");
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::validate;

    const KEY: &str = r#"{"id":"ak_1","type":"api_key","name":"n\"q","subject":"user_1","scopes":["a","b"],
            "claims":{"x":{"y":[1,2.5e3]}},"revoked":true,"revocation_reason":"leaked","expired":false,
            "expiration":1787136000000,"created_by":"user_1","description":null,"last_used_at":null,
            "created_at":1755600000000,"updated_at":1755600000001}"#;

    fn key(body: &str) -> WireKey<'_> {
        crate::wire::read_api_key(body, false).unwrap()
    }

    #[test]
    fn api_key_json_is_the_values_in_field_order_with_ms_timestamps() {
        let text = api_key_json(&key(KEY));
        assert_eq!(
            text,
            r#"["ak_1","api_key","n\"q","user_1",["a","b"],{"x":{"y":[1,2.5e3]}},true,"leaked",false,1787136000000,"user_1",null,null,1755600000000,1755600000001]"#
        );
        assert!(validate(&text).is_ok());
    }

    #[test]
    fn absent_fields_get_their_js_defaults_and_values_stay_as_sent() {
        let body = r#"{ "updated_at" : 1.7556e12, "created_at":1755600000000, "expired":false, "revoked":false,
            "scopes":null, "subject":"user_\u00e9", "name":"x", "type":"api_key", "id":"ak_2",
            "claims": { "a" : [ 1 ] }, "unknown": [1, {"b": null}] }"#;
        assert_eq!(
            api_key_json(&key(body)),
            r#"["ak_2","api_key","x","user_\u00e9",[],{ "a" : [ 1 ] },false,null,false,null,null,null,null,1755600000000,1.7556e12]"#
        );
    }

    #[test]
    fn secret_is_written_only_when_present() {
        let plain = api_key_json(&key(KEY));
        assert!(plain.ends_with(",1755600000001]"), "15 values: {plain}");
        let with_null = KEY.replace(r#""id":"ak_1""#, r#""secret":null,"id":"ak_1""#);
        assert_eq!(api_key_json(&key(&with_null)), plain);
        let with = KEY.replace(r#""id":"ak_1""#, r#""secret":"ak_s","id":"ak_1""#);
        assert_eq!(
            api_key_json(&key(&with)),
            plain,
            "only a create result keeps it"
        );
        let created = crate::wire::read_api_key(&with, true).unwrap();
        assert!(api_key_json(&created).ends_with(r#",1755600000001,"ak_s"]"#));
    }

    #[test]
    fn page_json_keeps_total_count_snake_case() {
        let p = Page {
            data: vec![key(KEY), key(KEY)],
            total_count: 42,
        };
        let text = page_json(&p, 0);
        let one = api_key_json(&key(KEY));
        assert_eq!(
            text,
            format!(r#"{{"data":[{one},{one}],"total_count":42}}"#)
        );
        let empty = Page::<WireKey<'_>> {
            data: vec![],
            total_count: 0,
        };
        assert_eq!(page_json(&empty, 0), r#"{"data":[],"total_count":0}"#);
    }

    #[test]
    fn errors_json_keeps_the_servers_entries() {
        let e = crate::wire::decode_error(
            &crate::wire::ErrorHead {
                status: 422,
                ..Default::default()
            },
            r#"{"errors":[{"code":"form_param_missing","message":"is missing","long_message":"name is missing",
              "meta":{"param_name":"name","nested":{"keep_me":1}},"extra":1},
              {"code":"c2","message":"m2","long_message":null,"meta":"not an object"},{"code":3,"meta":{}}]}"#,
        );
        assert_eq!(
            errors_json(&e.errors),
            r#"[{"code":"form_param_missing","message":"is missing","long_message":"name is missing","meta":{"param_name":"name","nested":{"keep_me":1}}},{"code":"c2","message":"m2"},{"code":"","message":"","meta":{}}]"#
        );
        assert_eq!(errors_json(&[]), "[]");
    }
}
