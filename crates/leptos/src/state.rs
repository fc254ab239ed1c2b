//! The widget's reactive-free logic: formatting times, ages and sizes, the rate-limit notice, the schedule form's
//! JSON, mapping field errors onto fields, and the encoding of the job ids kept in `localStorage`.
//! Plain Rust with native unit tests; the components only wire these to signals.

use hostup_client::{ClientEvent, Error};
use hostup_core::{FieldError, Frequency, Job, JobKind, OperationStatus, Schedule};
use serde_json::{Map, Value};

const MS_PER_MINUTE: i64 = 60_000;
const MS_PER_HOUR: i64 = 60 * MS_PER_MINUTE;
const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;

/// How long a snapshot lives when the server sends no `expiresAt` (API.md "Backups vs snapshots": about 24 hours).
pub const SNAPSHOT_LIFETIME_MS: i64 = 24 * MS_PER_HOUR;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number since 1970-01-01: `(year, month, day)`.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// Parses an RFC 3339 timestamp (`2026-04-27T10:00:00.000Z`, `2026-04-27T12:00:00+02:00`) into Unix milliseconds.
/// `None` for anything else — the caller then shows the raw text.
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let frac = &s[start..i];
        if frac.is_empty() {
            return None;
        }
        let padded: String = frac.chars().chain("000".chars()).take(3).collect();
        millis = padded.parse().ok()?;
    }
    let offset_min = match &s[i..] {
        "Z" | "z" => 0,
        tz if tz.len() == 6 && matches!(tz.as_bytes()[0], b'+' | b'-') && tz.as_bytes()[3] == b':' => {
            let minutes = num(i + 1, 2)? * 60 + num(i + 4, 2)?;
            if tz.starts_with('-') {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    Some(((days * 24 + hour) * 60 + minute - offset_min) * MS_PER_MINUTE + second * 1000 + millis)
}

/// A timestamp for people, in UTC: `2026-04-27 10:00 UTC`. Unparseable text is returned as sent.
pub fn format_time(rfc3339: &str) -> String {
    let Some(ms) = parse_rfc3339_ms(rfc3339) else { return rfc3339.to_owned() };
    let (y, mo, d) = civil_from_days(ms.div_euclid(MS_PER_DAY));
    let in_day = ms.rem_euclid(MS_PER_DAY);
    format!("{y:04}-{mo:02}-{d:02} {:02}:{:02} UTC", in_day / MS_PER_HOUR, (in_day % MS_PER_HOUR) / MS_PER_MINUTE)
}

/// A duration in words, rounded down to its largest unit: `5 min`, `3 h`, `2 days`.
fn span(ms: i64) -> String {
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

/// When a snapshot is dropped: from `expiresAt`, else `createdAt` + 24 h. `expires in ~23h`, `expires in <1h`,
/// `expired`; `None` when neither time can be read.
pub fn expiry_text(now_ms: i64, created_at: Option<&str>, expires_at: Option<&str>) -> Option<String> {
    let expires = expires_at
        .and_then(parse_rfc3339_ms)
        .or_else(|| created_at.and_then(parse_rfc3339_ms).map(|c| c + SNAPSHOT_LIFETIME_MS))?;
    let left = expires - now_ms;
    Some(match left {
        l if l <= 0 => "expired".to_owned(),
        l if l < MS_PER_HOUR => "expires in <1h".to_owned(),
        // Round to the nearest hour: a fresh snapshot says ~24h, not ~23h.
        l => format!("expires in ~{}h", (l + MS_PER_HOUR / 2) / MS_PER_HOUR),
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

/// What the calm status notice should do after a client event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Show this text.
    Show(String),
    /// Remove the notice.
    Clear,
    /// Leave the notice as it is.
    Keep,
}

/// The notice for a [`ClientEvent`]: rate limits say how long, other retries say only that they retry.
pub fn notice_for(event: &ClientEvent) -> Notice {
    match event {
        ClientEvent::RateLimited { wait_ms } | ClientEvent::Retrying { delay_ms: wait_ms, status: Some(429), .. } => {
            Notice::Show(format!("Rate limited — retrying in {} s", wait_ms.div_ceil(1000).max(1)))
        }
        ClientEvent::Retrying { .. } => Notice::Show("Connection trouble — retrying…".to_owned()),
        ClientEvent::Recovered => Notice::Clear,
        ClientEvent::Drift(_) => Notice::Keep,
    }
}

/// An error for the panel: the client's message (which never contains the key) plus the request id when the
/// message does not already carry it.
pub fn error_text(error: &Error) -> String {
    let text = error.to_string();
    match error.request_id() {
        Some(id) if !text.contains(id) => format!("{text} (request id {id})"),
        _ => text,
    }
}

/// What a failed job's problem says: title, detail and the request id to quote to support (each when present).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JobFailure {
    /// The problem's title.
    pub title: Option<String>,
    /// The problem's detail.
    pub detail: Option<String>,
    /// The request id.
    pub request_id: Option<String>,
}

impl JobFailure {
    /// Reads a failed job's `error`.
    pub fn of(job: &Job) -> Self {
        let p = job.error.as_ref();
        Self {
            title: p.and_then(|p| p.title.clone()).or_else(|| Some("The job failed".to_owned())),
            detail: p.and_then(|p| p.detail.clone()),
            request_id: p.and_then(|p| p.request_id.clone()),
        }
    }

    /// A failure that is not a job's problem (the wait itself failed): the error's text as the title.
    pub fn from_error(error: &Error) -> Self {
        match error {
            Error::JobFailed(job) => Self::of(job),
            other => {
                Self { title: Some(other.to_string()), detail: None, request_id: other.request_id().map(str::to_owned) }
            }
        }
    }
}

/// What a job does, for people: `Backup`, `Snapshot before-upgrade`, `Restore of snapshot before-upgrade`.
pub fn job_title(kind: Option<&JobKind>, subject: &str) -> String {
    let what = match kind {
        Some(JobKind::Backup) => "Backup",
        Some(JobKind::Snapshot) => "Snapshot",
        Some(JobKind::SnapshotRestore) => "Restore of snapshot",
        Some(JobKind::BackupRestore) => "Restore of backup",
        Some(JobKind::SnapshotDelete) => "Deleting snapshot",
        Some(JobKind::BackupDelete) => "Deleting backup",
        Some(JobKind::Unknown(_)) | None => "Job",
    };
    if subject.is_empty() {
        what.to_owned()
    } else {
        format!("{what} {subject}")
    }
}

/// A job status for people (the wire word with its underscore replaced: `in progress`).
pub fn status_text(status: &OperationStatus) -> String {
    status.as_str().replace('_', " ")
}

/// A job the panel follows, as kept in `localStorage` so that a reloaded page resumes it. Only ids and labels —
/// never the API key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackedJob {
    /// `job_…`.
    pub id: String,
    /// The job's kind (wire text), when known.
    pub kind: Option<String>,
    /// What it acts on (a snapshot name, a backup note), for the label.
    pub subject: String,
}

impl TrackedJob {
    /// The kind, parsed.
    pub fn job_kind(&self) -> Option<JobKind> {
        self.kind.as_deref().map(JobKind::from_wire)
    }
}

/// The `localStorage` key of a VPS's running jobs.
pub fn jobs_storage_key(vps_id: &str) -> String {
    format!("hostup-backups:jobs:{vps_id}")
}

/// Encodes tracked jobs as a JSON array of `{id, kind, subject}`.
pub fn encode_jobs(jobs: &[TrackedJob]) -> String {
    let items: Vec<Value> = jobs
        .iter()
        .map(|j| {
            let mut m = Map::new();
            m.insert("id".into(), j.id.clone().into());
            if let Some(k) = &j.kind {
                m.insert("kind".into(), k.clone().into());
            }
            m.insert("subject".into(), j.subject.clone().into());
            Value::Object(m)
        })
        .collect();
    Value::Array(items).to_string()
}

/// Decodes what [`encode_jobs`] wrote. Tolerant: storage is user-editable, so anything unreadable is skipped, and
/// only ids that could be job ids are kept (they go into a URL path).
pub fn decode_jobs(text: &str) -> Vec<TrackedJob> {
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(text) else { return Vec::new() };
    let mut jobs: Vec<TrackedJob> = Vec::new();
    for item in items {
        let Some(id) = item.get("id").and_then(Value::as_str) else { continue };
        if hostup_core::ResourceId::parse_at(id, "/jobId").is_err() || jobs.iter().any(|j| j.id == id) {
            continue;
        }
        jobs.push(TrackedJob {
            id: id.to_owned(),
            kind: item.get("kind").and_then(Value::as_str).map(str::to_owned),
            subject: item.get("subject").and_then(Value::as_str).unwrap_or_default().to_owned(),
        });
    }
    jobs
}

/// Weekday names, index = `dayOfWeek` (0 = Sunday, seeds/002).
pub const WEEKDAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/// The schedule form's fields, as typed (text), so that a half-typed form can still be validated and shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleForm {
    /// `daily`, `weekly` or `monthly`.
    pub frequency: String,
    /// 0–23.
    pub hour: String,
    /// 0–6, used when weekly.
    pub day_of_week: String,
    /// 1–31, used when monthly.
    pub day_of_month: String,
    /// ≥ 1.
    pub retention: String,
    /// Whether it runs.
    pub enabled: bool,
    /// Optional name.
    pub name: String,
}

impl Default for ScheduleForm {
    fn default() -> Self {
        Self {
            frequency: "daily".into(),
            hour: "2".into(),
            day_of_week: "0".into(),
            day_of_month: "1".into(),
            retention: "7".into(),
            enabled: true,
            name: String::new(),
        }
    }
}

/// A number as typed: an integer when it reads as one, else the text itself (so core reports `invalid_type`).
fn typed_number(text: &str) -> Option<Value> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    Some(t.parse::<i64>().map_or_else(|_| Value::String(t.to_owned()), Value::from))
}

impl ScheduleForm {
    /// The form filled from a saved schedule (`time` `"02:00"`, `daySpecifier` `"monday"` or `"15"`).
    pub fn from_schedule(s: &Schedule) -> Self {
        let mut form = Self { frequency: s.frequency.as_str().to_owned(), ..Self::default() };
        if let Some(hour) = s.time.as_deref().and_then(|t| t.split(':').next()).and_then(|h| h.parse::<u8>().ok()) {
            form.hour = hour.to_string();
        }
        if let Some(day) = s.day_specifier.as_deref() {
            match s.frequency {
                Frequency::Weekly => {
                    if let Some(i) = WEEKDAYS.iter().position(|w| w.eq_ignore_ascii_case(day)) {
                        form.day_of_week = i.to_string();
                    }
                }
                Frequency::Monthly => form.day_of_month = day.to_owned(),
                _ => {}
            }
        }
        form.retention = s.retention_count.to_string();
        form.enabled = s.enabled;
        form.name = s.name.clone();
        form
    }

    /// Whether the form shows the "Day of week" field.
    pub fn has_day_of_week(&self) -> bool {
        self.frequency == "weekly"
    }

    /// Whether the form shows the "Day of month" field.
    pub fn has_day_of_month(&self) -> bool {
        self.frequency == "monthly"
    }

    /// The request body the form stands for: only the day field its frequency uses, numbers as numbers.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("frequency".into(), self.frequency.clone().into());
        if let Some(v) = typed_number(&self.hour) {
            m.insert("hour".into(), v);
        }
        if self.has_day_of_week() {
            if let Some(v) = typed_number(&self.day_of_week) {
                m.insert("dayOfWeek".into(), v);
            }
        }
        if self.has_day_of_month() {
            if let Some(v) = typed_number(&self.day_of_month) {
                m.insert("dayOfMonth".into(), v);
            }
        }
        if let Some(v) = typed_number(&self.retention) {
            m.insert("retentionCount".into(), v);
        }
        m.insert("enabled".into(), self.enabled.into());
        let name = self.name.trim();
        if !name.is_empty() {
            m.insert("name".into(), name.into());
        }
        Value::Object(m)
    }
}

