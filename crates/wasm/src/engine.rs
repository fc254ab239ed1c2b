//! The sans-IO core exposed to JS as synchronous calls, for the package's hand-written ES module driver
//! (`crates/wasm/js/driver.js`), which owns fetch, timers, `AbortSignal` and promises — the way quinn drives
//! quinn-proto. Every decision is made here, by hostup-core: the request (`build`), the pacing (`pace`), what an
//! answer means and whether and when to retry (`settle`, `fail`, `tooLarge`), the poll schedule and the poll board
//! (`Wait`), the errors and their redaction. The driver holds no retry count, status list or interval.
//!
//! Why this shape: the package's wasm no longer links hostup-client's async loop, gloo-net, the promise bridges or
//! one export shim per method (the largest items of the v1 wasm by twiggy), so it is ~30 KB smaller raw, and a call
//! costs a few synchronous crossings instead of a future polled through `future_to_promise`. Responses are still read
//! by `JSON.parse` and core's shape walker ([`crate::json`]); the Leptos widget keeps the Rust client.

use crate::client::{confirm_arg, erase, given, one, parse_wait_args, with_body, with_id, with_two_ids, Erased};
use crate::convert::{job_to_js, string_arg};
use crate::errors::{to_js_error, validation};
use hostup_client::{Error, JobTarget};
use hostup_core::{
    self as core, codes, limits, ApiKey, Config, Drift, DriftKind, DriftLog, Endpoint, FieldError, GetJob, Job,
    JobKind, JobPoller, Outcome, PollBoard, PollDecision, PollProfile, RateLimitInfo, RateLimiter, RequestKind,
    RetryDecision, RetryPolicy, DEFAULT_BASE_URL,
};
use js_sys::{Array, Function, Uint8Array};
use wasm_bindgen::prelude::*;

/// One client's state: its configuration and core's limiter, retry policy, poll board and drift log.
#[wasm_bindgen]
pub struct Engine {
    config: Config,
    retry: RetryPolicy,
    timeout_ms: u64,
    limiter: RateLimiter,
    board: PollBoard,
    drift: Option<(DriftLog, Function)>,
    next_owner: u64,
    credentials: bool,
    failure: Option<Array>,
}

/// One `waitForJob`: core's poller for it.
#[wasm_bindgen]
pub struct Wait {
    drift: bool,
    poller: JobPoller,
    owner: u64,
    last: Option<Job>,
    fixed_profile: bool,
    job_id: String,
    started: u64,
    timeout_ms: u64,
}

/// A restore's arguments: two ids and `{ confirm }`, which core's constructor checks.
fn restore<E: Endpoint + 'static>(
    vps_id: &JsValue,
    id: &JsValue,
    options: &JsValue,
    new: impl Fn(hostup_core::Arg<'_>, hostup_core::Arg<'_>, &str) -> Result<E, hostup_core::ValidationErrors>,
) -> Result<Erased, hostup_core::ValidationErrors> {
    let confirm = confirm_arg(options);
    with_two_ids(vps_id, id, &|x, y| erase(new(x, y, &confirm)))
}

/// Core's endpoint names: the client's methods (the driver defines one method per name, each calling `build` with
/// the name's index here) and, by index, the endpoint a call token names.
const NAMES: [&str; 16] = [
    <core::ListVps as Endpoint>::NAME,
    <core::GetVps as Endpoint>::NAME,
    <core::GetVpsStatus as Endpoint>::NAME,
    <core::ListBackups as Endpoint>::NAME,
    <core::CreateBackup as Endpoint>::NAME,
    <core::RestoreBackup as Endpoint>::NAME,
    <core::DeleteBackup as Endpoint>::NAME,
    <core::ListSnapshots as Endpoint>::NAME,
    <core::CreateSnapshot as Endpoint>::NAME,
    <core::RestoreSnapshot as Endpoint>::NAME,
    <core::DeleteSnapshot as Endpoint>::NAME,
    <core::ListBackupSchedules as Endpoint>::NAME,
    <core::SetBackupSchedule as Endpoint>::NAME,
    <core::UpdateBackupSchedules as Endpoint>::NAME,
    <core::DeleteBackupSchedule as Endpoint>::NAME,
    <GetJob as Endpoint>::NAME,
];

