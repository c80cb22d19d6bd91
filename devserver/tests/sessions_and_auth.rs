//! Sessions (sign in/out, cookie or bearer), authorization across users and an organization, and `/demo/whoami`.

mod common;

use common::{now_ms, Server};
use serde_json::json;

#[test]
fn sign_in_returns_the_token_and_sets_the_session_cookie() {
    let s = Server::memory(&[]);
    let r = s.post(
        "/dev/sign_in",
        None,
        &json!({"user_id": "user_alice", "organization_ids": ["org_acme", "org_acme", "org_b"]}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let body = r.json();
    let token = body["session_token"].as_str().unwrap();
    assert!(token.starts_with("sess_") && token.len() > 40, "{token}");
    assert_eq!(body["user_id"], "user_alice");
    assert_eq!(body["organization_ids"], json!(["org_acme", "org_b"]));
    assert_eq!(
        r.header("set-cookie"),
        Some(format!("__session={token}; HttpOnly; SameSite=Lax; Path=/").as_str())
    );
    // organization_ids is optional; every sign-in is a new session.
    let r = s.post("/dev/sign_in", None, &json!({"user_id": "user_alice"}));
    assert_eq!(r.json()["organization_ids"], json!([]));
    assert_ne!(r.json()["session_token"], token);
}

#[test]
fn the_cookie_and_the_bearer_header_both_authenticate() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    s.create_named(&token, "k");
    let cookie = format!("theme=dark; __session={token}");
    let r = s.request("GET", "/api_keys", &[("cookie", &cookie)], None);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["total_count"], 1);
    let r = s.request(
        "POST",
        "/api_keys",
        &[("cookie", &cookie), ("content-type", "application/json")],
        Some(br#"{"name":"by-cookie"}"#),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // The header wins over the cookie.
    let r = s.request(
        "GET",
        "/api_keys",
        &[("cookie", &cookie), ("authorization", "Bearer sess_wrong")],
        None,
    );
    r.assert_error(401, "authentication_invalid");
}

#[test]
fn another_apps_session_cookie_does_not_shadow_ours() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    // Cookies ignore ports: an app on the same host may have set a `__session` of its own, sent first.
    let cookie = format!("__session=other_app_jwt; __session={token}");
    let r = s.request("GET", "/api_keys", &[("cookie", &cookie)], None);
    assert_eq!(r.status, 200, "{}", r.text());
    // An Authorization header that is not a Bearer token is a 401, not a fall-back to the cookie.
    s.request(
        "GET",
        "/api_keys",
        &[("cookie", &cookie), ("authorization", "Basic dXNlcjpwdw==")],
        None,
    )
    .assert_error(401, "authentication_invalid");
    let r = s.request(
        "POST",
        "/dev/sign_out",
        &[("cookie", &cookie), ("content-type", "application/json")],
        Some(b"{}"),
    );
    assert_eq!(r.json()["signed_out"], true, "{}", r.text());
    s.request("GET", "/api_keys", &[("cookie", &cookie)], None)
        .assert_error(401, "authentication_invalid");
}

#[test]
fn no_or_a_bad_session_is_401() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    let key = s.create_named(&token, "k");
    let secret = key["secret"].as_str().unwrap();
    let revoke = format!("/api_keys/{}/revoke", key["id"].as_str().unwrap());
    for auth in [None, Some("sess_nope"), Some(secret)] {
        s.get("/api_keys", auth)
            .assert_error(401, "authentication_invalid");
        s.post("/api_keys", auth, &json!({"name": "x"}))
            .assert_error(401, "authentication_invalid");
        s.post(&revoke, auth, &json!({}))
            .assert_error(401, "authentication_invalid");
        // No session is a 401 whatever the body: it is checked first.
        let headers: Vec<(&str, String)> = auth
            .map(|a| ("authorization", format!("Bearer {a}")))
            .into_iter()
            .collect();
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        for path in ["/api_keys", revoke.as_str()] {
            for body in [&b"{not json"[..], b""] {
                s.request("POST", path, &headers, Some(body))
                    .assert_error(401, "authentication_invalid");
            }
        }
    }
    s.request(
        "GET",
        "/api_keys",
        &[("cookie", "__session=sess_nope")],
        None,
    )
    .assert_error(401, "authentication_invalid");
    s.request(
        "GET",
        "/api_keys",
        &[("authorization", &format!("Basic {token}"))],
        None,
    )
    .assert_error(401, "authentication_invalid");
    // Nothing was revoked or created by those.
    let list = s.get("/api_keys", Some(&token)).json();
    assert_eq!(list["total_count"], 1);
}

