//! The fleet audit (issue #14): list the VPS, read each one's backups, schedules and snapshots, and let core's
//! [`AuditRun`] decide. Requests go through the client's one loop, so they are paced by the rate limit and retried
//! as core's policy says; a VPS whose lists still cannot be read becomes a finding, never an error.

use crate::client::Client;
use crate::error::Error;
use crate::transport::Transport;
use futures::stream::{self, StreamExt};
use hostup_core::audit::{AuditPolicy, AuditRun, Finding, FleetAudit, VpsLists};
use hostup_core::{self as core, BackupList, Endpoint, ScheduleList, SnapshotList};

/// How far a fleet audit has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditProgress {
    /// VPS audited so far.
    pub done: usize,
    /// VPS in the fleet.
    pub total: usize,
}

/// How to audit.
pub struct AuditOptions<'a> {
    /// What to expect of every VPS.
    pub policy: AuditPolicy,
    /// VPS read at a time (at least 1). The rate limit paces the requests whatever this is; more only hides latency.
    pub concurrency: usize,
    /// The instant to judge at, in Unix ms; `None`: the platform's clock when the VPS list arrives.
    pub now_unix_ms: Option<u64>,
    /// Called after each VPS.
    pub on_progress: Option<&'a dyn Fn(AuditProgress)>,
}

impl Default for AuditOptions<'_> {
    fn default() -> Self {
        Self { policy: AuditPolicy::default(), concurrency: DEFAULT_CONCURRENCY, now_unix_ms: None, on_progress: None }
    }
}

/// Core's default (`limits::AUDIT_CONCURRENCY`).
const DEFAULT_CONCURRENCY: usize = hostup_core::limits::AUDIT_CONCURRENCY.default as usize;

impl<T: Transport> Client<T> {
    /// Audits every VPS of the account. Fails only when the VPS list itself cannot be read: a VPS whose lists cannot
    /// be read becomes a `vps_unreadable` finding.
    ///
    /// Costs 1 + 3 × (number of VPS) requests. Every VPS is judged against one `now` (the report's `checkedAt`).
    pub async fn audit_backups(&self, options: AuditOptions<'_>) -> Result<FleetAudit, Error> {
        let fleet = self.list_vps().await?.data;
        let now = options.now_unix_ms.unwrap_or_else(|| self.transport().unix_ms());
        let total = fleet.len();
        let mut run = AuditRun::new(options.policy, now, total);
        let mut done = 0;
        let mut read = stream::iter(fleet.iter().enumerate())
            .map(|(place, vps)| async move { (place, vps, self.read_lists(&vps.id).await) })
            .buffer_unordered(hostup_core::limits::AUDIT_CONCURRENCY.clamp(options.concurrency as u64) as usize);
        while let Some((place, vps, (backups, schedules, snapshots, unreadable))) = read.next().await {
            let lists =
                VpsLists { backups: backups.as_ref(), schedules: schedules.as_ref(), snapshots: snapshots.as_ref() };
            run.audit(place, &vps.id, vps.name.as_deref(), lists, unreadable);
            done += 1;
            if let Some(progress) = options.on_progress {
                progress(AuditProgress { done, total });
            }
        }
        Ok(run.finish())
    }

    /// Reads one VPS's three lists in turn; each that cannot be read becomes a finding.
    async fn read_lists(&self, id: &str) -> Lists {
        let mut unreadable = Vec::new();
        let mut keep = |endpoint: &str, e: Error| unreadable.push(unreadable_finding(id, endpoint, &e));
        let backups = self.list_backups(id).await.map_err(|e| keep(core::ListBackups::NAME, e)).ok();
        let schedules = self.list_backup_schedules(id).await.map_err(|e| keep(core::ListBackupSchedules::NAME, e)).ok();
        let snapshots = self.list_snapshots(id).await.map_err(|e| keep(core::ListSnapshots::NAME, e)).ok();
        (backups, schedules, snapshots, unreadable)
    }
}

/// One VPS's lists as read (`None`: not read) and the findings for those that could not be.
type Lists = (Option<BackupList>, Option<ScheduleList>, Option<SnapshotList>, Vec<Finding>);

/// The `vps_unreadable` finding for a failed list read: the error's code, message, status and request id.
fn unreadable_finding(vps_id: &str, endpoint: &str, e: &Error) -> Finding {
    let status = match e {
        Error::Core(hostup_core::Error::Decode { status, .. }) => Some(*status),
        _ => e.as_api().map(|a| a.status),
    };
    Finding::unreadable(vps_id, endpoint, &e.code(), &e.to_string(), status, e.request_id())
}