/// The request kinds, by the index a call token holds.
const KINDS: [RequestKind; 5] =
    [RequestKind::Read, RequestKind::Create, RequestKind::Restore, RequestKind::Update, RequestKind::Delete];

/// The client's methods: core's endpoint names.
#[wasm_bindgen(js_name = methodNames)]
pub fn method_names() -> Array {
    NAMES.iter().map(|n| JsValue::from_str(n)).collect()
}

/// A call as the driver holds it between crossings: a number naming its endpoint (its index in [`NAMES`]) and its
/// request kind (in [`KINDS`]), all the engine needs to decide on its answers. A number the engine did not give
/// reads as some endpoint and kind, never a trap.
fn token(name: &str, kind: RequestKind) -> u32 {
    let name = NAMES.iter().position(|n| *n == name).unwrap_or(0) as u32;
    let kind = KINDS.iter().position(|k| *k == kind).unwrap_or(0) as u32;
    name * 8 + kind
}

/// `n` in decimal (not `to_string`: the formatting machinery is slow in the size-optimized wasm).
fn push_number(out: &mut String, n: u32) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

fn token_name(token: u32) -> &'static str {
    NAMES.get((token / 8) as usize).copied().unwrap_or(NAMES[0])
}

fn token_kind(token: u32) -> RequestKind {
    KINDS.get((token % 8) as usize).copied().unwrap_or(RequestKind::Read)
}

/// A built call as one string of lines (one crossing; none of the parts but the body holds a line break): its token,
/// its endpoint's name, `1` when its answers are checked for drift, the method, the URL, the number of headers, each
/// header's name and value, then the body if there is one (the rest of the string).
fn render(endpoint: &Erased, config: &Config, drift: bool) -> String {
    let r = endpoint.0.request(config);
    let mut out = String::with_capacity(160);
    push_number(&mut out, token(endpoint.0.name(), r.kind));
    for part in [endpoint.0.name(), if drift { "1" } else { "0" }, r.method.as_str(), &r.url] {
        out.push('\n');
        out.push_str(part);
    }
    out.push('\n');
    push_number(&mut out, r.headers.len() as u32);
    for (name, value) in &r.headers {
        out.push('\n');
        out.push_str(name);
        out.push('\n');
        out.push_str(value);
    }
    if let Some(body) = &r.body {
        out.push('\n');
        out.push_str(body);
    }
    out
}

fn decision_ms(d: PollDecision) -> f64 {
    match d {
        PollDecision::PollAfter(ms) => ms as f64,
        PollDecision::Completed => -1.0,
        PollDecision::Failed => -2.0,
        PollDecision::DeadlinePassed => -3.0,
    }
}

