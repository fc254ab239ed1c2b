//! `POST /api/v2/vps/{id}/snapshots` — queue a snapshot (API.md §2, seeds/001). Scope `backup:vm`.

use super::{vps_path, Endpoint};
use crate::http::{Config, Method, Request, RequestKind};
use crate::input::{Description, SnapshotInput};
use crate::{Operation, ResourceId, ValidationErrors};

/// Creates a snapshot named `name` (1–40 of `A–Z a–z 0–9 _ -`). Never retried except on 429.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateSnapshot {
    vps_id: ResourceId,
    input: SnapshotInput,
}

impl CreateSnapshot {
    /// Validates the id, the name and the description together.
    pub fn new<'a>(
        vps_id: impl Into<crate::Arg<'a>>,
        name: &str,
        description: Description,
    ) -> Result<Self, ValidationErrors> {
        let description = match description {
            Description::Omitted => None,
            Description::Null => Some(serde_json::Value::Null),
            Description::Text(t) => Some(serde_json::Value::String(t)),
        };
        let mut body = serde_json::Map::new();
        body.insert("name".into(), name.into());
        if let Some(d) = description {
            body.insert("description".into(), d);
        }
        Self::from_json(vps_id, &serde_json::Value::Object(body))
    }

    /// Validates the id and a loose JSON `{ name, description? }`, reporting every broken field.
    pub fn from_json<'a>(
        vps_id: impl Into<crate::Arg<'a>>,
        input: &serde_json::Value,
    ) -> Result<Self, ValidationErrors> {
        let (vps_id, input) = super::id_and_body(vps_id.into(), SnapshotInput::from_json(input))?;
        Ok(Self { vps_id, input })
    }

    /// The validated body.
    pub fn input(&self) -> &SnapshotInput {
        &self.input
    }
}

impl Endpoint for CreateSnapshot {
    type Output = Operation;
    const NAME: &'static str = "createSnapshot";
    const WIRE: crate::shape::Wire = crate::shape::Wire::Operation;
    fn request(&self, config: &Config) -> Request {
        let body = Some(self.input.body());
        config.request(Method::Post, RequestKind::Create, format!("{}/snapshots", vps_path(&self.vps_id)), body)
    }
}
