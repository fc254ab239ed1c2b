//! Every endpoint over a real socket: shapes, errors, gates, jobs (schedules: tests/schedules.rs).

mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn vps_list_details_status_and_ownership() {
    let s = start(&[]).await;
    let list = s.get("/api/v2/vps").await;
    assert_eq!(list.status, 200);
    assert_eq!(list.header("content-type"), Some("application/json"));
    let data = list.json()["data"].as_array().unwrap().clone();
    assert_eq!(data.len(), 3);
    assert_eq!(data[0]["name"], "web-01");
    for v in &data {
        let id = v["id"].as_str().unwrap();
        assert!(id.starts_with("vps_01h") && id.len() == 30, "{id}");
        for k in ["name", "hostname", "status", "region", "createdAt"] {
            assert!(v[k].is_string(), "{k}");
        }
        assert!(!s.other_vps.is_empty() && id != s.other_vps);
    }
    let id = &s.vps[0];
    let one = s.get(&format!("/api/v2/vps/{id}")).await.json();
    assert_eq!(one["data"]["id"], *id);
    assert!(one["data"]["restoredFrom"].is_null() && one["data"]["lastRestoreAt"].is_null());
    let st = s.get(&format!("/api/v2/vps/{id}/status")).await.json();
    assert_eq!(st["data"]["status"], "running");
    // Another account's VPS is a 404 on every endpoint, never a 403.
    for path in ["", "/status", "/backups", "/snapshots", "/backup-schedules"] {
        let r = s.get(&format!("/api/v2/vps/{}{path}", s.other_vps)).await;
        let p = assert_problem(&r, 404, "not_found");
        assert_eq!(p["title"], "Not found");
        assert_eq!(p["instance"], format!("/api/v2/vps/{}{path}", s.other_vps));
    }
    let other_post = s.post(&format!("/api/v2/vps/{}/backups", s.other_vps), json!({})).await;
    assert_problem(&other_post, 404, "not_found");
    assert_problem(&s.get("/api/v2/vps/vps_nope/backups").await, 404, "not_found");
    assert_problem(&s.get("/api/v2/nothing").await, 404, "not_found");
    let r = s.req("DELETE", "/api/v2/vps", None).await;
    assert_problem(&r, 405, "method_not_allowed");
    assert_eq!(r.header("allow"), Some("GET"));
    // Deterministic ids from the seed.
    let again = start(&[]).await;
    assert_eq!(again.vps, s.vps);
    assert_ne!(start(&["--seed", "2"]).await.vps, s.vps);
    assert_eq!(start(&["--vps-count", "300"]).await.vps.len(), 300);
}

#[tokio::test]
async fn auth_cookie_and_scopes() {
    let s = start(&["--key", "ro=read:vm", "--key", "bk=read:vm,backup:vm", "--key", "none="]).await;
    let id = &s.vps[0];
    let path = format!("/api/v2/vps/{id}/backups");
    let p = assert_problem(&raw(s.addr, "GET", &path, &[], None).await.unwrap(), 401, "unauthorized");
    assert_eq!(p["title"], "Unauthorized");
    let bad = [("Authorization", "Bearer wrong")];
    assert_problem(&raw(s.addr, "GET", &path, &bad, None).await.unwrap(), 401, "unauthorized");
    // The default key is replaced by --key.
    let def = format!("Bearer {KEY}");
    let r = raw(s.addr, "GET", &path, &[("Authorization", &def)], None).await.unwrap();
    assert_problem(&r, 401, "unauthorized");
    let cookie = [("Cookie", "theme=dark; hostup_session=ro")];
    assert_eq!(raw(s.addr, "GET", &path, &cookie, None).await.unwrap().status, 200);
    let ro = [("Authorization", "Bearer ro")];
    let r = raw(s.addr, "POST", &path, &ro, None).await.unwrap();
    let p = assert_problem(&r, 403, "forbidden");
    assert_eq!(p["title"], "Forbidden");
    // The gates say so too, with a code.
    let list = raw(s.addr, "GET", &path, &ro, None).await.unwrap().json();
    assert_eq!(list["actions"]["canCreateBackup"]["code"], "missing_scope");
    let bk = [("Authorization", "Bearer bk")];
    let sched = format!("/api/v2/vps/{id}/backup-schedules");
    let body = r#"{"frequency":"daily","hour":2,"retentionCount":3,"enabled":true}"#;
    assert_problem(&raw(s.addr, "POST", &sched, &bk, Some(body)).await.unwrap(), 403, "forbidden");
    assert_problem(&raw(s.addr, "PATCH", &sched, &bk, Some("{}")).await.unwrap(), 403, "forbidden");
    let none = [("Authorization", "Bearer none")];
    assert_problem(&raw(s.addr, "GET", "/api/v2/vps", &none, None).await.unwrap(), 403, "forbidden");
    assert_problem(&raw(s.addr, "GET", "/api/jobs/job_x", &none, None).await.unwrap(), 403, "forbidden");
}

