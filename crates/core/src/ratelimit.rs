//! Client-side pacing from the `X-RateLimit-*` headers, as a value: before each send it answers "send now" or
//! "wait D first", so a client spends its budget without spending a 429. The header semantics are inferred
//! ([`crate::inferred`]): a token bucket of `limit` requests per minute.

use crate::headers::RateLimitInfo;
use crate::inferred::RATE_WINDOW_MS;

/// Pace at this fraction of the server's refill rate, to absorb clock skew and rounding.
const SAFETY: f64 = 0.95;

/// A mirror of the server's token bucket. Until the first response it lets everything through.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RateLimiter {
    known: bool,
    capacity: f64,
    tokens: f64,
    refill_per_ms: f64,
    last_ms: u64,
    blocked_until_ms: u64,
}

impl RateLimiter {
    /// A limiter that knows nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Before a send at `now_ms`: `None` means "send now" (a token was taken); `Some(d)` means "wait `d` ms and ask again".
    pub fn acquire(&mut self, now_ms: u64) -> Option<u64> {
        if now_ms < self.blocked_until_ms {
            return Some(self.blocked_until_ms - now_ms);
        }
        if !self.known {
            return None;
        }
        self.refill(now_ms);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            None
        } else {
            Some((((1.0 - self.tokens) / self.refill_per_ms).ceil() as u64).max(1))
        }
    }

    /// After a response at `now_ms`, with `in_flight` other requests still outstanding. On the first answer those were
    /// sent before the client knew its budget, so they are subtracted from the server's count; afterwards every send
    /// is already counted here, and the server's count only lowers the estimate (another client on the same key).
    pub fn observe(&mut self, now_ms: u64, info: &RateLimitInfo, in_flight: u32) {
        let (Some(limit), Some(remaining)) = (info.limit, info.remaining) else { return };
        if limit == 0 {
            return;
        }
        self.refill(now_ms);
        self.capacity = limit as f64;
        self.refill_per_ms = limit as f64 / RATE_WINDOW_MS as f64 * SAFETY;
        let server = remaining as f64;
        self.tokens = if self.known { self.tokens.min(server) } else { server - f64::from(in_flight) };
        self.known = true;
        self.last_ms = now_ms;
    }

    /// After a 429: send nothing until `retry_after_ms` has passed.
    pub fn block_for(&mut self, now_ms: u64, retry_after_ms: u64) {
        self.blocked_until_ms = self.blocked_until_ms.max(now_ms.saturating_add(retry_after_ms));
        if self.known {
            // `Retry-After` is the time until at least one request may be sent (docs/inferred.md): the bucket holds
            // exactly that one token when the block ends, and refills from there.
            self.tokens = 1.0;
            self.last_ms = self.blocked_until_ms;
        }
    }

    /// Whole requests that may be sent now, as far as this client knows (`None` before the first response).
    pub fn available(&self) -> Option<u64> {
        self.known.then(|| self.tokens.max(0.0) as u64)
    }

    fn refill(&mut self, now_ms: u64) {
        if now_ms > self.last_ms {
            self.tokens = (self.tokens + (now_ms - self.last_ms) as f64 * self.refill_per_ms).min(self.capacity);
            self.last_ms = now_ms;
        }
    }
}
