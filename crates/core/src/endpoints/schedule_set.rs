//! `POST /api/v2/vps/{id}/backup-schedules` — create or replace a backup schedule (API.md §3, seeds/002).
//! Scope `write:vm`. `201` → the saved schedule.

use super::{vps_path, Endpoint};
use crate::http::{Config, Method, Request, RequestKind};
use crate::input::BackupSchedule;
use crate::{ResourceId, Schedule, ValidationErrors};

/// Creates or replaces a schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetBackupSchedule {
    vps_id: ResourceId,
    schedule: BackupSchedule,
}

impl SetBackupSchedule {
    /// Validates the id; the schedule is valid by construction.
    pub fn new<'a>(vps_id: impl Into<crate::Arg<'a>>, schedule: BackupSchedule) -> Result<Self, ValidationErrors> {
        Ok(Self { vps_id: super::one_id(vps_id.into())?, schedule })
    }

    /// Validates the id and a loose JSON schedule, reporting every broken field (day rules included).
    pub fn from_json<'a>(
        vps_id: impl Into<crate::Arg<'a>>,
        input: &serde_json::Value,
    ) -> Result<Self, ValidationErrors> {
        let (vps_id, schedule) = super::id_and_body(vps_id.into(), BackupSchedule::from_json(input))?;
        Ok(Self { vps_id, schedule })
    }
}

impl Endpoint for SetBackupSchedule {
    type Output = Schedule;
    const NAME: &'static str = "setBackupSchedule";
    const WIRE: crate::shape::Wire = crate::shape::Wire::Body(<crate::Schedule as crate::wire::Shaped>::SHAPE);
    fn request(&self, config: &Config) -> Request {
        let body = Some(self.schedule.body());
        config.request(Method::Post, RequestKind::Create, format!("{}/backup-schedules", vps_path(&self.vps_id)), body)
    }
}
