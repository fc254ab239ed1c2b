//! Retries under injected faults: reads get through, creates and restores are never repeated (proved from the
//! simulator's own log of what it accepted).

mod common;

use common::{patient, record, retries, Sim};
use hostup_client::core::Description;
use hostup_client::{ClientEvent, Error};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// A create that failed must say so: a 500 problem, a 502 from the "proxy", or a dropped connection.
fn assert_visible_failure(e: &Error) {
    match e {
        Error::Core(hostup_client::core::Error::Api(a)) => {
            assert!(matches!(a.status, 500 | 502), "unexpected API error {e:?}")
        }
        Error::Network { attempts, .. } => assert_eq!(*attempts, 1, "{e:?}"),
        other => panic!("a failed create surfaced as {other:?}"),
    }
}

/// The creates' labels and results, the requests the server saw for them, and the retries the client made.
type CreateRun = (Vec<(String, Result<(), Error>)>, u64, usize);

fn accepted<'a>(stats: &'a Value, kind: &str) -> Vec<&'a Value> {
    stats["accepted"].as_array().expect("accepted").iter().filter(|e| e["kind"] == kind).collect()
}

#[tokio::test]
async fn reads_get_through_500_502_truncated_and_dropped() {
    let sim = Sim::start(&["--fault-rate", "0.5", "--seed", "7", "--rate-limit", "100000"]);
    let c = sim.client().with_retry(patient());
    let events = record(&c);
    let ids = c.list_vps().await.unwrap().data.into_iter().map(|v| v.id).collect::<Vec<_>>();
    let mut calls = 1;
    for round in 0..8 {
        let id = &ids[round % ids.len()];
        c.get_vps(id).await.unwrap();
        c.get_vps_status(id).await.unwrap();
        c.list_backups(id).await.unwrap();
        c.list_snapshots(id).await.unwrap();
        c.list_backup_schedules(id).await.unwrap();
        calls += 5;
    }
    let stats = sim.stats();
    let faults = &stats["faultsInjected"];
    let retried = retries(&events.borrow());
    println!("reads: {calls} calls, {retried} retries, faults {faults}");
    for kind in ["internalError", "badGateway", "truncated", "dropped"] {
        assert!(faults[kind].as_u64().unwrap() > 0, "the seed injects every kind of fault: {faults}");
    }
    // Every injected fault cost exactly one retry, and nothing else did.
    assert_eq!(retried as u64, faults["total"].as_u64().unwrap());
    assert_eq!(stats["requests"].as_u64().unwrap(), calls + retried as u64);
    let recovered = events.borrow().iter().filter(|e| **e == ClientEvent::Recovered).count();
    assert!(recovered > 0 && recovered <= retried);
    assert!(events.borrow().iter().any(|e| matches!(e, ClientEvent::Retrying { status: None, .. })));
    assert!(events.borrow().iter().any(|e| matches!(e, ClientEvent::Retrying { status: Some(502), .. })));
}

/// `n` creates, one per VPS with a unique label each, ten at a time, under before- and after-processing faults.
async fn creates_under_faults(sim: &Sim, backups: bool, n: usize) -> CreateRun {
    let ids = common::vps_ids(sim).await;
    assert!(ids.len() >= n);
    let c = sim.client();
    let events = record(&c);
    let before = sim.requests();
    let mut results = Vec::new();
    for chunk in (0..n).collect::<Vec<_>>().chunks(10) {
        let calls = chunk.iter().map(|&i| {
            let (c, id) = (&c, &ids[i]);
            let label = format!("it-create-{i}");
            async move {
                let r = if backups {
                    c.create_backup(id, Some(label.clone())).await
                } else {
                    c.create_snapshot(id, &label, Description::Omitted).await
                };
                (label, r.map(|_| ()))
            }
        });
        results.extend(futures::future::join_all(calls).await);
    }
    let sent = sim.requests() - before;
    let retried = retries(&events.borrow());
    (results, sent, retried)
}

fn check_creates(sim: &Sim, kind: &str, label_key: &str, run: CreateRun) {
    let (results, requests, retried) = run;
    let stats = sim.stats();
    let log = accepted(&stats, kind);
    let mut by_label: BTreeMap<&str, Vec<bool>> = BTreeMap::new();
    for e in &log {
        by_label.entry(e[label_key].as_str().expect("label")).or_default().push(e["faultedAfter"] == true);
    }
    let sent: BTreeSet<&str> = results.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(sent.len(), results.len(), "labels are distinct");
    let counter = if kind == "snapshot" { "snapshots" } else { "backups" };
    assert_eq!(stats["createsAccepted"][counter].as_u64().unwrap(), log.len() as u64);
    assert_eq!(stats["duplicates"][counter], 0, "no create was accepted twice");
    assert!(by_label.values().all(|v| v.len() == 1), "no label accepted twice: {by_label:?}");
    assert!(by_label.keys().all(|l| sent.contains(l)));
    assert!(log.len() <= sent.len());
    assert_eq!(requests, results.len() as u64, "one request per create: nothing was retried");
    assert_eq!(retried, 0, "no create retried");

    let ok: BTreeSet<&str> = results.iter().filter(|(_, r)| r.is_ok()).map(|(l, _)| l.as_str()).collect();
    let clean: BTreeSet<&str> = by_label.iter().filter(|(_, v)| !v[0]).map(|(l, _)| *l).collect();
    let faulted_after: BTreeSet<&str> = by_label.iter().filter(|(_, v)| v[0]).map(|(l, _)| *l).collect();
    // A success is exactly a create the server accepted and answered.
    assert_eq!(ok, clean);
    // A create processed and then faulted is reported as a failure, never as a success.
    for (label, r) in &results {
        if let Err(e) = r {
            assert_visible_failure(e);
        } else {
            assert!(!faulted_after.contains(label.as_str()));
        }
    }
    let failed = results.len() - ok.len();
    println!(
        "{kind} creates: {} sent, {} ok, {failed} failed ({} of them processed before the fault), {} accepted, faults {}",
        results.len(),
        ok.len(),
        faulted_after.len(),
        log.len(),
        stats["faultsInjected"]
    );
    assert!(failed > 0 && !faulted_after.is_empty(), "the seed injects before- and after-processing faults");
    assert_eq!(log.len(), ok.len() + faulted_after.len());
}

