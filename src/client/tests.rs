//! The client against a scripted fake transport: what it sends, how it retries, what it returns.

use super::*;
use crate::params::Field;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// The fake transport's futures never pend, so one poll finishes any call.
fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("the fake transport never pends"),
    }
}

#[derive(Default)]
struct Fake {
    replies: RefCell<VecDeque<Result<Response, TransportError>>>,
    sent: RefCell<Vec<Request>>,
    slept: RefCell<Vec<u32>>,
    abort_sleep: bool,
}

impl Fake {
    fn with(replies: Vec<Result<Response, TransportError>>) -> Self {
        Fake {
            replies: RefCell::new(replies.into()),
            ..Fake::default()
        }
    }
}

impl Transport for &Fake {
    type Signal = ();
    async fn send(&self, request: &Request, _: &()) -> Result<Response, TransportError> {
        self.sent.borrow_mut().push(request.clone());
        self.replies
            .borrow_mut()
            .pop_front()
            .unwrap_or(Err(TransportError::Network("no scripted reply".into())))
    }
    async fn sleep(&self, ms: u32, _: &()) -> Result<(), TransportError> {
        self.slept.borrow_mut().push(ms);
        if self.abort_sleep {
            Err(TransportError::Aborted)
        } else {
            Ok(())
        }
    }
    fn jitter(&self) -> f64 {
        0.0
    }
}

fn ok(body: &str) -> Result<Response, TransportError> {
    Ok(Response {
        status: 200,
        status_text: "OK".into(),
        body: body.as_bytes().to_vec(),
        ..Response::default()
    })
}

fn status(code: u16, body: &str, retry_after: Option<&str>) -> Result<Response, TransportError> {
    Ok(Response {
        status: code,
        status_text: String::new(),
        body: body.as_bytes().to_vec(),
        retry_after: retry_after.map(Into::into),
        ..Response::default()
    })
}

const KEY: &str = r#"{"id":"ak_1","type":"api_key","name":"ci","subject":"user_1","revoked":false,"expired":false,"created_at":1,"updated_at":2,"secret":"ak_secret"}"#;

fn page() -> String {
    format!(r#"{{"data":[{KEY}],"total_count":1}}"#)
}

fn call<'a>(token: Option<&'a str>, subject: Option<&'a str>) -> Call<'a, ()> {
    Call {
        token,
        default_subject: subject,
        signal: &(),
    }
}

/// `getAll()` with default params, no token and no subject: what most of these tests call.
fn get_all_default(client: &Client<&Fake>) -> Result<Page<APIKey>, Error> {
    block_on(client.get_all(&GetAPIKeysParams::default(), &call(None, None)))
}

/// The runtime error code of `err`, or `None` for an API error.
fn runtime_code(err: &Error) -> Option<RuntimeCode> {
    match err {
        Error::Runtime { code, .. } => Some(*code),
        _ => None,
    }
}

#[test]
fn get_all_builds_the_url_and_decodes_the_page() {
    let fake = Fake::with(vec![ok(&page())]);
    let client = Client::new(&fake, "https://clerk.example.com".into());
    let params = GetAPIKeysParams {
        query: Some("ci".into()),
        page_size: Some(20),
        initial_page: Some(2),
        ..Default::default()
    };
    let page = block_on(client.get_all(&params, &call(Some("tok"), Some("user_1")))).unwrap();
    assert_eq!(page.total_count, 1);
    assert_eq!(page.data[0].id, "ak_1");
    let sent = fake.sent.borrow();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, Method::Get);
    assert_eq!(
        sent[0].url,
        "https://clerk.example.com/api_keys?subject=user_1&query=ci&limit=20&offset=20"
    );
    assert_eq!(sent[0].body, None);
    assert_eq!(sent[0].bearer.as_deref(), Some("tok"));
}

