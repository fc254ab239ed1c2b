//! The client's one error type, and the redaction of the API key from every string a server supplied.
//!
//! What core can tell (bad input, an error answer, a body off the contract, a body too large) is core's
//! [`hostup_core::Error`], wrapped as [`Error::Core`]; the client adds what only IO can produce.

use hostup_core::{ApiError, FieldError, Job, ValidationErrors};

/// Every way a call can fail. Messages are for humans and never contain the API key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// Core's verdict: invalid input (nothing sent), an API error answer, an off-contract body, an oversized body.
    #[error(transparent)]
    Core(#[from] hostup_core::Error),
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

impl From<ValidationErrors> for Error {
    fn from(e: ValidationErrors) -> Self {
        Error::Core(hostup_core::Error::Validation(e))
    }
}

impl From<FieldError> for Error {
    fn from(e: FieldError) -> Self {
        ValidationErrors(vec![e]).into()
    }
}

impl From<Box<ApiError>> for Error {
    fn from(e: Box<ApiError>) -> Self {
        Error::Core(hostup_core::Error::Api(e))
    }
}

impl Error {
    /// The API error answer, when that is what this is.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Core(e) => e.as_api(),
            _ => None,
        }
    }

    /// The broken fields, when the input was invalid (nothing was sent).
    pub fn validation(&self) -> Option<&ValidationErrors> {
        match self {
            Error::Core(hostup_core::Error::Validation(v)) => Some(v),
            _ => None,
        }
    }

    /// A stable machine-readable code: the server's problem `code` (or `http_<status>`), the failed job's code, or
    /// the client's own (`invalid_request`, `invalid_response`, `response_too_large`, `network_error`, `timeout`,
    /// `wait_timeout`). Branch on this, never on the message.
    pub fn code(&self) -> String {
        match self {
            Error::Core(hostup_core::Error::Validation(_)) => "invalid_request".into(),
            Error::Core(hostup_core::Error::Api(a)) => a.code.clone(),
            Error::Core(hostup_core::Error::Decode { .. }) => "invalid_response".into(),
            Error::Core(hostup_core::Error::TooLarge { .. }) => "response_too_large".into(),
            Error::Network { .. } => "network_error".into(),
            Error::Timeout { .. } => "timeout".into(),
            Error::JobFailed(job) => {
                job.error.as_ref().and_then(|p| p.code.clone()).filter(|c| !c.is_empty()).unwrap_or("job_failed".into())
            }
            Error::WaitTimedOut { .. } => "wait_timeout".into(),
        }
    }

    /// The request id the server gave, if any (API errors and failed jobs).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::JobFailed(job) => job.error.as_ref().and_then(|p| p.request_id.as_deref()),
            _ => self.as_api().and_then(ApiError::request_id),
        }
    }

    /// Whether this failure might go away if the same call is made later (429, 5xx, network, timeout).
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Core(hostup_core::Error::Api(a)) => a.status == 429 || a.status >= 500,
            Error::Core(hostup_core::Error::Decode { .. }) | Error::Network { .. } | Error::Timeout { .. } => true,
            _ => false,
        }
    }

    /// The `Retry-After` of an API error, in milliseconds from `now_unix_ms`.
    pub fn retry_after_ms(&self, now_unix_ms: u64) -> Option<u64> {
        self.as_api().and_then(|a| a.retry_after).map(|r| r.delay_ms(now_unix_ms))
    }

    /// The error with `key` removed from every string a server supplied (a proxy may echo headers back): core's
    /// part by [`hostup_core::Error::redact`], a failed job by its declared strings, network text and wait status.
    pub fn redact(self, key: &str) -> Error {
        let clean = |s: &mut String| hostup_core::text::redact_in(s, key);
        match self {
            Error::Core(e) => Error::Core(e.redact(key)),
            Error::Network { mut message, attempts } => {
                clean(&mut message);
                Error::Network { message, attempts }
            }
            Error::JobFailed(mut job) => {
                hostup_core::wire::Shaped::visit_strings(&mut *job, &mut |s| clean(s));
                Error::JobFailed(job)
            }
            Error::WaitTimedOut { mut job_id, mut last_status, waited_ms } => {
                clean(&mut job_id);
                clean(&mut last_status);
                Error::WaitTimedOut { job_id, last_status, waited_ms }
            }
            other @ Error::Timeout { .. } => other,
        }
    }
}
