//! What every response has in common: unknown paths and wrong methods, trace ids, CORS, and the static site.

mod common;

use common::{temp_dir, Server};
use serde_json::json;
use std::collections::HashSet;

#[test]
fn unknown_paths_are_404_envelopes() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    for (method, path) in [
        ("GET", "/nope"),
        ("GET", "/"),
        ("GET", "/api_keys/"),
        ("GET", "/api_keys/ak_123"),
        ("POST", "/api_keys/ak_123/revoke/more"),
        ("GET", "/v1/api_keys"),
        ("DELETE", "/nope"),
    ] {
        let auth = format!("Bearer {token}");
        let r = s.request(method, path, &[("authorization", &auth)], None);
        r.assert_error(404, "resource_not_found");
    }
}

#[test]
fn a_wrong_method_on_a_known_path_is_405() {
    let s = Server::memory(&[]);
    for (method, path) in [
        ("DELETE", "/api_keys"),
        ("PUT", "/api_keys"),
        ("GET", "/api_keys/ak_1/revoke"),
        ("POST", "/demo/whoami"),
        ("GET", "/dev/sign_in"),
        ("GET", "/dev/sign_out"),
    ] {
        let r = s.request(method, path, &[], None);
        r.assert_error(405, "method_not_allowed");
        assert!(r.header("allow").is_some(), "{method} {path} has Allow");
    }
}

#[test]
fn every_response_carries_a_trace_id_and_errors_repeat_it() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    let origin = [
        ("origin", "http://localhost:3000"),
        ("access-control-request-method", "GET"),
    ];
    let responses = vec![
        s.get("/api_keys", Some(&token)),
        s.get("/api_keys", None),
        s.get("/api_keys?limit=x", Some(&token)),
        s.post("/api_keys", Some(&token), &json!({})),
        s.request("DELETE", "/api_keys", &[], None),
        s.request("GET", "/missing", &[], None),
        s.request("OPTIONS", "/api_keys", &origin, None),
        s.request(
            "OPTIONS",
            "/api_keys",
            &[("origin", "https://evil.example")],
            None,
        ),
        s.post("/dev/sign_in", None, &json!({"user_id": "u"})),
    ];
    let mut seen = HashSet::new();
    for r in &responses {
        let id = r.header("x-clerk-trace-id").expect("trace id header");
        assert!(
            id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
            "{id}"
        );
        assert!(seen.insert(id.to_owned()), "trace ids are unique");
        if r.status >= 400 {
            assert_eq!(r.json()["clerk_trace_id"], id);
            assert_eq!(r.header("content-type"), Some("application/json"));
            let entry = &r.json()["errors"][0];
            for field in ["code", "message", "long_message"] {
                assert!(entry[field].is_string(), "{field} in {}", r.text());
            }
            assert!(entry["meta"].is_object());
        }
    }
}

fn grants(r: &common::Response) -> Vec<&str> {
    r.headers
        .iter()
        .filter(|(n, _)| n.starts_with("access-control-allow"))
        .map(|(n, _)| n.as_str())
        .collect()
}

