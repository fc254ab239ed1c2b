//! The `actions.*` gates (API.md section 4): whether an action is allowed now and, if not, why.
//! A POST against a closed gate is a 409 with the gate's code.

use serde::Serialize;

use super::{Ctx, Vps, BACKUP_QUOTA, SNAPSHOT_SLOTS};
use crate::config::Scopes;
use crate::problem::Problem;

/// A gate of `actions.*` (`code` always present, null when allowed).
#[derive(Serialize)]
pub(super) struct Gate {
    allowed: bool,
    reason: Option<String>,
    code: Option<&'static str>,
}

impl Gate {
    pub(super) fn open() -> Self {
        Self { allowed: true, reason: None, code: None }
    }

    pub(super) fn closed(code: &'static str, reason: impl Into<String>) -> Self {
        Self { allowed: false, reason: Some(reason.into()), code: Some(code) }
    }

    /// A POST against this gate: 409 with the gate's code when closed.
    pub(super) fn check(self) -> Result<(), Problem> {
        match (self.allowed, self.code, self.reason) {
            (true, ..) => Ok(()),
            (false, code, reason) => Err(Problem::conflict(
                code.unwrap_or("conflict"),
                reason.as_deref().unwrap_or("The action is not allowed right now."),
            )),
        }
    }
}

/// Closed for a key without `backup:vm`, and while a job runs on the VPS.
pub(super) fn busy_gate(vps: &Vps, ctx: &Ctx) -> Option<Gate> {
    if !ctx.scopes.contains(Scopes::BACKUP_VM) {
        return Some(Gate::closed("missing_scope", "This API key lacks the backup:vm scope."));
    }
    vps.busy.map(|k| Gate::closed("job_in_progress", k.busy_reason()))
}

/// A create gate and a restore gate over one list: busy first, then full (create), then empty (restore).
fn list_gates(
    vps: &Vps,
    ctx: &Ctx,
    len: usize,
    full: (usize, &'static str, String),
    empty: (&'static str, &str),
) -> (Gate, Gate) {
    let create =
        busy_gate(vps, ctx).unwrap_or_else(|| if len >= full.0 { Gate::closed(full.1, full.2) } else { Gate::open() });
    let restore =
        busy_gate(vps, ctx).unwrap_or_else(|| if len == 0 { Gate::closed(empty.0, empty.1) } else { Gate::open() });
    (create, restore)
}

/// `(canCreateBackup, canRestore)` of `GET …/backups`.
pub(super) fn backup_gates(vps: &Vps, ctx: &Ctx) -> (Gate, Gate) {
    let full =
        format!("The backup quota is full ({BACKUP_QUOTA} of {BACKUP_QUOTA} used). Delete an old backup to make room.");
    let empty = ("no_backups", "This VPS has no backups to restore yet.");
    list_gates(vps, ctx, vps.backups.len(), (BACKUP_QUOTA, "quota_exceeded", full), empty)
}

/// `(canCreate, canRestore)` of `GET …/snapshots`.
pub(super) fn snapshot_gates(vps: &Vps, ctx: &Ctx) -> (Gate, Gate) {
    let full =
        format!("All {SNAPSHOT_SLOTS} snapshot slots are in use. Delete a snapshot or add slots to take a new one.");
    let empty = ("no_snapshots", "This VPS has no snapshots to restore.");
    list_gates(vps, ctx, vps.snapshots.len(), (SNAPSHOT_SLOTS, "snapshot_slots_full", full), empty)
}

/// `canCreate` of `GET …/backup-schedules`.
pub(super) fn schedule_gate(ctx: &Ctx) -> Gate {
    if ctx.scopes.contains(Scopes::WRITE_VM) {
        Gate::open()
    } else {
        Gate::closed("missing_scope", "This API key lacks the write:vm scope.")
    }
}
