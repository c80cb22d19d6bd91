//! Each error class and field from real devserver responses, and the same instance working after each failure.

use crate::support::*;
use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

fn trace_id(e: &JsValue) -> String {
    get_str(e, "clerkTraceId").expect("clerkTraceId is set")
}

#[wasm_bindgen_test]
async fn conflict_409_on_duplicate_name() {
    reset_server().await;
    let (_, keys) = signed_in_client().await;
    create_named(&keys, "dup").await;
    let e = err(&keys, "create", &obj(&[("name", "dup".into())])).await;
    let first = assert_api_error(&e, 409);
    assert_eq!(
        get_str(&first, "code").as_deref(),
        Some("token_creation_conflict")
    );
    assert_eq!(
        get_str(&first, "message").as_deref(),
        Some("API Key name already exists.")
    );
    let long = get_str(&first, "longMessage").expect("longMessage");
    assert_eq!(
        get_str(&e, "message"),
        Some(long),
        "message is the first long_message"
    );
    assert_eq!(
        get_str(&get(&first, "meta"), "paramName").as_deref(),
        Some("name"),
        "meta keys camelCased"
    );
    assert!(!trace_id(&e).is_empty());
    assert!(!has(&e, "retryAfter"));
    assert_eq!(requests("/api_keys").await.len(), 2, "POST not retried");
    still_works(&keys).await;
}

#[wasm_bindgen_test]
async fn validation_422_with_param_meta() {
    let (_, keys) = signed_in_client().await;
    let e = err(&keys, "create", &obj(&[("name", "   ".into())])).await;
    let first = assert_api_error(&e, 422);
    assert_eq!(
        get_str(&first, "code").as_deref(),
        Some("form_param_value_invalid")
    );
    assert_eq!(
        get_str(&get(&first, "meta"), "paramName").as_deref(),
        Some("name")
    );
    assert_eq!(get_str(&e, "message"), get_str(&first, "longMessage"));
    trace_id(&e);
    still_works(&keys).await;
}

#[wasm_bindgen_test]
async fn meta_holds_the_keys_clerk_js_keeps_and_is_always_there() {
    reset_server().await;
    let (_, keys) = signed_in_client().await;
    add_body_fault(
        "/api_keys",
        "POST",
        422,
        r#"{"errors":[{"code":"form_param_value_invalid","message":"is invalid","meta":{"param_name":"name","internal_hint":"x"}},{"code":"other","message":"m"}]}"#,
    )
    .await;
    let e = err(&keys, "create", &obj(&[("name", "n".into())])).await;
    assert_api_error(&e, 422);
    let errors = array(&get(&e, "errors"));
    let key_names = |v: &JsValue| -> Vec<String> {
        js_sys::Object::keys(v.unchecked_ref::<js_sys::Object>())
            .iter()
            .filter_map(|k| k.as_string())
            .collect()
    };
    assert_eq!(key_names(&get(&errors[0], "meta")), ["paramName"]);
    assert_eq!(
        key_names(&get(&errors[1], "meta")),
        Vec::<String>::new(),
        "meta is {{}} when the server sent none"
    );
    still_works(&keys).await;
}

/// The server refusing the page's origin (`origin_invalid`) for a client made with a production key: the message
/// names the key's domain as clerk-js words it (spec 4.2). A test key, or `frontendApi`, keeps the server's text.
#[wasm_bindgen_test]
async fn origin_invalid_with_a_production_key_names_its_domain() {
    reset_server().await;
    let user = unique("user_t");
    let token = sign_in(&user, &[], false).await;
    let long =
        "The Request HTTP Origin header must be equal to or a subdomain of the requesting URL.";
    let body = [
        r#"{"errors":[{"code":"origin_invalid","message":"Origin invalid","long_message":""#,
        long,
        r#""}]}"#,
    ]
    .concat();
    // The key's base64 part encodes the devserver's URL followed by `$`.
    let btoa: Function = get(&js_sys::global(), "btoa").unchecked_into();
    let encoded = btoa
        .call1(&JsValue::NULL, &format!("{DEVSERVER}$").into())
        .expect("btoa")
        .as_string()
        .expect("a string");
    let domain = DEVSERVER.split_once("//").expect("a URL").1;
    let with_note = format!(
        "Clerk: Production Keys are only allowed for domain \"{domain}\". \nAPI Error: {long}"
    );
    let cases = [
        (
            "publishableKey",
            format!("pk_live_{encoded}"),
            with_note.as_str(),
        ),
        ("publishableKey", format!("pk_test_{encoded}"), long),
        ("frontendApi", DEVSERVER.to_owned(), long),
    ];
    for (option, value, message) in cases {
        let keys = new_keys(&obj(&[
            (option, value.as_str().into()),
            (
                "getToken",
                token_getter(&token.as_str().into(), false).into(),
            ),
            ("userId", user.as_str().into()),
        ]))
        .unwrap_or_else(|e| panic!("constructor threw {}", describe(&e)));
        add_body_fault("/api_keys", "GET", 400, &body).await;
        let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
        let first = assert_api_error(&e, 400);
        assert_eq!(get_str(&first, "code").as_deref(), Some("origin_invalid"));
        assert_eq!(get_str(&first, "longMessage").as_deref(), Some(long));
        assert_eq!(
            get_str(&e, "message").as_deref(),
            Some(message),
            "{option} {value}"
        );
        still_works(&keys).await;
    }
}