#[test]
fn sign_out_ends_the_session() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    let other = s.sign_in("user_alice", &[]);
    let r = s.post("/dev/sign_out", Some(&token), &json!({}));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["signed_out"], true);
    let cookie = r.header("set-cookie").unwrap();
    assert!(
        cookie.starts_with("__session=;") && cookie.contains("Max-Age=0"),
        "{cookie}"
    );
    s.get("/api_keys", Some(&token))
        .assert_error(401, "authentication_invalid");
    assert_eq!(
        s.get("/api_keys", Some(&other)).status,
        200,
        "other sessions live on"
    );
    // Again, or with no session at all: still 200.
    assert_eq!(
        s.post("/dev/sign_out", Some(&token), &json!({})).json()["signed_out"],
        false
    );
    let cookie = format!("__session={other}");
    let r = s.request("POST", "/dev/sign_out", &[("cookie", &cookie)], None);
    assert_eq!(r.json()["signed_out"], true);
    s.get("/api_keys", Some(&other))
        .assert_error(401, "authentication_invalid");
}

#[test]
fn sign_out_ends_the_cookies_session_beside_a_stale_bearer() {
    let s = Server::memory(&[]);
    let live = s.sign_in("user_alice", &[]);
    let cookie = format!("__session={live}");
    let headers = [
        ("authorization", "Bearer stale"),
        ("cookie", cookie.as_str()),
    ];
    let r = s.request("POST", "/dev/sign_out", &headers, None);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["signed_out"], true);
    assert!(r.header("set-cookie").unwrap().contains("Max-Age=0"));
    s.request("GET", "/api_keys", &[("cookie", &cookie)], None)
        .assert_error(401, "authentication_invalid");
}

#[test]
fn sign_in_validates_its_body() {
    let s = Server::memory(&[]);
    let cases = [
        (json!({}), 422, "form_param_missing", Some("user_id")),
        (
            json!({"user_id": ""}),
            422,
            "form_param_value_invalid",
            Some("user_id"),
        ),
        (
            json!({"user_id": "user alice"}),
            422,
            "form_param_value_invalid",
            Some("user_id"),
        ),
        (
            json!({"user_id": 7}),
            422,
            "form_param_format_invalid",
            Some("user_id"),
        ),
        (
            json!({"user_id": "u", "organization_ids": "org_a"}),
            422,
            "form_param_format_invalid",
            Some("organization_ids"),
        ),
        (
            json!({"user_id": "u", "organization_ids": ["org,a"]}),
            422,
            "form_param_value_invalid",
            Some("organization_ids"),
        ),
        (json!(["user_id"]), 400, "malformed_request_body", None),
    ];
    for (body, status, code, param) in cases {
        let r = s.post("/dev/sign_in", None, &body);
        r.assert_error(status, code);
        if let Some(param) = param {
            assert_eq!(r.param(), param, "{body}");
        }
    }
}