#[test]
fn allowed_origins_get_the_cors_grant() {
    let s = Server::memory(&["--allow-origin", "https://app.example"]);
    let own = s.url();
    for origin in [
        "http://localhost:3000",
        "http://localhost",
        "http://127.0.0.1:5173",
        own.as_str(),
        "https://app.example",
    ] {
        let sign_in = s.request(
            "POST",
            "/dev/sign_in",
            &[("origin", origin), ("content-type", "application/json")],
            Some(br#"{"user_id":"u"}"#),
        );
        assert_eq!(sign_in.status, 200);
        for r in [
            sign_in,
            s.request("GET", "/api_keys", &[("origin", origin)], None),
            s.request("GET", "/missing", &[("origin", origin)], None),
        ] {
            assert_eq!(
                r.header("access-control-allow-origin"),
                Some(origin),
                "{origin}"
            );
            assert_eq!(r.header("access-control-allow-credentials"), Some("true"));
            assert_eq!(
                r.header("access-control-expose-headers"),
                Some("Retry-After, X-Clerk-Trace-Id")
            );
            assert_eq!(r.header("vary"), Some("Origin"));
        }
    }
}

#[test]
fn other_origins_get_no_cors_grant() {
    let s = Server::memory(&["--allow-origin", "https://app.example"]);
    let token = s.sign_in("user_alice", &[]);
    let auth = format!("Bearer {token}");
    for origin in [
        "https://evil.example",
        "https://app.example.evil",
        "http://localhost.evil.example",
        "http://localhost:3000.evil.example",
        "https://localhost:3000",
        "null",
    ] {
        let r = s.request(
            "GET",
            "/api_keys",
            &[("origin", origin), ("authorization", &auth)],
            None,
        );
        assert_eq!(r.status, 200);
        assert_eq!(grants(&r), Vec::<&str>::new(), "{origin}");
        assert!(r.header("access-control-expose-headers").is_none());
        let r = s.request(
            "OPTIONS",
            "/api_keys",
            &[
                ("origin", origin),
                ("access-control-request-method", "POST"),
            ],
            None,
        );
        r.assert_error(403, "origin_invalid");
        assert_eq!(grants(&r), Vec::<&str>::new(), "{origin}");
    }
}

#[test]
fn preflights_are_answered() {
    let s = Server::memory(&[]);
    let r = s.request(
        "OPTIONS",
        "/api_keys",
        &[
            ("origin", "http://localhost:3000"),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "authorization, content-type, x-extra",
            ),
        ],
        None,
    );
    assert_eq!(r.status, 204);
    assert!(r.body.is_empty());
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://localhost:3000")
    );
    assert_eq!(r.header("access-control-allow-credentials"), Some("true"));
    assert_eq!(
        r.header("access-control-allow-methods"),
        Some("GET, POST, OPTIONS")
    );
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some("authorization, content-type, x-extra")
    );
    assert_eq!(r.header("access-control-max-age"), Some("600"));
    // Without Access-Control-Request-Headers: the headers the SDK sends.
    let r = s.request(
        "OPTIONS",
        "/api_keys/ak_1/revoke",
        &[
            ("origin", "http://127.0.0.1:9000"),
            ("access-control-request-method", "POST"),
        ],
        None,
    );
    assert_eq!(r.status, 204);
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some("authorization, content-type")
    );
    // Test mode also allows DELETE, for the test API.
    let t = Server::memory(&["--test-mode"]);
    let r = t.request(
        "OPTIONS",
        "/__faults",
        &[
            ("origin", "http://127.0.0.1:9000"),
            ("access-control-request-method", "DELETE"),
        ],
        None,
    );
    assert_eq!(r.status, 204);
    assert_eq!(
        r.header("access-control-allow-methods"),
        Some("GET, POST, DELETE, OPTIONS")
    );
    // Only the routes there are: an unknown path, or the test API without --test-mode, is a 404 to OPTIONS too.
    for path in ["/api_keys/ak_1", "/nope", "/__faults", "/__requests"] {
        let r = s.request(
            "OPTIONS",
            path,
            &[
                ("origin", "http://localhost:3000"),
                ("access-control-request-method", "POST"),
            ],
            None,
        );
        r.assert_error(404, "resource_not_found");
        assert!(r.header("allow").is_none(), "{path}");
    }
}

