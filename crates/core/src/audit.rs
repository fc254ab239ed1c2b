//! Backup coverage of one VPS (issue #14): a pure, deterministic function from the VPS's lists, a policy and "now"
//! to findings, plus the fleet report the client assembles from many of them. No clock and no I/O: `now` is passed
//! in, so the same input always gives the same findings. Readings the contract leaves open are in `docs/inferred.md`,
//! "Backup audit".

use crate::shape::{EnumDef, JsonView, Kind, Missing, Ty};
use crate::wire::{Build, FieldType};
use crate::ValidationErrors;
use crate::{
    codes, wire_struct, BackupList, FieldError, QuotaInfo, Schedule, ScheduleList, ScheduleStatus, SnapshotList,
};
use serde::Serialize;

const HOUR_MS: u64 = 3_600_000;

wire_struct! {
    /// What the audit expects of every VPS. The defaults: a backup at most 26 h old, 1 enabled schedule, retention
    /// of at least 1, a warning 1 h before a snapshot expires, and a warning at the backup quota.
    #[derive(Copy, Eq)]
    pub struct AuditPolicy {
        /// The newest backup may be at most this old, in ms (26 h).
        pub max_backup_age_ms: u64 = "maxBackupAgeMs",
        /// At least this many enabled schedules (1).
        pub min_enabled_schedules: u64 = "minEnabledSchedules",
        /// Every enabled schedule keeps at least this many backups (1).
        pub min_retention: u64 = "minRetention",
        /// Warn this long before a snapshot expires, in ms (1 h).
        pub snapshot_expiry_warning_ms: u64 = "snapshotExpiryWarningMs",
        /// Warn when the backup quota is used up (true).
        pub warn_at_quota: bool = "warnAtQuota",
    }
}

impl Default for AuditPolicy {
    fn default() -> Self {
        Self {
            max_backup_age_ms: 26 * HOUR_MS,
            min_enabled_schedules: 1,
            min_retention: 1,
            snapshot_expiry_warning_ms: HOUR_MS,
            warn_at_quota: true,
        }
    }
}

impl AuditPolicy {
    /// Reads a policy from loose JSON (a policy file, the npm package's `policy` option): any subset of the fields
    /// over the defaults. Unknown fields are errors (a typo must not silently fall back to a default); every broken
    /// field is reported, at `at` + `/field`.
    pub fn from_json<V: JsonView>(value: &V, at: &str) -> Result<Self, ValidationErrors> {
        let mut policy = Self::default();
        let mut errors = ValidationErrors::default();
        if !value.is(Kind::Object) {
            errors.push(FieldError::new(at, codes::INVALID_TYPE, "The policy must be an object."));
            return Err(errors);
        }
        let pointer = |key: &str| format!("{at}/{}", crate::text::escape_pointer(key));
        let declared = <Self as crate::wire::Shaped>::SHAPE.fields;
        value.for_each_key(&mut |key| {
            if !declared.iter().any(|f| f.name == key) {
                errors.push(FieldError::new(pointer(key), codes::NOT_ALLOWED, "is not a policy field."));
            }
        });
        for f in declared {
            let Some(v) = value.field(f.name) else { continue };
            let slot = match f.name {
                "maxBackupAgeMs" => &mut policy.max_backup_age_ms,
                "minEnabledSchedules" => &mut policy.min_enabled_schedules,
                "minRetention" => &mut policy.min_retention,
                "snapshotExpiryWarningMs" => &mut policy.snapshot_expiry_warning_ms,
                _ => {
                    match v.is(Kind::Bool) {
                        true => policy.warn_at_quota = bool::read(&v),
                        false => {
                            errors.push(FieldError::new(pointer(f.name), codes::INVALID_TYPE, "must be true or false."))
                        }
                    }
                    continue;
                }
            };
            match v.whole() {
                Some(n) => *slot = n,
                None => {
                    errors.push(FieldError::new(pointer(f.name), codes::INVALID_TYPE, "must be a whole number ≥ 0."))
                }
            }
        }
        errors.into_result(|| policy)
    }
}

