//! `GET /api/v2/vps/{id}/backups` — backups, quota and action gates (API.md §4, seeds/003). Scope `read:vm`.

use super::{one_id, vps_path, Endpoint};
use crate::http::{Config, Method, Request, RequestKind};
use crate::{BackupList, ResourceId, ValidationErrors};

/// Lists a VPS's backups with `quotaInfo` and `actions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListBackups {
    vps_id: ResourceId,
}

impl ListBackups {
    /// Validates the id.
    pub fn new<'a>(vps_id: impl Into<crate::Arg<'a>>) -> Result<Self, ValidationErrors> {
        Ok(Self { vps_id: one_id(vps_id.into())? })
    }
}

impl Endpoint for ListBackups {
    type Output = BackupList;
    const NAME: &'static str = "listBackups";
    const WIRE: crate::shape::Wire = crate::shape::Wire::Body(<crate::BackupList as crate::wire::Shaped>::SHAPE);
    fn request(&self, config: &Config) -> Request {
        config.request(Method::Get, RequestKind::Read, format!("{}/backups", vps_path(&self.vps_id)), None)
    }
}
