//! Mangled bodies, checked against an independent JSON parser (serde_json, host tests only): whatever the server
//! sends, decoding gives a value or a typed error and never panics (a panic traps the shipped wasm); only valid
//! JSON is accepted; and every accepted body becomes JS output that `JSON.parse` reads as the same values under
//! the JS names.

use super::*;
use crate::output::{api_key_json, errors_json, page_json};
use crate::test_rng::Rng;
use serde::de::IgnoredAny;
use serde_json::{Map, Value};

const KEY_A: &str = r#"{"object":"api_key","id":"ak_1","type":"api_key","name":"d\u00e9ploy \"ci\"\\ \ud83d\ude00 ✓",
 "subject":"user_1","scopes":["read","wr\nite"],"claims":{"org":"org_1","n":[1,-2.5e3,true,null,{"k":"v"}]},
 "revoked":false,"revocation_reason":null,"expired":false,"expiration":1.7871e12,"created_by":"user_1",
 "description":"","last_used_at":null,"created_at":1755600000000,"updated_at":1755600000001,"x":[{"y":[]}]}"#;

const KEY_B: &str = r#"{ "id" : "ak_2", "type":"api_key", "name":"b", "subject":"org_9", "scopes":null, "claims":null,
 "revoked":true, "revocation_reason":"leaked", "expired":true, "expiration":-1000, "created_by":null,
 "description":"two\tlines", "last_used_at":0, "created_at":0, "updated_at":8640000000000000,
 "secret":"ak_secret_value" }"#;

const ERRORS: &str = r#"{"errors":[{"code":"form_param_format_invalid","message":"is invalid",
 "long_message":"name is invalid","meta":{"param_name":"name","nested_meta":{"a_b":[1]},"":null}},
 {"code":"x","message":"y"},"not an entry"],"clerk_trace_id":"trace_1"}"#;

