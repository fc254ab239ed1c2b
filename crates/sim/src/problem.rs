//! RFC 7807 problem details, as the reference pages print them (API.md "Errors").

use serde::Serialize;
use serde_json::{json, Value};

use crate::clock::rfc3339;
use crate::prng::request_id;

/// One entry of `errors[]`: a JSON pointer into the request body, a sentence, a stable code
/// (the codes of docs/inferred.md "Field-error codes").
#[derive(Clone, Debug, Serialize)]
pub(crate) struct FieldError {
    pub(crate) pointer: String,
    pub(crate) detail: String,
    pub(crate) code: &'static str,
}

impl FieldError {
    pub(crate) fn new(pointer: &str, code: &'static str, detail: impl Into<String>) -> Self {
        Self { pointer: pointer.to_owned(), detail: detail.into(), code }
    }
}

/// An error answer before it is rendered (the instance and time are added at render time).
#[derive(Clone, Debug)]
pub(crate) struct Problem {
    pub(crate) status: u16,
    pub(crate) code: String,
    pub(crate) detail: String,
    pub(crate) errors: Vec<FieldError>,
    /// Seconds, for 429.
    pub(crate) retry_after: Option<u64>,
    /// The `Allow` header, for 405.
    pub(crate) allow: Option<String>,
}

/// The seeds' titles.
pub(crate) fn title_for(status: u16) -> &'static str {
    match status {
        400 => "Invalid request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        413 => "Payload too large",
        414 => "URI too long",
        416 => "Range not satisfiable",
        429 => "Too many requests",
        431 => "Request header fields too large",
        502 => "Bad gateway",
        s if s < 500 => "Invalid request",
        _ => "Internal server error",
    }
}

impl Problem {
    pub(crate) fn new(status: u16, code: impl Into<String>, detail: impl Into<String>) -> Self {
        Self { status, code: code.into(), detail: detail.into(), errors: Vec::new(), retry_after: None, allow: None }
    }

    pub(crate) fn invalid(errors: Vec<FieldError>) -> Self {
        Self { errors, ..Self::new(400, "invalid_request", "The request body failed validation.") }
    }

    pub(crate) fn unauthorized() -> Self {
        Self::new(401, "unauthorized", "Authentication is required.")
    }

    pub(crate) fn forbidden(scope: &str) -> Self {
        Self::new(403, "forbidden", format!("The caller lacks the required scope `{scope}`."))
    }

    pub(crate) fn not_found(what: &str) -> Self {
        Self::new(404, "not_found", format!("The requested {what} could not be found."))
    }

    pub(crate) fn conflict(code: &str, reason: &str) -> Self {
        Self::new(409, code, reason)
    }

    pub(crate) fn internal() -> Self {
        Self::new(
            500,
            "internal_error",
            "An unexpected error occurred. Retry later or contact support if the issue persists.",
        )
    }

    /// A rejection that happened before the request reached the API (an over-long URI, too many
    /// headers, a malformed request line, a static-file error): the status with a stable code.
    pub(crate) fn for_status(status: u16) -> Self {
        let (code, detail) = match status {
            400 => ("invalid_request", "The request could not be parsed as HTTP/1.1."),
            404 => ("not_found", "The requested resource could not be found."),
            405 => ("method_not_allowed", "This method is not allowed on this path."),
            413 => ("payload_too_large", "The request body is too large."),
            414 => ("uri_too_long", "The request URI is too long."),
            416 => ("range_not_satisfiable", "The requested range is outside the file."),
            431 => ("request_header_fields_too_large", "The request headers are too large or too many."),
            s if s < 500 => ("invalid_request", "The request was rejected."),
            _ => return Self::internal(),
        };
        Self::new(status, code, detail)
    }

    pub(crate) fn rate_limited(retry_after: u64) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(429, "rate_limit_exceeded", "Too many requests. Retry after the limit resets.")
        }
    }

    /// The problem+json document.
    pub(crate) fn to_json(&self, instance: &str, now_ms: i64) -> Value {
        let mut v = json!({
            "type": format!("https://developer.hostup.se/errors/{}", self.code),
            "title": title_for(self.status),
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
            "instance": instance,
            "requestId": request_id(),
            "timestamp": rfc3339(now_ms),
        });
        if self.code == "invalid_request" {
            v["errors"] = serde_json::to_value(&self.errors).unwrap_or_default();
        }
        v
    }
}