#[tokio::test]
async fn backup_job_gates_and_result_after_completion() {
    let s = start(&["--job-ms", "60"]).await;
    let id = &s.vps[0];
    let path = format!("/api/v2/vps/{id}/backups");
    let before = s.get(&path).await.json();
    let used = before["quotaInfo"]["used"].as_u64().unwrap();
    assert_eq!(before["backups"].as_array().unwrap().len() as u64, used);
    assert_eq!(before["quotaInfo"]["limit"], 7);
    assert_eq!(before["quotaInfo"]["remaining"], 7 - used);
    assert_eq!(before["actions"]["canCreateBackup"], json!({"allowed": true, "reason": null, "code": null}));
    // No body and no Content-Type at all.
    let auth = format!("Bearer {KEY}");
    let r = raw(s.addr, "POST", &path, &[("Authorization", &auth)], None).await.unwrap();
    assert_eq!(r.status, 202, "{}", r.text());
    let op = r.json()["operation"].clone();
    assert_eq!(op["status"], "queued");
    assert!(op["result"].is_null());
    let job = op["jobId"].as_str().unwrap().to_owned();
    assert!(job.starts_with("job_01h"));
    assert_eq!(op["pollUrl"], format!("/api/jobs/{job}"));
    // In flight: gates closed with a code, POST refused with that code, nothing new listed yet.
    let during = s.get(&path).await.json();
    for gate in ["canCreateBackup", "canRestore"] {
        assert_eq!(during["actions"][gate]["allowed"], false);
        assert_eq!(during["actions"][gate]["code"], "job_in_progress");
        assert!(during["actions"][gate]["reason"].as_str().unwrap().contains("backup"));
    }
    assert_eq!(during["quotaInfo"]["used"], used);
    let snaps = s.get(&format!("/api/v2/vps/{id}/snapshots")).await.json();
    assert_eq!(snaps["actions"]["canCreate"]["code"], "job_in_progress");
    let p = assert_problem(&s.post(&path, json!({"note": "again"})).await, 409, "job_in_progress");
    assert_eq!(p["title"], "Conflict");
    let snap = s.post(&format!("/api/v2/vps/{id}/snapshots"), json!({"name": "x"})).await;
    assert_problem(&snap, 409, "job_in_progress");
    let polled = s.get(&format!("/api/jobs/{job}")).await.json()["operation"].clone();
    assert!(["queued", "in_progress"].contains(&polled["status"].as_str().unwrap()));
    assert_eq!(polled["kind"], "backup");
    assert!(polled["error"].is_null());
    // Completion: the backup appears, the gates reopen.
    let done = s.wait_job(&job).await;
    assert_eq!(done["status"], "completed");
    parse_ts(done["createdAt"].as_str().unwrap());
    assert!(parse_ts(done["updatedAt"].as_str().unwrap()) > parse_ts(done["createdAt"].as_str().unwrap()));
    let new_id = done["result"]["backupId"].as_str().unwrap().to_owned();
    let after = s.get(&path).await.json();
    assert_eq!(after["quotaInfo"]["used"], used + 1);
    let b = &after["backups"][0];
    assert_eq!(b["id"], new_id);
    assert!(b["note"].is_null());
    assert_eq!(b["backupType"], "manual");
    assert_eq!(b["displayId"], format!("{} ({})", b["createdAt"].as_str().unwrap(), b["storageKey"].as_str().unwrap()));
    assert_eq!(after["actions"]["canCreateBackup"]["allowed"], true);
    // Another account cannot see the job.
    let other = start(&["--other-key", "other"]).await;
    let r = other.post(&format!("/api/v2/vps/{}/backups", other.vps[0]), json!({"note": "n"})).await;
    let job = r.json()["operation"]["jobId"].as_str().unwrap().to_owned();
    let r =
        raw(other.addr, "GET", &format!("/api/jobs/{job}"), &[("Authorization", "Bearer other")], None).await.unwrap();
    assert_problem(&r, 404, "not_found");
    let r =
        raw(other.addr, "GET", &format!("/api/v2/vps/{}", other.other_vps), &[("Authorization", "Bearer other")], None)
            .await
            .unwrap();
    assert_eq!(r.status, 200);
    assert_problem(&s.get("/api/jobs/job_unknown").await, 404, "not_found");
}

