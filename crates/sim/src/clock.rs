//! The simulated clock, RFC 3339 formatting and schedule `nextRun` arithmetic (all UTC; the
//! calendar is the `time` crate's).

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time};

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

/// `2026-04-27T12:34:56.000Z`: RFC 3339 in UTC with milliseconds, as the seeds print timestamps.
const RFC3339_MS: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

/// The UTC date-time at `ms` since the epoch, clamped to the years `time` represents (±9999).
fn utc(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap_or_else(|_| {
        if ms < 0 {
            PrimitiveDateTime::MIN.assume_utc()
        } else {
            PrimitiveDateTime::MAX.assume_utc()
        }
    })
}

/// Milliseconds since the epoch at `hour:00` UTC on `date`.
fn at_hour(date: Date, hour: u32) -> i64 {
    let time = Time::from_hms(hour.min(23) as u8, 0, 0).unwrap_or(Time::MIDNIGHT);
    (PrimitiveDateTime::new(date, time).assume_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// `2026-04-27T12:34:56.000Z`.
pub(crate) fn rfc3339(ms: i64) -> String {
    utc(ms).format(RFC3339_MS).unwrap_or_default()
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
    let today = utc(now_ms).date();
    let later = |d: &Date| at_hour(*d, hour) > now_ms;
    let first = match cadence {
        Cadence::Daily => [Some(today), today.next_day()].into_iter().flatten().find(later),
        Cadence::Weekly(dow) => (0..=7)
            .filter_map(|k| today.checked_add(Duration::days(k)))
            .find(|d| u32::from(d.weekday().number_days_from_sunday()) == dow && later(d)),
        Cadence::Monthly(dom) => {
            let (mut year, mut month) = (today.year(), today.month());
            let mut found = None;
            for _ in 0..3 {
                // Clamp to the month's last day: "monthly on the 31st" runs on 30 April, 28/29 February.
                let day = (dom.clamp(1, 31) as u8).min(month.length(year));
                match Date::from_calendar_date(year, month, day) {
                    Ok(d) if later(&d) => {
                        found = Some(d);
                        break;
                    }
                    _ => {}
                }
                year += i32::from(month == Month::December);
                month = month.next();
            }
            found
        }
    };
    first.map_or(now_ms, |d| at_hour(d, hour))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(y: i32, m: u8, d: u8, h: u32) -> i64 {
        at_hour(Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap(), h)
    }

    #[test]
    fn formats_rfc3339_with_millis() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(ts(2026, 4, 27, 12) + 34 * 60_000 + 56_789), "2026-04-27T12:34:56.789Z");
        assert_eq!(rfc3339(ts(2024, 2, 29, 23)), "2024-02-29T23:00:00.000Z");
    }

    #[test]
    fn far_times_are_clamped_not_panics() {
        assert_eq!(rfc3339(i64::MAX), "9999-12-31T23:59:59.999Z");
        assert!(rfc3339(i64::MIN).starts_with("-9999-01-01"));
        assert!(next_run(i64::MAX, 2, Cadence::Monthly(31)) > 0);
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
