//! The documented response shapes (API.md §1–5, seeds/000–004). Field names are the wire's camelCase names.
//!
//! Required fields that are never null are required when parsing; a required *nullable* field that is missing is read
//! as `null` (the contract's intent is "no value", and a crash over it would help nobody).

use crate::wire::{string_enum, wire_struct};

string_enum! {
    /// The status of an operation or job (API.md "The operation envelope").
    OperationStatus {
        /// Accepted, not yet queued.
        Pending = "pending",
        /// Waiting for a worker.
        Queued = "queued",
        /// Running.
        InProgress = "in_progress",
        /// Finished successfully.
        Completed = "completed",
        /// Finished with an error.
        Failed = "failed",
    }
}

impl OperationStatus {
    /// `completed` or `failed`.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Completed | Self::Failed)
    }
}

string_enum! {
    /// A schedule's run status (seeds/002). The reference lists the empty string as a value: it maps to `Empty`.
    ScheduleStatus {
        /// The last run completed.
        Completed = "completed",
        /// A run is in progress.
        Running = "running",
        /// A run is queued.
        Queued = "queued",
        /// The last run failed.
        Failed = "failed",
        /// The last run was cancelled.
        Cancelled = "cancelled",
        /// The provider does not know.
        UnknownStatus = "unknown",
        /// The empty string the reference lists.
        Empty = "",
    }
}

string_enum! {
    /// How often a backup schedule runs (seeds/002).
    Frequency {
        /// Every day at `hour`.
        Daily = "daily",
        /// Every week on `dayOfWeek` at `hour`.
        Weekly = "weekly",
        /// Every month on `dayOfMonth` at `hour`.
        Monthly = "monthly",
    }
}

wire_struct! {
    /// The operation a queued action returns (API.md "The operation envelope").
    #[derive()]
    pub struct Operation {
        /// Where the job is.
        pub status: OperationStatus = "status",
        /// The job id (`job_…`).
        pub job_id: String = "jobId",
        /// Origin-relative poll URL (`/api/jobs/job_…`).
        pub poll_url: String = "pollUrl",
        /// The action's result (`{"name": …}`, `{"snapshotName": …}`), `null` or absent.
        pub result: Option<serde_json::Map<String, serde_json::Value>> = "result",
    }
}

wire_struct! {
    /// `{"operation": {...}}`, the 202 body of every queued action.
    #[derive()]
    pub struct OperationEnvelope {
        /// The queued operation.
        pub operation: Operation = "operation",
    }
}

wire_struct! {
    /// An action gate: the server's answer to "may I do this now?" (API.md §4). Show `reason`; do not guess.
    #[derive(Eq)]
    pub struct Gate {
        /// Whether the action is allowed now.
        pub allowed: bool = "allowed",
        /// Why not, for a human (`null` when allowed).
        pub reason: Option<String> = "reason",
        /// Why not, for a program (`pending_order`, …). Optional on the wire; `null` when absent.
        pub code: Option<String> = "code",
    }
}

wire_struct! {
    /// One backup (seeds/003).
    #[derive()]
    pub struct Backup {
        /// `bkp_…`, the `{backupId}` for restore or delete.
        pub id: String = "id",
        /// A human label (`2026-04-27T10:00:00.000Z (vzdump-qemu-101.vma.zst)`).
        pub display_id: String = "displayId",
        /// The storage object's key.
        pub storage_key: String = "storageKey",
        /// Creation time (RFC 3339) or null.
        pub created_at: Option<String> = "createdAt",
        /// Size in GB.
        pub size_gb: f64 = "sizeGb",
        /// `manual`, `scheduled`, … (free text on the wire).
        pub backup_type: String = "backupType",
        /// The user's note, or null. User text: render it as text.
        pub note: Option<String> = "note",
    }
}

wire_struct! {
    /// Backup quota (seeds/003).
    #[derive(Eq)]
    pub struct QuotaInfo {
        /// Backups counted against the quota.
        pub used: u64 = "used",
        /// The limit, or null for no limit.
        pub limit: Option<u64> = "limit",
        /// What is left, or null for no limit.
        pub remaining: Option<u64> = "remaining",
    }
}

wire_struct! {
    /// The gates of the backups list (seeds/003).
    #[derive(Eq)]
    pub struct BackupActions {
        /// May a backup be created now?
        pub can_create_backup: Gate = "canCreateBackup",
        /// May a backup be restored now?
        pub can_restore: Gate = "canRestore",
    }
}

wire_struct! {
    /// `GET /api/v2/vps/{id}/backups` (seeds/003).
    #[derive()]
    pub struct BackupList {
        /// The backups.
        pub backups: Vec<Backup> = "backups",
        /// The quota.
        pub quota_info: QuotaInfo = "quotaInfo",
        /// The gates.
        pub actions: BackupActions = "actions",
    }
}

wire_struct! {
    /// A saved backup schedule: the 201 body of seeds/002 (also the items of the inferred list).
    #[derive()]
    pub struct Schedule {
        /// `bks_…`, the `{scheduleId}`.
        pub id: String = "id",
        /// The schedule's name. User text.
        pub name: String = "name",
        /// How often it runs.
        pub frequency: Frequency = "frequency",
        /// `HH:MM` (UTC) or null.
        pub time: Option<String> = "time",
        /// `null` (daily), a weekday (weekly) or a day of the month (monthly), as the provider words it.
        pub day_specifier: Option<String> = "daySpecifier",
        /// How many backups the schedule keeps.
        pub retention_count: u64 = "retentionCount",
        /// Whether it runs.
        pub enabled: bool = "enabled",
        /// Last run (RFC 3339) or null.
        pub last_run: Option<String> = "lastRun",
        /// Next run (RFC 3339, UTC) or null.
        pub next_run: Option<String> = "nextRun",
        /// Last run's status, or null.
        pub status: Option<ScheduleStatus> = "status",
    }
}
