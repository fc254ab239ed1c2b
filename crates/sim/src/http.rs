//! The HTTP layer: one entry handler that applies CORS, rate limits, storms, latency and faults,
//! authenticates, routes `/api/…` by path segments, and falls back to `/__sim/…` and static files.
//!
//! Routing is by hand (not axum's router) so that every failure, including a malformed body or an
//! unknown path, comes back as the contract's problem+json rather than a framework default.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use serde_json::Value;

use crate::config::{Config, Scopes};
use crate::prng::SplitMix64;
use crate::problem::Problem;
use crate::ratelimit::{Limiter, Verdict};
use crate::state::{Ctx, World, DEMO_ACCOUNT, OTHER_ACCOUNT};
use crate::validate;
use crate::{clock::Clock, control};

/// Largest request body read (bytes).
const MAX_BODY: usize = 64 * 1024;
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const BAD_GATEWAY_HTML: &str = "<html><head><title>502 Bad gateway</title></head><body><center><h1>502 Bad gateway</h1></center><hr><center>nginx</center></body></html>\n";

/// Fault settings, changeable at run time through `POST /__sim/faults`.
pub(crate) struct Faults {
    pub(crate) rng: SplitMix64,
    pub(crate) fault_rate: f64,
    pub(crate) fault_after_rate: f64,
    pub(crate) latency_ms: u64,
    pub(crate) job_fail_rate: f64,
    pub(crate) storm: bool,
}

impl Faults {
    pub(crate) fn from_config(c: &Config) -> Self {
        Self {
            // A stream of its own, so fault draws do not shift the ids of the seeded state.
            rng: SplitMix64::new(c.seed ^ 0xfa17_fa17_fa17_fa17),
            fault_rate: c.fault_rate,
            fault_after_rate: c.fault_after_rate,
            latency_ms: c.latency_ms,
            job_fail_rate: c.job_fail_rate,
            storm: false,
        }
    }
}

/// Counters for `GET /__sim/stats`.
#[derive(Default)]
pub(crate) struct Counters {
    pub(crate) requests: AtomicU64,
    pub(crate) rate_limited: AtomicU64,
    pub(crate) internal_error: AtomicU64,
    pub(crate) bad_gateway: AtomicU64,
    pub(crate) truncated: AtomicU64,
    pub(crate) dropped: AtomicU64,
    pub(crate) after_processing: AtomicU64,
}

impl Counters {
    pub(crate) fn reset(&self) {
        for c in [
            &self.requests,
            &self.rate_limited,
            &self.internal_error,
            &self.bad_gateway,
            &self.truncated,
            &self.dropped,
            &self.after_processing,
        ] {
            c.store(0, Ordering::Relaxed);
        }
    }
}

fn bump(c: &AtomicU64) {
    c.fetch_add(1, Ordering::Relaxed);
}

/// What the fault dice decided for one request.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fault {
    None,
    Internal,
    BadGateway,
    Drop,
    Truncate,
    InternalAfter,
    DropAfter,
}

