//! `--test-mode`: the fault API, the request log, `Connection: close`, and their absence without the flag.

mod common;

use common::{parse_response, Server};
use serde_json::{json, Value};
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn fault(s: &Server, body: Value) -> Value {
    let r = s.post("/__faults", None, &body);
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

#[test]
fn the_test_api_exists_only_in_test_mode() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    s.post(
        "/__faults",
        None,
        &json!({"path": "/api_keys", "status": 503}),
    )
    .assert_error(404, "resource_not_found");
    for (method, path) in [
        ("DELETE", "/__faults"),
        ("GET", "/__requests"),
        ("DELETE", "/__requests"),
    ] {
        s.request(method, path, &[], None)
            .assert_error(404, "resource_not_found");
    }
    assert_eq!(
        s.get("/api_keys", Some(&token)).status,
        200,
        "no fault was queued"
    );

    let t = Server::memory(&["--test-mode"]);
    assert_eq!(
        fault(&t, json!({"path": "/api_keys", "status": 503})),
        json!({"queued": 1})
    );
    assert_eq!(t.get("/__requests", None).status, 200);
}

#[test]
fn a_status_fault_answers_with_its_status_headers_and_an_envelope() {
    let s = Server::memory(&["--test-mode"]);
    let token = s.sign_in("user_alice", &[]);
    let queued = fault(
        &s,
        json!({"path": "/api_keys", "method": "GET", "count": 2, "status": 429,
                                  "headers": {"Retry-After": "7"}}),
    );
    assert_eq!(queued, json!({"queued": 2}));
    let origin = [("origin", "http://localhost:3000")];
    for _ in 0..2 {
        let r = s.request("GET", "/api_keys", &origin, None);
        r.assert_error(429, "too_many_requests");
        assert_eq!(r.header("retry-after"), Some("7"));
        // Readable by the page: the grant is on injected responses too.
        assert_eq!(
            r.header("access-control-allow-origin"),
            Some("http://localhost:3000")
        );
    }
    // Used up: the request is handled again (and a fault never applied to a session-less 401).
    assert_eq!(s.get("/api_keys", Some(&token)).status, 200);
}

#[test]
fn a_status_fault_can_carry_a_raw_body() {
    let s = Server::memory(&["--test-mode"]);
    fault(
        &s,
        json!({"path": "/api_keys", "status": 502, "body": "<html>bad gateway</html>"}),
    );
    let r = s.get("/api_keys", None);
    assert_eq!(r.status, 502);
    assert_eq!(r.text(), "<html>bad gateway</html>");
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r.header("x-clerk-trace-id").is_some());

    let custom = r#"{"errors":[{"code":"custom","message":"m"}]}"#;
    fault(
        &s,
        json!({"path": "/api_keys", "status": 409, "body": custom}),
    );
    let r = s.get("/api_keys", None);
    assert_eq!((r.status, r.text()), (409, custom.to_owned()));
    assert_eq!(r.header("content-type"), Some("application/json"));

    // A 2xx fault with no body: an empty 200 (what a broken proxy might send).
    fault(&s, json!({"path": "/api_keys", "status": 200}));
    let r = s.get("/api_keys", None);
    assert_eq!((r.status, r.body.len()), (200, 0));
}

#[test]
fn a_non_json_fault_answers_200_html() {
    let s = Server::memory(&["--test-mode"]);
    fault(&s, json!({"path": "/api_keys", "non_json": true}));
    let r = s.post("/api_keys", None, &json!({"name": "x"}));
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(r.text(), "<html>not json</html>");
    // With a status: that status, same page.
    fault(
        &s,
        json!({"path": "/api_keys", "non_json": true, "status": 503}),
    );
    let r = s.get("/api_keys", None);
    assert_eq!(
        (r.status, r.text()),
        (503, "<html>not json</html>".to_owned())
    );
}

#[test]
fn a_pad_fault_makes_a_large_body_that_stays_json() {
    let s = Server::memory(&["--test-mode"]);
    let page = r#"{"data":[],"total_count":0}"#;
    fault(
        &s,
        json!({"path": "/api_keys", "status": 200, "body": page, "pad": 1_000_000}),
    );
    let r = s.get("/api_keys", None);
    assert_eq!((r.status, r.body.len()), (200, page.len() + 1_000_000));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.json(), json!({"data": [], "total_count": 0}));
    // Bounded, and only with the status and body it pads.
    for bad in [
        json!({"path": "/api_keys", "status": 200, "body": page, "pad": (64 << 20) + 1}),
        json!({"path": "/api_keys", "status": 200, "pad": 10}),
        json!({"path": "/api_keys", "body": page, "pad": 10}),
    ] {
        s.post("/__faults", None, &bad)
            .assert_error(422, "form_param_value_invalid");
    }
}

