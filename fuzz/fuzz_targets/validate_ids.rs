//! Every path parameter validator and endpoint constructor over arbitrary ids, names, poll URLs and base URLs. The
//! input's lines are the strings (first line: what to try it as). Oracles: no panic; an accepted id or name holds
//! only its allowed characters and is no dot segment; every request built from accepted input stays on the base
//! URL, under its expected path, with the id verbatim in its own segment, no query, no fragment, and only the
//! `Authorization`, `Accept`, `Content-Type` headers; a job's URL is always on the configured origin.
#![no_main]

use hostup_core::{
    validate_snapshot_name, ApiKey, Config, CreateBackup, CreateSnapshot, DeleteBackup, DeleteBackupSchedule,
    DeleteSnapshot, Description, Endpoint, GetJob, GetVps, GetVpsStatus, ListBackupSchedules, ListBackups,
    ListSnapshots, Request, ResourceId, RestoreBackup, RestoreSnapshot, SnapshotName,
};
use libfuzzer_sys::fuzz_target;

const BASE: &str = "https://cloud.hostup.se/base";
const ORIGIN: &str = "https://cloud.hostup.se";
const VPS: &str = "vps_1";

fn id_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && s != "."
        && s != ".."
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'))
}

fn name_ok(s: &str) -> bool {
    (1..=40).contains(&s.chars().count()) && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

/// The request's path below `prefix`, split into segments; every safety property of a built request.
fn check_request(r: &Request, prefix: &str, expect: &[&str]) {
    let rest = r.url.strip_prefix(prefix).unwrap_or_else(|| panic!("{} is not under {prefix}", r.url));
    assert!(!r.url.contains(['?', '#', '\\', ' ', '%']), "{}", r.url);
    let segs: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    assert_eq!(segs, expect, "{}", r.url);
    for (k, _) in &r.headers {
        assert!(matches!(*k, "Authorization" | "Accept" | "Content-Type"), "header {k}");
    }
    assert!(!format!("{r:?}").contains("sk_live_FUZZ"), "Debug shows the key");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let _mode = lines.next();
    let a = lines.next().unwrap_or_default();
    let b = lines.next().unwrap_or(VPS);
    // Also the raw input as one string (10 KB strings, embedded newlines).
    for s in [a, b, text.as_ref()] {
        assert_eq!(ResourceId::parse_at(s, "/vpsId").is_ok(), id_ok(s), "id {s:?}");
        assert_eq!(SnapshotName::parse(s).is_ok(), name_ok(s), "name {s:?}");
        assert_eq!(validate_snapshot_name(s).is_empty(), name_ok(s));
        if let Err(e) = ResourceId::parse_at(s, "/jobId") {
            assert_eq!(e.pointer, "/jobId");
        }
    }
    let config = Config::new(BASE, Some(ApiKey::new("sk_live_FUZZ").unwrap())).unwrap();
    let vp = format!("{BASE}/api/v2/vps");
    let pre = ["api", "v2", "vps"];
    let _ = pre;
    if let Ok(e) = GetVps::new(a) {
        check_request(&e.request(&config), &vp, &[a]);
    }
    if let Ok(e) = GetVpsStatus::new(a) {
        check_request(&e.request(&config), &vp, &[a, "status"]);
    }
    if let Ok(e) = ListBackups::new(a) {
        check_request(&e.request(&config), &vp, &[a, "backups"]);
    }
    if let Ok(e) = ListSnapshots::new(a) {
        check_request(&e.request(&config), &vp, &[a, "snapshots"]);
    }
    if let Ok(e) = ListBackupSchedules::new(a) {
        check_request(&e.request(&config), &vp, &[a, "backup-schedules"]);
    }
    if let Ok(e) = CreateBackup::new(a, Some(b.to_owned())) {
        check_request(&e.request(&config), &vp, &[a, "backups"]);
    }
    if let Ok(e) = CreateSnapshot::new(a, b, Description::Text(b.to_owned())) {
        check_request(&e.request(&config), &vp, &[a, "snapshots"]);
    }
    if let Ok(e) = RestoreBackup::new(a, b, b) {
        check_request(&e.request(&config), &vp, &[a, "backups", b, "actions", "restore"]);
    }
    if let Ok(e) = DeleteBackup::new(a, b) {
        check_request(&e.request(&config), &vp, &[a, "backups", b]);
    }
    if let Ok(e) = RestoreSnapshot::new(a, b, b) {
        check_request(&e.request(&config), &vp, &[a, "snapshots", b, "actions", "restore"]);
    }
    if let Ok(e) = DeleteSnapshot::new(a, b) {
        check_request(&e.request(&config), &vp, &[a, "snapshots", b]);
    }
    if let Ok(e) = DeleteBackupSchedule::new(a, b) {
        check_request(&e.request(&config), &vp, &[a, "backup-schedules", b]);
    }
    // Poll URLs: whatever the server sends, the job URL is rebuilt on the configured origin.
    for s in [a, b, text.as_ref()] {
        if let Ok(e) = GetJob::new(s, &config) {
            let id = e.job_id().as_str().to_owned();
            assert!(id_ok(&id));
            check_request(&e.request(&config), &format!("{ORIGIN}/api/jobs"), &[&id]);
        }
    }
    // Base URLs: an accepted one has no credentials, query or fragment, and its origin is its prefix.
    for s in [a, b] {
        if let Ok(c) = Config::new(s, None) {
            assert!(c.base_url().starts_with(c.origin()), "{s:?}");
            assert!(!c.origin().contains('@') && !c.base_url().contains(['?', '#']), "{s:?}");
            if let Ok(e) = GetVps::new("vps_1") {
                let r = e.request(&c);
                assert!(r.url.starts_with(c.base_url()));
            }
        }
    }
});