/// The whole server.
pub(crate) struct App {
    pub(crate) config: Config,
    pub(crate) clock: Clock,
    pub(crate) world: Mutex<World>,
    pub(crate) limiter: Limiter,
    pub(crate) faults: Mutex<Faults>,
    pub(crate) counters: Counters,
    keys: HashMap<String, (u32, Scopes)>,
    started: Instant,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl App {
    pub(crate) fn new(config: Config) -> Self {
        let clock = Clock::new(config.time_scale);
        let mut keys: HashMap<String, (u32, Scopes)> =
            config.keys.iter().map(|k| (k.token.clone(), (DEMO_ACCOUNT, k.scopes))).collect();
        if let Some(k) = &config.other_key {
            keys.insert(k.clone(), (OTHER_ACCOUNT, Scopes::ALL));
        }
        Self {
            world: Mutex::new(World::seeded(config.seed, config.vps_count, config.backups_per_vps, clock.now_ms())),
            limiter: Limiter::new(config.rate_limit),
            faults: Mutex::new(Faults::from_config(&config)),
            counters: Counters::default(),
            keys,
            started: Instant::now(),
            clock,
            config,
        }
    }

    /// The key presented as `Authorization: Bearer …` or a `hostup_session` cookie, if it is known.
    fn authenticate(&self, headers: &HeaderMap) -> Option<(&str, u32, Scopes)> {
        let bearer = headers
            .get_all(header::AUTHORIZATION)
            .into_iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.get(..7).filter(|p| p.eq_ignore_ascii_case("bearer ")).map(|_| v[7..].trim()));
        let cookies = headers
            .get_all(header::COOKIE)
            .into_iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().strip_prefix("hostup_session="));
        bearer.chain(cookies).find_map(|t| self.keys.get_key_value(t).map(|(k, (a, s))| (k.as_str(), *a, *s)))
    }

    fn allowed_origin(&self, headers: &HeaderMap) -> Option<HeaderValue> {
        let origin = headers.get(header::ORIGIN)?;
        let o = origin.to_str().ok()?;
        self.config.cors_origins.iter().any(|a| a == o).then(|| origin.clone())
    }

    /// Seconds left in the current 429 storm, if one is on.
    fn storm(&self, forced: bool) -> Option<u64> {
        if forced {
            return Some(1);
        }
        let (every, len) = (self.config.storm_every_ms, self.config.storm_ms);
        if every == 0 || len == 0 {
            return None;
        }
        let phase = self.started.elapsed().as_millis() as u64 % every;
        (phase < len).then(|| (len - phase).div_ceil(1000).max(1))
    }

    /// Latency, fault and job-failure dice for one request.
    fn plan(&self, mutating: bool) -> (u64, Fault, bool, Option<u64>) {
        let mut guard = lock(&self.faults);
        let f = &mut *guard;
        let storm = f.storm;
        let latency = if f.latency_ms > 0 { f.rng.below(f.latency_ms + 1) } else { 0 };
        let fault = if f.rng.chance(f.fault_rate) {
            let r = f.rng.next_f64();
            match (mutating, r) {
                (_, r) if r < 0.55 => Fault::Internal,
                (_, r) if r < 0.7 => Fault::BadGateway,
                (false, r) if r < 0.85 => Fault::Truncate,
                _ => Fault::Drop,
            }
        } else if mutating && f.rng.chance(f.fault_after_rate) {
            if f.rng.chance(0.5) {
                Fault::InternalAfter
            } else {
                Fault::DropAfter
            }
        } else {
            Fault::None
        };
        let job_fails = mutating && f.rng.chance(f.job_fail_rate);
        drop(guard);
        (latency, fault, job_fails, self.storm(storm))
    }

    fn problem_response(&self, p: &Problem, instance: &str) -> Response {
        let body = serde_json::to_vec(&p.to_json(instance, self.clock.now_ms())).unwrap_or_default();
        let mut r = bytes_response(p.status, "application/problem+json", body);
        if let Some(s) = p.retry_after {
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        if let Some(a) = p.allow {
            r.headers_mut().insert(header::ALLOW, HeaderValue::from_static(a));
        }
        r
    }

    /// Everything under `/api/`.
    async fn api(&self, peer: SocketAddr, req: Request, path: &str) -> Response {
        bump(&self.counters.requests);
        let (parts, body) = req.into_parts();
        let key = self.authenticate(&parts.headers);
        let bucket = match key {
            Some((token, ..)) => format!("key:{token}"),
            None => format!("ip:{}", peer.ip()),
        };
        let mut verdict = self.limiter.take(&bucket, Instant::now());
        let mutating = parts.method != Method::GET && parts.method != Method::HEAD;
        let (latency, fault, job_fails, storm) = self.plan(mutating);
        if let (Some(secs), Some(_)) = (storm, key) {
            verdict.retry_after = Some(secs);
            verdict.remaining = 0;
        }
        let response = if let Some(secs) = verdict.retry_after {
            bump(&self.counters.rate_limited);
            self.problem_response(&Problem::rate_limited(secs), path)
        } else {
            if latency > 0 {
                tokio::time::sleep(Duration::from_millis(latency)).await;
            }
            match fault {
                Fault::Internal => {
                    bump(&self.counters.internal_error);
                    self.problem_response(&Problem::internal(), path)
                }
                Fault::BadGateway => {
                    bump(&self.counters.bad_gateway);
                    bytes_response(502, "text/html; charset=utf-8", BAD_GATEWAY_HTML.into())
                }
                Fault::Drop => {
                    bump(&self.counters.dropped);
                    return dropped();
                }
                _ => {
                    let bytes = axum::body::to_bytes(body, MAX_BODY).await;
                    let result = match bytes {
                        Ok(b) => self.dispatch(&parts.method, path, key, &b, job_fails, fault),
                        Err(_) => Err(Problem::new(413, "payload_too_large", "The request body is too large.")),
                    };
                    let ok = result.is_ok();
                    let mut r = match result {
                        Ok((status, Some(v))) => {
                            bytes_response(status, "application/json", serde_json::to_vec(&v).unwrap_or_default())
                        }
                        Ok((status, None)) => bytes_response(status, "application/json", Vec::new()),
                        Err(p) => self.problem_response(&p, path),
                    };
                    match fault {
                        Fault::InternalAfter | Fault::DropAfter if ok => {
                            bump(&self.counters.after_processing);
                            if fault == Fault::DropAfter {
                                bump(&self.counters.dropped);
                                return dropped();
                            }
                            bump(&self.counters.internal_error);
                            r = self.problem_response(&Problem::internal(), path);
                        }
                        Fault::Truncate => {
                            bump(&self.counters.truncated);
                            r = truncate(r).await;
                        }
                        _ => {}
                    }
                    r
                }
            }
        };
        let mut r = response;
        rate_headers(r.headers_mut(), &verdict);
        r
    }

    /// Routes an authenticated-or-not API request to the state. `Ok((status, body))`.
    fn dispatch(
        &self,
        method: &Method,
        path: &str,
        key: Option<(&str, u32, Scopes)>,
        body: &[u8],
        job_fails: bool,
        fault: Fault,
    ) -> Result<(u16, Option<Value>), Problem> {
        let decoded: Vec<String> = path["/api/".len().min(path.len())..].split('/').map(percent_decode).collect();
        let segs: Vec<&str> = decoded.iter().map(String::as_str).collect();
        let allow: &'static str = match segs.as_slice() {
            ["v2", "vps"] | ["v2", "vps", _] | ["v2", "vps", _, "status"] | ["jobs", _] => "GET",
            ["v2", "vps", _, "backups" | "snapshots"] => "GET, POST",
            ["v2", "vps", _, "backups" | "snapshots", _] => "DELETE",
            ["v2", "vps", _, "backups" | "snapshots", _, "actions", "restore"] => "POST",
            ["v2", "vps", _, "backup-schedules"] => "GET, POST, PATCH",
            ["v2", "vps", _, "backup-schedules", _] => "DELETE",
            _ => return Err(Problem::not_found("resource")),
        };
        if !allow.split(", ").any(|m| m == method.as_str()) {
            return Err(Problem {
                allow: Some(allow),
                ..Problem::new(405, "method_not_allowed", format!("Use {allow} on this path."))
            });
        }
        let needed = if *method == Method::GET {
            Scopes::READ_VM
        } else if segs[3] == "backup-schedules" {
            Scopes::WRITE_VM
        } else {
            Scopes::BACKUP_VM
        };
        let Some((_, account, scopes)) = key else {
            return Err(Problem::unauthorized());
        };
        if !scopes.contains(needed) {
            return Err(Problem::forbidden(needed.name()));
        }
        // Parse (and for most bodies validate) before taking the lock.
        let json = if *method == Method::POST || *method == Method::PATCH { validate::json_body(body)? } else { None };
        let ctx = Ctx {
            account,
            scopes,
            now: self.clock.now_ms(),
            job_ms: (self.config.job_ms as f64 * self.clock.scale()) as i64,
            job_fails,
            fault_after: matches!(fault, Fault::InternalAfter | Fault::DropAfter),
        };
        let json = json.as_ref();
        let mut w = lock(&self.world);
        w.settle(ctx.now);
        let ok = |v| Ok((200, Some(v)));
        let accepted = |v| Ok((202, Some(v)));
        match (method.as_str(), segs.as_slice()) {
            ("GET", ["v2", "vps"]) => ok(w.list_vps(&ctx)),
            ("GET", ["v2", "vps", id]) => ok(w.get_vps(&ctx, id)?),
            ("GET", ["v2", "vps", id, "status"]) => ok(w.vps_status(&ctx, id)?),
            ("GET", ["jobs", job]) => ok(w.get_job(&ctx, job)?),
            ("GET", ["v2", "vps", id, "backups"]) => ok(w.list_backups(&ctx, id)?),
            ("GET", ["v2", "vps", id, "snapshots"]) => ok(w.list_snapshots(&ctx, id)?),
            ("GET", ["v2", "vps", id, "backup-schedules"]) => ok(w.list_schedules(&ctx, id)?),
            ("POST", ["v2", "vps", id, "backups"]) => {
                let note = validate::backup(json)?;
                accepted(w.create_backup(&ctx, id, note)?)
            }
            ("POST", ["v2", "vps", id, "snapshots"]) => {
                let s = validate::snapshot(json)?;
                accepted(w.create_snapshot(&ctx, id, s.name, s.description)?)
            }
            ("POST", ["v2", "vps", id, "snapshots", name, "actions", "restore"]) => {
                accepted(w.restore_snapshot(&ctx, id, name)?)
            }
            ("POST", ["v2", "vps", id, "backups", backup, "actions", "restore"]) => {
                accepted(w.restore_backup(&ctx, id, backup)?)
            }
            ("DELETE", ["v2", "vps", id, "snapshots", name]) => accepted(w.delete_snapshot(&ctx, id, name)?),
            ("DELETE", ["v2", "vps", id, "backups", backup]) => accepted(w.delete_backup(&ctx, id, backup)?),
            ("POST", ["v2", "vps", id, "backup-schedules"]) => {
                let empty = serde_json::Map::new();
                let def = validate::schedule(json.unwrap_or(&empty))?;
                Ok((201, Some(w.put_schedule(&ctx, id, def)?)))
            }
            ("PATCH", ["v2", "vps", id, "backup-schedules"]) => {
                let empty = serde_json::Map::new();
                let patch = json.unwrap_or(&empty);
                let schedule_id = match patch.get("id") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) => Some(s.as_str()),
                    Some(_) => {
                        return Err(Problem::invalid(vec![crate::problem::FieldError::new(
                            "/id",
                            "invalid_type",
                            "`id` must be a string.",
                        )]))
                    }
                };
                let (sid, mut merged) = w.schedule_as_body(&ctx, id, schedule_id)?;
                // docs/inferred.md: present fields overwrite, `null` removes; rules apply to the merge.
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
                ok(w.update_schedule(&ctx, id, &sid, def)?)
            }
            ("DELETE", ["v2", "vps", id, "backup-schedules", sid]) => {
                w.delete_schedule(&ctx, id, sid)?;
                Ok((204, None))
            }
            _ => Err(Problem::not_found("resource")),
        }
    }

    fn preflight(&self, headers: &HeaderMap) -> Response {
        let mut r = bytes_response(204, "text/plain", Vec::new());
        r.headers_mut().remove(header::CONTENT_TYPE);
        if let Some(origin) = self.allowed_origin(headers) {
            let h = r.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            h.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
            h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST, PATCH, DELETE"));
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("Authorization, Accept, Content-Type"),
            );
            h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        }
        if !self.config.cors_origins.is_empty() {
            r.headers_mut().insert(header::VARY, HeaderValue::from_static("Origin"));
        }
        r
    }
}