#[test]
fn the_static_site_is_served_behind_the_api_routes() {
    let dir = temp_dir("static");
    std::fs::create_dir_all(dir.join("_next/static")).unwrap();
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::write(dir.join("index.html"), "<h1>home</h1>").unwrap();
    std::fs::write(dir.join("about.html"), "<h1>about</h1>").unwrap();
    std::fs::write(dir.join("docs/index.html"), "<h1>docs</h1>").unwrap();
    std::fs::write(dir.join("404.html"), "<h1>lost</h1>").unwrap();
    std::fs::write(dir.join("api_keys.html"), "shadowed").unwrap();
    std::fs::write(dir.join("_next/static/app.js"), "console.log(1)").unwrap();
    std::fs::write(dir.join("_next/static/app.wasm"), b"\0asm").unwrap();
    std::fs::write(dir.parent().unwrap().join("outside.html"), "secret").unwrap();
    let s = Server::memory(&["--static", dir.to_str().unwrap()]);

    let page = |path: &str| s.request("GET", path, &[], None);
    let r = page("/");
    assert_eq!((r.status, r.text()), (200, "<h1>home</h1>".to_owned()));
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r.header("x-clerk-trace-id").is_some());
    assert_eq!(page("/about").text(), "<h1>about</h1>");
    assert_eq!(page("/about.html").text(), "<h1>about</h1>");
    assert_eq!(page("/docs").text(), "<h1>docs</h1>");
    assert_eq!(page("/docs/").text(), "<h1>docs</h1>");
    let js = page("/_next/static/app.js");
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(
        page("/_next/static/app.wasm").header("content-type"),
        Some("application/wasm")
    );
    // A browser navigating gets the site's 404 page; a fetch or an API client the envelope.
    let navigate = |path: &str| s.request("GET", path, &[("accept", "text/html,*/*;q=0.8")], None);
    let r = navigate("/missing");
    assert_eq!((r.status, r.text()), (404, "<h1>lost</h1>".to_owned()));
    page("/missing").assert_error(404, "resource_not_found");
    page("/api_keys/ak_1").assert_error(404, "resource_not_found");
    for escape in [
        "/../outside.html",
        "/%2e%2e/outside.html",
        "/docs/..%2F..%2Foutside.html",
    ] {
        let r = page(escape);
        assert_eq!(r.status, 404, "{escape}");
        assert!(!r.text().contains("secret"), "{escape}");
    }
    // API routes win; API errors stay JSON.
    page("/api_keys").assert_error(401, "authentication_invalid");
    s.request("POST", "/about", &[], None)
        .assert_error(405, "method_not_allowed");
    let head = s.request("HEAD", "/about", &[], None);
    assert_eq!(head.status, 200);

    // Without a 404 page: the envelope.
    std::fs::remove_file(dir.join("404.html")).unwrap();
    navigate("/missing").assert_error(404, "resource_not_found");
}

/// A client that announces more body than it sends gets a 408 envelope after the read time (5 s), on every route
/// that reads a body, and the connection closes: the request is not held open for good.
#[test]
fn a_body_that_never_arrives_gets_408() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::{Duration, Instant};

    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    let key = s.create_named(&token, "k");
    let revoke = format!("/api_keys/{}/revoke", key["id"].as_str().expect("id"));
    let auth = format!("Bearer {token}");
    let threads: Vec<_> = ["/dev/sign_in", "/api_keys", revoke.as_str()]
        .into_iter()
        .map(|path| {
            let head = format!(
                "POST {path} HTTP/1.1\r\nhost: {addr}\r\nauthorization: {auth}\r\n\
                 content-type: application/json\r\ncontent-length: 100\r\n\r\n{{\"name\":",
                addr = s.addr,
            );
            let addr = s.addr.clone();
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(&addr).expect("connect");
                stream
                    .set_read_timeout(Some(Duration::from_secs(30)))
                    .expect("timeout");
                let started = Instant::now();
                stream.write_all(head.as_bytes()).expect("write");
                // The write side stays open: the server must end the exchange, not the client.
                let mut raw = Vec::new();
                stream
                    .read_to_end(&mut raw)
                    .expect("the server closes the connection");
                (started.elapsed(), common::parse_response(&raw, false))
            })
        })
        .collect();
    for t in threads {
        let (took, r) = t.join().expect("thread");
        r.assert_error(408, "request_timeout");
        assert_eq!(r.header("connection"), Some("close"));
        assert!(
            (Duration::from_millis(4500)..Duration::from_secs(9)).contains(&took),
            "answered after {took:?}"
        );
    }
}
