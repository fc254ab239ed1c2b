//! `POST /api/v2/vps/{id}/snapshots/{snapshotId}/actions/restore` — roll back to a snapshot (API.md §5, seeds/004).
//! No body. **Destructive**: the current disk state is replaced. Never retried automatically, not even on 429.

use super::{snapshot_path, snapshot_ref_confirmed, Endpoint};
use crate::http::{Config, Method, Request, RequestKind};
use crate::{Operation, ResourceId, SnapshotName, ValidationErrors};

/// Restores the snapshot `name` (its `{snapshotId}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreSnapshot {
    vps_id: ResourceId,
    name: SnapshotName,
}

impl RestoreSnapshot {
    /// Validates the id, the snapshot name (the name rule applies in the path too) and the confirmation: the
    /// restore replaces the current disk, so it cannot be built unless `confirm` repeats `name` exactly. Every broken
    /// part is reported at once (`/vpsId`, `/snapshotId`, `/confirm`).
    pub fn new<'a>(
        vps_id: impl Into<crate::Arg<'a>>,
        name: impl Into<crate::Arg<'a>>,
        confirm: &str,
    ) -> Result<Self, ValidationErrors> {
        let (vps_id, name) = snapshot_ref_confirmed(vps_id.into(), name.into(), Some(confirm))?;
        Ok(Self { vps_id, name })
    }

    /// The snapshot being restored.
    pub fn name(&self) -> &SnapshotName {
        &self.name
    }
}

impl Endpoint for RestoreSnapshot {
    type Output = Operation;
    const NAME: &'static str = "restoreSnapshot";
    const WIRE: crate::shape::Wire = crate::shape::Wire::Operation;
    fn request(&self, config: &Config) -> Request {
        let path = format!("{}/actions/restore", snapshot_path(&self.vps_id, &self.name));
        config.request(Method::Post, RequestKind::Restore, path, None)
    }
}
