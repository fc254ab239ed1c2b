//! **Inferred shapes.** Everything here is a guess about endpoints and headers that API.md only *references*; it is
//! kept in this one module so it is easy to correct when the provider documents them. The same guesses, in prose, are in
//! `docs/inferred.md`. Parsing is tolerant: unknown fields are ignored (or kept, for [`Vps`]), unknown enum values become
//! an explicit unknown variant, optional fields may be missing.

use crate::types::{string_enum, Gate, OperationStatus};
use crate::Problem;
use serde::{Deserialize, Serialize};

/// A VPS of the caller (`GET /api/v2/vps` `data[]`, `GET /api/v2/vps/{id}` `data`). Inferred: only `id` is required.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Vps {
    /// `vps_…`: the `{id}` of every VPS path.
    pub id: String,
    /// Display name. User text.
    #[serde(default)]
    pub name: Option<String>,
    /// Host name.
    #[serde(default)]
    pub hostname: Option<String>,
    /// Service status (`running`, `stopped`, …).
    #[serde(default)]
    pub status: Option<String>,
    /// Region.
    #[serde(default)]
    pub region: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Every other field the server sent, kept as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", tsify(type = "Record<string, unknown>"))]
    pub other: serde_json::Map<String, serde_json::Value>,
}

// Deserialized by hand rather than with `#[serde(flatten)]`, which buffers every field into serde's private `Content`
// first: same answers and errors (field order, duplicates, positions), ~9 KB less wasm and no second pass.
impl<'de> Deserialize<'de> for Vps {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, MapAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Vps;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("struct Vps")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vps, A::Error> {
                let mut id: Option<String> = None;
                // name, hostname, status, region, createdAt: each `Some` once seen (its value may be null).
                let mut known: [Option<Option<String>>; 5] = Default::default();
                let mut other = serde_json::Map::new();
                while let Some(key) = map.next_key::<String>()? {
                    let slot = match key.as_str() {
                        "id" => {
                            if id.is_some() {
                                return Err(Error::duplicate_field("id"));
                            }
                            id = Some(map.next_value()?);
                            continue;
                        }
                        "name" => 0,
                        "hostname" => 1,
                        "status" => 2,
                        "region" => 3,
                        "createdAt" => 4,
                        _ => {
                            let value = map.next_value()?;
                            other.insert(key, value);
                            continue;
                        }
                    };
                    if known[slot].is_some() {
                        return Err(Error::duplicate_field(VPS_FIELDS[slot]));
                    }
                    known[slot] = Some(map.next_value()?);
                }
                let id = id.ok_or_else(|| Error::missing_field("id"))?;
                let [name, hostname, status, region, created_at] = known.map(Option::flatten);
                Ok(Vps { id, name, hostname, status, region, created_at, other })
            }
        }
        d.deserialize_map(V)
    }
}

const VPS_FIELDS: [&str; 5] = ["name", "hostname", "status", "region", "createdAt"];

/// `GET /api/v2/vps` (inferred: `{ "data": [Vps] }`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct VpsList {
    /// The caller's VPS.
    pub data: Vec<Vps>,
}

/// `GET /api/v2/vps/{id}/status` (inferred: `{ "data": { id?, status, powerState? } }`, bare accepted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct VpsStatus {
    /// The VPS id, when sent.
    #[serde(default)]
    pub id: Option<String>,
    /// Live status (`running`, …).
    #[serde(default)]
    pub status: Option<String>,
    /// Power state, when sent.
    #[serde(default)]
    pub power_state: Option<String>,
}

/// One snapshot (inferred from API.md §2 and the list's `data[].name`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// The name: the `{snapshotId}` of restore and delete.
    pub name: String,
    /// The description, or null. User text.
    #[serde(default)]
    pub description: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When the snapshot is dropped (about 24 h after creation).
    #[serde(default)]
    pub expires_at: Option<String>,
    /// Size in GB, when known.
    #[serde(default)]
    pub size_gb: Option<f64>,
}

/// Snapshot slot limits (inferred: `limits.totalSnapshots` is named by the docs; `usedSnapshots` is a guess).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct SnapshotLimits {
    /// Slots in total.
    #[serde(default)]
    pub total_snapshots: Option<u64>,
    /// Slots in use, when sent (otherwise count `data`).
    #[serde(default)]
    pub used_snapshots: Option<u64>,
}

/// The snapshot gates (API.md names `actions.canCreate` and `actions.canRestore`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct SnapshotActions {
    /// May a snapshot be created now?
    pub can_create: Gate,
    /// May a snapshot be restored now?
    pub can_restore: Gate,
}

/// `GET /api/v2/vps/{id}/snapshots`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct SnapshotList {
    /// The snapshots.
    pub data: Vec<Snapshot>,
    /// Whether snapshots are available for this VPS.
    #[serde(default = "yes")]
    pub available: bool,
    /// Slot limits.
    #[serde(default)]
    pub limits: SnapshotLimits,
    /// The gates.
    pub actions: SnapshotActions,
}

fn yes() -> bool {
    true
}

