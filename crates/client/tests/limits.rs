//! 429 storms, client-side pacing, per-request timeouts and dead servers.

mod common;

use common::{record, retries, Sim};
use hostup_client::core::Description;
use hostup_client::{ClientEvent, Error};
use serde_json::json;
use std::time::{Duration, Instant};

/// Turns the storm off after `ms`, while `work` runs (one task: the client is !Send).
async fn storm_for<F: std::future::Future>(sim: &Sim, ms: u64, work: F) -> F::Output {
    sim.faults(json!({ "storm": true }));
    let calm = async {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        sim.faults(json!({ "storm": false }));
    };
    let (out, ()) = futures::future::join(work, calm).await;
    out
}

fn saw_429_retry_and_recovery(events: &[ClientEvent]) {
    assert!(
        events
            .iter()
            .any(|e| matches!(e, ClientEvent::Retrying { status: Some(429), delay_ms, .. } if *delay_ms >= 1000)),
        "a retry after the 1 s Retry-After: {events:?}"
    );
    assert_eq!(events.last(), Some(&ClientEvent::Recovered), "{events:?}");
}

#[tokio::test]
async fn a_read_waits_out_a_429_storm() {
    let sim = Sim::start(&[]);
    let id = common::vps_ids(&sim).await.remove(0);
    let c = sim.client();
    let events = record(&c);
    let started = Instant::now();
    let backups = storm_for(&sim, 1500, c.list_backups(&id)).await.expect("the read succeeds after the storm");
    let elapsed = started.elapsed();
    assert!(!backups.backups.is_empty());
    saw_429_retry_and_recovery(&events.borrow());
    let stats = sim.stats();
    let limited = stats["rateLimited"].as_u64().unwrap();
    println!("storm read: {limited} x 429, {} retries, {elapsed:?}", retries(&events.borrow()));
    assert!(limited >= 2, "{limited}");
    assert_eq!(retries(&events.borrow()) as u64, limited, "one retry per 429");
    assert!(elapsed >= Duration::from_millis(1500) && elapsed < Duration::from_millis(4500), "{elapsed:?}");
}

#[tokio::test]
async fn a_create_is_retried_on_429_and_creates_exactly_one() {
    let sim = Sim::start(&["--job-ms", "200"]);
    let id = common::vps_ids(&sim).await.remove(0);
    let c = sim.client();
    let events = record(&c);
    let op = storm_for(&sim, 1500, c.create_snapshot(&id, "it-after-storm", Description::Omitted))
        .await
        .expect("the create succeeds after the storm");
    assert!(op.job_id.starts_with("job_"));
    saw_429_retry_and_recovery(&events.borrow());
    let stats = sim.stats();
    println!("storm create: {} x 429, {} retries", stats["rateLimited"], retries(&events.borrow()));
    assert!(stats["rateLimited"].as_u64().unwrap() >= 2);
    assert_eq!(stats["createsAccepted"]["snapshots"], 1);
    assert_eq!(stats["duplicates"]["snapshots"], 0);
    let log = stats["accepted"].as_array().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["name"], "it-after-storm");
    assert_eq!(log[0]["jobId"], op.job_id.as_str());
}

#[tokio::test]
async fn pacing_spends_the_budget_without_a_single_429() {
    // 300/min: a bucket of 300 refilling at 5/s. 320 calls with no 429 cannot take less than (320 - 300) / 5 = 4 s.
    const LIMIT: u64 = 300;
    const CALLS: u64 = 320;
    let sim = Sim::start(&["--rate-limit", "300"]);
    let c = sim.client();
    let events = record(&c);
    let id = c.list_vps().await.unwrap().data.remove(0).id;
    let started = Instant::now();
    let mut done = 1;
    // Sequential first, then ten at a time.
    while done < 150 {
        c.list_backups(&id).await.unwrap();
        done += 1;
    }
    while done < CALLS {
        let batch = (done..CALLS.min(done + 10)).map(|_| c.list_backups(&id));
        for r in futures::future::join_all(batch).await {
            r.expect("no call fails");
            done += 1;
        }
    }
    let elapsed = started.elapsed();
    let stats = sim.stats();
    let paced = events.borrow().iter().filter(|e| matches!(e, ClientEvent::RateLimited { .. })).count();
    println!("pacing: {CALLS} calls in {elapsed:?}, {paced} paced waits, rateLimited {}", stats["rateLimited"]);
    assert_eq!(stats["rateLimited"], 0, "the client never spent a 429");
    assert_eq!(stats["requests"].as_u64().unwrap(), CALLS);
    assert!(paced > 0, "the client held requests back");
    assert_eq!(retries(&events.borrow()), 0);
    let floor = Duration::from_millis((CALLS - LIMIT) * 1000 / (LIMIT / 60));
    assert!(elapsed >= floor - Duration::from_millis(500), "{elapsed:?} < {floor:?}");
    assert!(elapsed < floor * 2 + Duration::from_secs(3), "pacing is not needlessly slow: {elapsed:?}");
}

