//! The simulated provider: accounts, VPS, backups, snapshots, schedules and jobs.
//!
//! Jobs are advanced lazily: every access first calls [`World::settle`], which completes the jobs
//! whose time has come and applies their effect, so there is no background task per job.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::{json, Value};

use crate::clock::{next_run, rfc3339, Cadence, DAY_MS, HOUR_MS};
use crate::config::Scopes;
use crate::prng::SplitMix64;
use crate::problem::Problem;
use crate::validate::ScheduleInput;

/// Backups a VPS may keep (`quotaInfo.limit`).
pub(crate) const BACKUP_QUOTA: usize = 7;
/// Snapshot slots per VPS (`limits.totalSnapshots`).
pub(crate) const SNAPSHOT_SLOTS: usize = 3;
/// Schedules per VPS (`limits.maxSchedules`); a POST replaces the VPS's schedule.
pub(crate) const MAX_SCHEDULES: usize = 1;
/// Snapshots are kept about 24 hours (API.md "Backups vs snapshots").
pub(crate) const SNAPSHOT_TTL_MS: i64 = DAY_MS;
/// The account behind `--key`.
pub(crate) const DEMO_ACCOUNT: u32 = 0;
/// The hidden second account (`--other-key`, `other-vps:`).
pub(crate) const OTHER_ACCOUNT: u32 = 1;

const NAMES: [&str; 12] = [
    "web-01",
    "db-primary",
    "cache-01",
    "web-02",
    "db-replica",
    "worker-01",
    "api-gateway",
    "mail-relay",
    "monitoring",
    "staging-web",
    "ci-runner",
    "vpn-edge",
];
const REGIONS: [&str; 3] = ["se-sto-1", "se-got-1", "se-mmo-1"];
// Not "before-upgrade": the reference pages create that one, and a replay of them must not conflict.
const SNAPSHOT_NAMES: [&str; 3] = ["pre-deploy", "kernel-update", "config-change"];
const NOTES: [&str; 3] = ["Before upgrade", "Before migration", "Monthly archive"];

pub(crate) struct Backup {
    id: String,
    storage_key: String,
    created_at: i64,
    size_gb: f64,
    backup_type: &'static str,
    note: Option<String>,
}

pub(crate) struct Snapshot {
    name: String,
    description: Option<String>,
    created_at: i64,
    size_gb: f64,
}

pub(crate) struct Schedule {
    id: String,
    name: String,
    def: ScheduleInput,
    last_run: Option<i64>,
    status: Option<&'static str>,
}

pub(crate) struct Vps {
    id: String,
    account: u32,
    name: String,
    region: &'static str,
    created_at: i64,
    restored_from: Option<String>,
    last_restore_at: Option<i64>,
    backups: Vec<Backup>,
    snapshots: Vec<Snapshot>,
    schedules: Vec<Schedule>,
    /// The job in flight on this VPS, if any: it closes the gates.
    busy: Option<JobKind>,
}

/// The job kinds of docs/inferred.md (`Job.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JobKind {
    Backup,
    Snapshot,
    SnapshotRestore,
    BackupRestore,
    SnapshotDelete,
    BackupDelete,
}

impl JobKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Backup => "backup",
            Self::Snapshot => "snapshot",
            Self::SnapshotRestore => "snapshot_restore",
            Self::BackupRestore => "backup_restore",
            Self::SnapshotDelete => "snapshot_delete",
            Self::BackupDelete => "backup_delete",
        }
    }

    /// Backups and backup restores are offsite, hence slower (4× `--job-ms`).
    fn duration_factor(self) -> u64 {
        match self {
            Self::Backup | Self::BackupRestore => 4,
            _ => 1,
        }
    }

    /// The gate's `reason` while a job of this kind runs.
    fn busy_reason(self) -> &'static str {
        match self {
            Self::Backup => "A backup of this VPS is being created. Try again when it has finished.",
            Self::Snapshot => "A snapshot of this VPS is being taken. Try again when it has finished.",
            Self::SnapshotRestore | Self::BackupRestore => {
                "This VPS is being restored. Try again when the restore has finished."
            }
            Self::SnapshotDelete | Self::BackupDelete => {
                "A backup or snapshot of this VPS is being deleted. Try again in a moment."
            }
        }
    }
}

