//! The documented response shapes (API.md §1–5, seeds/000–004). Field names are the wire's camelCase names.
//!
//! Required fields that are never null are required when parsing; a required *nullable* field that is missing is read
//! as `null` (the contract's intent is "no value", and a crash over it would help nobody).

use serde::{Deserialize, Serialize};

/// Defines a string enum that keeps unknown values as `Unknown(raw)` and serializes back to the raw text.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version does not know, kept as sent.
            Unknown(String),
        }

        #[cfg(feature = "ts")]
        const _: () = {
            #[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
            const TS: &'static str = concat!(
                "/** A wire string; values this version does not know arrive as they were sent. */\nexport type ",
                stringify!($name), " = ", $("\"", $text, "\" | ",)+ "(string & {});"
            );
        };

        impl $name {
            /// The wire text.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Unknown(raw) => raw,
                }
            }

            /// Parses the wire text; anything else becomes `Unknown`.
            pub fn from_wire(s: &str) -> Self {
                match s {
                    $($text => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::from_wire(v))
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}
pub(crate) use string_enum;

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

/// The operation a queued action returns (API.md "The operation envelope").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// Where the job is.
    pub status: OperationStatus,
    /// The job id (`job_…`).
    pub job_id: String,
    /// Origin-relative poll URL (`/api/jobs/job_…`).
    pub poll_url: String,
    /// The action's result (`{"name": …}`, `{"snapshotName": …}`), `null` or absent.
    #[serde(default)]
    #[cfg_attr(feature = "ts", tsify(type = "Record<string, unknown> | null"))]
    pub result: Option<serde_json::Map<String, serde_json::Value>>,
}

/// `{"operation": {...}}`, the 202 body of every queued action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct OperationEnvelope {
    /// The queued operation.
    pub operation: Operation,
}

/// An action gate: the server's answer to "may I do this now?" (API.md §4). Show `reason`; do not guess.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Gate {
    /// Whether the action is allowed now.
    pub allowed: bool,
    /// Why not, for a human (`null` when allowed).
    #[serde(default)]
    pub reason: Option<String>,
    /// Why not, for a program (`pending_order`, …). Optional on the wire; `null` when absent.
    #[serde(default)]
    pub code: Option<String>,
}

/// One backup (seeds/003).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Backup {
    /// `bkp_…`, the `{backupId}` for restore or delete.
    pub id: String,
    /// A human label (`2026-04-27T10:00:00.000Z (vzdump-qemu-101.vma.zst)`).
    pub display_id: String,
    /// The storage object's key.
    pub storage_key: String,
    /// Creation time (RFC 3339) or null.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Size in GB.
    pub size_gb: f64,
    /// `manual`, `scheduled`, … (free text on the wire).
    pub backup_type: String,
    /// The user's note, or null. User text: render it as text.
    #[serde(default)]
    pub note: Option<String>,
}

/// Backup quota (seeds/003).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct QuotaInfo {
    /// Backups counted against the quota.
    pub used: u64,
    /// The limit, or null for no limit.
    #[serde(default)]
    pub limit: Option<u64>,
    /// What is left, or null for no limit.
    #[serde(default)]
    pub remaining: Option<u64>,
}

/// The gates of the backups list (seeds/003).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct BackupActions {
    /// May a backup be created now?
    pub can_create_backup: Gate,
    /// May a backup be restored now?
    pub can_restore: Gate,
}

/// `GET /api/v2/vps/{id}/backups` (seeds/003).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct BackupList {
    /// The backups.
    pub backups: Vec<Backup>,
    /// The quota.
    pub quota_info: QuotaInfo,
    /// The gates.
    pub actions: BackupActions,
}

/// A saved backup schedule: the 201 body of seeds/002 (also the items of the inferred list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    /// `bks_…`, the `{scheduleId}`.
    pub id: String,
    /// The schedule's name. User text.
    pub name: String,
    /// How often it runs.
    pub frequency: Frequency,
    /// `HH:MM` (UTC) or null.
    #[serde(default)]
    pub time: Option<String>,
    /// `null` (daily), a weekday (weekly) or a day of the month (monthly), as the provider words it.
    #[serde(default)]
    pub day_specifier: Option<String>,
    /// How many backups the schedule keeps.
    pub retention_count: u64,
    /// Whether it runs.
    pub enabled: bool,
    /// Last run (RFC 3339) or null.
    #[serde(default)]
    pub last_run: Option<String>,
    /// Next run (RFC 3339, UTC) or null.
    #[serde(default)]
    pub next_run: Option<String>,
    /// Last run's status, or null.
    #[serde(default)]
    pub status: Option<ScheduleStatus>,
}
