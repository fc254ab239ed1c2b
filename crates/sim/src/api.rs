//! Everything under `/api`: the rate limit, storms, latency and faults first, then authentication,
//! the route table, body validation and the provider state. Every failure is problem+json.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::response::Response;
use serde_json::{Map, Value};

use crate::app::{lock, App, Caller};
use crate::faults::{bump, Fault, Plan};
use crate::listener::Peer;
use crate::problem::{FieldError, Problem};
use crate::respond::{add_drift_probe, bad_gateway, bytes_response, dropped, problem_response, rate_headers, truncate};
use crate::routes::{resolve, Endpoint};
use crate::validate;
use crate::world::{Ctx, World};

/// Largest request body read (bytes).
const MAX_BODY: usize = 64 * 1024;

/// The handler of `/api` and everything below it.
pub(crate) async fn handle(
    State(app): State<Arc<App>>,
    ConnectInfo(Peer(peer)): ConnectInfo<Peer>,
    req: Request,
) -> Response {
    let path = req.uri().path().to_owned();
    let mut r = serve(&app, peer.ip(), req, &path).await;
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn serve(app: &App, ip: IpAddr, req: Request, path: &str) -> Response {
    bump(&app.counters.requests);
    let (parts, body) = req.into_parts();
    let caller = app.authenticate(&parts.headers);
    let bucket = match caller {
        Some((token, ..)) => format!("key:{token}"),
        None => format!("ip:{ip}"),
    };
    let mut verdict = app.limiter.take(&bucket, Instant::now());
    let mutating = parts.method != Method::GET && parts.method != Method::HEAD;
    let (plan, storm) = app.plan(mutating);
    if let (Some(secs), Some(_)) = (storm, caller) {
        verdict.retry_after = Some(secs);
        verdict.remaining = 0;
    }
    let mut r = if let Some(secs) = verdict.retry_after {
        bump(&app.counters.rate_limited);
        problem_response(&Problem::rate_limited(secs), path, app.clock.now_ms())
    } else {
        if plan.latency_ms > 0 {
            tokio::time::sleep(Duration::from_millis(plan.latency_ms)).await;
        }
        match plan.fault {
            Fault::Internal => {
                bump(&app.counters.internal_error);
                problem_response(&Problem::internal(), path, app.clock.now_ms())
            }
            Fault::BadGateway => {
                bump(&app.counters.bad_gateway);
                bad_gateway()
            }
            Fault::Drop => {
                bump(&app.counters.dropped);
                return dropped();
            }
            _ => match answer(app, &parts.method, path, caller, body, &plan).await {
                Some(r) => r,
                None => return dropped(),
            },
        }
    };
    rate_headers(r.headers_mut(), &verdict);
    r
}

/// Processes the request, then applies a truncation or after-processing fault. `None`: drop the connection.
async fn answer(
    app: &App,
    method: &Method,
    path: &str,
    caller: Option<Caller<'_>>,
    body: Body,
    plan: &Plan,
) -> Option<Response> {
    let result = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => dispatch(app, method, path, caller, &b, plan),
        Err(_) => Err(Problem::new(413, "payload_too_large", "The request body is too large.")),
    };
    let ok = result.is_ok();
    let r = match result {
        Ok((status, Some(mut v))) => {
            if plan.drift {
                add_drift_probe(&mut v);
            }
            bytes_response(status, "application/json", serde_json::to_vec(&v).unwrap_or_default())
        }
        Ok((status, None)) => bytes_response(status, "application/json", Vec::new()),
        Err(p) => problem_response(&p, path, app.clock.now_ms()),
    };
    Some(match plan.fault {
        Fault::InternalAfter | Fault::DropAfter if ok => {
            bump(&app.counters.after_processing);
            if plan.fault == Fault::DropAfter {
                bump(&app.counters.dropped);
                return None;
            }
            bump(&app.counters.internal_error);
            problem_response(&Problem::internal(), path, app.clock.now_ms())
        }
        Fault::Truncate => {
            bump(&app.counters.truncated);
            truncate(r).await
        }
        _ => r,
    })
}

