//! `Retry-After` and `X-RateLimit-*`, parsed from any response. Core has no clock: times come back as values the
//! caller resolves against its own "now".

use crate::http::Response;
use crate::inferred::RESET_UNIX_THRESHOLD;

/// A parsed `Retry-After` (RFC 9110 §10.2.3): a number of seconds, or an HTTP date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// Wait this many milliseconds.
    Delay {
        /// Milliseconds.
        ms: u64,
    },
    /// Wait until this Unix time, in milliseconds.
    At {
        /// Unix time in milliseconds.
        unix_ms: u64,
    },
}

impl RetryAfter {
    /// Parses the header value; `None` for anything that is neither a non-negative number nor an IMF-fixdate.
    pub fn parse(value: &str) -> Option<Self> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        if v.bytes().all(|b| b.is_ascii_digit()) {
            let secs: u64 = v.parse().unwrap_or(u64::MAX);
            return Some(RetryAfter::Delay { ms: secs.saturating_mul(1000) });
        }
        // Some servers send fractional seconds ("1.5"); accept them rather than ignore the wait. Milliseconds are all
        // a wait needs, so the fraction is read as digits (rounded up), with no float parsing in the binary.
        if let Some(ms) = decimal_seconds_to_ms(v) {
            return Some(RetryAfter::Delay { ms });
        }
        parse_http_date(v).map(|unix_s| RetryAfter::At { unix_ms: unix_s.saturating_mul(1000) })
    }

    /// The wait from `now_unix_ms` (never negative).
    pub fn delay_ms(self, now_unix_ms: u64) -> u64 {
        match self {
            RetryAfter::Delay { ms } => ms,
            RetryAfter::At { unix_ms } => unix_ms.saturating_sub(now_unix_ms),
        }
    }
}

/// `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (semantics inferred, see [`crate::inferred`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimitInfo {
    /// Requests per window.
    pub limit: Option<u64>,
    /// Requests left now.
    pub remaining: Option<u64>,
    /// When the bucket is full again.
    pub reset: Option<RetryAfter>,
}

impl RateLimitInfo {
    /// Reads the three headers; a missing or malformed one is `None`.
    pub fn from_response(resp: &Response) -> Self {
        let num = |name: &str| resp.header(name).and_then(|v| v.trim().parse::<u64>().ok());
        let reset = num("X-RateLimit-Reset").map(|n| {
            if n > RESET_UNIX_THRESHOLD {
                RetryAfter::At { unix_ms: n.saturating_mul(1000) }
            } else {
                RetryAfter::Delay { ms: n.saturating_mul(1000) }
            }
        });
        Self { limit: num("X-RateLimit-Limit"), remaining: num("X-RateLimit-Remaining"), reset }
    }
}

/// Reads `Retry-After` from a response.
pub fn retry_after(resp: &Response) -> Option<RetryAfter> {
    resp.header("Retry-After").and_then(RetryAfter::parse)
}

/// `"12.345"` → 12,345 ms; a fraction finer than a millisecond rounds up. `None` unless it is `digits.digits`.
fn decimal_seconds_to_ms(v: &str) -> Option<u64> {
    let (whole, fraction) = v.split_once('.')?;
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return None;
    }
    let secs: u64 = if whole.is_empty() { 0 } else { whole.parse().unwrap_or(u64::MAX) };
    let ms =
        fraction.bytes().chain(std::iter::repeat(b'0')).take(3).fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'));
    let finer = fraction.bytes().skip(3).any(|b| b != b'0');
    Some(secs.saturating_mul(1000).saturating_add(ms).saturating_add(u64::from(finer)))
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) into Unix seconds.
fn parse_http_date(s: &str) -> Option<u64> {
    let rest = crate::text::tail(s, crate::text::find(s, ", ")? + 2);
    let mut parts = rest.split(' ');
    // Every number is read as a u64: one integer parser in the wasm (a negative year fails the range check anyway).
    let day: u64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: u64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':');
    let h: u64 = hms.next()?.parse().ok()?;
    let m: u64 = hms.next()?.parse().ok()?;
    let sec: u64 = hms.next()?.parse().ok()?;
    if parts.next()? != "GMT" || parts.next().is_some() || hms.next().is_some() {
        return None;
    }
    if !(1..=31).contains(&day) || h > 23 || m > 59 || sec > 60 || !(1970..=9999).contains(&year) {
        return None;
    }
    let days = days_from_civil(year as i64, month, day as u32);
    Some(days as u64 * 86_400 + h * 3600 + m * 60 + sec)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm): core's one calendar rule (HTTP dates, RFC 3339).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(RetryAfter::parse("12"), Some(RetryAfter::Delay { ms: 12_000 }));
        assert_eq!(RetryAfter::parse(" 0 "), Some(RetryAfter::Delay { ms: 0 }));
        assert_eq!(RetryAfter::parse("1.5"), Some(RetryAfter::Delay { ms: 1500 }));
        assert_eq!(RetryAfter::parse("0.0001"), Some(RetryAfter::Delay { ms: 1 }), "rounds up");
        assert_eq!(RetryAfter::parse(".25"), Some(RetryAfter::Delay { ms: 250 }));
        assert_eq!(RetryAfter::parse("2."), Some(RetryAfter::Delay { ms: 2000 }));
        assert_eq!(RetryAfter::parse("99999999999999999999.5"), Some(RetryAfter::Delay { ms: u64::MAX }));
        assert_eq!(RetryAfter::parse("."), None);
        assert_eq!(RetryAfter::parse("1.2.3"), None);
        assert_eq!(RetryAfter::parse("1e3"), None);
        assert_eq!(
            RetryAfter::parse("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(RetryAfter::At { unix_ms: 784_111_777_000 })
        );
        assert_eq!(RetryAfter::parse("-3"), None);
        assert_eq!(RetryAfter::parse("soon"), None);
        assert_eq!(RetryAfter::parse("Sun, 06 Nov 1994 08:49:37 PST"), None);
        assert_eq!(RetryAfter::At { unix_ms: 10_000 }.delay_ms(4_000), 6_000);
        assert_eq!(RetryAfter::At { unix_ms: 10_000 }.delay_ms(40_000), 0);
    }

    #[test]
    fn rate_limit_headers() {
        let resp = Response {
            status: 200,
            headers: vec![
                ("x-ratelimit-limit".into(), "600".into()),
                ("X-RateLimit-Remaining".into(), "0".into()),
                ("X-RateLimit-Reset".into(), "7".into()),
            ],
            body: vec![],
        };
        let info = RateLimitInfo::from_response(&resp);
        assert_eq!(info.limit, Some(600));
        assert_eq!(info.remaining, Some(0));
        assert_eq!(info.reset, Some(RetryAfter::Delay { ms: 7000 }));
        let epoch = Response { headers: vec![("X-RateLimit-Reset".into(), "1777291200".into())], ..resp };
        assert_eq!(RateLimitInfo::from_response(&epoch).reset, Some(RetryAfter::At { unix_ms: 1_777_291_200_000 }));
    }
}
