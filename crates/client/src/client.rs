//! The client: one execution loop that obeys core's rate limiter and retry policy, and typed methods per endpoint.

use crate::error::Error;
use crate::transport::{Transport, TransportError};
use hostup_core::{
    self as core, BackupList, Config, Description, Drift, DriftLog, Endpoint, Job, Operation, Outcome, PollBoard,
    RateLimitInfo, RateLimiter, RetryAfter, RetryDecision, RetryPolicy, Schedule, ScheduleList, SnapshotList, Vps,
    VpsList, VpsStatus,
};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Default per-request timeout (core's [`hostup_core::limits::REQUEST_TIMEOUT_MS`]).
pub const DEFAULT_TIMEOUT_MS: u64 = core::limits::REQUEST_TIMEOUT_MS.default;

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
    /// A response carried a member this version does not declare, or an undocumented enum value: the API moved.
    /// The response was still read. Emitted once per (endpoint, pointer, kind) over the client's life; the value
    /// never holds the API key.
    Drift(Drift),
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
    drift: RefCell<DriftLog>,
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
            drift: RefCell::new(DriftLog::new()),
        }
    }

    /// Sets the retry policy (e.g. `max_retries`).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Sets the per-request timeout, brought into core's range ([`hostup_core::limits::REQUEST_TIMEOUT_MS`]).
    pub fn with_timeout_ms(mut self, timeout_ms: u64) -> Self {
        self.timeout_ms = core::limits::REQUEST_TIMEOUT_MS.clamp(timeout_ms);
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
                    let parsed = endpoint.parse_reporting(&response);
                    let outcome = match &parsed {
                        Err(core::Error::Decode { .. }) => Outcome::Malformed,
                        _ => Outcome::Response { status: response.status, retry_after },
                    };
                    let parsed = parsed.map(|(out, drift)| {
                        // Checked here, inline: a reader that never reports drift (the npm package's) links none of
                        // the reporting.
                        if !drift.is_empty() {
                            self.report_drift(drift);
                        }
                        (out, retry_after)
                    });
                    (outcome, parsed.map_err(Error::from))
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
                    Err(Error::Core(core::Error::TooLarge { len, max: core::MAX_BODY_BYTES })),
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

    /// Emits each drift the first time it is seen, with the key scrubbed from its value.
    fn report_drift(&self, drift: Vec<Drift>) {
        for mut d in drift {
            if !self.drift.borrow_mut().first(&d) {
                continue;
            }
            if let (Some(value), Some(key)) = (&mut d.value, self.config.api_key()) {
                core::text::redact_in(value, key.expose());
            }
            self.emit(ClientEvent::Drift(d));
        }
    }

    fn emit(&self, event: ClientEvent) {
        let observers = self.observers.borrow().clone();
        for (_, observer) in observers {
            observer(&event);
        }
    }

    /// The error with the API key removed from every server-supplied string ([`Error::redact`]).
    pub(crate) fn scrub(&self, error: Error) -> Error {
        match self.config.api_key() {
            Some(key) => error.redact(key.expose()),
            None => error,
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

    /// `POST …/backups/{backupId}/actions/restore`. Destructive: nothing is sent unless `confirm` repeats
    /// `backup_id` (core's rule). Never retried.
    pub async fn restore_backup(&self, vps_id: &str, backup_id: &str, confirm: &str) -> Result<Operation, Error> {
        self.call(&core::RestoreBackup::new(vps_id, backup_id, confirm)?).await
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

    /// `POST …/snapshots/{snapshotId}/actions/restore`. Destructive: the current disk is replaced, so nothing is sent
    /// unless `confirm` repeats `name` (core's rule). Never retried.
    pub async fn restore_snapshot(&self, vps_id: &str, name: &str, confirm: &str) -> Result<Operation, Error> {
        self.call(&core::RestoreSnapshot::new(vps_id, name, confirm)?).await
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
