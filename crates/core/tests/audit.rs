//! The backup audit: findings a user would act on, decided from the contract's list shapes, a policy and `now`.

use hostup_core::audit::{
    audit_vps, format_rfc3339, parse_rfc3339, AuditPolicy, AuditRun, Finding, FindingCode, FleetAudit, Severity,
    VpsLists,
};
use hostup_core::{BackupList, ScheduleList, SnapshotList};
use proptest::prelude::*;
use serde_json::{json, Value};

const HOUR: u64 = 3_600_000;
/// 2026-04-27T12:00:00Z.
const NOW: u64 = 1_777_291_200_000;

fn at(ms_before_now: i64) -> String {
    format_rfc3339((NOW as i64 - ms_before_now) as u64)
}

fn gate(allowed: bool, code: Option<&str>) -> Value {
    json!({"allowed": allowed, "reason": code.map(|c| format!("closed: {c}")), "code": code})
}

/// A backups list with backups created at the given times (ms before `NOW`), `used`/`limit` quota and a gate.
fn backups(ages: &[i64], limit: Option<u64>, create_gate: Value) -> BackupList {
    let items: Vec<Value> = ages
        .iter()
        .enumerate()
        .map(|(i, age)| {
            json!({"id": format!("bkp_{i}"), "displayId": "d", "storageKey": "k", "createdAt": at(*age),
                   "sizeGb": 1.5, "backupType": "scheduled", "note": null})
        })
        .collect();
    let used = ages.len() as u64;
    serde_json::from_value(json!({
        "backups": items,
        "quotaInfo": {"used": used, "limit": limit, "remaining": limit.map(|l| l.saturating_sub(used))},
        "actions": {"canCreateBackup": create_gate, "canRestore": gate(!ages.is_empty(), None)}
    }))
    .unwrap()
}

fn schedule(id: &str, enabled: bool, retention: u64, status: Option<&str>, last_run: Option<String>) -> Value {
    json!({"id": id, "name": "nightly", "frequency": "daily", "time": "02:00", "daySpecifier": null,
           "retentionCount": retention, "enabled": enabled, "lastRun": last_run, "nextRun": at(-(10 * HOUR as i64)),
           "status": status})
}

fn schedules(items: Vec<Value>) -> ScheduleList {
    serde_json::from_value(
        json!({"data": items, "limits": {"maxSchedules": 1}, "actions": {"canCreate": gate(true, None)}}),
    )
    .unwrap()
}

fn snapshots(expires_in: &[i64], create_gate: Value) -> SnapshotList {
    let items: Vec<Value> = expires_in
        .iter()
        .enumerate()
        .map(|(i, left)| {
            json!({"name": format!("snap-{i}"), "description": null, "createdAt": at(24 * HOUR as i64 - left),
                   "expiresAt": at(-left), "sizeGb": 2.0})
        })
        .collect();
    serde_json::from_value(json!({"data": items, "available": true,
        "limits": {"totalSnapshots": 3, "usedSnapshots": expires_in.len()},
        "actions": {"canCreate": create_gate, "canRestore": gate(true, None)}}))
    .unwrap()
}

fn healthy() -> (BackupList, ScheduleList, SnapshotList) {
    (
        backups(&[2 * HOUR as i64, 26 * HOUR as i64], Some(7), gate(true, None)),
        schedules(vec![schedule("bks_1", true, 7, Some("completed"), Some(at(2 * HOUR as i64)))]),
        snapshots(&[], gate(true, None)),
    )
}

fn run(b: &BackupList, s: &ScheduleList, n: &SnapshotList, policy: &AuditPolicy, now: u64) -> Vec<Finding> {
    let lists = VpsLists { backups: Some(b), schedules: Some(s), snapshots: Some(n) };
    audit_vps("vps_1", Some("web-1"), lists, vec![], policy, now).1
}