/// What a job does when it completes.
#[derive(Clone, Debug)]
pub(crate) enum Action {
    CreateBackup { note: Option<String> },
    CreateSnapshot { name: String, description: Option<String> },
    RestoreSnapshot { name: String },
    RestoreBackup { backup_id: String },
    DeleteSnapshot { name: String },
    DeleteBackup { backup_id: String },
}

impl Action {
    fn kind(&self) -> JobKind {
        match self {
            Self::CreateBackup { .. } => JobKind::Backup,
            Self::CreateSnapshot { .. } => JobKind::Snapshot,
            Self::RestoreSnapshot { .. } => JobKind::SnapshotRestore,
            Self::RestoreBackup { .. } => JobKind::BackupRestore,
            Self::DeleteSnapshot { .. } => JobKind::SnapshotDelete,
            Self::DeleteBackup { .. } => JobKind::BackupDelete,
        }
    }

    /// The operation's `result` while the job runs (seeds: `{"name"}`, `{"snapshotName"}`; inferred: `{"backupId"}`).
    fn queued_result(&self) -> Value {
        match self {
            Self::CreateBackup { .. } => Value::Null,
            Self::CreateSnapshot { name, .. } | Self::DeleteSnapshot { name } => json!({ "name": name }),
            Self::RestoreSnapshot { name } => json!({ "snapshotName": name }),
            Self::RestoreBackup { backup_id } | Self::DeleteBackup { backup_id } => {
                json!({ "backupId": backup_id })
            }
        }
    }
}

pub(crate) struct Job {
    id: String,
    account: u32,
    vps: usize,
    action: Action,
    created_at: i64,
    duration: i64,
    fails: bool,
    done: bool,
    result: Value,
    error: Option<Value>,
}

/// A gate of `actions.*` (API.md section 4; `code` always present, null when allowed).
#[derive(Serialize)]
pub(crate) struct Gate {
    allowed: bool,
    reason: Option<String>,
    code: Option<&'static str>,
}

impl Gate {
    fn open() -> Self {
        Self { allowed: true, reason: None, code: None }
    }
    fn closed(code: &'static str, reason: impl Into<String>) -> Self {
        Self { allowed: false, reason: Some(reason.into()), code: Some(code) }
    }
    /// A POST against this gate: 409 with the gate's code when closed.
    fn check(self) -> Result<(), Problem> {
        match (self.allowed, self.code, self.reason) {
            (true, ..) => Ok(()),
            (false, code, reason) => Err(Problem::conflict(
                code.unwrap_or("conflict"),
                reason.as_deref().unwrap_or("The action is not allowed right now."),
            )),
        }
    }
}

/// Counters of accepted mutations for `GET /__sim/stats`: every request the server processed,
/// including those whose response was then faulted away.
#[derive(Default)]
pub(crate) struct Accepted {
    pub(crate) backups: u64,
    pub(crate) snapshots: u64,
    pub(crate) schedules: u64,
    pub(crate) snapshot_restores: u64,
    pub(crate) backup_restores: u64,
    pub(crate) deletes: u64,
    pub(crate) by_vps: BTreeMap<String, (u64, u64)>,
    pub(crate) log: Vec<Value>,
}

/// Who is asking, and how the request should behave.
pub(crate) struct Ctx {
    pub(crate) account: u32,
    pub(crate) scopes: Scopes,
    pub(crate) now: i64,
    /// `--job-ms` in simulated milliseconds.
    pub(crate) job_ms: i64,
    pub(crate) job_fails: bool,
    /// The response will be faulted away after processing (recorded in the stats log).
    pub(crate) fault_after: bool,
}

/// All provider state; lives behind one mutex.
pub(crate) struct World {
    rng: SplitMix64,
    vps: Vec<Vps>,
    index: HashMap<String, usize>,
    jobs: HashMap<String, Job>,
    in_flight: Vec<String>,
    next_storage: u32,
    pub(crate) accepted: Accepted,
}