#[test]
fn authorization_across_two_users_and_an_org() {
    let s = Server::memory(&[]);
    let alice = s.sign_in("user_alice", &["org_acme"]);
    let bob = s.sign_in("user_bob", &["org_acme"]);
    let carol = s.sign_in("user_carol", &[]);

    let personal = s.create_key(&alice, json!({"name": "alice-personal", "subject": ""}));
    assert_eq!(
        personal["subject"], "user_alice",
        "empty subject = the session's user"
    );
    let shared = s.create_key(
        &alice,
        json!({"name": "acme-shared", "subject": "org_acme"}),
    );
    assert_eq!(shared["subject"], "org_acme");
    assert_eq!(shared["created_by"], "user_alice");

    // Members see the org's keys, and only their own user keys.
    let list = s.get("/api_keys?subject=org_acme", Some(&bob)).json();
    assert_eq!(list["total_count"], 1);
    assert_eq!(list["data"][0]["id"], shared["id"]);
    let own = s.get("/api_keys?subject=", Some(&bob)).json();
    assert_eq!(own["total_count"], 0);
    let alices = s.get("/api_keys", Some(&alice)).json();
    assert_eq!(alices["total_count"], 1, "user list excludes org keys");
    assert_eq!(alices["data"][0]["id"], personal["id"]);

    // Other subjects: 403 to list or create.
    let r = s.get("/api_keys?subject=user_alice", Some(&bob));
    r.assert_error(403, "authorization_invalid");
    assert_eq!(r.param(), "subject");
    s.get("/api_keys?subject=org_acme", Some(&carol))
        .assert_error(403, "authorization_invalid");
    s.post(
        "/api_keys",
        Some(&carol),
        &json!({"name": "x", "subject": "org_acme"}),
    )
    .assert_error(403, "authorization_invalid");
    s.post(
        "/api_keys",
        Some(&bob),
        &json!({"name": "x", "subject": "user_alice"}),
    )
    .assert_error(403, "authorization_invalid");

    // Revoking what one may not see is a 404, and changes nothing.
    let personal_revoke = format!("/api_keys/{}/revoke", personal["id"].as_str().unwrap());
    let shared_revoke = format!("/api_keys/{}/revoke", shared["id"].as_str().unwrap());
    s.post(&personal_revoke, Some(&bob), &json!({}))
        .assert_error(404, "resource_not_found");
    s.post(&shared_revoke, Some(&carol), &json!({}))
        .assert_error(404, "resource_not_found");
    assert_eq!(
        s.get("/api_keys", Some(&alice)).json()["data"][0]["revoked"],
        false
    );
    // An org member may revoke the org's key.
    let r = s.post(
        &shared_revoke,
        Some(&bob),
        &json!({"revocation_reason": "rotating"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["revoked"], true);

    // Organizations belong to the session: a second sign-in without them does not touch the first one.
    let alice_no_org = s.sign_in("user_alice", &[]);
    s.get("/api_keys?subject=org_acme", Some(&alice_no_org))
        .assert_error(403, "authorization_invalid");
    assert_eq!(
        s.get("/api_keys?subject=org_acme", Some(&alice)).status,
        200
    );
    assert_eq!(
        s.get("/api_keys", Some(&alice_no_org)).json()["total_count"],
        1
    );
}

#[test]
fn whoami_names_the_key_and_records_its_use() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &["org_acme"]);
    let key = s.create_key(&token, json!({"name": "demo", "subject": "org_acme"}));
    let secret = key["secret"].as_str().unwrap();
    let before = now_ms();
    let r = s.get("/demo/whoami", Some(secret));
    assert_eq!(r.status, 200, "{}", r.text());
    let who = r.json();
    assert_eq!(who["subject"], "org_acme");
    assert_eq!(who["api_key_id"], key["id"]);
    assert_eq!(who["name"], "demo");
    let used = who["last_used_at"].as_i64().unwrap();
    assert!(used >= before && used <= now_ms());
    let listed = s.get("/api_keys?subject=org_acme", Some(&token)).json();
    assert_eq!(listed["data"][0]["last_used_at"], used);
    assert_eq!(
        listed["data"][0]["updated_at"], key["updated_at"],
        "use is not an update"
    );

    std::thread::sleep(std::time::Duration::from_millis(5));
    let again = s.get("/demo/whoami", Some(secret)).json();
    assert!(again["last_used_at"].as_i64().unwrap() > used);

    for auth in [None, Some(token.as_str()), Some("ak_unknown")] {
        s.get("/demo/whoami", auth)
            .assert_error(401, "authentication_invalid");
    }
    let revoke = format!("/api_keys/{}/revoke", key["id"].as_str().unwrap());
    assert_eq!(s.post(&revoke, Some(&token), &json!({})).status, 200);
    s.get("/demo/whoami", Some(secret))
        .assert_error(401, "authentication_invalid");
}
