//! `--drift`: a field no client knows on every object of a successful answer, and the undocumented
//! job status `verifying` before `completed`. Error answers are left alone.

mod common;

use common::*;
use serde_json::{json, Value};

/// Paths (JSON pointers) of the objects in `v` that lack `"driftProbe": "sim"`.
fn unprobed(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if m.get("driftProbe") != Some(&json!("sim")) {
                out.push(at.to_owned());
            }
            for (k, x) in m {
                unprobed(x, &format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                unprobed(x, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn assert_probed(v: &Value) {
    let mut missing = Vec::new();
    unprobed(v, "", &mut missing);
    assert!(missing.is_empty(), "objects without driftProbe: {missing:?} in {v}");
}

#[tokio::test]
async fn every_object_of_a_successful_answer_has_the_probe() {
    let s = start(&["--drift"]).await;
    let id = &s.vps[0];
    for path in [
        "/api/v2/vps".to_owned(),
        format!("/api/v2/vps/{id}"),
        format!("/api/v2/vps/{id}/status"),
        format!("/api/v2/vps/{id}/backups"),
        format!("/api/v2/vps/{id}/snapshots"),
        format!("/api/v2/vps/{id}/backup-schedules"),
    ] {
        let r = s.get(&path).await;
        assert_eq!(r.status, 200, "{path}");
        assert_probed(&r.json());
    }
    let list = s.get(&format!("/api/v2/vps/{id}/backups")).await.json();
    assert_eq!(list["backups"][0]["driftProbe"], "sim");
    assert_eq!(list["actions"]["canCreateBackup"]["driftProbe"], "sim");
    // The operation envelope, and a schedule.
    let r = s.post(&format!("/api/v2/vps/{id}/snapshots"), json!({"name": "drifting"})).await;
    assert_eq!(r.status, 202);
    let op = r.json();
    assert_probed(&op);
    assert_eq!(op["operation"]["result"], json!({"name": "drifting", "driftProbe": "sim"}));
    assert_probed(&s.get(&format!("/api/jobs/{}", op["operation"]["jobId"].as_str().unwrap())).await.json());
    let r = s
        .post(
            &format!("/api/v2/vps/{id}/backup-schedules"),
            json!({"frequency": "daily", "hour": 2, "retentionCount": 3, "enabled": true}),
        )
        .await;
    assert_eq!(r.status, 201);
    assert_probed(&r.json());
    // Problems are not altered.
    let p = assert_problem(
        &s.post(&format!("/api/v2/vps/{}/snapshots", s.vps[1]), json!({"name": 1})).await,
        400,
        "invalid_request",
    );
    assert!(!p.to_string().contains("driftProbe"), "{p}");
    let p = assert_problem(&s.get("/api/v2/vps/vps_nope").await, 404, "not_found");
    assert!(p.get("driftProbe").is_none());
}

#[tokio::test]
async fn jobs_pass_through_verifying_for_their_last_fifth() {
    let s = start(&["--drift", "--control", "--job-ms", "10000"]).await;
    let r = s.post(&format!("/api/v2/vps/{}/snapshots", s.vps[0]), json!({"name": "slow"})).await;
    let job = r.json()["operation"]["jobId"].as_str().unwrap().to_owned();
    let poll = || async { s.get(&format!("/api/jobs/{job}")).await.json()["operation"].clone() };
    assert_eq!(poll().await["status"], "queued");
    s.control("POST", "/__sim/clock", json!({"advanceMs": 5_000})).await;
    assert_eq!(poll().await["status"], "in_progress");
    s.control("POST", "/__sim/clock", json!({"advanceMs": 3_500})).await;
    let op = poll().await;
    assert_eq!(op["status"], "verifying");
    let (created, updated) = (parse_ts(op["createdAt"].as_str().unwrap()), parse_ts(op["updatedAt"].as_str().unwrap()));
    assert_eq!(updated - created, 8_000);
    // The job still holds the VPS while it verifies.
    let list = s.get(&format!("/api/v2/vps/{}/snapshots", s.vps[0])).await.json();
    assert_eq!(list["actions"]["canCreate"]["code"], "job_in_progress");
    s.control("POST", "/__sim/clock", json!({"advanceMs": 2_000})).await;
    let op = poll().await;
    assert_eq!(op["status"], "completed");
    assert_eq!(op["result"]["name"], "slow");

    // Without drift the same moment is in_progress.
    let plain = start(&["--control", "--job-ms", "10000"]).await;
    let r = plain.post(&format!("/api/v2/vps/{}/snapshots", plain.vps[0]), json!({"name": "slow"})).await;
    let job = r.json()["operation"]["jobId"].as_str().unwrap().to_owned();
    plain.control("POST", "/__sim/clock", json!({"advanceMs": 8_500})).await;
    let op = plain.get(&format!("/api/jobs/{job}")).await;
    assert_eq!(op.json()["operation"]["status"], "in_progress");
    assert!(!op.text().contains("driftProbe"));
}

#[tokio::test]
async fn a_failed_jobs_problem_is_not_altered() {
    let s = start(&["--drift", "--job-fail-rate", "1", "--job-ms", "5"]).await;
    let r = s.post(&format!("/api/v2/vps/{}/backups", s.vps[0]), json!({})).await;
    let op = s.wait_job(r.json()["operation"]["jobId"].as_str().unwrap()).await;
    assert_eq!((op["status"].as_str(), op["driftProbe"].as_str()), (Some("failed"), Some("sim")));
    assert_eq!(op["error"]["code"], "internal_error");
    assert!(op["error"].get("driftProbe").is_none(), "{op}");
}

#[tokio::test]
async fn drift_is_switched_by_the_control_api_and_reset() {
    let s = start(&["--control"]).await;
    assert!(!s.get("/api/v2/vps").await.text().contains("driftProbe"));
    assert_eq!(s.control("GET", "/__sim/faults", json!(null)).await["drift"], false);
    let f = s.control("POST", "/__sim/faults", json!({"drift": true})).await;
    assert_eq!(f["drift"], true);
    assert_probed(&s.get("/api/v2/vps").await.json());
    let r = raw(s.addr, "POST", "/__sim/faults", &[], Some(r#"{"drift":"yes"}"#)).await.unwrap();
    assert_problem(&r, 400, "invalid_request");
    s.control("POST", "/__sim/reset", json!(null)).await;
    assert_eq!(s.control("GET", "/__sim/faults", json!(null)).await["drift"], false);
    assert!(!s.get("/api/v2/vps").await.text().contains("driftProbe"));
    // --drift is what reset returns to.
    let d = start(&["--control", "--drift"]).await;
    d.control("POST", "/__sim/faults", json!({"drift": false})).await;
    d.control("POST", "/__sim/reset", json!(null)).await;
    assert_probed(&d.get("/api/v2/vps").await.json());
}
