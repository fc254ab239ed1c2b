//! `HostupClient`, the package's one class. Every method returns a Promise; bad arguments reject with a
//! `HostupValidationError` before any request is made, and nothing here traps on any JS value.

use crate::convert::{from_js, job_to_js, string_arg};
use crate::errors::{abort_error, to_js_error, validation};
use futures::future::{select, Either};
use hostup_client::{Client, ClientEvent, FetchTransport, JobTarget, Transport, WaitOptions};
use hostup_core::{
    self as core, codes, limits, shape::Wire, ApiKey, Config, Endpoint, FieldError, Job, RetryPolicy, ValidationErrors,
    DEFAULT_BASE_URL,
};
use js_sys::{Function, Promise, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// The HostUp backup and snapshot client.
#[wasm_bindgen]
pub struct HostupClient {
    inner: Rc<Client<FetchTransport>>,
    /// Whether responses are checked for contract drift (the client has `onDrift`).
    report_drift: bool,
}

/// A placeholder that passes id validation, used to collect the other fields' errors when an id is not a string.
const PLACEHOLDER_ID: &str = "x";

#[wasm_bindgen]
impl HostupClient {
    /// `new HostupClient({ apiKey, baseUrl, credentials, maxRetries, timeoutMs })`. Throws `HostupValidationError`
    /// listing every bad option.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "HostupClientOptions")] options: JsValue,
    ) -> Result<HostupClient, JsValue> {
        let mut errors = Vec::new();
        let opt = |name: &str| -> JsValue {
            if options.is_object() {
                Reflect::get(&options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
            } else {
                JsValue::UNDEFINED
            }
        };
        if !(options.is_undefined() || options.is_null() || options.is_object()) {
            errors.push(FieldError::new("", codes::INVALID_TYPE, "The options must be an object."));
        }
        let api_key = match opt("apiKey") {
            v if v.is_undefined() || v.is_null() => None,
            v => match v.as_string() {
                Some(k) => ApiKey::new(k).map_err(|e| errors.push(e)).ok(),
                None => {
                    errors.push(FieldError::new("/apiKey", codes::INVALID_TYPE, "`apiKey` must be a string."));
                    None
                }
            },
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
        let max_retries = limits::MAX_RETRIES.read(given(&opt("maxRetries")), &mut errors).map(|n| n as u32);
        let timeout_ms = limits::REQUEST_TIMEOUT_MS.read(given(&opt("timeoutMs")), &mut errors);
        let on_drift = match opt("onDrift") {
            v if v.is_undefined() || v.is_null() => None,
            v => v
                .dyn_into::<Function>()
                .map_err(|_| {
                    errors.push(FieldError::new("/onDrift", codes::INVALID_TYPE, "`onDrift` must be a function."));
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
        let mut client = Client::new(config, FetchTransport::new(credentials)).with_retry(retry);
        if let Some(t) = timeout_ms {
            client = client.with_timeout_ms(t);
        }
        let report_drift = on_drift.is_some();
        if let Some(f) = on_drift {
            // Core's drift, once per (endpoint, pointer, kind) per client; a throwing callback changes nothing.
            client.add_observer(move |event| {
                if let ClientEvent::Drift(d) = event {
                    let _ = f.call1(&JsValue::UNDEFINED, &crate::convert::drift_to_js(d));
                }
            });
        }
        Ok(HostupClient { inner: Rc::new(client), report_drift })
    }

    /// `GET /api/v2/vps`: `{ data: Vps[] }`.
    #[wasm_bindgen(js_name = listVps, unchecked_return_type = "Promise<VpsList>")]
    pub fn list_vps(&self) -> Promise {
        self.run(Ok(core::ListVps))
    }

    /// `GET /api/v2/vps/{id}`.
    #[wasm_bindgen(js_name = getVps, unchecked_return_type = "Promise<Vps>")]
    pub fn get_vps(
        &self,
        #[wasm_bindgen(js_name = vpsId, unchecked_param_type = "string")] vps_id: JsValue,
    ) -> Promise {
        self.run(with_id(&vps_id, core::GetVps::new))
    }

    /// `GET /api/v2/vps/{id}/status`.
    #[wasm_bindgen(js_name = getVpsStatus, unchecked_return_type = "Promise<VpsStatus>")]
    pub fn get_vps_status(
        &self,
        #[wasm_bindgen(js_name = vpsId, unchecked_param_type = "string")] vps_id: JsValue,
    ) -> Promise {
        self.run(with_id(&vps_id, core::GetVpsStatus::new))
    }

    /// `GET /api/v2/vps/{id}/backups`: `{ backups, quotaInfo, actions }`.
    #[wasm_bindgen(js_name = listBackups, unchecked_return_type = "Promise<BackupList>")]
    pub fn list_backups(
        &self,
        #[wasm_bindgen(js_name = vpsId, unchecked_param_type = "string")] vps_id: JsValue,
    ) -> Promise {
        self.run(with_id(&vps_id, core::ListBackups::new))
    }

    /// `POST /api/v2/vps/{id}/backups` with an optional `{ note }`. Retried only on 429.
    #[wasm_bindgen(js_name = createBackup, unchecked_return_type = "Promise<Operation>")]
    pub fn create_backup(
        &self,
        #[wasm_bindgen(js_name = vpsId, unchecked_param_type = "string")] vps_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CreateBackupOptions")] options: Option<JsValue>,
    ) -> Promise {
        self.run_erased(with_body(&vps_id, &options.unwrap_or(JsValue::UNDEFINED), &|id, v| {
            erase(core::CreateBackup::from_json(id, v))
        }))
    }

    /// `POST …/backups/{backupId}/actions/restore`. Destructive: `{ confirm }` must equal `backupId`. Never retried.
    #[wasm_bindgen(js_name = restoreBackup, unchecked_return_type = "Promise<Operation>")]
    pub fn restore_backup(
        &self,
        #[wasm_bindgen(js_name = vpsId, unchecked_param_type = "string")] vps_id: JsValue,
        #[wasm_bindgen(js_name = backupId, unchecked_param_type = "string")] backup_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RestoreOptions")] options: JsValue,
    ) -> Promise {
        let confirm = confirm_arg(&options);
        let endpoint =
            with_two_ids(&vps_id, &backup_id, "/backupId", &|a, b| erase(core::RestoreBackup::new(a, b, &confirm)));
        self.run_erased(endpoint)
    }

    /// `DELETE …/backups/{backupId}`: an operation, or `null` when the server answers 204.
    #[wasm_bindgen(js_name = deleteBackup, unchecked_return_type = "Promise<Operation | null>")]
    pub fn delete_backup(
        &self,
        #[wasm_bindgen(js_name = vpsId, unchecked_param_type = "string")] vps_id: JsValue,
        #[wasm_bindgen(js_name = backupId, unchecked_param_type = "string")] backup_id: JsValue,
    ) -> Promise {
        self.run_erased(with_two_ids(&vps_id, &backup_id, "/backupId", &|a, b| erase(core::DeleteBackup::new(a, b))))
    }

    /// `GET /api/v2/vps/{id}/snapshots`.
    #[wasm_bindgen(js_name = listSnapshots, unchecked_return_type = "Promise<SnapshotList>")]
    pub fn list_snapshots(
        &self,
        #[wasm_bindgen(js_name = vpsId, unchecked_param_type = "string")] vps_id: JsValue,
    ) -> Promise {
        self.run(with_id(&vps_id, core::ListSnapshots::new))
    }

    /// `POST /api/v2/vps/{id}/snapshots` with `{ name, description? }`. Retried only on 429.
    #[wasm_bindgen(js_name = createSnapshot, unchecked_return_type = "Promise<Operation>")]
    pub fn create_snapshot(
        &self,
        #[wasm_bindgen(js_name = vpsId, unchecked_param_type = "string")] vps_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CreateSnapshotInput")] input: JsValue,
    ) -> Promise {
        self.run_erased(with_body(&vps_id, &input, &|id, v| erase(core::CreateSnapshot::from_json(id, v))))
    }

    /// `POST …/snapshots/{name}/actions/restore`. Destructive: the current disk is replaced. `{ confirm }` must equal
    /// `name`, or nothing is sent. Never retried automatically.
    #[wasm_bindgen(js_name = restoreSnapshot, unchecked_return_type = "Promise<Operation>")]
    pub fn restore_snapshot(
        &self,
        #[wasm_bindgen(js_name = vpsId, unchecked_param_type = "string")] vps_id: JsValue,
        #[wasm_bindgen(js_name = name, unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RestoreOptions")] options: JsValue,
    ) -> Promise {
        let confirm = confirm_arg(&options);
        let endpoint =
            with_two_ids(&vps_id, &name, "/snapshotId", &|a, b| erase(core::RestoreSnapshot::new(a, b, &confirm)));
        self.run_erased(endpoint)
    }

    /// `DELETE …/snapshots/{name}`: an operation, or `null` when the server answers 204.
    #[wasm_bindgen(js_name = deleteSnapshot, unchecked_return_type = "Promise<Operation | null>")]
    pub fn delete_snapshot(
        &self,
        #[wasm_bindgen(js_name = vpsId, unchecked_param_type = "string")] vps_id: JsValue,
        #[wasm_bindgen(js_name = name, unchecked_param_type = "string")] name: JsValue,
    ) -> Promise {
        self.run_erased(with_two_ids(&vps_id, &name, "/snapshotId", &|a, b| erase(core::DeleteSnapshot::new(a, b))))
    }

    /// `GET /api/v2/vps/{id}/backup-schedules`.
    #[wasm_bindgen(js_name = listBackupSchedules, unchecked_return_type = "Promise<ScheduleList>")]
    pub fn list_backup_schedules(
        &self,
        #[wasm_bindgen(js_name = vpsId, unchecked_param_type = "string")] vps_id: JsValue,
    ) -> Promise {
        self.run(with_id(&vps_id, core::ListBackupSchedules::new))
    }

    /// `POST /api/v2/vps/{id}/backup-schedules` (create or replace). Validated first: every broken field at once.
    #[wasm_bindgen(js_name = setBackupSchedule, unchecked_return_type = "Promise<Schedule>")]
    pub fn set_backup_schedule(
        &self,
        #[wasm_bindgen(js_name = vpsId, unchecked_param_type = "string")] vps_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "BackupScheduleInput")] input: JsValue,
    ) -> Promise {
        self.run_erased(with_body(&vps_id, &input, &|id, v| erase(core::SetBackupSchedule::from_json(id, v))))
    }

    /// `PATCH /api/v2/vps/{id}/backup-schedules` with a partial schedule (inferred shape; see docs/inferred.md).
    #[wasm_bindgen(js_name = updateBackupSchedules, unchecked_return_type = "Promise<Schedule>")]
    pub fn update_backup_schedules(
        &self,
        #[wasm_bindgen(js_name = vpsId, unchecked_param_type = "string")] vps_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "BackupSchedulePatch")] patch: JsValue,
    ) -> Promise {
        self.run_erased(with_body(&vps_id, &patch, &|id, v| erase(core::UpdateBackupSchedules::from_json(id, v))))
    }

    /// `DELETE /api/v2/vps/{id}/backup-schedules/{scheduleId}`.
    #[wasm_bindgen(js_name = deleteBackupSchedule, unchecked_return_type = "Promise<void>")]
    pub fn delete_backup_schedule(
        &self,
        #[wasm_bindgen(js_name = vpsId, unchecked_param_type = "string")] vps_id: JsValue,
        #[wasm_bindgen(js_name = scheduleId, unchecked_param_type = "string")] schedule_id: JsValue,
    ) -> Promise {
        self.run_erased(with_two_ids(&vps_id, &schedule_id, "/scheduleId", &|a, b| {
            erase(core::DeleteBackupSchedule::new(a, b))
        }))
    }

    /// `GET /api/jobs/{jobId}` by job id or poll URL.
    #[wasm_bindgen(js_name = getJob, unchecked_return_type = "Promise<Job>")]
    pub fn get_job(
        &self,
        #[wasm_bindgen(js_name = jobIdOrPollUrl, unchecked_param_type = "string")] job_id_or_poll_url: JsValue,
    ) -> Promise {
        let config = self.inner.config();
        let endpoint =
            string_arg(&job_id_or_poll_url, "/jobId").map_err(one).and_then(|s| core::GetJob::new(&s, config));
        self.run(endpoint)
    }

    /// Waits for a job: give it the operation a call returned, a job id, or a poll URL (so a restarted script or a
    /// reloaded page can resume). Resolves with the final job on `completed`; rejects with `HostupJobFailedError` on
    /// `failed`, `HostupTimeoutError` when `timeoutMs` (default 1 h) passes, an `AbortError` when `signal` aborts.
    /// `onProgress(job)` is called on every status change.
    #[wasm_bindgen(js_name = waitForJob, unchecked_return_type = "Promise<Job>")]
    pub fn wait_for_job(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Operation | OperationEnvelope | string")] target: JsValue,
        #[wasm_bindgen(unchecked_param_type = "WaitForJobOptions")] options: Option<JsValue>,
    ) -> Promise {
        let client = self.inner.clone();
        let report = self.report_drift;
        let parsed = parse_wait_args(&target, &options.unwrap_or(JsValue::UNDEFINED));
        future_to_promise(async move {
            let (target, timeout_ms, signal, on_progress) = parsed.map_err(|e| validation(&e))?;
            if let Some(signal) = &signal {
                if signal.aborted() {
                    return Err(abort_error(signal.reason()));
                }
            }
            let progress = |job: &Job| {
                if let Some(f) = &on_progress {
                    // A throwing callback must not break the wait.
                    let _ = f.call1(&JsValue::UNDEFINED, &job_to_js(job));
                }
            };
            let options = WaitOptions { timeout_ms: Some(timeout_ms), profile: None, on_progress: Some(&progress) };
            let wait = Box::pin(client.wait_for_job_via(target, options, move |g| crate::json::JsJob(g, report)));
            let result = match &signal {
                None => wait.await,
                Some(signal) => {
                    let aborted = Box::pin(JsFuture::from(abort_promise(signal)));
                    match select(wait, aborted).await {
                        Either::Left((result, _)) => result,
                        Either::Right(_) => return Err(abort_error(signal.reason())),
                    }
                }
            };
            result.map(|job| job_to_js(&job)).map_err(|e| to_js_error(&e, client.transport().unix_ms()))
        })
    }
}

impl HostupClient {
    /// Runs a validated endpoint, or rejects at once with the validation error.
    fn run<E: Endpoint + 'static>(&self, endpoint: Result<E, ValidationErrors>) -> Promise {
        self.run_erased(erase(endpoint))
    }

    /// The one async body every method shares (one state machine in the wasm, not one per method).
    #[inline(never)]
    fn run_erased(&self, endpoint: Result<Erased, ValidationErrors>) -> Promise {
        let client = self.inner.clone();
        let report = self.report_drift;
        future_to_promise(async move {
            let mut endpoint = endpoint.map_err(|e| validation(e.errors()))?;
            endpoint.1 = report;
            match client.call(&endpoint).await {
                Ok(value) => Ok(value.0),
                Err(e) => Err(to_js_error(&e, client.transport().unix_ms())),
            }
        })
    }
}

/// An endpoint seen without its Rust output type: the npm package reads every response with `JSON.parse` and core's
/// shape tables ([`crate::json`]), so one execution loop serves every method and no per-type parser is linked.
trait JsonEndpoint {
    fn request(&self, config: &Config) -> hostup_core::Request;
    fn wire(&self) -> Wire;
    fn name(&self) -> &'static str;
}

impl<E: Endpoint> JsonEndpoint for E {
    fn request(&self, config: &Config) -> hostup_core::Request {
        Endpoint::request(self, config)
    }
    fn wire(&self) -> Wire {
        E::WIRE
    }
    fn name(&self) -> &'static str {
        E::NAME
    }
}

/// A built endpoint, and whether its responses are checked for drift (the client has `onDrift`).
struct Erased(Box<dyn JsonEndpoint>, bool);

/// Boxes a built endpoint behind [`JsonEndpoint`], so the argument helpers and the run loop exist once.
fn erase<E: Endpoint + 'static>(endpoint: Result<E, ValidationErrors>) -> Result<Erased, ValidationErrors> {
    endpoint.map(|e| Erased(Box::new(e), false))
}

impl Endpoint for Erased {
    type Output = crate::json::JsOutput;
    /// Unused: the erased endpoint's own name and wire are used.
    const NAME: &'static str = "";
    /// Unused: the wire is the erased endpoint's, read in [`Endpoint::parse`].
    const WIRE: Wire = Wire::Empty;
    fn request(&self, config: &Config) -> hostup_core::Request {
        self.0.request(config)
    }
    fn parse(&self, response: &hostup_core::Response) -> Result<crate::json::JsOutput, core::Error> {
        crate::json::read_response(response, self.0.wire()).map(crate::json::JsOutput)
    }
    fn parse_reporting(
        &self,
        response: &hostup_core::Response,
    ) -> Result<(crate::json::JsOutput, Vec<core::Drift>), core::Error> {
        if !self.1 {
            return self.parse(response).map(|out| (out, Vec::new()));
        }
        crate::json::read_response_reporting(response, self.0.wire(), self.0.name())
            .map(|(out, drift)| (crate::json::JsOutput(out), drift))
    }
}

fn one(e: FieldError) -> ValidationErrors {
    ValidationErrors(vec![e])
}

/// Reads a VPS id argument and builds the endpoint.
fn with_id<E>(
    vps_id: &JsValue,
    build: impl FnOnce(&str) -> Result<E, ValidationErrors>,
) -> Result<E, ValidationErrors> {
    build(&string_arg(vps_id, "/vpsId").map_err(one)?)
}

/// Reads a VPS id and a body; when the id is not a string, the body is still checked so every error is reported.
fn with_body(
    vps_id: &JsValue,
    body: &JsValue,
    build: &dyn Fn(&str, &serde_json::Value) -> Result<Erased, ValidationErrors>,
) -> Result<Erased, ValidationErrors> {
    let mut errors = Vec::new();
    let id = string_arg(vps_id, "/vpsId").map_err(|e| errors.push(e)).ok();
    let body = from_js(body, "").map_err(|e| errors.push(e)).ok();
    let built = build(id.as_deref().unwrap_or(PLACEHOLDER_ID), body.as_ref().unwrap_or(&serde_json::Value::Null));
    match built {
        Ok(e) if errors.is_empty() => Ok(e),
        Ok(_) => Err(ValidationErrors(errors)),
        Err(more) => {
            errors.extend(more.0.into_iter().filter(|e| !(id.is_none() && e.pointer == "/vpsId")));
            Err(ValidationErrors(errors))
        }
    }
}

/// Reads two id arguments, reporting both when both are wrong.
fn with_two_ids(
    vps_id: &JsValue,
    other: &JsValue,
    pointer: &str,
    build: &dyn Fn(&str, &str) -> Result<Erased, ValidationErrors>,
) -> Result<Erased, ValidationErrors> {
    let mut errors = Vec::new();
    let a = string_arg(vps_id, "/vpsId").map_err(|e| errors.push(e)).ok();
    let b = string_arg(other, pointer).map_err(|e| errors.push(e)).ok();
    match build(a.as_deref().unwrap_or(PLACEHOLDER_ID), b.as_deref().unwrap_or(PLACEHOLDER_ID)) {
        Ok(e) if errors.is_empty() => Ok(e),
        Ok(_) => Err(ValidationErrors(errors)),
        Err(more) => {
            errors.extend(more.0);
            Err(ValidationErrors(errors))
        }
    }
}

/// `options.confirm` as text for core's confirmation rule (a non-string is no confirmation: the empty string).
fn confirm_arg(options: &JsValue) -> String {
    let confirm = if options.is_object() {
        Reflect::get(options, &JsValue::from_str("confirm")).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    };
    confirm.as_string().unwrap_or_default()
}

type WaitArgs = (JobTarget, u64, Option<web_sys::AbortSignal>, Option<Function>);

/// Reads `waitForJob`'s arguments, reporting every bad one.
fn parse_wait_args(target: &JsValue, options: &JsValue) -> Result<WaitArgs, Vec<FieldError>> {
    let mut errors = Vec::new();
    let target = if let Some(s) = target.as_string() {
        Some(JobTarget::Id(s))
    } else if target.is_object() {
        let inner = Reflect::get(target, &JsValue::from_str("operation")).ok().filter(JsValue::is_object);
        let op = inner.unwrap_or_else(|| target.clone());
        match crate::json::operation(&op) {
            Some(op) => Some(JobTarget::Operation(op)),
            None => match Reflect::get(&op, &JsValue::from_str("jobId")).ok().and_then(|v| v.as_string()) {
                Some(id) => Some(JobTarget::Id(id)),
                None => {
                    errors.push(FieldError::new("/jobId", codes::MISSING_REQUIRED, "The operation has no `jobId`."));
                    None
                }
            },
        }
    } else {
        errors.push(FieldError::new(
            "/jobId",
            codes::INVALID_TYPE,
            "Pass an operation, a job id or a poll URL to waitForJob.",
        ));
        None
    };
    let get = |name: &str| {
        if options.is_object() {
            Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        }
    };
    if !(options.is_undefined() || options.is_null() || options.is_object()) {
        errors.push(FieldError::new("", codes::INVALID_TYPE, "The options must be an object."));
    }
    let limit = limits::WAIT_TIMEOUT_MS;
    let timeout_ms = limit.read(given(&get("timeoutMs")), &mut errors).unwrap_or(limit.default);
    let signal = match get("signal") {
        v if v.is_undefined() || v.is_null() => None,
        v => match v.dyn_into::<web_sys::AbortSignal>() {
            Ok(s) => Some(s),
            Err(_) => {
                errors.push(FieldError::new("/signal", codes::INVALID_TYPE, "`signal` must be an AbortSignal."));
                None
            }
        },
    };
    let on_progress = match get("onProgress") {
        v if v.is_undefined() || v.is_null() => None,
        v => match v.dyn_into::<Function>() {
            Ok(f) => Some(f),
            Err(_) => {
                errors.push(FieldError::new("/onProgress", codes::INVALID_TYPE, "`onProgress` must be a function."));
                None
            }
        },
    };
    match target {
        Some(t) if errors.is_empty() => Ok((t, timeout_ms, signal, on_progress)),
        _ => Err(errors),
    }
}

/// A JS option value as core's option reader sees it.
fn given(v: &JsValue) -> limits::Given {
    if v.is_undefined() || v.is_null() {
        limits::Given::Absent
    } else {
        v.as_f64().map_or(limits::Given::Other, limits::Given::Number)
    }
}

/// A promise that resolves when `signal` aborts.
fn abort_promise(signal: &web_sys::AbortSignal) -> Promise {
    let signal = signal.clone();
    Promise::new(&mut move |resolve, _reject| {
        let _ = signal.add_event_listener_with_callback("abort", &resolve);
    })
}
