//! Properties over generated input: the validators accept exactly what the contract allows, and nothing a server,
//! a proxy or a caller can send makes the core panic.

mod common;

use common::*;
use hostup_core::{
    api_error, check, retry_after, validate_snapshot_name, BackupInput, BackupSchedule, Config, CreateBackup,
    CreateSnapshot, DeleteBackup, DeleteBackupSchedule, DeleteSnapshot, Description, Endpoint, GetJob, GetVps,
    GetVpsStatus, JobPoller, ListBackupSchedules, ListBackups, ListSnapshots, ListVps, OperationStatus, PollProfile,
    RateLimitInfo, RateLimiter, RequestKind, ResourceId, Response, RestoreBackup, RestoreSnapshot, RetryAfter,
    RetryPolicy, SchedulePatch, SetBackupSchedule, SnapshotInput, UpdateBackupSchedules,
};
use proptest::prelude::*;
use serde_json::Value;

// ---------------------------------------------------------------- strategies

/// Strings near the snapshot-name and id rules: allowed characters, their neighbours, look-alikes and anything.
fn near_rule_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[A-Za-z0-9_-]{0,45}",
        "[A-Za-z0-9_\\-.~/?#% \t\u{0}\u{7f}é\u{FF0F}\u{FF41}\u{0430}\u{200B}]{0,45}",
        "[A-Za-z0-9._~-]{0,140}",
    ]
}

const KEYS: &[&str] = &[
    "frequency",
    "hour",
    "dayOfWeek",
    "dayOfMonth",
    "retentionCount",
    "enabled",
    "name",
    "id",
    "description",
    "note",
    "mode",
    "operation",
    "data",
    "status",
    "jobId",
    "pollUrl",
    "result",
    "error",
    "kind",
    "backups",
    "quotaInfo",
    "actions",
    "canCreateBackup",
    "canRestore",
    "canCreate",
    "allowed",
    "reason",
    "code",
    "sizeGb",
    "limits",
    "errors",
    "pointer",
    "extensions",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![4 => prop::sample::select(KEYS).prop_map(String::from), 1 => "[a-zA-Z]{0,6}"]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-3i64..40).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(Value::Number)),
        prop::sample::select(&["daily", "weekly", "monthly", "hourly", "", "queued", "completed", "paused", "x y"][..])
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ]
}

fn arb_json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..8).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A schedule-shaped object: the schedule's keys with values near their rules.
fn arb_schedule() -> impl Strategy<Value = Value> {
    let field = |k: &'static str| {
        prop_oneof![
            1 => Just(None),
            4 => leaf().prop_map(Some),
        ]
        .prop_map(move |v| v.map(|v| (k.to_owned(), v)))
    };
    (
        field("frequency"),
        field("hour"),
        field("dayOfWeek"),
        field("dayOfMonth"),
        field("retentionCount"),
        field("enabled"),
        field("name"),
        field("id"),
        prop::option::of((key(), leaf())),
    )
        .prop_map(|(a, b, c, d, e, f, g, h, extra)| {
            Value::Object([a, b, c, d, e, f, g, h, extra].into_iter().flatten().collect())
        })
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9]{0,25}",
        "-?[0-9]{0,4}(\\.[0-9]{0,4})?(e[0-9]{1,4})?",
        Just("NaN".to_owned()),
        Just("inf".to_owned()),
        "(Mon|Sun|Xyz), [0-9]{1,2} (Jan|Feb|Apr|Dec|Foo) [0-9]{1,6} [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2} (GMT|UTC)( x)?",
        "application/(problem\\+)?json|text/html|",
    ]
}

fn arb_headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop::sample::select(
        &["Content-Type", "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "x-other"]
            [..],
    );
    prop::collection::vec((name.prop_map(String::from), header_value()), 0..6)
}

fn arb_status() -> impl Strategy<Value = u16> {
    prop_oneof![any::<u16>(), prop::sample::select(&[200u16, 201, 202, 204, 400, 404, 429, 500, 502, 503][..])]
}