#[wasm_bindgen_test]
async fn forbidden_403_for_a_foreign_subject_and_for_the_quota() {
    let (_, keys) = signed_in_client().await;
    let e = err(
        &keys,
        "getAll",
        &obj(&[("subject", "user_somebody_else".into())]),
    )
    .await;
    assert_api_error(&e, 403);
    trace_id(&e);
    still_works(&keys).await;

    // Fill the default quota (100 valid keys per subject) of a fresh organization, then one more.
    let user = unique("user_quota");
    let org = unique("org_quota");
    let token = sign_in(&user, &[org.as_str()], false).await;
    let org_keys = new_keys(&obj(&[
        ("frontendApi", DEVSERVER.into()),
        ("credentials", "omit".into()),
        ("getToken", token_getter(&token.into(), true).into()),
        ("organizationId", org.as_str().into()),
    ]))
    .unwrap();
    let batch = Array::new();
    for i in 0..100 {
        batch.push(&start(
            &org_keys,
            "create",
            &[obj(&[("name", format!("quota-{i}").into())])],
        ));
    }
    JsFuture::from(Promise::all(&batch))
        .await
        .expect("100 creates fit the quota");
    let e = err(
        &org_keys,
        "create",
        &obj(&[("name", "one-too-many".into())]),
    )
    .await;
    let first = assert_api_error(&e, 403);
    assert_eq!(
        get_str(&first, "code").as_deref(),
        Some("token_quota_exceeded")
    );
    assert_eq!(get_str(&e, "message"), get_str(&first, "longMessage"));
    let page = ok(&org_keys, "getAll", &obj(&[("pageSize", 500.into())])).await;
    assert_eq!(get(&page, "total_count").as_f64(), Some(100.0));
    assert_eq!(array(&get(&page, "data")).len(), 100);
}

#[wasm_bindgen_test]
async fn unauthorized_401_without_or_with_a_bad_session() {
    let no_session = new_keys(&obj(&[
        ("frontendApi", DEVSERVER.into()),
        ("credentials", "omit".into()),
    ]))
    .unwrap();
    let e = err(&no_session, "getAll", &JsValue::UNDEFINED).await;
    let first = assert_api_error(&e, 401);
    assert!(get_str(&first, "code").is_some_and(|c| !c.is_empty()));
    trace_id(&e);

    let (holder, bad_token) = keys_with_held_token("sess_not_a_real_session".into());
    let e = err(&bad_token, "create", &obj(&[("name", "x".into())])).await;
    assert_api_error(&e, 401);
    let msg = get_str(&e, "message").unwrap();
    assert!(
        !msg.contains("sess_not_a_real_session"),
        "no token in messages: {msg}"
    );
    still_works_once_signed_in(&holder, &bad_token).await;
}

#[wasm_bindgen_test]
async fn not_found_404_for_an_unknown_key() {
    let (_, keys) = signed_in_client().await;
    let e = err(
        &keys,
        "revoke",
        &obj(&[("apiKeyID", "ak_doesnotexist000000000000".into())]),
    )
    .await;
    let first = assert_api_error(&e, 404);
    assert!(get_str(&first, "code").is_some());
    trace_id(&e);
    still_works(&keys).await;
}

