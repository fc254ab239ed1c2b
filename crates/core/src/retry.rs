//! The retry policy as a value: given what happened, it answers "retry after D" or "stop". The client obeys.
//!
//! Rules (API.md "Errors", LESSONS.md):
//! - `429`: the server did not process the request, so every kind is retried after `Retry-After` — except a restore,
//!   which is never repeated automatically (the caller gets the error with its `retryAfterMs`).
//! - `500`, `502`, `503`, `504`, network failure, timeout, a cut-off success body: only reads (GET) are retried, with capped exponential backoff
//!   and full jitter. A create, update or delete may have been processed; repeating it could duplicate it.
//! - Everything else is final.

use crate::headers::RetryAfter;
use crate::http::RequestKind;

/// What happened on one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A response arrived.
    Response {
        /// Its status.
        status: u16,
        /// Its `Retry-After`, if any.
        retry_after: Option<RetryAfter>,
    },
    /// The connection failed (refused, reset, DNS, CORS).
    Network,
    /// No response within the timeout.
    Timeout,
    /// A success status whose body was cut off or unreadable (a proxy or connection fault).
    Malformed,
}

/// The policy's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Send the same request again after this many milliseconds.
    RetryAfter(u64),
    /// Do not retry: hand the outcome to the caller.
    Stop,
}

/// Retry limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The first backoff step.
    pub base_delay_ms: u64,
    /// The largest backoff step.
    pub max_delay_ms: u64,
    /// A `Retry-After` longer than this is not waited out: the error goes to the caller, with the wait in it.
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: crate::limits::MAX_RETRIES.default as u32,
            base_delay_ms: 250,
            max_delay_ms: 8_000,
            max_retry_after_ms: 120_000,
        }
    }
}

impl RetryPolicy {
    /// Decides after attempt number `retries_done + 1`. `random` is a number in `[0, 1)` from the caller's source
    /// (injected, so tests are deterministic); `now_unix_ms` resolves an HTTP-date `Retry-After`.
    pub fn decide(
        &self,
        kind: RequestKind,
        retries_done: u32,
        outcome: Outcome,
        now_unix_ms: u64,
        random: f64,
    ) -> RetryDecision {
        if retries_done >= self.max_retries || kind == RequestKind::Restore {
            return RetryDecision::Stop;
        }
        let retry_after = match outcome {
            Outcome::Response { status: 429, retry_after } => {
                return match retry_after.map(|r| r.delay_ms(now_unix_ms)) {
                    Some(ms) if ms > self.max_retry_after_ms => RetryDecision::Stop,
                    // Honour the server's wait exactly, plus a little spread so a fleet does not return at once.
                    Some(ms) => {
                        RetryDecision::RetryAfter(ms + (random.clamp(0.0, 1.0) * (ms / 10).min(1000) as f64) as u64)
                    }
                    None => RetryDecision::RetryAfter(self.backoff(retries_done, random)),
                };
            }
            Outcome::Response { status: 500 | 502 | 503 | 504, retry_after } => retry_after,
            Outcome::Network | Outcome::Timeout | Outcome::Malformed => None,
            Outcome::Response { .. } => return RetryDecision::Stop,
        };
        if kind != RequestKind::Read {
            return RetryDecision::Stop;
        }
        match retry_after.map(|r| r.delay_ms(now_unix_ms)) {
            Some(ms) if ms > self.max_retry_after_ms => RetryDecision::Stop,
            Some(ms) => RetryDecision::RetryAfter(ms.max(self.backoff(retries_done, random))),
            None => RetryDecision::RetryAfter(self.backoff(retries_done, random)),
        }
    }

    /// Full jitter: uniform in `[0, min(cap, base · 2^n)]`, never below 1 ms.
    pub fn backoff(&self, retries_done: u32, random: f64) -> u64 {
        let ceiling = self.base_delay_ms.saturating_mul(1u64 << retries_done.min(20)).min(self.max_delay_ms);
        ((random.clamp(0.0, 1.0) * ceiling as f64) as u64).max(1)
    }
}
