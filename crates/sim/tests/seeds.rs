//! Replays every request example of the reference pages (shared/seeds, copied verbatim into
//! fixtures/seed_examples.json) and checks that the responses have the seeds' shapes: the same keys
//! at every level, the same JSON types, null where the seed shows null.

mod common;

use common::*;
use serde_json::{json, Value};

fn fixtures() -> Value {
    serde_json::from_str(include_str!("fixtures/seed_examples.json")).unwrap()
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Differences between the seed's shape and ours. `extra` lists keys the reference schema documents
/// as optional but the example omits; `nullable` lists fields the schema types as "…,null".
fn diff(seed: &Value, ours: &Value, at: &str, extra: &[&str], nullable: &[&str], out: &mut Vec<String>) {
    match (seed, ours) {
        (Value::Null, Value::Null) => {}
        (Value::Null, o) => out.push(format!("{at}: seed shows null, we send {}", kind(o))),
        (_, Value::Null) if nullable.contains(&at) => {}
        (Value::Object(s), Value::Object(o)) => {
            for (k, sv) in s {
                let p = format!("{at}/{k}");
                match o.get(k) {
                    Some(ov) => diff(sv, ov, &p, extra, nullable, out),
                    None => out.push(format!("{p}: missing")),
                }
            }
            for k in o.keys().filter(|k| !s.contains_key(*k)) {
                let p = format!("{at}/{k}");
                if !extra.contains(&p.as_str()) {
                    out.push(format!("{p}: not in the seed"));
                }
            }
        }
        (Value::Array(s), Value::Array(o)) => {
            if let Some(first) = s.first() {
                if o.is_empty() {
                    out.push(format!("{at}: empty, the seed has items"));
                }
                for item in o {
                    diff(first, item, &format!("{at}[]"), extra, nullable, out);
                }
            }
        }
        (s, o) if kind(s) == kind(o) => {}
        (s, o) => out.push(format!("{at}: seed {} vs ours {}", kind(s), kind(o))),
    }
}

fn assert_shape(name: &str, ours: &Value, extra: &[&str], nullable: &[&str]) {
    let seed = &fixtures()[name];
    assert!(!seed.is_null(), "no fixture {name}");
    let mut out = Vec::new();
    diff(seed, ours, "", extra, nullable, &mut out);
    assert!(out.is_empty(), "{name}: {out:#?}\nours: {ours:#}");
}

#[tokio::test]
async fn request_examples_answer_with_the_seed_shapes() {
    let f = fixtures();
    let s = start(&["--job-ms", "5"]).await;
    let id = &s.vps[0];

    // 000: create backup, with the example body and with none at all.
    let r = s.post(&format!("/api/v2/vps/{id}/backups"), f["createBackupRequest"].clone()).await;
    assert_eq!(r.status, 202);
    assert_shape("createBackup202", &r.json(), &["/operation/result"], &[]);
    s.wait_job(r.json()["operation"]["jobId"].as_str().unwrap()).await;
    let bare = raw(
        s.addr,
        "POST",
        &format!("/api/v2/vps/{}/backups", s.vps[1]),
        &[("Authorization", &format!("Bearer {KEY}")), ("Accept", "application/json")],
        None,
    )
    .await
    .unwrap();
    assert_eq!(bare.status, 202);
    assert_shape("createBackup202", &bare.json(), &["/operation/result"], &[]);

    // 003: list backups.
    let r = s.get(&format!("/api/v2/vps/{id}/backups")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["backups"][0]["note"], "Before upgrade");
    assert_shape(
        "listBackups200",
        &r.json(),
        &["/actions/canCreateBackup/code", "/actions/canRestore/code"],
        &["/backups[]/note", "/backups[]/createdAt", "/quotaInfo/limit", "/quotaInfo/remaining"],
    );

    // 001: create snapshot; 004: restore it once it exists.
    let r = s.post(&format!("/api/v2/vps/{id}/snapshots"), f["createSnapshotRequest"].clone()).await;
    assert_eq!(r.status, 202, "{}", r.text());
    assert_shape("createSnapshot202", &r.json(), &[], &[]);
    s.wait_job(r.json()["operation"]["jobId"].as_str().unwrap()).await;
    let r = s.req("POST", &format!("/api/v2/vps/{id}/snapshots/before-upgrade/actions/restore"), None).await;
    assert_eq!(r.status, 202, "{}", r.text());
    assert_shape("restoreSnapshot202", &r.json(), &[], &[]);

    // 002: create a schedule.
    let r = s.post(&format!("/api/v2/vps/{id}/backup-schedules"), f["createScheduleRequest"].clone()).await;
    assert_eq!(r.status, 201);
    assert_shape("createSchedule201", &r.json(), &[], &[]);
    assert_eq!(r.json()["name"], "Nightly backup");
    assert_eq!(r.json()["time"], "02:00");
}

#[tokio::test]
async fn error_examples_have_the_seed_shapes() {
    let s =
        start(&["--key", &format!("{KEY}=read:vm,backup:vm,write:vm"), "--key", "ro=read:vm", "--rate-limit", "1000"])
            .await;
    let id = &s.vps[0];
    let r = s.post(&format!("/api/v2/vps/{id}/snapshots"), json!({"name": "bad name!"})).await;
    assert_shape("problem400", &assert_problem(&r, 400, "invalid_request"), &[], &[]);
    let r = raw(s.addr, "GET", "/api/v2/vps", &[], None).await.unwrap();
    assert_shape("problem401", &assert_problem(&r, 401, "unauthorized"), &[], &[]);
    let r = raw(s.addr, "POST", &format!("/api/v2/vps/{id}/backups"), &[("Authorization", "Bearer ro")], None)
        .await
        .unwrap();
    assert_shape("problem403", &assert_problem(&r, 403, "forbidden"), &[], &[]);
    let r = s.get("/api/v2/vps/vps_01hxa3b4c5d6e7f8g9h0j1k2m3/backups").await;
    assert_shape("problem404", &assert_problem(&r, 404, "not_found"), &[], &[]);

    let limited = start(&["--rate-limit", "1"]).await;
    limited.get("/api/v2/vps").await;
    let r = limited.get("/api/v2/vps").await;
    assert_shape("problem429", &assert_problem(&r, 429, "rate_limit_exceeded"), &[], &[]);

    let faulty = start(&["--fault-after-rate", "1", "--seed", "4"]).await;
    // A 500 after processing, or a dropped connection; retry until we see the 500.
    let mut seen = false;
    for _ in 0..20 {
        let auth = format!("Bearer {KEY}");
        let body = r#"{"frequency":"daily","hour":2,"retentionCount":3,"enabled":true}"#;
        let sched = format!("/api/v2/vps/{}/backup-schedules", faulty.vps[0]);
        if let Ok(r) = raw(faulty.addr, "POST", &sched, &[("Authorization", &auth)], Some(body)).await {
            assert_shape("problem500", &assert_problem(&r, 500, "internal_error"), &[], &[]);
            seen = true;
            break;
        }
    }
    assert!(seen, "never saw a 500");
}