#[tokio::test]
async fn backup_bodies_are_validated() {
    let s = start(&[]).await;
    let path = format!("/api/v2/vps/{}/backups", s.vps[1]);
    let p = assert_problem(&s.post(&path, json!({"note": 5, "mode": "stop"})).await, 400, "invalid_request");
    assert_eq!(p["title"], "Invalid request");
    assert_eq!(pointers(&p), vec![("/note".into(), "invalid_type".into()), ("/mode".into(), "not_allowed".into())]);
    let p = assert_problem(&s.req("POST", &path, Some("{\"note\":")).await, 400, "invalid_request");
    assert_eq!(p["errors"][0]["pointer"], "");
    let p = assert_problem(&s.req("POST", &path, Some("[1]")).await, 400, "invalid_request");
    assert_eq!(pointers(&p), vec![("".into(), "invalid_type".into())]);
    // Unknown fields are ignored; a note is kept.
    let r = s.post(&path, json!({"note": "Before upgrade", "extra": true})).await;
    assert_eq!(r.status, 202);
    let done = s.wait_job(r.json()["operation"]["jobId"].as_str().unwrap()).await;
    let list = s.get(&path).await.json();
    assert_eq!(list["backups"][0]["id"], done["result"]["backupId"]);
    assert_eq!(list["backups"][0]["note"], "Before upgrade");
}

#[tokio::test]
async fn quota_closes_the_create_gate() {
    let s = start(&["--job-ms", "2"]).await;
    let path = format!("/api/v2/vps/{}/backups", s.vps[0]);
    loop {
        let list = s.get(&path).await.json();
        if list["quotaInfo"]["remaining"] == 0 {
            assert_eq!(list["quotaInfo"]["used"], 7);
            let gate = &list["actions"]["canCreateBackup"];
            assert_eq!(gate["allowed"], false);
            assert_eq!(gate["code"], "quota_exceeded");
            assert!(gate["reason"].as_str().unwrap().contains("quota"));
            assert_eq!(list["actions"]["canRestore"]["allowed"], true);
            break;
        }
        let r = s.post(&path, json!({})).await;
        assert_eq!(r.status, 202);
        s.wait_job(r.json()["operation"]["jobId"].as_str().unwrap()).await;
    }
    assert_problem(&s.post(&path, json!({})).await, 409, "quota_exceeded");
    // Deleting one frees the quota once the delete job completes.
    let list = s.get(&path).await.json();
    let victim = list["backups"][6]["id"].as_str().unwrap().to_owned();
    let r = s.req("DELETE", &format!("{path}/{victim}"), None).await;
    assert_eq!(r.status, 202);
    assert_eq!(r.json()["operation"]["result"]["backupId"], victim);
    let op = s.wait_job(r.json()["operation"]["jobId"].as_str().unwrap()).await;
    assert_eq!(op["kind"], "backup_delete");
    let list = s.get(&path).await.json();
    assert_eq!(list["quotaInfo"]["used"], 6);
    assert!(list["backups"].as_array().unwrap().iter().all(|b| b["id"] != victim));
    assert_problem(&s.req("DELETE", &format!("{path}/{victim}"), None).await, 404, "not_found");
}

