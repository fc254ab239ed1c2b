//! The read endpoints: the JSON shapes of the seeds (backups) and of docs/inferred.md (VPS,
//! snapshots, schedules).

use serde_json::{json, Value};

use super::gates::{backup_gates, schedule_gate, snapshot_gates};
use super::jobs::JobKind;
use super::{Ctx, Schedule, Vps, World, BACKUP_QUOTA, MAX_SCHEDULES, SNAPSHOT_SLOTS, SNAPSHOT_TTL_MS};
use crate::clock::{next_run, rfc3339, Cadence};
use crate::problem::Problem;

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

/// A schedule as `POST`/`PATCH …/backup-schedules` and the list answer it (seed 002's 201 body).
pub(super) fn schedule_json(s: &Schedule, now: i64) -> Value {
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

impl World {
    /// `GET /api/v2/vps`.
    pub(crate) fn list_vps(&self, ctx: &Ctx) -> Value {
        let data: Vec<Value> = self.vps.iter().filter(|v| v.account == ctx.account).map(vps_json).collect();
        json!({ "data": data })
    }

    /// `GET /api/v2/vps/{id}`.
    pub(crate) fn get_vps(&mut self, ctx: &Ctx, id: &str) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        Ok(json!({ "data": vps_json(&self.vps[i]) }))
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
        let (create, restore) = backup_gates(v, ctx);
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
        let (create, restore) = snapshot_gates(v, ctx);
        Ok(json!({
            "data": data,
            "available": true,
            "limits": { "totalSnapshots": SNAPSHOT_SLOTS, "usedSnapshots": v.snapshots.len() },
            "actions": { "canCreate": create, "canRestore": restore },
        }))
    }

    /// `GET /api/v2/vps/{id}/backup-schedules` (docs/inferred.md `ScheduleList`).
    pub(crate) fn list_schedules(&mut self, ctx: &Ctx, id: &str) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        let data: Vec<Value> = self.vps[i].schedules.iter().map(|s| schedule_json(s, ctx.now)).collect();
        Ok(json!({
            "data": data,
            "limits": { "maxSchedules": MAX_SCHEDULES },
            "actions": { "canCreate": schedule_gate(ctx) },
        }))
    }
}
