//! The one response gate every endpoint uses: status check → content-type check → parse (tame-gcs `response.rs`).

use crate::headers::{retry_after, RateLimitInfo};
use crate::http::Response;
use crate::problem::{safe_snippet, ApiError, Problem};
use crate::shape::{read_wire, read_wire_reporting, Wire};
use crate::wire::Output;
use crate::{Drift, Error};

/// The largest body the parsers accept (16 MiB): far above 10,000 backups (~2.5 MB), far below memory trouble.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Reads a success body the way `wire` describes it: status gate, JSON, the shape walker (reporting drift when
/// `endpoint` is named), then the typed reader. The one read path of every endpoint.
pub(crate) fn read<T: Output>(
    resp: &Response,
    wire: Wire,
    endpoint: Option<&'static str>,
) -> Result<(T, Vec<Drift>), Error> {
    check(resp)?;
    let mut drift = Vec::new();
    let blank = resp.body.iter().all(u8::is_ascii_whitespace);
    if matches!(wire, Wire::Empty) || (matches!(wire, Wire::OptionalOperation) && blank) {
        return Ok((T::from_checked::<&serde_json::Value>(None), drift));
    }
    let value: serde_json::Value = serde_json::from_slice(&resp.body).map_err(|e| decode_error(resp, &e))?;
    let checked = match endpoint {
        Some(name) => {
            let mut sink = crate::drift::collector(name, &mut drift);
            read_wire_reporting(Some(&value), wire, &mut |_, _, _| {}, &mut sink)
        }
        None => read_wire(Some(&value), wire, &mut |_, _, _| {}),
    };
    let checked = checked.map_err(|e| Error::Decode { status: resp.status, pointer: e.pointer, message: e.message })?;
    Ok((T::from_checked(checked), drift))
}

/// Status and size gate: a 2xx passes, anything else becomes the typed API error.
pub fn check(resp: &Response) -> Result<(), Error> {
    check_with(resp, read_problem)
}

/// [`check`] with the problem document read by `problem` (the npm package reads it with the engine's `JSON.parse`
/// and [`crate::shape::problem_document`]).
pub fn check_with(resp: &Response, problem: impl FnOnce(&Response) -> Option<Problem>) -> Result<(), Error> {
    if resp.body.len() > MAX_BODY_BYTES {
        return Err(Error::TooLarge { len: resp.body.len(), max: MAX_BODY_BYTES });
    }
    if is_success(resp.status) {
        return Ok(());
    }
    Err(Error::Api(Box::new(api_error_with(resp, problem))))
}

/// Whether a status is a success, whose body is the endpoint's output (2xx); any other is an API error.
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// A problem document: JSON that passes [`Problem`]'s shape.
fn read_problem(resp: &Response) -> Option<Problem> {
    let value = serde_json::from_slice::<serde_json::Value>(&resp.body).ok()?;
    crate::shape::problem_document(&value)
}

/// Builds the typed API error of an error response: a problem document when the body is one, a safe snippet otherwise.
pub fn api_error(resp: &Response) -> ApiError {
    api_error_with(resp, read_problem)
}

/// [`api_error`] with the problem document read by `problem`.
pub fn api_error_with(resp: &Response, problem: impl FnOnce(&Response) -> Option<Problem>) -> ApiError {
    let is_json =
        resp.header("Content-Type").is_some_and(|ct| crate::text::find(&ct.to_ascii_lowercase(), "json").is_some());
    let problem = if is_json || resp.body.first() == Some(&b'{') { problem(resp) } else { None };
    let (problem, snippet) = match problem {
        Some(p) => (p, None),
        None => (Problem::default(), Some(safe_snippet(&resp.body))),
    };
    // An empty `code` is no code: callers branch on it, so it falls back like an absent one.
    let code = problem.code.clone().filter(|c| !c.is_empty()).unwrap_or_else(|| format!("http_{}", resp.status));
    ApiError {
        status: resp.status,
        code,
        problem,
        snippet,
        retry_after: retry_after(resp),
        rate_limit: RateLimitInfo::from_response(resp),
    }
}

/// A decode error whose pointer names where in the body parsing failed. serde_json reports a line and column; a small
/// scanner walks the body up to there and tracks the path (cheaper in wasm bytes than path-tracking deserializers).
fn decode_error(resp: &Response, e: &serde_json::Error) -> Error {
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
    let offset = byte_offset(&resp.body, e.line(), e.column());
    let pointer = pointer_at(&resp.body, offset);
    Error::Decode { status: resp.status, pointer, message }
}