#[wasm_bindgen]
impl Engine {
    /// Reads the client options (every bad one reported at once).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Engine, JsValue> {
        let mut errors = Vec::new();
        let opt = |name: &str| crate::client::member(&options, name);
        let api_key = match opt("apiKey") {
            v if v.is_undefined() || v.is_null() => None,
            v => string_arg(&v, "/apiKey").and_then(ApiKey::new).map_err(|e| errors.push(e)).ok(),
        };
        let base_url = match opt("baseUrl") {
            v if v.is_undefined() || v.is_null() => Some(DEFAULT_BASE_URL.to_owned()),
            v => string_arg(&v, "/baseUrl").map_err(|e| errors.push(e)).ok(),
        };
        let credentials = match opt("credentials") {
            v if v.is_undefined() || v.is_null() => false,
            v if v.as_bool().is_some() => v.as_bool() == Some(true),
            v => match v.as_string().as_deref() {
                Some("include") => true,
                Some("same-origin" | "omit") => false,
                _ => {
                    errors.push(FieldError::new(
                        "/credentials",
                        codes::INVALID_VALUE,
                        "`credentials` must be \"include\", \"same-origin\", \"omit\" or a boolean.",
                    ));
                    false
                }
            },
        };
        if !(options.is_undefined() || options.is_null() || options.is_object()) {
            errors.push(FieldError::new("", codes::INVALID_TYPE, "The options must be an object."));
        }
        let max_retries = limits::MAX_RETRIES.read(given(&opt("maxRetries")), &mut errors).map(|n| n as u32);
        let timeout_ms = limits::REQUEST_TIMEOUT_MS.read(given(&opt("timeoutMs")), &mut errors);
        let on_drift = match opt("onDrift") {
            v if v.is_undefined() || v.is_null() => None,
            v => v
                .dyn_into::<Function>()
                .map_err(|_| {
                    errors.push(FieldError::new("/onDrift", codes::INVALID_TYPE, "`onDrift` must be a function."))
                })
                .ok(),
        };
        let config = base_url.and_then(|b| Config::new(&b, api_key).map_err(|e| errors.push(e)).ok());
        let Some(config) = config.filter(|_| errors.is_empty()) else {
            return Err(validation(&errors));
        };
        let mut retry = RetryPolicy::default();
        if let Some(n) = max_retries {
            retry.max_retries = n;
        }
        Ok(Engine {
            config,
            retry,
            timeout_ms: timeout_ms.unwrap_or(limits::REQUEST_TIMEOUT_MS.default),
            limiter: RateLimiter::new(),
            board: PollBoard::new(),
            drift: on_drift.map(|f| (DriftLog::new(), f)),
            next_owner: 0,
            credentials,
            failure: None,
        })
    }

    /// Whether fetch sends cookies (`credentials: "include"`).
    #[wasm_bindgen(getter)]
    pub fn credentials(&self) -> bool {
        self.credentials
    }

    /// The largest body read (core's limit): a longer announced `Content-Length` is refused unread.
    #[wasm_bindgen(getter, js_name = maxBodyBytes)]
    pub fn max_body_bytes(&self) -> f64 {
        core::MAX_BODY_BYTES as f64
    }

    /// The per-request timeout the driver arms.
    #[wasm_bindgen(getter, js_name = timeoutMs)]
    pub fn timeout_ms(&self) -> f64 {
        self.timeout_ms as f64
    }

    /// Builds the request of method `index` (in `methodNames()`) from its JS arguments ([`render`]ed), or throws
    /// the HostupValidationError.
    pub fn build(&self, index: u32, a: &JsValue, b: &JsValue, c: &JsValue) -> Result<String, JsValue> {
        let method = NAMES.get(index as usize).copied().unwrap_or("");
        let built = match method {
            <core::ListVps as Endpoint>::NAME => erase(Ok(core::ListVps)),
            <core::GetVps as Endpoint>::NAME => erase(with_id(a, |id| core::GetVps::new(id))),
            <core::GetVpsStatus as Endpoint>::NAME => erase(with_id(a, |id| core::GetVpsStatus::new(id))),
            <core::ListBackups as Endpoint>::NAME => erase(with_id(a, |id| core::ListBackups::new(id))),
            <core::CreateBackup as Endpoint>::NAME => {
                with_body(a, b, &|id, v| erase(core::CreateBackup::from_json(id, v)))
            }
            <core::RestoreBackup as Endpoint>::NAME => restore(a, b, c, |v, i, c| core::RestoreBackup::new(v, i, c)),
            <core::DeleteBackup as Endpoint>::NAME => with_two_ids(a, b, &|x, y| erase(core::DeleteBackup::new(x, y))),
            <core::ListSnapshots as Endpoint>::NAME => erase(with_id(a, |id| core::ListSnapshots::new(id))),
            <core::CreateSnapshot as Endpoint>::NAME => {
                with_body(a, b, &|id, v| erase(core::CreateSnapshot::from_json(id, v)))
            }
            <core::RestoreSnapshot as Endpoint>::NAME => {
                restore(a, b, c, |v, n, c| core::RestoreSnapshot::new(v, n, c))
            }
            <core::DeleteSnapshot as Endpoint>::NAME => {
                with_two_ids(a, b, &|x, y| erase(core::DeleteSnapshot::new(x, y)))
            }
            <core::ListBackupSchedules as Endpoint>::NAME => erase(with_id(a, |id| core::ListBackupSchedules::new(id))),
            <core::SetBackupSchedule as Endpoint>::NAME => {
                with_body(a, b, &|id, v| erase(core::SetBackupSchedule::from_json(id, v)))
            }
            <core::UpdateBackupSchedules as Endpoint>::NAME => {
                with_body(a, b, &|id, v| erase(core::UpdateBackupSchedules::from_json(id, v)))
            }
            <core::DeleteBackupSchedule as Endpoint>::NAME => {
                with_two_ids(a, b, &|x, y| erase(core::DeleteBackupSchedule::new(x, y)))
            }
            <GetJob as Endpoint>::NAME => {
                erase(string_arg(a, "/jobId").map_err(one).and_then(|s| GetJob::new(&s, &self.config)))
            }
            _ => Err(one(FieldError::new("", codes::INVALID_VALUE, "Unknown method."))),
        };
        let endpoint = built.map_err(|e| validation(e.errors()))?;
        Ok(render(&endpoint, &self.config, self.drift.is_some()))
    }

    /// How long to wait before sending (core's rate limiter), or -1 to send now.
    pub fn pace(&mut self, now_ms: f64) -> f64 {
        self.limiter.acquire(now_ms as u64).map_or(-1.0, |ms| ms as f64)
    }

    /// An answer arrived to call `token`. A success (2xx) within core's size limit: the retry-after in ms, or -1
    /// (the body unread: the driver `JSON.parse`s it and checks it against core's tables (check.js), then hands
    /// back what it refused ([`Engine::refused`]) or the drift it saw ([`Engine::drift`])). Otherwise -2, and
    /// [`Engine::failure`] holds `[error, retry in ms or -1 (stop), transient, retry-after ms or -1]` as core's
    /// retry policy decides. A number, not an array, on the hot path: nothing is allocated on the JS side.
    #[allow(clippy::too_many_arguments)]
    pub fn settle(
        &mut self,
        token: u32,
        retries: u32,
        now_ms: f64,
        unix_ms: f64,
        random: f64,
        in_flight: u32,
        status: u16,
        headers: &str,
        body: &Uint8Array,
    ) -> f64 {
        // Each header's name and value as lines: one string crossing instead of two a header (fetch's names and
        // values hold no line break).
        let mut lines = headers.split('\n');
        let mut headers = Vec::new();
        while let (Some(name), Some(value)) = (lines.next(), lines.next()) {
            headers.push((name.to_owned(), value.to_owned()));
        }
        let mut response = core::Response { status, headers, body: Vec::new() };
        let now = now_ms as u64;
        let retry_after = core::retry_after(&response);
        self.limiter.observe(now, &RateLimitInfo::from_response(&response), in_flight);
        if status == 429 {
            self.limiter.block_for(now, retry_after.map_or(1000, |r| r.delay_ms(unix_ms as u64)));
        }
        let success = || retry_after.map_or(-1.0, |r| r.delay_ms(unix_ms as u64) as f64);
        if core::is_success(status) && body.length() as usize <= core::MAX_BODY_BYTES {
            return success();
        }
        response.body = body.to_vec();
        match core::check_with(&response, crate::json::problem) {
            Ok(()) => success(),
            Err(e) => {
                let outcome = Outcome::Response { status, retry_after };
                self.failure = Some(self.failed(token, retries, unix_ms, random, outcome, Error::Core(e)));
                -2.0
            }
        }
    }

    /// The decision `settle` left (its -2), once.
    pub fn failure(&mut self) -> JsValue {
        self.failure.take().map_or(JsValue::UNDEFINED, JsValue::from)
    }

    /// A success body check.js refused (`reason`, see [`crate::json::refused`]): the decode error and core's retry
    /// decision, as `settle` returns them.
    #[allow(clippy::too_many_arguments)]
    pub fn refused(
        &mut self,
        token: u32,
        retries: u32,
        unix_ms: f64,
        random: f64,
        status: u16,
        body: Vec<u8>,
        reason: JsValue,
    ) -> Array {
        let response = core::Response { status, headers: Vec::new(), body };
        let error = crate::json::refused(&response, &reason);
        self.failed(token, retries, unix_ms, random, Outcome::Malformed, Error::Core(error))
    }

    /// The drift check.js saw in a success body, `[pointer, 0 unknown field | 1 unknown value, value]` each:
    /// reported to `onDrift` once per (endpoint, pointer, kind), as core's drift log decides.
    pub fn drift(&mut self, token: u32, found: Array) {
        let drift = found.iter().map(|d| {
            let d: Array = d.unchecked_into();
            Drift {
                endpoint: token_name(token),
                pointer: d.get(0).as_string().unwrap_or_default(),
                kind: if d.get(1).as_f64() == Some(1.0) { DriftKind::UnknownValue } else { DriftKind::UnknownField },
                value: d.get(2).as_string(),
            }
        });
        self.report(drift);
    }

    /// An answer whose announced length is over core's limit (refused unread).
    #[wasm_bindgen(js_name = tooLarge)]
    pub fn too_large(&mut self, token: u32, retries: u32, unix_ms: f64, random: f64, status: u16, len: f64) -> Array {
        let error = Error::Core(core::Error::TooLarge { len: len as usize, max: core::MAX_BODY_BYTES });
        self.failed(token, retries, unix_ms, random, Outcome::Response { status, retry_after: None }, error)
    }

    /// No answer: a timeout (`timeout`) or a network failure (`message`).
    pub fn fail(
        &mut self,
        token: u32,
        retries: u32,
        unix_ms: f64,
        random: f64,
        timeout: bool,
        message: String,
    ) -> Array {
        let (outcome, error) = if timeout {
            (Outcome::Timeout, Error::Timeout { timeout_ms: self.timeout_ms, attempts: retries + 1 })
        } else {
            (Outcome::Network, Error::Network { message, attempts: retries + 1 })
        };
        self.failed(token, retries, unix_ms, random, outcome, error)
    }
}

