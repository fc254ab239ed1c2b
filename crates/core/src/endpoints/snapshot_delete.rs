//! `DELETE /api/v2/vps/{id}/snapshots/{snapshotId}` — delete a snapshot (referenced; path by analogy, inferred: a 202
//! operation envelope, or a 204 with no body).

use super::{snapshot_path, snapshot_ref, Endpoint};
use crate::http::{Config, Method, Request, RequestKind};
use crate::{Operation, ResourceId, SnapshotName, ValidationErrors};

/// Deletes the snapshot `name`, freeing its slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteSnapshot {
    vps_id: ResourceId,
    name: SnapshotName,
}

impl DeleteSnapshot {
    /// Validates the id and the snapshot name.
    pub fn new<'a>(
        vps_id: impl Into<crate::Arg<'a>>,
        name: impl Into<crate::Arg<'a>>,
    ) -> Result<Self, ValidationErrors> {
        let (vps_id, name) = snapshot_ref(vps_id.into(), name.into())?;
        Ok(Self { vps_id, name })
    }
}

impl Endpoint for DeleteSnapshot {
    type Output = Option<Operation>;
    const NAME: &'static str = "deleteSnapshot";
    const WIRE: crate::shape::Wire = crate::shape::Wire::OptionalOperation;
    fn request(&self, config: &Config) -> Request {
        config.request(Method::Delete, RequestKind::Delete, snapshot_path(&self.vps_id, &self.name), None)
    }
}