#[tokio::test]
async fn snapshots_validate_fill_restore_and_delete() {
    // Long enough that the "while running" checks cannot race the job.
    let s = start(&["--job-ms", "80"]).await;
    let id = &s.vps[0];
    let path = format!("/api/v2/vps/{id}/snapshots");
    let p =
        assert_problem(&s.post(&path, json!({"name": "a".repeat(41), "description": 3})).await, 400, "invalid_request");
    assert_eq!(pointers(&p), vec![("/name".into(), "too_long".into()), ("/description".into(), "invalid_type".into())]);
    let p = assert_problem(&s.post(&path, json!({"name": "has space"})).await, 400, "invalid_request");
    assert_eq!(pointers(&p), vec![("/name".into(), "invalid_format".into())]);
    let p = assert_problem(&s.post(&path, json!({"name": ""})).await, 400, "invalid_request");
    assert_eq!(pointers(&p), vec![("/name".into(), "invalid_format".into())]);
    let p = assert_problem(&s.req("POST", &path, None).await, 400, "invalid_request");
    assert_eq!(pointers(&p), vec![("/name".into(), "missing_required".into())]);
    let p = assert_problem(&s.post(&path, json!({"name": 7})).await, 400, "invalid_request");
    assert_eq!(pointers(&p), vec![("/name".into(), "invalid_type".into())]);

    let list = s.get(&path).await.json();
    assert_eq!(list["available"], true);
    assert_eq!(list["limits"]["totalSnapshots"], 3);
    let mut used = list["limits"]["usedSnapshots"].as_u64().unwrap();
    assert_eq!(list["data"].as_array().unwrap().len() as u64, used);
    let first = list["data"][0].clone();
    assert_eq!(
        parse_ts(first["expiresAt"].as_str().unwrap()) - parse_ts(first["createdAt"].as_str().unwrap()),
        86_400_000
    );
    let existing = first["name"].as_str().unwrap().to_owned();
    assert_problem(&s.post(&path, json!({"name": existing})).await, 409, "snapshot_exists");
    let mut n = 0;
    while used < 3 {
        n += 1;
        let r = s.post(&path, json!({"name": format!("snap-{n}"), "description": null})).await;
        assert_eq!(r.status, 202, "{}", r.text());
        assert_eq!(r.json()["operation"]["result"], json!({"name": format!("snap-{n}")}));
        let names = |l: &Value| l["data"].as_array().unwrap().iter().map(|d| d["name"].clone()).collect::<Vec<_>>();
        assert!(!names(&s.get(&path).await.json()).contains(&json!(format!("snap-{n}"))));
        s.wait_job(r.json()["operation"]["jobId"].as_str().unwrap()).await;
        let l = s.get(&path).await.json();
        assert!(names(&l).contains(&json!(format!("snap-{n}"))));
        used += 1;
    }
    let list = s.get(&path).await.json();
    assert_eq!(list["limits"]["usedSnapshots"], 3);
    assert_eq!(list["actions"]["canCreate"]["code"], "snapshot_slots_full");
    assert_eq!(list["actions"]["canRestore"]["allowed"], true);
    assert_problem(&s.post(&path, json!({"name": "one-more"})).await, 409, "snapshot_slots_full");

    // Restore: the VPS records it once the job completes.
    assert_problem(&s.req("POST", &format!("{path}/nope/actions/restore"), None).await, 404, "not_found");
    let r = s.req("POST", &format!("{path}/{existing}/actions/restore"), None).await;
    assert_eq!(r.status, 202);
    assert_eq!(r.json()["operation"]["result"], json!({"snapshotName": existing}));
    let vps = s.get(&format!("/api/v2/vps/{id}")).await.json();
    assert!(vps["data"]["restoredFrom"].is_null());
    let during = s.get(&path).await.json();
    assert_eq!(during["actions"]["canRestore"]["code"], "job_in_progress");
    assert_problem(&s.req("POST", &format!("{path}/{existing}/actions/restore"), None).await, 409, "job_in_progress");
    let op = s.wait_job(r.json()["operation"]["jobId"].as_str().unwrap()).await;
    assert_eq!(op["kind"], "snapshot_restore");
    let vps = s.get(&format!("/api/v2/vps/{id}")).await.json();
    assert_eq!(vps["data"]["restoredFrom"], format!("snapshot:{existing}"));
    assert_eq!(vps["data"]["lastRestoreAt"], op["updatedAt"]);

    // Delete frees a slot.
    let r = s.req("DELETE", &format!("{path}/{existing}"), None).await;
    assert_eq!(r.status, 202);
    s.wait_job(r.json()["operation"]["jobId"].as_str().unwrap()).await;
    let list = s.get(&path).await.json();
    assert_eq!(list["limits"]["usedSnapshots"], 2);
    assert_eq!(list["actions"]["canCreate"]["allowed"], true);
    assert_problem(&s.req("DELETE", &format!("{path}/{existing}"), None).await, 404, "not_found");
}

