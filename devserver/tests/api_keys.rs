//! The three API-key calls over the wire: shapes, listing, search, pagination, validity, revoke, validation.

mod common;

use common::{now_ms, Server};
use serde_json::{json, Value};

fn names(list: &Value) -> Vec<&str> {
    list["data"]
        .as_array()
        .expect("data array")
        .iter()
        .map(|k| k["name"].as_str().expect("name"))
        .collect()
}

#[test]
fn create_returns_every_field_and_the_secret_once() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    let before = now_ms();
    let key = s.create_key(
        &token,
        json!({"type": "api_key", "name": "  ci-deploy  ", "subject": "user_alice",
               "description": "GitHub Actions", "seconds_until_expiration": 3600}),
    );
    let after = now_ms();
    let id = key["id"].as_str().unwrap();
    assert!(id.starts_with("ak_") && id.len() == 27, "{id}");
    assert!(id[3..].bytes().all(|b| b.is_ascii_alphanumeric()));
    assert_eq!(key["object"], "api_key");
    assert_eq!(key["type"], "api_key");
    assert_eq!(key["name"], "ci-deploy", "name is trimmed");
    assert_eq!(key["subject"], "user_alice");
    assert_eq!(key["scopes"], json!([]));
    assert_eq!(key["claims"], Value::Null);
    assert_eq!(key["revoked"], false);
    assert_eq!(key["revocation_reason"], Value::Null);
    assert_eq!(key["expired"], false);
    assert_eq!(key["created_by"], "user_alice");
    assert_eq!(key["description"], "GitHub Actions");
    assert_eq!(key["last_used_at"], Value::Null);
    let created = key["created_at"].as_i64().expect("created_at is ms");
    assert!(
        (before..=after).contains(&created),
        "{created} in {before}..={after}"
    );
    assert_eq!(key["updated_at"], created);
    assert_eq!(key["expiration"], created + 3_600_000);
    let secret = key["secret"].as_str().unwrap();
    assert!(secret.starts_with("ak_") && secret.len() == 46, "{secret}");
    assert!(secret[3..]
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    assert_eq!(
        key.as_object().unwrap().len(),
        17,
        "exactly the spec's fields: {key}"
    );

    // Listed without the secret.
    let list = s.get("/api_keys", Some(&token)).json();
    let listed = &list["data"][0];
    assert!(listed.get("secret").is_none(), "{listed}");
    let mut without_secret = key.clone();
    without_secret.as_object_mut().unwrap().remove("secret");
    assert_eq!(*listed, without_secret);
}

#[test]
fn expiration_absent_or_null_means_never() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    let a = s.create_key(&token, json!({"name": "absent"}));
    let b = s.create_key(
        &token,
        json!({"name": "null", "seconds_until_expiration": null, "description": null}),
    );
    for key in [a, b] {
        assert_eq!(key["expiration"], Value::Null);
        assert_eq!(key["expired"], false);
        assert_eq!(key["description"], Value::Null);
    }
}

#[test]
fn list_is_newest_first_with_total_count_and_pages() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    for i in 1..=12 {
        s.create_named(&token, &format!("k{i:02}"));
    }
    let all = s
        .get(
            "/api_keys?subject=user_alice&query=&limit=10&offset=0",
            Some(&token),
        )
        .json();
    assert_eq!(all["total_count"], 12);
    assert_eq!(
        names(&all),
        ["k12", "k11", "k10", "k09", "k08", "k07", "k06", "k05", "k04", "k03"]
    );
    let default = s.get("/api_keys", Some(&token)).json();
    assert_eq!(names(&default).len(), 10, "default limit is 10");
    let page = s.get("/api_keys?limit=3&offset=3", Some(&token)).json();
    assert_eq!(names(&page), ["k09", "k08", "k07"]);
    assert_eq!(
        page["total_count"], 12,
        "total counts all matches, not the page"
    );
    let tail = s.get("/api_keys?limit=5&offset=10", Some(&token)).json();
    assert_eq!(names(&tail), ["k02", "k01"]);
    let past = s.get("/api_keys?offset=50", Some(&token)).json();
    assert_eq!(names(&past), Vec::<&str>::new());
    assert_eq!(past["total_count"], 12);
    // Past i64 is still an integer (Clerk range-checks neither), so still just past the end.
    let far = s
        .get("/api_keys?offset=100000000000000000000", Some(&token))
        .json();
    assert_eq!(names(&far), Vec::<&str>::new());
    assert_eq!(far["total_count"], 12);
    let max = s.get("/api_keys?limit=500", Some(&token)).json();
    assert_eq!(names(&max).len(), 12);
}

