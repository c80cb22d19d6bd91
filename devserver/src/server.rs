//! Connections and the per-request pipeline around the router.
//!
//! hyper drives each connection directly (rather than `axum::serve`) because a test fault must be able to close a
//! connection without sending a single response byte: the pipeline returns an error and hyper drops the socket.
//!
//! Every request goes through [`handle`]: trace id, (test mode) recording and faults, the router (CORS preflights too),
//! then [`finish`], which renders error envelopes and adds the headers every response carries.

use crate::app::AppState;
use crate::errors::ApiError;
use crate::faults::Verbatim;
use axum::body::Body;
use axum::http::{header, HeaderName, HeaderValue, Method, Request, StatusCode};
use axum::response::Response;
use axum::Router;
use http_body_util::BodyExt;
use hyper::body::{Bytes, Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;

pub const TRACE_ID_HEADER: &str = "x-clerk-trace-id";

/// How much of a request body nobody read is read (and discarded) before the answer goes out, and for how long
/// at most (a client that announced more than it sends must not hold the answer); see [`Returned`].
const MAX_DRAIN_BYTES: usize = 64 * 1024 * 1024;
const MAX_DRAIN_TIME: Duration = Duration::from_secs(5);

/// The request body as the router sees it. Dropped before its end (a handler that had no use for it, one that
/// stopped at a size limit, a fault that answered instead), it hands the rest back to [`handle`], which reads it
/// before answering: a client still sending gets the answer (a 413, a 405) rather than a reset connection.
struct Returned {
    body: Option<Incoming>,
    rest: Arc<Mutex<Option<Incoming>>>,
}

impl hyper::body::Body for Returned {
    type Data = Bytes;
    type Error = hyper::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, hyper::Error>>> {
        match self.body.as_mut() {
            Some(body) => Pin::new(body).poll_frame(cx),
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body
            .as_ref()
            .is_none_or(hyper::body::Body::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.body
            .as_ref()
            .map_or_else(SizeHint::default, hyper::body::Body::size_hint)
    }
}

impl Drop for Returned {
    fn drop(&mut self) {
        let unread = self
            .body
            .take()
            .filter(|b| !hyper::body::Body::is_end_stream(b));
        if let (Some(body), Ok(mut rest)) = (unread, self.rest.lock()) {
            *rest = Some(body);
        }
    }
}

/// Reads what is left of a request body, up to [`MAX_DRAIN_BYTES`].
async fn drain(mut body: Incoming) {
    let mut read = 0;
    while read <= MAX_DRAIN_BYTES {
        match body.frame().await {
            Some(Ok(frame)) => read += frame.data_ref().map_or(0, Bytes::len),
            _ => return,
        }
    }
}

/// The pipeline's way to tell hyper "close this connection without a response" (the `drop` fault).
#[derive(Debug)]
pub struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DropConnection {}

/// Accepts connections until the process ends.
pub async fn serve(listener: TcpListener, state: AppState) {
    let router = crate::app::router(state.clone());
    loop {
        let (stream, _peer) = match listener.accept().await {
            Ok(conn) => conn,
            Err(e) => {
                // Out of file descriptors and the like: back off instead of spinning.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let state = state.clone();
        let router = router.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| handle(state.clone(), router.clone(), req));
            if let Err(e) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
}

async fn handle(
    state: AppState,
    router: Router,
    req: Request<Incoming>,
) -> Result<Response, DropConnection> {
    let started = Instant::now();
    let trace_id = crate::secrets::trace_id();
    let rest = Arc::new(Mutex::new(None));
    let req = req.map(|body| {
        Body::new(Returned {
            body: Some(body),
            rest: Arc::clone(&rest),
        })
    });
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let origin = state.cors.allowed_origin(req.headers());
    let test_mode = state.config.test_mode;
    let mut extra_headers = Vec::new();

    // CORS preflights are answered by the router (app.rs), and never recorded or given a queued fault.
    let test_api = path == "/__faults" || path == "/__requests";
    let fault = if test_mode && !test_api && method != Method::OPTIONS {
        state.requests.record(&method, req.uri(), req.headers());
        state.faults.take(&path, &method)
    } else {
        None
    };
    let replaced = match fault {
        Some(fault) => {
            if let Some(delay) = fault.delay {
                tokio::time::sleep(delay).await;
            }
            if fault.drop {
                tracing::info!(%method, %path, %trace_id, "dropped the connection (injected fault)");
                return Err(DropConnection);
            }
            extra_headers = fault.headers.clone();
            fault.response()
        }
        None => None,
    };
    let response = match replaced {
        Some(response) => {
            drop(req);
            response
        }
        None => call(router, req).await,
    };
    // The request is gone by now (routed or not); what of its body nobody read came back here. Not after a 408:
    // the client is not sending it, and the connection closes instead.
    let unread = rest.lock().ok().and_then(|mut rest| rest.take());
    let timed_out = response
        .extensions()
        .get::<ApiError>()
        .is_some_and(|e| e.status == StatusCode::REQUEST_TIMEOUT);
    match unread {
        Some(_) if timed_out => {
            extra_headers.push((header::CONNECTION, HeaderValue::from_static("close")))
        }
        Some(body) => {
            let _ = tokio::time::timeout(MAX_DRAIN_TIME, drain(body)).await;
        }
        None => {}
    }

    let response = finish(response, &state, &trace_id, origin, &extra_headers);
    tracing::info!(
        %method,
        %path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        %trace_id,
    );
    Ok(response)
}

async fn call(mut router: Router, req: Request<Body>) -> Response {
    match tower_service::Service::call(&mut router, req).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// What every response gets: its error envelope rendered with the trace id (or one put in place of any other error
/// body), the CORS grant, `X-Clerk-Trace-Id`, the fault's extra headers, and in test mode `Connection: close` (so
/// Chromium never silently re-sends a request on a reused connection that a fault closed).
fn finish(
    mut response: Response,
    state: &AppState,
    trace_id: &str,
    origin: Option<HeaderValue>,
    extra_headers: &[(HeaderName, HeaderValue)],
) -> Response {
    let error = response.extensions_mut().remove::<ApiError>();
    let verbatim = response.extensions().get::<Verbatim>().is_some();
    let error = error.or_else(|| {
        (response.status().as_u16() >= 400 && !verbatim)
            .then(|| ApiError::for_status(response.status()))
    });
    if let Some(error) = error {
        let status = response.status();
        let mut headers = std::mem::take(response.headers_mut());
        let body = error.body(trace_id);
        response = crate::json::respond(status, &body);
        headers.remove(header::CONTENT_TYPE);
        headers.remove(header::CONTENT_LENGTH);
        response.headers_mut().extend(headers);
    }
    state.cors.grant(origin, &mut response);
    if let Ok(value) = HeaderValue::from_str(trace_id) {
        response
            .headers_mut()
            .insert(HeaderName::from_static(TRACE_ID_HEADER), value);
    }
    for (name, value) in extra_headers {
        response.headers_mut().insert(name.clone(), value.clone());
    }
    if state.config.test_mode {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}
