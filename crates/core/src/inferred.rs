//! **Inferred shapes.** Everything here is a guess about endpoints and headers that API.md only *references*; it is
//! kept in this one module so it is easy to correct when the provider documents them. The same guesses, in prose, are in
//! `docs/inferred.md`. Parsing is tolerant: unknown fields are kept (in [`Vps::extra`]) or ignored and reported as drift, unknown enum values become
//! an explicit unknown variant, optional fields may be missing.

use crate::types::{Gate, OperationStatus};
use crate::wire::{string_enum, wire_struct};
use crate::Problem;

wire_struct! {
    /// A VPS of the caller (`GET /api/v2/vps` `data[]`, `GET /api/v2/vps/{id}` `data`). Inferred: only `id` is required.
    #[derive()]
    pub struct Vps {
        /// `vps_…`: the `{id}` of every VPS path.
        pub id: String = "id",
        /// Display name. User text.
        pub name: Option<String> = "name",
        /// Host name.
        pub hostname: Option<String> = "hostname",
        /// Service status (`running`, `stopped`, …).
        pub status: Option<String> = "status",
        /// Region.
        pub region: Option<String> = "region",
        /// Creation time.
        pub created_at: Option<String> = "createdAt",
        ..pub extra
    }
}

wire_struct! {
    /// `GET /api/v2/vps` (inferred: `{ "data": [Vps] }`).
    #[derive()]
    pub struct VpsList {
        /// The caller's VPS.
        pub data: Vec<Vps> = "data",
    }
}

wire_struct! {
    /// `GET /api/v2/vps/{id}/status` (inferred: `{ "data": { id?, status, powerState? } }`, bare accepted).
    #[derive()]
    pub struct VpsStatus {
        /// The VPS id, when sent.
        pub id: Option<String> = "id",
        /// Live status (`running`, …).
        pub status: Option<String> = "status",
        /// Power state, when sent.
        pub power_state: Option<String> = "powerState",
    }
}

wire_struct! {
    /// One snapshot (inferred from API.md §2 and the list's `data[].name`).
    #[derive()]
    pub struct Snapshot {
        /// The name: the `{snapshotId}` of restore and delete.
        pub name: String = "name",
        /// The description, or null. User text.
        pub description: Option<String> = "description",
        /// Creation time.
        pub created_at: Option<String> = "createdAt",
        /// When the snapshot is dropped (about 24 h after creation).
        pub expires_at: Option<String> = "expiresAt",
        /// Size in GB, when known.
        pub size_gb: Option<f64> = "sizeGb",
    }
}

wire_struct! {
    /// Snapshot slot limits (inferred: `limits.totalSnapshots` is named by the docs; `usedSnapshots` is a guess).
    #[derive(Eq, Default)]
    pub struct SnapshotLimits {
        /// Slots in total.
        pub total_snapshots: Option<u64> = "totalSnapshots",
        /// Slots in use, when sent (otherwise count `data`).
        pub used_snapshots: Option<u64> = "usedSnapshots",
    }
}

wire_struct! {
    /// The snapshot gates (API.md names `actions.canCreate` and `actions.canRestore`).
    #[derive(Eq)]
    pub struct SnapshotActions {
        /// May a snapshot be created now?
        pub can_create: Gate = "canCreate",
        /// May a snapshot be restored now?
        pub can_restore: Gate = "canRestore",
    }
}

wire_struct! {
    /// `GET /api/v2/vps/{id}/snapshots`.
    #[derive()]
    pub struct SnapshotList {
        /// The snapshots.
        pub data: Vec<Snapshot> = "data",
        /// Whether snapshots are available for this VPS.
        pub available: bool = "available" default True,
        /// Slot limits.
        pub limits: SnapshotLimits = "limits" default Empty,
        /// The gates.
        pub actions: SnapshotActions = "actions",
    }
}

wire_struct! {
    /// Schedule limits (inferred: `maxSchedules`).
    #[derive(Eq, Default)]
    pub struct ScheduleLimits {
        /// How many schedules a VPS may have, or null.
        pub max_schedules: Option<u64> = "maxSchedules",
    }
}

wire_struct! {
    /// The schedule gates (API.md names `actions.canCreate`).
    #[derive(Eq)]
    pub struct ScheduleActions {
        /// May a schedule be created now?
        pub can_create: Gate = "canCreate",
    }
}

wire_struct! {
    /// `GET /api/v2/vps/{id}/backup-schedules`.
    #[derive()]
    pub struct ScheduleList {
        /// The schedules.
        pub data: Vec<crate::Schedule> = "data",
        /// Limits.
        pub limits: ScheduleLimits = "limits" default Empty,
        /// The gates.
        pub actions: ScheduleActions = "actions",
    }
}

string_enum! {
    /// What a job does (inferred).
    JobKind {
        /// Create a backup.
        Backup = "backup",
        /// Create a snapshot.
        Snapshot = "snapshot",
        /// Restore a snapshot.
        SnapshotRestore = "snapshot_restore",
        /// Restore a backup.
        BackupRestore = "backup_restore",
        /// Delete a snapshot.
        SnapshotDelete = "snapshot_delete",
        /// Delete a backup.
        BackupDelete = "backup_delete",
    }
}

wire_struct! {
    /// `GET /api/jobs/{jobId}`: the operation object (API.md: "assume it answers the same operation object, and accept
    /// it bare or wrapped"), with the inferred `kind`, timestamps and `error`.
    #[derive()]
    pub struct Job {
        /// Where the job is.
        pub status: OperationStatus = "status",
        /// The job id.
        pub job_id: String = "jobId",
        /// Origin-relative poll URL.
        pub poll_url: Option<String> = "pollUrl",
        /// The result, once completed.
        pub result: Option<serde_json::Map<String, serde_json::Value>> = "result",
        /// What the job does, when sent.
        pub kind: Option<JobKind> = "kind",
        /// When the job was created.
        pub created_at: Option<String> = "createdAt",
        /// When the job last changed.
        pub updated_at: Option<String> = "updatedAt",
        /// Why it failed (a problem-details object), when it failed.
        pub error: Option<Problem> = "error",
    }
}

impl From<crate::Operation> for Job {
    fn from(op: crate::Operation) -> Self {
        Job {
            status: op.status,
            job_id: op.job_id,
            poll_url: Some(op.poll_url),
            result: op.result,
            kind: None,
            created_at: None,
            updated_at: None,
            error: None,
        }
    }
}

/// `X-RateLimit-Reset` above this is a Unix time in seconds, below it a number of seconds from now.
pub const RESET_UNIX_THRESHOLD: u64 = 1_000_000_000;

/// `X-RateLimit-Limit` counts requests per this window (inferred: per minute, a token bucket of that capacity).
pub const RATE_WINDOW_MS: u64 = 60_000;