#[test]
fn query_is_a_case_insensitive_name_search() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    for name in ["Prod Deploy", "staging", "ÄRGER key", "a,b"] {
        s.create_named(&token, name);
    }
    let search = |q: &str| {
        let r = s
            .get(&format!("/api_keys?query={q}&limit=10"), Some(&token))
            .json();
        (
            names(&r).into_iter().map(str::to_owned).collect::<Vec<_>>(),
            r["total_count"].clone(),
        )
    };
    assert_eq!(search("deploy"), (vec!["Prod Deploy".to_owned()], json!(1)));
    assert_eq!(
        search("PROD+DEP"),
        (vec!["Prod Deploy".to_owned()], json!(1))
    );
    assert_eq!(
        search("%C3%A4rger"),
        (vec!["ÄRGER key".to_owned()], json!(1))
    );
    assert_eq!(search("nothing").1, json!(0));
    assert_eq!(search("").1, json!(4), "an empty query matches all");
    // clerk-js splits "a,b" into repeated query parameters; they are joined back.
    assert_eq!(search("a&query=b"), (vec!["a,b".to_owned()], json!(1)));
    // A search narrows total_count, and pages apply after it.
    let r = s
        .get("/api_keys?query=G&limit=1&offset=1", Some(&token))
        .json();
    assert_eq!(r["total_count"], 2, "{r}");
    assert_eq!(names(&r), ["staging"]);
}

#[test]
fn list_parameters_are_validated_and_unknown_ones_ignored() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    let cases = [
        ("limit=ten", "form_param_format_invalid", "limit"),
        ("limit=0", "form_param_value_invalid", "limit"),
        ("limit=501", "form_param_value_invalid", "limit"),
        ("limit=-3", "form_param_value_invalid", "limit"),
        (
            "limit=100000000000000000000",
            "form_param_value_invalid",
            "limit",
        ),
        ("offset=x", "form_param_format_invalid", "offset"),
        ("offset=-1", "form_param_value_invalid", "offset"),
        (
            "include_invalid=maybe",
            "form_param_format_invalid",
            "include_invalid",
        ),
    ];
    for (query, code, param) in cases {
        let r = s.get(&format!("/api_keys?{query}"), Some(&token));
        r.assert_error(422, code);
        assert_eq!(r.param(), param, "{query}");
    }
    s.create_named(&token, "one");
    let r = s.get(
        "/api_keys?subject=&query=&limit=10&offset=0&__clerk_api_version=2026-05-12&_clerk_js_version=6.29.3\
         &_clerk_session_id=sess_xyz&type=api_key&limit=999&offset=-5&_clerk_retry_attempt=1",
        Some(&token),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["total_count"], 1);
}

#[test]
fn zero_seconds_until_expiration_makes_a_key_expired_from_the_start() {
    // The SDK accepts 0 (only negative or fractional values are invalid): the server must not refuse it.
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    let before = now_ms();
    let key = s.create_key(
        &token,
        json!({"name": "instant", "seconds_until_expiration": 0}),
    );
    let expiration = key["expiration"].as_i64().unwrap();
    assert!(
        expiration >= before && expiration <= now_ms(),
        "{expiration}"
    );
    assert_eq!(key["expired"], true);
    assert!(key["secret"].is_string());
    let secret = key["secret"].as_str().unwrap();
    assert_eq!(s.get("/demo/whoami", Some(secret)).status, 401);
    assert_eq!(s.get("/api_keys", Some(&token)).json()["total_count"], 0);
    let all = s.get("/api_keys?include_invalid=true", Some(&token)).json();
    assert_eq!(names(&all), ["instant"]);
}

#[test]
fn revoked_and_expired_keys_are_listed_only_with_include_invalid() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    let revoked = s.create_named(&token, "revoked");
    let expiring = s.create_key(
        &token,
        json!({"name": "expiring", "seconds_until_expiration": 1}),
    );
    s.create_named(&token, "valid");
    let r = s.post(
        &format!("/api_keys/{}/revoke", revoked["id"].as_str().unwrap()),
        Some(&token),
        &json!({}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        names(&s.get("/api_keys", Some(&token)).json()),
        ["valid", "expiring"]
    );

    std::thread::sleep(std::time::Duration::from_millis(1200));
    let valid = s.get("/api_keys", Some(&token)).json();
    assert_eq!(names(&valid), ["valid"]);
    assert_eq!(valid["total_count"], 1);
    let all = s.get("/api_keys?include_invalid=true", Some(&token)).json();
    assert_eq!(names(&all), ["valid", "expiring", "revoked"]);
    assert_eq!(all["total_count"], 3);
    let data = all["data"].as_array().unwrap();
    assert_eq!(
        (data[1]["expired"].clone(), data[1]["revoked"].clone()),
        (json!(true), json!(false))
    );
    assert_eq!(
        (data[2]["expired"].clone(), data[2]["revoked"].clone()),
        (json!(false), json!(true))
    );
    let r = s
        .get("/api_keys?include_invalid=false", Some(&token))
        .json();
    assert_eq!(r["total_count"], 1);

    // An expired key no longer authenticates, and no longer blocks its name.
    let r = s.get("/demo/whoami", Some(expiring["secret"].as_str().unwrap()));
    r.assert_error(401, "authentication_invalid");
    s.create_named(&token, "expiring");
}