#[wasm_bindgen]
impl Engine {
    /// Starts a wait for `target` (an operation, a job id or a poll URL).
    pub fn wait(&mut self, target: JsValue, options: JsValue, now_ms: f64) -> Result<Wait, JsValue> {
        let (target, timeout_ms, _signal, _progress) =
            parse_wait_args(&target, &options).map_err(|e| validation(&e))?;
        let (job_ref, initial) = match target {
            JobTarget::Operation(op) => (op.job_id.clone(), Some(Job::from(op))),
            JobTarget::Id(id) => (id, None),
        };
        let get = GetJob::new(&job_ref, &self.config).map_err(|e| validation(e.errors()))?;
        let job_id = get.job_id().to_string();
        self.next_owner += 1;
        Ok(Wait {
            drift: self.drift.is_some(),
            poller: JobPoller::new(PollProfile::SNAPSHOT, now_ms as u64, Some(timeout_ms)),
            owner: self.next_owner,
            last: initial,
            fixed_profile: false,
            job_id,
            started: now_ms as u64,
            timeout_ms,
        })
    }
}

impl Engine {
    fn failed(&self, token: u32, retries: u32, unix_ms: f64, random: f64, outcome: Outcome, error: Error) -> Array {
        let kind = token_kind(token);
        let delay = match self.retry.decide(kind, retries, outcome, unix_ms as u64, random) {
            RetryDecision::RetryAfter(ms) => ms as f64,
            RetryDecision::Stop => -1.0,
        };
        let error = match self.config.api_key() {
            Some(key) => error.redact(key.expose()),
            None => error,
        };
        let transient = error.is_transient();
        let retry_after = error.retry_after_ms(unix_ms as u64).map_or(-1.0, |ms| ms as f64);
        Array::of4(
            &to_js_error(&error, unix_ms as u64),
            &JsValue::from_f64(delay),
            &JsValue::from_bool(transient),
            &JsValue::from_f64(retry_after),
        )
    }

