//! `PATCH /api/v2/vps/{id}/backup-schedules` — update backup settings (referenced; body and answer inferred: a
//! partial schedule with an optional `id`, answered by the updated schedule — see `docs/inferred.md`).

use super::{vps_path, Endpoint};
use crate::http::{Config, Method, Request, RequestKind};
use crate::input::SchedulePatch;
use crate::{ResourceId, Schedule, ValidationErrors};

/// Updates a schedule in part.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateBackupSchedules {
    vps_id: ResourceId,
    patch: SchedulePatch,
}

impl UpdateBackupSchedules {
    /// Validates the id and a loose JSON patch, reporting every broken field.
    pub fn from_json<'a>(
        vps_id: impl Into<crate::Arg<'a>>,
        patch: &serde_json::Value,
    ) -> Result<Self, ValidationErrors> {
        let (vps_id, patch) = super::id_and_body(vps_id.into(), SchedulePatch::from_json(patch))?;
        Ok(Self { vps_id, patch })
    }
}

impl Endpoint for UpdateBackupSchedules {
    type Output = Schedule;
    const NAME: &'static str = "updateBackupSchedules";
    const WIRE: crate::shape::Wire = crate::shape::Wire::Body(<crate::Schedule as crate::wire::Shaped>::SHAPE);
    fn request(&self, config: &Config) -> Request {
        let body = Some(self.patch.body());
        config.request(Method::Patch, RequestKind::Update, format!("{}/backup-schedules", vps_path(&self.vps_id)), body)
    }
}