#[wasm_bindgen_test]
async fn no_session_token_rejects_before_any_request() {
    reset_server().await;
    for token in [JsValue::NULL, JsValue::UNDEFINED, JsValue::from_str("")] {
        for as_promise in [false, true] {
            let keys = new_keys(&obj(&[
                ("frontendApi", DEVSERVER.into()),
                ("getToken", token_getter(&token, as_promise).into()),
            ]))
            .unwrap();
            let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
            assert_runtime_error(&e, "no_session_token");
            let e = err(&keys, "create", &obj(&[("name", "n".into())])).await;
            assert_runtime_error(&e, "no_session_token");
            assert_eq!(
                get_str(&e, "message").as_deref(),
                Some("Clerk: No valid session token available\n\n(code=\"no_session_token\")"),
                "spec 3.1"
            );
            let e = err(&keys, "revoke", &obj(&[("apiKeyID", "ak_1".into())])).await;
            assert_runtime_error(&e, "no_session_token");
        }
    }
    assert!(
        requests("/api_keys").await.is_empty(),
        "no request was made"
    );
    assert!(requests("/api_keys/ak_1/revoke").await.is_empty());

    // Signed out, then in again: the same instance works once its getToken gives a token.
    let (holder, keys) = keys_with_held_token(JsValue::NULL);
    let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
    assert_runtime_error(&e, "no_session_token");
    still_works_once_signed_in(&holder, &keys).await;
}

#[wasm_bindgen_test]
async fn get_token_errors_pass_through() {
    let keys = new_keys(&obj(&[
        ("frontendApi", DEVSERVER.into()),
        ("getToken", throwing("token store offline").into()),
    ]))
    .unwrap();
    let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
    assert_eq!(
        get_str(&e, "message").as_deref(),
        Some("token store offline")
    );
    let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
    assert_eq!(
        get_str(&e, "message").as_deref(),
        Some("token store offline"),
        "still usable"
    );
}

#[wasm_bindgen_test]
async fn network_error_when_nothing_listens() {
    let keys = new_keys(&obj(&[
        ("frontendApi", "http://127.0.0.1:9".into()),
        ("maxRetries", 1.into()),
    ]))
    .unwrap();
    let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
    assert_runtime_error(&e, "network_error");
    let e = err(&keys, "create", &obj(&[("name", "n".into())])).await;
    assert_runtime_error(&e, "network_error");
}

