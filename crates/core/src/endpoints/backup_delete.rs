//! `DELETE /api/v2/vps/{id}/backups/{backupId}` — delete a backup (referenced; path by analogy, inferred: a 202
//! operation envelope, or a 204 with no body).

use super::{two_ids, vps_path, Endpoint};
use crate::http::{encode_segment, Config, Method, Request, RequestKind};
use crate::{Operation, ResourceId, ValidationErrors};

/// Deletes a backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteBackup {
    vps_id: ResourceId,
    backup_id: ResourceId,
}

impl DeleteBackup {
    /// Validates both ids.
    pub fn new<'a>(
        vps_id: impl Into<crate::Arg<'a>>,
        backup_id: impl Into<crate::Arg<'a>>,
    ) -> Result<Self, ValidationErrors> {
        let (vps_id, backup_id) = two_ids(vps_id.into(), backup_id.into(), "/backupId")?;
        Ok(Self { vps_id, backup_id })
    }
}

impl Endpoint for DeleteBackup {
    type Output = Option<Operation>;
    const NAME: &'static str = "deleteBackup";
    const WIRE: crate::shape::Wire = crate::shape::Wire::OptionalOperation;
    fn request(&self, config: &Config) -> Request {
        let path = format!("{}/backups/{}", vps_path(&self.vps_id), encode_segment(self.backup_id.as_str()));
        config.request(Method::Delete, RequestKind::Delete, path, None)
    }
}
