//! Rate limits, faults, the control API, CORS and static files.

mod common;

use common::*;
use serde_json::json;

fn rl(r: &Resp) -> (u64, u64, u64) {
    let n = |h: &str| r.header(h).unwrap_or_else(|| panic!("missing {h}")).parse::<u64>().unwrap();
    (n("x-ratelimit-limit"), n("x-ratelimit-remaining"), n("x-ratelimit-reset"))
}

#[tokio::test]
async fn rate_limit_headers_on_every_response_and_429() {
    let s = start(&["--rate-limit", "3"]).await;
    let path = format!("/api/v2/vps/{}/backups", s.vps[0]);
    let a = s.get(&path).await;
    assert_eq!(rl(&a), (3, 2, 20)); // 1 token short, refilling at 3/60 per second
    let b = s.get("/api/v2/nothing").await; // a 404 counts and carries the headers
    assert_eq!(b.status, 404);
    assert_eq!(rl(&b).1, 1);
    let c = s.post(&path, json!({"note": 1})).await; // so does a 400
    assert_eq!((c.status, rl(&c).1), (400, 0));
    let d = s.get(&path).await;
    let p = assert_problem(&d, 429, "rate_limit_exceeded");
    assert_eq!(p["title"], "Too many requests");
    let retry: u64 = d.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=20).contains(&retry), "{retry}");
    assert_eq!(rl(&d).1, 0);
    // Unauthenticated requests have their own (per-IP) bucket, and 401s carry the headers too.
    let u = raw(s.addr, "GET", &path, &[], None).await.unwrap();
    assert_eq!(u.status, 401);
    assert_eq!(rl(&u), (3, 2, 20));

    // A storm (control API): every keyed request gets 429 until it is switched off.
    let s = start(&["--control"]).await;
    s.control("POST", "/__sim/faults", json!({"storm": true})).await;
    let r = s.get("/api/v2/vps").await;
    assert_problem(&r, 429, "rate_limit_exceeded");
    assert_eq!(r.header("retry-after"), Some("1"));
    s.control("POST", "/__sim/faults", json!({"storm": false})).await;
    assert_eq!(s.get("/api/v2/vps").await.status, 200);
    let stats = s.control("GET", "/__sim/stats", json!(null)).await;
    assert_eq!(stats["rateLimited"], 1);
}

async fn outcomes(s: &Server, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    let auth = format!("Bearer {KEY}");
    for _ in 0..n {
        let r = raw(s.addr, "GET", "/api/v2/vps", &[("Authorization", &auth)], None).await;
        out.push(match r {
            Err(_) => "dropped".to_owned(),
            Ok(r) if r.status == 500 => {
                assert_problem(&r, 500, "internal_error");
                "500".to_owned()
            }
            Ok(r) if r.status == 502 => {
                assert!(r.header("content-type").unwrap().starts_with("text/html"));
                assert!(r.text().contains("Bad gateway"));
                "502".to_owned()
            }
            Ok(r) if r.status == 200 && serde_json::from_slice::<serde_json::Value>(&r.body).is_err() => {
                assert!(rl(&r).0 > 0);
                "truncated".to_owned()
            }
            Ok(r) => r.status.to_string(),
        });
    }
    out
}

#[tokio::test]
async fn faults_are_seeded_and_reproducible() {
    let a = start(&["--fault-rate", "1", "--seed", "9", "--control"]).await;
    let seq = outcomes(&a, 40).await;
    for kind in ["500", "502", "truncated", "dropped"] {
        assert!(seq.iter().any(|o| o == kind), "{kind} missing in {seq:?}");
    }
    assert!(!seq.iter().any(|o| o == "200"));
    let b = start(&["--fault-rate", "1", "--seed", "9"]).await;
    assert_eq!(outcomes(&b, 40).await, seq);
    let stats = a.control("GET", "/__sim/stats", json!(null)).await;
    assert_eq!(stats["faultsInjected"]["total"], 40);
    assert_eq!(stats["requests"], 40);
    // Partial fault rate: some get through.
    let c = start(&["--fault-rate", "0.3", "--seed", "3"]).await;
    let seq = outcomes(&c, 40).await;
    let ok = seq.iter().filter(|o| *o == "200").count();
    assert!((15..40).contains(&ok), "{seq:?}");
}