/// A closed output enum (no `Unknown`: the audit makes these values, it does not read them): its documented values
/// for TypeScript, and its [`FieldType`].
macro_rules! output_enum {
    ($name:ident, $n:literal, $doc:literal) => {
        impl $name {
            /// Its values, for TypeScript.
            pub const DEF: &'static EnumDef = &EnumDef {
                name: stringify!($name),
                #[cfg(not(target_arch = "wasm32"))]
                doc: $doc,
                values: &{
                    let mut values = [""; $n];
                    let mut i = 0;
                    while i < $n {
                        values[i] = Self::ALL[i].as_str();
                        i += 1;
                    }
                    values
                },
            };
        }

        impl FieldType for $name {
            const TY: Ty = Ty::Enum(Self::DEF);
            fn read<V: JsonView>(v: &V) -> Self {
                // Never an unknown value from our own report; the first value keeps a foreign one total.
                let text = v.string().unwrap_or_default();
                Self::ALL.into_iter().find(|c| c.as_str() == text).unwrap_or(Self::ALL[0])
            }
            fn absent(_: Missing) -> Self {
                Self::ALL[0]
            }
            fn build<B: Build>(&self) -> B::Out {
                B::string(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

output_enum!(Severity, 3, "How bad a finding is: `info` < `warning` < `error`.");
output_enum!(FindingCode, 12, "What a finding is about: a stable code with one fixed severity.");

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing (a job is running).
    Info,
    /// Will become a problem (quota reached, snapshot about to expire).
    Warning,
    /// Backups are not covering this VPS now.
    Error,
}

impl Severity {
    /// Every severity, mildest first.
    pub const ALL: [Severity; 3] = [Self::Info, Self::Warning, Self::Error];

    /// `info`, `warning`, `error`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// What a finding is about: each code has one fixed severity and a stable wire name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingCode {
    /// No backup at all.
    NoBackup,
    /// The newest backup is older than the policy allows.
    BackupStale,
    /// Backups exist, but none has a readable `createdAt`.
    BackupTimeUnknown,
    /// Fewer enabled schedules than the policy asks for.
    NoEnabledSchedule,
    /// A schedule's last run failed.
    LastRunFailed,
    /// A schedule's last run was cancelled.
    LastRunCancelled,
    /// An enabled schedule keeps fewer backups than the policy asks for.
    RetentionLow,
    /// The backup quota is used up: the next backup rotates out the oldest or is refused.
    QuotaReached,
    /// Creating a backup is refused now for another reason (the gate's).
    BackupBlocked,
    /// A snapshot expires within the warning window.
    SnapshotExpiring,
    /// A job is running on the VPS.
    JobRunning,
    /// A list of the VPS could not be read.
    VpsUnreadable,
}

impl FindingCode {
    /// Every code, in report order.
    pub const ALL: [FindingCode; 12] = [
        Self::NoBackup,
        Self::BackupStale,
        Self::BackupTimeUnknown,
        Self::NoEnabledSchedule,
        Self::LastRunFailed,
        Self::LastRunCancelled,
        Self::RetentionLow,
        Self::QuotaReached,
        Self::BackupBlocked,
        Self::SnapshotExpiring,
        Self::JobRunning,
        Self::VpsUnreadable,
    ];

    /// The stable wire name (`backup_stale`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::NoBackup => "no_backup",
            Self::BackupStale => "backup_stale",
            Self::BackupTimeUnknown => "backup_time_unknown",
            Self::NoEnabledSchedule => "no_enabled_schedule",
            Self::LastRunFailed => "last_run_failed",
            Self::LastRunCancelled => "last_run_cancelled",
            Self::RetentionLow => "retention_low",
            Self::QuotaReached => "quota_reached",
            Self::BackupBlocked => "backup_blocked",
            Self::SnapshotExpiring => "snapshot_expiring",
            Self::JobRunning => "job_running",
            Self::VpsUnreadable => "vps_unreadable",
        }
    }

    /// The code's fixed severity.
    pub fn severity(self) -> Severity {
        match self {
            Self::NoBackup
            | Self::BackupStale
            | Self::NoEnabledSchedule
            | Self::LastRunFailed
            | Self::VpsUnreadable => Severity::Error,
            Self::BackupTimeUnknown
            | Self::LastRunCancelled
            | Self::RetentionLow
            | Self::QuotaReached
            | Self::BackupBlocked
            | Self::SnapshotExpiring => Severity::Warning,
            Self::JobRunning => Severity::Info,
        }
    }
}

wire_struct! {
    /// What a finding was decided from. Only the fields that apply are set; the others are null.
    #[derive(Default, Eq)]
    pub struct Evidence {
        /// The timestamp decided on, as the server sent it (newest backup, last run, expiry).
        pub at: Option<String> = "at",
        /// `now - at` (age), or `at - now` for an expiry (time left), in ms.
        pub ms: Option<u64> = "ms",
        /// The policy's bound in ms (max age, warning window).
        pub limit_ms: Option<u64> = "limitMs",
        /// A count observed (backups used, enabled schedules, retention).
        pub count: Option<u64> = "count",
        /// The bound the count was compared with (quota limit, required schedules, minimum retention).
        pub limit: Option<u64> = "limit",
        /// The schedule concerned.
        pub schedule_id: Option<String> = "scheduleId",
        /// The snapshot concerned.
        pub snapshot_name: Option<String> = "snapshotName",
        /// A status as sent (`failed`, a gate's `code`, an error's `code`).
        pub status: Option<String> = "status",
        /// The server's words (a closed gate's `reason`, an error's detail). Server text: render it as text.
        pub reason: Option<String> = "reason",
        /// The list that could not be read (`listBackups`, …).
        pub endpoint: Option<String> = "endpoint",
        /// The HTTP status of the failure, if there was a response.
        pub http_status: Option<u16> = "httpStatus",
        /// The failure's request id, to quote to support.
        pub request_id: Option<String> = "requestId",
    }
}

wire_struct! {
    /// One thing the audit found about one VPS.
    #[derive(Eq)]
    pub struct Finding {
        /// Stable machine code.
        pub code: FindingCode = "code",
        /// The code's severity.
        pub severity: Severity = "severity",
        /// The VPS.
        pub vps_id: String = "vpsId",
        /// What it was decided from.
        pub evidence: Evidence = "evidence",
    }
}

impl Finding {
    #[inline(never)]
    fn new(code: FindingCode, vps_id: &str, evidence: Evidence) -> Self {
        Self { code, severity: code.severity(), vps_id: vps_id.to_owned(), evidence }
    }

    /// A list of the VPS that could not be read: `endpoint` is the method name (`listBackups`), `code` the error's
    /// stable code, `detail` a sentence. Nothing about the VPS is guessed from a list that was not read.
    pub fn unreadable(
        vps_id: &str,
        endpoint: &str,
        code: &str,
        detail: &str,
        http_status: Option<u16>,
        request_id: Option<&str>,
    ) -> Self {
        let evidence = Evidence {
            endpoint: Some(endpoint.to_owned()),
            status: Some(code.to_owned()),
            reason: Some(detail.to_owned()),
            http_status,
            request_id: request_id.map(str::to_owned),
            ..Evidence::default()
        };
        Self::new(FindingCode::VpsUnreadable, vps_id, evidence)
    }

    /// One line for a human, from the code and the evidence.
    pub fn summary(&self) -> String {
        let e = &self.evidence;
        let at = e.at.as_deref().unwrap_or("?");
        let hours = |ms: Option<u64>| ms.map_or("?".to_owned(), format_hours);
        let n = |c: Option<u64>| c.map_or("?".to_owned(), |c| c.to_string());
        let sched = e.schedule_id.as_deref().unwrap_or("?");
        match self.code {
            FindingCode::NoBackup => "no backup at all".to_owned(),
            FindingCode::BackupStale => {
                format!("newest backup is {} old ({at}); at most {} allowed", hours(e.ms), hours(e.limit_ms))
            }
            FindingCode::BackupTimeUnknown => format!("{} backup(s), none with a readable time", n(e.count)),
            FindingCode::NoEnabledSchedule => {
                format!("{} enabled backup schedule(s); at least {} required", n(e.count), n(e.limit))
            }
            FindingCode::LastRunFailed => format!("schedule {sched}: last run failed ({at})"),
            FindingCode::LastRunCancelled => format!("schedule {sched}: last run was cancelled ({at})"),
            FindingCode::RetentionLow => {
                format!("schedule {sched} keeps {} backup(s); at least {} required", n(e.count), n(e.limit))
            }
            FindingCode::QuotaReached => format!("backup quota used: {} of {}", n(e.count), n(e.limit)),
            FindingCode::BackupBlocked => {
                format!("backups refused now: {}", e.reason.as_deref().or(e.status.as_deref()).unwrap_or("?"))
            }
            FindingCode::SnapshotExpiring => {
                format!("snapshot {} expires in {} ({at})", e.snapshot_name.as_deref().unwrap_or("?"), hours(e.ms))
            }
            FindingCode::JobRunning => {
                format!("a job is running: {}", e.reason.as_deref().or(e.status.as_deref()).unwrap_or("?"))
            }
            FindingCode::VpsUnreadable => format!(
                "{} could not be read: {} {}{}",
                e.endpoint.as_deref().unwrap_or("?"),
                e.status.as_deref().unwrap_or("?"),
                e.reason.as_deref().unwrap_or(""),
                e.request_id.as_deref().map(|r| format!(" [request {r}]")).unwrap_or_default()
            ),
        }
    }
}

/// `1h 05m`, `26h 00m`, `0h 00m` (rounded down to the minute).
fn format_hours(ms: u64) -> String {
    let minutes = ms / 60_000;
    format!("{}h {:02}m", minutes / 60, minutes % 60)
}

wire_struct! {
    /// Counts of findings by severity.
    #[derive(Copy, Default, Eq)]
    pub struct SeverityCounts {
        /// Errors.
        pub error: u64 = "error",
        /// Warnings.
        pub warning: u64 = "warning",
        /// Infos.
        pub info: u64 = "info",
    }
}

/// The lists of one VPS the audit reads. A list that could not be read is `None` (and the caller adds a
/// [`Finding::unreadable`] for it); checks that need it are skipped.
#[derive(Debug, Clone, Copy, Default)]
pub struct VpsLists<'a> {
    /// `GET …/backups`.
    pub backups: Option<&'a BackupList>,
    /// `GET …/backup-schedules`.
    pub schedules: Option<&'a ScheduleList>,
    /// `GET …/snapshots`.
    pub snapshots: Option<&'a SnapshotList>,
}

