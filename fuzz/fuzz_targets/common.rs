//! Shared by the targets: the text framing of a fuzz input as an HTTP response.
//!
//! ```text
//! <first line>\n          (target-specific: "<status>" or "<endpoint> <status>")
//! <name>: <value>\n       (zero or more headers)
//! \n
//! <body bytes>
//! ```
//! An input without the blank line is all body. Seeds are written in this form (fuzz/corpus/*).
#![allow(dead_code)]

use hostup_core::Response;

/// Splits `data` into its first line, headers and body.
pub fn frame(data: &[u8]) -> (String, Vec<(String, String)>, Vec<u8>) {
    let Some(split) = data.windows(2).position(|w| w == b"\n\n") else {
        return (String::new(), Vec::new(), data.to_vec());
    };
    let head = String::from_utf8_lossy(&data[..split]);
    let body = data[split + 2..].to_vec();
    let mut lines = head.split('\n');
    let first = lines.next().unwrap_or_default().to_owned();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim_start().to_owned()))
        .collect();
    (first, headers, body)
}

/// A status from text (`"202"`), or `fallback`.
pub fn status(text: &str, fallback: u16) -> u16 {
    text.trim().parse().unwrap_or(fallback)
}

/// A response from the framed input; the first line's last word is the status.
pub fn response(data: &[u8]) -> (String, Response) {
    let (first, headers, body) = frame(data);
    let status = status(first.split_whitespace().last().unwrap_or(""), 200);
    (first, Response { status, headers, body })
}

/// A JSON pointer as the core produces them: empty, or starting with '/'.
pub fn is_pointer(p: &str) -> bool {
    p.is_empty() || p.starts_with('/')
}