/// A seed body with bytes flipped, removed, inserted, or cut off.
fn mutated_seed() -> impl Strategy<Value = Vec<u8>> {
    (prop::sample::select(FIXTURES), prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..6))
        .prop_map(|(name, edits)| {
            let mut body = fixture(name).into_bytes();
            for (at, op, byte) in edits {
                if body.is_empty() {
                    break;
                }
                let i = at.index(body.len());
                match op {
                    0 => body[i] = byte,
                    1 => {
                        body.remove(i);
                    }
                    2 => body.insert(i, byte),
                    _ => body.truncate(i),
                }
            }
            body
        })
}

// ---------------------------------------------------------------- the reference predicates

/// `^[A-Za-z0-9_-]{1,40}$`, written out by hand.
fn is_valid_snapshot_name(s: &str) -> bool {
    let mut count = 0;
    for c in s.chars() {
        if !matches!(c, 'A'..='Z' | 'a'..='z' | '0'..='9' | '_' | '-') {
            return false;
        }
        count += 1;
    }
    (1..=40).contains(&count)
}

fn has_unsafe_id_char(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '/' | '?' | '#' | '%' | '\\') || c.is_whitespace() || c.is_control() || !c.is_ascii())
}

// ---------------------------------------------------------------- parsing everything

/// Every function that reads a response, fed `resp`. None of them may panic.
fn parse_everything(resp: &Response) {
    let c = seed_config();
    let schedule = SetBackupSchedule::from_json(VPS, &fixture_value("schedule_daily_request")).unwrap();
    let patch = UpdateBackupSchedules::from_json(VPS, &serde_json::json!({ "enabled": true })).unwrap();
    let _ = ListVps.parse(resp);
    let _ = GetVps::new(VPS).unwrap().parse(resp);
    let _ = GetVpsStatus::new(VPS).unwrap().parse(resp);
    let _ = ListBackups::new(VPS).unwrap().parse(resp);
    let _ = CreateBackup::new(VPS, None).unwrap().parse(resp);
    let _ = RestoreBackup::new(VPS, "bkp_1", "bkp_1").unwrap().parse(resp);
    let _ = DeleteBackup::new(VPS, "bkp_1").unwrap().parse(resp);
    let _ = ListSnapshots::new(VPS).unwrap().parse(resp);
    let _ = CreateSnapshot::new(VPS, "before-upgrade", Description::Omitted).unwrap().parse(resp);
    let _ = RestoreSnapshot::new(VPS, "before-upgrade", "before-upgrade").unwrap().parse(resp);
    let _ = DeleteSnapshot::new(VPS, "before-upgrade").unwrap().parse(resp);
    let _ = ListBackupSchedules::new(VPS).unwrap().parse(resp);
    let _ = schedule.parse(resp);
    let _ = patch.parse(resp);
    let _ = DeleteBackupSchedule::new(VPS, "bks_1").unwrap().parse(resp);
    let _ = GetJob::new(JOB, &c).unwrap().parse(resp);
    let _ = check(resp);
    let err = api_error(resp);
    assert_eq!(err.status, resp.status);
    if let Some(snippet) = &err.snippet {
        assert!(snippet.chars().count() <= 161);
    }
    let _ = err.message();
    let _ = retry_after(resp);
    let _ = RateLimitInfo::from_response(resp);
}

/// Every loose-JSON constructor, fed `v`. None of them may panic.
fn validate_everything(v: &Value) {
    let _ = BackupSchedule::from_json(v);
    let _ = SnapshotInput::from_json(v);
    let _ = SchedulePatch::from_json(v);
    let _ = BackupInput::from_json(v);
    let _ = SetBackupSchedule::from_json(VPS, v);
    let _ = UpdateBackupSchedules::from_json(VPS, v);
    let _ = CreateSnapshot::from_json(VPS, v);
    let _ = CreateBackup::from_json(VPS, v);
    let _ = hostup_core::validate_backup_schedule(v);
}

