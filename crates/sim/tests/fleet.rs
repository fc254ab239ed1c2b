//! `--fleet varied`: the first four VPS each show one backup-coverage problem, the rest are covered (the fleet
//! audit's demo and tests depend on this).

mod common;

use common::*;
use serde_json::{json, Value};

const HOUR: i64 = 3_600_000;

async fn lists(s: &Server, vps: &str) -> (Value, Value, Value) {
    let base = format!("/api/v2/vps/{vps}");
    (
        s.get(&format!("{base}/backups")).await.json(),
        s.get(&format!("{base}/backup-schedules")).await.json(),
        s.get(&format!("{base}/snapshots")).await.json(),
    )
}

#[tokio::test]
async fn a_varied_fleet_has_one_problem_on_each_of_four_vps() {
    let s = start(&["--fleet", "varied", "--vps-count", "5", "--control"]).await;
    let now = parse_ts(s.control("POST", "/__sim/clock", json!({"advanceMs": 0})).await["now"].as_str().unwrap());
    let mut all = Vec::new();
    for vps in &s.vps {
        all.push(lists(&s, vps).await);
    }
    // Every VPS has a backup from 3 hours ago.
    for (backups, _, _) in &all {
        let newest =
            backups["backups"].as_array().unwrap().iter().map(|b| parse_ts(b["createdAt"].as_str().unwrap())).max();
        let age = now - newest.unwrap();
        assert!((3 * HOUR..3 * HOUR + 5_000).contains(&age), "{age}");
    }
    // 0: no schedule.
    assert_eq!(all[0].1["data"], json!([]));
    // 1: the backup quota is full, and the gate says so.
    let q = &all[1].0["quotaInfo"];
    assert_eq!((q["used"].as_u64(), q["limit"].as_u64(), q["remaining"].as_u64()), (Some(7), Some(7), Some(0)));
    assert_eq!(all[1].0["actions"]["canCreateBackup"]["code"], "quota_exceeded");
    // 2: the last scheduled run failed.
    let schedule = &all[2].1["data"][0];
    assert_eq!((schedule["status"].as_str(), schedule["enabled"].as_bool()), (Some("failed"), Some(true)));
    assert!(schedule["lastRun"].is_string());
    // 3: a snapshot expires in 30 minutes, and then it is gone.
    let snap = all[3].2["data"].as_array().unwrap().iter().find(|s| s["name"] == "expiring-soon").unwrap().clone();
    let left = parse_ts(snap["expiresAt"].as_str().unwrap()) - now;
    assert!((30 * 60_000 - 5_000..=30 * 60_000).contains(&left), "{left}");
    // 4: covered: a schedule that ran, room in the quota, nothing expiring.
    let (backups, schedules, _) = &all[4];
    assert_eq!(schedules["data"][0]["status"], "completed");
    assert!(backups["quotaInfo"]["used"].as_u64() < backups["quotaInfo"]["limit"].as_u64());
    s.control("POST", "/__sim/clock", json!({"advanceMs": 31 * 60_000})).await;
    let names: Vec<Value> =
        lists(&s, &s.vps[3]).await.2["data"].as_array().unwrap().iter().map(|s| s["name"].clone()).collect();
    assert!(!names.contains(&json!("expiring-soon")), "{names:?}");
    // A reset seeds the same varied fleet again.
    s.control("POST", "/__sim/reset", json!({})).await;
    assert_eq!(lists(&s, &s.vps[0]).await.1["data"], json!([]));
}