#[tokio::test]
async fn snapshot_creates_are_not_retried_on_500_or_drop() {
    let sim = Sim::start(&[
        "--vps-count",
        "60",
        "--fault-rate",
        "0.3",
        "--fault-after-rate",
        "0.3",
        "--seed",
        "11",
        "--rate-limit",
        "100000",
        "--job-ms",
        "200",
    ]);
    check_creates(&sim, "snapshot", "name", creates_under_faults(&sim, false, 60).await);
}

#[tokio::test]
async fn backup_creates_are_not_retried_on_500_or_drop() {
    let sim = Sim::start(&[
        "--vps-count",
        "40",
        "--fault-rate",
        "0.3",
        "--fault-after-rate",
        "0.3",
        "--seed",
        "12",
        "--rate-limit",
        "100000",
        "--job-ms",
        "200",
    ]);
    check_creates(&sim, "backup", "note", creates_under_faults(&sim, true, 40).await);
}

#[tokio::test]
async fn restores_are_never_retried_under_faults() {
    let sim = Sim::start(&[
        "--vps-count",
        "30",
        "--fault-rate",
        "0.4",
        "--fault-after-rate",
        "0.4",
        "--seed",
        "5",
        "--rate-limit",
        "100000",
    ]);
    let reader = sim.client().with_retry(patient());
    let ids = common::vps_ids(&sim).await;
    // What to restore, read through the faults (reads are retried).
    let mut targets = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        if i % 2 == 0 {
            targets.push((id.clone(), true, reader.list_snapshots(id).await.unwrap().data[0].name.clone()));
        } else {
            targets.push((id.clone(), false, reader.list_backups(id).await.unwrap().backups[0].id.clone()));
        }
    }
    let c = sim.client();
    let events = record(&c);
    let before = sim.requests();
    let mut results = Vec::new();
    for (id, snapshot, what) in &targets {
        let r =
            if *snapshot { c.restore_snapshot(id, what, what).await } else { c.restore_backup(id, what, what).await };
        results.push(r);
    }
    assert_eq!(sim.requests() - before, targets.len() as u64, "one request per restore");
    assert_eq!(retries(&events.borrow()), 0);
    let stats = sim.stats();
    let mut per_vps: BTreeMap<&str, usize> = BTreeMap::new();
    for e in accepted(&stats, "snapshot_restore").into_iter().chain(accepted(&stats, "backup_restore")) {
        *per_vps.entry(e["vpsId"].as_str().unwrap()).or_default() += 1;
    }
    assert!(per_vps.values().all(|&n| n == 1), "at most one accepted restore per call: {per_vps:?}");
    let ok = results.iter().filter(|r| r.is_ok()).count();
    for r in &results {
        if let Err(e) = r {
            assert_visible_failure(e);
        }
    }
    println!(
        "restores: {} calls, {ok} ok, {} accepted, faults {}",
        results.len(),
        stats["restoresAccepted"],
        stats["faultsInjected"]
    );
    assert!(ok < results.len(), "the seed faults some restores");
    assert!(stats["restoresAccepted"].as_u64().unwrap() >= ok as u64);
    assert!(stats["restoresAccepted"].as_u64().unwrap() <= results.len() as u64);
}

#[tokio::test]
async fn restore_is_not_retried_on_429() {
    let sim = Sim::start(&["--job-ms", "200"]);
    let c = sim.client();
    let events = record(&c);
    let id = common::vps_ids(&sim).await.remove(0);
    let name = c.list_snapshots(&id).await.unwrap().data[0].name.clone();
    sim.faults(json!({ "storm": true }));
    let before = sim.stats();
    let err = c.restore_snapshot(&id, &name, &name).await.unwrap_err();
    let Error::Core(hostup_client::core::Error::Api(api)) = &err else {
        panic!("expected a 429 API error, got {err:?}")
    };
    assert_eq!(api.status, 429);
    assert_eq!(api.code, "rate_limit_exceeded");
    assert!(err.retry_after_ms(0).is_some(), "the caller gets the wait: {err:?}");
    let after = sim.stats();
    assert_eq!(after["requests"].as_u64().unwrap() - before["requests"].as_u64().unwrap(), 1);
    assert_eq!(after["rateLimited"].as_u64().unwrap() - before["rateLimited"].as_u64().unwrap(), 1);
    assert_eq!(after["restoresAccepted"], 0);
    assert_eq!(retries(&events.borrow()), 0);

    // After the storm, the caller's own retry is one restore.
    sim.faults(json!({ "storm": false }));
    c.restore_snapshot(&id, &name, &name).await.unwrap();
    let stats = sim.stats();
    assert_eq!(stats["restoresAccepted"], 1);
    assert_eq!(stats["requests"].as_u64().unwrap() - after["requests"].as_u64().unwrap(), 1);
    // The client held the second call back until the Retry-After had passed.
    assert!(events.borrow().iter().any(|e| matches!(e, ClientEvent::RateLimited { .. })), "{:?}", events.borrow());
}
