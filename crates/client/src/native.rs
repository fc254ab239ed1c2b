//! The native transport (feature `native`): reqwest on tokio, for Rust tests and tools.

use crate::transport::{Transport, TransportError};
use hostup_core::{Method, Request, Response};
use std::cell::Cell;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// reqwest + tokio. Plain HTTP only unless the application enables a TLS feature of reqwest itself.
#[derive(Debug)]
pub struct NativeTransport {
    http: reqwest::Client,
    start: Instant,
    seed: Cell<u64>,
}

impl Default for NativeTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl NativeTransport {
    /// A transport with its own connection pool.
    pub fn new() -> Self {
        let seed = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0x9E37_79B9, |d| d.as_nanos() as u64);
        Self::with_seed(seed)
    }

    /// A transport whose jitter is reproducible.
    pub fn with_seed(seed: u64) -> Self {
        Self { http: reqwest::Client::new(), start: Instant::now(), seed: Cell::new(seed | 1) }
    }
}

impl Transport for NativeTransport {
    async fn send(&self, request: &Request, timeout_ms: u64) -> Result<Response, TransportError> {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut builder = self.http.request(method, &request.url).timeout(Duration::from_millis(timeout_ms));
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let failed = |e: reqwest::Error| {
            if e.is_timeout() {
                TransportError::Timeout
            } else {
                // reqwest's message names the URL, never the headers.
                TransportError::Network(e.to_string())
            }
        };
        let mut response = builder.send().await.map_err(failed)?;
        let status = response.status().as_u16();
        let max = hostup_core::MAX_BODY_BYTES;
        if let Some(len) = response.content_length().filter(|&l| l > max as u64) {
            return Err(TransportError::TooLarge { status, len: len as usize });
        }
        let headers = response
            .headers()
            .iter()
            .filter_map(|(k, v)| v.to_str().ok().map(|v| (k.as_str().to_owned(), v.to_owned())))
            .collect();
        // Read in chunks so a body without a length cannot grow past the limit either.
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failed)? {
            if body.len() + chunk.len() > max {
                return Err(TransportError::TooLarge { status, len: body.len() + chunk.len() });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response { status, headers, body })
    }

    async fn sleep(&self, ms: u64) {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }

    fn now_ms(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }

    fn unix_ms(&self) -> u64 {
        SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
    }

    fn random(&self) -> f64 {
        // xorshift64*: jitter needs spread, not cryptography.
        let mut x = self.seed.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.seed.set(x);
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}