    fn report(&mut self, drift: impl Iterator<Item = Drift>) {
        if let Some((log, f)) = &mut self.drift {
            for d in drift {
                if log.first(&d) {
                    let _ = f.call1(&JsValue::UNDEFINED, &crate::convert::drift_to_js(&d));
                }
            }
        }
    }
}

#[wasm_bindgen]
impl Wait {
    /// The call of one poll, as `build` renders it.
    #[wasm_bindgen(js_name = pollCall)]
    pub fn poll_call(&self, engine: &Engine) -> Result<String, JsValue> {
        let endpoint = erase(GetJob::new(&self.job_id, &engine.config)).map_err(|e| validation(e.errors()))?;
        Ok(render(&endpoint, &engine.config, self.drift))
    }

    /// The wait's next decision — ms to the next poll, or -1 completed, -2 failed, -3 deadline — on `event`:
    /// `0` the start; `1` a poll is due (-4: send it; else it was skipped, since a like job older than this one is
    /// still running: core's poll board); `2` a polled job arrived (`job`, the value `settle` returned, with
    /// `retry_after_ms`; `progress` is called on a status change); `3` a poll failed transiently after its own
    /// retries (`retry_after_ms`). One export for the four: each export costs its own shim.
    pub fn next(
        &mut self,
        engine: &mut Engine,
        event: u32,
        now_ms: f64,
        job: JsValue,
        retry_after_ms: f64,
        progress: JsValue,
    ) -> f64 {
        let now = now_ms as u64;
        let retry_after = (retry_after_ms >= 0.0).then_some(retry_after_ms as u64);
        match event {
            0 => {
                let status = self.last.as_ref().map_or(core::OperationStatus::Pending, |j| j.status.clone());
                decision_ms(self.poller.start(now, &status))
            }
            1 => {
                if self.poller.may_skip(now)
                    && engine.board.suggests_skip(self.owner, &self.poller.profile(), self.poller.age_ms(now), now)
                {
                    return decision_ms(self.poller.skipped(now));
                }
                -4.0
            }
            2 => self.observe(engine, now, &job, retry_after, progress.dyn_ref::<Function>()),
            _ => decision_ms(self.poller.observe_transient_error(now, retry_after)),
        }
    }

