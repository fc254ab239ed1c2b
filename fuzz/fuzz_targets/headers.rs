//! `Retry-After` and `X-RateLimit-*` parsing, and the rate limiter fed by them, over arbitrary header values
//! (framed as in `common.rs`; the body's lines are also tried as bare `Retry-After` values). Oracles: no panic, no
//! overflow; whole seconds parse exactly; a wait is never negative; the limiter's wait after a `Retry-After` block is
//! at most that block.
#![no_main]

#[path = "common.rs"]
mod common;

use hostup_core::{retry_after, RateLimitInfo, RateLimiter, RetryAfter};
use libfuzzer_sys::fuzz_target;

fn check_value(v: &str) {
    let parsed = RetryAfter::parse(v);
    let t = v.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        let secs = t.parse::<u64>().unwrap_or(u64::MAX);
        assert_eq!(parsed, Some(RetryAfter::Delay { ms: secs.saturating_mul(1000) }), "{v:?}");
    }
    if let Some(r) = parsed {
        for now in [0, 1_700_000_000_000, u64::MAX] {
            let d = r.delay_ms(now);
            if let RetryAfter::Delay { ms } = r {
                assert_eq!(d, ms);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (_, resp) = common::response(data);
    for (_, v) in &resp.headers {
        check_value(v);
    }
    for line in String::from_utf8_lossy(&resp.body).lines().take(64) {
        check_value(line);
    }
    let info = RateLimitInfo::from_response(&resp);
    let ra = retry_after(&resp);
    // The limiter over a few observations at times taken from the input.
    let mut limiter = RateLimiter::new();
    let mut now = 0u64;
    for (i, b) in resp.body.iter().take(32).enumerate() {
        now = now.saturating_add(u64::from(*b) * 97);
        match b % 3 {
            0 => limiter.observe(now, &info, (i % 5) as u32),
            1 => {
                let block = ra.map_or(1000, |r| r.delay_ms(1_700_000_000_000));
                limiter.block_for(now, block);
                if let Some(w) = limiter.acquire(now) {
                    assert!(w <= block.max(1), "waits {w} after a block of {block}");
                }
            }
            _ => {
                let _ = limiter.acquire(now);
            }
        }
        let _ = limiter.available();
    }
});