/// Schedule limits (inferred: `maxSchedules`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct ScheduleLimits {
    /// How many schedules a VPS may have, or null.
    #[serde(default)]
    pub max_schedules: Option<u64>,
}

/// The schedule gates (API.md names `actions.canCreate`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct ScheduleActions {
    /// May a schedule be created now?
    pub can_create: Gate,
}

/// `GET /api/v2/vps/{id}/backup-schedules`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ScheduleList {
    /// The schedules.
    pub data: Vec<crate::Schedule>,
    /// Limits.
    #[serde(default)]
    pub limits: ScheduleLimits,
    /// The gates.
    pub actions: ScheduleActions,
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

/// `GET /api/jobs/{jobId}`: the operation object (API.md: "assume it answers the same operation object, and accept
/// it bare or wrapped"), with the inferred `kind`, timestamps and `error`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Job {
    /// Where the job is.
    pub status: OperationStatus,
    /// The job id.
    pub job_id: String,
    /// Origin-relative poll URL.
    #[serde(default)]
    pub poll_url: Option<String>,
    /// The result, once completed.
    #[serde(default)]
    #[cfg_attr(feature = "ts", tsify(type = "Record<string, unknown> | null"))]
    pub result: Option<serde_json::Map<String, serde_json::Value>>,
    /// What the job does, when sent.
    #[serde(default)]
    pub kind: Option<JobKind>,
    /// When the job was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When the job last changed.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Why it failed (a problem-details object), when it failed.
    #[serde(default)]
    pub error: Option<Problem>,
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

/// `{ "data": T }`: how VPS details and status may arrive (a bare `T` is accepted too).
#[derive(Deserialize)]
pub(crate) struct DataWrapper<T> {
    pub(crate) data: T,
}

/// `{ "operation": T }`: how a job may arrive (a bare `T` is accepted too).
#[derive(Deserialize)]
pub(crate) struct OperationWrapper<T> {
    pub(crate) operation: T,
}

// ---------------------------------------------------------------- shape tables of the inferred responses
// What the npm package checks `JSON.parse` output against (see `crate::shape`); `tests/shapes.rs` holds them to the
// serde types above.

use crate::shape::Missing;
use crate::shape::Ty::{Bool, List, Map, Num, Obj, Str};
use crate::shape::{dflt, opt, req, Field, GATE, PROBLEM, SCHEDULE, U64};

/// [`crate::Vps`] (fields beyond these are kept as sent).
pub const VPS: &[Field] = &[
    req("id", Str),
    opt("name", Str),
    opt("hostname", Str),
    opt("status", Str),
    opt("region", Str),
    opt("createdAt", Str),
];
/// [`crate::VpsList`].
pub const VPS_LIST: &[Field] = &[req("data", List(VPS))];
/// [`crate::VpsStatus`].
pub const VPS_STATUS: &[Field] = &[opt("id", Str), opt("status", Str), opt("powerState", Str)];
/// [`crate::Snapshot`].
pub const SNAPSHOT: &[Field] =
    &[req("name", Str), opt("description", Str), opt("createdAt", Str), opt("expiresAt", Str), opt("sizeGb", Num)];
/// [`crate::SnapshotLimits`].
pub const SNAPSHOT_LIMITS: &[Field] = &[opt("totalSnapshots", U64), opt("usedSnapshots", U64)];
/// [`crate::SnapshotActions`].
pub const SNAPSHOT_ACTIONS: &[Field] = &[req("canCreate", Obj(GATE)), req("canRestore", Obj(GATE))];
/// [`crate::SnapshotList`].
pub const SNAPSHOT_LIST: &[Field] = &[
    req("data", List(SNAPSHOT)),
    dflt("available", Bool, Missing::True),
    dflt("limits", Obj(SNAPSHOT_LIMITS), Missing::Empty),
    req("actions", Obj(SNAPSHOT_ACTIONS)),
];
/// [`crate::ScheduleLimits`].
pub const SCHEDULE_LIMITS: &[Field] = &[opt("maxSchedules", U64)];
/// [`crate::ScheduleActions`].
pub const SCHEDULE_ACTIONS: &[Field] = &[req("canCreate", Obj(GATE))];
/// [`crate::ScheduleList`].
pub const SCHEDULE_LIST: &[Field] = &[
    req("data", List(SCHEDULE)),
    dflt("limits", Obj(SCHEDULE_LIMITS), Missing::Empty),
    req("actions", Obj(SCHEDULE_ACTIONS)),
];
/// [`crate::Job`].
pub const JOB: &[Field] = &[
    req("status", Str),
    req("jobId", Str),
    opt("pollUrl", Str),
    opt("result", Map),
    opt("kind", Str),
    opt("createdAt", Str),
    opt("updatedAt", Str),
    opt("error", Obj(PROBLEM)),
];

/// `X-RateLimit-Reset` above this is a Unix time in seconds, below it a number of seconds from now.
pub const RESET_UNIX_THRESHOLD: u64 = 1_000_000_000;

/// `X-RateLimit-Limit` counts requests per this window (inferred: per minute, a token bucket of that capacity).
pub const RATE_WINDOW_MS: u64 = 60_000;