fn seeds() -> Vec<String> {
    vec![
        format!(r#"{{"data":[{KEY_A},{KEY_B}],"total_count":2}}"#),
        format!(r#"{{"total_count":1e0,"data":[{KEY_B}]}}"#),
        KEY_A.to_owned(),
        KEY_B.to_owned(),
        ERRORS.to_owned(),
        "<html><body>502 Bad Gateway</body></html>".to_owned(),
    ]
}

/// Bytes that change how JSON reads: structure, string and escape syntax, number and literal starts, spaces, and
/// the lead byte of a multi-byte character.
const PROBES: &[u8] = b"\"\\{}[],:0-1eE.+tfnu \n\xc3";

/// Every prefix of `seed`, every one-byte deletion, and one-byte replacements and insertions of probe bytes (the
/// results that are not UTF-8 are dropped: the transport refuses those bodies before decoding).
fn single_mutations(seed: &str, out: &mut Vec<String>) {
    let b = seed.as_bytes();
    let mut push = |v: Vec<u8>| {
        if let Ok(s) = String::from_utf8(v) {
            out.push(s);
        }
    };
    for i in 0..=b.len() {
        push(b[..i].to_vec());
        if i < b.len() {
            push([&b[..i], &b[i + 1..]].concat());
        }
        // A third of the probes at each position, a different third at the next: every probe still meets
        // every part of the body's structure, in a third of the time.
        for &p in PROBES.iter().skip(i % 3).step_by(3) {
            if i < b.len() {
                let mut v = b.to_vec();
                v[i] = p;
                push(v);
            }
            push([&b[..i], &[p], &b[i..]].concat());
        }
    }
}

/// `n` bodies with 2 to 6 random edits each: splices of another part of the seed as well as probe bytes.
fn random_mutations(seed: &str, n: usize, rng: &mut Rng, out: &mut Vec<String>) {
    for _ in 0..n {
        let mut v = seed.as_bytes().to_vec();
        for _ in 0..2 + rng.below(5) {
            let at = rng.below(v.len() + 1);
            match rng.below(4) {
                0 if at < v.len() => {
                    v.remove(at);
                }
                1 if at < v.len() => v[at] = PROBES[rng.below(PROBES.len())],
                2 => {
                    let from = rng.below(seed.len());
                    let len = rng.below(24).min(seed.len() - from);
                    v.splice(at..at, seed.as_bytes()[from..from + len].iter().copied());
                }
                _ => v.insert(at, PROBES[rng.below(PROBES.len())]),
            }
        }
        if let Ok(s) = String::from_utf8(v) {
            out.push(s);
        }
    }
}

/// `APIKeyResource`'s fields and their wire names, written out here rather than taken from [`FIELDS`], which
/// is what is under test.
const JS_NAMES: [(&str, &str); 16] = [
    ("id", "id"),
    ("type", "type"),
    ("name", "name"),
    ("subject", "subject"),
    ("scopes", "scopes"),
    ("claims", "claims"),
    ("revoked", "revoked"),
    ("revocation_reason", "revocationReason"),
    ("expired", "expired"),
    ("expiration", "expiration"),
    ("created_by", "createdBy"),
    ("description", "description"),
    ("last_used_at", "lastUsedAt"),
    ("created_at", "createdAt"),
    ("updated_at", "updatedAt"),
    ("secret", "secret"),
];

/// What the JS object of a key must hold: each field under its JS name with the value the server sent; absent
/// fields null, but `scopes` null or absent is `[]`, a nullable timestamp of 0 is null, and `secret` is there
/// only when it is a string and `with_secret` (a page's keys never have one).
fn expected_key(wire: &Map<String, Value>, with_secret: bool) -> Value {
    let mut out = Map::new();
    for (wire_name, js) in JS_NAMES {
        let v = wire.get(wire_name).cloned().unwrap_or(Value::Null);
        let v = match (js, v) {
            ("secret", _) if !with_secret => continue,
            ("secret", Value::Null) => continue,
            ("scopes", Value::Null) => Value::Array(vec![]),
            ("expiration" | "lastUsedAt", v) if v.as_f64() == Some(0.0) => Value::Null,
            (_, v) => v,
        };
        out.insert(js.to_owned(), v);
    }
    Value::Object(out)
}

fn js_output(text: &str, what: &str, body: &str) -> Value {
    serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("{what} output is not JSON ({e}): {text}\nfrom body: {body}"))
}

/// A key as `toKey` in `js/bridge.js` names its values (Dates aside): the array's items under the JS names,
/// in order; a 16th is the secret.
fn js_key(values: &Value, body: &str) -> Value {
    let items = values
        .as_array()
        .unwrap_or_else(|| panic!("a key is written as an array: {values}\nfrom body: {body}"));
    assert!(
        (15..=16).contains(&items.len()),
        "15 values, or 16 with a secret: {values}\nfrom body: {body}"
    );
    let names = JS_NAMES.iter().map(|(_, js)| js.to_string());
    Value::Object(names.zip(items.iter().cloned()).collect())
}

/// Whether a body is JSON as the SDK reads it (`None`: cannot tell), and serde_json's value of it.
/// - The grammar is checked by skipping the body (`IgnoredAny`), which takes what `JSON.parse` takes.
/// - The SDK also refuses lone surrogate escapes (`"\ud800"`): Rust strings cannot hold them. serde_json's
///   `Value` refuses them too, and numbers beyond f64 (±Infinity in JS), which mask any later surrogate.
fn oracle(body: &str) -> (Option<bool>, Option<Value>) {
    if serde_json::from_str::<IgnoredAny>(body).is_err() {
        return (Some(false), None);
    }
    match serde_json::from_str(body) {
        Ok(v) => (Some(true), Some(v)),
        Err(e) if e.to_string().contains("number out of range") => (None, None),
        Err(_) => (Some(false), None),
    }
}

/// What `errors_json` must hold for an error body: its object entries, `code` and `message` as strings ("" when
/// not), `long_message` when a string, `meta` when an object (as sent); the last `errors` counts.
fn expected_errors(wire: &Value) -> Value {
    let entries = wire
        .get("errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    let entries = entries.filter_map(Value::as_object).map(|e| {
        let text = |k: &str| e.get(k).and_then(Value::as_str).map(Value::from);
        let mut out = Map::new();
        out.insert("code".into(), text("code").unwrap_or_else(|| "".into()));
        out.insert(
            "message".into(),
            text("message").unwrap_or_else(|| "".into()),
        );
        if let Some(m) = text("long_message") {
            out.insert("long_message".into(), m);
        }
        if let Some(meta) = e.get("meta").filter(|m| m.is_object()) {
            out.insert("meta".into(), meta.clone());
        }
        Value::Object(out)
    });
    Value::Array(entries.collect())
}

