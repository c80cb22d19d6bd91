//! The happy paths: cookie and Bearer sessions, create/list/search/paginate/revoke, result shapes, concurrency.

use crate::support::*;
use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// Every field of an `APIKeyResource`, with the types the contract promises.
fn assert_key_shape(k: &JsValue, with_secret: bool) {
    assert!(is_plain_object(k), "results are plain objects");
    assert!(get_str(k, "id").is_some_and(|id| id.starts_with("ak_")));
    assert_eq!(get_str(k, "type").as_deref(), Some("api_key"));
    assert!(get_str(k, "name").is_some());
    assert!(get_str(k, "subject").is_some());
    assert!(Array::is_array(&get(k, "scopes")));
    let claims = get(k, "claims");
    assert!(claims.is_null() || claims.is_object());
    assert!(get(k, "revoked").as_bool().is_some());
    assert!(get(k, "expired").as_bool().is_some());
    for nullable_string in ["revocationReason", "createdBy", "description"] {
        let v = get(k, nullable_string);
        assert!(v.is_null() || v.is_string(), "{nullable_string}");
    }
    for nullable_date in ["expiration", "lastUsedAt"] {
        let v = get(k, nullable_date);
        assert!(v.is_null() || is_date(&v), "{nullable_date}");
    }
    assert!(is_date(&get(k, "createdAt")));
    assert!(is_date(&get(k, "updatedAt")));
    assert_eq!(
        has(k, "secret"),
        with_secret,
        "secret only on create: {}",
        json_text(k)
    );
    if with_secret {
        assert!(get_str(k, "secret").is_some_and(|s| s.len() > 10));
    }
}

fn ids(page: &JsValue) -> Vec<String> {
    array(&get(page, "data"))
        .iter()
        .filter_map(|k| get_str(k, "id"))
        .collect()
}

fn total(page: &JsValue) -> f64 {
    get(page, "total_count")
        .as_f64()
        .expect("total_count is a number")
}

#[wasm_bindgen_test]
async fn cookie_session_create_list_search_paginate_revoke() {
    reset_server().await;
    let user = unique("user_cookie");
    sign_in(&user, &[], true).await;
    // No getToken: the `__session` cookie authenticates (credentials default to 'include').
    let keys = new_keys(&obj(&[
        ("frontendApi", DEVSERVER.into()),
        ("userId", user.as_str().into()),
    ]))
    .unwrap();

    let alpha = ok(
        &keys,
        "create",
        &obj(&[
            ("name", "deploy-alpha".into()),
            ("description", "first".into()),
            ("secondsUntilExpiration", 86_400.into()),
        ]),
    )
    .await;
    assert_key_shape(&alpha, true);
    assert_eq!(get_str(&alpha, "name").as_deref(), Some("deploy-alpha"));
    assert_eq!(get_str(&alpha, "subject").as_deref(), Some(user.as_str()));
    assert_eq!(get_str(&alpha, "createdBy").as_deref(), Some(user.as_str()));
    assert_eq!(get_str(&alpha, "description").as_deref(), Some("first"));
    assert_eq!(get(&alpha, "revoked"), JsValue::FALSE);
    assert!(get(&alpha, "revocationReason").is_null());
    assert!(get(&alpha, "lastUsedAt").is_null());
    let expiration = get(&alpha, "expiration")
        .unchecked_into::<js_sys::Date>()
        .get_time();
    let created = get(&alpha, "createdAt")
        .unchecked_into::<js_sys::Date>()
        .get_time();
    assert!(
        (expiration - created - 86_400_000.0).abs() < 5_000.0,
        "{expiration} vs {created}"
    );

    let beta = ok(
        &keys,
        "create",
        &obj(&[
            ("name", "deploy-beta".into()),
            ("description", JsValue::NULL),
        ]),
    )
    .await;
    assert_key_shape(&beta, true);
    assert!(get(&beta, "description").is_null());
    assert!(
        get(&beta, "expiration").is_null(),
        "no secondsUntilExpiration: never expires"
    );
    let gamma = create_named(&keys, "other-gamma").await;
    assert_ne!(get_str(&alpha, "secret"), get_str(&gamma, "secret"));
    // 0 is valid (only negative or fractional values are refused): a key expired from the start, left out of
    // the lists below.
    let instant = ok(
        &keys,
        "create",
        &obj(&[
            ("name", "instant".into()),
            ("secondsUntilExpiration", 0.into()),
        ]),
    )
    .await;
    assert_eq!(get(&instant, "expired"), JsValue::TRUE);

    let page = call(&keys, "getAll", None).await.unwrap();
    assert!(is_plain_object(&page));
    assert_eq!(total(&page), 3.0);
    for k in array(&get(&page, "data")) {
        assert_key_shape(&k, false);
    }

    let found = ok(&keys, "getAll", &obj(&[("query", "deploy".into())])).await;
    assert_eq!(total(&found), 2.0);
    let mut names: Vec<String> = array(&get(&found, "data"))
        .iter()
        .filter_map(|k| get_str(k, "name"))
        .collect();
    names.sort();
    assert_eq!(names, ["deploy-alpha", "deploy-beta"]);

    let first = ok(&keys, "getAll", &obj(&[("pageSize", 2.into())])).await;
    let second = ok(
        &keys,
        "getAll",
        &obj(&[("pageSize", 2.into()), ("initialPage", 2.into())]),
    )
    .await;
    assert_eq!((ids(&first).len(), ids(&second).len()), (2, 1));
    assert_eq!(total(&second), 3.0);
    let mut all = [ids(&first), ids(&second)].concat();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 3, "pages do not overlap");

    let alpha_id = get_str(&alpha, "id").unwrap();
    let revoked = ok(
        &keys,
        "revoke",
        &obj(&[
            ("apiKeyID", alpha_id.as_str().into()),
            ("revocationReason", "rotated".into()),
        ]),
    )
    .await;
    assert_key_shape(&revoked, false);
    assert_eq!(get(&revoked, "revoked"), JsValue::TRUE);
    assert_eq!(
        get_str(&revoked, "revocationReason").as_deref(),
        Some("rotated")
    );
    let after = call(&keys, "getAll", None).await.unwrap();
    assert_eq!(total(&after), 2.0);
    assert!(!ids(&after).contains(&alpha_id));

    // The requests really went with the cookie and without a Bearer header.
    let log = requests("/api_keys").await;
    let last = log.last().expect("requests were recorded");
    let headers = get(last, "headers");
    assert!(has(&headers, "cookie"), "{}", json_text(last));
    assert!(!has(&headers, "authorization"));
    assert!(get_str(last, "query").is_some_and(|q| q.contains(&format!("subject={user}"))));
    sign_out_cookie().await;
}

