//! The Rust API: params → request → transport → decoded model, with the retry policy in between.
//!
//! Generic over [`Transport`] so the same code runs on browser `fetch` (`src/fetch.rs`) and on the host tests'
//! fake transport.

use crate::error::{Error, RuntimeCode};
use crate::json::Cat;
use crate::model::{APIKey, Page};
use crate::params::{CreateAPIKeyParams, GetAPIKeysParams, RevokeAPIKeyParams};
use crate::retry::{self, Method, Outcome};
use crate::wire::{self, ErrorHead};
use alloc::{borrow::ToOwned, boxed::Box, string::String, vec::Vec};
use core::fmt;

/// One HTTP request as the client wants it sent.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub url: String,
    /// A JSON body; sent with `Content-Type: application/json`.
    pub body: Option<String>,
    /// The session token for `Authorization: Bearer`; `None` relies on the session cookie.
    pub bearer: Option<String>,
}

/// Written by hand so the bearer token never reaches logs.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("body", &self.body)
            .field("bearer", &self.bearer.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// The largest response body the transport reads: about 180 times a page of 500 keys. A body of gigabytes (a broken
/// proxy, say) would exhaust the wasm's memory, which traps and leaves the module unusable.
pub const MAX_BODY_BYTES: usize = 32 << 20;

/// What the transport hands back for any status.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub status_text: String,
    /// Empty when `body_too_large`.
    pub body: Vec<u8>,
    /// The body was over [`MAX_BODY_BYTES`], so the transport did not read it.
    pub body_too_large: bool,
    pub retry_after: Option<String>,
    /// The `X-Clerk-Trace-Id` header.
    pub trace_id: Option<String>,
}

/// Written by hand: a `create` body holds the new key's secret, so only its length is shown.
impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("status_text", &self.status_text)
            .field("body_bytes", &self.body.len())
            .field("body_too_large", &self.body_too_large)
            .field("retry_after", &self.retry_after)
            .field("trace_id", &self.trace_id)
            .finish()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// No response at all (refused, dropped, CORS). The text is the platform's, safe to show.
    Network(String),
    Aborted,
}

/// Sends requests and waits. Single-threaded by design (browser futures are `!Send`), hence no `Send` bounds.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// A per-call cancellation handle: an `AbortSignal` in the browser.
    type Signal;
    async fn send(
        &self,
        request: &Request,
        signal: &Self::Signal,
    ) -> Result<Response, TransportError>;
    /// Wait between retries; an abort must end the wait early with `Aborted`.
    async fn sleep(&self, ms: u32, signal: &Self::Signal) -> Result<(), TransportError>;
    /// A random number in [0, 1) for backoff jitter.
    fn jitter(&self) -> f64;
}

/// Who is calling, resolved per call (session tokens expire; the active organization changes).
pub struct Call<'a, S> {
    /// `Some` sends `Authorization: Bearer`; `None` relies on cookies.
    pub token: Option<&'a str>,
    /// The subject used when params name none: the active organization id, else the user id.
    pub default_subject: Option<&'a str>,
    pub signal: &'a S,
}

/// Method, URL and optional JSON body of one operation (see [`Client::get_all_request`]).
pub type RequestParts = (Method, String, Option<String>);

pub struct Client<T> {
    transport: T,
    base_url: String,
    max_retries: u32,
}

impl<T: Transport> Client<T> {
    /// `base_url` comes from [`crate::Endpoint::base_url`] (no trailing slash).
    pub fn new(transport: T, base_url: String) -> Self {
        Client {
            transport,
            base_url,
            max_retries: retry::DEFAULT_MAX_RETRIES,
        }
    }

