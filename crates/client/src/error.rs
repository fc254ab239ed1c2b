//! The client's one error type.

use hostup_core::{ApiError, FieldError, Job, ValidationErrors};

/// Every way a call can fail. Messages are for humans and never contain the API key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The input broke one or more rules; no request was sent.
    #[error("{0}")]
    Validation(ValidationErrors),
    /// The server answered with an error (problem details, or a non-JSON error body).
    #[error("{0}")]
    Api(Box<ApiError>),
    /// A success answer whose body is not what the contract describes.
    #[error("unexpected response body (HTTP {status}) at '{pointer}': {message}")]
    Decode {
        /// HTTP status.
        status: u16,
        /// Where in the body.
        pointer: String,
        /// What was wrong.
        message: String,
    },
    /// The body was larger than the parser accepts.
    #[error("response body of {len} bytes is larger than the {max}-byte limit")]
    TooLarge {
        /// Body length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// No response: the connection failed.
    #[error("network error after {attempts} attempt(s): {message}")]
    Network {
        /// What the platform said.
        message: String,
        /// Attempts made.
        attempts: u32,
    },
    /// No response within the per-request timeout.
    #[error("no response within {timeout_ms} ms after {attempts} attempt(s)")]
    Timeout {
        /// The per-request timeout.
        timeout_ms: u64,
        /// Attempts made.
        attempts: u32,
    },
    /// The job ended `failed`.
    #[error("job {} failed{}", .0.job_id, failure_text(.0))]
    JobFailed(Box<Job>),
    /// The wait's deadline passed before the job finished; the job may still finish.
    #[error("job {job_id} was still {last_status} after {waited_ms} ms; it may still finish (wait again to resume)")]
    WaitTimedOut {
        /// The job.
        job_id: String,
        /// Its status when the wait gave up.
        last_status: String,
        /// How long the wait lasted.
        waited_ms: u64,
    },
}

fn failure_text(job: &Job) -> String {
    let Some(p) = &job.error else { return String::new() };
    let mut s = String::new();
    if let Some(t) = &p.title {
        s.push_str(&format!(": {t}"));
    }
    if let Some(d) = &p.detail {
        s.push_str(&format!(". {d}"));
    }
    if let Some(r) = &p.request_id {
        s.push_str(&format!(" [request {r}]"));
    }
    s
}

impl From<hostup_core::Error> for Error {
    fn from(e: hostup_core::Error) -> Self {
        match e {
            hostup_core::Error::Validation(v) => Error::Validation(v),
            hostup_core::Error::Api(a) => Error::Api(a),
            hostup_core::Error::Decode { status, pointer, message } => Error::Decode { status, pointer, message },
            hostup_core::Error::TooLarge { len, max } => Error::TooLarge { len, max },
        }
    }
}

impl From<ValidationErrors> for Error {
    fn from(e: ValidationErrors) -> Self {
        Error::Validation(e)
    }
}

impl From<FieldError> for Error {
    fn from(e: FieldError) -> Self {
        Error::Validation(ValidationErrors(vec![e]))
    }
}

impl Error {
    /// The request id the server gave, if any (API errors and failed jobs).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(a) => a.request_id(),
            Error::JobFailed(job) => job.error.as_ref().and_then(|p| p.request_id.as_deref()),
            _ => None,
        }
    }

    /// Whether this failure might go away if the same call is made later (429, 5xx, network, timeout).
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Api(a) => a.status == 429 || a.status >= 500,
            Error::Network { .. } | Error::Timeout { .. } | Error::Decode { .. } => true,
            _ => false,
        }
    }
}
