//! RFC 7807 problem details (API.md "Errors") and the typed API error built from them.

use crate::headers::{RateLimitInfo, RetryAfter};
use crate::validate::FieldError;
use crate::wire::wire_struct;
use std::fmt;

wire_struct! {
    /// A problem-details document as the server sends it. Every field is optional on parse (tolerant); a problem without
    /// a `status` takes the HTTP status.
    #[derive(Default)]
    pub struct Problem {
        /// `https://developer.hostup.se/errors/<code>`.
        pub type_: Option<String> = "type",
        /// Short human summary.
        pub title: Option<String> = "title",
        /// HTTP status.
        pub status: Option<u16> = "status",
        /// Human explanation. Do not branch on it.
        pub detail: Option<String> = "detail",
        /// Stable machine-readable code: branch on this.
        pub code: Option<String> = "code",
        /// The request path.
        pub instance: Option<String> = "instance",
        /// The request id to quote to support.
        pub request_id: Option<String> = "requestId",
        /// When it happened.
        pub timestamp: Option<String> = "timestamp",
        /// Field errors (with `invalid_request`).
        pub errors: Vec<FieldError> = "errors" default Empty,
        /// Free-form extensions.
        pub extensions: Option<serde_json::Map<String, serde_json::Value>> = "extensions",
    }
}

/// An error answer from the API: a problem document, or a non-JSON body (an HTML 502 from a proxy) kept as a short,
/// safe snippet.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// The problem's `code`, or `http_<status>` when the body was not a problem.
    pub code: String,
    /// The parsed problem (empty for a non-JSON body).
    pub problem: Problem,
    /// For a non-problem body: its first characters, whitespace folded, control characters and bearer tokens removed.
    pub snippet: Option<String>,
    /// `Retry-After`, when the response had one.
    pub retry_after: Option<RetryAfter>,
    /// The rate-limit headers, when present.
    pub rate_limit: RateLimitInfo,
}

impl ApiError {
    /// The request id, when the server gave one.
    pub fn request_id(&self) -> Option<&str> {
        self.problem.request_id.as_deref()
    }

    /// Field errors from `errors[]`.
    pub fn errors(&self) -> &[FieldError] {
        &self.problem.errors
    }

    /// The best short human text: `title` and `detail`, or the snippet.
    pub fn message(&self) -> String {
        let mut msg = format!("HostUp API error {}", self.status);
        match (&self.problem.title, &self.problem.detail) {
            (Some(t), Some(d)) => msg.push_str(&format!(" ({}): {t}. {d}", self.code)),
            (Some(t), None) => msg.push_str(&format!(" ({}): {t}", self.code)),
            (None, Some(d)) => msg.push_str(&format!(" ({}): {d}", self.code)),
            (None, None) => match &self.snippet {
                Some(s) if !s.is_empty() => msg.push_str(&format!(" (non-JSON response): {s}")),
                _ => msg.push_str(&format!(" ({})", self.code)),
            },
        }
        if let Some(id) = self.request_id() {
            msg.push_str(&format!(" [request {id}]"));
        }
        msg
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// The longest snippet of a non-problem error body kept for a message.
pub const SNIPPET_MAX: usize = 160;

/// A short, safe excerpt of a body for an error message: tags dropped, whitespace folded, control characters gone,
/// `Bearer …` tokens redacted, at most 160 characters (`SNIPPET_MAX`).
pub fn safe_snippet(body: &[u8]) -> String {
    let text = crate::text::lossy(&body[..body.len().min(4096)]);
    let mut out = String::new();
    let mut in_tag = false;
    let mut last_space = true;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                if !last_space {
                    out.push(' ');
                    last_space = true;
                }
            }
            _ if in_tag => {}
            c if c.is_whitespace() || c.is_control() => {
                if !last_space {
                    out.push(' ');
                    last_space = true;
                }
            }
            c => {
                out.push(c);
                last_space = false;
            }
        }
    }
    let redacted = redact_bearer(out.trim());
    let mut snippet: String = redacted.chars().take(SNIPPET_MAX).collect();
    if redacted.chars().count() > SNIPPET_MAX {
        snippet.push('…');
    }
    snippet
}

/// Replaces the token after every `Bearer ` (any case) with `[redacted]`.
pub fn redact_bearer(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let is_end = |c: char| c.is_whitespace() || c == '"' || c == '\'';
    let (span, tail) = (crate::text::span, crate::text::tail);
    while let Some(pos) = crate::text::find(tail(&lower, i), "bearer ") {
        let from = i + pos + "bearer ".len();
        out.push_str(span(text, i, from));
        // The token is the next word past extra spaces and words that end in "bearer": "Bearer Bearer sk_…",
        // "Bearer xBearer sk_…" and "Bearer  sk_…" (found by fuzzing) hid the token behind the first word.
        let mut start;
        let mut end = from;
        loop {
            start = end + (tail(text, end).len() - tail(text, end).trim_start_matches(' ').len());
            end = tail(text, start).find(is_end).map_or(text.len(), |e| start + e);
            if end == start || !span(&lower, start, end).ends_with("bearer") {
                break;
            }
        }
        if end > start {
            out.push_str("[redacted]");
        } else {
            out.push_str(span(text, from, end));
        }
        i = end;
    }
    out.push_str(tail(text, i));
    out
}
