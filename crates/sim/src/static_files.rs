//! `--static DIR`: files served by tower-http's `ServeDir` (`index.html` for a directory, no path
//! escapes, ranges and conditional requests), with the headers the demo page needs: `Cache-Control:
//! no-cache`, a Content-Security-Policy on HTML, `application/wasm` and `text/javascript` types.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use tower_http::services::ServeDir;

/// The demo page's policy: its own scripts and styles only; wasm may be compiled.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// The type a browser must see for the demo's files (with a charset for text), by extension.
fn content_type_for(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.').map(|(_, e)| e)?;
    Some(match ext {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        // `.d.ts` and `.ts` are read as text, not as MPEG transport streams.
        "txt" | "ts" => "text/plain; charset=utf-8",
        _ => return None,
    })
}

/// Serves a GET or HEAD from `files`. `None` when there is no such file (the caller answers 404).
pub(crate) async fn serve(files: &ServeDir, req: Request) -> Option<Response> {
    let path = req.uri().path().to_owned();
    let r = files.clone().try_call(req).await.ok()?;
    if r.status() == StatusCode::NOT_FOUND {
        return None;
    }
    let mut r = r.map(Body::new);
    let success = r.status().is_success();
    let h = r.headers_mut();
    if success {
        let known = content_type_for(path.rsplit('/').next().unwrap_or_default());
        // No extension: a directory's index.html, or whatever ServeDir guessed.
        let guessed_html = h.get(header::CONTENT_TYPE).is_some_and(|c| c == "text/html");
        if let Some(ct) = known.or(guessed_html.then_some("text/html; charset=utf-8")) {
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
        }
        if h.get(header::CONTENT_TYPE).and_then(|c| c.to_str().ok()).is_some_and(|c| c.starts_with("text/html")) {
            h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
        }
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Some(r)
}
