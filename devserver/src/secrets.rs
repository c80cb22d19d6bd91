//! Random identifiers and secrets, and the one-way hash under which secrets are stored.
//!
//! Key secrets and session tokens come from the OS random source and are stored only as SHA-256 hashes, so the
//! database file alone never reveals a credential. Trace ids need to be unique, not secret.

use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

/// The OS random source failed; there is nothing sensible to hand out instead.
#[derive(Debug)]
pub struct RandomUnavailable;

const ALPHANUMERIC: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn random_bytes<const N: usize>() -> Result<[u8; N], RandomUnavailable> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|_| RandomUnavailable)?;
    Ok(buf)
}

/// `ak_` + 24 alphanumerics. Rejection sampling keeps every character equally likely.
pub fn key_id() -> Result<String, RandomUnavailable> {
    let mut id = String::from("ak_");
    while id.len() < 3 + 24 {
        for b in random_bytes::<32>()? {
            // 248 = 4 * 62: bytes at or above it would favour the first characters.
            if b < 248 && id.len() < 3 + 24 {
                id.push(char::from(ALPHANUMERIC[usize::from(b % 62)]));
            }
        }
    }
    Ok(id)
}

/// `ak_` + base64url(32 random bytes): 43 URL-safe characters after the prefix.
pub fn key_secret() -> Result<String, RandomUnavailable> {
    Ok(format!("ak_{}", base64url(&random_bytes::<32>()?)))
}

/// `sess_` + base64url(32 random bytes).
pub fn session_token() -> Result<String, RandomUnavailable> {
    Ok(format!("sess_{}", base64url(&random_bytes::<32>()?)))
}

/// 32 hex characters, unique per request within this process and very likely across restarts.
pub fn trace_id() -> String {
    static SEED: OnceLock<[u8; 16]> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let seed = SEED.get_or_init(|| {
        random_bytes::<16>().unwrap_or_else(|_| {
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            nanos.to_le_bytes()
        })
    });
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let digest = Sha256::new()
        .chain_update(seed)
        .chain_update(n.to_le_bytes())
        .finalize();
    hex(&digest[..16])
}

/// The stored form of a secret or session token.
pub fn sha256_hex(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Unpadded base64url (RFC 4648 §5).
fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let index = (n >> (18 - 6 * i)) & 0x3f;
            out.push(char::from(BASE64URL[index as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_rfc_vectors() {
        assert_eq!(base64url(b""), "");
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(b"foob"), "Zm9vYg");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn shapes() {
        let id = key_id().unwrap();
        assert_eq!(id.len(), 27);
        assert!(id[3..].bytes().all(|b| b.is_ascii_alphanumeric()));
        let secret = key_secret().unwrap();
        assert_eq!(secret.len(), 3 + 43);
        assert!(session_token().unwrap().starts_with("sess_"));
        let (a, b) = (trace_id(), trace_id());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