/// The schedule form's fields, as named by the JSON pointers of client and server `errors[]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScheduleField {
    /// `/frequency`.
    Frequency,
    /// `/hour`.
    Hour,
    /// `/dayOfWeek`.
    DayOfWeek,
    /// `/dayOfMonth`.
    DayOfMonth,
    /// `/retentionCount`.
    Retention,
    /// `/enabled`.
    Enabled,
    /// `/name`.
    Name,
}

impl ScheduleField {
    /// The field a JSON pointer names; `None` for the body as a whole or an unknown pointer.
    pub fn from_pointer(pointer: &str) -> Option<Self> {
        let first = pointer.strip_prefix('/')?.split('/').next()?;
        Some(match first {
            "frequency" => Self::Frequency,
            "hour" => Self::Hour,
            "dayOfWeek" => Self::DayOfWeek,
            "dayOfMonth" => Self::DayOfMonth,
            "retentionCount" => Self::Retention,
            "enabled" => Self::Enabled,
            "name" => Self::Name,
            _ => return None,
        })
    }
}

/// Field errors sorted onto the form: one message per field, and the rest (body-level or unknown pointers).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormErrors {
    /// Per field, the first error's detail.
    pub fields: Vec<(ScheduleField, String)>,
    /// Errors that belong to no field.
    pub other: Vec<String>,
}

