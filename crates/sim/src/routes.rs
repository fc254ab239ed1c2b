//! The one route table of the API: it resolves a request to an [`Endpoint`] and gives the `Allow`
//! header of a 405 from the same rows, so dispatch and `Allow` cannot disagree.
//!
//! Matching is by path segments below `/api/`, each percent-decoded (a `%2F` stays inside its
//! segment). Trailing slashes are ignored: `…/backups/` is `…/backups`.

use std::borrow::Cow;

use axum::http::Method;
use percent_encoding::percent_decode_str;

use crate::config::Scopes;
use crate::problem::Problem;

/// What an API request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Endpoint {
    ListVps,
    GetVps,
    VpsStatus,
    GetJob,
    ListBackups,
    CreateBackup,
    RestoreBackup,
    DeleteBackup,
    ListSnapshots,
    CreateSnapshot,
    RestoreSnapshot,
    DeleteSnapshot,
    ListSchedules,
    PutSchedule,
    PatchSchedule,
    DeleteSchedule,
}

struct Route {
    method: Method,
    /// Below `/api/`; `{…}` is one non-empty segment, handed to the endpoint in order.
    path: &'static str,
    endpoint: Endpoint,
    /// API.md "Basics": `read:vm` to read, `backup:vm` for backups and snapshots, `write:vm` for schedules.
    scope: Scopes,
}

const fn route(method: Method, path: &'static str, endpoint: Endpoint, scope: Scopes) -> Route {
    Route { method, path, endpoint, scope }
}

use Endpoint::*;
const READ: Scopes = Scopes::READ_VM;
const BACKUP: Scopes = Scopes::BACKUP_VM;
const WRITE: Scopes = Scopes::WRITE_VM;

/// Every API route; rows of one path are in the order their methods are listed in `Allow`.
static ROUTES: [Route; 16] = [
    route(Method::GET, "v2/vps", ListVps, READ),
    route(Method::GET, "v2/vps/{id}", GetVps, READ),
    route(Method::GET, "v2/vps/{id}/status", VpsStatus, READ),
    route(Method::GET, "jobs/{jobId}", GetJob, READ),
    route(Method::GET, "v2/vps/{id}/backups", ListBackups, READ),
    route(Method::POST, "v2/vps/{id}/backups", CreateBackup, BACKUP),
    route(Method::DELETE, "v2/vps/{id}/backups/{backupId}", DeleteBackup, BACKUP),
    route(Method::POST, "v2/vps/{id}/backups/{backupId}/actions/restore", RestoreBackup, BACKUP),
    route(Method::GET, "v2/vps/{id}/snapshots", ListSnapshots, READ),
    route(Method::POST, "v2/vps/{id}/snapshots", CreateSnapshot, BACKUP),
    route(Method::DELETE, "v2/vps/{id}/snapshots/{snapshotId}", DeleteSnapshot, BACKUP),
    route(Method::POST, "v2/vps/{id}/snapshots/{snapshotId}/actions/restore", RestoreSnapshot, BACKUP),
    route(Method::GET, "v2/vps/{id}/backup-schedules", ListSchedules, READ),
    route(Method::POST, "v2/vps/{id}/backup-schedules", PutSchedule, WRITE),
    route(Method::PATCH, "v2/vps/{id}/backup-schedules", PatchSchedule, WRITE),
    route(Method::DELETE, "v2/vps/{id}/backup-schedules/{scheduleId}", DeleteSchedule, WRITE),
];

/// A resolved request.
#[derive(Debug)]
pub(crate) struct Matched<'a> {
    pub(crate) endpoint: Endpoint,
    pub(crate) scope: Scopes,
    /// The `{…}` segments, percent-decoded, in path order.
    pub(crate) params: Vec<Cow<'a, str>>,
}

impl Matched<'_> {
    /// The `i`-th path parameter.
    pub(crate) fn param(&self, i: usize) -> &str {
        self.params.get(i).map_or("", |p| p.as_ref())
    }
}

impl Route {
    fn params<'a>(&self, segs: &[Cow<'a, str>]) -> Option<Vec<Cow<'a, str>>> {
        let mut params = Vec::new();
        let mut pattern = self.path.split('/');
        for seg in segs {
            match pattern.next()? {
                p if p.starts_with('{') => {
                    if seg.is_empty() {
                        return None;
                    }
                    params.push(seg.clone());
                }
                p if p == seg => {}
                _ => return None,
            }
        }
        pattern.next().is_none().then_some(params)
    }
}

/// Resolves `path` (starting with `/api`): the endpoint, a 405 with `Allow` when the path exists
/// for other methods, else a 404.
pub(crate) fn resolve<'a>(method: &Method, path: &'a str) -> Result<Matched<'a>, Problem> {
    let rest = path.strip_prefix("/api").unwrap_or(path).trim_matches('/');
    let segs: Vec<Cow<'a, str>> = rest.split('/').map(|s| percent_decode_str(s).decode_utf8_lossy()).collect();
    let mut allowed: Vec<&str> = Vec::new();
    for r in &ROUTES {
        if let Some(params) = r.params(&segs) {
            if r.method == method {
                return Ok(Matched { endpoint: r.endpoint, scope: r.scope, params });
            }
            allowed.push(r.method.as_str());
        }
    }
    if allowed.is_empty() {
        return Err(Problem::not_found("resource"));
    }
    let allow = allowed.join(", ");
    let mut p = Problem::new(405, "method_not_allowed", format!("Use {allow} on this path."));
    p.allow = Some(allow);
    Err(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(method: Method, path: &str) -> Result<(Endpoint, Vec<String>), (u16, Option<String>)> {
        resolve(&method, path)
            .map(|m| (m.endpoint, m.params.iter().map(|p| p.to_string()).collect()))
            .map_err(|p| (p.status, p.allow))
    }

    #[test]
    fn resolves_params_decoded_and_ignores_trailing_slashes() {
        assert_eq!(endpoint(Method::GET, "/api/v2/vps"), Ok((ListVps, vec![])));
        assert_eq!(endpoint(Method::GET, "/api/v2/vps/a%20b/backups/"), Ok((ListBackups, vec!["a b".into()])));
        assert_eq!(
            endpoint(Method::POST, "/api/v2/vps/v/snapshots/x%2Fy/actions/restore"),
            Ok((RestoreSnapshot, vec!["v".into(), "x/y".into()]))
        );
        assert_eq!(endpoint(Method::GET, "/api/jobs/job_1//"), Ok((GetJob, vec!["job_1".into()])));
    }

    #[test]
    fn allow_comes_from_the_same_rows() {
        assert_eq!(endpoint(Method::DELETE, "/api/v2/vps"), Err((405, Some("GET".into()))));
        assert_eq!(endpoint(Method::PUT, "/api/v2/vps/v/backups"), Err((405, Some("GET, POST".into()))));
        assert_eq!(endpoint(Method::GET, "/api/v2/vps/v/backup-schedules/s"), Err((405, Some("DELETE".into()))));
        assert_eq!(endpoint(Method::GET, "/api/v2/vps/v/backup-schedules/"), Ok((ListSchedules, vec!["v".into()])));
        assert_eq!(
            endpoint(Method::PUT, "/api/v2/vps/v/backup-schedules"),
            Err((405, Some("GET, POST, PATCH".into())))
        );
        assert_eq!(endpoint(Method::GET, "/api/v2/vps//backups"), Err((404, None)));
        assert_eq!(endpoint(Method::GET, "/api/v2/nothing"), Err((404, None)));
        assert_eq!(endpoint(Method::GET, "/api"), Err((404, None)));
    }
}
