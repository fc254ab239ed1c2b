//! Plain request and response values. Core builds requests and parses responses; sending them is someone else's job.

use crate::validate::{codes, FieldError};
use std::fmt;

/// The production base URL (API.md "Basics").
pub const DEFAULT_BASE_URL: &str = "https://cloud.hostup.se";

/// HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// What kind of request this is, for the retry policy: only reads are retried on 5xx and network failures, writes
/// only on 429, and a restore never.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestKind {
    /// A GET: safe to repeat.
    Read,
    /// A POST that creates something (backup, snapshot, schedule): a repeat may duplicate it.
    Create,
    /// A restore: destructive, never repeated automatically.
    Restore,
    /// A PATCH.
    Update,
    /// A DELETE.
    Delete,
}

/// An API key. Its `Debug` never shows it, and it only ever leaves as the `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key. An empty or blank key is refused; a key with characters that cannot go in a header is refused.
    pub fn new(key: impl Into<String>) -> Result<Self, FieldError> {
        let key = key.into();
        if key.trim().is_empty() {
            return Err(FieldError::new("/apiKey", codes::MISSING_REQUIRED, "The API key is empty."));
        }
        if key.chars().any(|c| !(c.is_ascii_graphic())) {
            return Err(FieldError::new(
                "/apiKey",
                codes::INVALID_FORMAT,
                "The API key contains whitespace, control or non-ASCII characters.",
            ));
        }
        Ok(Self(key))
    }

    /// The key itself, for the transport that writes the header and for scrubbing it out of text.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey([redacted])")
    }
}

/// Where and how to talk to the API.
#[derive(Clone, Debug)]
pub struct Config {
    base_url: String,
    origin: String,
    api_key: Option<ApiKey>,
}

impl Config {
    /// A config for `base_url` (`https://cloud.hostup.se`, `http://127.0.0.1:8787`, or `""` for the page's own origin
    /// in a browser). Without a key, requests carry no `Authorization` (cookie sessions, API.md "Basics").
    pub fn new(base_url: &str, api_key: Option<ApiKey>) -> Result<Self, FieldError> {
        let base = base_url.trim_end_matches('/');
        let origin = if base.is_empty() {
            String::new()
        } else {
            let rest = base.strip_prefix("https://").or_else(|| base.strip_prefix("http://")).ok_or_else(|| {
                FieldError::new(
                    "/baseUrl",
                    codes::INVALID_FORMAT,
                    "The base URL must start with http:// or https:// (or be empty for the page's own origin).",
                )
            })?;
            let host_end = rest.find('/').unwrap_or(rest.len());
            let host = crate::text::span(rest, 0, host_end);
            if host.is_empty()
                || host.contains('@')
                || base.contains(['?', '#'])
                || base.chars().any(|c| c.is_whitespace() || c.is_control())
            {
                return Err(FieldError::new(
                    "/baseUrl",
                    codes::INVALID_FORMAT,
                    "The base URL must be scheme://host[:port][/path], with no credentials, query or fragment.",
                ));
            }
            crate::text::span(base, 0, base.len() - rest.len() + host_end).to_owned()
        };
        Ok(Self { base_url: base.to_owned(), origin, api_key })
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The base URL's origin (`scheme://host[:port]`), against which `pollUrl`s are resolved.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The key, if any.
    pub fn api_key(&self) -> Option<&ApiKey> {
        self.api_key.as_ref()
    }

    /// Builds a request with the contract's headers (seeds' order: `Authorization`, `Accept`, `Content-Type`).
    pub fn request(&self, method: Method, kind: RequestKind, path: String, body: Option<String>) -> Request {
        let url = if path.starts_with("/api/jobs/") {
            format!("{}{path}", self.origin)
        } else {
            format!("{}{path}", self.base_url)
        };
        let mut headers = Vec::with_capacity(3);
        if let Some(key) = &self.api_key {
            headers.push(("Authorization", format!("Bearer {}", key.expose())));
        }
        headers.push(("Accept", "application/json".to_owned()));
        if body.is_some() {
            headers.push(("Content-Type", "application/json".to_owned()));
        }
        Request { method, url, headers, body, kind }
    }
}

/// A request to send. Its `Debug` hides the `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The absolute URL (or origin-relative, with an empty base URL). Ids in it were validated and are path-safe.
    pub url: String,
    /// The headers to send, in order. Only `Authorization`, `Accept` and `Content-Type`.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body, if any.
    pub body: Option<String>,
    /// What kind of request this is, for the retry policy.
    pub kind: RequestKind,
}

impl Request {
    /// A header's value by name (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| (*k, if k.eq_ignore_ascii_case("authorization") { "[redacted]" } else { v.as_str() }))
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .field("kind", &self.kind)
            .finish()
    }
}

/// A received response: status, headers and the body's bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Headers as received (names in any case).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A header's value by name (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Percent-encodes a path segment. Validated ids need none of it; it is the second lock on the door.
pub(crate) fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