#[test]
fn a_delay_fault_waits_then_handles_normally() {
    let s = Server::memory(&["--test-mode"]);
    let token = s.sign_in("user_alice", &[]);
    fault(&s, json!({"path": "/api_keys", "delay_ms": 400}));
    let started = Instant::now();
    let r = s.get("/api_keys", Some(&token));
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(r.status, 200);
    let started = Instant::now();
    assert_eq!(s.get("/api_keys", Some(&token)).status, 200);
    assert!(
        started.elapsed() < Duration::from_millis(400),
        "only one request delayed"
    );
    // Delay plus status.
    fault(
        &s,
        json!({"path": "/api_keys", "delay_ms": 200, "status": 500}),
    );
    let started = Instant::now();
    s.get("/api_keys", Some(&token))
        .assert_error(500, "internal_clerk_error");
    assert!(started.elapsed() >= Duration::from_millis(200));
}

/// Sends a request and returns every byte the server sent before closing (an error counts as nothing sent).
fn raw_exchange(addr: &str, request: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut received = Vec::new();
    match stream.read_to_end(&mut received) {
        Ok(_) => received,
        Err(e) if e.kind() == ErrorKind::ConnectionReset => received,
        Err(e) => panic!("read: {e}"),
    }
}

#[test]
fn a_drop_fault_closes_the_connection_without_a_response() {
    let s = Server::memory(&["--test-mode"]);
    let token = s.sign_in("user_alice", &[]);
    fault(
        &s,
        json!({"path": "/api_keys", "method": "POST", "drop": true, "delay_ms": 50}),
    );
    let body = r#"{"name":"dropped"}"#;
    let request = format!(
        "POST /api_keys HTTP/1.1\r\nhost: {}\r\nauthorization: Bearer {token}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\n\r\n{body}",
        s.addr,
        body.len()
    );
    assert_eq!(
        raw_exchange(&s.addr, &request),
        Vec::<u8>::new(),
        "no response bytes at all"
    );
    // The dropped request was not handled, and the next one is.
    assert_eq!(s.get("/api_keys", Some(&token)).json()["total_count"], 0);
    let received = raw_exchange(&s.addr, &request);
    assert_eq!(parse_response(&received, false).status, 200);
}

#[test]
fn faults_match_path_and_method_first_in_first_out() {
    let s = Server::memory(&["--test-mode"]);
    let token = s.sign_in("user_alice", &[]);
    fault(
        &s,
        json!({"path": "/api_keys", "method": "post", "status": 503}),
    );
    fault(&s, json!({"path": "/api_keys", "status": 500}));
    fault(&s, json!({"path": "/api_keys", "status": 502}));
    // Another path is untouched.
    let r = s.post("/api_keys/ak_1/revoke", Some(&token), &json!({}));
    r.assert_error(404, "resource_not_found");
    // GET skips the POST-only fault and takes the oldest one that matches.
    s.get("/api_keys", Some(&token))
        .assert_error(500, "internal_clerk_error");
    s.post("/api_keys", Some(&token), &json!({"name": "a"}))
        .assert_error(503, "service_unavailable");
    s.post("/api_keys", Some(&token), &json!({"name": "a"}))
        .assert_error(502, "bad_gateway");
    assert_eq!(s.get("/api_keys", Some(&token)).status, 200);
}

#[test]
fn preflights_do_not_consume_faults() {
    let s = Server::memory(&["--test-mode"]);
    fault(&s, json!({"path": "/api_keys", "status": 503}));
    let preflight = [
        ("origin", "http://localhost:3000"),
        ("access-control-request-method", "GET"),
    ];
    for _ in 0..3 {
        assert_eq!(
            s.request("OPTIONS", "/api_keys", &preflight, None).status,
            204
        );
    }
    s.get("/api_keys", None)
        .assert_error(503, "service_unavailable");
    s.get("/api_keys", None)
        .assert_error(401, "authentication_invalid");
}

#[test]
fn delete_clears_all_faults() {
    let s = Server::memory(&["--test-mode"]);
    fault(&s, json!({"path": "/api_keys", "status": 503, "count": 5}));
    fault(&s, json!({"path": "/demo/whoami", "drop": true}));
    let r = s.request("DELETE", "/__faults", &[], None);
    assert_eq!(r.status, 200);
    s.get("/api_keys", None)
        .assert_error(401, "authentication_invalid");
    s.get("/demo/whoami", None)
        .assert_error(401, "authentication_invalid");
}

#[test]
fn fault_bodies_are_validated() {
    let s = Server::memory(&["--test-mode"]);
    let cases = [
        (json!({}), "path"),
        (json!({"path": "api_keys"}), "path"),
        (json!({"path": "/x", "status": 99}), "status"),
        (json!({"path": "/x", "status": 600}), "status"),
        (json!({"path": "/x", "count": 0}), "count"),
        (
            json!({"path": "/x", "headers": {"bad name": "v"}}),
            "headers",
        ),
        (json!({"path": "/x", "headers": {"x": 1}}), "headers"),
        (json!({"path": "/x", "drop": "yes"}), "drop"),
        (json!({"path": "/x", "delay_ms": -1}), "delay_ms"),
    ];
    for (body, param) in cases {
        let r = s.post("/__faults", None, &body);
        assert_eq!(r.status, 422, "{body}: {}", r.text());
        assert_eq!(r.param(), param, "{body}");
    }
    s.request("POST", "/__faults", &[], Some(b"nope"))
        .assert_error(400, "malformed_request_body");
}

