//! `POST /api/v2/vps/{id}/backups/{backupId}/actions/restore` — restore a backup (referenced; path by analogy with the
//! snapshot restore, inferred). Destructive: never retried automatically.

use super::{two_ids_confirmed, vps_path, Endpoint};
use crate::http::{encode_segment, Config, Method, Request, RequestKind};
use crate::{Operation, ResourceId, ValidationErrors};

/// Restores a backup over the VPS's current disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreBackup {
    vps_id: ResourceId,
    backup_id: ResourceId,
}

impl RestoreBackup {
    /// Validates both ids and the confirmation: the restore replaces the current disk, so it cannot be built unless
    /// `confirm` repeats `backup_id` exactly. Every broken part is reported at once.
    pub fn new<'a>(
        vps_id: impl Into<crate::Arg<'a>>,
        backup_id: impl Into<crate::Arg<'a>>,
        confirm: &str,
    ) -> Result<Self, ValidationErrors> {
        let (vps_id, backup_id) =
            two_ids_confirmed(vps_id.into(), backup_id.into(), "/backupId", Some((confirm, "backup id")))?;
        Ok(Self { vps_id, backup_id })
    }
}

impl Endpoint for RestoreBackup {
    type Output = Operation;
    const NAME: &'static str = "restoreBackup";
    const WIRE: crate::shape::Wire = crate::shape::Wire::Operation;
    fn request(&self, config: &Config) -> Request {
        let path =
            format!("{}/backups/{}/actions/restore", vps_path(&self.vps_id), encode_segment(self.backup_id.as_str()));
        config.request(Method::Post, RequestKind::Restore, path, None)
    }
}
