//! `GET /api/jobs/{jobId}` — the job behind an operation (API.md: under `/api/jobs`, **not** `/api/v2`; answered as
//! the operation object, bare or wrapped — inferred).

use super::Endpoint;
use crate::http::{encode_segment, Config, Method, Request, RequestKind};
use crate::{Job, ResourceId, ValidationErrors};

/// Gets a job by id or by its `pollUrl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetJob {
    job_id: ResourceId,
}

impl GetJob {
    /// Accepts a job id (`job_…`) or a poll URL (`/api/jobs/job_…`, or absolute on the API's origin). The job id is
    /// extracted and validated, and the URL rebuilt from the base URL's origin: a server-sent `pollUrl` can never
    /// send the API key to another host.
    pub fn new(job_id_or_poll_url: &str, config: &Config) -> Result<Self, ValidationErrors> {
        let s = job_id_or_poll_url;
        let origin = config.origin();
        let path = match s.strip_prefix(origin) {
            Some(path) if !origin.is_empty() && path.starts_with("/api/jobs/") => path,
            _ => s,
        };
        let id = path.strip_prefix("/api/jobs/").unwrap_or(path);
        let job_id = ResourceId::parse_at(id, "/jobId").map_err(|e| ValidationErrors(vec![e]))?;
        Ok(Self { job_id })
    }

    /// The job id.
    pub fn job_id(&self) -> &ResourceId {
        &self.job_id
    }
}

impl Endpoint for GetJob {
    type Output = Job;
    const NAME: &'static str = "getJob";
    const WIRE: crate::shape::Wire =
        crate::shape::Wire::Wrapped("operation", <crate::Job as crate::wire::Shaped>::SHAPE);
    fn request(&self, config: &Config) -> Request {
        config.request(
            Method::Get,
            RequestKind::Read,
            format!("/api/jobs/{}", encode_segment(self.job_id.as_str())),
            None,
        )
    }
}
