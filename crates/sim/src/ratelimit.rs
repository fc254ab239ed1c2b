//! Token buckets, one per API key (per client IP without a valid key), and the `X-RateLimit-*`
//! headers as docs/inferred.md "Rate-limit headers" defines them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// The numbers behind the headers of one response.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Verdict {
    /// `X-RateLimit-Limit`: the bucket's capacity (requests per minute).
    pub(crate) limit: u32,
    /// `X-RateLimit-Remaining`: whole requests that may be sent right now, after this one.
    pub(crate) remaining: u64,
    /// `X-RateLimit-Reset`: seconds until the bucket is full again, rounded up.
    pub(crate) reset: u64,
    /// `Retry-After` when the request is refused: seconds until one request may be sent (≥ 1).
    pub(crate) retry_after: Option<u64>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Capacity `limit`, refilling continuously at `limit / 60` tokens per second.
pub(crate) struct Limiter {
    limit: u32,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl Limiter {
    pub(crate) fn new(limit: u32) -> Self {
        Self { limit, buckets: Mutex::new(HashMap::new()) }
    }

    pub(crate) fn reset(&self) {
        self.buckets.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// Takes one token from `who`'s bucket, or refuses.
    pub(crate) fn take(&self, who: &str, now: Instant) -> Verdict {
        let cap = f64::from(self.limit);
        let rate = cap / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let b = match buckets.get_mut(who) {
            Some(b) => b,
            None => buckets.entry(who.to_owned()).or_insert(Bucket { tokens: cap, at: now }),
        };
        b.tokens = (b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate).min(cap);
        b.at = now;
        let retry_after = if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            None
        } else {
            Some((((1.0 - b.tokens) / rate).ceil() as u64).max(1))
        };
        Verdict {
            limit: self.limit,
            remaining: b.tokens.floor() as u64,
            reset: ((cap - b.tokens) / rate).ceil() as u64,
            retry_after,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bucket_drains_and_refills() {
        let l = Limiter::new(60); // one token per second
        let t0 = Instant::now();
        let first = l.take("k", t0);
        assert_eq!((first.remaining, first.reset, first.retry_after), (59, 1, None));
        for _ in 0..59 {
            assert!(l.take("k", t0).retry_after.is_none());
        }
        let refused = l.take("k", t0);
        assert_eq!((refused.remaining, refused.retry_after, refused.reset), (0, Some(1), 60));
        // Another key has its own bucket.
        assert!(l.take("other", t0).retry_after.is_none());
        let later = l.take("k", t0 + Duration::from_millis(2500));
        assert_eq!((later.remaining, later.retry_after), (1, None));
    }
}
