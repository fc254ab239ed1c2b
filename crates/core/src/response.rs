//! The one response gate every endpoint uses: status check → content-type check → parse (tame-gcs `response.rs`).

use crate::headers::{retry_after, RateLimitInfo};
use crate::http::Response;
use crate::problem::{safe_snippet, ApiError, Problem};
use crate::types::OperationEnvelope;
use crate::{Error, Operation};
use serde::de::DeserializeOwned;

/// The largest body the parsers accept (16 MiB): far above 10,000 backups (~2.5 MB), far below memory trouble.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Parses a success body into `T`, or turns an error status into [`Error::Api`].
pub(crate) fn parse_json<T: DeserializeOwned>(resp: &Response) -> Result<T, Error> {
    check(resp)?;
    let mut de = serde_json::Deserializer::from_slice(&resp.body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| decode_error(resp.status, e))?;
    de.end().map_err(|e| Error::Decode { status: resp.status, pointer: String::new(), message: e.to_string() })?;
    Ok(value)
}

/// Like [`parse_json`], for a single object that may arrive bare or wrapped as `{ "<key>": {...} }` (inferred shapes).
pub(crate) fn parse_wrapped<T: DeserializeOwned>(resp: &Response, key: &str) -> Result<T, Error> {
    let value: serde_json::Value = parse_json(resp)?;
    let (inner, prefix) = match value {
        serde_json::Value::Object(mut map) if map.get(key).is_some_and(|v| v.is_object()) => {
            (map.remove(key).unwrap_or_default(), format!("/{key}"))
        }
        other => (other, String::new()),
    };
    serde_path_to_error::deserialize(inner).map_err(|e| {
        let Error::Decode { status, pointer, message } = decode_error(resp.status, e) else { unreachable!() };
        Error::Decode { status, pointer: format!("{prefix}{pointer}"), message }
    })
}

/// An operation envelope, or `None` for a success without a body (a `204`, inferred for deletes).
pub(crate) fn parse_optional_operation(resp: &Response) -> Result<Option<Operation>, Error> {
    check(resp)?;
    if resp.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    parse_json::<OperationEnvelope>(resp).map(|e| Some(e.operation))
}

/// A success status with no body expected (a `204`); any body is ignored.
pub(crate) fn parse_empty(resp: &Response) -> Result<(), Error> {
    check(resp)
}

/// Status and size gate: a 2xx passes, anything else becomes the typed API error.
pub fn check(resp: &Response) -> Result<(), Error> {
    if resp.body.len() > MAX_BODY_BYTES {
        return Err(Error::TooLarge { len: resp.body.len(), max: MAX_BODY_BYTES });
    }
    if (200..300).contains(&resp.status) {
        return Ok(());
    }
    Err(Error::Api(Box::new(api_error(resp))))
}

/// Builds the typed API error of an error response: a problem document when the body is one, a safe snippet otherwise.
pub fn api_error(resp: &Response) -> ApiError {
    let is_json = resp.header("Content-Type").is_some_and(|ct| ct.to_ascii_lowercase().contains("json"));
    let problem = if is_json || resp.body.first() == Some(&b'{') {
        serde_json::from_slice::<Problem>(&resp.body).ok()
    } else {
        None
    };
    let (problem, snippet) = match problem {
        Some(p) => (p, None),
        None => (Problem::default(), Some(safe_snippet(&resp.body))),
    };
    let code = problem.code.clone().unwrap_or_else(|| format!("http_{}", resp.status));
    ApiError {
        status: resp.status,
        code,
        problem,
        snippet,
        retry_after: retry_after(resp),
        rate_limit: RateLimitInfo::from_response(resp),
    }
}

fn decode_error<E: std::fmt::Display>(status: u16, e: serde_path_to_error::Error<E>) -> Error {
    let mut pointer = String::new();
    for seg in e.path().iter() {
        use serde_path_to_error::Segment;
        match seg {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Segment::Enum { variant } => pointer.push_str(&format!("/{variant}")),
            Segment::Unknown => pointer.push_str("/?"),
        }
    }
    let message = e.inner().to_string();
    // serde names a missing field in its message; put it in the pointer too, so it names the exact path.
    if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
        pointer.push('/');
        pointer.push_str(field);
    }
    Error::Decode { status, pointer, message }
}
