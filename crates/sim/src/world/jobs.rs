//! Queued actions: creating, restoring and deleting backups and snapshots. A POST answers 202 with
//! the operation envelope at once; the job's effect appears when it completes (API.md "The
//! operation envelope"; docs/inferred.md "Job status").

use serde_json::{json, Value};

use super::gates::{backup_gates, busy_gate, snapshot_gates};
use super::seed::size;
use super::{Backup, Ctx, Snapshot, World};
use crate::clock::rfc3339;
use crate::problem::Problem;

/// The job kinds of docs/inferred.md (`Job.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum JobKind {
    Backup,
    Snapshot,
    SnapshotRestore,
    BackupRestore,
    SnapshotDelete,
    BackupDelete,
}

impl JobKind {
    pub(super) fn as_str(self) -> &'static str {
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
    fn duration_factor(self) -> i64 {
        match self {
            Self::Backup | Self::BackupRestore => 4,
            _ => 1,
        }
    }

    /// The gate's `reason` while a job of this kind runs.
    pub(super) fn busy_reason(self) -> &'static str {
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
pub(super) enum Action {
    CreateBackup { note: Option<String> },
    CreateSnapshot { name: String, description: Option<String> },
    RestoreSnapshot { name: String },
    RestoreBackup { backup_id: String },
    DeleteSnapshot { name: String },
    DeleteBackup { backup_id: String },
}

impl Action {
    pub(super) fn kind(&self) -> JobKind {
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

pub(super) struct Job {
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

impl World {
    /// Completes every job whose time has come, applying its effect.
    pub(crate) fn settle(&mut self, now: i64) {
        let mut i = 0;
        while i < self.in_flight.len() {
            let ready = self.jobs.get(&self.in_flight[i]).is_none_or(|j| now >= j.created_at + j.duration);
            if ready {
                let job_id = self.in_flight.swap_remove(i);
                self.complete(&job_id);
            } else {
                i += 1;
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
                let backup = Backup {
                    id,
                    storage_key: format!("vzdump-qemu-{n}.vma.zst"),
                    created_at: at,
                    size_gb: size(&mut self.rng),
                    backup_type: "manual",
                    note,
                };
                vps.backups.insert(0, backup);
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

    /// Queues a job on VPS `i` and returns the 202 operation envelope.
    fn enqueue(&mut self, ctx: &Ctx, i: usize, action: Action) -> Value {
        let kind = action.kind();
        let id = self.rng.id("job_");
        let result = action.queued_result();
        self.accepted.record(&action, &self.vps[i].id, &id, ctx);
        self.vps[i].busy = Some(kind);
        let envelope = json!({ "operation": {
            "status": "queued",
            "jobId": id,
            "pollUrl": format!("/api/jobs/{id}"),
            "result": result,
        }});
        let job = Job {
            id: id.clone(),
            account: ctx.account,
            vps: i,
            action,
            created_at: ctx.now,
            duration: ctx.job_ms * kind.duration_factor(),
            fails: ctx.job_fails,
            done: false,
            result,
            error: None,
        };
        self.jobs.insert(id.clone(), job);
        self.in_flight.push(id);
        envelope
    }

    /// `POST …/backups` (seed 000).
    pub(crate) fn create_backup(&mut self, ctx: &Ctx, id: &str, note: Option<String>) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        backup_gates(&self.vps[i], ctx).0.check()?;
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
        snapshot_gates(v, ctx).0.check()?;
        Ok(self.enqueue(ctx, i, Action::CreateSnapshot { name, description }))
    }

    /// `POST …/snapshots/{snapshotId}/actions/restore` (seed 004).
    pub(crate) fn restore_snapshot(&mut self, ctx: &Ctx, id: &str, name: &str) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        if !self.vps[i].snapshots.iter().any(|s| s.name == name) {
            return Err(Problem::not_found("snapshot"));
        }
        snapshot_gates(&self.vps[i], ctx).1.check()?;
        Ok(self.enqueue(ctx, i, Action::RestoreSnapshot { name: name.to_owned() }))
    }

    /// `DELETE …/snapshots/{snapshotId}` (inferred: 202 operation).
    pub(crate) fn delete_snapshot(&mut self, ctx: &Ctx, id: &str, name: &str) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        if !self.vps[i].snapshots.iter().any(|s| s.name == name) {
            return Err(Problem::not_found("snapshot"));
        }
        if let Some(gate) = busy_gate(&self.vps[i], ctx) {
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
        backup_gates(&self.vps[i], ctx).1.check()?;
        Ok(self.enqueue(ctx, i, Action::RestoreBackup { backup_id: backup_id.to_owned() }))
    }

    /// `DELETE …/backups/{backupId}` (inferred: 202 operation).
    pub(crate) fn delete_backup(&mut self, ctx: &Ctx, id: &str, backup_id: &str) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        if !self.vps[i].backups.iter().any(|b| b.id == backup_id) {
            return Err(Problem::not_found("backup"));
        }
        if let Some(gate) = busy_gate(&self.vps[i], ctx) {
            gate.check()?;
        }
        Ok(self.enqueue(ctx, i, Action::DeleteBackup { backup_id: backup_id.to_owned() }))
    }

    /// `GET /api/jobs/{jobId}` (inferred: `{ "operation": Job }`). Status follows the elapsed
    /// fraction of the job's duration: `queued` for the first quarter, then `in_progress`. With
    /// `--drift`, the last fifth is the undocumented `verifying`, a status a client must tolerate.
    pub(crate) fn get_job(&self, ctx: &Ctx, job_id: &str) -> Result<Value, Problem> {
        let job =
            self.jobs.get(job_id).filter(|j| j.account == ctx.account).ok_or_else(|| Problem::not_found("job"))?;
        let quarter = job.created_at + job.duration / 4;
        let verifying = job.created_at + job.duration - job.duration / 5;
        let (status, updated) = if job.done {
            (if job.fails { "failed" } else { "completed" }, job.created_at + job.duration)
        } else if ctx.now < quarter {
            ("queued", job.created_at)
        } else if ctx.drift && ctx.now >= verifying {
            ("verifying", verifying)
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
