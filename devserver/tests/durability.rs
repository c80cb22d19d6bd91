//! Storage guarantees: secrets never stored in clear, acknowledged writes survive `kill -9`, concurrent writes
//! all land.

mod common;

use common::{temp_dir, Server};
use serde_json::json;
use std::collections::HashSet;
use std::path::Path;

/// The database file plus its WAL and shared-memory files, as raw bytes.
fn database_bytes(db: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        if let Ok(b) = std::fs::read(&name) {
            bytes.extend_from_slice(&b);
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn secrets_and_session_tokens_never_reach_the_database_file() {
    let dir = temp_dir("secrets");
    let db = dir.join("keys.db");
    let s = Server::start(&["--db", db.to_str().unwrap()]);
    let token = s.sign_in("user_alice", &["org_acme"]);
    let mut secrets = Vec::new();
    let mut ids = Vec::new();
    for i in 0..5 {
        let key = s.create_key(&token, json!({"name": format!("key-{i}"), "subject": if i % 2 == 0 { "user_alice" } else { "org_acme" }}));
        secrets.push(key["secret"].as_str().unwrap().to_owned());
        ids.push(key["id"].as_str().unwrap().to_owned());
        // Using a key writes to its row too.
        assert_eq!(s.get("/demo/whoami", Some(&secrets[i])).status, 200);
    }
    let bytes = database_bytes(&db);
    // The check reads the right bytes: the key ids and names are there.
    for id in &ids {
        assert!(contains(&bytes, id), "key id {id} should be stored");
    }
    assert!(contains(&bytes, "key-4"));
    for secret in &secrets {
        assert!(!contains(&bytes, secret), "secret stored in clear");
        assert!(
            !contains(&bytes, &secret[3..]),
            "secret body stored in clear"
        );
    }
    assert!(!contains(&bytes, &token), "session token stored in clear");
    assert!(!contains(&bytes, &token["sess_".len()..]));
}

#[test]
fn acknowledged_writes_survive_kill_9_and_restart() {
    let dir = temp_dir("restart");
    let db = dir.join("nested/dir/keys.db");
    let db_arg = db.to_str().unwrap().to_owned();
    let mut s = Server::start(&["--db", &db_arg]);
    let token = s.sign_in("user_alice", &["org_acme"]);
    let mut created = Vec::new();
    for i in 0..10 {
        created.push(s.create_named(&token, &format!("k{i}")));
    }
    let revoked = created[3]["id"].as_str().unwrap().to_owned();
    let r = s.post(
        &format!("/api_keys/{revoked}/revoke"),
        Some(&token),
        &json!({"revocation_reason": "gone"}),
    );
    assert_eq!(r.status, 200);
    let used = s
        .get("/demo/whoami", Some(created[0]["secret"].as_str().unwrap()))
        .json();
    s.kill9();

    let s = Server::start(&["--db", &db_arg]);
    // The session survived too.
    let list = s
        .get("/api_keys?include_invalid=true&limit=100", Some(&token))
        .json();
    assert_eq!(list["total_count"], 10, "{list}");
    let listed: Vec<_> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .cloned()
        .collect();
    for (before, after) in created.iter().zip(&listed) {
        assert_eq!(before["id"], after["id"]);
        assert_eq!(before["created_at"], after["created_at"]);
    }
    assert_eq!(listed[3]["revoked"], true);
    assert_eq!(listed[3]["revocation_reason"], "gone");
    assert_eq!(listed[0]["last_used_at"], used["last_used_at"]);
    // Secrets still work; the duplicate check still sees the old keys.
    assert_eq!(
        s.get("/demo/whoami", Some(created[9]["secret"].as_str().unwrap()))
            .status,
        200
    );
    s.post("/api_keys", Some(&token), &json!({"name": "k9"}))
        .assert_error(409, "token_creation_conflict");
}

#[test]
fn fifty_concurrent_creates_all_land_with_distinct_ids() {
    let dir = temp_dir("concurrent");
    let db = dir.join("keys.db");
    let s = Server::start(&["--db", db.to_str().unwrap()]);
    let token = s.sign_in("user_alice", &[]);
    let addr = s.addr.clone();
    let auth = format!("Bearer {token}");
    let threads: Vec<_> = (0..50)
        .map(|i| {
            let (addr, auth) = (addr.clone(), auth.clone());
            std::thread::spawn(move || {
                let body = format!(r#"{{"name":"parallel-{i}"}}"#);
                common::send(
                    &addr,
                    "POST",
                    "/api_keys",
                    &[("authorization", &auth)],
                    Some(body.as_bytes()),
                )
            })
        })
        .collect();
    let mut ids = HashSet::new();
    for t in threads {
        let r = t.join().unwrap();
        assert_eq!(r.status, 200, "{}", r.text());
        assert!(
            ids.insert(r.json()["id"].as_str().unwrap().to_owned()),
            "duplicate id"
        );
    }
    assert_eq!(ids.len(), 50);
    let list = s.get("/api_keys?limit=500", Some(&token)).json();
    assert_eq!(list["total_count"], 50);
    let listed: HashSet<_> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, ids);
}

#[test]
fn concurrent_creates_of_one_name_let_exactly_one_through() {
    let s = Server::memory(&[]);
    let token = s.sign_in("user_alice", &[]);
    let auth = format!("Bearer {token}");
    let threads: Vec<_> = (0..20)
        .map(|_| {
            let (addr, auth) = (s.addr.clone(), auth.clone());
            std::thread::spawn(move || {
                common::send(
                    &addr,
                    "POST",
                    "/api_keys",
                    &[("authorization", &auth)],
                    Some(br#"{"name":"same"}"#),
                )
                .status
            })
        })
        .collect();
    let statuses: Vec<u16> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        19,
        "{statuses:?}"
    );
}