wire_struct! {
    /// One VPS's row of the fleet report: what a fleet view shows, small enough to keep for thousands of VPS.
    #[derive()]
    pub struct VpsAudit {
        /// The VPS id.
        pub vps_id: String = "vpsId",
        /// Its display name, if known. User text.
        pub name: Option<String> = "name",
        /// The newest backup's `createdAt`, as sent (null: none, or not read).
        pub last_backup_at: Option<String> = "lastBackupAt",
        /// Its age at `checkedAt`, in ms.
        pub last_backup_age_ms: Option<u64> = "lastBackupAgeMs",
        /// Backups listed (null: not read).
        pub backups: Option<u64> = "backups",
        /// The backup quota (null: not read).
        pub quota: Option<QuotaInfo> = "quota",
        /// The schedules (null: not read).
        pub schedules: Option<Vec<Schedule>> = "schedules",
        /// Snapshots listed (null: not read).
        pub snapshots: Option<u64> = "snapshots",
        /// Snapshot slots in total, when sent.
        pub snapshot_slots: Option<u64> = "snapshotSlots",
        /// Whether a job is running (a gate closed with `job_in_progress`, or a schedule run queued or running).
        pub job_running: bool = "jobRunning",
        /// The worst severity among its findings (null: none).
        pub worst: Option<Severity> = "worst",
        /// Its findings by severity.
        pub findings: SeverityCounts = "findings",
    }
}

