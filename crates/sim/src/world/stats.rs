//! What the server accepted, for `GET /__sim/stats`: every create, restore and delete it processed,
//! including those whose response was then faulted away, so a test can prove no retry duplicated one.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::jobs::Action;
use super::Ctx;
use crate::clock::rfc3339;

/// Counters and the log of accepted mutations.
#[derive(Default)]
pub(crate) struct Accepted {
    backups: u64,
    snapshots: u64,
    pub(super) schedules: u64,
    snapshot_restores: u64,
    backup_restores: u64,
    deletes: u64,
    /// VPS id → (backups, snapshots) created.
    by_vps: BTreeMap<String, (u64, u64)>,
    log: Vec<Value>,
}

impl Accepted {
    /// Counts a queued action and logs it with the field that names it.
    pub(super) fn record(&mut self, action: &Action, vps_id: &str, job_id: &str, ctx: &Ctx) {
        let mut entry = json!({
            "kind": action.kind().as_str(),
            "vpsId": vps_id,
            "jobId": job_id,
            "at": rfc3339(ctx.now),
            "faultedAfter": ctx.fault_after,
        });
        match action {
            Action::CreateBackup { note } => {
                self.backups += 1;
                self.by_vps.entry(vps_id.to_owned()).or_default().0 += 1;
                entry["note"] = json!(note);
            }
            Action::CreateSnapshot { name, .. } => {
                self.snapshots += 1;
                self.by_vps.entry(vps_id.to_owned()).or_default().1 += 1;
                entry["name"] = json!(name);
            }
            Action::RestoreSnapshot { name } => {
                self.snapshot_restores += 1;
                entry["snapshotName"] = json!(name);
            }
            Action::RestoreBackup { backup_id } => {
                self.backup_restores += 1;
                entry["backupId"] = json!(backup_id);
            }
            Action::DeleteSnapshot { name } => {
                self.deletes += 1;
                entry["name"] = json!(name);
            }
            Action::DeleteBackup { backup_id } => {
                self.deletes += 1;
                entry["backupId"] = json!(backup_id);
            }
        }
        self.log.push(entry);
    }

    /// The accepted-mutation part of `GET /__sim/stats` (see the README).
    pub(crate) fn to_json(&self) -> Map<String, Value> {
        // A duplicate: a second accepted create of the same snapshot name, or backup note, on one VPS.
        let mut seen: BTreeMap<(&str, &str, &str), u64> = BTreeMap::new();
        for e in &self.log {
            let kind = e["kind"].as_str().unwrap_or_default();
            let label = match kind {
                "snapshot" => e["name"].as_str(),
                "backup" => e["note"].as_str(),
                _ => None,
            };
            if let Some(label) = label {
                *seen.entry((kind, e["vpsId"].as_str().unwrap_or_default(), label)).or_default() += 1;
            }
        }
        let dup = |k: &str| -> u64 { seen.iter().filter(|((kind, ..), _)| *kind == k).map(|(_, n)| n - 1).sum() };
        let by_vps: Map<String, Value> =
            self.by_vps.iter().map(|(id, (b, s))| (id.clone(), json!({ "backups": b, "snapshots": s }))).collect();
        let v = json!({
            "createsAccepted": { "backups": self.backups, "snapshots": self.snapshots, "schedules": self.schedules },
            "restoresAccepted": self.snapshot_restores + self.backup_restores,
            "restoresAcceptedByKind": { "snapshots": self.snapshot_restores, "backups": self.backup_restores },
            "deletesAccepted": self.deletes,
            "duplicates": { "backups": dup("backup"), "snapshots": dup("snapshot") },
            "createsAcceptedByVps": by_vps,
            "accepted": self.log,
        });
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }
}
