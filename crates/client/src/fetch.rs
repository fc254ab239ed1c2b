//! The wasm transport: the global `fetch` through gloo-net, for browsers and Node ≥ 18 alike (no Node-only shim).
//! The per-request timeout aborts the fetch through an `AbortController` (LESSONS.md: reqwest #1135).

use crate::transport::{Transport, TransportError};
use futures::future::{select, Either};
use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use hostup_core::{Method, Request, Response};
use web_sys::{AbortController, RequestCredentials};

/// `fetch` via gloo-net. With `include_credentials`, cookies go along (a dashboard's `hostup_session`).
#[derive(Debug, Clone, Default)]
pub struct FetchTransport {
    include_credentials: bool,
}

impl FetchTransport {
    /// A transport; `include_credentials` sends cookies (`credentials: "include"`).
    pub fn new(include_credentials: bool) -> Self {
        Self { include_credentials }
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: &Request, timeout_ms: u64) -> Result<Response, TransportError> {
        let controller =
            AbortController::new().map_err(|_| TransportError::Network("AbortController unavailable".into()))?;
        let method = match request.method {
            Method::Get => FetchMethod::GET,
            Method::Post => FetchMethod::POST,
            Method::Patch => FetchMethod::PATCH,
            Method::Delete => FetchMethod::DELETE,
        };
        let mut builder = RequestBuilder::new(&request.url).method(method).abort_signal(Some(&controller.signal()));
        if self.include_credentials {
            builder = builder.credentials(RequestCredentials::Include);
        }
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let built = match &request.body {
            Some(body) => builder.body(body.as_str()),
            None => builder.build(),
        }
        .map_err(|e| TransportError::Network(e.to_string()))?;
        let exchange = Box::pin(async move {
            let response = built.send().await.map_err(|e| TransportError::Network(e.to_string()))?;
            let status = response.status();
            let headers: Vec<(String, String)> = response.headers().entries().collect();
            // A body announced larger than the parsers accept is not read at all.
            let announced = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.trim().parse::<usize>().ok());
            if let Some(len) = announced.filter(|&l| l > hostup_core::MAX_BODY_BYTES) {
                return Err(TransportError::TooLarge { status, len });
            }
            let body = response.binary().await.map_err(|e| TransportError::Network(e.to_string()))?;
            Ok(Response { status, headers, body })
        });
        let timer = Box::pin(gloo_timers::future::TimeoutFuture::new(timeout_ms.min(u32::MAX as u64) as u32));
        match select(exchange, timer).await {
            Either::Left((result, _)) => {
                if matches!(result, Err(TransportError::TooLarge { .. })) {
                    controller.abort();
                }
                result
            }
            Either::Right(((), _)) => {
                controller.abort();
                Err(TransportError::Timeout)
            }
        }
    }

    async fn sleep(&self, ms: u64) {
        gloo_timers::future::TimeoutFuture::new(ms.min(u32::MAX as u64) as u32).await;
    }

    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }

    fn unix_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}