#[wasm_bindgen_test]
async fn bearer_token_and_subject_sources() {
    reset_server().await;
    let user = unique("user_bearer");
    let org = unique("org_acme");
    let token = sign_in(&user, &[org.as_str()], false).await;
    // getToken returns a plain value here; organizationId is a function read at each call.
    let keys = new_keys(&obj(&[
        ("frontendApi", DEVSERVER.into()),
        ("credentials", "omit".into()),
        (
            "getToken",
            token_getter(&token.as_str().into(), false).into(),
        ),
        ("userId", constant(&user.as_str().into()).into()),
        ("organizationId", constant(&org.as_str().into()).into()),
    ]))
    .unwrap();
    let org_key = create_named(&keys, "org-key").await;
    assert_eq!(get_str(&org_key, "subject").as_deref(), Some(org.as_str()));
    let user_key = ok(
        &keys,
        "create",
        &obj(&[
            ("name", "user-key".into()),
            ("subject", user.as_str().into()),
        ]),
    )
    .await;
    assert_eq!(
        get_str(&user_key, "subject").as_deref(),
        Some(user.as_str())
    );

    let org_page = call(&keys, "getAll", None).await.unwrap();
    assert_eq!(ids(&org_page), vec![get_str(&org_key, "id").unwrap()]);
    let user_page = ok(&keys, "getAll", &obj(&[("subject", user.as_str().into())])).await;
    assert_eq!(ids(&user_page), vec![get_str(&user_key, "id").unwrap()]);
    // An explicit '' is kept: the server reads it as the session's user.
    let empty = ok(&keys, "getAll", &obj(&[("subject", "".into())])).await;
    assert_eq!(ids(&empty), ids(&user_page));

    let log = requests("/api_keys").await;
    let headers = get(log.last().unwrap(), "headers");
    assert_eq!(
        get_str(&headers, "authorization").as_deref(),
        Some("[redacted]")
    );
    assert!(get_str(log.last().unwrap(), "query")
        .is_some_and(|q| q.starts_with("subject=&query=&limit=10&offset=0")));
}

#[wasm_bindgen_test]
async fn credentials_content_type_and_a_user_id_getter_reach_the_wire() {
    reset_server().await;
    let user = unique("user_wire");
    sign_in(&user, &[], true).await;
    // The browser holds a valid __session cookie; only `include` sends it to the devserver's other origin.
    for credentials in ["omit", "same-origin"] {
        let keys = new_keys(&obj(&[
            ("frontendApi", DEVSERVER.into()),
            ("credentials", credentials.into()),
        ]))
        .unwrap();
        let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
        assert_api_error(&e, 401);
        let log = requests("/api_keys").await;
        let headers = get(log.last().unwrap(), "headers");
        assert!(
            !has(&headers, "cookie"),
            "{credentials}: {}",
            json_text(&headers)
        );
    }
    let keys = new_keys(&obj(&[
        ("frontendApi", DEVSERVER.into()),
        ("userId", constant(&user.as_str().into()).into()),
    ]))
    .unwrap();
    let key = create_named(&keys, "wire").await;
    assert_eq!(get_str(&key, "subject").as_deref(), Some(user.as_str()));
    let page = call(&keys, "getAll", None).await.unwrap();
    assert_eq!(ids(&page), vec![get_str(&key, "id").unwrap()]);
    let log = requests("/api_keys").await;
    let (post, get_request) = (&log[log.len() - 2], &log[log.len() - 1]);
    assert_eq!(get_str(post, "method").as_deref(), Some("POST"));
    assert_eq!(
        get_str(&get(post, "headers"), "content-type").as_deref(),
        Some("application/json"),
        "spec 1.2"
    );
    // The getter's user is the fallback subject on the wire, not the server's reading of an empty one.
    assert!(
        get_str(get_request, "query").is_some_and(|q| q.starts_with(&format!("subject={user}&")))
    );
    sign_out_cookie().await;
}