fn size(rng: &mut SplitMix64) -> f64 {
    (20 + rng.below(600)) as f64 / 10.0
}

impl World {
    /// The initial state for `seed`: `vps_count` VPS in the demo account and one in the other.
    /// With `backups_per_vps` (`--backups-per-vps`), every VPS has exactly that many backups, one a day going back
    /// from yesterday; without it, the seeded 2 to 4.
    pub(crate) fn seeded(seed: u64, vps_count: usize, backups_per_vps: Option<usize>, now: i64) -> Self {
        let mut w = World {
            rng: SplitMix64::new(seed),
            vps: Vec::with_capacity(vps_count + 1),
            index: HashMap::with_capacity(vps_count + 1),
            jobs: HashMap::new(),
            in_flight: Vec::new(),
            next_storage: 101,
            accepted: Accepted::default(),
        };
        for i in 0..vps_count {
            let base = NAMES[i % NAMES.len()];
            let name = match i / NAMES.len() {
                0 => base.to_owned(),
                n => format!("{base}-{}", n + 1),
            };
            w.add_vps(DEMO_ACCOUNT, name, backups_per_vps, now);
        }
        w.add_vps(OTHER_ACCOUNT, "other-web-01".to_owned(), backups_per_vps, now);
        w
    }

    fn add_vps(&mut self, account: u32, name: String, backups_per_vps: Option<usize>, now: i64) {
        let rng = &mut self.rng;
        let id = rng.id("vps_");
        let today = now.div_euclid(DAY_MS) * DAY_MS;
        let mut backups = Vec::new();
        let seeded_count = 2 + rng.below(3) as i64;
        for k in 0..backups_per_vps.map_or(seeded_count, |n| n as i64) {
            let days_back = k * 7 + 1 + rng.below(5) as i64;
            let days_back = if backups_per_vps.is_some() { k + 1 } else { days_back };
            let created_at = today - days_back * DAY_MS + 2 * HOUR_MS;
            let manual = rng.chance(0.4);
            let n = self.next_storage;
            self.next_storage += 1;
            backups.push(Backup {
                id: rng.id("bkp_"),
                storage_key: format!("vzdump-qemu-{n}.vma.zst"),
                created_at,
                size_gb: size(rng),
                backup_type: if manual { "manual" } else { "scheduled" },
                note: manual.then(|| NOTES[rng.below(NOTES.len() as u64) as usize].to_owned()),
            });
        }
        let mut snapshots = Vec::new();
        let count = 1 + rng.below(2) as usize;
        for (k, name) in SNAPSHOT_NAMES.iter().take(count).enumerate() {
            snapshots.push(Snapshot {
                name: (*name).to_owned(),
                description: (k == 0).then(|| "Before the Friday deploy".to_owned()),
                created_at: now - (1 + rng.below(20) as i64) * HOUR_MS - rng.below(HOUR_MS as u64) as i64,
                size_gb: size(rng) / 4.0,
            });
        }
        snapshots.sort_by_key(|s| s.created_at);
        let hour = 1 + rng.below(4) as u32;
        let schedule = Schedule {
            id: rng.id("bks_"),
            name: "Nightly backup".to_owned(),
            def: ScheduleInput {
                name: None,
                hour,
                cadence: Cadence::Daily,
                retention_count: 3 + rng.below(5),
                enabled: true,
            },
            last_run: Some(next_run(now - DAY_MS, hour, Cadence::Daily)),
            status: Some("completed"),
        };
        self.index.insert(id.clone(), self.vps.len());
        self.vps.push(Vps {
            id,
            account,
            name,
            region: REGIONS[rng.below(REGIONS.len() as u64) as usize],
            created_at: today - (30 + rng.below(400) as i64) * DAY_MS + rng.below(DAY_MS as u64) as i64,
            restored_from: None,
            last_restore_at: None,
            backups,
            snapshots,
            schedules: vec![schedule],
            busy: None,
        });
    }

