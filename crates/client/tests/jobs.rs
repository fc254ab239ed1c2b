//! Waiting for jobs: failures, deadlines, resuming, and transient poll errors.

mod common;

use common::{record, retries, Sim};
use hostup_client::core::{Description, Job, JobKind, OperationStatus, RetryPolicy};
use hostup_client::{ClientEvent, Error, JobTarget, WaitOptions};
use serde_json::json;
use std::cell::RefCell;
use std::time::{Duration, Instant};

fn within(ms: u64) -> WaitOptions<'static> {
    WaitOptions { timeout_ms: Some(ms), ..Default::default() }
}

#[tokio::test]
async fn a_failed_job_is_job_failed_with_the_problem_and_a_request_id() {
    let sim = Sim::start(&["--job-ms", "150", "--job-fail-rate", "1"]);
    let c = sim.client();
    let id = common::vps_ids(&sim).await.remove(0);
    let op = c.create_snapshot(&id, "it-doomed", Description::Omitted).await.expect("accepted; fails later");
    let err = c.wait_for_job(JobTarget::Operation(op.clone()), within(10_000)).await.unwrap_err();
    let Error::JobFailed(job) = &err else { panic!("expected JobFailed, got {err:?}") };
    assert_eq!(job.job_id, op.job_id);
    assert_eq!(job.status, OperationStatus::Failed);
    assert_eq!(job.kind, Some(JobKind::Snapshot));
    let problem = job.error.as_ref().expect("a failed job carries its problem");
    let title = problem.title.as_deref().expect("title");
    let detail = problem.detail.as_deref().expect("detail");
    let request_id = err.request_id().expect("a request id to quote to support");
    assert_eq!(problem.code.as_deref(), Some("internal_error"));
    assert!(detail.contains("snapshot job failed"), "{detail}");
    let text = err.to_string();
    println!("job failed: {text}");
    assert!(text.contains(&op.job_id) && text.contains(title) && text.contains(detail) && text.contains(request_id));
    assert!(!err.is_transient());
    // Nothing was created.
    let snaps = c.list_snapshots(&id).await.unwrap();
    assert!(snaps.data.iter().all(|s| s.name != "it-doomed"));
}

#[tokio::test]
async fn a_wait_times_out_promptly_and_a_second_wait_resumes() {
    let sim = Sim::start(&["--job-ms", "2500"]);
    let c = sim.client();
    let id = common::vps_ids(&sim).await.remove(0);
    let op = c.create_snapshot(&id, "it-long", Description::Omitted).await.unwrap();

    let started = Instant::now();
    let err = c.wait_for_job(JobTarget::Operation(op.clone()), within(700)).await.unwrap_err();
    let elapsed = started.elapsed();
    println!("wait timed out: {err} after {elapsed:?}");
    let Error::WaitTimedOut { job_id, last_status, waited_ms } = &err else { panic!("{err:?}") };
    assert_eq!(job_id, &op.job_id);
    assert!(last_status == "queued" || last_status == "in_progress", "{last_status}");
    assert!((700..=1000).contains(waited_ms), "{waited_ms}");
    assert!(elapsed >= Duration::from_millis(700) && elapsed <= Duration::from_millis(1000), "{elapsed:?}");
    assert!(err.to_string().contains("may still finish"));

    // The job went on; waiting again (here by poll URL, as a reloaded page would) picks it up.
    let seen = RefCell::new(Vec::new());
    let progress = |j: &Job| seen.borrow_mut().push(j.status.clone());
    let job = c
        .wait_for_job(
            JobTarget::Id(op.poll_url.clone()),
            WaitOptions { timeout_ms: Some(10_000), on_progress: Some(&progress), ..Default::default() },
        )
        .await
        .expect("the resumed wait completes");
    assert_eq!(job.status, OperationStatus::Completed);
    assert_eq!(seen.borrow().last(), Some(&OperationStatus::Completed));
    let total = started.elapsed();
    assert!(total < Duration::from_millis(2500 + 1500), "noticed soon after it finished: {total:?}");
    assert!(c.list_snapshots(&id).await.unwrap().data.iter().any(|s| s.name == "it-long"));
}

