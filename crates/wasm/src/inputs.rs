//! The JS input shapes, declared in Rust so the `.d.ts` is generated from them. Calls read inputs as loose JSON and
//! validate them in core (to report every broken field), so these structs exist for their TypeScript declarations.
#![allow(dead_code)]

use serde::Deserialize;
use tsify::Tsify;

/// Options of `new HostupClient(options)`.
#[derive(Tsify, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HostupClientOptions {
    /// The API key (`Authorization: Bearer …`). Leave it out inside a dashboard that authenticates with a cookie.
    #[tsify(optional)]
    api_key: Option<String>,
    /// Defaults to `https://cloud.hostup.se`; `""` means the page's own origin.
    #[tsify(optional)]
    base_url: Option<String>,
    /// `"include"` sends cookies (a `hostup_session` dashboard session); `true` is the same.
    #[tsify(optional, type = "\"include\" | \"same-origin\" | \"omit\" | boolean")]
    credentials: Option<String>,
    /// Retries of idempotent requests (0–10, default 3). Creates are retried only on 429; restores never.
    #[tsify(optional)]
    max_retries: Option<u32>,
    /// Per-request timeout in ms (default 30000).
    #[tsify(optional)]
    timeout_ms: Option<u32>,
    /// Called when a response carries a field or an enum value this version does not know (the API moved on):
    /// once per (endpoint, JSON pointer, kind) per client. Without it, responses are not checked for drift.
    #[tsify(optional, type = "(drift: Drift) => void")]
    on_drift: Option<()>,
}

/// Options of `createBackup`.
#[derive(Tsify, Deserialize)]
pub struct CreateBackupOptions {
    /// A note shown with the backup.
    #[tsify(optional, type = "string | null")]
    note: Option<String>,
}

/// Input of `createSnapshot`.
#[derive(Tsify, Deserialize)]
pub struct CreateSnapshotInput {
    /// 1–40 characters of `A–Z a–z 0–9 _ -`; later the snapshot's id.
    name: String,
    /// Optional; `null` is sent as `null`.
    #[tsify(optional, type = "string | null")]
    description: Option<String>,
}

/// Options of `restoreSnapshot`: `confirm` must equal the snapshot name, or nothing is sent.
#[derive(Tsify, Deserialize)]
pub struct RestoreOptions {
    /// The snapshot name again, as a deliberate confirmation of a destructive action.
    confirm: String,
}

/// Input of `setBackupSchedule` (create or replace).
#[derive(Tsify, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupScheduleInput {
    /// How often.
    #[tsify(type = "\"daily\" | \"weekly\" | \"monthly\"")]
    frequency: String,
    /// 0–23 (UTC).
    hour: u8,
    /// 0–6, 0 = Sunday; required for weekly, forbidden otherwise.
    #[tsify(optional)]
    day_of_week: Option<u8>,
    /// 1–31; required for monthly, forbidden otherwise.
    #[tsify(optional)]
    day_of_month: Option<u8>,
    /// ≥ 1.
    retention_count: u32,
    /// Whether it runs.
    enabled: bool,
    /// Optional name.
    #[tsify(optional)]
    name: Option<String>,
}

/// Input of `updateBackupSchedules` (inferred PATCH): any schedule fields, plus the schedule's `id`.
#[derive(Tsify, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupSchedulePatch {
    /// The schedule to update (may be left out when the VPS has one).
    #[tsify(optional)]
    id: Option<String>,
    /// How often.
    #[tsify(optional, type = "\"daily\" | \"weekly\" | \"monthly\"")]
    frequency: Option<String>,
    /// 0–23.
    #[tsify(optional)]
    hour: Option<u8>,
    /// 0–6, or `null` to remove.
    #[tsify(optional, type = "number | null")]
    day_of_week: Option<u8>,
    /// 1–31, or `null` to remove.
    #[tsify(optional, type = "number | null")]
    day_of_month: Option<u8>,
    /// ≥ 1.
    #[tsify(optional)]
    retention_count: Option<u32>,
    /// Whether it runs.
    #[tsify(optional)]
    enabled: Option<bool>,
    /// Name.
    #[tsify(optional)]
    name: Option<String>,
}

/// Options of `waitForJob`.
#[derive(Tsify, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WaitForJobOptions {
    /// Abort the wait (rejects with an `AbortError`; the job itself goes on).
    #[tsify(optional, type = "AbortSignal")]
    signal: Option<String>,
    /// Give up after this many ms (rejects with `HostupTimeoutError`; the job goes on). Default 1 hour.
    #[tsify(optional)]
    timeout_ms: Option<u32>,
    /// Called with the job on every status change.
    #[tsify(optional, type = "(job: Job) => void")]
    on_progress: Option<String>,
}
