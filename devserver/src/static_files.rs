//! `--static DIR`: serves a built site (a Next.js static export, say) under `/`, behind the API routes.
//!
//! `/` is `index.html`; `/x` is the file `x`, else `x.html` (how a static export names its pages), else
//! `x/index.html`; anything else is `404.html` with status 404 if the site has one.

use crate::faults::Verbatim;
use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use std::path::{Path, PathBuf};

/// The file a request path names, if the site has it.
pub async fn find(root: &Path, uri_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode_str(uri_path).decode_utf8().ok()?;
    let mut relative = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        // No way out of the site directory, and nothing hidden.
        if segment.starts_with('.') || segment.contains('\\') || segment.contains('\0') {
            return None;
        }
        relative.push(segment);
    }
    let base = root.join(&relative);
    let mut candidates = Vec::new();
    if relative.as_os_str().is_empty() || decoded.ends_with('/') {
        candidates.push(base.join("index.html"));
    } else {
        candidates.push(base.clone());
        candidates.push(base.with_extension(extension_plus_html(&base)));
        candidates.push(base.join("index.html"));
    }
    for candidate in candidates {
        if tokio::fs::metadata(&candidate)
            .await
            .is_ok_and(|m| m.is_file())
        {
            return Some(candidate);
        }
    }
    None
}

/// `x` → `x.html`, `x.y` → `x.y.html` (Next exports `/blog.post` as `blog.post.html`).
fn extension_plus_html(path: &Path) -> String {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) => format!("{ext}.html"),
        None => "html".to_owned(),
    }
}

/// The file with its content type, or `None` if it cannot be read.
pub async fn serve(path: &Path, status: StatusCode) -> Option<Response> {
    let bytes = tokio::fs::read(path).await.ok()?;
    let mut response = (status, Body::from(bytes)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    response.extensions_mut().insert(Verbatim);
    Some(response)
}

/// The site's `404.html` with status 404, if it has one.
pub async fn not_found_page(root: &Path) -> Option<Response> {
    serve(&root.join("404.html"), StatusCode::NOT_FOUND).await
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}