#[test]
fn requests_are_recorded_without_credentials() {
    let s = Server::memory(&["--test-mode"]);
    let token = s.sign_in("user_alice", &[]);
    assert_eq!(s.request("DELETE", "/__requests", &[], None).status, 200);
    let auth = format!("Bearer {token}");
    let cookie = format!("__session={token}");
    s.request(
        "OPTIONS",
        "/api_keys",
        &[
            ("origin", "http://localhost:3000"),
            ("access-control-request-method", "GET"),
        ],
        None,
    );
    fault(&s, json!({"path": "/api_keys", "status": 503}));
    let r = s.request(
        "GET",
        "/api_keys?subject=user_alice&query=",
        &[
            ("authorization", &auth),
            ("cookie", &cookie),
            ("x-test", "one"),
            ("x-test", "two"),
        ],
        None,
    );
    assert_eq!(r.status, 503, "recorded even when faulted");
    s.post("/api_keys", Some(&token), &json!({"name": "k"}));
    s.get("/nope", None);

    let log = s.get("/__requests?path=/api_keys", None);
    assert!(!log.text().contains(&token), "no credential in the log");
    let requests = log.json()["requests"].as_array().unwrap().clone();
    assert_eq!(requests.len(), 2, "{requests:?}");
    let first = &requests[0];
    assert_eq!(first["method"], "GET");
    assert_eq!(first["path"], "/api_keys");
    assert_eq!(first["query"], "subject=user_alice&query=");
    assert_eq!(first["headers"]["authorization"], "[redacted]");
    assert_eq!(first["headers"]["cookie"], "[redacted]");
    assert_eq!(first["headers"]["x-test"], "one, two");
    assert_eq!(first["headers"]["host"], s.addr.as_str());
    assert_eq!(requests[1]["method"], "POST");
    assert_eq!(requests[1]["query"], "");
    assert_eq!(requests[1]["headers"]["content-type"], "application/json");

    // Unfiltered: everything but preflights and the test API itself, oldest first.
    let all = s.get("/__requests", None).json();
    let paths: Vec<_> = all["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(paths, ["/api_keys", "/api_keys", "/nope"]);

    assert_eq!(s.request("DELETE", "/__requests", &[], None).status, 200);
    assert_eq!(s.get("/__requests", None).json()["requests"], json!([]));
}

/// One keep-alive request (no `Connection: close` from the client): the response head and whether the server then
/// closed the connection.
fn keep_alive_exchange(addr: &str) -> (common::Response, bool) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    stream
        .write_all(format!("GET /api_keys HTTP/1.1\r\nhost: {addr}\r\n\r\n").as_bytes())
        .unwrap();
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    // Read until the whole (content-length) response is in.
    loop {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "closed before a full response");
        received.extend_from_slice(&buf[..n]);
        if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = parse_response(&received, true);
            let length: usize = head.header("content-length").unwrap().parse().unwrap();
            if received.len() >= end + 4 + length {
                break;
            }
        }
    }
    let response = parse_response(&received, false);
    let closed = match stream.read(&mut buf) {
        Ok(0) => true,
        Ok(_) => panic!("unexpected bytes"),
        Err(e) if e.kind() == ErrorKind::WouldBlock || e.kind() == ErrorKind::TimedOut => false,
        Err(_) => true,
    };
    (response, closed)
}

#[test]
fn test_mode_closes_every_connection_and_normal_mode_keeps_it() {
    let t = Server::memory(&["--test-mode"]);
    let (r, closed) = keep_alive_exchange(&t.addr);
    assert_eq!(r.status, 401);
    assert_eq!(r.header("connection"), Some("close"));
    assert!(closed, "test mode closes the connection");

    let s = Server::memory(&[]);
    let (r, closed) = keep_alive_exchange(&s.addr);
    assert_eq!(r.status, 401);
    assert_eq!(r.header("connection"), None);
    assert!(!closed, "normal mode keeps the connection alive");
}

#[test]
fn a_fault_answer_still_arrives_after_a_large_body() {
    let s = Server::memory(&["--test-mode"]);
    let token = s.sign_in("user_alice", &[]);
    fault(
        &s,
        json!({"path": "/api_keys", "method": "POST", "status": 503}),
    );
    let auth = format!("Bearer {token}");
    let body = vec![b' '; 4 * 1024 * 1024];
    let r = s.request(
        "POST",
        "/api_keys",
        &[("authorization", &auth)],
        Some(&body),
    );
    r.assert_error(503, "service_unavailable");
}
