//! The fleet audit against the real simulator: a varied fleet gives each VPS the findings its state calls for, an
//! unreadable VPS becomes a finding, and the requests stay within the rate limit.

mod common;

use common::{client_for, Sim};
use hostup_client::core::audit::{parse_rfc3339, FleetAudit, Severity};
use hostup_client::core::{Description, Request, Response};
use hostup_client::{AuditOptions, AuditProgress, Client, NativeTransport, Transport, TransportError};
use serde_json::json;
use std::cell::RefCell;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

/// Moves the simulator's clock; returns its new time in Unix ms.
fn advance(sim: &Sim, ms: i64) -> u64 {
    let (status, body) = sim.http("POST", "/__sim/clock", Some(&json!({ "advanceMs": ms })));
    assert_eq!(status, 200, "clock: {body}");
    let now: serde_json::Value = serde_json::from_str(&body).unwrap();
    parse_rfc3339(now["now"].as_str().unwrap()).unwrap() as u64
}

fn codes_of<'a>(report: &'a FleetAudit, vps: &str) -> Vec<&'a str> {
    report.findings.iter().filter(|f| f.vps_id == vps).map(|f| f.code.as_str()).collect()
}

/// Builds the varied fleet through the public API and the control API: `ids[0]` has no schedule, `ids[1]` is at its
/// backup quota, `ids[2]` has a snapshot 30 minutes from expiry; the clock then stands 23.5 h later, so backups
/// older than 2.5 h before the start are stale. Returns the ids and the simulator's time.
async fn varied_fleet(sim: &Sim) -> (Vec<String>, u64) {
    let c = sim.client();
    let ids = common::vps_ids(sim).await;
    let schedules = c.list_backup_schedules(&ids[0]).await.unwrap();
    for s in schedules.data {
        c.delete_backup_schedule(&ids[0], &s.id).await.unwrap();
    }
    loop {
        let list = c.list_backups(&ids[1]).await.unwrap();
        if list.quota_info.limit.is_some_and(|l| list.quota_info.used >= l) {
            break;
        }
        c.create_backup(&ids[1], Some("fill the quota".into())).await.unwrap();
        advance(sim, MINUTE); // the job completes
    }
    c.create_snapshot(&ids[2], "expiring-soon", Description::Omitted).await.unwrap();
    advance(sim, MINUTE);
    // Makes sure the job is done (its snapshot's `createdAt` is its completion).
    assert!(c.list_snapshots(&ids[2]).await.unwrap().data.iter().any(|s| s.name == "expiring-soon"));
    let now = advance(sim, 23 * HOUR + 30 * MINUTE);
    (ids, now)
}

#[tokio::test]
async fn a_varied_fleet_gets_the_findings_its_state_calls_for() {
    let sim = Sim::start(&["--vps-count", "4", "--job-ms", "50"]);
    let (ids, now) = varied_fleet(&sim).await;
    let c = sim.client();
    let seen = RefCell::new(Vec::new());
    let progress = |p: AuditProgress| seen.borrow_mut().push(p);
    let before = sim.requests();
    let report = c
        .audit_backups(AuditOptions {
            concurrency: 2,
            now_unix_ms: Some(now),
            on_progress: Some(&progress),
            ..AuditOptions::default()
        })
        .await
        .expect("audit");
    // 1 list + 3 lists per VPS, nothing more.
    assert_eq!(sim.requests() - before, 1 + 3 * 4);
    assert_eq!(seen.borrow().last(), Some(&AuditProgress { done: 4, total: 4 }));
    assert_eq!(seen.borrow().len(), 4);

    assert!(codes_of(&report, &ids[0]).contains(&"no_enabled_schedule"), "{:?}", codes_of(&report, &ids[0]));
    assert!(codes_of(&report, &ids[1]).contains(&"quota_reached"), "{:?}", codes_of(&report, &ids[1]));
    // Its backups were made during the setup, so they are fresh; the seeded ones of the others are a day old.
    assert!(!codes_of(&report, &ids[1]).contains(&"backup_stale"));
    assert!(codes_of(&report, &ids[3]).contains(&"backup_stale"));
    let expiring: Vec<_> = report.findings.iter().filter(|f| f.code.as_str() == "snapshot_expiring").collect();
    assert_eq!(expiring.len(), 1, "{expiring:?}");
    assert_eq!(expiring[0].vps_id, ids[2]);
    assert_eq!(expiring[0].evidence.snapshot_name.as_deref(), Some("expiring-soon"));
    let left = expiring[0].evidence.ms.unwrap();
    assert!((28 * MINUTE as u64..=30 * MINUTE as u64).contains(&left), "{left} ms left");

    // One row per VPS, worst first, with what a fleet view shows.
    assert_eq!(report.vps.len(), 4);
    assert!(report.vps.windows(2).all(|w| w[0].worst >= w[1].worst));
    let quota_row = report.vps.iter().find(|r| r.vps_id == ids[1]).unwrap();
    let quota = quota_row.quota.as_ref().unwrap();
    assert_eq!(Some(quota.used), quota.limit);
    let no_schedule = report.vps.iter().find(|r| r.vps_id == ids[0]).unwrap();
    assert_eq!(no_schedule.schedules.as_deref().map(<[_]>::len), Some(0));
    assert_eq!(report.findings[0].severity, Severity::Error);
}

