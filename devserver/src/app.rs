//! Shared state and the router: which path and method reach which handler.

use crate::cors::Cors;
use crate::errors::ApiError;
use crate::faults::{self, FaultQueue};
use crate::request_log::{self, RequestLog};
use crate::routes::{api_keys, demo, sessions};
use crate::static_files;
use crate::store::Store;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Settings from the command line that handlers need.
pub struct Config {
    pub key_quota: u32,
    pub test_mode: bool,
    pub static_dir: Option<PathBuf>,
}

pub struct Shared {
    pub store: Store,
    pub config: Config,
    pub cors: Cors,
    pub faults: FaultQueue,
    pub requests: RequestLog,
}

/// Cheap to clone: one `Arc`.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(store: Store, config: Config, cors: Cors) -> AppState {
        AppState(Arc::new(Shared {
            store,
            config,
            cors,
            faults: FaultQueue::default(),
            requests: RequestLog::default(),
        }))
    }
}

impl Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// Locks an in-memory structure. Its data stays consistent even if a holder panicked (every update is a single
/// step), so a poisoned lock is simply taken over.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The API routes; the test API only in test mode (without it those paths are unknown, 404). Everything else
/// falls to the static site if there is one.
pub fn router(state: AppState) -> Router {
    let mut router = Router::new()
        .route("/api_keys", api(get(api_keys::list).post(api_keys::create)))
        .route("/api_keys/{id}/revoke", api(post(api_keys::revoke)))
        .route("/demo/whoami", api(get(demo::whoami)))
        .route("/dev/sign_in", api(post(sessions::sign_in)))
        .route("/dev/sign_out", api(post(sessions::sign_out)));
    if state.config.test_mode {
        router = router
            .route(
                "/__faults",
                api(post(faults::post_faults).delete(faults::delete_faults)),
            )
            .route(
                "/__requests",
                api(get(request_log::get_requests).delete(request_log::delete_requests)),
            );
    }
    router
        .fallback(fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

/// A route with its CORS preflight: only paths the router knows answer `OPTIONS` as one, so an unknown path, or the
/// test API without `--test-mode`, gets what any other method gets there: 404.
fn api(route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.options(preflight)
}

async fn preflight(State(app): State<AppState>, headers: HeaderMap) -> Response {
    app.cors.preflight(&headers)
}

async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}

/// Unknown API path: the static site's file (GET/HEAD), 405 for another method on one of its files, else the 404
/// envelope, or the site's 404 page for a browser navigating (`Accept: text/html`): a `fetch` or an API client
/// (`*/*`) that got a path wrong still gets the envelope.
async fn fallback(
    State(app): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let Some(root) = &app.config.static_dir else {
        return ApiError::path_not_found().into_response();
    };
    let file = static_files::find(root, uri.path()).await;
    match (file, method == Method::GET || method == Method::HEAD) {
        (Some(path), true) => match static_files::serve(&path, StatusCode::OK).await {
            Some(response) => response,
            None => ApiError::path_not_found().into_response(),
        },
        (Some(_), false) => {
            let mut response = ApiError::method_not_allowed().into_response();
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET,HEAD"));
            response
        }
        (None, true) if wants_html(&headers) => match static_files::not_found_page(root).await {
            Some(response) => response,
            None => ApiError::path_not_found().into_response(),
        },
        (None, _) => ApiError::path_not_found().into_response(),
    }
}

/// A browser navigating asks for `text/html` by name; `fetch` and API clients send `*/*` or JSON.
fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("text/html"))
}
