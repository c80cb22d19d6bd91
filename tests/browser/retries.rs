//! Retries (GET only, through injected faults, counted by the devserver) and aborts.

use crate::support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

fn queries(log: &[JsValue]) -> Vec<String> {
    log.iter().filter_map(|r| get_str(r, "query")).collect()
}

fn methods(log: &[JsValue]) -> Vec<String> {
    log.iter().filter_map(|r| get_str(r, "method")).collect()
}

#[wasm_bindgen_test]
async fn get_is_retried_through_injected_503s() {
    reset_server().await;
    let (_, keys) = signed_in_client().await;
    add_fault(r#"{"path":"/api_keys","method":"GET","status":503,"count":2}"#).await;
    let page = call(&keys, "getAll", None)
        .await
        .expect("third attempt succeeds");
    assert_eq!(get(&page, "total_count").as_f64(), Some(0.0));
    let q = queries(&requests("/api_keys").await);
    assert_eq!(q.len(), 3, "{q:?}");
    assert!(!q[0].contains("_clerk_retry_attempt"));
    assert!(q[1].ends_with("&_clerk_retry_attempt=1"), "{q:?}");
    assert!(q[2].ends_with("&_clerk_retry_attempt=2"), "{q:?}");
}

#[wasm_bindgen_test]
async fn get_is_retried_through_dropped_connections() {
    reset_server().await;
    let (_, keys) = signed_in_client().await;
    add_fault(r#"{"path":"/api_keys","method":"GET","drop":true,"count":2}"#).await;
    call(&keys, "getAll", None)
        .await
        .expect("retries past two dropped connections");
    assert_eq!(requests("/api_keys").await.len(), 3);
}

#[wasm_bindgen_test]
async fn retries_stop_at_max_retries_with_the_last_error() {
    reset_server().await;
    let (_, keys) = signed_in_client().await;
    add_fault(r#"{"path":"/api_keys","method":"GET","status":504,"count":10}"#).await;
    let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
    assert_api_error(&e, 504);
    assert_eq!(requests("/api_keys").await.len(), 4, "1 + maxRetries (3)");
    reset_server().await;
    still_works(&keys).await;
}

#[wasm_bindgen_test]
async fn max_retries_option_sets_how_many_retries() {
    let user = unique("user_retries");
    let token = sign_in(&user, &[], false).await;
    // Neither is the default (3, so 4 requests).
    for (max_retries, requests_made) in [(0, 1), (2, 3)] {
        reset_server().await;
        let keys = new_keys(&obj(&[
            ("frontendApi", DEVSERVER.into()),
            (
                "getToken",
                token_getter(&token.as_str().into(), false).into(),
            ),
            ("maxRetries", max_retries.into()),
        ]))
        .unwrap();
        add_fault(r#"{"path":"/api_keys","method":"GET","status":502,"count":10}"#).await;
        let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
        assert_api_error(&e, 502);
        assert_eq!(
            requests("/api_keys").await.len(),
            requests_made,
            "maxRetries {max_retries}"
        );
    }
    reset_server().await;
}

#[wasm_bindgen_test]
async fn rate_limit_429_honours_retry_after() {
    reset_server().await;
    let (_, keys) = signed_in_client().await;
    // A short Retry-After is waited out.
    add_fault(r#"{"path":"/api_keys","method":"GET","status":429,"headers":{"Retry-After":"1"}}"#)
        .await;
    let started = js_sys::Date::now();
    call(&keys, "getAll", None)
        .await
        .expect("retried after Retry-After");
    assert!(
        js_sys::Date::now() - started >= 950.0,
        "waited for Retry-After"
    );
    assert_eq!(requests("/api_keys").await.len(), 2);

    // One beyond the 5 s cap surfaces at once, with retryAfter set.
    reset_server().await;
    add_fault(r#"{"path":"/api_keys","method":"GET","status":429,"headers":{"Retry-After":"30"}}"#)
        .await;
    let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
    let first = assert_api_error(&e, 429);
    assert_eq!(get(&e, "retryAfter").as_f64(), Some(30.0));
    assert_eq!(
        get_str(&first, "code").as_deref(),
        Some("too_many_requests")
    );
    assert!(get_str(&e, "clerkTraceId").is_some());
    assert_eq!(requests("/api_keys").await.len(), 1);
    still_works(&keys).await;

    // A 503's Retry-After sets the wait (here beyond the cap: no retry) but not retryAfter, which clerk-js
    // sets only on a 429 (spec 4.2).
    reset_server().await;
    add_fault(r#"{"path":"/api_keys","method":"GET","status":503,"headers":{"Retry-After":"30"}}"#)
        .await;
    let e = err(&keys, "getAll", &JsValue::UNDEFINED).await;
    assert_api_error(&e, 503);
    assert!(!has(&e, "retryAfter"));
    assert_eq!(requests("/api_keys").await.len(), 1);
    still_works(&keys).await;
}

#[wasm_bindgen_test]
async fn post_is_never_retried() {
    reset_server().await;
    let (_, keys) = signed_in_client().await;
    add_fault(r#"{"path":"/api_keys","method":"POST","status":503}"#).await;
    let e = err(&keys, "create", &obj(&[("name", "once".into())])).await;
    assert_api_error(&e, 503);
    assert_eq!(
        methods(&requests("/api_keys").await),
        ["POST"],
        "the server saw one request"
    );

    reset_server().await;
    add_fault(r#"{"path":"/api_keys","method":"POST","drop":true}"#).await;
    let e = err(&keys, "create", &obj(&[("name", "once".into())])).await;
    assert_runtime_error(&e, "network_error");
    assert_eq!(
        methods(&requests("/api_keys").await),
        ["POST"],
        "the server saw one request"
    );

    let created = create_named(&keys, "once").await;
    let id = get_str(&created, "id").unwrap();
    reset_server().await;
    let path = format!("/api_keys/{id}/revoke");
    add_fault(&format!(r#"{{"path":"{path}","status":503}}"#)).await;
    let e = err(&keys, "revoke", &obj(&[("apiKeyID", id.as_str().into())])).await;
    assert_api_error(&e, 503);
    assert_eq!(requests(&path).await.len(), 1);
    let page = call(&keys, "getAll", None).await.unwrap();
    assert_eq!(
        get(&page, "total_count").as_f64(),
        Some(1.0),
        "exactly one key was created"
    );
}

#[wasm_bindgen_test]
async fn abort_rejects_with_abort_error() {
    reset_server().await;
    let (_, keys) = signed_in_client().await;

    // Already aborted: no request at all.
    let controller = new_abort_controller();
    controller.abort();
    let e = err(&keys, "getAll", &obj(&[("signal", controller.signal())])).await;
    assert_abort_error(&e);
    let e = err(
        &keys,
        "create",
        &obj(&[("name", "never".into()), ("signal", controller.signal())]),
    )
    .await;
    assert_abort_error(&e);
    let e = err(
        &keys,
        "revoke",
        &obj(&[
            ("apiKeyID", "ak_never".into()),
            ("signal", controller.signal()),
        ]),
    )
    .await;
    assert_abort_error(&e);
    assert!(requests("/api_keys").await.is_empty());
    assert!(requests("/api_keys/ak_never/revoke").await.is_empty());

    // Aborted while the request is in flight.
    add_fault(r#"{"path":"/api_keys","method":"GET","delay_ms":3000}"#).await;
    abort_midway(&keys, "getAll", &[], 100, 2_500.0).await;

    // Aborted during a retry wait (Retry-After 5 s): the wait is cut short.
    reset_server().await;
    add_fault(r#"{"path":"/api_keys","method":"GET","status":503,"headers":{"Retry-After":"5"}}"#)
        .await;
    abort_midway(&keys, "getAll", &[], 300, 4_000.0).await;
    assert_eq!(requests("/api_keys").await.len(), 1);

    still_works(&keys).await;
}

#[wasm_bindgen_test]
async fn abort_ends_the_wait_for_a_token_that_never_comes() {
    reset_server().await;
    let keys = new_keys(&obj(&[
        ("frontendApi", DEVSERVER.into()),
        ("getToken", never_settling().into()),
    ]))
    .unwrap();
    for method in ["getAll", "create"] {
        abort_midway(&keys, method, &[("name", "never".into())], 100, 2_000.0).await;
    }
    abort_midway(
        &keys,
        "revoke",
        &[("apiKeyID", "ak_never".into())],
        100,
        2_000.0,
    )
    .await;
    assert!(
        requests("/api_keys").await.is_empty(),
        "no request was made"
    );
    assert!(requests("/api_keys/ak_never/revoke").await.is_empty());
}

/// Starts `method` with `params` and a signal, aborts after `after_ms`, and checks that the call rejects with an
/// `AbortError` within `within_ms` of its start (it did not wait for what it was waiting on).
async fn abort_midway(
    keys: &JsValue,
    method: &str,
    params: &[(&str, JsValue)],
    after_ms: u32,
    within_ms: f64,
) {
    let controller = new_abort_controller();
    let mut pairs = params.to_vec();
    pairs.push(("signal", controller.signal()));
    let params = obj(&pairs);
    let pending = call(keys, method, Some(&params));
    let abort_later = async {
        sleep(after_ms).await;
        controller.abort();
    };
    let started = js_sys::Date::now();
    let (result, ()) = futures_join(pending, abort_later).await;
    assert_abort_error(&result.expect_err("aborted"));
    let took = js_sys::Date::now() - started;
    assert!(
        took < within_ms,
        "{method} took {took} ms, aborted at {after_ms} ms"
    );
}

/// Run two futures concurrently (no futures crate in the dev-dependencies).
async fn futures_join<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    use std::pin::pin;
    use std::task::Poll;
    let mut a = pin!(a);
    let mut b = pin!(b);
    let mut out_a = None;
    let mut out_b = None;
    std::future::poll_fn(|cx| {
        if out_a.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) {
                out_a = Some(v);
            }
        }
        if out_b.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) {
                out_b = Some(v);
            }
        }
        if out_a.is_some() && out_b.is_some() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    (out_a.unwrap(), out_b.unwrap())
}
