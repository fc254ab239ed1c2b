//! Messages for people. One map turns every error code the panel can meet — core's validation codes, the client's
//! own failures and the server's problem codes — into a plain sentence; the technical text, the HTTP status and the
//! request id stay available behind a disclosure. Also the calm "rate limited" notice with its countdown.

use hostup_client::{ClientEvent, Error};
use hostup_core::{codes, FieldError};

/// The one map from error codes to sentences. `None` for a code this version does not know (the caller falls back
/// on the HTTP status, then on a generic sentence).
pub fn sentence(code: &str) -> Option<&'static str> {
    Some(match code {
        // The client's own failures (`hostup_client::Error::code`).
        "network_error" => "HostUp could not be reached. Check the connection; the panel tried a few times.",
        "timeout" => "HostUp did not answer in time. Try again in a moment.",
        "invalid_response" => "HostUp sent an answer the panel could not read. Try again in a moment.",
        "response_too_large" => "HostUp sent an answer too large to read.",
        "job_failed" => "The job failed on HostUp's side.",
        "wait_timeout" => "The job is taking long. It goes on; reload the page later to see how it ended.",
        "invalid_request" | "validation_failed" => "Some fields need attention.",
        // The server's problem codes (API.md "Errors").
        "unauthorized" => "The API key was not accepted. Check the key, or enter a new one.",
        "forbidden" | "missing_scope" => "This API key lacks a permission this action needs.",
        "not_found" => "This item no longer exists. The lists have been refreshed.",
        "rate_limited" => "Too many requests in a short time. Wait a moment and try again.",
        "job_in_progress" => "Another job is running on this VPS. Try again when it has finished.",
        "quota_exceeded" => "The backup quota is full. Delete an old backup to make room.",
        "snapshot_slots_full" => "All snapshot slots are in use. Delete a snapshot to take a new one.",
        "snapshot_exists" => "A snapshot with this name already exists. Choose another name.",
        "schedule_limit_reached" => "This VPS already has as many backup schedules as it may have.",
        "pending_order" => "This VPS is not active yet.",
        "internal_error" | "server_error" => "Something went wrong at HostUp. Try again in a minute.",
        "bad_gateway" | "service_unavailable" => "HostUp is not available right now. Try again in a minute.",
        _ => return None,
    })
}

/// The sentence for an HTTP status whose code is unknown.
fn status_sentence(status: u16) -> &'static str {
    match status {
        401 => "The API key was not accepted. Check the key, or enter a new one.",
        403 => "This API key lacks a permission this action needs.",
        404 => "This item no longer exists. The lists have been refreshed.",
        409 => "This is not possible right now. The lists have been refreshed.",
        429 => "Too many requests in a short time. Wait a moment and try again.",
        500..=599 => "HostUp is not available right now. Try again in a minute.",
        _ => "HostUp refused the request.",
    }
}

/// An error as the panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The sentence for people.
    pub text: String,
    /// The stable machine code (`unauthorized`, `network`, …).
    pub code: String,
    /// HTTP status, when there was a response.
    pub status: Option<u16>,
    /// The technical text (the client's message, which never holds the key).
    pub technical: String,
    /// The request id to quote to support.
    pub request_id: Option<String>,
    /// For a 403: the scope the key lacks (`backup:vm`), when the server names it.
    pub scope: Option<String>,
}

impl Message {
    /// Whether a (new) API key is the way forward.
    pub fn needs_key(&self) -> bool {
        self.code == "unauthorized" || self.status == Some(401)
    }
}

/// The scope named in a text (`write:vm` in "lacks the required scope `write:vm`").
fn scope_in(text: &str) -> Option<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == ':' || c == '_'))
        .find(|w| w.ends_with(":vm") && w.len() > 3)
        .map(str::to_owned)
}

/// The field errors an error carries: core's (nothing was sent) or the server's `errors[]`, same pointers.
pub fn field_errors(error: &Error) -> Vec<FieldError> {
    match (error.as_api(), error.validation()) {
        (Some(api), _) => api.errors().to_vec(),
        (_, Some(v)) => v.errors().to_vec(),
        _ => Vec::new(),
    }
}

