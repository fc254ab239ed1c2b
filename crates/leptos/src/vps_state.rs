//! One model of a VPS, from which every section takes its gates. The server's gates (`actions.*`) say what it
//! allows; on top of them, while any job runs on the VPS — one this panel follows, one being sent, or one the
//! server reports through a `job_in_progress` gate (a schedule, another tab, a script) — every action that would
//! answer 409 is closed, with the reason. Plain Rust with native tests; the component feeds it signals.

use hostup_core::{BackupList, Gate, ScheduleList, SnapshotList};

/// The gate code of a closed gate while a job runs on the VPS (API.md: the gates include in-flight-job checks).
pub const JOB_IN_PROGRESS: &str = "job_in_progress";
const MISSING_SCOPE: &str = "missing_scope";

/// Something a user can do on a VPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Create a backup.
    CreateBackup,
    /// Restore a backup.
    RestoreBackup,
    /// Delete a backup.
    DeleteBackup,
    /// Create a snapshot.
    CreateSnapshot,
    /// Restore a snapshot.
    RestoreSnapshot,
    /// Delete a snapshot.
    DeleteSnapshot,
    /// Create a backup schedule.
    CreateSchedule,
    /// Edit, enable, disable or delete a backup schedule.
    ChangeSchedule,
}

impl Action {
    /// Whether the action starts a job (and so waits for any other job on the VPS).
    fn starts_job(self) -> bool {
        !matches!(self, Self::CreateSchedule | Self::ChangeSchedule)
    }
}

/// What is known about one VPS.
#[derive(Debug, Clone, Copy, Default)]
pub struct VpsFacts<'a> {
    /// The title of an action being sent right now (no answer yet).
    pub sending: Option<&'a str>,
    /// The title of a job this panel follows that has not ended.
    pub running: Option<&'a str>,
    /// The backups list, once loaded.
    pub backups: Option<&'a BackupList>,
    /// The snapshots list, once loaded.
    pub snapshots: Option<&'a SnapshotList>,
    /// The schedules list, once loaded.
    pub schedules: Option<&'a ScheduleList>,
}

fn closed(gate: &Gate) -> Option<String> {
    (!gate.allowed).then(|| gate.reason.clone().unwrap_or_else(|| "Not possible right now.".to_owned()))
}

fn has_code(gate: &Gate, code: &str) -> bool {
    !gate.allowed && gate.code.as_deref() == Some(code)
}

