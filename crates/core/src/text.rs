//! Substring search by a plain scan. The standard library's `str::find(&str)` brings its two-way searcher (~3 KB of
//! wasm); the needles here are short and the texts are headers, messages and error strings.

/// The byte offset of the first `needle` in `hay`.
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    // A UTF-8 needle can only match at a character boundary, so the offset is one.
    hay.as_bytes().windows(needle.len()).position(|w| w == needle.as_bytes())
}

/// `s[from..to]`, or `""` where that is not a character range. Slicing a `str` with `[..]` links the standard
/// library's boundary-error formatter (char `Debug`, Unicode printability tables: ~5 KB of wasm); the offsets here
/// come from [`find`] and ASCII needles, so they are always boundaries.
pub fn span(s: &str, from: usize, to: usize) -> &str {
    s.get(from..to).unwrap_or("")
}

/// `s[from..]`, or `""` where `from` is not a character boundary (see [`span`]).
pub fn tail(s: &str, from: usize) -> &str {
    s.get(from..).unwrap_or("")
}

/// `bytes` as text, each invalid UTF-8 sequence replaced by U+FFFD, exactly as `String::from_utf8_lossy` does; built on
/// `str::from_utf8`, which the package links anyway, instead of the standard library's chunk iterator (~1 KB of wasm).
pub fn lossy(mut bytes: &[u8]) -> String {
    let mut out = String::new();
    loop {
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                out.push_str(text);
                return out;
            }
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push('\u{FFFD}');
                match e.error_len() {
                    Some(len) => bytes = rest.get(len..).unwrap_or_default(),
                    None => return out,
                }
            }
        }
    }
}

/// `hay` with every `needle` replaced by `with`.
pub fn replace_all(hay: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(hay.len());
    let mut rest = hay;
    while let Some(i) = find(rest, needle).filter(|_| !needle.is_empty()) {
        out.push_str(span(rest, 0, i));
        out.push_str(with);
        rest = tail(rest, i + needle.len());
    }
    out.push_str(rest);
    out
}

/// Replaces every `secret` in `s` with `[redacted]` (nothing for an empty secret): how every string a server supplied
/// is scrubbed of the API key before it reaches a caller.
pub fn redact_in(s: &mut String, secret: &str) {
    if !secret.is_empty() && find(s, secret).is_some() {
        *s = replace_all(s, secret, "[redacted]");
    }
}

/// A key as a JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::{find, replace_all};

    #[test]
    fn decodes_lossily_like_the_standard_library() {
        let cases: [&[u8]; 9] = [
            b"",
            b"plain",
            "h\u{e9}llo \u{1F600}".as_bytes(),
            b"a\xffb",
            b"\xf0\x9f\x98",
            b"x\xe2\x82",
            b"\xc3\x28\xa0\xa1\xed\xa0\x80\xf4\x90\x80\x80z",
            b"\xe0\x80\xaf\xc0\xaf",
            b"ok\xf8\x88\x80\x80\x80end",
        ];
        for bytes in cases {
            assert_eq!(super::lossy(bytes), String::from_utf8_lossy(bytes), "{bytes:?}");
        }
    }

    #[test]
    fn finds_and_replaces_like_the_standard_library() {
        for (hay, needle) in [("abc", "c"), ("aaa", "aa"), ("", "x"), ("x", ""), ("héllo wörld", "wö"), ("ab", "abc")]
        {
            assert_eq!(find(hay, needle), hay.find(needle), "{hay:?} {needle:?}");
            assert_eq!(
                replace_all(hay, needle, "[r]"),
                if needle.is_empty() { hay.to_owned() } else { hay.replace(needle, "[r]") }
            );
        }
    }
}