/// Routes a request through the route table to the provider state. `Ok((status, body))`.
fn dispatch(
    app: &App,
    method: &Method,
    path: &str,
    caller: Option<Caller<'_>>,
    body: &[u8],
    plan: &Plan,
) -> Result<(u16, Option<Value>), Problem> {
    let route = resolve(method, path)?;
    let Some((_, account, scopes)) = caller else {
        return Err(Problem::unauthorized());
    };
    if !scopes.contains(route.scope) {
        return Err(Problem::forbidden(route.scope.name()));
    }
    // Parse (and for most bodies validate) before taking the lock.
    let json = if *method == Method::POST || *method == Method::PATCH { validate::json_body(body)? } else { None };
    let json = json.as_ref();
    let ctx = Ctx {
        account,
        scopes,
        now: app.clock.now_ms(),
        job_ms: (app.config.job_ms as f64 * app.clock.scale()) as i64,
        job_fails: plan.job_fails,
        fault_after: plan.fault.after_processing(),
        drift: plan.drift,
    };
    let mut w = lock(&app.world);
    w.settle(ctx.now);
    let (id, sub) = (route.param(0), route.param(1));
    let ok = |v| Ok((200, Some(v)));
    let accepted = |v| Ok((202, Some(v)));
    match route.endpoint {
        Endpoint::ListVps => ok(w.list_vps(&ctx)),
        Endpoint::GetVps => ok(w.get_vps(&ctx, id)?),
        Endpoint::VpsStatus => ok(w.vps_status(&ctx, id)?),
        Endpoint::GetJob => ok(w.get_job(&ctx, id)?),
        Endpoint::ListBackups => ok(w.list_backups(&ctx, id)?),
        Endpoint::ListSnapshots => ok(w.list_snapshots(&ctx, id)?),
        Endpoint::ListSchedules => ok(w.list_schedules(&ctx, id)?),
        Endpoint::CreateBackup => {
            let note = validate::backup(json)?;
            accepted(w.create_backup(&ctx, id, note)?)
        }
        Endpoint::CreateSnapshot => {
            let s = validate::snapshot(json)?;
            accepted(w.create_snapshot(&ctx, id, s.name, s.description)?)
        }
        Endpoint::RestoreSnapshot => accepted(w.restore_snapshot(&ctx, id, sub)?),
        Endpoint::RestoreBackup => accepted(w.restore_backup(&ctx, id, sub)?),
        Endpoint::DeleteSnapshot => accepted(w.delete_snapshot(&ctx, id, sub)?),
        Endpoint::DeleteBackup => accepted(w.delete_backup(&ctx, id, sub)?),
        Endpoint::PutSchedule => {
            let def = validate::schedule(json.unwrap_or(&Map::new()))?;
            Ok((201, Some(w.put_schedule(&ctx, id, def)?)))
        }
        Endpoint::PatchSchedule => ok(patch_schedule(&mut w, &ctx, id, json.unwrap_or(&Map::new()))?),
        Endpoint::DeleteSchedule => {
            w.delete_schedule(&ctx, id, sub)?;
            Ok((204, None))
        }
    }
}

/// `PATCH …/backup-schedules` (docs/inferred.md): the schedule `id` names, or the VPS's only one;
/// present fields overwrite, `null` removes; the rules of a POST apply to the merge.
fn patch_schedule(w: &mut World, ctx: &Ctx, id: &str, patch: &Map<String, Value>) -> Result<Value, Problem> {
    let schedule_id = match patch.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => {
            return Err(Problem::invalid(vec![FieldError::new("/id", "invalid_type", "`id` must be a string.")]))
        }
    };
    let (sid, mut merged) = w.schedule_as_body(ctx, id, schedule_id)?;
    for key in ["frequency", "hour", "dayOfWeek", "dayOfMonth", "retentionCount", "enabled", "name"] {
        match patch.get(key) {
            Some(Value::Null) => {
                merged.remove(key);
            }
            Some(v) => {
                merged.insert(key.to_owned(), v.clone());
            }
            None => {}
        }
    }
    let def = validate::schedule(&merged)?;
    w.update_schedule(ctx, id, &sid, def)
}