/// Audits one VPS at `now_unix_ms`. `extra` are findings the caller made (unreadable lists); they count in the row.
/// Returns the row and the VPS's findings, in a fixed order (checks in [`FindingCode::ALL`] order, schedules and
/// snapshots in list order).
pub fn audit_vps(
    vps_id: &str,
    name: Option<&str>,
    lists: VpsLists<'_>,
    extra: Vec<Finding>,
    policy: &AuditPolicy,
    now_unix_ms: u64,
) -> (VpsAudit, Vec<Finding>) {
    let id = vps_id;
    let mut found = Vec::new();
    let mut push = |code, evidence| found.push(Finding::new(code, id, evidence));
    let mut row = VpsAudit {
        vps_id: vps_id.to_owned(),
        name: name.map(str::to_owned),
        last_backup_at: None,
        last_backup_age_ms: None,
        backups: None,
        quota: None,
        schedules: None,
        snapshots: None,
        snapshot_slots: None,
        job_running: false,
        worst: None,
        findings: SeverityCounts::default(),
    };
    let mut running: Option<Evidence> = None;

    if let Some(list) = lists.backups {
        row.backups = Some(list.backups.len() as u64);
        row.quota = Some(list.quota_info.clone());
        // The newest readable `createdAt` (a listed backup is a completed one: docs/inferred.md).
        let newest = list
            .backups
            .iter()
            .filter_map(|b| b.created_at.as_deref().and_then(|t| Some((parse_rfc3339(t)?, t))))
            .max_by_key(|(ms, _)| *ms);
        match newest {
            Some((ms, text)) => {
                let age = age_ms(now_unix_ms, ms);
                row.last_backup_at = Some(text.to_owned());
                row.last_backup_age_ms = Some(age);
                if age > policy.max_backup_age_ms {
                    push(
                        FindingCode::BackupStale,
                        Evidence {
                            at: Some(text.to_owned()),
                            ms: Some(age),
                            limit_ms: Some(policy.max_backup_age_ms),
                            ..Evidence::default()
                        },
                    );
                }
            }
            None if list.backups.is_empty() => {
                push(FindingCode::NoBackup, Evidence { count: Some(0), ..Evidence::default() })
            }
            None => push(
                FindingCode::BackupTimeUnknown,
                Evidence { count: Some(list.backups.len() as u64), ..Evidence::default() },
            ),
        }
    }

    if let Some(list) = lists.schedules {
        let enabled = list.data.iter().filter(|s| s.enabled).count() as u64;
        if enabled < policy.min_enabled_schedules {
            push(
                FindingCode::NoEnabledSchedule,
                Evidence { count: Some(enabled), limit: Some(policy.min_enabled_schedules), ..Evidence::default() },
            );
        }
        for (code, status) in [
            (FindingCode::LastRunFailed, ScheduleStatus::Failed),
            (FindingCode::LastRunCancelled, ScheduleStatus::Cancelled),
        ] {
            for s in list.data.iter().filter(|s| s.status.as_ref() == Some(&status)) {
                push(
                    code,
                    Evidence {
                        at: s.last_run.clone(),
                        schedule_id: Some(s.id.clone()),
                        status: Some(status.as_str().to_owned()),
                        ..Evidence::default()
                    },
                );
            }
        }
        for s in list.data.iter().filter(|s| s.enabled && s.retention_count < policy.min_retention) {
            push(
                FindingCode::RetentionLow,
                Evidence {
                    count: Some(s.retention_count),
                    limit: Some(policy.min_retention),
                    schedule_id: Some(s.id.clone()),
                    ..Evidence::default()
                },
            );
        }
        if let Some(s) =
            list.data.iter().find(|s| matches!(s.status, Some(ScheduleStatus::Running | ScheduleStatus::Queued)))
        {
            running = Some(Evidence {
                schedule_id: Some(s.id.clone()),
                status: s.status.as_ref().map(|st| st.as_str().to_owned()),
                ..Evidence::default()
            });
        }
        row.schedules = Some(list.data.clone());
    }

    if let Some(list) = lists.backups {
        let q = &list.quota_info;
        let gate = &list.actions.can_create_backup;
        let gate_code = gate.code.as_deref();
        let full = q.limit.is_some_and(|limit| q.used >= limit) || gate_code == Some(QUOTA_EXCEEDED);
        if policy.warn_at_quota && full {
            push(
                FindingCode::QuotaReached,
                Evidence { count: Some(q.used), limit: q.limit, reason: gate.reason.clone(), ..Evidence::default() },
            );
        }
        if !gate.allowed && gate_code != Some(QUOTA_EXCEEDED) {
            let evidence = Evidence { status: gate.code.clone(), reason: gate.reason.clone(), ..Evidence::default() };
            if gate_code == Some(JOB_IN_PROGRESS) {
                running.get_or_insert(evidence);
            } else {
                push(FindingCode::BackupBlocked, evidence);
            }
        }
    }

    if let Some(list) = lists.snapshots {
        row.snapshots = Some(list.data.len() as u64);
        row.snapshot_slots = list.limits.total_snapshots;
        for s in &list.data {
            let Some((text, at)) = s.expires_at.as_deref().and_then(|t| Some((t, parse_rfc3339(t)?))) else { continue };
            // Already past: the server drops it; nothing left to warn about.
            let Some(left) = at.checked_sub(now_unix_ms as i64).filter(|l| *l > 0) else { continue };
            if left as u64 <= policy.snapshot_expiry_warning_ms {
                push(
                    FindingCode::SnapshotExpiring,
                    Evidence {
                        at: Some(text.to_owned()),
                        ms: Some(left as u64),
                        limit_ms: Some(policy.snapshot_expiry_warning_ms),
                        snapshot_name: Some(s.name.clone()),
                        ..Evidence::default()
                    },
                );
            }
        }
        let gate = &list.actions.can_create;
        if !gate.allowed && gate.code.as_deref() == Some(JOB_IN_PROGRESS) {
            running.get_or_insert(Evidence {
                status: gate.code.clone(),
                reason: gate.reason.clone(),
                ..Evidence::default()
            });
        }
    }

    if let Some(evidence) = running {
        row.job_running = true;
        push(FindingCode::JobRunning, evidence);
    }
    // Every check above pushes in `FindingCode::ALL` order, and `extra` holds only `vps_unreadable`, the last code:
    // the findings are in code order without a sort (a property test holds this).
    found.extend(extra);
    for f in &found {
        *match f.severity {
            Severity::Error => &mut row.findings.error,
            Severity::Warning => &mut row.findings.warning,
            Severity::Info => &mut row.findings.info,
        } += 1;
    }
    row.worst = found.iter().map(|f| f.severity).max();
    (row, found)
}

