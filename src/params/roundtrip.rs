//! Every string a caller passes reaches the server as itself: random strings of every ASCII character and some
//! awkward Unicode (NUL, DEL, U+2028, U+FFFF, an emoji), read back by decoders written here or by serde_json
//! (host tests only), never by the SDK's own code.

use super::*;
use crate::test_rng::Rng;
use serde_json::{json, Value};

const ODD: [char; 8] = [
    'é', '\u{2028}', '\u{FFFF}', '🔑', '\u{0}', '\u{7f}', '%', '+',
];

/// 0 to 11 characters, each any ASCII character or one of [`ODD`].
fn string(rng: &mut Rng) -> String {
    (0..rng.below(12))
        .map(|_| match rng.below(160) {
            n @ 0..=127 => char::from(n as u8),
            n => ODD[n % ODD.len()],
        })
        .collect()
}

/// `%XX` back to bytes (and `+` to a space, when `plus_is_space`); `None` for a malformed escape or non-UTF-8.
fn percent_decode(s: &str, plus_is_space: bool) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[test]
fn strings_reach_the_server_unchanged() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..20_000 {
        let (subject, query, name, text) = (
            string(&mut rng),
            string(&mut rng),
            string(&mut rng),
            string(&mut rng),
        );

        let q = GetAPIKeysParams {
            subject: Some(subject.clone()),
            query: Some(query.clone()),
            ..Default::default()
        };
        let q = q.query_string(None).unwrap();
        // Form encoding leaves no separator, space or `+` of its own in a value.
        let pairs: Vec<(&str, String)> = q
            .split('&')
            .map(|p| {
                let (k, v) = p.split_once('=').expect("key=value");
                assert!(!v.contains([' ', '=', '&', '#', '?']), "{q}");
                (k, percent_decode(v, true).expect("a valid form value"))
            })
            .collect();
        let want = [("subject", &subject), ("query", &query)];
        assert_eq!(&pairs[..2], want.map(|(k, v)| (k, v.clone())), "{q}");

        let create = CreateAPIKeyParams {
            name: name.clone(),
            subject: Some(subject.clone()),
            description: Field::Value(text.clone()),
            seconds_until_expiration: Field::Omitted,
        };
        let body: Value = serde_json::from_str(&create.body(None).unwrap()).expect("JSON");
        let want =
            json!({"type": "api_key", "name": name, "subject": subject, "description": text});
        assert_eq!(body, want);

        let revoke = RevokeAPIKeyParams {
            api_key_id: name.clone(),
            revocation_reason: Field::Value(text.clone()),
        };
        let body: Value = serde_json::from_str(&revoke.body()).expect("JSON");
        assert_eq!(body, json!({ "revocation_reason": text }));
        let Ok(path) = revoke.path() else {
            assert!(matches!(name.as_str(), "" | "." | ".."), "{name:?}");
            continue;
        };
        // One segment: only unreserved characters and escapes between `/api_keys/` and `/revoke`.
        let segment = path
            .strip_prefix("/api_keys/")
            .and_then(|p| p.strip_suffix("/revoke"))
            .expect("the revoke path");
        let unreserved = |c: char| c.is_ascii_alphanumeric() || "-._~%".contains(c);
        assert!(segment.chars().all(unreserved), "{path}");
        assert_eq!(
            percent_decode(segment, false).as_deref(),
            Some(name.as_str())
        );
    }
}