    /// Ids of an account's VPS.
    pub(crate) fn vps_ids(&self, account: u32) -> Vec<String> {
        self.vps.iter().filter(|v| v.account == account).map(|v| v.id.clone()).collect()
    }

    /// Completes every job whose time has come, applying its effect, and drops expired snapshots.
    pub(crate) fn settle(&mut self, now: i64) {
        if !self.in_flight.is_empty() {
            let mut i = 0;
            while i < self.in_flight.len() {
                let job_id = &self.in_flight[i];
                let ready = self.jobs.get(job_id).is_none_or(|j| now >= j.created_at + j.duration);
                if ready {
                    let job_id = self.in_flight.swap_remove(i);
                    self.complete(&job_id);
                } else {
                    i += 1;
                }
            }
        }
    }

    fn complete(&mut self, job_id: &str) {
        let Some(job) = self.jobs.get_mut(job_id) else { return };
        let at = job.created_at + job.duration;
        job.done = true;
        let vps = &mut self.vps[job.vps];
        vps.busy = None;
        if job.fails {
            job.result = Value::Null;
            let detail = format!(
                "The {} job failed on the host. Nothing was changed; try again or contact support.",
                job.action.kind().as_str().replace('_', " ")
            );
            job.error = Some(Problem::new(500, "internal_error", detail).to_json(&format!("/api/jobs/{job_id}"), at));
            return;
        }
        match job.action.clone() {
            Action::CreateBackup { note } => {
                let n = self.next_storage;
                self.next_storage += 1;
                let id = self.rng.id("bkp_");
                job.result = json!({ "backupId": id });
                vps.backups.insert(
                    0,
                    Backup {
                        id,
                        storage_key: format!("vzdump-qemu-{n}.vma.zst"),
                        created_at: at,
                        size_gb: size(&mut self.rng),
                        backup_type: "manual",
                        note,
                    },
                );
            }
            Action::CreateSnapshot { name, description } => {
                vps.snapshots.retain(|s| s.name != name);
                vps.snapshots.push(Snapshot { name, description, created_at: at, size_gb: size(&mut self.rng) / 4.0 });
            }
            Action::RestoreSnapshot { name } => {
                vps.restored_from = Some(format!("snapshot:{name}"));
                vps.last_restore_at = Some(at);
            }
            Action::RestoreBackup { backup_id } => {
                vps.restored_from = Some(format!("backup:{backup_id}"));
                vps.last_restore_at = Some(at);
            }
            Action::DeleteSnapshot { name } => vps.snapshots.retain(|s| s.name != name),
            Action::DeleteBackup { backup_id } => vps.backups.retain(|b| b.id != backup_id),
        }
    }

    /// The caller's VPS, or 404 (also for another account's VPS).
    fn find(&mut self, ctx: &Ctx, id: &str) -> Result<usize, Problem> {
        let idx = *self.index.get(id).ok_or_else(|| Problem::not_found("VPS"))?;
        if self.vps[idx].account != ctx.account {
            return Err(Problem::not_found("VPS"));
        }
        // Expired snapshots disappear (docs/inferred.md: 24 h after createdAt).
        self.vps[idx].snapshots.retain(|s| s.created_at + SNAPSHOT_TTL_MS > ctx.now);
        Ok(idx)
    }

    fn busy_gate(vps: &Vps, ctx: &Ctx) -> Option<Gate> {
        if !ctx.scopes.contains(Scopes::BACKUP_VM) {
            return Some(Gate::closed("missing_scope", "This API key lacks the backup:vm scope."));
        }
        vps.busy.map(|k| Gate::closed("job_in_progress", k.busy_reason()))
    }

    fn backup_gates(vps: &Vps, ctx: &Ctx) -> (Gate, Gate) {
        let create = Self::busy_gate(vps, ctx).unwrap_or_else(|| {
            if vps.backups.len() >= BACKUP_QUOTA {
                Gate::closed(
                    "quota_exceeded",
                    format!(
                        "The backup quota is full ({BACKUP_QUOTA} of {BACKUP_QUOTA} used). Delete an old backup to make room."
                    ),
                )
            } else {
                Gate::open()
            }
        });
        let restore = Self::busy_gate(vps, ctx).unwrap_or_else(|| {
            if vps.backups.is_empty() {
                Gate::closed("no_backups", "This VPS has no backups to restore yet.")
            } else {
                Gate::open()
            }
        });
        (create, restore)
    }