/// The gate code of a full backup quota (API.md §4).
const QUOTA_EXCEEDED: &str = "quota_exceeded";
/// The gate code while a job runs (API.md §4).
const JOB_IN_PROGRESS: &str = "job_in_progress";

/// `now - at`, 0 when `at` is in the future (clock skew).
fn age_ms(now_unix_ms: u64, at_unix_ms: i64) -> u64 {
    (now_unix_ms as i64).saturating_sub(at_unix_ms).max(0) as u64
}

wire_struct! {
    /// The audit of a fleet: one row per VPS, and every finding, worst first.
    #[derive()]
    pub struct FleetAudit {
        /// When the audit was decided (RFC 3339, UTC).
        pub checked_at: String = "checkedAt",
        /// The policy applied.
        pub policy: AuditPolicy = "policy",
        /// One row per VPS, worst first, then in list order.
        pub vps: Vec<VpsAudit> = "vps",
        /// Every finding: by severity (worst first), then VPS order, then code.
        pub findings: Vec<Finding> = "findings",
    }
}

impl FleetAudit {
    /// The worst severity found (None: a clean fleet).
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// A fleet audit being assembled: every VPS is judged against one policy and one `now`, and its row may arrive in
/// any order (as its requests finish), with its place in the fleet's list. [`AuditRun::finish`] orders the report
/// by severity and list place without a sort: a few passes over the rows.
#[derive(Debug, Clone)]
pub struct AuditRun {
    policy: AuditPolicy,
    now_unix_ms: u64,
    slots: Vec<Option<(VpsAudit, Vec<Finding>)>>,
}

impl AuditRun {
    /// A run over a fleet of `size` VPS, judged at `now_unix_ms` under `policy`.
    pub fn new(policy: AuditPolicy, now_unix_ms: u64, size: usize) -> Self {
        Self { policy, now_unix_ms, slots: (0..size).map(|_| None).collect() }
    }