    /// The final error of the wait: the failed job, or the deadline.
    pub fn error(&self, engine: &Engine, now_ms: f64, unix_ms: f64) -> JsValue {
        let error = match &self.last {
            Some(job) if job.status == core::OperationStatus::Failed => Error::JobFailed(Box::new(job.clone())),
            last => Error::WaitTimedOut {
                job_id: self.job_id.clone(),
                last_status: last.as_ref().map_or("unknown".to_owned(), |j| j.status.as_str().to_owned()),
                waited_ms: (now_ms as u64).saturating_sub(self.started),
            },
        };
        let error = match engine.config.api_key() {
            Some(key) => error.redact(key.expose()),
            None => error,
        };
        to_js_error(&error, unix_ms as u64)
    }

    /// When the driver stops waiting regardless of a poll in flight: the deadline plus the Rust client's 50 ms grace.
    #[wasm_bindgen(getter, js_name = hardStopMs)]
    pub fn hard_stop_ms(&self) -> f64 {
        (self.timeout_ms + 50) as f64
    }

    /// The last job seen (the wait's result when it completed).
    pub fn job(&self) -> JsValue {
        self.last.as_ref().map_or(JsValue::NULL, job_to_js)
    }

    /// Leaves core's poll board.
    pub fn leave(&self, engine: &mut Engine) {
        engine.board.leave(self.owner);
    }
}

impl Wait {
    fn observe(
        &mut self,
        engine: &mut Engine,
        now: u64,
        job: &JsValue,
        retry_after: Option<u64>,
        progress: Option<&Function>,
    ) -> f64 {
        let job = crate::json::job_from_js(job);
        if !self.fixed_profile {
            if let Some(kind) = &job.kind {
                self.poller.set_profile(match kind {
                    JobKind::Backup | JobKind::BackupRestore | JobKind::BackupDelete => PollProfile::BACKUP,
                    _ => PollProfile::SNAPSHOT,
                });
            }
        }
        let changed = self.last.as_ref().is_none_or(|prev| prev.status != job.status);
        engine.board.observe(self.owner, &self.poller.profile(), self.poller.age_ms(now), now, &job.status);
        let next = self.poller.observe(now, &job.status, retry_after);
        if changed {
            if let Some(f) = progress {
                let _ = f.call1(&JsValue::UNDEFINED, &job_to_js(&job));
            }
        }
        self.last = Some(job);
        decision_ms(next)
    }
}
