//! `GET /api/v2/vps/{id}/status` — live status (referenced; `{ "data": {...} }` or bare, inferred).

use super::{one_id, vps_path, Endpoint};
use crate::http::{Config, Method, Request, RequestKind, Response};
use crate::inferred::DataWrapper;
use crate::{response, Error, ResourceId, ValidationErrors, VpsStatus};

/// Gets a VPS's live status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetVpsStatus {
    vps_id: ResourceId,
}

impl GetVpsStatus {
    /// Validates the id.
    pub fn new(vps_id: &str) -> Result<Self, ValidationErrors> {
        Ok(Self { vps_id: one_id(vps_id)? })
    }
}

impl Endpoint for GetVpsStatus {
    type Output = VpsStatus;
    const WIRE: crate::shape::Wire = crate::shape::Wire::Wrapped("data", crate::shape::VPS_STATUS);
    fn request(&self, config: &Config) -> Request {
        config.request(Method::Get, RequestKind::Read, format!("{}/status", vps_path(&self.vps_id)), None)
    }
    fn parse(&self, response: &Response) -> Result<VpsStatus, Error> {
        response::parse_wrapped(response, "data", |w: DataWrapper<_>| w.data)
    }
}
