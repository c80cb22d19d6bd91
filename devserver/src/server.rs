//! Connections and the per-request pipeline around the router.
//!
//! hyper drives each connection directly (rather than `axum::serve`) because a test fault must be able to close a
//! connection without sending a single response byte: the pipeline returns an error and hyper drops the socket.
//!
//! Every request goes through [`handle`]: trace id, CORS preflight, (test mode) recording and faults, the router,
//! then [`finish`], which renders error envelopes and adds the headers every response carries.

use crate::app::AppState;
use crate::errors::ApiError;
use crate::faults::Verbatim;
use axum::body::Body;
use axum::http::{header, HeaderName, HeaderValue, Method, Request};
use axum::response::Response;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;

pub const TRACE_ID_HEADER: &str = "x-clerk-trace-id";

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
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let origin = state.cors.allowed_origin(req.headers());
    let test_mode = state.config.test_mode;
    let mut extra_headers = Vec::new();

    let response = if method == Method::OPTIONS {
        state.cors.preflight(req.headers(), origin.is_some())
    } else {
        let test_api = path == "/__faults" || path == "/__requests";
        let fault = if test_mode && !test_api {
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
        match replaced {
            Some(response) => response,
            None => call(router, req.map(Body::new)).await,
        }
    };

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
