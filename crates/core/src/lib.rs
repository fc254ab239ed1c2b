#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod audit;
pub mod drift;
mod endpoints;
mod error;
mod headers;
mod http;
pub mod inferred;
mod input;
#[cfg(not(target_arch = "wasm32"))]
pub mod js_tables;
mod json_text;
pub mod limits;
mod poll;
mod problem;
mod ratelimit;
mod response;
mod retry;
pub mod shape;
pub mod text;
mod types;
#[cfg(not(target_arch = "wasm32"))]
pub mod typescript;
mod validate;
pub mod wire;

pub use drift::{Drift, DriftKind, DriftLog};
pub use endpoints::{
    CreateBackup, CreateSnapshot, DeleteBackup, DeleteBackupSchedule, DeleteSnapshot, Endpoint, GetJob, GetVps,
    GetVpsStatus, ListBackupSchedules, ListBackups, ListSnapshots, ListVps, RestoreBackup, RestoreSnapshot,
    SetBackupSchedule, UpdateBackupSchedules,
};
pub use error::Error;
pub use headers::{retry_after, RateLimitInfo, RetryAfter};
pub use http::{ApiKey, Config, Method, Request, RequestKind, Response, DEFAULT_BASE_URL};
pub use inferred::{
    Job, JobKind, ScheduleActions, ScheduleLimits, ScheduleList, Snapshot, SnapshotActions, SnapshotLimits,
    SnapshotList, Vps, VpsList, VpsStatus,
};
pub use input::{BackupInput, BackupSchedule, Cadence, Description, SchedulePatch, SnapshotInput};
pub use poll::{JobPoller, PollBoard, PollDecision, PollProfile};
pub use problem::{redact_bearer, safe_snippet, ApiError, Problem};
pub use ratelimit::RateLimiter;
pub use response::{api_error, api_error_with, check, check_with, is_success, syntax_error, MAX_BODY_BYTES};
pub use retry::{Outcome, RetryDecision, RetryPolicy};
pub use types::{
    Backup, BackupActions, BackupList, Frequency, Gate, Operation, OperationEnvelope, OperationStatus, QuotaInfo,
    Schedule, ScheduleStatus,
};
pub use validate::{
    codes, validate_snapshot_name, Arg, FieldError, ResourceId, SnapshotName, ValidationErrors, SNAPSHOT_NAME_MAX,
};

/// Validates a backup schedule given as loose JSON: `[]` when valid, else every broken field.
pub fn validate_backup_schedule(input: &serde_json::Value) -> Vec<FieldError> {
    BackupSchedule::from_json(input).err().map(|e| e.0).unwrap_or_default()
}