    /// How often a GET may be retried (capped at [`retry::MAX_RETRIES_LIMIT`]).
    pub fn with_max_retries(mut self, n: u32) -> Self {
        self.max_retries = n.min(retry::MAX_RETRIES_LIMIT);
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `GET /api_keys`: one page of the subject's valid keys.
    pub async fn get_all(
        &self,
        params: &GetAPIKeysParams,
        call: &Call<'_, T::Signal>,
    ) -> Result<Page<APIKey>, Error> {
        let (method, url, body) = self.get_all_request(params, call.default_subject)?;
        wire::decode_page(&self.execute(method, url, body, call).await?)
    }

    /// `POST /api_keys`: the new key, with its `secret` (shown once).
    pub async fn create(
        &self,
        params: &CreateAPIKeyParams,
        call: &Call<'_, T::Signal>,
    ) -> Result<APIKey, Error> {
        let (method, url, body) = self.create_request(params, call.default_subject)?;
        wire::decode_api_key(&self.execute(method, url, body, call).await?, true)
    }

    /// `POST /api_keys/{id}/revoke`: the revoked key.
    pub async fn revoke(
        &self,
        params: &RevokeAPIKeyParams,
        call: &Call<'_, T::Signal>,
    ) -> Result<APIKey, Error> {
        let (method, url, body) = self.revoke_request(params)?;
        wire::decode_api_key(&self.execute(method, url, body, call).await?, false)
    }

    /// Method, URL and body of [`Client::get_all`]. The `*_request` methods and [`Client::execute`] let a caller
    /// drive all three operations through one `execute` (the JS layer does: one async state machine in the
    /// wasm instead of three).
    pub fn get_all_request(
        &self,
        params: &GetAPIKeysParams,
        default_subject: Option<&str>,
    ) -> Result<RequestParts, Error> {
        let query = params.query_string(default_subject)?;
        let url = [self.base_url.as_str(), "/api_keys?", &query].cat();
        Ok((Method::Get, url, None))
    }

    /// Method, URL and body of [`Client::create`].
    pub fn create_request(
        &self,
        params: &CreateAPIKeyParams,
        default_subject: Option<&str>,
    ) -> Result<RequestParts, Error> {
        let body = params.body(default_subject)?;
        let url = [self.base_url.as_str(), "/api_keys"].cat();
        Ok((Method::Post, url, Some(body)))
    }

    /// Method, URL and body of [`Client::revoke`].
    pub fn revoke_request(&self, params: &RevokeAPIKeyParams) -> Result<RequestParts, Error> {
        let url = [self.base_url.as_str(), &params.path()?].cat();
        Ok((Method::Post, url, Some(params.body())))
    }

    /// Send with retries; a 2xx body comes back as text, anything else as an [`Error`].
    pub async fn execute(
        &self,
        method: Method,
        url: String,
        body: Option<String>,
        call: &Call<'_, T::Signal>,
    ) -> Result<String, Error> {
        if let Some(token) = call.token {
            check_header_value(token)?;
        }
        let mut request = Request {
            method,
            url,
            body,
            bearer: call.token.map(str::to_owned),
        };
        let first_url_len = request.url.len();
        let mut attempt: u32 = 0;
        loop {
            if attempt > 0 {
                // Clerk marks retries in the query so servers can tell them apart.
                request.url.truncate(first_url_len);
                request.url.push_str("&_clerk_retry_attempt=");
                crate::json::push_int(&mut request.url, i64::from(attempt));
            }
            let (outcome, failure) = match self.transport.send(&request, call.signal).await {
                Err(TransportError::Aborted) => return Err(Error::Aborted),
                Err(TransportError::Network(msg)) => (Outcome::NetworkError, network_error(&msg)),
                Ok(resp) if (200..300).contains(&resp.status) && resp.body_too_large => {
                    return Err(Error::invalid_response(
                        "the response body is larger than 32 MiB",
                    ));
                }
                Ok(resp) if (200..300).contains(&resp.status) => {
                    return String::from_utf8(resp.body).map_err(|_| {
                        Error::invalid_response("the response body is not UTF-8 text")
                    });
                }
                // Not a success and not the server's error (a redirect `fetch` did not follow): no answer to use.
                Ok(resp) if resp.status < 400 => return Err(unexpected_status(resp.status)),
                Ok(resp) => (Outcome::Status(resp.status), api_error(&resp)),
            };
            if !retry::should_retry(method, outcome, attempt, self.max_retries) {
                return Err(failure);
            }
            let retry_after = match &failure {
                Error::Api(e) => e.retry_after,
                _ => None,
            };
            let Some(wait) = retry::delay_ms(attempt, retry_after, self.transport.jitter()) else {
                return Err(failure);
            };
            if self.transport.sleep(wait, call.signal).await.is_err() {
                return Err(Error::Aborted);
            }
            attempt += 1;
        }
    }
}

/// A token `fetch` would refuse in a header (a character above U+00FF, NUL, CR or LF) is the caller's mistake,
/// not a network failure to retry; checked before any request.
fn check_header_value(token: &str) -> Result<(), Error> {
    // Bytes, not chars: in UTF-8 only a character above U+00FF starts with a byte of 0xC4 or more.
    if token
        .bytes()
        .any(|b| b >= 0xC4 || matches!(b, 0 | b'\r' | b'\n'))
    {
        return Err(Error::invalid_argument(
            "`getToken()` returned a token that cannot be sent in an Authorization header",
        ));
    }
    Ok(())
}

fn unexpected_status(status: u16) -> Error {
    let mut m = String::from("unexpected HTTP status ");
    crate::json::push_int(&mut m, i64::from(status));
    Error::invalid_response(&m)
}

fn network_error(msg: &str) -> Error {
    let mut m = String::from("Network error");
    if !msg.is_empty() {
        m.push_str(": ");
        m.push_str(msg);
    }
    Error::runtime(RuntimeCode::NetworkError, &m)
}

fn api_error(resp: &Response) -> Error {
    let head = ErrorHead {
        status: resp.status,
        status_text: &resp.status_text,
        retry_after: resp.retry_after.as_deref(),
        trace_id_header: resp.trace_id.as_deref(),
    };
    Error::Api(Box::new(wire::decode_error(
        &head,
        // A body that is not UTF-8 cannot be a Clerk envelope; treat it like any other non-JSON page.
        core::str::from_utf8(&resp.body).unwrap_or(""),
    )))
}

#[cfg(test)]
mod tests;