    fn snapshot_gates(vps: &Vps, ctx: &Ctx) -> (Gate, Gate) {
        let create = Self::busy_gate(vps, ctx).unwrap_or_else(|| {
            if vps.snapshots.len() >= SNAPSHOT_SLOTS {
                Gate::closed(
                    "snapshot_slots_full",
                    format!(
                        "All {SNAPSHOT_SLOTS} snapshot slots are in use. Delete a snapshot or add slots to take a new one."
                    ),
                )
            } else {
                Gate::open()
            }
        });
        let restore = Self::busy_gate(vps, ctx).unwrap_or_else(|| {
            if vps.snapshots.is_empty() {
                Gate::closed("no_snapshots", "This VPS has no snapshots to restore.")
            } else {
                Gate::open()
            }
        });
        (create, restore)
    }

    fn vps_json(v: &Vps) -> Value {
        json!({
            "id": v.id,
            "name": v.name,
            "hostname": format!("{}.vps.hostup.se", v.name),
            "status": "running",
            "region": v.region,
            "createdAt": rfc3339(v.created_at),
            "restoredFrom": v.restored_from,
            "lastRestoreAt": v.last_restore_at.map(rfc3339),
        })
    }

    /// `GET /api/v2/vps`.
    pub(crate) fn list_vps(&self, ctx: &Ctx) -> Value {
        let data: Vec<Value> = self.vps.iter().filter(|v| v.account == ctx.account).map(Self::vps_json).collect();
        json!({ "data": data })
    }