impl FormErrors {
    /// Sorts `errors` onto their fields by pointer.
    pub fn from_field_errors(errors: &[FieldError]) -> Self {
        let mut out = Self::default();
        for e in errors {
            match ScheduleField::from_pointer(&e.pointer) {
                Some(f) if out.fields.iter().all(|(g, _)| *g != f) => out.fields.push((f, e.detail.clone())),
                Some(_) => {}
                None => out.other.push(e.detail.clone()),
            }
        }
        out
    }

    /// The message for `field`, if any.
    pub fn get(&self, field: ScheduleField) -> Option<String> {
        self.fields.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone())
    }

    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.other.is_empty()
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

#[cfg(test)]
mod tests {
    use super::*;
    use hostup_core::ApiError;

    const T0: &str = "2026-04-27T10:00:00.000Z";

    #[test]
    fn parses_rfc3339_with_millis_offsets_and_rejects_garbage() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339_ms(T0), Some(1_777_284_000_000));
        assert_eq!(parse_rfc3339_ms("2026-04-27T12:00:00.5+02:00"), Some(1_777_284_000_500));
        assert_eq!(parse_rfc3339_ms("2026-04-27T05:00:00-05:00"), Some(1_777_284_000_000));
        assert_eq!(parse_rfc3339_ms("2024-02-29T00:00:00Z").map(format_time_ms), Some("2024-02-29".into()));
        for bad in ["", "yesterday", "2026-13-01T00:00:00Z", "2026-04-27T10:00:00", "2026-04-27T10:00:00.Z"] {
            assert_eq!(parse_rfc3339_ms(bad), None, "{bad}");
        }
    }

    fn format_time_ms(ms: i64) -> String {
        let (y, m, d) = civil_from_days(ms.div_euclid(MS_PER_DAY));
        format!("{y:04}-{m:02}-{d:02}")
    }

    #[test]
    fn formats_times_in_utc_and_keeps_unreadable_text() {
        assert_eq!(format_time(T0), "2026-04-27 10:00 UTC");
        assert_eq!(format_time("2026-04-27T01:30:00+02:00"), "2026-04-26 23:30 UTC");
        assert_eq!(format_time("soon"), "soon");
    }

    #[test]
    fn ages_round_down_to_their_largest_unit() {
        let t0 = parse_rfc3339_ms(T0).unwrap();
        assert_eq!(format_age(t0 + 10_000, T0).as_deref(), Some("just now"));
        assert_eq!(format_age(t0 + 5 * MS_PER_MINUTE + 59_000, T0).as_deref(), Some("5 min ago"));
        assert_eq!(format_age(t0 + 3 * MS_PER_HOUR, T0).as_deref(), Some("3 h ago"));
        assert_eq!(format_age(t0 + 30 * MS_PER_HOUR, T0).as_deref(), Some("1 day ago"));
        assert_eq!(format_age(t0 + 50 * MS_PER_HOUR, T0).as_deref(), Some("2 days ago"));
        assert_eq!(format_age(t0, "n/a"), None);
    }

    #[test]
    fn snapshot_expiry_uses_expires_at_or_created_plus_24h() {
        let t0 = parse_rfc3339_ms(T0).unwrap();
        assert_eq!(expiry_text(t0, Some(T0), None).as_deref(), Some("expires in ~24h"));
        assert_eq!(expiry_text(t0 + 20 * MS_PER_HOUR, Some(T0), None).as_deref(), Some("expires in ~4h"));
        assert_eq!(expiry_text(t0, None, Some("2026-04-27T10:30:00Z")).as_deref(), Some("expires in <1h"));
        assert_eq!(expiry_text(t0 + 25 * MS_PER_HOUR, Some(T0), None).as_deref(), Some("expired"));
        // expiresAt wins over createdAt.
        assert_eq!(expiry_text(t0, Some(T0), Some("2026-04-27T12:00:00Z")).as_deref(), Some("expires in ~2h"));
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
    fn rate_limit_notices_say_how_long_and_recovery_clears() {
        let show = |s: &str| Notice::Show(s.to_owned());
        assert_eq!(notice_for(&ClientEvent::RateLimited { wait_ms: 11_200 }), show("Rate limited — retrying in 12 s"));
        assert_eq!(
            notice_for(&ClientEvent::Retrying { attempt: 1, delay_ms: 1000, status: Some(429) }),
            show("Rate limited — retrying in 1 s")
        );
        assert_eq!(notice_for(&ClientEvent::RateLimited { wait_ms: 10 }), show("Rate limited — retrying in 1 s"));
        assert_eq!(
            notice_for(&ClientEvent::Retrying { attempt: 2, delay_ms: 500, status: Some(503) }),
            show("Connection trouble — retrying…")
        );
        assert_eq!(
            notice_for(&ClientEvent::Retrying { attempt: 1, delay_ms: 500, status: None }),
            show("Connection trouble — retrying…")
        );
        assert_eq!(notice_for(&ClientEvent::Recovered), Notice::Clear);
    }

    fn failed_job() -> Job {
        serde_json::from_value(serde_json::json!({
            "status": "failed", "jobId": "job_1", "pollUrl": "/api/jobs/job_1", "result": null, "kind": "snapshot",
            "error": { "title": "Snapshot failed", "detail": "The disk is busy.", "requestId": "req_42",
                       "status": 500, "code": "internal_error" }
        }))
        .unwrap()
    }

    #[test]
    fn failed_jobs_show_title_detail_and_request_id() {
        let f = JobFailure::from_error(&Error::JobFailed(Box::new(failed_job())));
        assert_eq!(f.title.as_deref(), Some("Snapshot failed"));
        assert_eq!(f.detail.as_deref(), Some("The disk is busy."));
        assert_eq!(f.request_id.as_deref(), Some("req_42"));
        let mut bare = failed_job();
        bare.error = None;
        assert_eq!(JobFailure::of(&bare).title.as_deref(), Some("The job failed"));
    }

    #[test]
    fn error_text_adds_the_request_id_once() {
        let api = |request_id: Option<&str>| {
            Error::from(Box::new(ApiError {
                status: 404,
                code: "not_found".into(),
                problem: hostup_core::Problem {
                    title: Some("Not found".into()),
                    request_id: request_id.map(str::to_owned),
                    ..Default::default()
                },
                snippet: None,
                retry_after: None,
                rate_limit: Default::default(),
            }))
        };
        let text = error_text(&api(Some("req_9")));
        assert_eq!(text.matches("req_9").count(), 1, "{text}");
        assert!(!error_text(&api(None)).contains("request"));
        let net = Error::Network { message: "offline".into(), attempts: 3 };
        assert_eq!(error_text(&net), net.to_string());
    }

    #[test]
    fn job_titles_name_the_subject() {
        assert_eq!(job_title(Some(&JobKind::Snapshot), "pre-upgrade"), "Snapshot pre-upgrade");
        assert_eq!(job_title(Some(&JobKind::SnapshotRestore), "s1"), "Restore of snapshot s1");
        assert_eq!(job_title(Some(&JobKind::Backup), ""), "Backup");
        assert_eq!(job_title(None, ""), "Job");
        assert_eq!(status_text(&OperationStatus::InProgress), "in progress");
    }

    #[test]
    fn tracked_jobs_round_trip_and_bad_storage_is_skipped() {
        let jobs = vec![
            TrackedJob { id: "job_1".into(), kind: Some("snapshot".into()), subject: "s1".into() },
            TrackedJob { id: "job_2".into(), kind: None, subject: String::new() },
        ];
        let text = encode_jobs(&jobs);
        assert_eq!(decode_jobs(&text), jobs);
        assert_eq!(jobs[0].job_kind(), Some(JobKind::Snapshot));
        assert!(decode_jobs("not json").is_empty());
        assert!(decode_jobs("{\"id\":\"job_1\"}").is_empty());
        let messy = r#"[{"id":"../x"},{"id":7},{"nope":1},{"id":"job_3"},{"id":"job_3"}]"#;
        assert_eq!(decode_jobs(messy), vec![TrackedJob { id: "job_3".into(), kind: None, subject: String::new() }]);
        assert_eq!(jobs_storage_key("vps_1"), "hostup-backups:jobs:vps_1");
        assert!(!text.contains("Bearer") && !text.contains("key"));
    }

    #[test]
    fn the_schedule_form_sends_only_its_frequencys_day_field() {
        let mut form = ScheduleForm::default();
        assert_eq!(
            form.to_json(),
            serde_json::json!({"frequency": "daily", "hour": 2, "retentionCount": 7, "enabled": true})
        );
        assert!(hostup_core::validate_backup_schedule(&form.to_json()).is_empty());
        form.frequency = "weekly".into();
        form.day_of_week = "3".into();
        form.name = " nightly ".into();
        assert_eq!(
            form.to_json(),
            serde_json::json!({"frequency": "weekly", "hour": 2, "dayOfWeek": 3, "retentionCount": 7,
                               "enabled": true, "name": "nightly"})
        );
        form.frequency = "monthly".into();
        form.day_of_month = "31".into();
        let json = form.to_json();
        assert_eq!(json["dayOfMonth"], 31);
        assert!(json.get("dayOfWeek").is_none());
        assert!(form.has_day_of_month() && !form.has_day_of_week());
    }

    #[test]
    fn broken_schedule_fields_map_onto_their_inputs() {
        let form = ScheduleForm { hour: "24".into(), retention: "x".into(), ..ScheduleForm::default() };
        let errors = FormErrors::from_field_errors(&hostup_core::validate_backup_schedule(&form.to_json()));
        assert!(errors.get(ScheduleField::Hour).unwrap().contains("between 0 and 23"));
        assert!(errors.get(ScheduleField::Retention).is_some());
        assert_eq!(errors.get(ScheduleField::Name), None);
        let empty_hour = ScheduleForm { hour: " ".into(), ..ScheduleForm::default() };
        let errors = FormErrors::from_field_errors(&hostup_core::validate_backup_schedule(&empty_hour.to_json()));
        assert!(errors.get(ScheduleField::Hour).is_some());
        // Server errors use the same pointers; body-level ones go to `other`.
        let server = [
            FieldError::new("/dayOfWeek", "missing_required", "dayOfWeek is required"),
            FieldError::new("", "invalid_type", "bad body"),
        ];
        let errors = FormErrors::from_field_errors(&server);
        assert_eq!(errors.get(ScheduleField::DayOfWeek).as_deref(), Some("dayOfWeek is required"));
        assert_eq!(errors.other, vec!["bad body".to_owned()]);
        assert!(FormErrors::default().is_empty());
    }

    #[test]
    fn a_saved_schedule_fills_the_form() {
        let s: Schedule = serde_json::from_value(serde_json::json!({
            "id": "bks_1", "name": "weekly", "frequency": "weekly", "time": "03:00", "daySpecifier": "wednesday",
            "retentionCount": 4, "enabled": false, "lastRun": null, "nextRun": "2026-04-29T03:00:00.000Z",
            "status": null
        }))
        .unwrap();
        let form = ScheduleForm::from_schedule(&s);
        assert_eq!(
            form,
            ScheduleForm {
                frequency: "weekly".into(),
                hour: "3".into(),
                day_of_week: "3".into(),
                day_of_month: "1".into(),
                retention: "4".into(),
                enabled: false,
                name: "weekly".into(),
            }
        );
    }

    #[test]
    fn usage_lines() {
        assert_eq!(usage_text(3, Some(10), Some(7)), "3 of 10 used, 7 remaining");
        assert_eq!(usage_text(3, Some(10), None), "3 of 10 used, 7 remaining");
        assert_eq!(usage_text(3, None, None), "3 used (no limit)");
    }
}