#[tokio::test]
async fn faults_before_processing_create_nothing_and_after_processing_do() {
    let s = start(&["--control", "--job-ms", "5"]).await;
    let path = format!("/api/v2/vps/{}/backups", s.vps[0]);
    let used = s.get(&path).await.json()["quotaInfo"]["used"].clone();
    s.control("POST", "/__sim/faults", json!({"faultRate": 1.0})).await;
    let auth = format!("Bearer {KEY}");
    for _ in 0..10 {
        let r = raw(s.addr, "POST", &path, &[("Authorization", &auth)], Some(r#"{"note":"n1"}"#)).await;
        if let Ok(r) = r {
            assert!([500, 502].contains(&r.status), "{}", r.status);
        }
    }
    let f = s.control("POST", "/__sim/faults", json!({"faultRate": 0, "faultAfterRate": 1.0})).await;
    assert_eq!(f["faultAfterRate"], 1.0);
    let stats = s.control("GET", "/__sim/stats", json!(null)).await;
    assert_eq!(stats["createsAccepted"]["backups"], 0);
    // After processing: the client sees a 500 or a dropped connection, but the backup was accepted.
    let r = raw(s.addr, "POST", &path, &[("Authorization", &auth)], Some(r#"{"note":"n2"}"#)).await;
    if let Ok(r) = r {
        assert_problem(&r, 500, "internal_error");
    }
    s.control("POST", "/__sim/faults", json!({"faultAfterRate": 0})).await;
    let stats = s.control("GET", "/__sim/stats", json!(null)).await;
    assert_eq!(stats["createsAccepted"]["backups"], 1);
    assert_eq!(stats["createsAcceptedByVps"][&s.vps[0]]["backups"], 1);
    assert_eq!(stats["faultsInjected"]["afterProcessing"], 1);
    let entry = &stats["accepted"][0];
    assert_eq!((entry["kind"].as_str(), entry["note"].as_str()), (Some("backup"), Some("n2")));
    assert_eq!(entry["faultedAfter"], true);
    let job = entry["jobId"].as_str().unwrap().to_owned();
    s.wait_job(&job).await;
    let list = s.get(&path).await.json();
    assert_eq!(list["quotaInfo"]["used"], used.as_u64().unwrap() + 1);
    assert_eq!(list["backups"][0]["note"], "n2");
    // A blind retry of the same note is visible as a duplicate.
    assert_eq!(s.post(&path, json!({"note": "n2"})).await.status, 202);
    let stats = s.control("GET", "/__sim/stats", json!(null)).await;
    assert_eq!(stats["duplicates"]["backups"], 1);
    // Reset: the seeded state, zero counters, the command-line faults.
    assert_eq!(s.control("POST", "/__sim/reset", json!(null)).await, json!(null));
    let stats = s.control("GET", "/__sim/stats", json!(null)).await;
    assert_eq!(stats["createsAccepted"]["backups"], 0);
    assert!(stats["accepted"].as_array().unwrap().is_empty());
    assert_eq!(s.get(&path).await.json()["quotaInfo"]["used"], used);
    assert_eq!(s.control("GET", "/__sim/faults", json!(null)).await["faultRate"], 0.0);
    // Bad control input is a 400.
    let r = raw(s.addr, "POST", "/__sim/faults", &[], Some(r#"{"faultRate":2}"#)).await.unwrap();
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn control_api_is_off_by_default_and_latency_applies() {
    let s = start(&["--latency-ms", "30"]).await;
    assert_eq!(raw(s.addr, "GET", "/__sim/stats", &[], None).await.unwrap().status, 404);
    let t = std::time::Instant::now();
    for _ in 0..10 {
        assert_eq!(s.get("/api/v2/vps").await.status, 200);
    }
    assert!(t.elapsed().as_millis() >= 60, "{:?}", t.elapsed());
}

#[tokio::test]
async fn cors_for_listed_origins_only() {
    let s = start(&["--cors-origin", "http://localhost:5173", "--cors-origin", "https://demo.example"]).await;
    let pre = [
        ("Origin", "http://localhost:5173"),
        ("Access-Control-Request-Method", "POST"),
        ("Access-Control-Request-Headers", "authorization,content-type"),
    ];
    let r = raw(s.addr, "OPTIONS", "/api/v2/vps/x/backups", &pre, None).await.unwrap();
    assert_eq!(r.status, 204);
    assert_eq!(r.header("access-control-allow-origin"), Some("http://localhost:5173"));
    assert_eq!(r.header("access-control-allow-credentials"), Some("true"));
    let methods = r.header("access-control-allow-methods").unwrap();
    for m in ["GET", "POST", "PATCH", "DELETE"] {
        assert!(methods.contains(m));
    }
    let headers = r.header("access-control-allow-headers").unwrap().to_ascii_lowercase();
    for h in ["authorization", "accept", "content-type"] {
        assert!(headers.contains(h));
    }
    let evil = [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "GET")];
    let r = raw(s.addr, "OPTIONS", "/api/v2/vps", &evil, None).await.unwrap();
    assert!(r.header("access-control-allow-origin").is_none());
    // Actual requests: the allowed origin gets the headers (also on errors), others nothing.
    let ok = [("Origin", "https://demo.example"), ("Cookie", "hostup_session=hsk_demo_0123456789abcdef")];
    let r = raw(s.addr, "GET", "/api/v2/vps", &ok, None).await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some("https://demo.example"));
    assert_eq!(r.header("access-control-allow-credentials"), Some("true"));
    let expose = r.header("access-control-expose-headers").unwrap();
    for h in ["Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"] {
        assert!(expose.contains(h));
    }
    let r = raw(s.addr, "GET", "/api/v2/vps", &[("Origin", "https://demo.example")], None).await.unwrap();
    assert_eq!(r.status, 401);
    assert_eq!(r.header("access-control-allow-origin"), Some("https://demo.example"));
    let r = raw(s.addr, "GET", "/api/v2/vps", &[("Origin", "https://evil.example")], None).await.unwrap();
    assert!(r.header("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn static_files_with_csp_and_api_precedence() {
    let dir = std::env::temp_dir().join(format!("hostup-sim-static-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>demo</title>").unwrap();
    std::fs::write(dir.join("pkg/app.js"), "export {}").unwrap();
    std::fs::write(dir.join("pkg/app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::create_dir_all(dir.join("api")).unwrap();
    std::fs::write(dir.join("api/secret.txt"), "static").unwrap();
    let s = start(&["--static", dir.to_str().unwrap()]).await;
    let r = raw(s.addr, "GET", "/", &[], None).await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(
        r.header("content-security-policy"),
        Some("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'")
    );
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    assert!(r.text().contains("demo"));
    let js = raw(s.addr, "GET", "/pkg/app.js", &[], None).await.unwrap();
    assert_eq!(js.header("content-type"), Some("text/javascript; charset=utf-8"));
    assert!(js.header("content-security-policy").is_none());
    let wasm = raw(s.addr, "GET", "/pkg/app_bg.wasm", &[], None).await.unwrap();
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(wasm.body, b"\0asm\x01\0\0\0");
    assert_eq!(raw(s.addr, "GET", "/missing.js", &[], None).await.unwrap().status, 404);
    assert_eq!(raw(s.addr, "GET", "/pkg/../../etc/passwd", &[], None).await.unwrap().status, 404);
    assert_eq!(raw(s.addr, "GET", "/pkg/%2e%2e/%2e%2e/etc/passwd", &[], None).await.unwrap().status, 404);
    // /api is the API, even where a file of that name exists.
    assert_problem(&raw(s.addr, "GET", "/api/secret.txt", &[], None).await.unwrap(), 404, "not_found");
    let _ = std::fs::remove_dir_all(dir);
}
