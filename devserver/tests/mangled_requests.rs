//! Mangled requests: every prefix and one-byte edit of a create body, a revoke body and a list query. Whatever
//! arrives, the answer is a 2xx or a 4xx in Clerk's envelope with the header's trace id (never a 5xx or a
//! dropped connection), a 200 is a real key or page, and the server keeps answering.

mod common;

use common::{Response, Server};
use serde_json::Value;

/// Bytes that change how JSON or a query string reads, and the lead byte of a multi-byte character.
const PROBES: &[u8] = b"\"\\{}[],:0-1e.tfn %&=+\xc3";

/// Every prefix of `seed`, every one-byte deletion, and one-byte replacements and insertions of probe bytes: a
/// quarter of the probes at each position, the next quarter at the next (one request each, so a quarter of the
/// time), so every probe still meets every part of the seed's structure.
fn mutations(seed: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for i in 0..=seed.len() {
        out.push(seed[..i].to_vec());
        if i < seed.len() {
            out.push([&seed[..i], &seed[i + 1..]].concat());
        }
        for &p in PROBES.iter().skip(i % 4).step_by(4) {
            if i < seed.len() {
                let mut v = seed.to_vec();
                v[i] = p;
                out.push(v);
            }
            out.push([&seed[..i], &[p], &seed[i..]].concat());
        }
    }
    out
}

/// A 2xx with a JSON body, or a 4xx envelope whose `clerk_trace_id` is the header's. Returns the body.
fn answered_well(r: &Response, what: &str) -> Value {
    assert!(
        (200..500).contains(&r.status),
        "{what}: {} {}",
        r.status,
        r.text()
    );
    let body: Value = serde_json::from_slice(&r.body)
        .unwrap_or_else(|e| panic!("{what}: body is not JSON ({e}): {}", r.text()));
    if r.status >= 400 {
        assert!(body["errors"][0]["code"].is_string(), "{what}: {body}");
        assert_eq!(
            body["clerk_trace_id"].as_str(),
            r.header("x-clerk-trace-id"),
            "{what}: {body}"
        );
    }
    body
}

/// `body` with its first `"k"` made `"k{i}"`, byte for byte (a mangled body need not be UTF-8).
fn unique_name(body: &[u8], i: usize) -> Vec<u8> {
    match body.windows(3).position(|w| w == b"\"k\"") {
        Some(at) => [&body[..at + 2], i.to_string().as_bytes(), &body[at + 2..]].concat(),
        None => body.to_vec(),
    }
}

#[test]
fn mangled_requests_get_2xx_or_4xx_envelopes() {
    let s = Server::memory(&["--key-quota", "100000"]);
    let token = s.sign_in("user_alice", &["org_1"]);
    let auth = format!("Bearer {token}");
    let headers = [
        ("authorization", auth.as_str()),
        ("content-type", "application/json"),
    ];
    let target = s.create_named(&token, "target");
    let revoke_path = format!("/api_keys/{}/revoke", target["id"].as_str().unwrap());
    let mut statuses = std::collections::BTreeMap::new();
    let mut count = |status: u16| *statuses.entry(status).or_insert(0) += 1;

    let create = br#"{"type":"api_key","name":"k","subject":"user_alice","description":"d","seconds_until_expiration":60}"#;
    for (i, body) in mutations(create).iter().enumerate() {
        // A unique name where the seed's "k" still stands, so valid bodies do not collide.
        let body = unique_name(body, i);
        let r = s.request("POST", "/api_keys", &headers, Some(&body));
        let key = answered_well(&r, &String::from_utf8_lossy(&body));
        count(r.status);
        if r.status == 200 {
            assert!(
                key["id"].as_str().is_some_and(|id| id.starts_with("ak_")),
                "{key}"
            );
            assert!(key["secret"].is_string(), "{key}");
        }
    }

    for body in mutations(br#"{"revocation_reason":"rotated"}"#) {
        let r = s.request("POST", &revoke_path, &headers, Some(&body));
        answered_well(&r, &String::from_utf8_lossy(&body));
        count(r.status);
    }

    // Bytes a URL may not hold raw are escaped, as a browser's URL parser would; the rest (`%` with no hex
    // digits after it included) goes as it is.
    let query = b"subject=user_alice&query=k1&limit=5&offset=0&include_invalid=true";
    for q in mutations(query) {
        let q: String = q
            .iter()
            .map(|&b| {
                if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        let r = s.get(&format!("/api_keys?{q}"), Some(&token));
        let page = answered_well(&r, &q);
        count(r.status);
        if r.status == 200 {
            assert!(
                page["data"].is_array() && page["total_count"].is_u64(),
                "{q}: {page}"
            );
        }
    }

    // Enough of each kind for the checks to mean something, and the server still answers.
    assert!(statuses.get(&200).is_some_and(|&n| n > 200), "{statuses:?}");
    assert!(
        statuses.keys().any(|&st| st == 400 || st == 422),
        "{statuses:?}"
    );
    assert_eq!(s.get("/api_keys?limit=1", Some(&token)).status, 200);
}