    /// `GET /api/v2/vps/{id}`.
    pub(crate) fn get_vps(&mut self, ctx: &Ctx, id: &str) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        Ok(json!({ "data": Self::vps_json(&self.vps[i]) }))
    }

    /// `GET /api/v2/vps/{id}/status`.
    pub(crate) fn vps_status(&mut self, ctx: &Ctx, id: &str) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        let v = &self.vps[i];
        let status = match v.busy {
            Some(JobKind::SnapshotRestore | JobKind::BackupRestore) => "restoring",
            _ => "running",
        };
        Ok(json!({ "data": { "id": v.id, "status": status, "powerState": "on" } }))
    }

    /// `GET /api/v2/vps/{id}/backups` (seed 003).
    pub(crate) fn list_backups(&mut self, ctx: &Ctx, id: &str) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        let v = &self.vps[i];
        let backups: Vec<Value> = v
            .backups
            .iter()
            .map(|b| {
                let created = rfc3339(b.created_at);
                json!({
                    "id": b.id,
                    "displayId": format!("{created} ({})", b.storage_key),
                    "storageKey": b.storage_key,
                    "createdAt": created,
                    "sizeGb": b.size_gb,
                    "backupType": b.backup_type,
                    "note": b.note,
                })
            })
            .collect();
        let (create, restore) = Self::backup_gates(v, ctx);
        Ok(json!({
            "backups": backups,
            "quotaInfo": {
                "used": v.backups.len(),
                "limit": BACKUP_QUOTA,
                "remaining": BACKUP_QUOTA.saturating_sub(v.backups.len()),
            },
            "actions": { "canCreateBackup": create, "canRestore": restore },
        }))
    }

    /// `GET /api/v2/vps/{id}/snapshots` (docs/inferred.md `SnapshotList`).
    pub(crate) fn list_snapshots(&mut self, ctx: &Ctx, id: &str) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        let v = &self.vps[i];
        let data: Vec<Value> = v
            .snapshots
            .iter()
            .map(|s| {
                json!({
                    "name": s.name,
                    "description": s.description,
                    "createdAt": rfc3339(s.created_at),
                    "expiresAt": rfc3339(s.created_at + SNAPSHOT_TTL_MS),
                    "sizeGb": s.size_gb,
                })
            })
            .collect();
        let (create, restore) = Self::snapshot_gates(v, ctx);
        Ok(json!({
            "data": data,
            "available": true,
            "limits": { "totalSnapshots": SNAPSHOT_SLOTS, "usedSnapshots": v.snapshots.len() },
            "actions": { "canCreate": create, "canRestore": restore },
        }))
    }

    fn schedule_json(s: &Schedule, now: i64) -> Value {
        let (frequency, day) = match s.def.cadence {
            Cadence::Daily => ("daily", Value::Null),
            Cadence::Weekly(d) => {
                const DAYS: [&str; 7] = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
                ("weekly", json!(DAYS[d as usize % 7]))
            }
            Cadence::Monthly(d) => ("monthly", json!(d.to_string())),
        };
        json!({
            "id": s.id,
            "name": s.name,
            "frequency": frequency,
            "time": format!("{:02}:00", s.def.hour),
            "daySpecifier": day,
            "retentionCount": s.def.retention_count,
            "enabled": s.def.enabled,
            "lastRun": s.last_run.map(rfc3339),
            // A disabled schedule never runs.
            "nextRun": s.def.enabled.then(|| rfc3339(next_run(now, s.def.hour, s.def.cadence))),
            "status": s.status,
        })
    }

    /// `GET /api/v2/vps/{id}/backup-schedules` (docs/inferred.md `ScheduleList`).
    pub(crate) fn list_schedules(&mut self, ctx: &Ctx, id: &str) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        let v = &self.vps[i];
        let data: Vec<Value> = v.schedules.iter().map(|s| Self::schedule_json(s, ctx.now)).collect();
        let can_create = if ctx.scopes.contains(Scopes::WRITE_VM) {
            Gate::open()
        } else {
            Gate::closed("missing_scope", "This API key lacks the write:vm scope.")
        };
        Ok(json!({
            "data": data,
            "limits": { "maxSchedules": MAX_SCHEDULES },
            "actions": { "canCreate": can_create },
        }))
    }

    /// `POST …/backup-schedules`: replaces the schedule with the same name, else the VPS's only
    /// schedule, else creates one. 201 with the schedule.
    pub(crate) fn put_schedule(&mut self, ctx: &Ctx, id: &str, def: ScheduleInput) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        let name = def.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "Backup schedule".to_owned());
        let schedules = &mut self.vps[i].schedules;
        let existing = schedules.iter().position(|s| s.name == name).or((schedules.len() == 1).then_some(0));
        let at = match existing {
            Some(at) => at,
            None if schedules.len() < MAX_SCHEDULES => {
                schedules.push(Schedule {
                    id: self.rng.id("bks_"),
                    name: String::new(),
                    def: def.clone(),
                    last_run: None,
                    status: None,
                });
                schedules.len() - 1
            }
            None => {
                return Err(Problem::conflict(
                    "schedule_limit_reached",
                    "This VPS already has the maximum number of backup schedules.",
                ))
            }
        };
        let s = &mut schedules[at];
        // A replaced schedule is a new definition that has not run yet (seed 002's 201 body).
        s.name = name;
        s.def = def;
        s.last_run = None;
        s.status = None;
        self.accepted.schedules += 1;
        Ok(Self::schedule_json(s, ctx.now))
    }

    /// The schedule a PATCH targets, as the JSON body it would have been created with.
    pub(crate) fn schedule_as_body(
        &mut self,
        ctx: &Ctx,
        id: &str,
        schedule_id: Option<&str>,
    ) -> Result<(String, serde_json::Map<String, Value>), Problem> {
        let i = self.find(ctx, id)?;
        let v = &self.vps[i];
        let s = match schedule_id {
            Some(sid) => v.schedules.iter().find(|s| s.id == sid),
            None if v.schedules.len() == 1 => v.schedules.first(),
            None => None,
        }
        .ok_or_else(|| Problem::not_found("backup schedule"))?;
        let mut body = json!({
            "hour": s.def.hour,
            "retentionCount": s.def.retention_count,
            "enabled": s.def.enabled,
            "name": s.name,
        });
        match s.def.cadence {
            Cadence::Daily => body["frequency"] = json!("daily"),
            Cadence::Weekly(d) => {
                body["frequency"] = json!("weekly");
                body["dayOfWeek"] = json!(d);
            }
            Cadence::Monthly(d) => {
                body["frequency"] = json!("monthly");
                body["dayOfMonth"] = json!(d);
            }
        }
        let Value::Object(map) = body else { unreachable!("built as an object") };
        Ok((s.id.clone(), map))
    }

    /// Applies a validated PATCH result to the schedule `schedule_id`.
    pub(crate) fn update_schedule(
        &mut self,
        ctx: &Ctx,
        id: &str,
        schedule_id: &str,
        def: ScheduleInput,
    ) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        let s = self.vps[i]
            .schedules
            .iter_mut()
            .find(|s| s.id == schedule_id)
            .ok_or_else(|| Problem::not_found("backup schedule"))?;
        if let Some(name) = def.name.clone().filter(|n| !n.trim().is_empty()) {
            s.name = name;
        }
        s.def = def;
        Ok(Self::schedule_json(s, ctx.now))
    }

    /// `DELETE …/backup-schedules/{scheduleId}`.
    pub(crate) fn delete_schedule(&mut self, ctx: &Ctx, id: &str, schedule_id: &str) -> Result<(), Problem> {
        let i = self.find(ctx, id)?;
        let schedules = &mut self.vps[i].schedules;
        let at =
            schedules.iter().position(|s| s.id == schedule_id).ok_or_else(|| Problem::not_found("backup schedule"))?;
        schedules.remove(at);
        Ok(())
    }

    /// Queues a job on VPS `i` and returns the 202 operation envelope.
    fn enqueue(&mut self, ctx: &Ctx, i: usize, action: Action) -> Value {
        let kind = action.kind();
        let id = self.rng.id("job_");
        let vps_id = self.vps[i].id.clone();
        let result = action.queued_result();
        // The stats log: what the server accepted, so a test can prove no retry duplicated it.
        let mut entry = json!({
            "kind": kind.as_str(),
            "vpsId": vps_id,
            "jobId": id,
            "at": rfc3339(ctx.now),
            "faultedAfter": ctx.fault_after,
        });
        let acc = &mut self.accepted;
        match &action {
            Action::CreateBackup { note } => {
                acc.backups += 1;
                acc.by_vps.entry(vps_id).or_default().0 += 1;
                entry["note"] = json!(note);
            }
            Action::CreateSnapshot { name, .. } => {
                acc.snapshots += 1;
                acc.by_vps.entry(vps_id).or_default().1 += 1;
                entry["name"] = json!(name);
            }
            Action::RestoreSnapshot { name } => {
                acc.snapshot_restores += 1;
                entry["snapshotName"] = json!(name);
            }
            Action::RestoreBackup { backup_id } => {
                acc.backup_restores += 1;
                entry["backupId"] = json!(backup_id);
            }
            Action::DeleteSnapshot { name } => {
                acc.deletes += 1;
                entry["name"] = json!(name);
            }
            Action::DeleteBackup { backup_id } => {
                acc.deletes += 1;
                entry["backupId"] = json!(backup_id);
            }
        }
        acc.log.push(entry);
        self.vps[i].busy = Some(kind);
        let envelope = json!({ "operation": {
            "status": "queued",
            "jobId": id,
            "pollUrl": format!("/api/jobs/{id}"),
            "result": result,
        }});
        self.jobs.insert(
            id.clone(),
            Job {
                id: id.clone(),
                account: ctx.account,
                vps: i,
                action,
                created_at: ctx.now,
                duration: ctx.job_ms * kind.duration_factor() as i64,
                fails: ctx.job_fails,
                done: false,
                result,
                error: None,
            },
        );
        self.in_flight.push(id);
        envelope
    }

    /// `POST …/backups` (seed 000).
    pub(crate) fn create_backup(&mut self, ctx: &Ctx, id: &str, note: Option<String>) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        Self::backup_gates(&self.vps[i], ctx).0.check()?;
        Ok(self.enqueue(ctx, i, Action::CreateBackup { note }))
    }

    /// `POST …/snapshots` (seed 001).
    pub(crate) fn create_snapshot(
        &mut self,
        ctx: &Ctx,
        id: &str,
        name: String,
        description: Option<String>,
    ) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        let v = &self.vps[i];
        if v.busy.is_none() && v.snapshots.iter().any(|s| s.name == name) {
            return Err(Problem::conflict(
                "snapshot_exists",
                &format!(
                    "A snapshot named `{name}` already exists on this VPS. Choose another name or delete it first."
                ),
            ));
        }
        Self::snapshot_gates(v, ctx).0.check()?;
        Ok(self.enqueue(ctx, i, Action::CreateSnapshot { name, description }))
    }

    /// `POST …/snapshots/{snapshotId}/actions/restore` (seed 004).
    pub(crate) fn restore_snapshot(&mut self, ctx: &Ctx, id: &str, name: &str) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        if !self.vps[i].snapshots.iter().any(|s| s.name == name) {
            return Err(Problem::not_found("snapshot"));
        }
        Self::snapshot_gates(&self.vps[i], ctx).1.check()?;
        Ok(self.enqueue(ctx, i, Action::RestoreSnapshot { name: name.to_owned() }))
    }

    /// `DELETE …/snapshots/{snapshotId}` (inferred: 202 operation).
    pub(crate) fn delete_snapshot(&mut self, ctx: &Ctx, id: &str, name: &str) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        if !self.vps[i].snapshots.iter().any(|s| s.name == name) {
            return Err(Problem::not_found("snapshot"));
        }
        if let Some(gate) = Self::busy_gate(&self.vps[i], ctx) {
            gate.check()?;
        }
        Ok(self.enqueue(ctx, i, Action::DeleteSnapshot { name: name.to_owned() }))
    }

    /// `POST …/backups/{backupId}/actions/restore` (inferred).
    pub(crate) fn restore_backup(&mut self, ctx: &Ctx, id: &str, backup_id: &str) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        if !self.vps[i].backups.iter().any(|b| b.id == backup_id) {
            return Err(Problem::not_found("backup"));
        }
        Self::backup_gates(&self.vps[i], ctx).1.check()?;
        Ok(self.enqueue(ctx, i, Action::RestoreBackup { backup_id: backup_id.to_owned() }))
    }

    /// `DELETE …/backups/{backupId}` (inferred: 202 operation).
    pub(crate) fn delete_backup(&mut self, ctx: &Ctx, id: &str, backup_id: &str) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        if !self.vps[i].backups.iter().any(|b| b.id == backup_id) {
            return Err(Problem::not_found("backup"));
        }
        if let Some(gate) = Self::busy_gate(&self.vps[i], ctx) {
            gate.check()?;
        }
        Ok(self.enqueue(ctx, i, Action::DeleteBackup { backup_id: backup_id.to_owned() }))
    }

    /// `GET /api/jobs/{jobId}` (inferred: `{ "operation": Job }`). Status follows the elapsed
    /// fraction of the job's duration: queued for the first quarter, then in_progress.
    pub(crate) fn get_job(&self, ctx: &Ctx, job_id: &str) -> Result<Value, Problem> {
        let job =
            self.jobs.get(job_id).filter(|j| j.account == ctx.account).ok_or_else(|| Problem::not_found("job"))?;
        let quarter = job.created_at + job.duration / 4;
        let (status, updated) = if job.done {
            (if job.fails { "failed" } else { "completed" }, job.created_at + job.duration)
        } else if ctx.now < quarter {
            ("queued", job.created_at)
        } else {
            ("in_progress", quarter)
        };
        Ok(json!({ "operation": {
            "status": status,
            "jobId": job.id,
            "pollUrl": format!("/api/jobs/{}", job.id),
            "result": job.result,
            "kind": job.action.kind().as_str(),
            "createdAt": rfc3339(job.created_at),
            "updatedAt": rfc3339(updated),
            "error": job.error,
        }}))
    }
}