/// Checks one body against every decoder; panics (the test's failure) on any broken property. Returns whether
/// it was accepted as a page and as a key.
fn check(body: &str) -> (bool, bool) {
    let (valid, oracle) = oracle(body);
    let (page, key) = (read_page(body), read_api_key(body, false));
    let created = read_api_key(body, true);
    assert!(
        created.is_err() || key.is_ok(),
        "a created key is a key: {body}"
    );
    if page.is_ok() || key.is_ok() {
        assert_ne!(
            valid,
            Some(false),
            "accepted a body that is not JSON: {body}"
        );
    }

    if let Ok(page) = &page {
        let mut out = js_output(&page_json(page, body.len()), "page_json", body);
        if let Some(keys) = out["data"].as_array_mut() {
            keys.iter_mut().for_each(|k| *k = js_key(k, body));
        }
        let models = decode_page(body).expect("read_page and decode_page agree");
        assert_eq!(models.data.len(), page.data.len());
        if let Some(wire) = &oracle {
            let data: Vec<Value> = wire["data"]
                .as_array()
                .expect("an accepted page has a data array")
                .iter()
                .map(|k| expected_key(k.as_object().expect("accepted keys are objects"), false))
                .collect();
            assert_eq!(out["data"], Value::Array(data), "page data, body: {body}");
            assert_eq!(
                out["total_count"].as_f64(),
                wire["total_count"].as_f64(),
                "total_count, body: {body}"
            );
        }
    }

    for (read, created) in [(&key, false), (&created, true)] {
        let Ok(key) = read else { continue };
        let out = js_key(&js_output(&api_key_json(key), "api_key_json", body), body);
        if let Some(wire) = &oracle {
            let wire = wire.as_object().expect("an accepted key is an object");
            assert_eq!(out, expected_key(wire, created), "key, body: {body}");
            if created {
                assert!(
                    wire["secret"].is_string(),
                    "a created key has its secret: {body}"
                );
            }
        }
        let model = decode_api_key(body, created).expect("read_api_key and decode_api_key agree");
        assert_eq!(Some(model.created_at as f64), out["createdAt"].as_f64());
    }

    let head = ErrorHead {
        status: 422,
        status_text: "Unprocessable Entity",
        retry_after: Some(body),
        trace_id_header: Some("hdr"),
    };
    let err = decode_error(&head, body);
    let out = js_output(&errors_json(&err.errors), "errors_json", body);
    assert_eq!(out.as_array().map(Vec::len), Some(err.errors.len()));
    if let Some(wire) = &oracle {
        assert_eq!(out, expected_errors(wire), "errors, body: {body}");
        let trace = wire.get("clerk_trace_id").and_then(Value::as_str);
        let trace = trace.filter(|t| !t.is_empty()).unwrap_or("hdr");
        assert_eq!(
            err.clerk_trace_id.as_deref(),
            Some(trace),
            "trace id, body: {body}"
        );
    }

    let ours = crate::json::validate(body);
    if let Some(valid) = valid {
        assert_eq!(
            ours.is_ok(),
            valid,
            "json::validate ({ours:?}) and serde_json disagree on: {body}"
        );
    }
    (page.is_ok(), key.is_ok())
}

#[test]
fn mangled_bodies_decode_or_fail_typed_and_accepted_ones_round_trip() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut checked, mut pages, mut keys) = (0, 0, 0);
    for seed in seeds() {
        let mut bodies = vec![seed.clone()];
        single_mutations(&seed, &mut bodies);
        random_mutations(&seed, 3000, &mut rng, &mut bodies);
        for body in &bodies {
            let (page, key) = check(body);
            pages += usize::from(page);
            keys += usize::from(key);
        }
        checked += bodies.len();
    }
    // Enough mangled bodies were accepted for the round-trip checks to mean something (whitespace, digits and
    // escapes that keep the JSON valid), and the error seed reads as two entries.
    assert!(
        checked > 40_000 && pages > 1_000 && keys > 1_000,
        "{checked} {pages} {keys}"
    );
    assert_eq!(decode_error(&ErrorHead::default(), ERRORS).errors.len(), 2);
}
