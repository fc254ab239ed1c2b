//! The test control API under `/__sim/`, mounted only with `--control`:
//!
//! - `GET /__sim/faults` → the current fault settings.
//! - `POST /__sim/faults` `{faultRate?, faultAfterRate?, latencyMs?, jobFailRate?, storm?, drift?}` → the new settings.
//! - `GET /__sim/stats` → request, fault and accepted-mutation counters (see the README).
//! - `POST /__sim/reset` → 204; the seeded initial state, counters, buckets and fault settings again.
//! - `POST /__sim/clock` `{advanceMs}` → `{now}`; moves the simulated clock forward.

use axum::body::Body;
use axum::extract::Request;
use axum::http::Method;
use axum::response::Response;
use serde_json::{json, Value};

use crate::app::{lock, App};
use crate::clock::rfc3339;
use crate::faults::{read, Faults};
use crate::problem::Problem;
use crate::respond::{json_response, problem_response};

fn faults_json(f: &Faults) -> Value {
    json!({
        "faultRate": f.fault_rate,
        "faultAfterRate": f.fault_after_rate,
        "latencyMs": f.latency_ms,
        "jobFailRate": f.job_fail_rate,
        "storm": f.storm,
        "drift": f.drift,
    })
}

fn stats(app: &App) -> Value {
    let c = &app.counters;
    let mut v = lock(&app.world).accepted.to_json();
    v.insert("requests".into(), json!(read(&c.requests)));
    v.insert("rateLimited".into(), json!(read(&c.rate_limited)));
    let (internal, gateway, truncated, dropped) =
        (read(&c.internal_error), read(&c.bad_gateway), read(&c.truncated), read(&c.dropped));
    v.insert(
        "faultsInjected".into(),
        json!({
            "internalError": internal,
            "badGateway": gateway,
            "truncated": truncated,
            "dropped": dropped,
            "afterProcessing": read(&c.after_processing),
            "total": internal + gateway + truncated + dropped,
        }),
    );
    Value::Object(v)
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

fn flag(v: &Value, key: &str) -> Result<Option<bool>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(x) => x.as_bool().map(Some).ok_or_else(|| format!("`{key}` must be a boolean")),
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
    let storm = flag(&v, "storm")?;
    let drift = flag(&v, "drift")?;
    let mut f = lock(&app.faults);
    f.fault_rate = fault_rate.unwrap_or(f.fault_rate);
    f.fault_after_rate = fault_after_rate.unwrap_or(f.fault_after_rate);
    f.job_fail_rate = job_fail_rate.unwrap_or(f.job_fail_rate);
    f.latency_ms = latency.unwrap_or(f.latency_ms);
    f.storm = storm.unwrap_or(f.storm);
    f.drift = drift.unwrap_or(f.drift);
    Ok(faults_json(&f))
}

/// The handler of `/__sim/…`.
pub(crate) async fn handle(app: &App, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    let method = req.method().clone();
    let body = axum::body::to_bytes(req.into_body(), 64 * 1024).await.unwrap_or_default();
    let bad_request =
        |detail: &str| problem_response(&Problem::new(400, "invalid_request", detail), &path, app.clock.now_ms());
    match (method, path.as_str()) {
        (Method::GET, "/__sim/faults") => json_response(200, &faults_json(&lock(&app.faults))),
        (Method::POST, "/__sim/faults") => match set_faults(app, &body) {
            Ok(v) => json_response(200, &v),
            Err(e) => bad_request(&e),
        },
        (Method::GET, "/__sim/stats") => json_response(200, &stats(app)),
        (Method::POST, "/__sim/reset") => {
            app.clock.reset_offset();
            *lock(&app.world) = App::seeded_world(&app.config, &app.clock);
            *lock(&app.faults) = Faults::from_config(&app.config);
            app.limiter.reset();
            app.counters.reset();
            let mut r = Response::new(Body::empty());
            *r.status_mut() = axum::http::StatusCode::NO_CONTENT;
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
                _ => bad_request("send {\"advanceMs\": N} with N ≥ 0"),
            }
        }
        _ => problem_response(&Problem::not_found("control endpoint"), &path, app.clock.now_ms()),
    }
}
