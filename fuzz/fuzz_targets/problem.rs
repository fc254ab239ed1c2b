//! The problem-details parser (`api_error`) and the snippet of a non-JSON error body, over an arbitrary status,
//! headers and body (first line `<status>`). Oracles: no panic; the status and `Retry-After` are carried; a snippet is
//! short and free of control characters; a bearer token planted in a non-JSON body never reaches the snippet.
#![no_main]

#[path = "common.rs"]
mod common;

use hostup_core::{api_error, redact_bearer, retry_after, safe_snippet};
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "sk_live_FUZZSECRET0123";
/// `hostup_core::problem::SNIPPET_MAX` (not exported).
const SNIPPET_MAX: usize = 160;

fn check_snippet(s: &str) {
    assert!(s.chars().count() <= SNIPPET_MAX + 1, "snippet too long: {s:?}");
    assert!(!s.chars().any(char::is_control), "control character in {s:?}");
}

fuzz_target!(|data: &[u8]| {
    let (first, mut resp) = common::response(data);
    resp.status = common::status(&first, 500);
    let err = api_error(&resp);
    assert_eq!(err.status, resp.status);
    assert!(!err.code.is_empty());
    assert_eq!(err.retry_after, retry_after(&resp));
    if let Some(s) = &err.snippet {
        check_snippet(s);
    }
    let _ = err.message();
    let _ = format!("{err:?}");

    // A proxy page echoing the Authorization header: the token never survives into the snippet.
    let split = data.len() / 2;
    let planted: Vec<u8> = [&data[..split], b"Bearer ", SECRET.as_bytes(), b" ", &data[split..]].concat();
    let snippet = safe_snippet(&planted);
    check_snippet(&snippet);
    assert!(!snippet.contains(SECRET), "token leaked into {snippet:?}");
    let text = String::from_utf8_lossy(&planted);
    let redacted = redact_bearer(&text);
    assert!(!redacted.contains(SECRET), "token leaked into {redacted:?}");
});
