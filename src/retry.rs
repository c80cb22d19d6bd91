//! The retry policy, as pure functions so every decision is host-tested.
//!
//! Going beyond clerk-js (which retries network failures only): GET also retries 429/502/503/504. POST never
//! retries, so a key is never created (or revoked) twice.

/// Delay before the first retry, before jitter.
pub const BASE_DELAY_MS: u32 = 100;
/// No wait exceeds this; a `Retry-After` asking for more ends the retries at once.
pub const MAX_DELAY_MS: u32 = 5_000;
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// Upper bound for the `maxRetries` option, so a typo cannot keep a call alive for minutes.
pub const MAX_RETRIES_LIMIT: u32 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// How an attempt ended, as far as retrying cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// fetch rejected (connection refused or dropped, DNS, CORS).
    NetworkError,
    Status(u16),
}

/// Whether attempt number `attempt` (0 = the first request) may be followed by another.
pub fn should_retry(method: Method, outcome: Outcome, attempt: u32, max_retries: u32) -> bool {
    if method != Method::Get || attempt >= max_retries {
        return false;
    }
    match outcome {
        Outcome::NetworkError => true,
        Outcome::Status(s) => matches!(s, 429 | 502 | 503 | 504),
    }
}

/// Milliseconds to wait after attempt `attempt` (0-based) failed: `100·2^attempt·(1+jitter)` capped at 5 s, and at
/// least `Retry-After`. `None` when `Retry-After` exceeds the cap: the caller should surface the error now, with
/// its `retryAfter`, instead of hanging for longer than the policy allows.
pub fn delay_ms(attempt: u32, retry_after_secs: Option<u32>, jitter: f64) -> Option<u32> {
    let requested = match retry_after_secs {
        Some(s) if u64::from(s) * 1000 > u64::from(MAX_DELAY_MS) => return None,
        Some(s) => s * 1000,
        None => 0,
    };
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let exp = u64::from(BASE_DELAY_MS) << attempt.min(16);
    let backoff = (exp as f64 * (1.0 + jitter)).min(f64::from(MAX_DELAY_MS)) as u32;
    Some(backoff.max(requested))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_get_retries_and_only_on_transient_failures() {
        for s in [429, 502, 503, 504] {
            assert!(should_retry(Method::Get, Outcome::Status(s), 0, 3), "{s}");
            assert!(!should_retry(Method::Post, Outcome::Status(s), 0, 3), "{s}");
        }
        for s in [400, 401, 403, 404, 409, 422, 500, 501, 200] {
            assert!(!should_retry(Method::Get, Outcome::Status(s), 0, 3), "{s}");
        }
        assert!(should_retry(Method::Get, Outcome::NetworkError, 0, 3));
        assert!(!should_retry(Method::Post, Outcome::NetworkError, 0, 3));
    }

    #[test]
    fn stops_after_max_retries() {
        assert!(should_retry(Method::Get, Outcome::NetworkError, 2, 3));
        assert!(!should_retry(Method::Get, Outcome::NetworkError, 3, 3));
        assert!(!should_retry(Method::Get, Outcome::NetworkError, 0, 0));
    }

    #[test]
    fn backoff_is_exponential_jittered_and_capped() {
        assert_eq!(delay_ms(0, None, 0.0), Some(100));
        assert_eq!(delay_ms(0, None, 0.5), Some(150));
        assert_eq!(delay_ms(1, None, 0.0), Some(200));
        assert_eq!(delay_ms(2, None, 0.0), Some(400));
        assert_eq!(delay_ms(5, None, 0.0), Some(3_200));
        assert_eq!(delay_ms(6, None, 0.0), Some(5_000));
        assert_eq!(delay_ms(40, None, 0.99), Some(5_000));
        assert!(delay_ms(0, None, 0.999).unwrap() < 200);
        // Out-of-range jitter is clamped, not trusted.
        assert_eq!(delay_ms(0, None, f64::NAN), Some(100));
        assert_eq!(delay_ms(0, None, 7.0), Some(200));
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        assert_eq!(delay_ms(0, Some(1), 0.0), Some(1_000));
        assert_eq!(delay_ms(0, Some(0), 0.0), Some(100));
        assert_eq!(delay_ms(0, Some(5), 0.0), Some(5_000));
        assert_eq!(delay_ms(0, Some(6), 0.0), None);
        assert_eq!(delay_ms(0, Some(u32::MAX), 0.0), None);
        assert_eq!(delay_ms(6, Some(2), 0.5), Some(5_000));
    }
}
