//! `GET /api/v2/vps/{id}/status` — live status (referenced; `{ "data": {...} }` or bare, inferred).

use super::{one_id, vps_path, Endpoint};
use crate::http::{Config, Method, Request, RequestKind};
use crate::{ResourceId, ValidationErrors, VpsStatus};

/// Gets a VPS's live status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetVpsStatus {
    vps_id: ResourceId,
}

impl GetVpsStatus {
    /// Validates the id.
    pub fn new<'a>(vps_id: impl Into<crate::Arg<'a>>) -> Result<Self, ValidationErrors> {
        Ok(Self { vps_id: one_id(vps_id.into())? })
    }
}

impl Endpoint for GetVpsStatus {
    type Output = VpsStatus;
    const NAME: &'static str = "getVpsStatus";
    const WIRE: crate::shape::Wire =
        crate::shape::Wire::Wrapped("data", <crate::VpsStatus as crate::wire::Shaped>::SHAPE);
    fn request(&self, config: &Config) -> Request {
        config.request(Method::Get, RequestKind::Read, format!("{}/status", vps_path(&self.vps_id)), None)
    }
}