#[tokio::test]
async fn backup_restore_and_job_failure() {
    let s = start(&["--job-ms", "50"]).await;
    let id = &s.vps[0];
    let path = format!("/api/v2/vps/{id}/backups");
    let backup = s.get(&path).await.json()["backups"][0]["id"].as_str().unwrap().to_owned();
    assert_problem(&s.req("POST", &format!("{path}/bkp_nope/actions/restore"), None).await, 404, "not_found");
    let r = s.req("POST", &format!("{path}/{backup}/actions/restore"), None).await;
    assert_eq!(r.status, 202);
    assert_eq!(r.json()["operation"]["result"], json!({"backupId": backup}));
    let st = s.get(&format!("/api/v2/vps/{id}/status")).await.json();
    assert_eq!(st["data"]["status"], "restoring");
    let op = s.wait_job(r.json()["operation"]["jobId"].as_str().unwrap()).await;
    assert_eq!((op["status"].as_str(), op["kind"].as_str()), (Some("completed"), Some("backup_restore")));
    let vps = s.get(&format!("/api/v2/vps/{id}")).await.json();
    assert_eq!(vps["data"]["restoredFrom"], format!("backup:{backup}"));

    // --job-fail-rate 1: the job fails with a problem object, nothing changes.
    let f = start(&["--job-ms", "5", "--job-fail-rate", "1"]).await;
    let path = format!("/api/v2/vps/{}/backups", f.vps[0]);
    let used = f.get(&path).await.json()["quotaInfo"]["used"].clone();
    let r = f.post(&path, json!({"note": "doomed"})).await;
    let op = f.wait_job(r.json()["operation"]["jobId"].as_str().unwrap()).await;
    assert_eq!(op["status"], "failed");
    let err = &op["error"];
    assert_eq!(err["code"], "internal_error");
    assert!(err["requestId"].as_str().unwrap().starts_with("req_"));
    assert!(err["detail"].is_string() && err["title"].is_string() && err["type"].is_string());
    assert_eq!(f.get(&path).await.json()["quotaInfo"]["used"], used);
}

#[tokio::test]
async fn snapshots_expire_after_24_hours() {
    let s = start(&["--control", "--job-ms", "5"]).await;
    let path = format!("/api/v2/vps/{}/snapshots", s.vps[0]);
    let r = s.post(&path, json!({"name": "fresh"})).await;
    s.wait_job(r.json()["operation"]["jobId"].as_str().unwrap()).await;
    let names = |v: Value| {
        v["data"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    let before = names(s.get(&path).await.json());
    assert!(before.len() >= 2 && before.contains(&"fresh".to_owned()));
    // The seeded ones are 1–21 h old: 20 h later only `fresh` is left, 25 h later nothing.
    s.control("POST", "/__sim/clock", json!({"advanceMs": 23 * 3_600_000})).await;
    assert_eq!(names(s.get(&path).await.json()), vec!["fresh".to_owned()]);
    s.control("POST", "/__sim/clock", json!({"advanceMs": 2 * 3_600_000})).await;
    let list = s.get(&path).await.json();
    assert!(names(list.clone()).is_empty());
    assert_eq!(list["actions"]["canRestore"]["code"], "no_snapshots");
    assert_problem(&s.req("POST", &format!("{path}/fresh/actions/restore"), None).await, 404, "not_found");
}

#[tokio::test]
async fn backups_per_vps_gives_every_vps_that_many_backups() {
    // Default: the seeded 2 to 4 per VPS.
    let s = start(&[]).await;
    for id in &s.vps {
        let n = s.get(&format!("/api/v2/vps/{id}/backups")).await.json()["backups"].as_array().unwrap().len();
        assert!((2..=4).contains(&n), "{n}");
    }
    // --backups-per-vps N: exactly N, distinct ids, one a day, the quota reported as used.
    let s = start(&["--backups-per-vps", "1000", "--vps-count", "2"]).await;
    for id in &s.vps {
        let list = s.get(&format!("/api/v2/vps/{id}/backups")).await.json();
        let backups = list["backups"].as_array().unwrap();
        assert_eq!(backups.len(), 1000);
        let ids: std::collections::HashSet<&str> = backups.iter().map(|b| b["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), 1000);
        assert_eq!(list["quotaInfo"]["used"], 1000);
        assert_eq!(list["actions"]["canCreateBackup"]["allowed"], false);
    }
    // The VPS themselves are the same as without the flag (same seed).
    assert_eq!(s.vps[0], start(&[]).await.vps[0]);
}