/// A decode error for a body that stopped being valid JSON at byte `offset` (for readers that parse JSON themselves):
/// the pointer names the value being read there.
pub fn syntax_error(resp: &Response, offset: usize, message: String) -> Error {
    let pointer = pointer_at(&resp.body, offset.min(resp.body.len()));
    Error::Decode { status: resp.status, pointer, message }
}

/// Byte offset of serde_json's 1-based line and column (column counts bytes).
fn byte_offset(body: &[u8], line: usize, column: usize) -> usize {
    let mut current = 1;
    let mut start = 0;
    for (i, b) in body.iter().enumerate() {
        if current == line {
            break;
        }
        if *b == b'\n' {
            current += 1;
            start = i + 1;
        }
    }
    (start + column).min(body.len())
}

/// The JSON pointer of the value being read at `offset` (where a body stopped being valid JSON).
fn pointer_at(body: &[u8], offset: usize) -> String {
    enum Frame {
        Object { key: Option<String>, at_key: bool },
        Array { index: usize },
    }
    let render = |stack: &[Frame]| {
        let mut p = String::new();
        for f in stack {
            match f {
                Frame::Object { key: Some(k), .. } => {
                    p.push('/');
                    p.push_str(&crate::text::escape_pointer(k));
                }
                Frame::Object { key: None, .. } => {}
                Frame::Array { index } => p.push_str(&format!("/{index}")),
            }
        }
        p
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < offset {
        match body[i] {
            b'{' => stack.push(Frame::Object { key: None, at_key: true }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { at_key, .. }) = stack.last_mut() {
                    *at_key = false;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { at_key, .. }) => *at_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'"' => {
                let begin = i + 1;
                i += 1;
                while i < body.len() && body[i] != b'"' {
                    i += if body[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object { key, at_key: true }) = stack.last_mut() {
                    let raw = &body[begin..i.min(body.len())];
                    *key = Some(unescape(raw));
                }
            }
            _ => {}
        }
        i += 1;
    }
    render(&stack)
}

/// A JSON string's content with its escapes decoded (`\uXXXX` pairs included); a broken escape reads as U+FFFD.
/// Only for naming keys in pointers: the JSON itself was parsed elsewhere.
fn unescape(raw: &[u8]) -> String {
    let text = crate::text::lossy(raw);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    let hex = |chars: &mut std::str::Chars<'_>| -> Option<u32> {
        let digits: String = chars.by_ref().take(4).collect();
        u32::from_str_radix(&digits, 16).ok().filter(|_| digits.len() == 4)
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let decoded = match chars.next() {
            Some('n') => Some('\n'),
            Some('t') => Some('\t'),
            Some('r') => Some('\r'),
            Some('b') => Some('\u{8}'),
            Some('f') => Some('\u{c}'),
            Some('u') => match hex(&mut chars) {
                Some(hi @ 0xD800..=0xDBFF) => {
                    let mut rest = chars.clone();
                    let lo = (rest.next() == Some('\\') && rest.next() == Some('u')).then(|| hex(&mut rest)).flatten();
                    match lo {
                        Some(lo @ 0xDC00..=0xDFFF) => {
                            chars = rest;
                            char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                        }
                        _ => None,
                    }
                }
                Some(u) => char::from_u32(u),
                None => None,
            },
            other => other,
        };
        out.push(decoded.unwrap_or('\u{fffd}'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn keys_in_pointers_are_decoded_as_json_decodes_them() {
        for raw in [r"id", r"\u0069d", r"a\/b", r#"q\"uote"#, r"tab\there", r"\ud83d\ude00x", r"caf\u00e9", r"\\"] {
            let json: String = serde_json::from_str(&format!("\"{raw}\"")).unwrap();
            assert_eq!(unescape(raw.as_bytes()), json, "{raw}");
        }
        // Broken escapes never panic; they read as U+FFFD.
        assert_eq!(unescape(br"\ud83dx"), "\u{fffd}x");
        assert_eq!(unescape(br"\u12"), "\u{fffd}");
        assert_eq!(unescape(br"\udc00"), "\u{fffd}");
    }
}
