//! One file per endpoint (tame-gcs style): the typed input, the request it builds and the parse of its response.

use crate::http::{Config, Request, Response};
use crate::validate::Arg;
use crate::Error;

mod backup_create;
mod backup_delete;
mod backup_restore;
mod backups_list;
mod job_get;
mod schedule_delete;
mod schedule_set;
mod schedules_list;
mod schedules_update;
mod snapshot_create;
mod snapshot_delete;
mod snapshot_restore;
mod snapshots_list;
mod vps_get;
mod vps_list;
mod vps_status;

pub use backup_create::CreateBackup;
pub use backup_delete::DeleteBackup;
pub use backup_restore::RestoreBackup;
pub use backups_list::ListBackups;
pub use job_get::GetJob;
pub use schedule_delete::DeleteBackupSchedule;
pub use schedule_set::SetBackupSchedule;
pub use schedules_list::ListBackupSchedules;
pub use schedules_update::UpdateBackupSchedules;
pub use snapshot_create::CreateSnapshot;
pub use snapshot_delete::DeleteSnapshot;
pub use snapshot_restore::RestoreSnapshot;
pub use snapshots_list::ListSnapshots;
pub use vps_get::GetVps;
pub use vps_list::ListVps;
pub use vps_status::GetVpsStatus;

/// An API call: builds its request and parses its response. Construction validates every input, so a value of an
/// endpoint type always builds a request that is safe to send.
pub trait Endpoint {
    /// What a success parses into.
    type Output: crate::wire::Output;
    /// The endpoint's name: the npm package's method name (`listBackups`), used in drift reports.
    const NAME: &'static str;
    /// How a success body carries the output: the one description every reader follows (natively
    /// [`Endpoint::parse`]; the npm package on `JSON.parse` output with [`crate::shape::read_wire`]).
    const WIRE: crate::shape::Wire;
    /// The request against `config`'s base URL.
    fn request(&self, config: &Config) -> Request;
    /// The typed output of a response, or the typed error.
    fn parse(&self, response: &Response) -> Result<Self::Output, Error> {
        crate::response::read(response, Self::WIRE, None).map(|(out, _)| out)
    }
    /// [`Endpoint::parse`], also returning the contract drift the body shows (once per pointer and kind).
    fn parse_reporting(&self, response: &Response) -> Result<(Self::Output, Vec<crate::Drift>), Error> {
        crate::response::read(response, Self::WIRE, Some(Self::NAME))
    }
}

/// `/api/v2/vps/{id}` with the id encoded (it was validated; encoding is the second lock).
pub(crate) fn vps_path(vps_id: &crate::ResourceId) -> String {
    format!("/api/v2/vps/{}", crate::http::encode_segment(vps_id.as_str()))
}

/// Validates a VPS id for an endpoint constructor.
pub(crate) fn one_id(vps_id: Arg<'_>) -> Result<crate::ResourceId, crate::ValidationErrors> {
    let mut errors = crate::ValidationErrors::default();
    crate::validate::check_id(&mut errors, vps_id, "/vpsId").ok_or(errors)
}

/// Validates a VPS id and a second id (`/backupId`, `/scheduleId`), reporting both when both are broken.
pub(crate) fn two_ids(
    vps_id: Arg<'_>,
    other: Arg<'_>,
    pointer: &str,
) -> Result<(crate::ResourceId, crate::ResourceId), crate::ValidationErrors> {
    two_ids_confirmed(vps_id, other, pointer, None)
}

/// [`two_ids`] for a restore: `confirm` must repeat the second id (`what` names it for the message).
pub(crate) fn two_ids_confirmed(
    vps_id: Arg<'_>,
    other: Arg<'_>,
    pointer: &str,
    confirm: Option<(&str, &str)>,
) -> Result<(crate::ResourceId, crate::ResourceId), crate::ValidationErrors> {
    let mut errors = crate::ValidationErrors::default();
    let v = crate::validate::check_id(&mut errors, vps_id, "/vpsId");
    let o = crate::validate::check_id(&mut errors, other, pointer);
    if let (Some((confirm, what)), Arg::Text(target)) = (confirm, other) {
        crate::validate::check_confirmation(&mut errors, confirm, target, what);
    }
    match (v, o) {
        (Some(v), Some(o)) if errors.errors().is_empty() => Ok((v, o)),
        _ => Err(errors),
    }
}

/// Validates a VPS id and a snapshot name used as `{snapshotId}`, reporting both when both are broken.
pub(crate) fn snapshot_ref(
    vps_id: Arg<'_>,
    name: Arg<'_>,
) -> Result<(crate::ResourceId, crate::SnapshotName), crate::ValidationErrors> {
    snapshot_ref_confirmed(vps_id, name, None)
}

/// [`snapshot_ref`] for a restore: `confirm` must repeat the name. Every broken part is reported at once.
pub(crate) fn snapshot_ref_confirmed(
    vps_id: Arg<'_>,
    name: Arg<'_>,
    confirm: Option<&str>,
) -> Result<(crate::ResourceId, crate::SnapshotName), crate::ValidationErrors> {
    let mut errors = crate::ValidationErrors::default();
    let v = crate::validate::check_id(&mut errors, vps_id, "/vpsId");
    let n = crate::validate::check_snapshot_id(&mut errors, name);
    if let (Some(confirm), Arg::Text(name)) = (confirm, name) {
        crate::validate::check_confirmation(&mut errors, confirm, name, "snapshot name");
    }
    match (v, n) {
        (Some(v), Some(n)) if errors.errors().is_empty() => Ok((v, n)),
        _ => Err(errors),
    }
}

/// `/api/v2/vps/{id}/snapshots/{snapshotId}`.
pub(crate) fn snapshot_path(vps_id: &crate::ResourceId, name: &crate::SnapshotName) -> String {
    format!("{}/snapshots/{}", vps_path(vps_id), crate::http::encode_segment(name.as_str()))
}

/// Validates a VPS id and a body together, reporting every broken field of both.
pub(crate) fn id_and_body<B>(
    vps_id: Arg<'_>,
    body: Result<B, crate::ValidationErrors>,
) -> Result<(crate::ResourceId, B), crate::ValidationErrors> {
    let mut errors = crate::ValidationErrors::default();
    let id = crate::validate::check_id(&mut errors, vps_id, "/vpsId");
    let body = body.map_err(|e| errors.extend(e)).ok();
    match (id, body) {
        (Some(id), Some(body)) if errors.errors().is_empty() => Ok((id, body)),
        _ => Err(errors),
    }
}