fn codes(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn a_covered_vps_has_no_findings_and_a_full_row() {
    let (b, s, n) = healthy();
    let lists = VpsLists { backups: Some(&b), schedules: Some(&s), snapshots: Some(&n) };
    let (row, findings) = audit_vps("vps_1", Some("web-1"), lists, vec![], &AuditPolicy::default(), NOW);
    assert_eq!(findings, vec![]);
    assert_eq!(row.worst, None);
    assert_eq!(row.last_backup_at.as_deref(), Some(at(2 * HOUR as i64).as_str()));
    assert_eq!(row.last_backup_age_ms, Some(2 * HOUR));
    assert_eq!((row.backups, row.snapshots, row.snapshot_slots), (Some(2), Some(0), Some(3)));
    assert_eq!(row.schedules.as_ref().map(Vec::len), Some(1));
    assert!(!row.job_running);
}

#[test]
fn the_newest_backup_decides_staleness_at_26_hours() {
    let (_, s, n) = healthy();
    let policy = AuditPolicy::default();
    let fresh_enough = backups(&[30 * HOUR as i64, 26 * HOUR as i64], Some(7), gate(true, None));
    assert_eq!(codes(&run(&fresh_enough, &s, &n, &policy, NOW)), Vec::<&str>::new());
    let stale = backups(&[30 * HOUR as i64, 26 * HOUR as i64 + 1], Some(7), gate(true, None));
    let findings = run(&stale, &s, &n, &policy, NOW);
    assert_eq!(codes(&findings), ["backup_stale"]);
    let f = &findings[0];
    assert_eq!((f.severity, f.vps_id.as_str()), (Severity::Error, "vps_1"));
    assert_eq!(f.evidence.at.as_deref(), Some(at(26 * HOUR as i64 + 1).as_str()));
    assert_eq!((f.evidence.ms, f.evidence.limit_ms), (Some(26 * HOUR + 1), Some(26 * HOUR)));
    assert!(f.summary().contains("26h 00m old"), "{}", f.summary());
    // Overridable.
    let lenient = AuditPolicy { max_backup_age_ms: 48 * HOUR, ..AuditPolicy::default() };
    assert_eq!(codes(&run(&stale, &s, &n, &lenient, NOW)), Vec::<&str>::new());
}

#[test]
fn no_backup_and_no_enabled_schedule_are_errors() {
    let (_, _, n) = healthy();
    let b = backups(&[], Some(7), gate(true, None));
    let s = schedules(vec![schedule("bks_1", false, 7, None, None)]);
    let findings = run(&b, &s, &n, &AuditPolicy::default(), NOW);
    assert_eq!(codes(&findings), ["no_backup", "no_enabled_schedule"]);
    assert!(findings.iter().all(|f| f.severity == Severity::Error));
    assert_eq!((findings[1].evidence.count, findings[1].evidence.limit), (Some(0), Some(1)));
}

#[test]
fn a_failed_or_cancelled_last_run_names_the_schedule_and_its_time() {
    let (b, _, n) = healthy();
    let s = schedules(vec![
        schedule("bks_1", true, 7, Some("failed"), Some(at(3 * HOUR as i64))),
        schedule("bks_2", true, 7, Some("cancelled"), Some(at(HOUR as i64))),
    ]);
    let findings = run(&b, &s, &n, &AuditPolicy::default(), NOW);
    assert_eq!(codes(&findings), ["last_run_failed", "last_run_cancelled"]);
    assert_eq!(findings[0].evidence.schedule_id.as_deref(), Some("bks_1"));
    assert_eq!(findings[0].evidence.at.as_deref(), Some(at(3 * HOUR as i64).as_str()));
    assert_eq!((findings[0].severity, findings[1].severity), (Severity::Error, Severity::Warning));
}

#[test]
fn retention_below_the_policy_is_a_warning_for_enabled_schedules() {
    let (b, _, n) = healthy();
    let s = schedules(vec![schedule("bks_1", true, 3, None, None), schedule("bks_2", false, 1, None, None)]);
    let policy = AuditPolicy { min_retention: 5, ..AuditPolicy::default() };
    let findings = run(&b, &s, &n, &policy, NOW);
    assert_eq!(codes(&findings), ["retention_low"]);
    assert_eq!((findings[0].evidence.count, findings[0].evidence.limit), (Some(3), Some(5)));
    assert_eq!(findings[0].evidence.schedule_id.as_deref(), Some("bks_1"));
}

#[test]
fn a_full_quota_warns_with_used_and_limit_unless_the_policy_says_not_to() {
    let (_, s, n) = healthy();
    let ages: Vec<i64> = (0..7).map(|d| HOUR as i64 + d * 24 * HOUR as i64).collect();
    let b = backups(&ages, Some(7), gate(false, Some("quota_exceeded")));
    let findings = run(&b, &s, &n, &AuditPolicy::default(), NOW);
    assert_eq!(codes(&findings), ["quota_reached"]);
    assert_eq!((findings[0].evidence.count, findings[0].evidence.limit), (Some(7), Some(7)));
    assert_eq!(findings[0].severity, Severity::Warning);
    let quiet = AuditPolicy { warn_at_quota: false, ..AuditPolicy::default() };
    assert_eq!(codes(&run(&b, &s, &n, &quiet, NOW)), Vec::<&str>::new());
    // One below the limit: nothing.
    let b = backups(&ages[..6], Some(7), gate(true, None));
    assert_eq!(codes(&run(&b, &s, &n, &AuditPolicy::default(), NOW)), Vec::<&str>::new());
}

#[test]
fn a_snapshot_is_flagged_within_the_hour_before_it_expires_only() {
    let (b, s, _) = healthy();
    let n = snapshots(&[HOUR as i64 + 1, HOUR as i64, 60_000, 0], gate(true, None));
    let findings = run(&b, &s, &n, &AuditPolicy::default(), NOW);
    assert_eq!(codes(&findings), ["snapshot_expiring", "snapshot_expiring"]);
    assert_eq!(findings[0].evidence.snapshot_name.as_deref(), Some("snap-1"));
    assert_eq!(findings[1].evidence.snapshot_name.as_deref(), Some("snap-2"));
    assert_eq!((findings[1].evidence.ms, findings[1].evidence.limit_ms), (Some(60_000), Some(HOUR)));
}

#[test]
fn a_running_job_is_one_info_finding_and_marks_the_row() {
    let (_, s, _) = healthy();
    let b = backups(&[HOUR as i64], Some(7), gate(false, Some("job_in_progress")));
    let n = snapshots(&[], gate(false, Some("job_in_progress")));
    let lists = VpsLists { backups: Some(&b), schedules: Some(&s), snapshots: Some(&n) };
    let (row, findings) = audit_vps("vps_1", Some("web-1"), lists, vec![], &AuditPolicy::default(), NOW);
    assert_eq!(codes(&findings), ["job_running"]);
    assert_eq!(findings[0].severity, Severity::Info);
    assert_eq!(findings[0].evidence.status.as_deref(), Some("job_in_progress"));
    assert!(row.job_running);
    assert_eq!(row.worst, Some(Severity::Info));
}

#[test]
fn another_closed_backup_gate_is_reported_with_the_servers_reason() {
    let (_, s, n) = healthy();
    let b = backups(&[HOUR as i64], Some(7), gate(false, Some("missing_scope")));
    let findings = run(&b, &s, &n, &AuditPolicy::default(), NOW);
    assert_eq!(codes(&findings), ["backup_blocked"]);
    assert_eq!(findings[0].evidence.reason.as_deref(), Some("closed: missing_scope"));
}

#[test]
fn an_unreadable_list_is_a_finding_and_nothing_is_guessed_from_it() {
    let (_, s, n) = healthy();
    let unreadable = Finding::unreadable("vps_1", "listBackups", "internal_error", "boom", Some(500), Some("req_9"));
    let lists = VpsLists { backups: None, schedules: Some(&s), snapshots: Some(&n) };
    let (row, findings) = audit_vps("vps_1", Some("web-1"), lists, vec![unreadable], &AuditPolicy::default(), NOW);
    assert_eq!(codes(&findings), ["vps_unreadable"]);
    assert_eq!((row.backups, row.last_backup_at.clone(), row.worst), (None, None, Some(Severity::Error)));
    assert_eq!(row.findings.error, 1);
    let text = findings[0].summary();
    assert!(text.contains("listBackups") && text.contains("req_9"), "{text}");
}

#[test]
fn the_fleet_report_puts_the_worst_first_with_a_stable_json_shape() {
    let (b, s, n) = healthy();
    // Rows arrive out of list order (as their requests finish); the report is in severity, then list order.
    let mut run = AuditRun::new(AuditPolicy::default(), NOW, 2);
    run.audit(
        1,
        "vps_b",
        None,
        VpsLists::default(),
        vec![Finding::unreadable("vps_b", "listBackups", "not_found", "gone", Some(404), None)],
    );
    run.audit(0, "vps_a", None, VpsLists { backups: Some(&b), schedules: Some(&s), snapshots: Some(&n) }, vec![]);
    let fleet = run.finish();
    assert_eq!(fleet.worst(), Some(Severity::Error));
    let v = serde_json::to_value(&fleet).unwrap();
    assert_eq!(v["checkedAt"], "2026-04-27T12:00:00.000Z");
    assert_eq!(v["policy"]["maxBackupAgeMs"], 26 * HOUR);
    assert_eq!(v["vps"][0]["vpsId"], "vps_b");
    assert_eq!(v["vps"][0]["worst"], "error");
    assert_eq!(v["vps"][1]["lastBackupAgeMs"], 2 * HOUR);
    assert_eq!(v["vps"][1]["findings"], json!({"error": 0, "warning": 0, "info": 0}));
    assert_eq!(
        v["findings"][0],
        json!({"code": "vps_unreadable", "severity": "error", "vpsId": "vps_b",
               "evidence": {"status": "not_found", "reason": "gone", "endpoint": "listBackups", "httpStatus": 404,
                            "at": null, "ms": null, "limitMs": null, "count": null, "limit": null,
                            "scheduleId": null, "snapshotName": null, "requestId": null}})
    );
    // The report reads back through its own declaration (every key present, as the TypeScript says).
    let back: FleetAudit = serde_json::from_value(v).unwrap();
    assert_eq!(back, fleet);
}

#[test]
fn a_policy_file_reports_every_broken_field() {
    let p = AuditPolicy::from_json(&&json!({"maxBackupAgeMs": 3_600_000, "warnAtQuota": false}), "").unwrap();
    assert_eq!(p, AuditPolicy { max_backup_age_ms: HOUR, warn_at_quota: false, ..AuditPolicy::default() });
    let e = AuditPolicy::from_json(
        &&json!({"maxBackupAgeMs": "26h", "minRetention": -1, "warnAtQuota": 1, "maxAge": 1}),
        "",
    )
    .unwrap_err();
    let mut pointers: Vec<&str> = e.errors().iter().map(|f| f.pointer.as_str()).collect();
    pointers.sort();
    assert_eq!(pointers, ["/maxAge", "/maxBackupAgeMs", "/minRetention", "/warnAtQuota"]);
    assert!(AuditPolicy::from_json(&&json!([]), "").is_err());
}

#[test]
fn rfc3339_readings() {
    assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(parse_rfc3339("2026-04-27T12:00:00.000Z"), Some(NOW as i64));
    assert_eq!(parse_rfc3339("2026-04-27T14:00:00+02:00"), Some(NOW as i64));
    assert_eq!(parse_rfc3339("2026-04-27t11:30:00.5-00:30"), Some(NOW as i64 + 500));
    assert_eq!(parse_rfc3339("2026-04-27T12:00:00.123456789Z"), Some(NOW as i64 + 123));
    assert_eq!(parse_rfc3339("1969-12-31T23:59:59Z"), Some(-1000));
    assert_eq!(parse_rfc3339("2024-02-29T00:00:00Z"), Some(1_709_164_800_000));
    for bad in [
        "",
        "2026-02-29T00:00:00Z",
        "2026-04-27T24:00:00Z",
        "2026-04-27T12:00:00",
        "2026-04-27 12:00Z",
        "2026-04-27T12:00:00.Z",
        "2026-04-27T12:00:00+2:00",
        "２026-04-27T12:00:00Z",
    ] {
        assert_eq!(parse_rfc3339(bad), None, "{bad}");
    }
}

// ---------------------------------------------------------------- properties

prop_compose! {
    fn fleet_member()(
        ages in proptest::collection::vec(-(HOUR as i64)..(60 * HOUR as i64), 0..8),
        limit in proptest::option::of(1u64..10),
        enabled in proptest::collection::vec((any::<bool>(), 1u64..10, 0usize..7), 0..3),
        expiries in proptest::collection::vec(-(HOUR as i64)..(3 * HOUR as i64), 0..4),
        gate_code in proptest::option::of(prop_oneof![Just("job_in_progress"), Just("quota_exceeded"), Just("x")]),
    ) -> (BackupList, ScheduleList, SnapshotList) {
        let statuses = [None, Some("completed"), Some("failed"), Some("cancelled"), Some("running"), Some("queued"), Some("")];
        let s = enabled.iter().enumerate().map(|(i, (e, r, st))| {
            schedule(&format!("bks_{i}"), *e, *r, statuses[*st], Some(at(HOUR as i64)))
        }).collect();
        let g = gate(gate_code.is_none(), gate_code);
        (backups(&ages, limit, g.clone()), schedules(s), snapshots(&expiries, g))
    }
}

proptest! {
    #[test]
    fn rfc3339_round_trips(ms in 0u64..253_402_300_800_000) {
        prop_assert_eq!(parse_rfc3339(&format_rfc3339(ms)), Some(ms as i64));
    }

    #[test]
    fn rfc3339_never_panics(s in "\\PC{0,40}|[0-9T:.+Z-]{15,35}") {
        let _ = parse_rfc3339(&s);
    }

    #[test]
    fn findings_are_deterministic_consistent_and_about_this_vps(
        (b, s, n) in fleet_member(), now in NOW - HOUR..NOW + 48 * HOUR,
    ) {
        let policy = AuditPolicy::default();
        let first = run(&b, &s, &n, &policy, now);
        prop_assert_eq!(&first, &run(&b, &s, &n, &policy, now));
        for f in &first {
            prop_assert_eq!(f.severity, f.code.severity());
            prop_assert_eq!(f.vps_id.as_str(), "vps_1");
            prop_assert!(FindingCode::ALL.contains(&f.code));
        }
        // In code order (FindingCode::ALL), as the report promises, without a sort.
        prop_assert!(first.windows(2).all(|w| w[0].code <= w[1].code), "{:?}", codes(&first));
        // Staleness is exactly "the newest backup is older than the bound".
        let newest = b.backups.iter().filter_map(|x| parse_rfc3339(x.created_at.as_deref()?)).max();
        let stale = newest.is_some_and(|t| (now as i64 - t) > policy.max_backup_age_ms as i64);
        prop_assert_eq!(codes(&first).contains(&"backup_stale"), stale);
        prop_assert_eq!(codes(&first).contains(&"no_backup"), b.backups.is_empty());
    }

    #[test]
    fn the_report_is_worst_first_in_list_order_whatever_order_rows_arrive_in(
        members in proptest::collection::vec(fleet_member(), 1..6), seed in any::<u64>(),
    ) {
        let ids: Vec<String> = (0..members.len()).map(|i| format!("vps_{i}")).collect();
        let report = |arrival: &[usize]| {
            let mut run = AuditRun::new(AuditPolicy::default(), NOW, members.len());
            for &i in arrival {
                let (b, s, n) = &members[i];
                run.audit(i, &ids[i], None, VpsLists { backups: Some(b), schedules: Some(s), snapshots: Some(n) }, vec![]);
            }
            run.finish()
        };
        let in_order: Vec<usize> = (0..members.len()).collect();
        let mut shuffled = in_order.clone();
        shuffled.rotate_left((seed as usize) % members.len());
        if seed % 2 == 1 { shuffled.reverse(); }
        let a = report(&in_order);
        prop_assert_eq!(&a, &report(&shuffled));
        let place = |id: &str| ids.iter().position(|x| x == id).unwrap();
        // Rows: worst first (None last), then list order. Findings: severity, then list order, then code.
        prop_assert!(a.vps.windows(2).all(|w| (std::cmp::Reverse(w[0].worst), place(&w[0].vps_id))
            < (std::cmp::Reverse(w[1].worst), place(&w[1].vps_id))));
        prop_assert!(a.findings.windows(2).all(|w| (std::cmp::Reverse(w[0].severity), place(&w[0].vps_id), w[0].code)
            <= (std::cmp::Reverse(w[1].severity), place(&w[1].vps_id), w[1].code)));
        prop_assert_eq!(a.findings.len(), a.vps.iter().map(|r| r.findings.error + r.findings.warning + r.findings.info).sum::<u64>() as usize);
    }

    #[test]
    fn backup_order_does_not_matter((b, s, n) in fleet_member(), rotate in 0usize..8) {
        let mut rotated = b.clone();
        if !rotated.backups.is_empty() {
            let k = rotate % rotated.backups.len();
            rotated.backups.rotate_left(k);
        }
        let policy = AuditPolicy::default();
        prop_assert_eq!(run(&b, &s, &n, &policy, NOW), run(&rotated, &s, &n, &policy, NOW));
    }

    #[test]
    fn a_looser_policy_never_adds_findings_and_time_never_heals_staleness(
        (b, s, n) in fleet_member(), extra_age in 0u64..(48 * HOUR), later in 0u64..(48 * HOUR),
    ) {
        let strict = AuditPolicy::default();
        let loose = AuditPolicy { max_backup_age_ms: strict.max_backup_age_ms + extra_age, ..strict };
        let strict_codes = codes(&run(&b, &s, &n, &strict, NOW));
        for c in codes(&run(&b, &s, &n, &loose, NOW)) {
            prop_assert!(strict_codes.contains(&c), "{} only under the looser policy", c);
        }
        if strict_codes.contains(&"backup_stale") {
            prop_assert!(codes(&run(&b, &s, &n, &strict, NOW + later)).contains(&"backup_stale"));
        }
    }
}