    /// Audits the VPS at `place` in the fleet's list ([`audit_vps`]); `extra` are the caller's findings about it
    /// (unreadable lists). A place outside the fleet is added at its end.
    pub fn audit(&mut self, place: usize, vps_id: &str, name: Option<&str>, lists: VpsLists<'_>, extra: Vec<Finding>) {
        let done = audit_vps(vps_id, name, lists, extra, &self.policy, self.now_unix_ms);
        match self.slots.get_mut(place) {
            Some(slot) => *slot = Some(done),
            None => self.slots.push(Some(done)),
        }
    }

    /// The report: rows worst first, then in list order; findings by severity (worst first), then list order, then
    /// code. VPS never audited are left out.
    pub fn finish(self) -> FleetAudit {
        let (rows, found): (Vec<VpsAudit>, Vec<Vec<Finding>>) = self.slots.into_iter().flatten().unzip();
        let mut rows: Vec<Option<VpsAudit>> = rows.into_iter().map(Some).collect();
        let worst_first = [Some(Severity::Error), Some(Severity::Warning), Some(Severity::Info), None];
        let mut vps = Vec::with_capacity(rows.len());
        let mut findings = Vec::new();
        for severity in worst_first {
            for (row, found) in rows.iter_mut().zip(&found) {
                if row.as_ref().is_some_and(|r| r.worst == severity) {
                    vps.extend(row.take());
                }
                // Each VPS's findings are already in code order (audit_vps).
                findings.extend(found.iter().filter(|f| Some(f.severity) == severity).cloned());
            }
        }
        FleetAudit { checked_at: format_rfc3339(self.now_unix_ms), policy: self.policy, vps, findings }
    }
}

/// Parses an RFC 3339 date-time (`2026-04-27T10:00:00Z`, `…T10:00:00.123+02:00`) into Unix milliseconds.
/// Digits past the millisecond are dropped; leap second 60 is read as 59. Anything else is `None`, never a panic.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || !b.is_ascii() {
        return None;
    }
    let num = |from: usize, len: usize| -> Option<i64> {
        let digits = b.get(from..from + len)?;
        digits.iter().try_fold(0i64, |acc, d| d.is_ascii_digit().then(|| acc * 10 + i64::from(d - b'0')))
    };
    let sep = |at: usize, c: &[u8]| b.get(at).is_some_and(|x| c.contains(x));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?.min(59));
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0;
    if b[i] == b'.' {
        let digits = b[i + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        millis = b[i + 1..i + 1 + digits].iter().take(3).fold(0, |acc, d| acc * 10 + i64::from(d - b'0'));
        millis *= 10i64.pow(3u32.saturating_sub(digits as u32));
        i += 1 + digits;
    }
    let offset_min = match b.get(i..)? {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (num(i + 1, 2)?, num(i + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            if *sign == b'+' {
                h * 60 + m
            } else {
                -(h * 60 + m)
            }
        }
        _ => return None,
    };
    let days = crate::headers::days_from_civil(year, month as u32, day as u32);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_min * 60;
    Some(secs * 1000 + millis)
}

/// Formats Unix milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ` (the shape the server sends).
pub fn format_rfc3339(unix_ms: u64) -> String {
    let (secs, millis) = (unix_ms / 1000, unix_ms % 1000);
    let (mut days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    let mut year = 1970;
    while days >= days_in_year(year) {
        days -= days_in_year(year);
        year += 1;
    }
    let mut month = 1;
    while days >= days_in_month(year, month) {
        days -= days_in_month(year, month);
        month += 1;
    }
    format!("{year:04}-{month:02}-{:02}T{:02}:{:02}:{:02}.{millis:03}Z", days + 1, rem / 3600, rem / 60 % 60, rem % 60)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_year(year: i64) -> i64 {
    if is_leap(year) {
        366
    } else {
        365
    }
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
