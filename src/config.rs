//! Where requests go: the API base URL from exactly one of `frontendApi`, `proxyUrl` or `publishableKey`.
//!
//! The result never ends in `/`, so appending `/api_keys` cannot produce the `//api_keys` that clerk-js sends
//! through proxies (and that FAPI answers with a 308).

use crate::error::Error;
use crate::json::Cat;
use alloc::{borrow::ToOwned, string::String, vec::Vec};

/// The three ways to name the Frontend API; exactly one must be set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Endpoint {
    /// A URL (`https://clerk.example.com`) or a bare host, which means https.
    pub frontend_api: Option<String>,
    /// An absolute URL, or a path such as `/__clerk` resolved against the page's origin.
    pub proxy_url: Option<String>,
    /// `pk_test_…` / `pk_live_…`: base64 of the Frontend API host followed by `$`.
    pub publishable_key: Option<String>,
}

impl Endpoint {
    /// The base URL without a trailing slash. `page_origin` (e.g. `https://app.example.com`) is needed only for a
    /// relative `proxy_url`.
    pub fn base_url(&self, page_origin: Option<&str>) -> Result<String, Error> {
        match (&self.frontend_api, &self.proxy_url, &self.publishable_key) {
            (Some(api), None, None) => from_frontend_api(api),
            (None, Some(proxy), None) => from_proxy_url(proxy, page_origin),
            (None, None, Some(pk)) => from_publishable_key(pk),
            (None, None, None) => Err(Error::invalid_argument(
                "APIKeys needs one of `frontendApi`, `proxyUrl` or `publishableKey`",
            )),
            _ => Err(Error::invalid_argument(
                "APIKeys takes only one of `frontendApi`, `proxyUrl` or `publishableKey`",
            )),
        }
    }
}

fn has_scheme(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Refuse what cannot be a plain URL prefix: whitespace, control characters, a query or a fragment.
fn check_url_text(s: &str, option: &str) -> Result<(), Error> {
    if s.chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '?' || c == '#' || c == '\\')
    {
        return Err(Error::invalid_argument(
            &[option, " must be a URL without spaces, query or fragment"].cat(),
        ));
    }
    Ok(())
}

fn trim_slashes(s: &str) -> &str {
    s.trim_end_matches('/')
}

/// `url` has a scheme; the part after `scheme://` must start with a host (see [`is_authority`]). Returns the URL
/// without trailing slashes.
#[allow(clippy::manual_contains)] // the slice's `contains` brings in `memchr`: ~280 B of wasm
fn with_host(url: &str, option: &str) -> Result<String, Error> {
    // A byte scan rather than `split_once("://")`: the substring searcher costs ~2 KB of wasm.
    let bytes = url.as_bytes();
    let after = (0..bytes.len()).find(|&i| bytes.get(i..i + 3) == Some(b"://".as_slice()));
    let rest = after.and_then(|i| url.get(i + 3..)).unwrap_or("");
    let bytes = rest.as_bytes();
    let authority = bytes.split(|&b| b == b'/').next().unwrap_or(bytes);
    // `fetch` refuses a URL with `user:password@`; refuse it here, before any request.
    if authority.iter().any(|&b| b == b'@') {
        return Err(Error::invalid_argument(
            &[option, " must not hold a user name or password"].cat(),
        ));
    }
    if !is_authority(authority) {
        return Err(Error::invalid_argument(
            &[
                option,
                " must name a host: `host` or `host:port`, after http:// or https://",
            ]
            .cat(),
        ));
    }
    Ok(trim_slashes(url).to_owned())
}

