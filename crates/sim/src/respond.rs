//! Building responses: JSON, problem+json, the rate-limit headers, the injected faults (a 502 page,
//! a dropped connection, a truncated body) and the `--drift` probe.

use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::Value;

use crate::problem::Problem;
use crate::ratelimit::Verdict;

/// The media type of every error (API.md "Errors").
pub(crate) const PROBLEM_JSON: &str = "application/problem+json";
/// The member `--drift` adds to every object of a successful JSON answer: a field no client knows.
pub(crate) const DRIFT_PROBE: (&str, &str) = ("driftProbe", "sim");
const BAD_GATEWAY_HTML: &str = "<html><head><title>502 Bad gateway</title></head><body><center><h1>502 Bad gateway</h1></center><hr><center>nginx</center></body></html>\n";

/// Marks an error response that is deliberately not problem+json (the injected 502 page of a proxy).
#[derive(Clone, Copy)]
struct NotAProblem;

pub(crate) fn bytes_response(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// A JSON answer.
pub(crate) fn json_response(status: u16, v: &Value) -> Response {
    bytes_response(status, "application/json", serde_json::to_vec(v).unwrap_or_default())
}

/// A problem+json answer, with `Retry-After` (429) and `Allow` (405) when the problem has them.
pub(crate) fn problem_response(p: &Problem, instance: &str, now_ms: i64) -> Response {
    let body = serde_json::to_vec(&p.to_json(instance, now_ms)).unwrap_or_default();
    let mut r = bytes_response(p.status, PROBLEM_JSON, body);
    if let Some(s) = p.retry_after {
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
    }
    if let Some(a) = p.allow.as_deref().and_then(|a| HeaderValue::from_str(a).ok()) {
        r.headers_mut().insert(header::ALLOW, a);
    }
    r
}

/// Replaces an error answer that is not problem+json (a framework's or a file server's own) with
/// the problem document for its status, keeping its other headers. Every error the simulator
/// sends is a problem document, except the injected 502 page.
pub(crate) fn ensure_problem(r: Response, instance: &str, now_ms: i64) -> Response {
    let is_problem = r.headers().get(header::CONTENT_TYPE).is_some_and(|c| c == PROBLEM_JSON);
    if r.status().as_u16() < 400 || is_problem || r.extensions().get::<NotAProblem>().is_some() {
        return r;
    }
    let (mut parts, _) = r.into_parts();
    let fresh = problem_response(&Problem::for_status(parts.status.as_u16()), instance, now_ms);
    let (fresh_parts, body) = fresh.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.extend(fresh_parts.headers);
    Response::from_parts(parts, body)
}

/// The `X-RateLimit-*` headers (docs/inferred.md "Rate-limit headers").
pub(crate) fn rate_headers(h: &mut HeaderMap, v: &Verdict) {
    h.insert("x-ratelimit-limit", HeaderValue::from(v.limit));
    h.insert("x-ratelimit-remaining", HeaderValue::from(v.remaining));
    h.insert("x-ratelimit-reset", HeaderValue::from(v.reset));
}

/// The HTML page an overloaded proxy answers with (`--fault-rate`).
pub(crate) fn bad_gateway() -> Response {
    let mut r = bytes_response(502, "text/html; charset=utf-8", BAD_GATEWAY_HTML.into());
    r.extensions_mut().insert(NotAProblem);
    r
}

/// A response whose body fails on its first poll: hyper then closes the connection without
/// completing the answer, which a client sees as a dropped connection.
pub(crate) fn dropped() -> Response {
    struct Abort;
    impl http_body::Body for Abort {
        type Data = Bytes;
        type Error = std::io::Error;
        fn poll_frame(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
            Poll::Ready(Some(Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "hostup-sim: injected dropped connection",
            ))))
        }
    }
    Response::new(Body::new(Abort))
}

/// The same response with the first half of its body only (a valid status, broken JSON).
pub(crate) async fn truncate(r: Response) -> Response {
    let (parts, body) = r.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    Response::from_parts(parts, Body::from(bytes.slice(..bytes.len() / 2)))
}

/// `--drift`: adds [`DRIFT_PROBE`] to every object of a successful answer, nested ones and array
/// items included. An embedded problem document (a failed job's `error`) is left as the contract
/// prints it, as error answers are.
pub(crate) fn add_drift_probe(v: &mut Value) {
    match v {
        Value::Object(m) if !is_problem_document(m) => {
            m.values_mut().for_each(add_drift_probe);
            m.insert(DRIFT_PROBE.0.to_owned(), Value::from(DRIFT_PROBE.1));
        }
        Value::Array(items) => items.iter_mut().for_each(add_drift_probe),
        _ => {}
    }
}

fn is_problem_document(m: &serde_json::Map<String, Value>) -> bool {
    ["type", "title", "status", "requestId"].iter().all(|k| m.contains_key(*k))
}