/// The message for a client error.
pub fn message_for(error: &Error) -> Message {
    let code = error.code();
    let status = match error {
        Error::Core(hostup_core::Error::Decode { status, .. }) => Some(*status),
        other => other.as_api().map(|a| a.status),
    };
    let technical = error.to_string();
    let scope = (status == Some(403) || code == "missing_scope").then(|| scope_in(&technical)).flatten();
    let text = match (&scope, error) {
        (Some(scope), _) => format!("This API key lacks the {scope} scope, which this action needs."),
        (None, Error::JobFailed(job)) => match job.error.as_ref().and_then(|p| p.detail.clone()) {
            Some(detail) => format!("The job failed: {detail}"),
            None => sentence("job_failed").unwrap_or_default().to_owned(),
        },
        _ => sentence(&code).or(status.map(status_sentence)).unwrap_or("Something went wrong.").to_owned(),
    };
    Message { text, code, status, technical, request_id: error.request_id().map(str::to_owned), scope }
}

/// A form field's error in words, from its code; the field's label says what is meant.
pub fn field_sentence(field_label: &str, error: &FieldError, range: Option<(i64, i64)>) -> String {
    match (error.code.as_str(), range) {
        (codes::MISSING_REQUIRED, _) => format!("Enter the {}.", field_label.to_lowercase()),
        (codes::OUT_OF_RANGE | codes::INVALID_TYPE, Some((lo, hi))) if hi == i64::MAX => {
            format!("Enter a whole number of at least {lo}.")
        }
        (codes::OUT_OF_RANGE | codes::INVALID_TYPE, Some((lo, hi))) => {
            format!("Enter a whole number from {lo} to {hi}.")
        }
        (codes::TOO_LONG, _) => "This is too long.".to_owned(),
        (codes::NOT_ALLOWED, _) => format!("The {} does not apply here.", field_label.to_lowercase()),
        _ => format!("Check the {}.", field_label.to_lowercase()),
    }
}

/// A snapshot name's problem in words (core's rule, core's codes; the message names the offending character).
pub fn snapshot_name_sentence(name: &str, error: &FieldError) -> String {
    match error.code.as_str() {
        codes::TOO_LONG => format!("Use at most {} characters.", hostup_core::SNAPSHOT_NAME_MAX),
        _ if name.is_empty() => "Enter a name.".to_owned(),
        _ => match name.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-')) {
            Some(' ') => "Use letters, digits, - and _ only: no spaces.".to_owned(),
            Some(c) => format!("Use letters, digits, - and _ only: “{c}” is not allowed."),
            None => "Use letters, digits, - and _ only.".to_owned(),
        },
    }
}

/// The calm status notice after a client event: what is happening, and until when (Unix ms) when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Show this text; when `until_ms` is set the text ends with a countdown to it.
    Show {
        /// What happens.
        text: &'static str,
        /// When the wait ends.
        until_ms: Option<i64>,
    },
    /// Remove the notice.
    Clear,
    /// Leave the notice as it is (the event is not about waiting).
    Keep,
}

/// The notice for a [`ClientEvent`] seen at `now_ms`.
pub fn notice_for(event: &ClientEvent, now_ms: i64) -> Notice {
    let until = |ms: u64| Some(now_ms.saturating_add(i64::try_from(ms).unwrap_or(i64::MAX)));
    match event {
        ClientEvent::RateLimited { wait_ms } => {
            Notice::Show { text: "Waiting for HostUp's rate limit — sending", until_ms: until(*wait_ms) }
        }
        ClientEvent::Retrying { delay_ms, status: Some(429), .. } => {
            Notice::Show { text: "Rate limited — retrying", until_ms: until(*delay_ms) }
        }
        ClientEvent::Retrying { .. } => Notice::Show { text: "Connection trouble — retrying…", until_ms: None },
        ClientEvent::Recovered => Notice::Clear,
        ClientEvent::Drift(_) => Notice::Keep,
    }
}