#[tokio::test]
async fn the_simulators_varied_fleet_shows_each_problem_on_its_vps_and_nothing_else() {
    let sim = Sim::start(&["--fleet", "varied", "--vps-count", "5"]);
    let ids = common::vps_ids(&sim).await;
    let report = sim.client().audit_backups(AuditOptions::default()).await.expect("audit");
    let expected: [&[&str]; 5] =
        [&["no_enabled_schedule"], &["quota_reached"], &["last_run_failed"], &["snapshot_expiring"], &[]];
    for (id, codes) in ids.iter().zip(expected) {
        assert_eq!(codes_of(&report, id), codes, "{id}");
    }
    let failed = report.findings.iter().find(|f| f.code.as_str() == "last_run_failed").unwrap();
    assert!(failed.evidence.at.is_some() && failed.evidence.schedule_id.as_deref().unwrap().starts_with("bks_"));
    // Errors first: the two error rows, then the two warnings, then the covered VPS.
    let order: Vec<&str> = report.vps.iter().map(|r| r.vps_id.as_str()).collect();
    assert_eq!(order, [&ids[0], &ids[2], &ids[1], &ids[3], &ids[4]]);
    assert!(report.vps.iter().all(|r| r.last_backup_age_ms.is_some_and(|ms| ms < 4 * HOUR as u64)));
}

/// A transport that answers every request whose URL contains `broken` with a network failure.
struct Breaks {
    inner: NativeTransport,
    broken: String,
}

impl Transport for Breaks {
    async fn send(&self, request: &Request, timeout_ms: u64) -> Result<Response, TransportError> {
        if request.url.contains(&self.broken) {
            return Err(TransportError::Network("connection reset".into()));
        }
        self.inner.send(request, timeout_ms).await
    }
    async fn sleep(&self, ms: u64) {
        self.inner.sleep(ms).await
    }
    fn now_ms(&self) -> u64 {
        self.inner.now_ms()
    }
    fn unix_ms(&self) -> u64 {
        self.inner.unix_ms()
    }
    fn random(&self) -> f64 {
        self.inner.random()
    }
}

#[tokio::test]
async fn a_vps_that_cannot_be_read_is_a_finding_not_an_error() {
    let sim = Sim::start(&["--vps-count", "3"]);
    let ids = common::vps_ids(&sim).await;
    let broken = format!("/vps/{}/snapshots", ids[1]);
    let config = client_for(&sim.base, sim.key()).config().clone();
    let c = Client::new(config, Breaks { inner: NativeTransport::with_seed(7), broken })
        .with_retry(hostup_client::core::RetryPolicy { max_retries: 1, base_delay_ms: 5, ..Default::default() });
    let report = c.audit_backups(AuditOptions::default()).await.expect("the audit itself succeeds");
    let f = report.findings.iter().find(|f| f.code.as_str() == "vps_unreadable").expect("a finding");
    assert_eq!(f.vps_id, ids[1]);
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.evidence.endpoint.as_deref(), Some("listSnapshots"));
    assert_eq!(f.evidence.status.as_deref(), Some("network_error"));
    let row = report.vps.iter().find(|r| r.vps_id == ids[1]).unwrap();
    // Its other lists were read; the snapshot columns are unknown, not zero.
    assert!(row.backups.is_some());
    assert_eq!(row.snapshots, None);
    assert_eq!(row.worst, Some(Severity::Error));
}

#[tokio::test]
async fn the_audit_waits_for_the_rate_limit_instead_of_collecting_429s() {
    // 120/min: a bucket of 120 refilled at 2 a second. 110 requests drain most of it, so the audit's 16 must be
    // paced; the server must see no 429.
    let sim = Sim::start(&["--vps-count", "5", "--rate-limit", "120"]);
    let c = sim.client();
    for _ in 0..110 {
        c.list_vps().await.unwrap();
    }
    let report = c.audit_backups(AuditOptions { concurrency: 8, ..AuditOptions::default() }).await.expect("audit");
    assert_eq!(report.vps.len(), 5);
    assert!(report.findings.iter().all(|f| f.code.as_str() != "vps_unreadable"));
    assert_eq!(sim.stats()["rateLimited"], 0);
}