#[tokio::test]
async fn timeouts_retry_reads_and_never_creates() {
    let sim = Sim::start(&["--seed", "3"]);
    let id = common::vps_ids(&sim).await.remove(0);
    // Every request now takes 0–20 s; the client waits 200 ms.
    sim.faults(json!({ "latencyMs": 20000 }));
    let c = sim.client().with_timeout_ms(200);
    let events = record(&c);

    let before = sim.requests();
    let started = Instant::now();
    let err = c.list_backups(&id).await.unwrap_err();
    let elapsed = started.elapsed();
    println!("read timeout: {err} in {elapsed:?}");
    assert_eq!(err, Error::Timeout { timeout_ms: 200, attempts: 4 });
    assert!(err.is_transient());
    assert_eq!(sim.requests() - before, 4);
    assert_eq!(retries(&events.borrow()), 3);
    assert!(events.borrow().iter().all(|e| matches!(e, ClientEvent::Retrying { status: None, .. })));
    assert!(elapsed >= Duration::from_millis(800) && elapsed < Duration::from_millis(3500), "{elapsed:?}");

    let before = sim.requests();
    let started = Instant::now();
    let err = c.create_snapshot(&id, "it-slow", Description::Omitted).await.unwrap_err();
    let elapsed = started.elapsed();
    println!("create timeout: {err} in {elapsed:?}");
    assert_eq!(err, Error::Timeout { timeout_ms: 200, attempts: 1 });
    assert!(elapsed < Duration::from_millis(700), "{elapsed:?}");
    assert_eq!(sim.requests() - before, 1, "exactly one attempt");
    assert_eq!(retries(&events.borrow()), 3, "no retry for the create");
    // The server may or may not have got to it; it never got it twice.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(sim.stats()["createsAccepted"]["snapshots"].as_u64().unwrap() <= 1);
}

#[tokio::test]
async fn a_closed_port_is_a_fast_network_error() {
    let base = format!("http://127.0.0.1:{}", common::closed_port());
    let c = common::client_for(&base, common::DEMO_KEY);
    let events = record(&c);
    let started = Instant::now();
    let err = c.list_vps().await.unwrap_err();
    let elapsed = started.elapsed();
    println!("closed port: {err} in {elapsed:?}");
    assert!(matches!(err, Error::Network { attempts: 4, .. }), "{err:?}");
    assert!(err.is_transient());
    assert_eq!(retries(&events.borrow()), 3);
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");

    let started = Instant::now();
    let err = c.create_backup("vps_x", None).await.unwrap_err();
    assert!(matches!(err, Error::Network { attempts: 1, .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(retries(&events.borrow()), 3, "the create was not retried");
}

#[tokio::test]
async fn concurrent_creates_in_a_storm_each_create_once() {
    let sim = Sim::start(&["--job-ms", "200", "--vps-count", "10"]);
    let ids = common::vps_ids(&sim).await;
    let c = sim.client();
    let events = record(&c);
    let creates = ids.iter().enumerate().map(|(i, id)| {
        let c = &c;
        async move { c.create_snapshot(id, &format!("it-storm-{i}"), Description::Omitted).await }
    });
    let results = storm_for(&sim, 1200, futures::future::join_all(creates)).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let stats = sim.stats();
    println!("storm creates: 10 calls, {} x 429, {} retries", stats["rateLimited"], retries(&events.borrow()));
    assert_eq!(stats["createsAccepted"]["snapshots"], 10);
    assert_eq!(stats["duplicates"]["snapshots"], 0);
    assert!(stats["rateLimited"].as_u64().unwrap() >= 10);
}

#[tokio::test]
async fn a_base_url_with_a_trailing_slash_works() {
    let sim = Sim::start(&[]);
    let c = common::client_for(&format!("{}/", sim.base), sim.key());
    let id = c.list_vps().await.unwrap().data.remove(0).id;
    c.get_vps(&id).await.unwrap();
}