#[test]
fn revoke_sets_the_fields_and_is_idempotent() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    let key = s.create_named(&token, "leaky");
    let id = key["id"].as_str().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let r = s.post(
        &format!("/api_keys/{id}/revoke"),
        Some(&token),
        &json!({"revocation_reason": "leaked"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let revoked = r.json();
    assert_eq!(revoked["id"], id);
    assert_eq!(revoked["revoked"], true);
    assert_eq!(revoked["revocation_reason"], "leaked");
    assert!(revoked["updated_at"].as_i64().unwrap() > key["created_at"].as_i64().unwrap());
    assert_eq!(revoked["created_at"], key["created_at"]);
    assert!(revoked.get("secret").is_none());

    // Twice: 200, the first revocation stands.
    let again = s.post(
        &format!("/api_keys/{id}/revoke"),
        Some(&token),
        &json!({"revocation_reason": "other"}),
    );
    assert_eq!(again.status, 200);
    assert_eq!(again.json(), revoked);

    // `{}`, `null` reason and an empty body are all accepted.
    for body in [
        Some(b"{}".as_slice()),
        Some(b"{\"revocation_reason\":null}".as_slice()),
        None,
    ] {
        let k = s.create_named(&token, &format!("k{}", body.map_or(0, <[u8]>::len)));
        let auth = format!("Bearer {token}");
        let r = s.request(
            "POST",
            &format!("/api_keys/{}/revoke", k["id"].as_str().unwrap()),
            &[
                ("authorization", &auth),
                ("content-type", "application/json"),
            ],
            body,
        );
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["revocation_reason"], Value::Null);
        assert_eq!(r.json()["revoked"], true);
    }
    // Wrong type for the reason.
    let k = s.create_named(&token, "typed");
    let r = s.post(
        &format!("/api_keys/{}/revoke", k["id"].as_str().unwrap()),
        Some(&token),
        &json!({"revocation_reason": 5}),
    );
    r.assert_error(422, "form_param_format_invalid");
    assert_eq!(r.param(), "revocation_reason");
}

#[test]
fn revoking_an_unknown_key_is_404() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    for id in ["ak_000000000000000000000000", "undefined", "%20"] {
        let r = s.post(&format!("/api_keys/{id}/revoke"), Some(&token), &json!({}));
        r.assert_error(404, "resource_not_found");
    }
}

#[test]
fn create_validates_every_field() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    let long = "x".repeat(256);
    let cases = [
        (json!({}), "form_param_missing", "name"),
        (json!({"name": null}), "form_param_missing", "name"),
        (json!({"name": ""}), "form_param_value_invalid", "name"),
        (json!({"name": "   "}), "form_param_value_invalid", "name"),
        (json!({"name": long}), "form_param_value_invalid", "name"),
        (json!({"name": 123}), "form_param_format_invalid", "name"),
        (
            json!({"name": "k", "type": "secret"}),
            "form_param_value_invalid",
            "type",
        ),
        (
            json!({"name": "k", "type": 1}),
            "form_param_format_invalid",
            "type",
        ),
        (
            json!({"name": "k", "subject": 5}),
            "form_param_format_invalid",
            "subject",
        ),
        (
            json!({"name": "k", "description": ["x"]}),
            "form_param_format_invalid",
            "description",
        ),
        (
            json!({"name": "k", "seconds_until_expiration": -60}),
            "form_param_value_invalid",
            "seconds_until_expiration",
        ),
        (
            json!({"name": "k", "seconds_until_expiration": 1.5}),
            "form_param_format_invalid",
            "seconds_until_expiration",
        ),
        (
            json!({"name": "k", "seconds_until_expiration": "60"}),
            "form_param_format_invalid",
            "seconds_until_expiration",
        ),
        (
            json!({"name": "k", "seconds_until_expiration": 1e300}),
            "form_param_format_invalid",
            "seconds_until_expiration",
        ),
    ];
    for (body, code, param) in cases {
        let r = s.post("/api_keys", Some(&token), &body);
        r.assert_error(422, code);
        assert_eq!(r.param(), param, "{body}");
    }
    assert_eq!(
        s.get("/api_keys?include_invalid=true", Some(&token)).json()["total_count"],
        0
    );
    // The limits themselves are fine; extra fields are ignored.
    let key = s.create_key(
        &token,
        json!({"name": "x".repeat(255), "scopes": ["a"], "claims": {"a": 1}}),
    );
    assert_eq!(key["scopes"], json!([]));
    assert_eq!(key["claims"], Value::Null);
}