/// Whether `a` (what follows `scheme://`, up to the first `/`) is `host` or `host:port` with a port of 0 to 65535.
/// A value that is no http(s) URL and so is taken for a bare host (`ftp://x`, `javascript:…`) is not, nor is a port
/// out of range: either would fail every call as a retried `network_error`. The host's own characters are left to
/// `fetch`. Bytes, not `str` methods: those cost wasm.
fn is_authority(a: &[u8]) -> bool {
    // The host ends at the first `:`, or after the `]` of an IPv6 address (`[::1]:8788`).
    let host_end = if a.first() == Some(&b'[') {
        a.iter().position(|&b| b == b']').map(|i| i + 1)
    } else {
        Some(a.iter().position(|&b| b == b':').unwrap_or(a.len()))
    };
    match host_end.filter(|&end| end > 0).and_then(|end| a.get(end..)) {
        Some([]) => true,
        Some([b':', port @ ..]) => {
            (1..=5).contains(&port.len())
                && port.iter().all(u8::is_ascii_digit)
                && port.iter().fold(0u32, |n, &b| n * 10 + u32::from(b - b'0')) <= 65535
        }
        _ => false,
    }
}

fn from_frontend_api(api: &str) -> Result<String, Error> {
    check_url_text(api, "frontendApi")?;
    if has_scheme(api) {
        with_host(api, "frontendApi")
    } else {
        with_host(&["https://", api].cat(), "frontendApi")
    }
}

fn from_proxy_url(proxy: &str, page_origin: Option<&str>) -> Result<String, Error> {
    check_url_text(proxy, "proxyUrl")?;
    if has_scheme(proxy) {
        return with_host(proxy, "proxyUrl");
    }
    if !proxy.starts_with('/') || proxy.starts_with("//") {
        return Err(Error::invalid_argument(
            "proxyUrl must be an absolute http(s) URL or a path starting with `/`",
        ));
    }
    let origin = page_origin.filter(|o| has_scheme(o)).ok_or_else(|| {
        Error::invalid_argument("a relative proxyUrl needs a page origin (window.location)")
    })?;
    Ok([trim_slashes(origin), trim_slashes(proxy)].cat())
}

fn from_publishable_key(pk: &str) -> Result<String, Error> {
    let bad =
        || Error::invalid_argument("publishableKey is not a valid `pk_test_…` or `pk_live_…` key");
    let encoded = pk
        .strip_prefix("pk_test_")
        .or_else(|| pk.strip_prefix("pk_live_"))
        .ok_or_else(bad)?;
    let bytes = base64_decode(encoded).ok_or_else(bad)?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let host = text.strip_suffix('$').ok_or_else(bad)?;
    if host.is_empty() || host.contains('$') {
        return Err(bad());
    }
    from_frontend_api(host).map_err(|_| bad())
}

