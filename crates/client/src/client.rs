//! The client: one execution loop that obeys core's rate limiter and retry policy, and typed methods per endpoint.

use crate::error::Error;
use crate::transport::{Transport, TransportError};
use hostup_core::{
    self as core, ApiKey, BackupList, Config, Description, Endpoint, Job, Operation, Outcome, PollBoard, RateLimitInfo,
    RateLimiter, RetryAfter, RetryDecision, RetryPolicy, Schedule, ScheduleList, SnapshotList, Vps, VpsList, VpsStatus,
};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Default per-request timeout.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;

/// Something the client is doing that a UI may want to show ("rate limited, retrying in 12 s").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientEvent {
    /// Holding a request back until the rate limit allows it.
    RateLimited {
        /// How long.
        wait_ms: u64,
    },
    /// Sending a request again after a failure.
    Retrying {
        /// The retry's number (1 = first retry).
        attempt: u32,
        /// The wait before it.
        delay_ms: u64,
        /// The status that caused it (`None`: network failure or timeout).
        status: Option<u16>,
    },
    /// A request succeeded after a wait or retry.
    Recovered,
}

type Observer = Rc<dyn Fn(&ClientEvent)>;

/// Names an observer, to remove it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ObserverId(u64);

/// The HostUp client over a [`Transport`].
pub struct Client<T: Transport> {
    config: Config,
    transport: T,
    retry: RetryPolicy,
    timeout_ms: u64,
    limiter: RefCell<RateLimiter>,
    pub(crate) board: RefCell<PollBoard>,
    /// Ids for waits (the poll board) and observers.
    pub(crate) next_id: Cell<u64>,
    in_flight: Cell<u32>,
    observers: RefCell<Vec<(ObserverId, Observer)>>,
}

impl<T: Transport> std::fmt::Debug for Client<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `Config`'s Debug redacts the key.
        f.debug_struct("Client").field("config", &self.config).field("retry", &self.retry).finish_non_exhaustive()
    }
}