/// The notice's text at `now_ms`, as (what happens, countdown): the countdown ticks down to `now` (` in 12 s`,
/// then ` now…`). The view keeps the countdown out of the live region, so a screen reader hears the notice once.
pub fn notice_text(notice: &Notice, now_ms: i64) -> Option<(String, String)> {
    match notice {
        Notice::Clear | Notice::Keep => None,
        Notice::Show { text, until_ms: None } => Some(((*text).to_owned(), String::new())),
        Notice::Show { text, until_ms: Some(until) } => {
            let left = (until - now_ms).max(0);
            let when = if left == 0 { " now…".to_owned() } else { format!(" in {} s", (left + 999) / 1000) };
            Some(((*text).to_owned(), when))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hostup_core::{ApiError, Problem};

    fn api(status: u16, code: &str, detail: &str, request_id: Option<&str>) -> Error {
        Error::from(Box::new(ApiError {
            status,
            code: code.into(),
            problem: Problem {
                title: Some("Title".into()),
                detail: Some(detail.into()),
                request_id: request_id.map(str::to_owned),
                ..Default::default()
            },
            snippet: None,
            retry_after: None,
            rate_limit: Default::default(),
        }))
    }

    #[test]
    fn server_codes_become_sentences_with_the_detail_behind() {
        let m = message_for(&api(401, "unauthorized", "Authentication is required.", Some("req_1")));
        assert_eq!(m.text, "The API key was not accepted. Check the key, or enter a new one.");
        assert!(m.needs_key());
        assert_eq!(m.request_id.as_deref(), Some("req_1"));
        assert!(m.technical.contains("401"), "{}", m.technical);
        let m = message_for(&api(409, "job_in_progress", "busy", None));
        assert!(m.text.starts_with("Another job is running"));
        assert!(!m.needs_key());
    }

    #[test]
    fn a_403_names_the_scope() {
        let m = message_for(&api(403, "forbidden", "The caller lacks the required scope `write:vm`.", None));
        assert_eq!(m.scope.as_deref(), Some("write:vm"));
        assert_eq!(m.text, "This API key lacks the write:vm scope, which this action needs.");
        let m = message_for(&api(403, "forbidden", "No.", None));
        assert_eq!(m.text, "This API key lacks a permission this action needs.");
    }

    #[test]
    fn unknown_codes_fall_back_on_the_status_and_client_errors_have_codes() {
        let m = message_for(&api(502, "http_502", "<html>nginx</html>", None));
        assert_eq!(m.text, "HostUp is not available right now. Try again in a minute.");
        assert!(!m.text.contains("nginx"));
        let m = message_for(&Error::Network { message: "offline".into(), attempts: 3 });
        assert_eq!((m.code.as_str(), m.status), ("network_error", None));
        assert!(m.text.starts_with("HostUp could not be reached"));
        let m = message_for(&Error::Timeout { timeout_ms: 30_000, attempts: 1 });
        assert!(m.text.contains("did not answer"));
    }

    #[test]
    fn field_errors_read_as_sentences() {
        let e = FieldError::new("/retentionCount", codes::OUT_OF_RANGE, "`retentionCount` must be at least 1");
        assert_eq!(field_sentence("Retention", &e, Some((1, i64::MAX))), "Enter a whole number of at least 1.");
        let e = FieldError::new("/hour", codes::OUT_OF_RANGE, "hour must be between 0 and 23");
        assert_eq!(field_sentence("Hour", &e, Some((0, 23))), "Enter a whole number from 0 to 23.");
        let e = FieldError::new("/hour", codes::MISSING_REQUIRED, "hour is required");
        assert_eq!(field_sentence("Hour", &e, Some((0, 23))), "Enter the hour.");
    }

    #[test]
    fn snapshot_names_say_what_is_wrong_without_code_points() {
        let err = |n: &str| hostup_core::validate_snapshot_name(n).into_iter().next().unwrap();
        assert_eq!(
            snapshot_name_sentence("bad name", &err("bad name")),
            "Use letters, digits, - and _ only: no spaces."
        );
        assert_eq!(snapshot_name_sentence("a!", &err("a!")), "Use letters, digits, - and _ only: “!” is not allowed.");
        let long = "x".repeat(41);
        assert_eq!(snapshot_name_sentence(&long, &err(&long)), "Use at most 40 characters.");
        assert!(!snapshot_name_sentence("bad name", &err("bad name")).contains("U+"));
    }

    #[test]
    fn rate_limit_notices_count_down_and_recovery_clears() {
        let text = |n: &Notice, now| notice_text(n, now).map(|(what, when)| format!("{what}{when}"));
        let n = notice_for(&ClientEvent::RateLimited { wait_ms: 11_200 }, 1_000);
        assert_eq!(text(&n, 1_000).as_deref(), Some("Waiting for HostUp's rate limit — sending in 12 s"));
        assert_eq!(text(&n, 6_000).as_deref(), Some("Waiting for HostUp's rate limit — sending in 7 s"));
        assert_eq!(text(&n, 20_000).as_deref(), Some("Waiting for HostUp's rate limit — sending now…"));
        let n = notice_for(&ClientEvent::Retrying { attempt: 1, delay_ms: 1000, status: Some(429) }, 0);
        assert_eq!(text(&n, 0).as_deref(), Some("Rate limited — retrying in 1 s"));
        let n = notice_for(&ClientEvent::Retrying { attempt: 2, delay_ms: 500, status: Some(503) }, 0);
        assert_eq!(text(&n, 0).as_deref(), Some("Connection trouble — retrying…"));
        assert_eq!(notice_for(&ClientEvent::Recovered, 0), Notice::Clear);
        assert_eq!(notice_text(&Notice::Clear, 0), None);
    }
}