impl VpsFacts<'_> {
    /// Every server gate that is loaded.
    fn gates(&self) -> impl Iterator<Item = &Gate> {
        let b = self.backups.into_iter().flat_map(|l| [&l.actions.can_create_backup, &l.actions.can_restore]);
        let s = self.snapshots.into_iter().flat_map(|l| [&l.actions.can_create, &l.actions.can_restore]);
        b.chain(s)
    }

    /// The reason the server gives for a job running that this panel does not follow, if it gives one.
    pub fn outside_job(&self) -> Option<String> {
        if self.running.is_some() {
            return None;
        }
        self.gates().find(|g| has_code(g, JOB_IN_PROGRESS)).and_then(closed)
    }

    /// Why no job may start now, if one may not.
    pub fn busy(&self) -> Option<String> {
        if let Some(what) = self.sending {
            return Some(format!("Wait until {what} has been sent."));
        }
        if let Some(what) = self.running {
            return Some(format!("{what} is running. This is possible again when it has finished."));
        }
        self.gates().find(|g| has_code(g, JOB_IN_PROGRESS)).and_then(closed)
    }

    /// Whether `action` is possible now: `Err(reason)` when not.
    pub fn gate(&self, action: Action) -> Result<(), String> {
        if action.starts_job() {
            if let Some(reason) = self.busy() {
                return Err(reason);
            }
        }
        let loading = || "Loading…".to_owned();
        let check = |gate: Option<&Gate>| gate.and_then(closed).map_or(Ok(()), Err);
        // Deleting has no gate of its own: a missing scope shows on the list's other gates.
        let scope =
            |gate: Option<&Gate>| gate.filter(|g| has_code(g, MISSING_SCOPE)).and_then(closed).map_or(Ok(()), Err);
        match action {
            Action::CreateBackup => check(Some(&self.backups.ok_or_else(loading)?.actions.can_create_backup)),
            Action::RestoreBackup => check(Some(&self.backups.ok_or_else(loading)?.actions.can_restore)),
            Action::DeleteBackup => scope(Some(&self.backups.ok_or_else(loading)?.actions.can_create_backup)),
            Action::CreateSnapshot | Action::RestoreSnapshot => {
                let list = self.snapshots.ok_or_else(loading)?;
                if !list.available {
                    return Err("Snapshots are not available for this VPS.".to_owned());
                }
                let gate =
                    if action == Action::CreateSnapshot { &list.actions.can_create } else { &list.actions.can_restore };
                check(Some(gate))
            }
            Action::DeleteSnapshot => scope(Some(&self.snapshots.ok_or_else(loading)?.actions.can_create)),
            Action::CreateSchedule => {
                let list = self.schedules.ok_or_else(loading)?;
                check(Some(&list.actions.can_create))?;
                // At the limit a create would replace a schedule (the server picks which): edit one instead.
                match list.limits.max_schedules {
                    Some(max) if list.data.len() as u64 >= max => Err(format!(
                        "This VPS may have {max} backup schedule{}; edit or delete {} to change it.",
                        if max == 1 { "" } else { "s" },
                        if max == 1 { "it" } else { "one" }
                    )),
                    _ => Ok(()),
                }
            }
            Action::ChangeSchedule => scope(Some(&self.schedules.ok_or_else(loading)?.actions.can_create)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn gate(allowed: bool, code: Option<&str>, reason: &str) -> serde_json::Value {
        json!({ "allowed": allowed, "code": code, "reason": if allowed { None } else { Some(reason) } })
    }

    fn backups(create: serde_json::Value, restore: serde_json::Value) -> BackupList {
        serde_json::from_value(json!({
            "backups": [], "quotaInfo": { "used": 1, "limit": 7, "remaining": 6 },
            "actions": { "canCreateBackup": create, "canRestore": restore }
        }))
        .unwrap()
    }

    fn snapshots(create: serde_json::Value, restore: serde_json::Value) -> SnapshotList {
        serde_json::from_value(json!({
            "data": [], "available": true, "limits": { "totalSnapshots": 3 },
            "actions": { "canCreate": create, "canRestore": restore }
        }))
        .unwrap()
    }

    fn schedules(create: serde_json::Value) -> ScheduleList {
        serde_json::from_value(json!({ "data": [], "limits": {}, "actions": { "canCreate": create } })).unwrap()
    }

    const ALL: [Action; 8] = [
        Action::CreateBackup,
        Action::RestoreBackup,
        Action::DeleteBackup,
        Action::CreateSnapshot,
        Action::RestoreSnapshot,
        Action::DeleteSnapshot,
        Action::CreateSchedule,
        Action::ChangeSchedule,
    ];

    #[test]
    fn open_gates_allow_everything_and_nothing_is_allowed_before_loading() {
        let (b, s, c) = (
            backups(gate(true, None, ""), gate(true, None, "")),
            snapshots(gate(true, None, ""), gate(true, None, "")),
            schedules(gate(true, None, "")),
        );
        let facts = VpsFacts { backups: Some(&b), snapshots: Some(&s), schedules: Some(&c), ..Default::default() };
        for a in ALL {
            assert_eq!(facts.gate(a), Ok(()), "{a:?}");
        }
        let empty = VpsFacts::default();
        for a in ALL {
            assert_eq!(empty.gate(a), Err("Loading…".to_owned()), "{a:?}");
        }
    }

    #[test]
    fn a_followed_job_closes_every_job_action_but_not_schedules() {
        let (b, s, c) = (
            backups(gate(true, None, ""), gate(true, None, "")),
            snapshots(gate(true, None, ""), gate(true, None, "")),
            schedules(gate(true, None, "")),
        );
        let facts = VpsFacts {
            running: Some("Backup"),
            backups: Some(&b),
            snapshots: Some(&s),
            schedules: Some(&c),
            ..Default::default()
        };
        for a in ALL {
            let expect_closed = !matches!(a, Action::CreateSchedule | Action::ChangeSchedule);
            assert_eq!(facts.gate(a).is_err(), expect_closed, "{a:?}");
        }
        assert_eq!(
            facts.gate(Action::DeleteSnapshot).unwrap_err(),
            "Backup is running. This is possible again when it has finished."
        );
        let sending = VpsFacts { sending: Some("Snapshot s1"), ..facts };
        assert_eq!(sending.gate(Action::RestoreBackup).unwrap_err(), "Wait until Snapshot s1 has been sent.");
    }

    #[test]
    fn a_job_started_elsewhere_closes_deletes_too_and_is_reported() {
        let busy = gate(false, Some(JOB_IN_PROGRESS), "A backup of this VPS is being created.");
        let (b, s) = (backups(busy.clone(), busy.clone()), snapshots(gate(true, None, ""), gate(true, None, "")));
        let facts = VpsFacts { backups: Some(&b), snapshots: Some(&s), ..Default::default() };
        assert_eq!(facts.outside_job().as_deref(), Some("A backup of this VPS is being created."));
        for a in [Action::DeleteSnapshot, Action::RestoreSnapshot, Action::CreateSnapshot, Action::DeleteBackup] {
            assert_eq!(facts.gate(a).unwrap_err(), "A backup of this VPS is being created.", "{a:?}");
        }
        let ours = VpsFacts { running: Some("Backup"), ..facts };
        assert_eq!(ours.outside_job(), None, "our own job is not an outside one");
    }

    #[test]
    fn server_reasons_and_missing_scopes_are_shown() {
        let full = gate(false, Some("quota_exceeded"), "The backup quota is full.");
        let scope = gate(false, Some(MISSING_SCOPE), "This API key lacks the backup:vm scope.");
        let b = backups(full, gate(true, None, ""));
        let s = snapshots(scope.clone(), scope);
        let c: ScheduleList = serde_json::from_value(json!({
            "data": [{ "id": "bks_1", "name": "n", "frequency": "daily", "time": "02:00", "daySpecifier": null,
                       "retentionCount": 7, "enabled": true, "lastRun": null, "nextRun": null, "status": null }],
            "limits": { "maxSchedules": 1 }, "actions": { "canCreate": { "allowed": true, "reason": null } }
        }))
        .unwrap();
        let facts = VpsFacts { backups: Some(&b), snapshots: Some(&s), schedules: Some(&c), ..Default::default() };
        assert_eq!(
            facts.gate(Action::CreateSchedule).unwrap_err(),
            "This VPS may have 1 backup schedule; edit or delete it to change it."
        );
        assert_eq!(facts.gate(Action::ChangeSchedule), Ok(()));
        assert_eq!(facts.gate(Action::CreateBackup).unwrap_err(), "The backup quota is full.");
        assert_eq!(facts.gate(Action::DeleteBackup), Ok(()), "a full quota is no reason not to delete");
        assert_eq!(facts.gate(Action::DeleteSnapshot).unwrap_err(), "This API key lacks the backup:vm scope.");
    }
}
