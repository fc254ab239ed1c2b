//! `GET /api/v2/vps/{id}/snapshots` — snapshots, availability, slots and gates (referenced; shape inferred, see
//! [`crate::inferred::SnapshotList`]).

use super::{one_id, vps_path, Endpoint};
use crate::http::{Config, Method, Request, RequestKind};
use crate::{ResourceId, SnapshotList, ValidationErrors};

/// Lists a VPS's snapshots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListSnapshots {
    vps_id: ResourceId,
}

impl ListSnapshots {
    /// Validates the id.
    pub fn new<'a>(vps_id: impl Into<crate::Arg<'a>>) -> Result<Self, ValidationErrors> {
        Ok(Self { vps_id: one_id(vps_id.into())? })
    }
}

impl Endpoint for ListSnapshots {
    type Output = SnapshotList;
    const NAME: &'static str = "listSnapshots";
    const WIRE: crate::shape::Wire = crate::shape::Wire::Body(<crate::SnapshotList as crate::wire::Shaped>::SHAPE);
    fn request(&self, config: &Config) -> Request {
        config.request(Method::Get, RequestKind::Read, format!("{}/snapshots", vps_path(&self.vps_id)), None)
    }
}
