//! Bad input from JS never traps: every wrong type, NaN, huge number or broken string is a `ClerkRuntimeError`
//! with code `invalid_argument` (thrown by the constructor, rejected by methods), and the instance keeps working.

use crate::support::*;
use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

fn lone_surrogate() -> JsValue {
    let s = JsString::from_char_code1(0xD800).concat(&"abc".into());
    s.into()
}

/// One UTF-16 unit over the longest string the SDK takes.
fn too_long() -> JsValue {
    JsString::from("x").repeat((1 << 20) + 1).into()
}

fn fapi() -> (&'static str, JsValue) {
    ("frontendApi", DEVSERVER.into())
}

#[wasm_bindgen_test]
fn constructor_rejects_bad_options_with_invalid_argument() {
    let cases: Vec<(&str, JsValue)> = vec![
        ("undefined", JsValue::UNDEFINED),
        ("null", JsValue::NULL),
        ("number", 5.into()),
        ("string", "https://x".into()),
        ("no source", obj(&[])),
        (
            "two sources",
            obj(&[fapi(), ("proxyUrl", "/__clerk".into())]),
        ),
        (
            "all sources",
            obj(&[
                fapi(),
                ("proxyUrl", "/p".into()),
                ("publishableKey", "pk_test_JA".into()),
            ]),
        ),
        ("frontendApi number", obj(&[("frontendApi", 42.into())])),
        ("frontendApi object", obj(&[("frontendApi", obj(&[]))])),
        ("frontendApi empty", obj(&[("frontendApi", "".into())])),
        (
            "frontendApi spaces",
            obj(&[("frontendApi", "clerk example.com".into())]),
        ),
        (
            "frontendApi lone surrogate",
            obj(&[("frontendApi", lone_surrogate())]),
        ),
        // Not http(s), so taken for a bare host: it would fail every call as a network error.
        ("frontendApi ftp", obj(&[("frontendApi", "ftp://x".into())])),
        (
            "frontendApi port out of range",
            obj(&[("frontendApi", "https://clerk.example.com:99999".into())]),
        ),
        (
            "proxyUrl relative no slash",
            obj(&[("proxyUrl", "__clerk".into())]),
        ),
        (
            "publishableKey bad prefix",
            obj(&[("publishableKey", "sk_test_abc".into())]),
        ),
        (
            "publishableKey bad base64",
            obj(&[("publishableKey", "pk_test_!!!!".into())]),
        ),
        (
            "publishableKey no dollar",
            obj(&[("publishableKey", "pk_test_Y2xlcmsuZXhhbXBsZS5jb20".into())]),
        ),
        (
            "credentials",
            obj(&[fapi(), ("credentials", "everything".into())]),
        ),
        (
            "credentials number",
            obj(&[fapi(), ("credentials", 1.into())]),
        ),
        (
            "getToken string",
            obj(&[fapi(), ("getToken", "token".into())]),
        ),
        ("userId number", obj(&[fapi(), ("userId", 7.into())])),
        (
            "organizationId object",
            obj(&[fapi(), ("organizationId", obj(&[]))]),
        ),
        (
            "maxRetries NaN",
            obj(&[fapi(), ("maxRetries", f64::NAN.into())]),
        ),
        (
            "maxRetries huge",
            obj(&[fapi(), ("maxRetries", 1e300.into())]),
        ),
        (
            "maxRetries negative",
            obj(&[fapi(), ("maxRetries", (-1).into())]),
        ),
        (
            "maxRetries fraction",
            obj(&[fapi(), ("maxRetries", 1.5.into())]),
        ),
        (
            "maxRetries Infinity",
            obj(&[fapi(), ("maxRetries", f64::INFINITY.into())]),
        ),
        (
            "maxRetries string",
            obj(&[fapi(), ("maxRetries", "3".into())]),
        ),
        ("throwing getter", throwing_getter_object("frontendApi")),
    ];
    for (what, options) in cases {
        match new_keys(&options) {
            Ok(_) => panic!("constructor accepted {what}"),
            Err(e) => assert_runtime_error(&e, "invalid_argument"),
        }
    }
    // Good options of every kind still construct.
    for options in [
        obj(&[("frontendApi", "clerk.example.com".into())]),
        obj(&[("proxyUrl", "/__clerk".into())]),
        obj(&[("proxyUrl", "https://app.example.com/__clerk/".into())]),
        obj(&[("publishableKey", "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k".into())]),
        obj(&[
            fapi(),
            ("maxRetries", 1000.into()),
            ("userId", JsValue::NULL),
        ]),
    ] {
        new_keys(&options)
            .unwrap_or_else(|e| panic!("{} rejected: {}", json_text(&options), describe(&e)));
    }
}

