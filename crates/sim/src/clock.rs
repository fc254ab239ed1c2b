//! The simulated clock, RFC 3339 formatting and schedule `nextRun` arithmetic (all UTC).

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

pub(crate) const HOUR_MS: i64 = 3_600_000;
pub(crate) const DAY_MS: i64 = 24 * HOUR_MS;

/// Wall time, optionally sped up (`--time-scale`) and shifted (`POST /__sim/clock`).
#[derive(Debug)]
pub(crate) struct Clock {
    start: Instant,
    start_ms: i64,
    scale: f64,
    offset_ms: AtomicI64,
}

impl Clock {
    pub(crate) fn new(scale: f64) -> Self {
        let start_ms = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
        Self { start: Instant::now(), start_ms, scale, offset_ms: AtomicI64::new(0) }
    }

    /// Simulated milliseconds since the Unix epoch.
    pub(crate) fn now_ms(&self) -> i64 {
        let elapsed = self.start.elapsed().as_secs_f64() * 1000.0 * self.scale;
        self.start_ms + elapsed as i64 + self.offset_ms.load(Ordering::Relaxed)
    }

    /// How many simulated milliseconds pass per real millisecond.
    pub(crate) fn scale(&self) -> f64 {
        self.scale
    }

    pub(crate) fn advance(&self, ms: i64) {
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }

    pub(crate) fn reset_offset(&self) {
        self.offset_ms.store(0, Ordering::Relaxed);
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

pub(crate) fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// `2026-04-27T12:34:56.000Z`.
pub(crate) fn rfc3339(ms: i64) -> String {
    let days = ms.div_euclid(DAY_MS);
    let rem = ms.rem_euclid(DAY_MS);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / HOUR_MS,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

/// 0 = Sunday, as the contract's `dayOfWeek`. 1970-01-01 was a Thursday.
pub(crate) fn weekday(days: i64) -> u32 {
    (days + 4).rem_euclid(7) as u32
}

/// When a schedule runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cadence {
    Daily,
    /// 0 = Sunday … 6 = Saturday.
    Weekly(u32),
    /// 1 … 31. A day the month lacks (31 in April, 29–31 in February) means that month's last day.
    Monthly(u32),
}

/// The first UTC instant strictly after `now_ms` at `hour:00` on a day the cadence selects
/// (docs/inferred.md, "Schedule `nextRun`").
pub(crate) fn next_run(now_ms: i64, hour: u32, cadence: Cadence) -> i64 {
    let at = |days: i64| days * DAY_MS + i64::from(hour) * HOUR_MS;
    let today = now_ms.div_euclid(DAY_MS);
    match cadence {
        Cadence::Daily => {
            if at(today) > now_ms {
                at(today)
            } else {
                at(today + 1)
            }
        }
        Cadence::Weekly(dow) => {
            (0..=7).map(|k| today + k).find(|&d| weekday(d) == dow && at(d) > now_ms).map_or_else(|| at(today + 7), at)
        }
        Cadence::Monthly(dom) => {
            let (y, m, _) = civil_from_days(today);
            (0..3)
                .map(|k| {
                    let idx = i64::from(m) - 1 + k;
                    let (yy, mm) = (y + idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1);
                    // Clamp to the month's last day: "monthly on the 31st" runs on 30 April, 28/29 February.
                    at(days_from_civil(yy, mm, dom.min(days_in_month(yy, mm))))
                })
                .find(|&t| t > now_ms)
                .unwrap_or(now_ms)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(y: i64, m: u32, d: u32, h: i64) -> i64 {
        days_from_civil(y, m, d) * DAY_MS + h * HOUR_MS
    }

    #[test]
    fn formats_rfc3339_with_millis() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(ts(2026, 4, 27, 12) + 34 * 60_000 + 56_789), "2026-04-27T12:34:56.789Z");
        assert_eq!(rfc3339(ts(2024, 2, 29, 23)), "2024-02-29T23:00:00.000Z");
    }

    #[test]
    fn civil_round_trip() {
        for z in -800_000..800_000i64 {
            if z % 997 != 0 {
                continue;
            }
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(weekday(days_from_civil(2026, 4, 27)), 1); // a Monday
    }

    #[test]
    fn daily_is_today_or_tomorrow() {
        let now = ts(2026, 4, 27, 1);
        assert_eq!(next_run(now, 2, Cadence::Daily), ts(2026, 4, 27, 2));
        assert_eq!(next_run(ts(2026, 4, 27, 2), 2, Cadence::Daily), ts(2026, 4, 28, 2));
        assert_eq!(next_run(ts(2026, 12, 31, 5), 2, Cadence::Daily), ts(2027, 1, 1, 2));
    }

    #[test]
    fn weekly_finds_the_weekday() {
        // Monday 2026-04-27 10:00; Sunday (0) 02:00 is 2026-05-03.
        let now = ts(2026, 4, 27, 10);
        assert_eq!(next_run(now, 2, Cadence::Weekly(0)), ts(2026, 5, 3, 2));
        assert_eq!(next_run(now, 11, Cadence::Weekly(1)), ts(2026, 4, 27, 11));
        assert_eq!(next_run(now, 9, Cadence::Weekly(1)), ts(2026, 5, 4, 9));
    }

    #[test]
    fn monthly_clamps_to_the_last_day() {
        // 31 in a 30-day month.
        assert_eq!(next_run(ts(2026, 4, 2, 0), 3, Cadence::Monthly(31)), ts(2026, 4, 30, 3));
        // February, leap and not.
        assert_eq!(next_run(ts(2026, 2, 1, 0), 3, Cadence::Monthly(30)), ts(2026, 2, 28, 3));
        assert_eq!(next_run(ts(2024, 2, 1, 0), 3, Cadence::Monthly(29)), ts(2024, 2, 29, 3));
        // Past this month's day: next month, also across the year end.
        assert_eq!(next_run(ts(2026, 1, 31, 4), 3, Cadence::Monthly(31)), ts(2026, 2, 28, 3));
        assert_eq!(next_run(ts(2026, 12, 20, 0), 3, Cadence::Monthly(15)), ts(2027, 1, 15, 3));
        assert_eq!(next_run(ts(2026, 5, 15, 2), 3, Cadence::Monthly(15)), ts(2026, 5, 15, 3));
    }
}