/// Standard or URL-safe base64, padding optional. `None` on any other character or a dangling bit group.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // A single leftover character (6 bits) cannot encode a byte.
    if bits >= 6 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fapi(s: &str) -> Endpoint {
        Endpoint {
            frontend_api: Some(s.into()),
            ..Endpoint::default()
        }
    }
    fn proxy(s: &str) -> Endpoint {
        Endpoint {
            proxy_url: Some(s.into()),
            ..Endpoint::default()
        }
    }
    fn pk(s: &str) -> Endpoint {
        Endpoint {
            publishable_key: Some(s.into()),
            ..Endpoint::default()
        }
    }

    #[test]
    fn frontend_api_url_or_bare_host() {
        assert_eq!(
            fapi("https://clerk.example.com").base_url(None).unwrap(),
            "https://clerk.example.com"
        );
        assert_eq!(
            fapi("https://clerk.example.com//").base_url(None).unwrap(),
            "https://clerk.example.com"
        );
        assert_eq!(
            fapi("clerk.example.com").base_url(None).unwrap(),
            "https://clerk.example.com"
        );
        assert_eq!(
            fapi("127.0.0.1:8788/").base_url(None).unwrap(),
            "https://127.0.0.1:8788"
        );
        assert_eq!(
            fapi("http://127.0.0.1:8788").base_url(None).unwrap(),
            "http://127.0.0.1:8788"
        );
        assert_eq!(fapi("HTTP://Host").base_url(None).unwrap(), "HTTP://Host");
        for bad in [
            "",
            "/",
            "https://",
            "https:///x",
            "clerk example.com",
            "a?b",
            "a#b",
            "a\nb",
            "https://user:pw@clerk.example.com",
            "user@clerk.example.com",
            "ftp://x",
            "javascript:alert(1)",
            "https://a.com:99999",
            "a.com:",
            "a.com:80x",
            "https://a.com:-1",
            ":8080",
            "a:b:80",
            "[::1",
            "[::1]x",
        ] {
            assert!(fapi(bad).base_url(None).is_err(), "{bad:?}");
        }
        for good in [
            "http://[::1]:8788",
            "https://[2001:db8::1]",
            "http://localhost:0",
            "https://a.com:65535/p:x",
            "https://bücher.example",
            "https://xn--bcher-kva.example",
            "https://a_b.example",
        ] {
            assert_eq!(fapi(good).base_url(None).unwrap(), good);
        }
        // An `@` after the host is a path character, not credentials.
        assert_eq!(
            fapi("https://app.com/@x").base_url(None).unwrap(),
            "https://app.com/@x"
        );
    }

    #[test]
    fn proxy_url_absolute_or_relative_to_the_page() {
        assert_eq!(
            proxy("https://app.com/__clerk/").base_url(None).unwrap(),
            "https://app.com/__clerk"
        );
        assert_eq!(
            proxy("/__clerk").base_url(Some("https://app.com")).unwrap(),
            "https://app.com/__clerk"
        );
        assert_eq!(
            proxy("/__clerk/")
                .base_url(Some("http://127.0.0.1:3000"))
                .unwrap(),
            "http://127.0.0.1:3000/__clerk"
        );
        assert_eq!(
            proxy("/").base_url(Some("https://app.com")).unwrap(),
            "https://app.com"
        );
        assert!(proxy("/__clerk").base_url(None).is_err());
        assert!(proxy("/__clerk").base_url(Some("null")).is_err());
        assert!(proxy("__clerk").base_url(Some("https://app.com")).is_err());
        assert!(proxy("//evil.com")
            .base_url(Some("https://app.com"))
            .is_err());
        assert!(proxy("ftp://x").base_url(Some("https://app.com")).is_err());
        assert!(proxy("https://u:p@app.com/__clerk").base_url(None).is_err());
    }

    #[test]
    fn publishable_key_decodes_to_its_host() {
        // base64("clerk.example.com$")
        assert_eq!(
            pk("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k")
                .base_url(None)
                .unwrap(),
            "https://clerk.example.com"
        );
        // base64("fake-app-12.clerk.accounts.dev$"), with padding
        assert_eq!(
            pk("pk_test_ZmFrZS1hcHAtMTIuY2xlcmsuYWNjb3VudHMuZGV2JA==")
                .base_url(None)
                .unwrap(),
            "https://fake-app-12.clerk.accounts.dev"
        );
        for bad in [
            "pk_prod_Y2xlcmsuZXhhbXBsZS5jb20k",
            "Y2xlcmsuZXhhbXBsZS5jb20k",
            "pk_test_",
            "pk_test_Y2xlcmsuZXhhbXBsZS5jb20", // "clerk.example.com" without '$'
            "pk_test_JA==",                    // "$" only
            "pk_test_Y2xl*msu",                // not base64
            "pk_test_Y",                       // dangling bits
            "pk_test_/w==",                    // 0xff: not UTF-8
            "pk_test_Y2xlcmsgZXhhbXBsZS5jb20k", // "clerk example.com$": not a host
        ] {
            assert!(pk(bad).base_url(None).is_err(), "{bad}");
        }
    }

    #[test]
    fn exactly_one_source() {
        let none = Endpoint::default();
        assert!(none
            .base_url(None)
            .unwrap_err()
            .message()
            .contains("needs one of"));
        let two = Endpoint {
            frontend_api: Some("a.com".into()),
            proxy_url: Some("/p".into()),
            publishable_key: None,
        };
        assert!(two
            .base_url(Some("https://x.com"))
            .unwrap_err()
            .message()
            .contains("only one"));
    }

    #[test]
    fn base64_variants() {
        assert_eq!(base64_decode("aGk=").unwrap(), b"hi");
        assert_eq!(base64_decode("aGk").unwrap(), b"hi");
        assert_eq!(base64_decode("-_8").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(base64_decode("+/8=").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(base64_decode("").unwrap(), b"");
        assert_eq!(base64_decode("a"), None);
        assert_eq!(base64_decode("a b"), None);
        assert_eq!(base64_decode("é"), None);
    }
}