#[wasm_bindgen_test]
async fn methods_reject_bad_params_before_any_request() {
    reset_server().await;
    let (_, keys) = signed_in_client().await;
    let get_all: Vec<(&str, JsValue)> = vec![
        ("number params", 5.into()),
        ("string params", "all".into()),
        ("pageSize NaN", obj(&[("pageSize", f64::NAN.into())])),
        (
            "pageSize Infinity",
            obj(&[("pageSize", f64::INFINITY.into())]),
        ),
        ("pageSize huge", obj(&[("pageSize", 1e300.into())])),
        ("pageSize 0", obj(&[("pageSize", 0.into())])),
        ("pageSize 501", obj(&[("pageSize", 501.into())])),
        ("pageSize fraction", obj(&[("pageSize", 2.5.into())])),
        ("pageSize string", obj(&[("pageSize", "10".into())])),
        ("initialPage 0", obj(&[("initialPage", 0.into())])),
        ("initialPage negative", obj(&[("initialPage", (-3).into())])),
        ("initialPage huge", obj(&[("initialPage", 1e20.into())])),
        ("query object", obj(&[("query", obj(&[]))])),
        ("query lone surrogate", obj(&[("query", lone_surrogate())])),
        ("query too long", obj(&[("query", too_long())])),
        ("subject number", obj(&[("subject", 1.into())])),
        ("signal string", obj(&[("signal", "abort".into())])),
        ("throwing getter", throwing_getter_object("pageSize")),
    ];
    for (what, params) in get_all {
        let e = err(&keys, "getAll", &params).await;
        assert!(
            get_str(&e, "code").as_deref() == Some("invalid_argument"),
            "{what}: {}",
            describe(&e)
        );
        assert_runtime_error(&e, "invalid_argument");
    }
    let create: Vec<(&str, JsValue)> = vec![
        ("no params", JsValue::UNDEFINED),
        ("null params", JsValue::NULL),
        ("missing name", obj(&[])),
        ("null name", obj(&[("name", JsValue::NULL)])),
        ("number name", obj(&[("name", 12.into())])),
        ("object name", obj(&[("name", obj(&[]))])),
        ("lone surrogate name", obj(&[("name", lone_surrogate())])),
        ("name too long", obj(&[("name", too_long())])),
        (
            "seconds negative",
            obj(&[
                ("name", "n".into()),
                ("secondsUntilExpiration", (-1).into()),
            ]),
        ),
        (
            "seconds fraction",
            obj(&[("name", "n".into()), ("secondsUntilExpiration", 0.5.into())]),
        ),
        (
            "seconds NaN",
            obj(&[
                ("name", "n".into()),
                ("secondsUntilExpiration", f64::NAN.into()),
            ]),
        ),
        (
            "seconds huge",
            obj(&[
                ("name", "n".into()),
                ("secondsUntilExpiration", 1e300.into()),
            ]),
        ),
        (
            "seconds string",
            obj(&[
                ("name", "n".into()),
                ("secondsUntilExpiration", "60".into()),
            ]),
        ),
        (
            "description number",
            obj(&[("name", "n".into()), ("description", 3.into())]),
        ),
    ];
    for (what, params) in create {
        let e = err(&keys, "create", &params).await;
        assert!(
            get_str(&e, "code").as_deref() == Some("invalid_argument"),
            "{what}: {}",
            describe(&e)
        );
    }
    let revoke: Vec<(&str, JsValue)> = vec![
        ("no params", JsValue::UNDEFINED),
        ("missing id", obj(&[])),
        ("empty id", obj(&[("apiKeyID", "".into())])),
        ("number id", obj(&[("apiKeyID", 1.into())])),
        ("dot id", obj(&[("apiKeyID", "..".into())])),
        (
            "reason number",
            obj(&[("apiKeyID", "ak_x".into()), ("revocationReason", 1.into())]),
        ),
    ];
    for (what, params) in revoke {
        let e = err(&keys, "revoke", &params).await;
        assert!(
            get_str(&e, "code").as_deref() == Some("invalid_argument"),
            "{what}: {}",
            describe(&e)
        );
    }
    assert!(
        requests("/api_keys").await.is_empty(),
        "validation happens before any request"
    );
    still_works(&keys).await;
}

#[wasm_bindgen_test]
async fn wrong_case_api_key_id_is_named() {
    let (_, keys) = signed_in_client().await;
    let e = err(&keys, "revoke", &obj(&[("apiKeyId", "ak_123".into())])).await;
    assert_runtime_error(&e, "invalid_argument");
    let message = get_str(&e, "message").unwrap();
    assert!(
        message.contains("apiKeyId") && message.contains("apiKeyID"),
        "{message}"
    );
    still_works(&keys).await;
}

#[wasm_bindgen_test]
async fn subject_getters_with_bad_results() {
    let user = unique("user_getter");
    let token = sign_in(&user, &[], false).await;
    let make = |org: JsValue| {
        new_keys(&obj(&[
            fapi(),
            (
                "getToken",
                token_getter(&token.as_str().into(), false).into(),
            ),
            ("organizationId", org),
        ]))
        .unwrap()
    };
    let keys = make(constant(&42.into()).into());
    let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
    assert_runtime_error(&e, "invalid_argument");
    let keys = make(throwing("no org").into());
    let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
    assert_eq!(get_str(&e, "message").as_deref(), Some("no org"));
    // A getter returning null falls back to the user (here: the session's user via an empty subject).
    let keys = make(constant(&JsValue::NULL).into());
    call(&keys, "getAll", None)
        .await
        .expect("null org falls back");
}

#[wasm_bindgen_test]
async fn a_token_too_long_to_take_is_invalid_argument_before_any_request() {
    reset_server().await;
    for as_promise in [false, true] {
        let keys = new_keys(&obj(&[
            fapi(),
            ("getToken", token_getter(&too_long(), as_promise).into()),
        ]))
        .unwrap();
        let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
        assert_runtime_error(&e, "invalid_argument");
        let message = get_str(&e, "message").unwrap_or_default();
        assert!(
            message.contains("`getToken()` is longer than 1,048,576 characters"),
            "{message}"
        );
    }
    assert!(
        requests("/api_keys").await.is_empty(),
        "no request was made"
    );
}
