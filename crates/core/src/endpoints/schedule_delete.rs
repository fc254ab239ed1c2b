//! `DELETE /api/v2/vps/{id}/backup-schedules/{scheduleId}` — delete a schedule (referenced; inferred `204`).

use super::{two_ids, vps_path, Endpoint};
use crate::http::{encode_segment, Config, Method, Request, RequestKind};
use crate::{ResourceId, ValidationErrors};

/// Deletes a schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteBackupSchedule {
    vps_id: ResourceId,
    schedule_id: ResourceId,
}

impl DeleteBackupSchedule {
    /// Validates both ids.
    pub fn new<'a>(
        vps_id: impl Into<crate::Arg<'a>>,
        schedule_id: impl Into<crate::Arg<'a>>,
    ) -> Result<Self, ValidationErrors> {
        let (vps_id, schedule_id) = two_ids(vps_id.into(), schedule_id.into(), "/scheduleId")?;
        Ok(Self { vps_id, schedule_id })
    }
}

impl Endpoint for DeleteBackupSchedule {
    type Output = ();
    const NAME: &'static str = "deleteBackupSchedule";
    const WIRE: crate::shape::Wire = crate::shape::Wire::Empty;
    fn request(&self, config: &Config) -> Request {
        let path = format!("{}/backup-schedules/{}", vps_path(&self.vps_id), encode_segment(self.schedule_id.as_str()));
        config.request(Method::Delete, RequestKind::Delete, path, None)
    }
}