// ---------------------------------------------------------------- properties

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn snapshot_names_match_the_contract_rule(s in near_rule_string()) {
        let errors = validate_snapshot_name(&s);
        prop_assert_eq!(errors.is_empty(), is_valid_snapshot_name(&s), "{:?}: {:?}", s, errors);
        if let Some(e) = errors.first() {
            prop_assert_eq!(errors.len(), 1);
            prop_assert_eq!(e.pointer.as_str(), "/name");
            let only_allowed_chars = !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            let expected = if only_allowed_chars { "too_long" } else { "invalid_format" };
            prop_assert_eq!(e.code.as_str(), expected, "{:?}", s);
        }
        // The same rule guards `{snapshotId}`, and a valid name goes into the URL unchanged.
        match RestoreSnapshot::new(VPS, &s, &s) {
            Ok(call) => {
                prop_assert!(is_valid_snapshot_name(&s));
                let url = call.request(&seed_config()).url;
                prop_assert_eq!(url, format!("{BASE}/api/v2/vps/{VPS}/snapshots/{s}/actions/restore"));
            }
            Err(e) => {
                prop_assert!(!is_valid_snapshot_name(&s));
                prop_assert_eq!(e.errors()[0].pointer.as_str(), "/snapshotId");
            }
        }
    }

    #[test]
    fn ids_stay_inside_their_path_segment(id in near_rule_string()) {
        match ResourceId::parse_at(&id, "/vpsId") {
            Ok(parsed) => {
                prop_assert!(!has_unsafe_id_char(&id), "{:?}", id);
                prop_assert!(!id.is_empty() && id != "." && id != ".." && id.len() <= 128, "{:?}", id);
                prop_assert_eq!(parsed.as_str(), id.as_str());
                let c = seed_config();
                // Percent-encoding an accepted id changes nothing: the URL holds it verbatim.
                prop_assert_eq!(ListBackups::new(&id).unwrap().request(&c).url, format!("{BASE}/api/v2/vps/{id}/backups"));
                prop_assert_eq!(
                    DeleteBackup::new(VPS, &id).unwrap().request(&c).url,
                    format!("{BASE}/api/v2/vps/{VPS}/backups/{id}")
                );
                prop_assert_eq!(GetJob::new(&id, &c).unwrap().request(&c).url, format!("{BASE}/api/jobs/{id}"));
            }
            Err(e) => {
                prop_assert_eq!(e.pointer.as_str(), "/vpsId");
                prop_assert!(ListBackups::new(&id).is_err());
                prop_assert!(DeleteBackupSchedule::new(VPS, &id).is_err());
            }
        }
    }

    #[test]
    fn poll_urls_never_leave_the_origin(url in prop_oneof![
        near_rule_string(),
        "(https?:)?//[a-z.]{0,20}(:[0-9]{1,5})?/api/jobs/[A-Za-z0-9_./%?#-]{0,20}",
        "/api/jobs/[A-Za-z0-9_./%?#~-]{0,20}",
    ]) {
        let c = Config::new("https://cloud.hostup.se/base", None).unwrap();
        if let Ok(job) = GetJob::new(&url, &c) {
            let req = job.request(&c);
            let rest = req.url.strip_prefix("https://cloud.hostup.se/api/jobs/").expect("same origin");
            prop_assert!(!rest.is_empty() && !has_unsafe_id_char(rest) && rest != "." && rest != "..", "{:?}", req.url);
            prop_assert_eq!(req.kind, RequestKind::Read);
        }
    }

    #[test]
    fn parsing_arbitrary_bytes_never_panics(
        status in arb_status(),
        headers in arb_headers(),
        body in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        parse_everything(&Response { status, headers, body });
    }

    #[test]
    fn parsing_mutated_seed_bodies_never_panics(status in arb_status(), headers in arb_headers(), body in mutated_seed()) {
        parse_everything(&Response { status, headers, body });
    }

    #[test]
    fn parsing_arbitrary_json_never_panics(status in arb_status(), v in arb_json()) {
        parse_everything(&Response { status, headers: vec![], body: v.to_string().into_bytes() });
        // Wrapped the way the inferred endpoints may wrap it, too.
        for wrapper in ["operation", "data"] {
            let wrapped = serde_json::json!({ wrapper: v.clone() });
            parse_everything(&Response { status, headers: vec![], body: wrapped.to_string().into_bytes() });
        }
    }

    #[test]
    fn header_parsers_never_panic(value in header_value(), now in any::<u64>()) {
        if let Some(r) = RetryAfter::parse(&value) {
            let d = r.delay_ms(now);
            if let RetryAfter::Delay { ms } = r {
                prop_assert_eq!(d, ms);
            }
        }
    }

    #[test]
    fn policies_never_panic_on_server_values(
        retry_after_ms in prop_oneof![any::<u64>(), 0u64..200_000, (u64::MAX - 100_000)..=u64::MAX],
        limit in any::<Option<u64>>(),
        remaining in any::<Option<u64>>(),
        in_flight in any::<u32>(),
        now in 0u64..(1 << 50),
        random in prop_oneof![0.0f64..1.0, any::<f64>()],
        status in arb_status(),
    ) {
        let mut limiter = RateLimiter::new();
        limiter.observe(now, &RateLimitInfo { limit, remaining, reset: None }, in_flight);
        let _ = limiter.acquire(now);
        limiter.block_for(now, retry_after_ms);
        let _ = limiter.acquire(now.saturating_add(retry_after_ms));
        let _ = limiter.available();

        let outcome = hostup_core::Outcome::Response { status, retry_after: Some(RetryAfter::Delay { ms: retry_after_ms }) };
        let policy = RetryPolicy::default();
        for kind in [RequestKind::Read, RequestKind::Create, RequestKind::Restore] {
            if let hostup_core::RetryDecision::RetryAfter(ms) = policy.decide(kind, 0, outcome, now, random) {
                prop_assert!(ms <= policy.max_retry_after_ms + 1_000);
            }
        }
        let _ = policy.backoff(in_flight, random);

        let mut poller = JobPoller::new(PollProfile::BACKUP, now, Some(retry_after_ms));
        let _ = poller.start(now, &OperationStatus::Queued);
        let _ = poller.observe(now.saturating_add(retry_after_ms / 2), &OperationStatus::InProgress, Some(retry_after_ms));
        let _ = poller.observe_transient_error(now.saturating_add(retry_after_ms), Some(retry_after_ms));
    }

    #[test]
    fn validating_arbitrary_json_never_panics(v in arb_json()) {
        validate_everything(&v);
    }

    #[test]
    fn valid_schedules_serialize_to_valid_bodies(v in arb_schedule()) {
        validate_everything(&v);
        let errors = hostup_core::validate_backup_schedule(&v);
        match BackupSchedule::from_json(&v) {
            Ok(schedule) => {
                prop_assert!(errors.is_empty());
                let body = SetBackupSchedule::new(VPS, schedule.clone()).unwrap().request(&seed_config()).body.unwrap();
                let sent: Value = serde_json::from_str(&body).unwrap();
                prop_assert!(sent.as_object().unwrap().values().all(|x| !x.is_null()), "{}", body);
                let again = BackupSchedule::from_json(&sent);
                prop_assert_eq!(again, Ok(schedule), "{}", body);
            }
            Err(e) => {
                prop_assert!(!e.errors().is_empty());
                prop_assert_eq!(e.errors(), &errors[..]);
            }
        }
        if let Ok(patch) = SchedulePatch::from_json(&v) {
            let body = serde_json::from_str::<serde_json::Value>(&patch.body()).unwrap();
            let again = SchedulePatch::from_json(&body);
            prop_assert_eq!(again, Ok(patch), "{}", body);
        }
    }
}

proptest! {
    /// Bodies are written by hand (no serializer in the wasm); any text is escaped exactly as serde_json escapes it.
    #[test]
    fn bodies_escape_any_text_as_serde_json_does(text in any::<String>()) {
        let input = SnapshotInput::from_json(&serde_json::json!({ "name": "n", "description": text })).unwrap();
        let expected = format!("{{\"name\":\"n\",\"description\":{}}}", serde_json::to_string(&text).unwrap());
        prop_assert_eq!(input.body(), expected);
    }
}