#[wasm_bindgen_test]
async fn odd_but_valid_unicode_round_trips() {
    let (_, keys) = signed_in_client().await;
    let name = "ключ 🔑 مفتاح\u{200d}\u{0301} \"q\" \\ /x";
    let created = ok(
        &keys,
        "create",
        &obj(&[
            ("name", name.into()),
            ("description", "línea\nnueva\t✓".into()),
        ]),
    )
    .await;
    assert_eq!(get_str(&created, "name").as_deref(), Some(name));
    assert_eq!(
        get_str(&created, "description").as_deref(),
        Some("línea\nnueva\t✓")
    );
    let found = ok(&keys, "getAll", &obj(&[("query", "🔑 مفتاح".into())])).await;
    assert_eq!(total(&found), 1.0);
}

#[wasm_bindgen_test]
async fn two_hundred_concurrent_calls_on_one_instance_all_resolve() {
    let (_, keys) = signed_in_client().await;
    create_named(&keys, "concurrency").await;
    let promises = Array::new();
    for i in 0..200 {
        let params = obj(&[("pageSize", (1 + i % 5).into())]);
        promises.push(&start(&keys, "getAll", &[params]));
    }
    let results = JsFuture::from(Promise::all(&promises))
        .await
        .expect("all 200 resolve");
    let results = array(&results);
    assert_eq!(results.len(), 200);
    assert!(results.iter().all(|page| total(page) == 1.0));
}

#[wasm_bindgen_test]
async fn a_get_token_that_calls_the_instance_again_and_frees_it_is_safe() {
    // getToken runs while the SDK's executor polls the call: a new call and free() from inside it must neither
    // throw (wasm-bindgen's "recursive use of an object") nor stall either call.
    let user = unique("user_reentrant");
    let token = sign_in(&user, &[], false).await;
    let holder = obj(&[]);
    let keys = new_keys(&obj(&[
        ("frontendApi", DEVSERVER.into()),
        (
            "getToken",
            reentrant_token_getter(&token.as_str().into(), &holder).into(),
        ),
        ("userId", user.as_str().into()),
    ]))
    .unwrap();
    set(&holder, "keys", &keys);
    let outer = call(&keys, "getAll", None)
        .await
        .unwrap_or_else(|e| panic!("outer call: {}", describe(&e)));
    let inner: Promise = get(&holder, "inner")
        .dyn_into()
        .expect("the inner call started");
    let inner = JsFuture::from(inner)
        .await
        .unwrap_or_else(|e| panic!("inner call: {}", describe(&e)));
    assert_eq!(total(&outer), 0.0);
    assert_eq!(total(&inner), 0.0);
}

#[wasm_bindgen_test]
async fn free_while_a_call_is_pending_is_safe() {
    let (_, keys) = signed_in_client().await;
    let pending = start(&keys, "getAll", &[]);
    let free: js_sys::Function = get(&keys, "free").into();
    free.call0(&keys).expect("free does not throw");
    let page = JsFuture::from(pending)
        .await
        .expect("the pending call still completes");
    assert_eq!(total(&page), 0.0);
}

/// `fetch` is called from a microtask, with no wasm frame on the stack: from inside the wasm's poll it was slower
/// to return and to start the request (`send` in `js/bridge.js`). The control call shows the check sees wasm frames.
#[wasm_bindgen_test]
async fn fetch_is_called_with_no_wasm_frame_on_the_stack() {
    let (_, keys) = signed_in_client().await;
    let seen = Array::new();
    let restore = watch_fetch_stacks("/api_keys", &seen);
    // The control's answer (a 401) does not matter: the wrapper noted the stack when fetch was called.
    let _ = JsFuture::from(fetch_from_here(&format!("{DEVSERVER}/api_keys?control"))).await;
    let result = JsFuture::from(start(&keys, "getAll", &[])).await;
    let _ = restore.call0(&JsValue::UNDEFINED);
    if let Err(e) = result {
        panic!("getAll failed: {}", describe(&e));
    }
    assert_eq!(
        seen.to_vec(),
        [JsValue::TRUE, JsValue::FALSE],
        "[control call from wasm, the SDK's request]"
    );
}