#[tokio::test]
async fn a_hung_poll_cannot_hold_the_caller_past_the_deadline() {
    let sim = Sim::start(&["--job-ms", "5000", "--seed", "9"]);
    let c = sim.client();
    let id = common::vps_ids(&sim).await.remove(0);
    let op = c.create_snapshot(&id, "it-hung", Description::Omitted).await.unwrap();
    // Polls now hang for up to 30 s, and the client's own per-request timeout is 30 s.
    sim.faults(json!({ "latencyMs": 30000 }));
    let started = Instant::now();
    let err = c.wait_for_job(JobTarget::Id(op.job_id.clone()), within(600)).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::WaitTimedOut { .. }), "{err:?}");
    assert!(elapsed < Duration::from_millis(900), "{elapsed:?}");
}

#[tokio::test]
async fn transient_poll_failures_do_not_end_the_wait() {
    let sim = Sim::start(&["--job-ms", "1500", "--seed", "21", "--rate-limit", "100000"]);
    // No client-side retries at all: every fault reaches the poller.
    let c = sim.client().with_retry(RetryPolicy { max_retries: 0, ..RetryPolicy::default() });
    let events = record(&c);
    let id = common::vps_ids(&sim).await.remove(0);
    let op = c.create_snapshot(&id, "it-bumpy", Description::Omitted).await.unwrap();
    sim.faults(json!({ "faultRate": 0.6 }));
    let job = c.wait_for_job(JobTarget::Operation(op), within(15_000)).await.expect("the wait survives the faults");
    assert_eq!(job.status, OperationStatus::Completed);
    let stats = sim.stats();
    let faults = stats["faultsInjected"]["total"].as_u64().unwrap();
    println!("bumpy wait: {faults} faulted polls of {} requests", stats["requests"]);
    assert!(faults >= 1, "some polls failed: {}", stats["faultsInjected"]);
    assert_eq!(retries(&events.borrow()), 0);
    assert!(!events.borrow().contains(&ClientEvent::Recovered));
}

#[tokio::test]
async fn a_4xx_while_polling_ends_the_wait_at_once() {
    let sim = Sim::start(&["--job-ms", "150"]);
    let c = sim.client();
    let started = Instant::now();
    let err = c.wait_for_job(JobTarget::Id("job_doesnotexist".into()), within(10_000)).await.unwrap_err();
    assert!(
        matches!(&err, Error::Core(hostup_client::core::Error::Api(a)) if a.status == 404 && a.code == "not_found"),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    // A poll URL on another host is refused before any request.
    let before = sim.requests();
    let err = c.wait_for_job(JobTarget::Id("https://evil.example/api/jobs/job_x".into()), within(1000)).await;
    assert!(matches!(err, Err(Error::Core(hostup_client::core::Error::Validation(_)))), "{err:?}");
    assert_eq!(sim.requests(), before);
}

#[tokio::test]
async fn a_429_storm_during_a_wait_does_not_end_it() {
    let sim = Sim::start(&["--job-ms", "1200"]);
    let c = sim.client();
    let events = record(&c);
    let id = common::vps_ids(&sim).await.remove(0);
    let op = c.create_snapshot(&id, "it-stormy", Description::Omitted).await.unwrap();
    sim.faults(json!({ "storm": true }));
    let calm = async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        sim.faults(json!({ "storm": false }));
    };
    let (job, ()) = futures::future::join(c.wait_for_job(JobTarget::Operation(op), within(15_000)), calm).await;
    assert_eq!(job.expect("the wait outlives the storm").status, OperationStatus::Completed);
    assert!(sim.stats()["rateLimited"].as_u64().unwrap() >= 1);
    assert!(events.borrow().iter().any(|e| matches!(e, ClientEvent::Retrying { status: Some(429), .. })));
}

#[tokio::test]
async fn concurrent_waits_on_one_client() {
    let sim = Sim::start(&["--job-ms", "400", "--vps-count", "6"]);
    let c = sim.client();
    let ids = common::vps_ids(&sim).await;
    let creates = ids.iter().enumerate().map(|(i, id)| {
        let c = &c;
        async move { c.create_snapshot(id, &format!("it-many-{i}"), Description::Omitted).await.unwrap() }
    });
    let ops = futures::future::join_all(creates).await;
    let started = Instant::now();
    let waits = ops.into_iter().map(|op| c.wait_for_job(JobTarget::Operation(op), within(10_000)));
    let jobs = futures::future::join_all(waits).await;
    assert!(jobs.iter().all(|j| matches!(j, Ok(j) if j.status == OperationStatus::Completed)), "{jobs:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "waits run side by side: {:?}", started.elapsed());
    assert_eq!(sim.stats()["createsAccepted"]["snapshots"], 6);
}