#[wasm_bindgen_test]
async fn invalid_response_for_a_non_json_2xx() {
    reset_server().await;
    let (_, keys) = signed_in_client().await;
    add_fault(r#"{"path":"/api_keys","method":"GET","non_json":true}"#).await;
    let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
    assert_runtime_error(&e, "invalid_response");
    still_works(&keys).await;
}

#[wasm_bindgen_test]
async fn a_body_over_32_mib_is_invalid_response_and_the_module_stays_usable() {
    reset_server().await;
    let (_, keys) = signed_in_client().await;
    // Valid JSON (an empty page padded with spaces) one byte over the limit, which the SDK would otherwise decode.
    let page = r#"{"data":[],"total_count":0}"#;
    let pad = (32 << 20) + 1 - page.len();
    add_fault(&json_text(&obj(&[
        ("path", "/api_keys".into()),
        ("method", "GET".into()),
        ("status", 200.into()),
        ("body", page.into()),
        ("pad", (pad as u32).into()),
    ])))
    .await;
    let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
    assert_runtime_error(&e, "invalid_response");
    assert_eq!(
        get_str(&e, "message").as_deref(),
        Some("Clerk: the response body is larger than 32 MiB\n\n(code=\"invalid_response\")")
    );
    still_works(&keys).await;
}

#[wasm_bindgen_test]
async fn html_502_page_is_an_api_error_with_the_status_text() {
    reset_server().await;
    let (_, keys) = signed_in_client().await;
    add_fault(r#"{"path":"/api_keys","method":"POST","status":502,"body":"<html><body><h1>502 Bad Gateway</h1></body></html>","headers":{"Content-Type":"text/html"}}"#).await;
    let e = err(&keys, "create", &obj(&[("name", "through-a-proxy".into())])).await;
    assert_api_error(&e, 502);
    assert_eq!(array(&get(&e, "errors")).len(), 0);
    assert_eq!(get_str(&e, "message").as_deref(), Some("Bad Gateway"));
    // No body trace id: the X-Clerk-Trace-Id header fills it in.
    assert!(!trace_id(&e).is_empty());
    still_works(&keys).await;
}

/// A key as a server might send it, with a `secret` and every timestamp 0.
const SERVED_KEY: &str = r#"{"object":"api_key","id":"ak_served1","type":"api_key","name":"served","subject":"user_served","scopes":[],"claims":null,"revoked":false,"revocation_reason":null,"expired":false,"expiration":0,"created_by":null,"description":null,"last_used_at":0,"created_at":0,"updated_at":0,"secret":"ak_served_secret"}"#;

#[wasm_bindgen_test]
async fn only_create_hands_out_a_secret_and_a_create_without_one_is_invalid_response() {
    reset_server().await;
    let (_, keys) = signed_in_client().await;
    let page = format!(r#"{{"data":[{SERVED_KEY}],"total_count":1}}"#);
    add_body_fault("/api_keys", "GET", 200, &page).await;
    let before = js_sys::Date::now();
    let got = ok(&keys, "getAll", &JsValue::UNDEFINED).await;
    let after = js_sys::Date::now();
    let key = array(&get(&got, "data")).remove(0);
    assert!(!has(&key, "secret"), "getAll dropped the secret");
    // clerk-js: a nullable timestamp is a Date if truthy, else null; createdAt/updatedAt of 0 become "now".
    assert!(get(&key, "expiration").is_null());
    assert!(get(&key, "lastUsedAt").is_null());
    for field in ["createdAt", "updatedAt"] {
        let t = get(&key, field).unchecked_into::<js_sys::Date>().get_time();
        // A second of slack either way: browsers coarsen and may jitter their clocks.
        assert!(
            (before - 1000.0..=after + 1000.0).contains(&t),
            "{field} of 0 is now: {t}"
        );
    }

    add_body_fault("/api_keys/ak_served1/revoke", "POST", 200, SERVED_KEY).await;
    let revoked = ok(&keys, "revoke", &obj(&[("apiKeyID", "ak_served1".into())])).await;
    assert!(!has(&revoked, "secret"), "revoke dropped the secret");

    let no_secret = SERVED_KEY.replace(r#","secret":"ak_served_secret""#, "");
    add_body_fault("/api_keys", "POST", 200, &no_secret).await;
    let e = err(&keys, "create", &obj(&[("name", "served".into())])).await;
    assert_runtime_error(&e, "invalid_response");
    // A secret beside a bad field: the error names the field, never the secret.
    let bad_field = SERVED_KEY.replace(r#""revoked":false"#, r#""revoked":"ak_served_secret""#);
    add_body_fault("/api_keys", "POST", 200, &bad_field).await;
    let e = err(&keys, "create", &obj(&[("name", "served".into())])).await;
    assert_runtime_error(&e, "invalid_response");
    let message = get_str(&e, "message").unwrap();
    assert!(message.contains("revoked"), "{message}");
    assert!(!json_text(&e).contains("ak_served_secret") && !message.contains("ak_served_secret"));
    let created = ok(&keys, "create", &obj(&[("name", "real".into())])).await;
    assert!(get_str(&created, "secret").is_some_and(|s| !s.is_empty()));
}

#[wasm_bindgen_test]
async fn a_redirect_fetch_cannot_follow_is_invalid_response_not_retried() {
    reset_server().await;
    let (_, keys) = signed_in_client().await;
    // 307 rather than 308: Chromium caches a 308 (permanent), and the next call would get it again.
    add_fault(r#"{"path":"/api_keys","method":"GET","status":307}"#).await;
    let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
    assert_runtime_error(&e, "invalid_response");
    assert_eq!(requests("/api_keys").await.len(), 1, "not retried");
    still_works(&keys).await;
}

#[wasm_bindgen_test]
async fn a_token_no_header_can_carry_is_invalid_argument_before_any_request() {
    reset_server().await;
    for token in ["tok\u{20ac}", "tok\nX-Evil: 1"] {
        let keys = new_keys(&obj(&[
            ("frontendApi", DEVSERVER.into()),
            ("getToken", token_getter(&token.into(), false).into()),
        ]))
        .unwrap();
        let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
        assert_runtime_error(&e, "invalid_argument");
    }
    assert!(
        requests("/api_keys").await.is_empty(),
        "no request was made"
    );
}
