//! The fleet audit (issue #14): list the VPS, read each one's backups, schedules and snapshots, and let core's
//! [`audit_vps`] decide. Requests go through the client's one loop, so they are paced by the rate limit and retried
//! as core's policy says; a VPS whose lists still cannot be read becomes a finding, never an error.

use crate::client::Client;
use crate::error::Error;
use crate::transport::Transport;
use futures::stream::{self, StreamExt};
use hostup_core::audit::{audit_vps, AuditPolicy, Finding, FleetAudit, VpsLists};
use hostup_core::Vps;

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

/// Enough VPS in flight to cover a request's latency at the default rate limit (600/min = one per 100 ms).
const DEFAULT_CONCURRENCY: usize = 4;

impl<T: Transport> Client<T> {
    /// Audits every VPS of the account. Fails only when the VPS list itself cannot be read: a VPS whose lists cannot
    /// be read becomes a `vps_unreadable` finding.
    ///
    /// Costs 1 + 3 × (number of VPS) requests. Every VPS is judged against one `now` (the report's `checkedAt`).
    pub async fn audit_backups(&self, options: AuditOptions<'_>) -> Result<FleetAudit, Error> {
        let fleet = self.list_vps().await?.data;
        let now = options.now_unix_ms.unwrap_or_else(|| self.transport().unix_ms());
        let policy = &options.policy;
        let total = fleet.len();
        let mut report = FleetAudit::new(*policy, now);
        let mut done = 0;
        let mut rows = stream::iter(&fleet)
            .map(|vps| self.audit_one(vps, policy, now))
            .buffer_unordered(options.concurrency.max(1));
        while let Some((row, findings)) = rows.next().await {
            report.push(row, findings);
            done += 1;
            if let Some(progress) = options.on_progress {
                progress(AuditProgress { done, total });
            }
        }
        let order: Vec<&str> = fleet.iter().map(|v| v.id.as_str()).collect();
        report.finish(&order);
        Ok(report)
    }

    /// Reads one VPS's three lists in turn and audits them.
    async fn audit_one(
        &self,
        vps: &Vps,
        policy: &AuditPolicy,
        now: u64,
    ) -> (hostup_core::audit::VpsAudit, Vec<Finding>) {
        let id = vps.id.as_str();
        let mut unreadable = Vec::new();
        let mut keep = |endpoint: &str, e: Error| unreadable.push(unreadable_finding(id, endpoint, &e));
        let backups = self.list_backups(id).await.map_err(|e| keep("listBackups", e)).ok();
        let schedules = self.list_backup_schedules(id).await.map_err(|e| keep("listBackupSchedules", e)).ok();
        let snapshots = self.list_snapshots(id).await.map_err(|e| keep("listSnapshots", e)).ok();
        let lists =
            VpsLists { backups: backups.as_ref(), schedules: schedules.as_ref(), snapshots: snapshots.as_ref() };
        audit_vps(vps, lists, unreadable, policy, now)
    }
}

/// The `vps_unreadable` finding for a failed list read: the error's code, message, status and request id.
fn unreadable_finding(vps_id: &str, endpoint: &str, e: &Error) -> Finding {
    let status = match e {
        Error::Core(hostup_core::Error::Decode { status, .. }) => Some(*status),
        _ => e.as_api().map(|a| a.status),
    };
    Finding::unreadable(vps_id, endpoint, &e.code(), &e.to_string(), status, e.request_id())
}
