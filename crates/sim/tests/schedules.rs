//! Backup schedules over a real socket: the day rules, replace-on-POST, PATCH merges, monthly
//! clamping to the month's last day, DELETE.

mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn schedules_create_patch_delete() {
    let s = start(&["--control"]).await;
    let path = format!("/api/v2/vps/{}/backup-schedules", s.vps[0]);
    let list = s.get(&path).await.json();
    assert_eq!(list["limits"]["maxSchedules"], 1);
    assert_eq!(list["actions"]["canCreate"], json!({"allowed": true, "reason": null, "code": null}));
    assert_eq!(list["data"].as_array().unwrap().len(), 1);

    // Day rules, all at once.
    let p = assert_problem(
        &s.post(&path, json!({"frequency": "weekly", "hour": 2, "retentionCount": 3, "enabled": true})).await,
        400,
        "invalid_request",
    );
    assert_eq!(pointers(&p), vec![("/dayOfWeek".into(), "missing_required".into())]);
    let p = assert_problem(&s.post(&path, json!({"frequency": "daily", "hour": 24, "dayOfWeek": 1, "dayOfMonth": 0, "retentionCount": 1.5, "enabled": 1, "name": false})).await, 400, "invalid_request");
    assert_eq!(
        pointers(&p),
        vec![
            ("/hour".into(), "out_of_range".into()),
            ("/dayOfWeek".into(), "not_allowed".into()),
            ("/dayOfMonth".into(), "not_allowed".into()),
            ("/retentionCount".into(), "invalid_type".into()),
            ("/enabled".into(), "invalid_type".into()),
            ("/name".into(), "invalid_type".into()),
        ]
    );
    let p = assert_problem(&s.req("POST", &path, None).await, 400, "invalid_request");
    assert_eq!(p["errors"].as_array().unwrap().len(), 4);
    let p = assert_problem(
        &s.post(
            &path,
            json!({"frequency": "monthly", "hour": 1, "dayOfWeek": 9, "retentionCount": 0, "enabled": true}),
        )
        .await,
        400,
        "invalid_request",
    );
    assert_eq!(
        pointers(&p),
        vec![
            ("/dayOfWeek".into(), "not_allowed".into()),
            ("/dayOfMonth".into(), "missing_required".into()),
            ("/retentionCount".into(), "out_of_range".into()),
        ]
    );

    // Weekly: replaces the only schedule, nextRun on that weekday at that hour.
    let r = s
        .post(&path, json!({"frequency": "weekly", "hour": 5, "dayOfWeek": 0, "retentionCount": 4, "enabled": true}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let w = r.json();
    assert_eq!(w["name"], "Backup schedule");
    assert_eq!((w["time"].as_str(), w["daySpecifier"].as_str()), (Some("05:00"), Some("sunday")));
    assert!(w["lastRun"].is_null() && w["status"].is_null());
    let next = parse_ts(w["nextRun"].as_str().unwrap());
    assert_eq!((next / 86_400_000 + 4) % 7, 0);
    assert_eq!(next % 86_400_000, 5 * 3_600_000);
    let list = s.get(&path).await.json();
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    assert_eq!(list["data"][0]["id"], w["id"]);

    // PATCH: partial update; a null removes a field; the day rules apply to the merge.
    let p = assert_problem(&s.req("PATCH", &path, Some(r#"{"frequency":"daily"}"#)).await, 400, "invalid_request");
    assert_eq!(pointers(&p), vec![("/dayOfWeek".into(), "not_allowed".into())]);
    let r = s.req("PATCH", &path, Some(r#"{"frequency":"daily","dayOfWeek":null,"hour":7}"#)).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let d = r.json();
    assert_eq!((d["frequency"].as_str(), d["time"].as_str()), (Some("daily"), Some("07:00")));
    assert!(d["daySpecifier"].is_null());
    assert_eq!(d["retentionCount"], 4);
    let r = s.req("PATCH", &path, Some(&json!({"id": w["id"], "enabled": false}).to_string())).await;
    assert_eq!(r.status, 200);
    assert!(r.json()["nextRun"].is_null());
    assert_problem(&s.req("PATCH", &path, Some(r#"{"id":"bks_nope","hour":1}"#)).await, 404, "not_found");
    let p = assert_problem(
        &s.req("PATCH", &path, Some(r#"{"hour":"1","retentionCount":null}"#)).await,
        400,
        "invalid_request",
    );
    assert_eq!(
        pointers(&p),
        vec![("/hour".into(), "invalid_type".into()), ("/retentionCount".into(), "missing_required".into())]
    );

    // Monthly 31 in a 30-day month and 30 in February: move the clock to 2 April / 1 February.
    let now = parse_ts(s.control("POST", "/__sim/clock", json!({"advanceMs": 0})).await["now"].as_str().unwrap());
    let day = now / 86_400_000;
    let mut y = (1970 + day / 366) as i64;
    while days_from_civil(y + 1, 1, 1) <= day {
        y += 1;
    }
    for (month, dom) in [(4, 31), (2, 30)] {
        let leap = (y + 1) % 4 == 0 && ((y + 1) % 100 != 0 || (y + 1) % 400 == 0);
        let expect_day = match month {
            2 if leap => 29,
            2 => 28,
            _ => 30,
        };
        let target = days_from_civil(y + 1, month, 1) * 86_400_000;
        let now = parse_ts(s.control("POST", "/__sim/clock", json!({"advanceMs": 0})).await["now"].as_str().unwrap());
        if target > now {
            s.control("POST", "/__sim/clock", json!({"advanceMs": target - now})).await;
        }
        let r = s.post(&path, json!({"frequency": "monthly", "dayOfMonth": dom, "hour": 3, "retentionCount": 2, "enabled": true, "name": "Monthly"})).await;
        assert_eq!(r.status, 201, "{}", r.text());
        let m = r.json();
        assert_eq!(m["daySpecifier"], dom.to_string());
        assert_eq!(m["name"], "Monthly");
        let expect = days_from_civil(y + 1, month, expect_day) * 86_400_000 + 3 * 3_600_000;
        assert_eq!(parse_ts(m["nextRun"].as_str().unwrap()), expect, "{m}");
        if month == 4 {
            // Move on to next year's February for the second case.
            y += 1;
        }
    }

    // DELETE → 204, then 404; the list is empty and a POST creates a fresh one.
    let sid = s.get(&path).await.json()["data"][0]["id"].as_str().unwrap().to_owned();
    let r = s.req("DELETE", &format!("{path}/{sid}"), None).await;
    assert_eq!(r.status, 204);
    assert!(r.body.is_empty());
    assert_problem(&s.req("DELETE", &format!("{path}/{sid}"), None).await, 404, "not_found");
    assert!(s.get(&path).await.json()["data"].as_array().unwrap().is_empty());
    assert_problem(&s.req("PATCH", &path, Some(r#"{"hour":1}"#)).await, 404, "not_found");
    let r = s
        .post(
            &path,
            json!({"frequency": "daily", "hour": 2, "retentionCount": 3, "enabled": true, "name": "Nightly backup"}),
        )
        .await;
    assert_eq!(r.status, 201);
    assert_ne!(r.json()["id"], sid);
}
