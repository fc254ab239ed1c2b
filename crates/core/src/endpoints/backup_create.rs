//! `POST /api/v2/vps/{id}/backups` — queue a manual offsite backup (API.md §1, seeds/000). Scope `backup:vm`.
//! The body is optional: without a note none is sent (and no `Content-Type`), as in the seed's "with defaults" example.

use super::{vps_path, Endpoint};
use crate::http::{Config, Method, Request, RequestKind};
use crate::input::BackupInput;
use crate::{Operation, ResourceId, ValidationErrors};

/// Creates a backup. Never retried except on 429: a repeat could create a second backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateBackup {
    vps_id: ResourceId,
    input: BackupInput,
}

impl CreateBackup {
    /// Validates the id; `note` is optional.
    pub fn new<'a>(vps_id: impl Into<crate::Arg<'a>>, note: Option<String>) -> Result<Self, ValidationErrors> {
        Self::from_json(vps_id, &serde_json::json!({ "note": note }))
    }

    /// Validates the id and loose JSON options (`undefined`, `null` or `{ note }`), reporting every broken field.
    pub fn from_json<'a>(
        vps_id: impl Into<crate::Arg<'a>>,
        options: &serde_json::Value,
    ) -> Result<Self, ValidationErrors> {
        let (vps_id, input) = super::id_and_body(vps_id.into(), BackupInput::from_json(options))?;
        Ok(Self { vps_id, input })
    }
}

impl Endpoint for CreateBackup {
    type Output = Operation;
    const NAME: &'static str = "createBackup";
    const WIRE: crate::shape::Wire = crate::shape::Wire::Operation;
    fn request(&self, config: &Config) -> Request {
        let body = self.input.note.as_ref().map(|note| crate::json_text::ObjectText::new().str("note", note).finish());
        config.request(Method::Post, RequestKind::Create, format!("{}/backups", vps_path(&self.vps_id)), body)
    }
}
