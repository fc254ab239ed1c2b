//! `GET /api/v2/vps/{id}` — VPS details (referenced; `{ "data": Vps }` or bare, inferred).

use super::{one_id, vps_path, Endpoint};
use crate::http::{Config, Method, Request, RequestKind};
use crate::{ResourceId, ValidationErrors, Vps};

/// Gets one VPS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetVps {
    vps_id: ResourceId,
}

impl GetVps {
    /// Validates the id.
    pub fn new<'a>(vps_id: impl Into<crate::Arg<'a>>) -> Result<Self, ValidationErrors> {
        Ok(Self { vps_id: one_id(vps_id.into())? })
    }
}

impl Endpoint for GetVps {
    type Output = Vps;
    const NAME: &'static str = "getVps";
    const WIRE: crate::shape::Wire = crate::shape::Wire::Wrapped("data", <crate::Vps as crate::wire::Shaped>::SHAPE);
    fn request(&self, config: &Config) -> Request {
        config.request(Method::Get, RequestKind::Read, vps_path(&self.vps_id), None)
    }
}
