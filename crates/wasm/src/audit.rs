//! `auditBackups`: core's fleet audit ([`hostup_core::audit`]) for the driver. The driver reads each VPS's lists
//! with the client's own methods (so the engine paces and retries them like any call) and hands them here; core
//! decides the findings, the rows and their order. The driver keeps only the concurrency loop, progress and abort.

use crate::client::{given, member, watch_options};
use crate::convert::JsBuild;
use crate::errors::validation;
use crate::json::Js;
use hostup_core::audit::{AuditPolicy, AuditRun, Finding, VpsLists};
use hostup_core::wire::Shaped;
use hostup_core::{limits, BackupList, ScheduleList, SnapshotList};
use js_sys::{Array, Reflect};
use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

/// Options of `auditBackups`.
// Declared for its TypeScript only: `Audit::new` reads the options.
#[allow(dead_code)]
#[derive(Tsify, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditBackupsOptions {
    /// What to expect of every VPS: any subset of the policy over its defaults (26 h, 1 schedule, retention 1,
    /// 1 h snapshot warning, warn at quota). An unknown field is an error, not a silent default.
    #[tsify(optional, type = "Partial<AuditPolicy>")]
    policy: Option<String>,
    /// VPS read at a time, 1–64 (default 4). The rate limit paces the requests whatever this is.
    #[tsify(optional)]
    concurrency: Option<u32>,
    /// Called after each VPS with how far the audit has come.
    #[tsify(optional, type = "(progress: { done: number; total: number }) => void")]
    on_progress: Option<String>,
    /// Stops the audit: no request starts after it aborts, those in flight are aborted, and the promise rejects with
    /// an `AbortError`.
    #[tsify(optional, type = "AbortSignal")]
    signal: Option<String>,
}

/// One fleet audit: the policy and concurrency read from the options, then core's run as VPS are pushed.
#[wasm_bindgen]
pub struct Audit {
    policy: AuditPolicy,
    concurrency: u32,
    run: Option<AuditRun>,
}

fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

#[wasm_bindgen]
impl Audit {
    /// Reads `auditBackups`' options, every bad one at once (a `HostupValidationError`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Audit, JsValue> {
        let mut errors = Vec::new();
        // The driver keeps `signal` and `onProgress`; they are checked here with the rest.
        let _ = watch_options(&options, &mut errors);
        let policy = match member(&options, "policy") {
            v if absent(&v) => AuditPolicy::default(),
            v => AuditPolicy::from_json(&Js(v), "/policy").unwrap_or_else(|e| {
                errors.extend(e.0);
                AuditPolicy::default()
            }),
        };
        let range = limits::AUDIT_CONCURRENCY;
        let concurrency = range.read(given(&member(&options, "concurrency")), &mut errors).unwrap_or(range.default);
        if !errors.is_empty() {
            return Err(validation(&errors));
        }
        Ok(Audit { policy, concurrency: concurrency as u32, run: None })
    }

    /// VPS to read at a time.
    #[wasm_bindgen(getter)]
    pub fn concurrency(&self) -> u32 {
        self.concurrency
    }

    /// Starts the run over `size` VPS at `now` (Unix ms, when the VPS list arrived): every VPS is judged against it.
    pub fn start(&mut self, now: f64, size: u32) {
        self.run = Some(AuditRun::new(self.policy, now.max(0.0) as u64, size as usize));
    }

    /// Audits `vps` (an item of `listVps`), at `place` in the fleet's list, from the lists that were read (`undefined`: not read) and `failures`, `[method, error]` for
    /// each list that could not be read (each becomes a `vps_unreadable` finding; nothing is guessed from it).
    pub fn push(
        &mut self,
        place: u32,
        vps: JsValue,
        backups: JsValue,
        schedules: JsValue,
        snapshots: JsValue,
        failures: Array,
    ) {
        let vps_id = member(&vps, "id").as_string().unwrap_or_default();
        let name = member(&vps, "name").as_string();
        let backups = (!absent(&backups)).then(|| BackupList::read(&Js(backups)));
        let schedules = (!absent(&schedules)).then(|| ScheduleList::read(&Js(schedules)));
        let snapshots = (!absent(&snapshots)).then(|| SnapshotList::read(&Js(snapshots)));
        let lists =
            VpsLists { backups: backups.as_ref(), schedules: schedules.as_ref(), snapshots: snapshots.as_ref() };
        let unreadable = failures.iter().map(|pair| unreadable(&vps_id, &pair)).collect();
        if let Some(run) = &mut self.run {
            run.audit(place as usize, &vps_id, name.as_deref(), lists, unreadable);
        }
    }

    /// The report, rows and findings in core's order.
    pub fn finish(&mut self) -> JsValue {
        let run = self.run.take().unwrap_or_else(|| AuditRun::new(self.policy, 0, 0));
        run.finish().build::<JsBuild>()
    }
}

/// The finding for a list that could not be read: `[method, error]`, the error one of the package's (its `code`,
/// `message`, `status` and `requestId`, all already free of the key).
fn unreadable(vps_id: &str, pair: &JsValue) -> Finding {
    let method = Reflect::get_u32(pair, 0).ok().and_then(|m| m.as_string()).unwrap_or_default();
    let error = Reflect::get_u32(pair, 1).unwrap_or(JsValue::UNDEFINED);
    let text = |name: &str| member(&error, name).as_string();
    let status = member(&error, "status").as_f64().filter(|s| (100.0..=599.0).contains(s)).map(|s| s as u16);
    // Every error the client's methods reject with has a `code`; anything else is named by its class.
    let code = text("code").or_else(|| text("name")).unwrap_or_default();
    let detail = text("message").unwrap_or_default();
    Finding::unreadable(vps_id, &method, &code, &detail, status, text("requestId").as_deref())
}