impl<T: Transport> Client<T> {
    /// A client for `config` over `transport`, with the default retry policy and a 30 s per-request timeout.
    pub fn new(config: Config, transport: T) -> Self {
        Self {
            config,
            transport,
            retry: RetryPolicy::default(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            limiter: RefCell::new(RateLimiter::new()),
            board: RefCell::new(PollBoard::new()),
            next_id: Cell::new(0),
            in_flight: Cell::new(0),
            observers: RefCell::new(Vec::new()),
        }
    }

    /// Sets the retry policy (e.g. `max_retries`).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Sets the per-request timeout.
    pub fn with_timeout_ms(mut self, timeout_ms: u64) -> Self {
        self.timeout_ms = timeout_ms.max(1);
        self
    }

    /// Calls `observer` on rate-limit waits, retries and recoveries (a UI's "rate limited, retrying in 12 s").
    /// Several observers may be added; each sees every event. Keep the id to remove it again (a component that
    /// unmounts while the client lives on).
    pub fn add_observer(&self, observer: impl Fn(&ClientEvent) + 'static) -> ObserverId {
        let id = ObserverId(self.next_id.get());
        self.next_id.set(id.0 + 1);
        self.observers.borrow_mut().push((id, Rc::new(observer)));
        id
    }

    /// Removes an observer added with [`Client::add_observer`].
    pub fn remove_observer(&self, id: ObserverId) {
        self.observers.borrow_mut().retain(|(o, _)| *o != id);
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Executes any endpoint: pacing, sending, retrying as core's policy says, parsing.
    pub async fn call<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error> {
        self.execute(endpoint).await.map(|(out, _)| out)
    }

    /// Like [`Client::call`], also returning the final response's `Retry-After`.
    pub(crate) async fn execute<E: Endpoint>(&self, endpoint: &E) -> Result<(E::Output, Option<RetryAfter>), Error> {
        let request = endpoint.request(&self.config);
        let mut retries = 0u32;
        let mut waited = false;
        loop {
            self.pace(&mut waited).await;
            self.in_flight.set(self.in_flight.get() + 1);
            let sent = self.transport.send(&request, self.timeout_ms).await;
            self.in_flight.set(self.in_flight.get() - 1);
            let now = self.transport.now_ms();
            let (outcome, result) = match sent {
                Ok(response) => {
                    let info = RateLimitInfo::from_response(&response);
                    let retry_after = core::retry_after(&response);
                    self.limiter.borrow_mut().observe(now, &info, self.in_flight.get());
                    if response.status == 429 {
                        let wait = retry_after.map_or(1000, |r| r.delay_ms(self.transport.unix_ms()));
                        self.limiter.borrow_mut().block_for(now, wait);
                    }
                    let parsed = endpoint.parse(&response);
                    let outcome = match &parsed {
                        Err(core::Error::Decode { .. }) => Outcome::Malformed,
                        _ => Outcome::Response { status: response.status, retry_after },
                    };
                    (outcome, parsed.map(|out| (out, retry_after)).map_err(Error::from))
                }
                Err(TransportError::Timeout) => {
                    (Outcome::Timeout, Err(Error::Timeout { timeout_ms: self.timeout_ms, attempts: retries + 1 }))
                }
                Err(TransportError::Network(message)) => {
                    (Outcome::Network, Err(Error::Network { message, attempts: retries + 1 }))
                }
                // Deterministic: the same request gets the same oversized answer, so it is final.
                Err(TransportError::TooLarge { status, len }) => (
                    Outcome::Response { status, retry_after: None },
                    Err(Error::TooLarge { len, max: core::MAX_BODY_BYTES }),
                ),
            };
            if result.is_ok() {
                if waited || retries > 0 {
                    self.emit(ClientEvent::Recovered);
                }
                return result;
            }
            let decision =
                self.retry.decide(request.kind, retries, outcome, self.transport.unix_ms(), self.transport.random());
            match decision {
                RetryDecision::RetryAfter(delay_ms) => {
                    retries += 1;
                    let status = match outcome {
                        Outcome::Response { status, .. } => Some(status),
                        _ => None,
                    };
                    self.emit(ClientEvent::Retrying { attempt: retries, delay_ms, status });
                    self.transport.sleep(delay_ms).await;
                }
                RetryDecision::Stop => return result.map_err(|e| self.scrub(e)),
            }
        }
    }

    /// Waits until core's rate limiter lets a request go.
    async fn pace(&self, waited: &mut bool) {
        loop {
            let wait = self.limiter.borrow_mut().acquire(self.transport.now_ms());
            match wait {
                None => return,
                Some(ms) => {
                    *waited = true;
                    self.emit(ClientEvent::RateLimited { wait_ms: ms });
                    self.transport.sleep(ms).await;
                }
            }
        }
    }

    fn emit(&self, event: ClientEvent) {
        let observers = self.observers.borrow().clone();
        for (_, observer) in observers {
            observer(&event);
        }
    }

    /// Removes the API key from any text in an error (a proxy may echo headers back): every string the server
    /// supplied — all problem fields, field errors and extensions, decode messages, a failed job's problem and
    /// result, a wait's last status — not just the ones a message shows (the JS errors expose every field).
    pub(crate) fn scrub(&self, error: Error) -> Error {
        let Some(key) = self.config.api_key().map(ApiKey::expose) else { return error };
        let clean = |s: &mut String| {
            if core::text::find(s, key).is_some() {
                *s = core::text::replace_all(s, key, "[redacted]");
            }
        };
        match error {
            Error::Api(mut api) => {
                clean(&mut api.code);
                if let Some(s) = &mut api.snippet {
                    clean(s);
                }
                scrub_problem(&mut api.problem, &clean);
                Error::Api(api)
            }
            Error::Network { mut message, attempts } => {
                clean(&mut message);
                Error::Network { message, attempts }
            }
            Error::Decode { status, mut pointer, mut message } => {
                clean(&mut pointer);
                clean(&mut message);
                Error::Decode { status, pointer, message }
            }
            Error::JobFailed(mut job) => {
                clean(&mut job.job_id);
                for s in [&mut job.poll_url, &mut job.created_at, &mut job.updated_at].into_iter().flatten() {
                    clean(s);
                }
                if let Some(p) = &mut job.error {
                    scrub_problem(p, &clean);
                }
                if let Some(result) = &mut job.result {
                    scrub_map(result, &clean);
                }
                Error::JobFailed(job)
            }
            Error::WaitTimedOut { mut job_id, mut last_status, waited_ms } => {
                clean(&mut job_id);
                clean(&mut last_status);
                Error::WaitTimedOut { job_id, last_status, waited_ms }
            }
            other => other,
        }
    }

    /// `GET /api/v2/vps`.
    pub async fn list_vps(&self) -> Result<VpsList, Error> {
        self.call(&core::ListVps).await
    }

    /// `GET /api/v2/vps/{id}`.
    pub async fn get_vps(&self, vps_id: &str) -> Result<Vps, Error> {
        self.call(&core::GetVps::new(vps_id)?).await
    }

    /// `GET /api/v2/vps/{id}/status`.
    pub async fn get_vps_status(&self, vps_id: &str) -> Result<VpsStatus, Error> {
        self.call(&core::GetVpsStatus::new(vps_id)?).await
    }

    /// `GET /api/v2/vps/{id}/backups`.
    pub async fn list_backups(&self, vps_id: &str) -> Result<BackupList, Error> {
        self.call(&core::ListBackups::new(vps_id)?).await
    }

    /// `POST /api/v2/vps/{id}/backups`. Retried only on 429.
    pub async fn create_backup(&self, vps_id: &str, note: Option<String>) -> Result<Operation, Error> {
        self.call(&core::CreateBackup::new(vps_id, note)?).await
    }

    /// `POST …/backups/{backupId}/actions/restore`. Never retried.
    pub async fn restore_backup(&self, vps_id: &str, backup_id: &str) -> Result<Operation, Error> {
        self.call(&core::RestoreBackup::new(vps_id, backup_id)?).await
    }

    /// `DELETE …/backups/{backupId}`.
    pub async fn delete_backup(&self, vps_id: &str, backup_id: &str) -> Result<Option<Operation>, Error> {
        self.call(&core::DeleteBackup::new(vps_id, backup_id)?).await
    }

    /// `GET /api/v2/vps/{id}/snapshots`.
    pub async fn list_snapshots(&self, vps_id: &str) -> Result<SnapshotList, Error> {
        self.call(&core::ListSnapshots::new(vps_id)?).await
    }

    /// `POST /api/v2/vps/{id}/snapshots`. Retried only on 429.
    pub async fn create_snapshot(
        &self,
        vps_id: &str,
        name: &str,
        description: Description,
    ) -> Result<Operation, Error> {
        self.call(&core::CreateSnapshot::new(vps_id, name, description)?).await
    }

    /// `POST …/snapshots/{snapshotId}/actions/restore`. Destructive; never retried.
    pub async fn restore_snapshot(&self, vps_id: &str, name: &str) -> Result<Operation, Error> {
        self.call(&core::RestoreSnapshot::new(vps_id, name)?).await
    }

    /// `DELETE …/snapshots/{snapshotId}`.
    pub async fn delete_snapshot(&self, vps_id: &str, name: &str) -> Result<Option<Operation>, Error> {
        self.call(&core::DeleteSnapshot::new(vps_id, name)?).await
    }

    /// `GET /api/v2/vps/{id}/backup-schedules`.
    pub async fn list_backup_schedules(&self, vps_id: &str) -> Result<ScheduleList, Error> {
        self.call(&core::ListBackupSchedules::new(vps_id)?).await
    }

    /// `POST /api/v2/vps/{id}/backup-schedules` (create or replace).
    pub async fn set_backup_schedule(&self, vps_id: &str, schedule: core::BackupSchedule) -> Result<Schedule, Error> {
        self.call(&core::SetBackupSchedule::new(vps_id, schedule)?).await
    }

    /// `PATCH /api/v2/vps/{id}/backup-schedules` with a loose JSON patch.
    pub async fn update_backup_schedules(&self, vps_id: &str, patch: &serde_json::Value) -> Result<Schedule, Error> {
        self.call(&core::UpdateBackupSchedules::from_json(vps_id, patch)?).await
    }

    /// `DELETE /api/v2/vps/{id}/backup-schedules/{scheduleId}`.
    pub async fn delete_backup_schedule(&self, vps_id: &str, schedule_id: &str) -> Result<(), Error> {
        self.call(&core::DeleteBackupSchedule::new(vps_id, schedule_id)?).await
    }

    /// `GET /api/jobs/{jobId}`, by job id or poll URL.
    pub async fn get_job(&self, job_id_or_poll_url: &str) -> Result<Job, Error> {
        self.call(&core::GetJob::new(job_id_or_poll_url, &self.config)?).await
    }
}

impl Error {
    /// The `Retry-After` of an API error, in milliseconds from `now_unix_ms`.
    pub fn retry_after_ms(&self, now_unix_ms: u64) -> Option<u64> {
        match self {
            Error::Api(a) => a.retry_after.map(|r| r.delay_ms(now_unix_ms)),
            _ => None,
        }
    }
}

/// Scrubs every string of a problem document.
fn scrub_problem(p: &mut core::Problem, clean: &dyn Fn(&mut String)) {
    for s in
        [&mut p.type_, &mut p.title, &mut p.detail, &mut p.code, &mut p.instance, &mut p.request_id, &mut p.timestamp]
            .into_iter()
            .flatten()
    {
        clean(s);
    }
    for e in &mut p.errors {
        clean(&mut e.pointer);
        clean(&mut e.detail);
        clean(&mut e.code);
    }
    if let Some(ext) = &mut p.extensions {
        scrub_map(ext, clean);
    }
}

/// Scrubs every key and string value of a JSON object, recursively.
fn scrub_map(map: &mut serde_json::Map<String, serde_json::Value>, clean: &dyn Fn(&mut String)) {
    fn value(v: &mut serde_json::Value, clean: &dyn Fn(&mut String)) {
        match v {
            serde_json::Value::String(s) => clean(s),
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| value(x, clean)),
            serde_json::Value::Object(o) => scrub_map(o, clean),
            _ => {}
        }
    }
    // Inserted one by one: collecting into the map would sort first, and link a sort into the wasm for nothing.
    for (mut k, mut v) in std::mem::take(map) {
        clean(&mut k);
        value(&mut v, clean);
        map.insert(k, v);
    }
}
