//! What Rust callers get back: an API key and a page of them. Timestamps are Unix milliseconds, as on the wire.

use alloc::{string::String, vec::Vec};
use core::fmt;

#[derive(Clone, Default, PartialEq)]
pub struct APIKey {
    pub id: String,
    /// The wire field `type` (always `"api_key"` today).
    pub key_type: String,
    pub name: String,
    pub subject: String,
    pub scopes: Vec<String>,
    /// The claims object as compact JSON text, passed through to JS as is.
    pub claims: Option<String>,
    pub revoked: bool,
    pub revocation_reason: Option<String>,
    pub expired: bool,
    pub expiration: Option<i64>,
    pub created_by: Option<String>,
    pub description: Option<String>,
    pub last_used_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Present only in the answer to `create`; it cannot be fetched again. The npm package's build zeroes the
    /// memory it frees, so no copy outlives the call there; with `std`, what happens to freed memory is up to your
    /// global allocator.
    pub secret: Option<String>,
}

/// Written by hand so that logging a key never prints its secret.
impl fmt::Debug for APIKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("APIKey")
            .field("id", &self.id)
            .field("key_type", &self.key_type)
            .field("name", &self.name)
            .field("subject", &self.subject)
            .field("scopes", &self.scopes)
            .field("claims", &self.claims)
            .field("revoked", &self.revoked)
            .field("revocation_reason", &self.revocation_reason)
            .field("expired", &self.expired)
            .field("expiration", &self.expiration)
            .field("created_by", &self.created_by)
            .field("description", &self.description)
            .field("last_used_at", &self.last_used_at)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .field("secret", &self.secret.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// Clerk's paginated envelope; `total_count` counts all matches, not just this page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub total_count: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_redacts_the_secret() {
        let key = APIKey {
            id: "ak_1".into(),
            secret: Some("ak_TOPSECRETVALUE".into()),
            ..APIKey::default()
        };
        let shown = format!("{key:?}");
        assert!(!shown.contains("TOPSECRET"), "{shown}");
        assert!(shown.contains("[redacted]"));
        assert!(shown.contains("ak_1"));
    }
}