#[test]
fn create_posts_the_body_and_returns_the_secret() {
    let fake = Fake::with(vec![ok(KEY)]);
    let client = Client::new(&fake, "https://h".into());
    let params = CreateAPIKeyParams {
        name: "ci".into(),
        seconds_until_expiration: Field::Value(60),
        ..Default::default()
    };
    let key = block_on(client.create(&params, &call(None, Some("org_1")))).unwrap();
    assert_eq!(key.secret.as_deref(), Some("ak_secret"));
    let sent = fake.sent.borrow();
    assert_eq!(sent[0].method, Method::Post);
    assert_eq!(sent[0].url, "https://h/api_keys");
    assert_eq!(
        sent[0].body.as_deref(),
        Some(r#"{"type":"api_key","name":"ci","subject":"org_1","seconds_until_expiration":60}"#)
    );
    assert_eq!(sent[0].bearer, None);
}

#[test]
fn debug_output_of_a_create_response_and_its_wire_key_hides_the_secret() {
    let Ok(response) = ok(KEY) else {
        unreachable!()
    };
    let shown = format!("{response:?}");
    assert!(!shown.contains("ak_secret"), "{shown}");
    assert!(
        shown.contains(&format!("body_bytes: {}", KEY.len())),
        "{shown}"
    );
    let key = wire::read_api_key(KEY, true).unwrap();
    let shown = format!("{key:?}");
    assert!(!shown.contains("ak_secret"), "{shown}");
    assert!(shown.contains(r#""secret": Some("[redacted]")"#), "{shown}");
    assert!(shown.contains(r#""id": Some("\"ak_1\"")"#), "{shown}");
}

#[test]
fn revoke_posts_to_the_encoded_path() {
    let fake = Fake::with(vec![ok(KEY)]);
    let client = Client::new(&fake, "https://h/__clerk".into());
    let params = RevokeAPIKeyParams {
        api_key_id: "ak 1/x".into(),
        revocation_reason: Field::Value("rotated".into()),
    };
    block_on(client.revoke(&params, &call(None, None))).unwrap();
    let sent = fake.sent.borrow();
    assert_eq!(sent[0].url, "https://h/__clerk/api_keys/ak%201%2Fx/revoke");
    assert_eq!(
        sent[0].body.as_deref(),
        Some(r#"{"revocation_reason":"rotated"}"#)
    );
}

#[test]
fn invalid_params_fail_before_any_request() {
    let fake = Fake::with(vec![]);
    let client = Client::new(&fake, "https://h".into());
    let bad = GetAPIKeysParams {
        page_size: Some(0),
        ..Default::default()
    };
    assert!(block_on(client.get_all(&bad, &call(None, None))).is_err());
    let bad = RevokeAPIKeyParams::default();
    assert!(block_on(client.revoke(&bad, &call(None, None))).is_err());
    assert!(fake.sent.borrow().is_empty());
}

#[test]
fn get_retries_transient_statuses_and_network_errors_with_attempt_markers() {
    let fake = Fake::with(vec![
        status(503, "", None),
        Err(TransportError::Network("Failed to fetch".into())),
        status(502, "<html>bad gateway</html>", None),
        ok(&page()),
    ]);
    let client = Client::new(&fake, "https://h".into());
    let page = get_all_default(&client).unwrap();
    assert_eq!(page.data.len(), 1);
    let urls: Vec<String> = fake.sent.borrow().iter().map(|r| r.url.clone()).collect();
    let base = "https://h/api_keys?subject=&query=&limit=10&offset=0";
    assert_eq!(
        urls,
        vec![
            base.to_owned(),
            format!("{base}&_clerk_retry_attempt=1"),
            format!("{base}&_clerk_retry_attempt=2"),
            format!("{base}&_clerk_retry_attempt=3"),
        ]
    );
    assert_eq!(*fake.slept.borrow(), vec![100, 200, 400]);
}

#[test]
fn get_gives_up_after_max_retries_with_the_last_error() {
    let fake = Fake::with(vec![
        status(503, "", None),
        status(503, "", None),
        status(504, "", None),
    ]);
    let client = Client::new(&fake, "https://h".into()).with_max_retries(2);
    let err = get_all_default(&client).unwrap_err();
    match err {
        Error::Api(e) => assert_eq!(e.status, 504),
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.sent.borrow().len(), 3);

    let fake = Fake::with(vec![Err(TransportError::Network("refused".into()))]);
    let client = Client::new(&fake, "https://h".into()).with_max_retries(0);
    let err = get_all_default(&client).unwrap_err();
    assert_eq!(
        err,
        Error::runtime(RuntimeCode::NetworkError, "Network error: refused")
    );
}

#[test]
fn retry_after_is_waited_for_or_surfaced_when_too_long() {
    let fake = Fake::with(vec![status(429, "", Some("2")), ok(&page())]);
    let client = Client::new(&fake, "https://h".into());
    get_all_default(&client).unwrap();
    assert_eq!(*fake.slept.borrow(), vec![2000]);

    let body = r#"{"errors":[{"code":"too_many_requests","message":"Too many requests"}]}"#;
    let fake = Fake::with(vec![status(429, body, Some("30")), ok(&page())]);
    let client = Client::new(&fake, "https://h".into());
    let err = get_all_default(&client).unwrap_err();
    match err {
        Error::Api(e) => {
            assert_eq!((e.status, e.retry_after), (429, Some(30)));
            assert_eq!(e.message(), "Too many requests");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        fake.sent.borrow().len(),
        1,
        "no retry when Retry-After exceeds the cap"
    );
    assert!(fake.slept.borrow().is_empty());
}

#[test]
fn post_is_never_retried() {
    for reply in [
        status(503, "", None),
        Err(TransportError::Network("dropped".into())),
    ] {
        let fake = Fake::with(vec![reply, ok(KEY)]);
        let client = Client::new(&fake, "https://h".into());
        let params = CreateAPIKeyParams {
            name: "n".into(),
            ..Default::default()
        };
        assert!(block_on(client.create(&params, &call(None, None))).is_err());
        assert_eq!(fake.sent.borrow().len(), 1);
    }
}

#[test]
fn non_retryable_statuses_fail_at_once() {
    let body = r#"{"errors":[{"code":"token_creation_conflict","message":"API Key name already exists."}]}"#;
    let fake = Fake::with(vec![status(409, body, None)]);
    let client = Client::new(&fake, "https://h".into());
    let err = get_all_default(&client).unwrap_err();
    assert_eq!(err.message(), "API Key name already exists.");
    assert_eq!(fake.sent.borrow().len(), 1);
}

#[test]
fn aborts_end_the_call_even_during_a_retry_wait() {
    let fake = Fake::with(vec![Err(TransportError::Aborted)]);
    let client = Client::new(&fake, "https://h".into());
    let err = get_all_default(&client).unwrap_err();
    assert_eq!(err, Error::Aborted);

    let fake = Fake {
        abort_sleep: true,
        ..Fake::with(vec![status(503, "", None), ok(&page())])
    };
    let client = Client::new(&fake, "https://h".into());
    let err = get_all_default(&client).unwrap_err();
    assert_eq!(err, Error::Aborted);
    assert_eq!(fake.sent.borrow().len(), 1);
}

#[test]
fn bad_success_bodies_are_invalid_response() {
    for body in ["<html>not json</html>", "{}", ""] {
        let fake = Fake::with(vec![ok(body)]);
        let client = Client::new(&fake, "https://h".into());
        let err = get_all_default(&client).unwrap_err();
        assert_eq!(
            runtime_code(&err),
            Some(RuntimeCode::InvalidResponse),
            "{body}: {err:?}"
        );
    }
    let fake = Fake::with(vec![Ok(Response {
        status: 200,
        body: vec![0xff, 0xfe],
        ..Response::default()
    })]);
    let client = Client::new(&fake, "https://h".into());
    let err = get_all_default(&client).unwrap_err();
    assert_eq!(runtime_code(&err), Some(RuntimeCode::InvalidResponse));
}

#[test]
fn a_body_too_large_to_read_fails_a_success_and_keeps_an_error_status() {
    let unread = |status| {
        Ok(Response {
            status,
            body_too_large: true,
            ..Response::default()
        })
    };
    let get_all = |fake: &Fake| get_all_default(&Client::new(fake, "https://h".into()));
    // A success with nothing to decode: invalid_response, not retried.
    let fake = Fake::with(vec![unread(200), ok(&page())]);
    let err = get_all(&fake).unwrap_err();
    assert_eq!(
        runtime_code(&err),
        Some(RuntimeCode::InvalidResponse),
        "{err:?}"
    );
    assert!(err
        .message()
        .contains(&format!("larger than {} MiB", MAX_BODY_BYTES >> 20)));
    assert_eq!(fake.sent.borrow().len(), 1);
    // An error status is still that status (without the unread body), retried as usual.
    let fake = Fake::with(vec![unread(503), ok(&page())]);
    assert_eq!(get_all(&fake).unwrap().data.len(), 1);
    let fake = Fake::with(vec![unread(422)]);
    match get_all(&fake).unwrap_err() {
        Error::Api(e) => assert_eq!(e.status, 422),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_status_below_400_that_is_not_2xx_is_invalid_response_and_not_retried() {
    for code in [304, 308] {
        let fake = Fake::with(vec![status(code, "", None), ok(&page())]);
        let client = Client::new(&fake, "https://h".into());
        let err = get_all_default(&client).unwrap_err();
        assert_eq!(
            runtime_code(&err),
            Some(RuntimeCode::InvalidResponse),
            "{err:?}"
        );
        assert_eq!(err.message(), format!("unexpected HTTP status {code}"));
        assert_eq!(fake.sent.borrow().len(), 1);
    }
}

#[test]
fn a_token_no_header_can_carry_fails_before_any_request() {
    for token in ["tok\u{20ac}", "tok\nX-Evil: 1", "tok\r", "a\0b"] {
        let fake = Fake::with(vec![ok(&page())]);
        let client = Client::new(&fake, "https://h".into());
        let err = block_on(client.get_all(&GetAPIKeysParams::default(), &call(Some(token), None)))
            .unwrap_err();
        assert_eq!(
            runtime_code(&err),
            Some(RuntimeCode::InvalidArgument),
            "{token:?}: {err:?}"
        );
        assert!(fake.sent.borrow().is_empty(), "{token:?}");
    }
    // Latin-1 and inner spaces are what a header value may hold.
    let fake = Fake::with(vec![ok(&page())]);
    let client = Client::new(&fake, "https://h".into());
    block_on(client.get_all(&GetAPIKeysParams::default(), &call(Some("t\u{e9} k"), None))).unwrap();
}

#[test]
fn only_create_returns_a_secret_and_it_must() {
    let no_secret = KEY.replace(r#","secret":"ak_secret""#, "");
    let fake = Fake::with(vec![ok(&no_secret)]);
    let client = Client::new(&fake, "https://h".into());
    let params = CreateAPIKeyParams {
        name: "ci".into(),
        ..Default::default()
    };
    let err = block_on(client.create(&params, &call(None, Some("user_1")))).unwrap_err();
    assert_eq!(runtime_code(&err), Some(RuntimeCode::InvalidResponse));
    let fake = Fake::with(vec![ok(KEY), ok(&page())]);
    let client = Client::new(&fake, "https://h".into());
    let params = RevokeAPIKeyParams {
        api_key_id: "ak_1".into(),
        ..Default::default()
    };
    let key = block_on(client.revoke(&params, &call(None, None))).unwrap();
    assert_eq!(key.secret, None);
    let page = get_all_default(&client).unwrap();
    assert_eq!(page.data[0].secret, None);
}

#[test]
fn request_debug_redacts_the_token() {
    let r = Request {
        method: Method::Get,
        url: "https://h/api_keys".into(),
        body: None,
        bearer: Some("sess_SECRET".into()),
    };
    let shown = format!("{r:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
}

#[test]
fn max_retries_is_capped() {
    let fake = Fake::with(vec![]);
    let client = Client::new(&fake, "https://h".into()).with_max_retries(1_000);
    let _ = get_all_default(&client);
    assert_eq!(
        fake.sent.borrow().len(),
        1 + retry::MAX_RETRIES_LIMIT as usize
    );
}
