//! Contract nits an OpenAPI-driven fuzzer found (issue #11): nullability, integer-valued numbers,
//! huge integers, framework-level rejections as problem+json, trailing slashes.

mod common;

use common::*;
use serde_json::json;

fn schedule_path(s: &Server) -> String {
    format!("/api/v2/vps/{}/backup-schedules", s.vps[0])
}

#[tokio::test]
async fn a_schedule_name_of_null_is_a_validation_error() {
    let s = start(&[]).await;
    let body = json!({"frequency": "daily", "hour": 2, "retentionCount": 3, "enabled": true, "name": null});
    let p = assert_problem(&s.post(&schedule_path(&s), body).await, 400, "invalid_request");
    assert_eq!(pointers(&p), vec![("/name".into(), "invalid_type".into())]);
    // Omitting it is fine; a PATCH's null still means "remove" (the name is kept).
    let r = s
        .post(&schedule_path(&s), json!({"frequency": "daily", "hour": 2, "retentionCount": 3, "enabled": true}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let r = s.req("PATCH", &schedule_path(&s), Some(r#"{"name":null,"hour":4}"#)).await;
    assert_eq!((r.status, r.json()["name"].as_str()), (200, Some("Backup schedule")));
}

#[tokio::test]
async fn integer_valued_numbers_are_integers() {
    let s = start(&[]).await;
    let path = schedule_path(&s);
    let r = s
        .req(
            "POST",
            &path,
            Some(r#"{"frequency":"weekly","hour":18.0,"dayOfWeek":1e0,"retentionCount":1e1,"enabled":true}"#),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    assert_eq!((v["time"].as_str(), v["daySpecifier"].as_str()), (Some("18:00"), Some("monday")));
    assert_eq!(v["retentionCount"], 10);
    let p = assert_problem(
        &s.req("POST", &path, Some(r#"{"frequency":"daily","hour":18.5,"retentionCount":3,"enabled":true}"#)).await,
        400,
        "invalid_request",
    );
    assert_eq!(pointers(&p), vec![("/hour".into(), "invalid_type".into())]);
    let r = s.req("PATCH", &path, Some(r#"{"frequency":"daily","dayOfWeek":null,"hour":7.0}"#)).await;
    assert_eq!((r.status, r.json()["time"].as_str()), (200, Some("07:00")));
}

#[tokio::test]
async fn integers_beyond_64_bits_are_out_of_range_not_the_wrong_type() {
    let s = start(&[]).await;
    for big in ["9223372036854775808", "18446744073709551616", "123456789012345678901234567890", "1e300"] {
        let body = format!(r#"{{"frequency":"daily","hour":2,"retentionCount":{big},"enabled":true}}"#);
        let p = assert_problem(&s.req("POST", &schedule_path(&s), Some(&body)).await, 400, "invalid_request");
        assert_eq!(pointers(&p), vec![("/retentionCount".into(), "out_of_range".into())], "{big}");
    }
    let p = assert_problem(
        &s.req(
            "POST",
            &schedule_path(&s),
            Some(r#"{"frequency":"daily","hour":1e20,"retentionCount":1,"enabled":true}"#),
        )
        .await,
        400,
        "invalid_request",
    );
    assert_eq!(pointers(&p), vec![("/hour".into(), "out_of_range".into())]);
}

#[tokio::test]
async fn rejections_before_routing_are_problem_documents() {
    let s = start(&[]).await;
    let auth = format!("Bearer {KEY}");
    // A 100,000-character path: hyper refuses it (414) before any handler runs.
    let long = format!("/api/v2/vps/{}", "a".repeat(100_000));
    let r = raw(s.addr, "GET", &long, &[("Authorization", &auth)], None).await.unwrap();
    let p = assert_problem(&r, 414, "uri_too_long");
    assert_eq!(p["title"], "URI too long");
    assert!(p["instance"].as_str().unwrap().starts_with("/api/v2/vps/aaaa"));
    assert!(p["instance"].as_str().unwrap().len() <= 200);
    // Too many headers: 431.
    let names: Vec<String> = (0..120).map(|i| format!("X-Filler-{i}")).collect();
    let many: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "1")).collect();
    let r = raw(s.addr, "GET", "/api/v2/vps", &many, None).await.unwrap();
    assert_problem(&r, 431, "request_header_fields_too_large");
    // A header line hyper cannot parse: 400.
    let r = raw(s.addr, "GET", "/api/v2/vps", &[("Bad Header", "x")], None).await.unwrap();
    let p = assert_problem(&r, 400, "invalid_request");
    assert_eq!(p["errors"], json!([]));
    // The connection after is served normally.
    assert_eq!(s.get("/api/v2/vps").await.status, 200);
}

#[tokio::test]
async fn errors_outside_the_api_are_problem_documents_too() {
    let dir = std::env::temp_dir().join(format!("hostup-sim-contract-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>x</title>").unwrap();
    let s = start(&["--static", dir.to_str().unwrap(), "--control"]).await;
    assert_problem(&raw(s.addr, "GET", "/missing.js", &[], None).await.unwrap(), 404, "not_found");
    assert_problem(&raw(s.addr, "POST", "/index.html", &[], Some("{}")).await.unwrap(), 404, "not_found");
    assert_problem(&raw(s.addr, "GET", "/__sim/nothing", &[], None).await.unwrap(), 404, "not_found");
    let r = raw(s.addr, "GET", "/index.html", &[("Range", "bytes=9999-")], None).await.unwrap();
    assert_problem(&r, 416, "range_not_satisfiable");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_trailing_slash_is_the_same_path() {
    let s = start(&[]).await;
    let path = format!("/api/v2/vps/{}/backups", s.vps[0]);
    let plain = s.get(&path).await;
    let slash = s.get(&format!("{path}/")).await;
    assert_eq!(slash.status, 200, "{}", slash.text());
    assert_eq!(slash.json()["backups"], plain.json()["backups"]);
    assert_eq!(s.get("/api/v2/vps/").await.json()["data"].as_array().unwrap().len(), 3);
    let r = s.post(&format!("/api/v2/vps/{}/snapshots/", s.vps[1]), json!({"name": "slash"})).await;
    assert_eq!(r.status, 202, "{}", r.text());
    // A method the path does not have is still a 405 with the path's Allow, slash or not.
    let r = s.req("PUT", &format!("{path}/"), None).await;
    assert_problem(&r, 405, "method_not_allowed");
    assert_eq!(r.header("allow"), Some("GET, POST"));
    assert_problem(&s.get("/api/").await, 404, "not_found");
}
