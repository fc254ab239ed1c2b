//! Contract drift against `hostup-sim --drift`: every object of a success body carries a member no version declares
//! and jobs pass through the undocumented status `verifying`. The client keeps working and tells its observers, once
//! per (endpoint, pointer, kind).

mod common;

use common::{record, Sim};
use hostup_client::core::{Description, DriftKind, OperationStatus};
use hostup_client::{ClientEvent, JobTarget, WaitOptions};

#[tokio::test]
async fn drift_is_reported_once_and_everything_still_works() {
    let sim = Sim::start(&["--drift", "--job-ms", "600"]);
    let c = sim.client();
    let events = record(&c);
    let id = common::vps_ids(&sim).await.remove(0);

    // Lists read as usual, twice; the drift of each is reported once.
    for _ in 0..2 {
        let backups = c.list_backups(&id).await.expect("a drifted list still reads");
        assert!(!backups.backups.is_empty());
        c.list_snapshots(&id).await.expect("snapshots read");
    }
    // A create and a wait through the undocumented `verifying` status, to completion.
    let op = c.create_snapshot(&id, "it-drift", Description::Omitted).await.expect("created");
    let seen = std::cell::RefCell::new(Vec::new());
    let progress = |j: &hostup_client::core::Job| seen.borrow_mut().push(j.status.clone());
    let options = WaitOptions { timeout_ms: Some(20_000), on_progress: Some(&progress), ..Default::default() };
    let job = c.wait_for_job(JobTarget::Operation(op), options).await.expect("the job completes");
    assert_eq!(job.status, OperationStatus::Completed);
    assert!(
        seen.borrow().contains(&OperationStatus::Unknown("verifying".into())),
        "the wait saw the undocumented status: {:?}",
        seen.borrow()
    );

    let drift: Vec<_> = events
        .borrow()
        .iter()
        .filter_map(|e| match e {
            ClientEvent::Drift(d) => Some(d.clone()),
            _ => None,
        })
        .collect();
    let keys: Vec<_> = drift.iter().map(|d| d.key()).collect();
    for (i, k) in keys.iter().enumerate() {
        assert!(!keys[..i].contains(k), "reported twice: {k:?}");
    }
    let has = |endpoint: &str, pointer: &str, kind: DriftKind| {
        drift.iter().any(|d| d.endpoint == endpoint && d.pointer == pointer && d.kind == kind)
    };
    assert!(has("listBackups", "/driftProbe", DriftKind::UnknownField), "{drift:#?}");
    assert!(has("listBackups", "/backups/0/driftProbe", DriftKind::UnknownField), "{drift:#?}");
    assert!(has("listBackups", "/quotaInfo/driftProbe", DriftKind::UnknownField), "{drift:#?}");
    assert!(has("listSnapshots", "/actions/canCreate/driftProbe", DriftKind::UnknownField), "{drift:#?}");
    assert!(has("createSnapshot", "/operation/driftProbe", DriftKind::UnknownField), "{drift:#?}");
    let verifying = drift
        .iter()
        .find(|d| d.endpoint == "getJob" && d.kind == DriftKind::UnknownValue)
        .expect("the undocumented job status is reported");
    assert_eq!((verifying.pointer.as_str(), verifying.value.as_deref()), ("/operation/status", Some("verifying")));
    // Members carry no value in the report (it could hold anything); only enum values do.
    assert!(drift.iter().filter(|d| d.kind == DriftKind::UnknownField).all(|d| d.value.is_none()));
}

#[tokio::test]
async fn without_drift_nothing_is_reported() {
    let sim = Sim::start(&[]);
    let c = sim.client();
    let events = record(&c);
    let id = common::vps_ids(&sim).await.remove(0);
    c.list_backups(&id).await.unwrap();
    c.list_snapshots(&id).await.unwrap();
    c.list_backup_schedules(&id).await.unwrap();
    assert!(!events.borrow().iter().any(|e| matches!(e, ClientEvent::Drift(_))), "{:?}", events.borrow());
}
