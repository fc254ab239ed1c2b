//! `GET /api/v2/vps/{id}/backup-schedules` — schedules, limits and gates (referenced; shape inferred, see
//! [`crate::inferred::ScheduleList`]).

use super::{one_id, vps_path, Endpoint};
use crate::http::{Config, Method, Request, RequestKind};
use crate::{ResourceId, ScheduleList, ValidationErrors};

/// Lists a VPS's backup schedules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListBackupSchedules {
    vps_id: ResourceId,
}

impl ListBackupSchedules {
    /// Validates the id.
    pub fn new<'a>(vps_id: impl Into<crate::Arg<'a>>) -> Result<Self, ValidationErrors> {
        Ok(Self { vps_id: one_id(vps_id.into())? })
    }
}

impl Endpoint for ListBackupSchedules {
    type Output = ScheduleList;
    const NAME: &'static str = "listBackupSchedules";
    const WIRE: crate::shape::Wire = crate::shape::Wire::Body(<crate::ScheduleList as crate::wire::Shaped>::SHAPE);
    fn request(&self, config: &Config) -> Request {
        config.request(Method::Get, RequestKind::Read, format!("{}/backup-schedules", vps_path(&self.vps_id)), None)
    }
}