fn rate_headers(h: &mut HeaderMap, v: &Verdict) {
    h.insert("x-ratelimit-limit", HeaderValue::from(v.limit));
    h.insert("x-ratelimit-remaining", HeaderValue::from(v.remaining));
    h.insert("x-ratelimit-reset", HeaderValue::from(v.reset));
}

fn bytes_response(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// A response whose body fails on its first poll: hyper then closes the connection without
/// completing the answer, which a client sees as a dropped connection.
fn dropped() -> Response {
    struct Abort;
    impl http_body::Body for Abort {
        type Data = Bytes;
        type Error = std::io::Error;
        fn poll_frame(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
            Poll::Ready(Some(Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "hostup-sim: injected dropped connection",
            ))))
        }
    }
    Response::new(Body::new(Abort))
}

/// The same response with the first half of its body only (a valid status, broken JSON).
async fn truncate(r: Response) -> Response {
    let (parts, body) = r.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    Response::from_parts(parts, Body::from(bytes.slice(..bytes.len() / 2)))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type_for(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "d.ts" | "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

async fn serve_static(dir: &Path, path: &str, head: bool) -> Option<Response> {
    let rel = percent_decode(path.trim_start_matches('/'));
    if rel.split('/').any(|s| s == ".." || s.contains('\\')) || rel.contains('\0') {
        return None;
    }
    let mut file = dir.join(&rel);
    if rel.is_empty() || rel.ends_with('/') || tokio::fs::metadata(&file).await.ok()?.is_dir() {
        file = file.join("index.html");
    }
    let bytes = tokio::fs::read(&file).await.ok()?;
    let ct = content_type_for(&file);
    let mut r = bytes_response(200, ct, if head { Vec::new() } else { bytes });
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if ct.starts_with("text/html") {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    }
    Some(r)
}

/// The one axum handler.
pub(crate) async fn handle(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
) -> Response {
    let path = req.uri().path().to_owned();
    let is_api = path == "/api" || path.starts_with("/api/");
    if req.method() == Method::OPTIONS && is_api {
        return app.preflight(req.headers());
    }
    let origin = app.allowed_origin(req.headers());
    let mut r = if is_api {
        app.api(peer, req, &path).await
    } else if app.config.control && path.starts_with("/__sim/") {
        control::handle(&app, req, &path).await
    } else {
        let head = req.method() == Method::HEAD;
        let found = match &app.config.static_dir {
            Some(dir) if req.method() == Method::GET || head => serve_static(dir, &path, head).await,
            _ => None,
        };
        found.unwrap_or_else(|| app.problem_response(&Problem::not_found("resource"), &path))
    };
    if is_api {
        r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(origin) = origin {
            let h = r.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            h.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
            h.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static("Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"),
            );
        }
        if !app.config.cors_origins.is_empty() {
            r.headers_mut().insert(header::VARY, HeaderValue::from_static("Origin"));
        }
    }
    r
}

/// A JSON answer for the control API.
pub(crate) fn json_response(status: u16, v: &Value) -> Response {
    bytes_response(status, "application/json", serde_json::to_vec(v).unwrap_or_default())
}

/// A 400 problem for the control API.
pub(crate) fn bad_request(app: &App, detail: &str, path: &str) -> Response {
    app.problem_response(&Problem::new(400, "invalid_request", detail), path)
}
