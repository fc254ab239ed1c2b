//! Times, ages, durations, sizes and usage lines for people. Dates are read and written with the `time` crate;
//! the viewer's time-zone offset comes from the browser (the component asks `Date` for it) and is passed in, so
//! everything here is plain Rust with native tests.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

const MS_PER_SECOND: i64 = 1_000;
const MS_PER_MINUTE: i64 = 60 * MS_PER_SECOND;
const MS_PER_HOUR: i64 = 60 * MS_PER_MINUTE;
const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;

/// How long a snapshot lives when the server sends no `expiresAt` (API.md "Backups vs snapshots": about 24 hours).
pub const SNAPSHOT_LIFETIME_MS: i64 = 24 * MS_PER_HOUR;

/// Parses an RFC 3339 timestamp (`2026-04-27T10:00:00.000Z`, `2026-04-27T12:00:00+02:00`) into Unix milliseconds.
/// `None` for anything else — the caller then shows the raw text.
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    let t = OffsetDateTime::parse(s, &Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

/// Where times are shown: in UTC, or at the viewer's offset from UTC (minutes east, as of the instant shown).
#[derive(Debug, Clone, Copy)]
pub enum Zone {
    /// UTC, labelled `UTC`.
    Utc,
    /// The viewer's local time; the offset is the one in force at the instant shown.
    Local(fn(i64) -> i32),
}

fn at(ms: i64, zone: Zone) -> Option<OffsetDateTime> {
    let utc = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()?;
    match zone {
        Zone::Utc => Some(utc),
        Zone::Local(offset_minutes) => {
            let offset = UtcOffset::from_whole_seconds(offset_minutes(ms).saturating_mul(60)).ok()?;
            Some(utc.to_offset(offset))
        }
    }
}

/// An instant for people: `27 Apr 2026, 12:00` in the viewer's zone, `27 Apr 2026, 10:00 UTC` in UTC.
pub fn format_instant(ms: i64, zone: Zone) -> String {
    let Some(t) = at(ms, zone) else { return String::new() };
    let text = t
        .format(format_description!("[day padding:none] [month repr:short] [year], [hour]:[minute]"))
        .unwrap_or_default();
    match zone {
        Zone::Utc => format!("{text} UTC"),
        Zone::Local(_) => text,
    }
}

/// The same instant in UTC, precisely, for a tooltip: `2026-04-27 10:00:00 UTC`.
pub fn format_utc(ms: i64) -> String {
    let Some(t) = at(ms, Zone::Utc) else { return String::new() };
    let text = t.format(format_description!("[year]-[month]-[day] [hour]:[minute]:[second]")).unwrap_or_default();
    format!("{text} UTC")
}

/// A time of day, for the job history: `12:03:07` (with ` UTC` in UTC).
pub fn format_clock(ms: i64, zone: Zone) -> String {
    let Some(t) = at(ms, zone) else { return String::new() };
    let text = t.format(format_description!("[hour]:[minute]:[second]")).unwrap_or_default();
    match zone {
        Zone::Utc => format!("{text} UTC"),
        Zone::Local(_) => text,
    }
}

/// A timestamp from the API, shown as [`format_instant`]; unreadable text is returned as sent.
pub fn format_time(rfc3339: &str, zone: Zone) -> String {
    parse_rfc3339_ms(rfc3339).map_or_else(|| rfc3339.to_owned(), |ms| format_instant(ms, zone))
}

/// A duration in words, rounded down to its largest unit: `5 min`, `3 h`, `2 days`.
pub fn span(ms: i64) -> String {
    match ms {
        ms if ms < MS_PER_MINUTE => "less than a minute".to_owned(),
        ms if ms < MS_PER_HOUR => format!("{} min", ms / MS_PER_MINUTE),
        ms if ms < MS_PER_DAY => format!("{} h", ms / MS_PER_HOUR),
        ms if ms < 2 * MS_PER_DAY => "1 day".to_owned(),
        ms => format!("{} days", ms / MS_PER_DAY),
    }
}

/// How long ago `then` was: `just now`, `5 min ago`, `3 h ago`. `None` when `then` cannot be read.
pub fn format_age(now_ms: i64, then: &str) -> Option<String> {
    let age = now_ms - parse_rfc3339_ms(then)?;
    Some(if age < MS_PER_MINUTE { "just now".to_owned() } else { format!("{} ago", span(age)) })
}

/// How far away `then` is: `in 5 min`, `in 3 h`; `due` once passed. `None` when `then` cannot be read.
pub fn format_until(now_ms: i64, then: &str) -> Option<String> {
    let left = parse_rfc3339_ms(then)? - now_ms;
    Some(if left <= 0 { "due".to_owned() } else { format!("in {}", span(left)) })
}

/// A running or finished job's duration: `8 s`, `3 min 05 s`, `1 h 02 min`.
pub fn format_elapsed(ms: i64) -> String {
    let s = ms.max(0) / MS_PER_SECOND;
    match s {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min {:02} s", s / 60, s % 60),
        s => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
    }
}

/// When a snapshot is dropped: from `expiresAt`, else `createdAt` + 24 h. `expires in ~23 h`, `expires in <1 h`,
/// `expired`; `None` when neither time can be read. Hours carry the same unit as ages (`17 h ago`).
pub fn expiry_text(now_ms: i64, created_at: Option<&str>, expires_at: Option<&str>) -> Option<String> {
    let expires = expires_at
        .and_then(parse_rfc3339_ms)
        .or_else(|| created_at.and_then(parse_rfc3339_ms).map(|c| c + SNAPSHOT_LIFETIME_MS))?;
    let left = expires - now_ms;
    Some(match left {
        l if l <= 0 => "expired".to_owned(),
        l if l < MS_PER_HOUR => "expires in <1 h".to_owned(),
        // Round to the nearest hour: a fresh snapshot says ~24 h, not ~23 h.
        l => format!("expires in ~{} h", (l + MS_PER_HOUR / 2) / MS_PER_HOUR),
    })
}

/// A size given in GB, for people: `12.5 GB`, `512 MB`, `1.2 TB`.
pub fn format_size_gb(gb: f64) -> String {
    if !gb.is_finite() || gb < 0.0 {
        return "unknown size".to_owned();
    }
    if gb >= 1000.0 {
        format!("{:.1} TB", gb / 1000.0)
    } else if gb >= 10.0 {
        format!("{gb:.0} GB")
    } else if gb >= 1.0 {
        format!("{gb:.1} GB")
    } else {
        format!("{:.0} MB", gb * 1000.0)
    }
}

/// A quota or slot usage line: `3 of 10 used, 7 remaining`, or `3 used (no limit)`.
pub fn usage_text(used: u64, limit: Option<u64>, remaining: Option<u64>) -> String {
    match limit {
        Some(limit) => {
            let remaining = remaining.unwrap_or(limit.saturating_sub(used));
            format!("{used} of {limit} used, {remaining} remaining")
        }
        None => format!("{used} used (no limit)"),
    }
}

/// How full a meter is, for its colour: `ok` below 2/3, `high` from 2/3, `full` at the limit.
pub fn usage_level(used: u64, limit: u64) -> &'static str {
    if limit == 0 || used >= limit {
        "full"
    } else if used * 3 >= limit * 2 {
        "high"
    } else {
        "ok"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: &str = "2026-04-27T10:00:00.000Z";

    fn plus_two(_: i64) -> i32 {
        120
    }

    #[test]
    fn parses_rfc3339_with_millis_offsets_and_rejects_garbage() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339_ms(T0), Some(1_777_284_000_000));
        assert_eq!(parse_rfc3339_ms("2026-04-27T12:00:00.5+02:00"), Some(1_777_284_000_500));
        assert_eq!(parse_rfc3339_ms("2026-04-27T05:00:00-05:00"), Some(1_777_284_000_000));
        for bad in ["", "yesterday", "2026-13-01T00:00:00Z", "2026-04-27T10:00:00", "2026-04-27T10:00:00.Z"] {
            assert_eq!(parse_rfc3339_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn times_show_in_the_viewers_zone_or_utc_and_keep_unreadable_text() {
        assert_eq!(format_time(T0, Zone::Utc), "27 Apr 2026, 10:00 UTC");
        assert_eq!(format_time(T0, Zone::Local(plus_two)), "27 Apr 2026, 12:00");
        assert_eq!(format_time("2026-04-27T01:30:00+02:00", Zone::Utc), "26 Apr 2026, 23:30 UTC");
        assert_eq!(format_time("2024-02-29T00:00:00Z", Zone::Utc), "29 Feb 2024, 00:00 UTC");
        assert_eq!(format_time("soon", Zone::Utc), "soon");
        let t0 = parse_rfc3339_ms(T0).unwrap();
        assert_eq!(format_utc(t0), "2026-04-27 10:00:00 UTC");
        assert_eq!(format_clock(t0 + 7_000, Zone::Local(plus_two)), "12:00:07");
        assert_eq!(format_clock(t0, Zone::Utc), "10:00:00 UTC");
    }

    #[test]
    fn ages_and_distances_round_down_to_their_largest_unit() {
        let t0 = parse_rfc3339_ms(T0).unwrap();
        assert_eq!(format_age(t0 + 10_000, T0).as_deref(), Some("just now"));
        assert_eq!(format_age(t0 + 5 * MS_PER_MINUTE + 59_000, T0).as_deref(), Some("5 min ago"));
        assert_eq!(format_age(t0 + 3 * MS_PER_HOUR, T0).as_deref(), Some("3 h ago"));
        assert_eq!(format_age(t0 + 30 * MS_PER_HOUR, T0).as_deref(), Some("1 day ago"));
        assert_eq!(format_age(t0 + 50 * MS_PER_HOUR, T0).as_deref(), Some("2 days ago"));
        assert_eq!(format_age(t0, "n/a"), None);
        assert_eq!(format_until(t0 - 3 * MS_PER_HOUR, T0).as_deref(), Some("in 3 h"));
        assert_eq!(format_until(t0 + 1, T0).as_deref(), Some("due"));
    }

    #[test]
    fn elapsed_times_grow_units() {
        assert_eq!(format_elapsed(8_400), "8 s");
        assert_eq!(format_elapsed(185_000), "3 min 05 s");
        assert_eq!(format_elapsed(3_720_000), "1 h 02 min");
        assert_eq!(format_elapsed(-5), "0 s");
    }

    #[test]
    fn snapshot_expiry_uses_expires_at_or_created_plus_24h() {
        let t0 = parse_rfc3339_ms(T0).unwrap();
        assert_eq!(expiry_text(t0, Some(T0), None).as_deref(), Some("expires in ~24 h"));
        assert_eq!(expiry_text(t0 + 20 * MS_PER_HOUR, Some(T0), None).as_deref(), Some("expires in ~4 h"));
        assert_eq!(expiry_text(t0, None, Some("2026-04-27T10:30:00Z")).as_deref(), Some("expires in <1 h"));
        assert_eq!(expiry_text(t0 + 25 * MS_PER_HOUR, Some(T0), None).as_deref(), Some("expired"));
        assert_eq!(expiry_text(t0, Some(T0), Some("2026-04-27T12:00:00Z")).as_deref(), Some("expires in ~2 h"));
        assert_eq!(expiry_text(t0, None, None), None);
    }

    #[test]
    fn sizes_pick_a_readable_unit() {
        assert_eq!(format_size_gb(0.5), "500 MB");
        assert_eq!(format_size_gb(2.25), "2.2 GB");
        assert_eq!(format_size_gb(42.4), "42 GB");
        assert_eq!(format_size_gb(1500.0), "1.5 TB");
        assert_eq!(format_size_gb(f64::NAN), "unknown size");
    }

    #[test]
    fn usage_lines_and_meter_levels() {
        assert_eq!(usage_text(3, Some(10), Some(7)), "3 of 10 used, 7 remaining");
        assert_eq!(usage_text(3, Some(10), None), "3 of 10 used, 7 remaining");
        assert_eq!(usage_text(3, None, None), "3 used (no limit)");
        assert_eq!(usage_level(1, 3), "ok");
        assert_eq!(usage_level(2, 3), "high");
        assert_eq!(usage_level(3, 3), "full");
        assert_eq!(usage_level(4, 7), "ok");
        assert_eq!(usage_level(5, 7), "high");
        assert_eq!(usage_level(7, 7), "full");
    }
}