#[test]
fn a_duplicate_valid_name_under_one_subject_conflicts() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &["org_acme"]);
    let first = s.create_named(&token, "dup");
    let r = s.post("/api_keys", Some(&token), &json!({"name": " dup "}));
    r.assert_error(409, "token_creation_conflict");
    // Another subject may use the name.
    s.create_key(&token, json!({"name": "dup", "subject": "org_acme"}));
    // Once the first is revoked, the name is free again.
    let id = first["id"].as_str().unwrap();
    assert_eq!(
        s.post(&format!("/api_keys/{id}/revoke"), Some(&token), &json!({}))
            .status,
        200
    );
    s.create_named(&token, "dup");
}

#[test]
fn quota_counts_valid_keys_per_subject() {
    let s = Server::memory(&["--key-quota", "2"]);
    let token = s.sign_in("user_alice", &["org_acme"]);
    let a = s.create_named(&token, "a");
    s.create_named(&token, "b");
    let r = s.post("/api_keys", Some(&token), &json!({"name": "c"}));
    r.assert_error(403, "token_quota_exceeded");
    s.create_key(&token, json!({"name": "c", "subject": "org_acme"}));
    let id = a["id"].as_str().unwrap();
    assert_eq!(
        s.post(&format!("/api_keys/{id}/revoke"), Some(&token), &json!({}))
            .status,
        200
    );
    s.create_named(&token, "c");
}

#[test]
fn the_default_quota_is_100() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    for i in 0..100 {
        s.create_named(&token, &format!("k{i}"));
    }
    s.post("/api_keys", Some(&token), &json!({"name": "one-too-many"}))
        .assert_error(403, "token_quota_exceeded");
}

#[test]
fn bad_bodies_get_4xx_envelopes() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    let auth = format!("Bearer {token}");
    let headers = [
        ("authorization", auth.as_str()),
        ("content-type", "application/json"),
    ];
    for body in [
        &b"{not json"[..],
        b"[1,2]",
        b"\"name\"",
        b"42",
        b"{\"name\":\"a\"} trailing",
    ] {
        let r = s.request("POST", "/api_keys", &headers, Some(body));
        r.assert_error(400, "malformed_request_body");
    }
    // Over 64 KiB: 413, answered (not a dropped connection).
    let big = format!("{{\"name\":\"big\",\"pad\":\"{}\"}}", "x".repeat(70 * 1024));
    let r = s.request("POST", "/api_keys", &headers, Some(big.as_bytes()));
    r.assert_error(413, "request_body_too_large");
    // Far over it, or where nothing reads a body at all (another method, an unknown path): the answer still
    // arrives whole, since the server reads what the client sends before answering.
    let huge = vec![b' '; 24 * 1024 * 1024];
    let r = s.request("POST", "/api_keys", &headers, Some(&huge));
    r.assert_error(413, "request_body_too_large");
    let r = s.request("PUT", "/api_keys", &headers, Some(&huge[..4 * 1024 * 1024]));
    r.assert_error(405, "method_not_allowed");
    let r = s.request("POST", "/nowhere", &headers, Some(&huge[..4 * 1024 * 1024]));
    r.assert_error(404, "resource_not_found");
    // Just under the limit is fine.
    let fits = format!(
        "{{\"name\":\"fits\",\"pad\":\"{}\"}}",
        "x".repeat(60 * 1024)
    );
    let r = s.request("POST", "/api_keys", &headers, Some(fits.as_bytes()));
    assert_eq!(r.status, 200, "{}", r.text());
    // Invalid UTF-8 is not JSON either.
    let r = s.request("POST", "/api_keys", &headers, Some(b"{\"name\":\"\xff\"}"));
    r.assert_error(400, "malformed_request_body");
}
