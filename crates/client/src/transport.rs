//! What the client needs from a platform: send a request, sleep, tell the time, roll a die.

use hostup_core::{Request, Response};
use std::future::Future;

/// Why a request got no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// Connection refused or reset, DNS failure, CORS refusal, a body cut off mid-way.
    Network(String),
    /// No complete response within the timeout.
    Timeout,
    /// The body is larger than the parsers accept ([`hostup_core::MAX_BODY_BYTES`]); it was not read whole.
    TooLarge {
        /// The response's status.
        status: u16,
        /// The length announced (or read so far).
        len: usize,
    },
}

/// A platform's I/O. Implementations send exactly the request's method, URL, headers and body, and never log the
/// `Authorization` header.
pub trait Transport {
    /// Sends one request and reads the whole response, giving up after `timeout_ms`.
    fn send(&self, request: &Request, timeout_ms: u64) -> impl Future<Output = Result<Response, TransportError>>;
    /// Waits `ms` milliseconds.
    fn sleep(&self, ms: u64) -> impl Future<Output = ()>;
    /// A monotonic clock in milliseconds.
    fn now_ms(&self) -> u64;
    /// Unix time in milliseconds (for HTTP-date `Retry-After`).
    fn unix_ms(&self) -> u64;
    /// A number in `[0, 1)` for backoff jitter.
    fn random(&self) -> f64;
}
