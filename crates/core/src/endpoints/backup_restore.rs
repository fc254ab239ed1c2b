//! `POST /api/v2/vps/{id}/backups/{backupId}/actions/restore` — restore a backup (referenced; path by analogy with the
//! snapshot restore, inferred). Destructive: never retried automatically.

use super::{two_ids, vps_path, Endpoint};
use crate::http::{encode_segment, Config, Method, Request, RequestKind, Response};
use crate::{response, Error, Operation, OperationEnvelope, ResourceId, ValidationErrors};

/// Restores a backup over the VPS's current disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreBackup {
    vps_id: ResourceId,
    backup_id: ResourceId,
}

impl RestoreBackup {
    /// Validates both ids.
    pub fn new(vps_id: &str, backup_id: &str) -> Result<Self, ValidationErrors> {
        let (vps_id, backup_id) = two_ids(vps_id, backup_id, "/backupId")?;
        Ok(Self { vps_id, backup_id })
    }
}

impl Endpoint for RestoreBackup {
    type Output = Operation;
    const WIRE: crate::shape::Wire = crate::shape::Wire::Operation;
    fn request(&self, config: &Config) -> Request {
        let path =
            format!("{}/backups/{}/actions/restore", vps_path(&self.vps_id), encode_segment(self.backup_id.as_str()));
        config.request(Method::Post, RequestKind::Restore, path, None)
    }
    fn parse(&self, response: &Response) -> Result<Operation, Error> {
        response::parse_json::<OperationEnvelope>(response).map(|e| e.operation)
    }
}
