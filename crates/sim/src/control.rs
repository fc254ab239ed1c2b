//! The test control API under `/__sim/`, mounted only with `--control`:
//!
//! - `GET /__sim/faults` → the current fault settings.
//! - `POST /__sim/faults` `{faultRate?, faultAfterRate?, latencyMs?, jobFailRate?, storm?}` → the new settings.
//! - `GET /__sim/stats` → request, fault and accepted-mutation counters (see the README).
//! - `POST /__sim/reset` → 204; the seeded initial state, counters, buckets and fault settings again.
//! - `POST /__sim/clock` `{advanceMs}` → `{now}`; moves the simulated clock forward.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

use axum::extract::Request;
use axum::http::Method;
use axum::response::Response;
use serde_json::{json, Value};

use crate::clock::rfc3339;
use crate::http::{bad_request, json_response, lock, App, Faults};
use crate::state::World;

fn faults_json(f: &Faults) -> Value {
    json!({
        "faultRate": f.fault_rate,
        "faultAfterRate": f.fault_after_rate,
        "latencyMs": f.latency_ms,
        "jobFailRate": f.job_fail_rate,
        "storm": f.storm,
    })
}

fn stats(app: &App) -> Value {
    let c = &app.counters;
    let n = |a: &std::sync::atomic::AtomicU64| a.load(Ordering::Relaxed);
    let w = lock(&app.world);
    let a = &w.accepted;
    // A duplicate: a second accepted create of the same snapshot name, or backup note, on one VPS.
    let mut seen: BTreeMap<(String, String, String), u64> = BTreeMap::new();
    for e in &a.log {
        let kind = e["kind"].as_str().unwrap_or_default();
        let label = match kind {
            "snapshot" => e["name"].as_str(),
            "backup" => e["note"].as_str(),
            _ => None,
        };
        if let Some(label) = label {
            let vps = e["vpsId"].as_str().unwrap_or_default();
            *seen.entry((kind.to_owned(), vps.to_owned(), label.to_owned())).or_default() += 1;
        }
    }
    let dup = |k: &str| -> u64 { seen.iter().filter(|((kind, ..), _)| kind == k).map(|(_, n)| n - 1).sum() };
    let by_vps: serde_json::Map<String, Value> =
        a.by_vps.iter().map(|(id, (b, s))| (id.clone(), json!({ "backups": b, "snapshots": s }))).collect();
    json!({
        "requests": n(&c.requests),
        "rateLimited": n(&c.rate_limited),
        "createsAccepted": { "backups": a.backups, "snapshots": a.snapshots, "schedules": a.schedules },
        "restoresAccepted": a.snapshot_restores + a.backup_restores,
        "restoresAcceptedByKind": { "snapshots": a.snapshot_restores, "backups": a.backup_restores },
        "deletesAccepted": a.deletes,
        "duplicates": { "backups": dup("backup"), "snapshots": dup("snapshot") },
        "faultsInjected": {
            "internalError": n(&c.internal_error),
            "badGateway": n(&c.bad_gateway),
            "truncated": n(&c.truncated),
            "dropped": n(&c.dropped),
            "afterProcessing": n(&c.after_processing),
            "total": n(&c.internal_error) + n(&c.bad_gateway) + n(&c.truncated) + n(&c.dropped),
        },
        "createsAcceptedByVps": by_vps,
        "accepted": a.log,
    })
}

fn fraction(v: &Value, key: &str) -> Result<Option<f64>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(x) => match x.as_f64() {
            Some(p) if (0.0..=1.0).contains(&p) => Ok(Some(p)),
            _ => Err(format!("`{key}` must be a number between 0 and 1")),
        },
    }
}

fn set_faults(app: &App, body: &[u8]) -> Result<Value, String> {
    let v: Value = if body.is_empty() {
        json!({})
    } else {
        serde_json::from_slice(body).map_err(|e| format!("body is not JSON: {e}"))?
    };
    let fault_rate = fraction(&v, "faultRate")?;
    let fault_after_rate = fraction(&v, "faultAfterRate")?;
    let job_fail_rate = fraction(&v, "jobFailRate")?;
    let latency = match v.get("latencyMs") {
        None | Some(Value::Null) => None,
        Some(x) => Some(x.as_u64().ok_or("`latencyMs` must be a non-negative integer")?),
    };
    let storm = match v.get("storm") {
        None | Some(Value::Null) => None,
        Some(x) => Some(x.as_bool().ok_or("`storm` must be a boolean")?),
    };
    let mut f = lock(&app.faults);
    f.fault_rate = fault_rate.unwrap_or(f.fault_rate);
    f.fault_after_rate = fault_after_rate.unwrap_or(f.fault_after_rate);
    f.job_fail_rate = job_fail_rate.unwrap_or(f.job_fail_rate);
    f.latency_ms = latency.unwrap_or(f.latency_ms);
    f.storm = storm.unwrap_or(f.storm);
    Ok(faults_json(&f))
}

pub(crate) async fn handle(app: &App, req: Request, path: &str) -> Response {
    let method = req.method().clone();
    let body = axum::body::to_bytes(req.into_body(), 64 * 1024).await.unwrap_or_default();
    match (method, path) {
        (Method::GET, "/__sim/faults") => json_response(200, &faults_json(&lock(&app.faults))),
        (Method::POST, "/__sim/faults") => match set_faults(app, &body) {
            Ok(v) => json_response(200, &v),
            Err(e) => bad_request(app, &e, path),
        },
        (Method::GET, "/__sim/stats") => json_response(200, &stats(app)),
        (Method::POST, "/__sim/reset") => {
            app.clock.reset_offset();
            *lock(&app.world) =
                World::seeded(app.config.seed, app.config.vps_count, app.config.backups_per_vps, app.clock.now_ms());
            *lock(&app.faults) = Faults::from_config(&app.config);
            app.limiter.reset();
            app.counters.reset();
            let mut r = json_response(204, &Value::Null);
            *r.body_mut() = axum::body::Body::empty();
            r
        }
        (Method::POST, "/__sim/clock") => {
            let advance =
                serde_json::from_slice::<Value>(&body).ok().and_then(|v| v.get("advanceMs").and_then(Value::as_i64));
            match advance {
                Some(ms) if ms >= 0 => {
                    app.clock.advance(ms);
                    json_response(200, &json!({ "now": rfc3339(app.clock.now_ms()) }))
                }
                _ => bad_request(app, "send {\"advanceMs\": N} with N ≥ 0", path),
            }
        }
        _ => json_response(404, &json!({ "error": "unknown control endpoint" })),
    }
}
